import Testing
@testable import RulesEngine

/// The two ways an evaluation fails: a firing limit reached, and a conflict between derivations.
@Suite("Firing limit and conflicts")
struct ConflictTests {
    static let facts = ChainingTests.facts
    static let started = ChainingTests.started
    static let warn = ChainingTests.warn

    static func isTrue(_ fact: String) -> String { ChainingTests.isTrue(fact) }

    static func rule(_ id: String, salience: Int? = nil, when: String? = nil, then: String) -> String {
        ChainingTests.rule(id, salience: salience, when: when, then: then)
    }

    static func compile(_ rules: String...) throws -> CompiledRuleSet {
        try Engine.compile(Self.facts, #"{"rules": [\#(rules.joined(separator: ",\n"))]}"#)
    }

    // MARK: - The firing limit

    static let chain: [String] = [
        rule("c1", when: started, then: #"{"derive": "d1", "value": true}"#),
        rule("c2", when: isTrue("d1"), then: #"{"derive": "d2", "value": true}"#),
        rule("c3", when: isTrue("d2"), then: #"{"derive": "d3", "value": true}"#),
        rule("c4", when: isTrue("d3"), then: #"{"derive": "d4", "value": true}"#),
        rule("c5", when: isTrue("d4"), then: #"{"warn": "w"}"#),
    ]

    struct LimitCase: Sendable, CustomTestStringConvertible {
        var limit: Int
        var expected: EvaluationError?
        var testDescription: String { "limit \(limit)" }
    }

    static let limits: [LimitCase] = [
        .init(limit: 0, expected: .firingLimitExceeded(limit: 0, rules: [])),
        .init(limit: 1, expected: .firingLimitExceeded(limit: 1, rules: ["c1"])),
        .init(limit: 3, expected: .firingLimitExceeded(limit: 3, rules: ["c3", "c2", "c1"])),
        .init(limit: 4, expected: .firingLimitExceeded(limit: 4, rules: ["c4", "c3", "c2", "c1"])),
        .init(limit: 5, expected: nil),
        .init(limit: 10_000, expected: nil),
    ]

    @Test("stops at the firing limit with an error naming the rules, most recent first", arguments: limits)
    func stopsAtTheFiringLimit(_ c: LimitCase) throws {
        let set = try Engine.compile(Self.facts, #"{"rules": [\#(Self.chain.joined(separator: ", "))]}"#)
        #expect(try Engine.evaluationError(set, ["start": .bool(true)], firingLimit: c.limit) == c.expected)
    }

    @Test func namesAtMostTheTenMostRecentRules() throws {
        let many = (1...15).map { Self.rule("r" + ($0 < 10 ? "0" : "") + "\($0)", when: Self.started, then: Self.warn) }
        let set = try Engine.compile(Self.facts, #"{"rules": [\#(many.joined(separator: ", "))]}"#)
        let error = try Engine.evaluationError(set, ["start": .bool(true)], firingLimit: 12)
        #expect(error == .firingLimitExceeded(limit: 12, rules: ["r12", "r11", "r10", "r09", "r08", "r07", "r06", "r05", "r04", "r03"]))
        #expect(error?.description == "more than 12 rule firings; the rules involved, most recent first: r12, r11, r10, r09, r08, r07, r06, r05, r04, r03")
        // By default the limit is the number of rules: refraction never lets more fire.
        #expect(Evaluator(set).firingLimit == 15)
        #expect(try Engine.evaluate(set, ["start": .bool(true)]).firedRules.count == 15)
    }

    // MARK: - Conflicts

    struct ConflictCase: Sendable, CustomTestStringConvertible {
        var name: String
        var first: String
        var second: String
        var input: [String: Value] = ["start": .bool(true)]
        var expected: EvaluationError
        var description: String
        var testDescription: String { name }
    }

    static func deriving(_ id: String, salience: Int, _ fact: String, _ value: String) -> String {
        rule(id, salience: salience, when: started, then: #"{"derive": "\#(fact)", "value": \#(value)}"#)
    }

    static let conflicts: [ConflictCase] = [
        ConflictCase(name: "enum", first: deriving("b-low", salience: 1, "risk", #""low""#), second: deriving("a-high", salience: 0, "risk", #""high""#),
                     expected: .conflict(fact: "risk", value: .string("high"), rule: "a-high", existing: .string("low"), existingRule: "b-low"),
                     description: #"conflict on 'risk': rule 'a-high' derives "high", but rule 'b-low' already derived "low""#),
        ConflictCase(name: "bool", first: deriving("a", salience: 0, "d1", "true"), second: deriving("b", salience: 0, "d1", "false"),
                     expected: .conflict(fact: "d1", value: .bool(false), rule: "b", existing: .bool(true), existingRule: "a"),
                     description: "conflict on 'd1': rule 'b' derives false, but rule 'a' already derived true"),
        ConflictCase(name: "number", first: deriving("a", salience: 0, "amount", "1.5"), second: deriving("b", salience: 0, "amount", "2"),
                     expected: .conflict(fact: "amount", value: .number(2), rule: "b", existing: .number(1.5), existingRule: "a"),
                     description: "conflict on 'amount': rule 'b' derives 2, but rule 'a' already derived 1.5"),
        ConflictCase(name: "list", first: deriving("a", salience: 0, "tags", #"["x"]"#), second: deriving("b", salience: 0, "tags", #"["y", "x"]"#),
                     expected: .conflict(fact: "tags", value: .list(["x", "y"]), rule: "b", existing: .list(["x"]), existingRule: "a"),
                     description: #"conflict on 'tags': rule 'b' derives ["x", "y"], but rule 'a' already derived ["x"]"#),
        ConflictCase(name: "a value the input gave", first: deriving("a", salience: 0, "d1", "false"), second: rule("unused", when: started, then: #"{"warn": "w"}"#),
                     input: ["start": .bool(true), "d1": .bool(true)],
                     expected: .conflict(fact: "d1", value: .bool(false), rule: "a", existing: .bool(true), existingRule: "(input)"),
                     description: "conflict on 'd1': rule 'a' derives false, but rule '(input)' already derived true"),
    ]

    @Test("reports a conflict with both rules and both values, never overwriting", arguments: conflicts)
    func reportsConflicts(_ c: ConflictCase) throws {
        let set = try Self.compile(c.first, c.second)
        let error = try Engine.evaluationError(set, values: c.input)
        #expect(error == c.expected)
        #expect(error?.description == c.description)
    }

    struct SameValueCase: Sendable, CustomTestStringConvertible {
        var fact: String
        var first: String
        var second: String
        var expected: Value
        var testDescription: String { fact }
    }

    static let sameValues: [SameValueCase] = [
        .init(fact: "risk", first: #""low""#, second: #""low""#, expected: .string("low")),
        .init(fact: "d1", first: "false", second: "false", expected: .bool(false)),
        .init(fact: "amount", first: "3", second: "3.0", expected: .number(3)),
        .init(fact: "tags", first: #"["x", "y"]"#, second: #"["y", "x", "y"]"#, expected: .list(["x", "y"])),
    ]

    @Test("deriving the value a fact already holds is not a conflict", arguments: sameValues)
    func reDerivingTheSameValue(_ c: SameValueCase) throws {
        let set = try Self.compile(Self.deriving("a", salience: 1, c.fact, c.first), Self.deriving("b", salience: 0, c.fact, c.second))
        let result = try Engine.evaluate(set, ["start": .bool(true)])
        #expect(result.firedRules == ["a", "b"])
        #expect(result.value(of: c.fact) == c.expected)
        #expect(result.derivingRule(of: c.fact) == "a")
        #expect(result.trace.map(\.derived) == [[c.fact: c.expected], [:]])
    }

    @Test func derivingTheValueTheInputGaveIsNotAConflict() throws {
        let set = try Self.compile(Self.deriving("a", salience: 0, "d1", "true"))
        let result = try Engine.evaluate(set, ["start": .bool(true), "d1": .bool(true)])
        #expect(result.firedRules == ["a"])
        #expect(result.derivingRule(of: "d1") == nil)
        #expect(result.trace.map(\.derived) == [[:]])
    }
}
