import Foundation
import RulesEngine

/// A small change to one rule, to see whether the fixtures notice: a fixture suite that still
/// passes with a rule removed, its condition negated, a constant moved or a comparison's
/// boundary flipped does not pin that rule down.
public struct Mutation: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The rule is removed.
        case removed
        /// The rule's condition is negated (`not`); a rule without a condition is skipped.
        case negated
        /// The number of the `comparison`-th comparison (depth first) moved by `by` (±1).
        case moved(comparison: Int, by: Double)
        /// The `comparison`-th comparison's boundary flipped: `<` and `<=`, `>` and `>=`.
        case flipped(comparison: Int)
        /// The rule's salience swapped with that of `with`, a rule of another salience that
        /// derives a fact this rule tests for being known or unknown (where order matters).
        case salienceSwapped(with: String)
    }

    public var rule: String
    public var kind: Kind
    public var location: SourceLocation
    /// The change in words, without its place: `rule 'r' removed`.
    public var change: String

    public var description: String { "\(location): \(change)" }
}

extension KnowledgeBase {
    /// The same knowledge base with other rules (compiled afresh); nil when they do not compile.
    public func replacingRules(_ rules: [Rule]) -> KnowledgeBase? {
        var set = source
        set.rules = rules
        guard let compiled = RuleSetCompiler.compile(set).compiled else { return nil }
        return KnowledgeBase(
            ruleSet: compiled, carriers: carriers, texts: texts, genericSteps: genericSteps,
            genericPortOutSteps: genericPortOutSteps, confirmedBy: confirmedBy, notices: notices, askFirst: askFirst,
            profileFields: profileFields, warningScope: warningScope, lexicon: lexicon,
            diagnostics: diagnostics, source: set, textLocations: textLocations, shownTexts: shownTexts)
    }

    /// Every mutation of every rule: each removed, each condition negated, each number a
    /// condition compares with moved up and down by one, each `<`, `<=`, `>`, `>=` flipped, and
    /// each salience swapped where the order of two rules matters.
    public var mutations: [Mutation] {
        var out: [Mutation] = []
        for rule in source.rules {
            out.append(Mutation(rule: rule.id, kind: .removed, location: rule.location, change: "rule '\(rule.id)' removed"))
            guard let condition = rule.condition else { continue }
            out.append(Mutation(rule: rule.id, kind: .negated, location: rule.location, change: "rule '\(rule.id)' with its condition negated"))
            for (i, c) in condition.comparisons.enumerated() {
                if case .value(.number(let n)) = c.operand {
                    for by in [1.0, -1.0] {
                        var moved = c
                        moved.operand = .value(.number(n + by))
                        out.append(Mutation(rule: rule.id, kind: .moved(comparison: i, by: by), location: c.location,
                                            change: "rule '\(rule.id)' with '\(Condition.compare(c).summary)' as '\(Condition.compare(moved).summary)'"))
                    }
                }
                if let flipped = Self.flip(c.op) {
                    var f = c
                    f.op = flipped
                    out.append(Mutation(rule: rule.id, kind: .flipped(comparison: i), location: c.location,
                                        change: "rule '\(rule.id)' with '\(Condition.compare(c).summary)' as '\(Condition.compare(f).summary)'"))
                }
            }
        }
        // A rule that holds while a fact is unknown can fire before the rule that derives it and
        // not after: their order matters. (A rule that needs the fact known waits for it, in
        // either order.)
        for tester in source.rules {
            let tested = tester.condition?.factsTestedUnknown ?? []
            guard !tested.isEmpty else { continue }
            for deriver in source.rules where deriver.id != tester.id && deriver.salience != tester.salience {
                let derives = deriver.actions.contains { if case .derive(let f, _) = $0.value { tested.contains(f) } else { false } }
                guard derives else { continue }
                out.append(Mutation(rule: tester.id, kind: .salienceSwapped(with: deriver.id), location: tester.location,
                                    change: "rule '\(tester.id)' with its salience (\(tester.salience)) swapped with '\(deriver.id)' (\(deriver.salience))"))
            }
        }
        return out
    }

    static func flip(_ op: ComparisonOperator) -> ComparisonOperator? {
        switch op {
        case .less: .lessOrEqual
        case .lessOrEqual: .less
        case .greater: .greaterOrEqual
        case .greaterOrEqual: .greater
        default: nil
        }
    }

    /// The knowledge base with one mutation applied.
    public func applying(_ mutation: Mutation) -> KnowledgeBase? {
        var rules = source.rules
        guard let i = rules.firstIndex(where: { $0.id == mutation.rule }) else { return nil }
        switch mutation.kind {
        case .removed: rules.remove(at: i)
        case .negated:
            guard let condition = rules[i].condition else { return nil }
            rules[i].condition = .not(condition, at: condition.location)
        case .moved(let k, let by):
            rules[i].condition = rules[i].condition?.replacingComparison(k) { c in
                var c = c
                if case .value(.number(let n)) = c.operand { c.operand = .value(.number(n + by)) }
                return c
            }
        case .flipped(let k):
            rules[i].condition = rules[i].condition?.replacingComparison(k) { c in
                var c = c
                c.op = Self.flip(c.op) ?? c.op
                return c
            }
        case .salienceSwapped(let other):
            guard let j = rules.firstIndex(where: { $0.id == other }) else { return nil }
            (rules[i].salience, rules[j].salience) = (rules[j].salience, rules[i].salience)
        }
        return replacingRules(rules)
    }
}

extension Condition {
    /// The facts whose being unknown can make the condition hold: tested with `unknown`, or
    /// with `known` under a `not`.
    var factsTestedUnknown: Set<String> {
        var out = Set<String>()
        func walk(_ c: Condition, negated: Bool) {
            switch c {
            case .all(let parts, _), .any(let parts, _): parts.forEach { walk($0, negated: negated) }
            case .not(let part, _): walk(part, negated: !negated)
            case .compare(let comparison):
                if (comparison.op == .unknown && !negated) || (comparison.op == .known && negated) { out.insert(comparison.fact) }
            }
        }
        walk(self, negated: false)
        return out
    }

    /// The condition with its `index`-th comparison (depth first, as ``comparisons`` lists them)
    /// replaced.
    func replacingComparison(_ index: Int, _ change: (Comparison) -> Comparison) -> Condition {
        var seen = 0
        func walk(_ c: Condition) -> Condition {
            switch c {
            case .all(let parts, let at): return .all(parts.map(walk), at: at)
            case .any(let parts, let at): return .any(parts.map(walk), at: at)
            case .not(let part, let at): return .not(walk(part), at: at)
            case .compare(let comparison):
                defer { seen += 1 }
                return seen == index ? .compare(change(comparison)) : c
            }
        }
        return walk(self)
    }
}

/// Mutants listed as equivalent: changes no profile can tell apart from the rules as they are,
/// each with the reason (`Fixtures/equivalent-mutants.json`).
public struct EquivalentMutants: Sendable {
    public static let fileName = "equivalent-mutants.json"
    /// The reason for each listed change (``Mutation/change``).
    public var reasons: [String: String] = [:]
    /// Where each listed change stands in the file.
    public var places: [String: SourceLocation] = [:]
    public var diagnostics: [Diagnostic] = []

    public init() {}

    /// Reads `{"equivalent": [{"mutant": CHANGE, "reason": TEXT}, ...]}`.
    public init(text: String, file: String) {
        var r = JSONReader(file: file)
        defer { diagnostics = r.diagnostics }
        guard let root = r.parse(text), let top = r.object(root, "", what: "the equivalent mutants", allowed: ["equivalent"], required: ["equivalent"]),
              let list = top["equivalent"] else { return }
        guard let items = list.node.arrayValue else {
            r.report(.wrongType, "'equivalent' must be a list", list.node, list.pointer)
            return
        }
        for (i, item) in items.enumerated() {
            let pointer = list.pointer + "/\(i)"
            guard let entry = r.object(item, pointer, what: "an equivalent mutant", allowed: ["mutant", "rule", "reason"], required: ["mutant", "reason"]),
                  let mutant = r.string(entry["mutant"], what: "'mutant'"), let reason = r.string(entry["reason"], what: "'reason'") else { continue }
            if reason.trimmingCharacters(in: .whitespaces).isEmpty {
                r.report(.invalidValue, "the mutant '\(mutant)' needs a reason why it is equivalent", item, pointer + "/reason")
            }
            reasons[mutant] = reason
            places[mutant] = r.location(of: item, pointer)
        }
    }
}

extension FixtureSuite {
    /// The mutations no fixture notices: with each applied, every fixture still passes.
    /// - Returns: the surviving mutations, and how many were tried.
    public func survivingMutations(of knowledgeBase: KnowledgeBase) -> (survivors: [Mutation], tried: Int) {
        var survivors: [Mutation] = []
        var tried = 0
        for mutation in knowledgeBase.mutations {
            guard let mutant = knowledgeBase.applying(mutation) else { continue }
            tried += 1
            let advisor = Advisor(mutant)
            if fixtures.allSatisfy({ FixtureSuite.run($0, with: advisor).passed }) { survivors.append(mutation) }
        }
        return (survivors, tried)
    }
}
