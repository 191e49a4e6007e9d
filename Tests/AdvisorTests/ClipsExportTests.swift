import Advisor
import RulesEngine
import Testing

/// The CLIPS export's structure (its behaviour beside advisor's is `Clips/check`'s to compare).
@Suite struct ClipsExportTests {
    let kb = shippedKnowledgeBase

    /// The text of the defrule named `id`, from its name to its closing line.
    func defrule(_ id: String, in text: String) -> String? {
        guard let start = text.range(of: "(defrule \(id) ") else { return nil }
        let rest = text[start.lowerBound...]
        guard let end = rest.range(of: "\n)\n") else { return nil }
        return String(rest[..<end.upperBound])
    }

    @Test func theShippedRulesExportWhole() {
        let out = ClipsExport.program(kb)
        #expect(out.diagnostics.isEmpty, "\(out.diagnostics)")
        #expect(out.text.hasPrefix(";;; The rule set as a CLIPS program: \(kb.ruleSet.facts.count) facts, \(kb.ruleSet.rules.count) rules"))
    }

    /// Each rule is a defrule whose salience is its place in the engine's firing priority
    /// (salience, then id), with its salience in Rules/ in the comment above it.
    @Test func everyRuleIsADefruleInFiringOrder() throws {
        let text = ClipsExport.program(kb).text
        var previous = Int.max
        for (rank, rule) in kb.ruleSet.rules.enumerated() {
            let body = try #require(defrule(rule.id, in: text), "no defrule \(rule.id)")
            let salience = 9_999 - rank
            #expect(body.contains("(declare (salience \(salience)))"), "\(rule.id)")
            #expect(salience < previous)
            previous = salience
            #expect(text.contains(";; \(rule.id): salience \(rule.salience) in Rules/, number \(rank + 1) in firing priority\n(defrule \(rule.id) "))
            // Refraction: a guard and the fact that sets it.
            #expect(body.contains("(not (fired (p ?p) (rule \"\(rule.id)\")))"))
            #expect(body.contains("(assert (fired (p ?p) (rule \"\(rule.id)\")))"))
            // One assertion per action.
            let asserts = body.components(separatedBy: "(assert (").count - 1
            #expect(asserts == rule.actions.count + 1, "\(rule.id)")
        }
        #expect(text.components(separatedBy: "\n(defrule ").count - 1 >= kb.ruleSet.rules.count)
    }

    @Test func everyFactIsATemplateAndEveryCarrierADeffacts() {
        let text = ClipsExport.program(kb).text
        for fact in kb.ruleSet.facts {
            let slot = fact.type == .list ? "(multislot value)" : "(slot value)"
            #expect(text.contains("(deftemplate fact.\(fact.name) \"") && text.contains("(slot p) \(slot))"), "\(fact.name)")
        }
        for id in kb.carrierIDs {
            #expect(text.contains("(deffacts carrier.\(id) \"the confirmed policy of \(id)\""), "\(id)")
            for entry in kb.carriers[id]!.policy {
                let fact = "(policy (carrier \"\(id)\") (fact \"policy.\(entry.field)\")"
                // A confirmed value is a fact; an uncertain one is left out (unknown) and named.
                #expect(text.contains(fact) == (entry.value != nil), "\(id) \(entry.field)")
            }
        }
        #expect(text.contains("(deffacts carrier.povo \"the confirmed policy of povo\"\n  (policy (carrier \"povo\") (fact \"policy.online\") (value TRUE))\n"))
    }

    /// `not` of a comparison over an unknown fact is unknown: the export matches its "false"
    /// case, a value that fails the test, never the fact's absence.
    @Test func notMatchesAKnownFalseOnly() throws {
        let rules = try compile(#"""
        {"facts": [{"name": "hasId", "type": "bool", "input": true}, {"name": "n", "type": "number", "input": true},
                   {"name": "langs", "type": "list", "input": true}],
         "warnings": [{"id": "w", "severity": "low"}], "options": ["a"],
         "rules": [
           {"id": "no-id", "description": "d", "when": {"not": {"fact": "hasId", "op": "==", "value": true}}, "then": [{"warn": "w"}]},
           {"id": "either", "description": "d", "salience": 5,
            "when": {"any": [{"fact": "n", "op": "unknown"}, {"not": {"all": [{"fact": "n", "op": ">", "value": 2}, {"fact": "langs", "op": "contains", "value": "zh"}]}}]},
            "then": [{"score": "a", "add": 2}, {"block": "a", "reason": "r"}]}]}
        """#)
        let text = ClipsExport.program(rules, policies: []).text
        let noID = try #require(defrule("no-id", in: text))
        #expect(noID.contains("(fact.hasId (p ?p) (value ?v1&:(not (eq ?v1 TRUE))))"))
        #expect(!noID.contains("(not (fact.hasId"))
        let either = try #require(defrule("either", in: text))
        #expect(either.contains("(declare (salience 9999))"))
        #expect(either.contains("(or (not (fact.n (p ?p))) (fact.n (p ?p) (value ?v1&:(not (> ?v1 2.0)))) (fact.langs (p ?p) (value $?v2&:(not (member$ \"zh\" ?v2)))))"))
        #expect(either.contains("(assert (score (p ?p) (option \"a\") (amount 2.0) (rule \"either\") (action 0)))"))
        #expect(either.contains("(assert (block (p ?p) (option \"a\") (reason \"r\") (rule \"either\") (action 1)))"))
        #expect(defrule("no-id", in: text)!.contains("(declare (salience 9998))"))
    }

    /// What CLIPS cannot hold is a diagnostic at its place, never dropped in silence.
    @Test func whatCannotBeExpressedIsReported() throws {
        let rules = try compile(#"""
        {"facts": [{"name": "has space", "type": "bool", "input": true}, {"name": "ok", "type": "bool", "input": true}],
         "warnings": [{"id": "w", "severity": "low"}],
         "rules": [
           {"id": "reads-a-bad-name", "description": "d", "when": {"fact": "has space", "op": "==", "value": true}, "then": [{"warn": "w"}]},
           {"id": "1st (rule)", "description": "d", "when": {"fact": "ok", "op": "==", "value": true}, "then": [{"warn": "w"}]},
           {"id": "fine", "description": "d", "when": {"fact": "ok", "op": "known"}, "then": [{"warn": "w"}]}]}
        """#)
        let out = ClipsExport.program(rules, policies: [])
        #expect(out.diagnostics.allSatisfy { $0.code == .notExpressible && $0.severity == .error })
        #expect(out.diagnostics.contains { $0.message.contains("'has space' cannot be part of a CLIPS template name") })
        #expect(out.diagnostics.contains { $0.ruleID == "1st (rule)" && $0.message.contains("cannot be a CLIPS rule name") })
        #expect(out.text.contains(";; reads-a-bad-name: not exported (see the diagnostics)"))
        #expect(defrule("fine", in: out.text) != nil)
    }

    func compile(_ json: String) throws -> CompiledRuleSet {
        let loaded = RuleSetLoader().load(documents: [(path: "t.json", text: json)])
        let output = RuleSetCompiler.compile(loaded)
        return try #require(output.compiled, "\(output.diagnostics)")
    }
}
