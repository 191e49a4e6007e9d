import Testing
@testable import RulesEngine

/// The agenda: salience, the rule-id tie break, chaining, deactivation, refraction, the firing
/// limit and conflicts.
@Suite("Forward chaining")
struct ChainingTests {
    static let facts = """
    {"facts": [
      {"name": "start", "type": "bool", "input": true},
      {"name": "level", "type": "number", "input": true},
      {"name": "d1", "type": "bool"}, {"name": "d2", "type": "bool"},
      {"name": "d3", "type": "bool"}, {"name": "d4", "type": "bool"},
      {"name": "risk", "type": "enum", "values": ["low", "high"]},
      {"name": "amount", "type": "number"},
      {"name": "tags", "type": "list"}
     ],
     "options": ["online", "store"],
     "warnings": [{"id": "w", "severity": "low"}, {"id": "x", "severity": "high"}]}
    """

    static let started = #"{"fact": "start", "op": "==", "value": true}"#

    static func isTrue(_ fact: String) -> String { #"{"fact": "\#(fact)", "op": "==", "value": true}"# }

    /// One rule as JSON.
    static func rule(_ id: String, salience: Int? = nil, when: String? = nil, then: String) -> String {
        var s = #"{"id": "\#(id)", "description": "rule \#(id)""#
        if let salience { s += #", "salience": \#(salience)"# }
        if let when { s += #", "when": \#(when)"# }
        return s + #", "then": [\#(then)]}"#
    }

    static func rules(_ rules: String...) -> String {
        #"{"rules": [\#(rules.joined(separator: ",\n"))]}"#
    }

    static func compile(_ rules: String...) throws -> CompiledRuleSet {
        try Engine.compile(Self.facts, #"{"rules": [\#(rules.joined(separator: ",\n"))]}"#)
    }

    static let warn = #"{"warn": "w"}"#

    // MARK: - Salience and the tie break

    @Test func firesHigherSalienceFirst() throws {
        let set = try Self.compile(
            Self.rule("low", salience: -5, when: Self.started, then: Self.warn),
            Self.rule("mid", salience: 1, when: Self.started, then: Self.warn),
            Self.rule("high", salience: 10, when: Self.started, then: Self.warn),
            Self.rule("zero", when: Self.started, then: Self.warn))
        #expect(try Engine.evaluate(set, ["start": .bool(true)]).firedRules == ["high", "mid", "zero", "low"])
    }

    @Test func breaksSalienceTiesByRuleIDAscending() throws {
        let set = try Self.compile(
            Self.rule("b", when: Self.started, then: Self.warn),
            Self.rule("a2", when: Self.started, then: Self.warn),
            Self.rule("c", salience: 1, when: Self.started, then: Self.warn),
            Self.rule("A", when: Self.started, then: Self.warn),
            Self.rule("a", when: Self.started, then: Self.warn),
            Self.rule("a10", when: Self.started, then: Self.warn))
        // Code-point order: upper case before lower case, a prefix before its extensions, "a10" before "a2".
        #expect(try Engine.evaluate(set, ["start": .bool(true)]).firedRules == ["c", "A", "a", "a10", "a2", "b"])
    }

    /// Rules spread over four files, with equal saliences, chains and every kind of action.
    static let spread: [String] = [
        rules(
            rule("c-start", when: started, then: #"{"derive": "d1", "value": true}, {"score": "online", "add": 1}"#),
            rule("b-start", when: started, then: #"{"derive": "d2", "value": true}, {"warn": "w"}"#)),
        rules(
            rule("a-d1", when: #"{"all": [\#(isTrue("d1")), \#(isTrue("d2"))]}"#, then: #"{"derive": "d3", "value": true}"#),
            rule("z-level", salience: 5, when: #"{"fact": "level", "op": ">", "value": 3}"#,
                 then: #"{"derive": "risk", "value": "high"}, {"block": "store", "reason": "too-high"}"#)),
        rules(
            rule("y-risk", when: #"{"fact": "risk", "op": "==", "value": "high"}"#, then: #"{"warn": "x"}, {"score": "store", "subtract": 2}"#),
            rule("d-d3", salience: -1, when: #"{"all": [\#(isTrue("d3")), {"not": {"fact": "risk", "op": "==", "value": "low"}}]}"#,
                 then: #"{"derive": "tags", "value": ["b", "a"]}"#)),
        #"{"rules": [\#(rule("e-unknown", when: #"{"fact": "amount", "op": ">", "value": 1}"#, then: #"{"warn": "w"}"#))]}"#,
    ]

    static func trace(_ result: EvaluationResult) -> [String] {
        result.trace.map { step in
            step.rule + step.derived.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
        }
    }

    @Test func chainsDerivedFactsInPriorityOrder() throws {
        let set = try Engine.compile(Self.facts, Self.spread[0], Self.spread[1], Self.spread[2], Self.spread[3])
        let result = try Engine.evaluate(set, ["start": .bool(true), "level": .number(5)])
        // z-level (salience 5) first; then the salience-0 rules by id as they become true: a-d1
        // becomes true only when c-start has derived d1, yet fires before y-risk, which has been
        // waiting since z-level fired; d-d3 (salience -1) last.
        #expect(Self.trace(result) == [
            "z-level risk=\"high\"",
            "b-start d2=true",
            "c-start d1=true",
            "a-d1 d3=true",
            "y-risk",
            "d-d3 tags=[\"a\", \"b\"]",
        ])
    }

    @Test func givesTheSameResultWhateverTheOrderOfFilesAndRules() throws {
        let reference = try Engine.compile(Self.facts, Self.spread[0], Self.spread[1], Self.spread[2], Self.spread[3])
        let input: [String: Value] = ["start": .bool(true), "level": .number(5)]
        let expected = try Engine.evaluate(reference, values: input)
        var orders = 0
        for permutation in Self.permutations(of: Array(Self.spread.indices)) {
            for reverseRules in [false, true] {
                let documents = ([Self.facts] + permutation.map { Self.spread[$0] }).enumerated().map { index, text in
                    // Rules in reverse order inside each file, too.
                    (path: "file\(index).json", text: reverseRules ? Self.reversingRules(text) : text)
                }
                let set = try Engine.compile(documents: documents)
                let result = try Engine.evaluate(set, values: input)
                #expect(result.trace == expected.trace)
                #expect(result.warnings == expected.warnings)
                #expect(result.score(of: "online") == expected.score(of: "online"))
                #expect(result.score(of: "store") == expected.score(of: "store"))
                #expect(result.blocks(of: "store").map(\.rule) == expected.blocks(of: "store").map(\.rule))
                #expect(result.missingFacts() == expected.missingFacts())
                #expect(set.rules.map(\.id) == reference.rules.map(\.id))
                orders += 1
            }
        }
        #expect(orders == 48)
    }

    static func permutations(of items: [Int]) -> [[Int]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { i in
            var rest = items
            let first = rest.remove(at: i)
            return permutations(of: rest).map { [first] + $0 }
        }
    }

    /// The same document with its top-level rules in reverse order.
    static func reversingRules(_ text: String) -> String {
        let prefix = #"{"rules": ["#
        guard text.hasPrefix(prefix), text.hasSuffix("]}") else { return text }
        let body = text.dropFirst(prefix.count).dropLast(2)
        return prefix + body.components(separatedBy: ",\n").reversed().joined(separator: ",\n") + "]}"
    }

    // MARK: - Chaining and deactivation

    @Test func aDerivedFactActivatesTheRulesThatReadIt() throws {
        let set = try Self.compile(
            Self.rule("early", salience: 3, when: Self.started, then: #"{"derive": "d1", "value": true}"#),
            Self.rule("waiting", salience: 1, when: Self.started, then: Self.warn),
            Self.rule("late", salience: 2, when: Self.isTrue("d1"), then: #"{"derive": "d2", "value": true}"#),
            Self.rule("last", salience: 9, when: Self.isTrue("d2"), then: #"{"derive": "d3", "value": true}"#))
        let result = try Engine.evaluate(set, ["start": .bool(true)])
        // "late" is activated by "early" and fires before "waiting", which was on the agenda from the start;
        // "last", the highest salience, fires as soon as "late" has derived d2.
        #expect(result.firedRules == ["early", "late", "last", "waiting"])
        #expect(result.value(of: "d3") == .bool(true))
        // Without the input, nothing starts the chain.
        #expect(try Engine.evaluate(set, ["start": .bool(false)]).firedRules == [])
    }

    @Test func aDerivedFactDeactivatesARuleThatHasNotFiredYet() throws {
        let set = try Self.compile(
            Self.rule("guard", salience: 10, when: Self.started, then: #"{"derive": "d1", "value": true}"#),
            Self.rule("fallback", when: #"{"fact": "d1", "op": "unknown"}"#, then: Self.warn),
            Self.rule("pending", when: #"{"all": [\#(Self.started), {"not": \#(Self.isTrue("d1"))}]}"#, then: #"{"warn": "x"}"#))
        let guarded = try Engine.evaluate(set, ["start": .bool(true)])
        #expect(guarded.firedRules == ["guard"])
        #expect(guarded.outcome(of: "fallback") == .false)
        #expect(guarded.outcome(of: "pending") == .false)
        #expect(guarded.warnings.isEmpty)
        let unguarded = try Engine.evaluate(set, ["start": .bool(false)])
        #expect(unguarded.firedRules == ["fallback"])
        #expect(unguarded.outcome(of: "pending") == .false)
    }

    @Test func aRuleWithoutAConditionAlwaysFires() throws {
        let set = try Self.compile(Self.rule("always", then: Self.warn), Self.rule("never", when: Self.started, then: Self.warn))
        #expect(try Engine.evaluate(set).firedRules == ["always"])
        #expect(try Engine.evaluate(set).outcome(of: "never") == .unknown)
    }

    // MARK: - Refraction

    @Test func aRuleFiresAtMostOncePerEvaluation() throws {
        let set = try Self.compile(
            Self.rule("r1", when: Self.started, then: #"{"derive": "d1", "value": true}"#),
            Self.rule("r2", when: Self.isTrue("d1"), then: #"{"derive": "d2", "value": true}"#),
            Self.rule("again", when: #"{"any": [\#(Self.started), \#(Self.isTrue("d1")), \#(Self.isTrue("d2"))]}"#,
                      then: #"{"warn": "w"}, {"score": "online", "add": 1}"#))
        let evaluator = Evaluator(set)
        let input = try Engine.facts(["start": .bool(true)], for: set)
        for _ in 0..<3 {
            // Still true after d1 and d2 are derived, "again" does not fire a second time; and
            // each evaluation with the same evaluator starts afresh.
            let result = try evaluator.evaluate(input)
            #expect(result.firedRules == ["again", "r1", "r2"])
            #expect(result.score(of: "online") == 1)
            #expect(result.warnings == [.init(id: "w", severity: .low, rules: ["again"])])
        }
    }

    @Test func anEvaluatorForgetsThePreviousInput() throws {
        let set = try Self.compile(
            Self.rule("r1", when: Self.started, then: #"{"derive": "d1", "value": true}, {"score": "online", "add": 2}"#),
            Self.rule("r2", when: #"{"fact": "d1", "op": "unknown"}"#, then: #"{"block": "store", "reason": "no-d1"}"#))
        let evaluator = Evaluator(set)
        let on = try Engine.facts(["start": .bool(true)], for: set)
        let off = try Engine.facts(["start": .bool(false)], for: set)
        for _ in 0..<2 {
            let a = try evaluator.evaluate(on)
            #expect(a.firedRules == ["r1"])
            #expect(a.value(of: "d1") == .bool(true))
            #expect(a.score(of: "online") == 2)
            #expect(!a.isBlocked("store"))
            let b = try evaluator.evaluate(off)
            #expect(b.firedRules == ["r2"])
            #expect(b.value(of: "d1") == nil)
            #expect(b.score(of: "online") == 0)
            #expect(b.isBlocked("store"))
        }
    }
}
