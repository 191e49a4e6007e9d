import Testing
@testable import RulesEngine

/// What an evaluation returns: facts, scores and contributions, blocks, warnings, the trace and
/// the missing facts.
@Suite("Evaluation result")
struct ResultTests {
    static let facts = """
    {"facts": [
      {"name": "go", "type": "bool", "input": true},
      {"name": "level", "type": "enum", "values": ["a", "b"]},
      {"name": "n", "type": "number"}
     ],
     "options": ["online", "store", "phone"],
     "warnings": [
      {"id": "a-low", "severity": "low"}, {"id": "c-crit", "severity": "critical"},
      {"id": "m-med", "severity": "medium"}, {"id": "z-crit", "severity": "critical"},
      {"id": "h-high", "severity": "high"}, {"id": "unused", "severity": "critical"}
     ]}
    """

    static let go = #"{"fact": "go", "op": "==", "value": true}"#

    static let rules = """
    {"rules": [
      {"id": "r3", "description": "third", "salience": 30, "when": \(go),
       "then": [{"warn": "m-med"}, {"warn": "c-crit"}, {"score": "store", "add": 1}, {"derive": "n", "value": 3}]},
      {"id": "r1", "description": "first", "salience": 50, "when": \(go),
       "then": [{"warn": "a-low"}, {"score": "online", "add": 2}, {"derive": "level", "value": "a"}]},
      {"id": "r5", "description": "fifth", "salience": 10, "when": \(go),
       "then": [{"warn": "z-crit"}, {"score": "online", "add": 0.25}]},
      {"id": "r2", "description": "second", "salience": 40, "when": \(go),
       "then": [{"warn": "z-crit"}, {"score": "online", "subtract": 0.5}, {"block": "store", "reason": "closed"}]},
      {"id": "r4", "description": "fourth", "salience": 20, "when": \(go),
       "then": [{"warn": "a-low"}, {"block": "store", "reason": "no-id"}, {"block": "phone", "reason": "closed"}]}
    ]}
    """

    static func evaluate(go: Bool) throws -> EvaluationResult {
        try Engine.evaluate(try Engine.compile(Self.facts, Self.rules), ["go": .bool(go)])
    }

    @Test func listsWarningsOnceMostSevereFirstThenInRaiseOrderWithTheirRules() throws {
        let result = try Self.evaluate(go: true)
        #expect(result.warnings == [
            .init(id: "z-crit", severity: .critical, rules: ["r2", "r5"]),
            .init(id: "c-crit", severity: .critical, rules: ["r3"]),
            .init(id: "m-med", severity: .medium, rules: ["r3"]),
            .init(id: "a-low", severity: .low, rules: ["r1", "r4"]),
        ])
        #expect(WarningSeverity.allCases.sorted() == [.critical, .high, .medium, .low])
    }

    @Test func sumsScoresAndKeepsEachContributionWithItsRule() throws {
        let result = try Self.evaluate(go: true)
        #expect(result.score(of: "online") == 1.75)
        #expect(result.score(of: "store") == 1)
        #expect(result.score(of: "phone") == 0)
        #expect(result.score(of: "fax") == 0)
        #expect(result.contributions(to: "online").map { "\($0.rule) \($0.amount)" } == ["r1 2.0", "r2 -0.5", "r5 0.25"])
        #expect(result.contributions(to: "store").map { "\($0.rule) \($0.amount)" } == ["r3 1.0"])
        #expect(result.contributions(to: "phone").isEmpty)
        #expect(result.contributions(to: "fax").isEmpty)
    }

    @Test func recordsEachBlockWithItsReasonAndRule() throws {
        let result = try Self.evaluate(go: true)
        #expect(result.blocks(of: "store").map { "\($0.reason) by \($0.rule)" } == ["closed by r2", "no-id by r4"])
        #expect(result.blocks(of: "phone").map { "\($0.reason) by \($0.rule)" } == ["closed by r4"])
        #expect(result.blocks(of: "online").isEmpty)
        #expect(result.blocks(of: "fax").isEmpty)
        #expect(result.isBlocked("store") && result.isBlocked("phone"))
        #expect(!result.isBlocked("online"))
    }

    @Test func tracesTheRulesThatFiredInOrderWithWhatEachDerived() throws {
        let result = try Self.evaluate(go: true)
        #expect(result.firedRules == ["r1", "r2", "r3", "r4", "r5"])
        #expect(result.trace == [
            .init(rule: "r1", description: "first", derived: ["level": .string("a")]),
            .init(rule: "r2", description: "second", derived: [:]),
            .init(rule: "r3", description: "third", derived: ["n": .number(3)]),
            .init(rule: "r4", description: "fourth", derived: [:]),
            .init(rule: "r5", description: "fifth", derived: [:]),
        ])
    }

    @Test func carriesTheFinalFactsAndWhichRuleDerivedEach() throws {
        let result = try Self.evaluate(go: true)
        #expect(result.value(of: "go") == .bool(true))
        #expect(result.value(of: "level") == .string("a"))
        #expect(result.value(of: "n") == .number(3))
        #expect(result.value(of: "nope") == nil)
        #expect(result.derivingRule(of: "level") == "r1")
        #expect(result.derivingRule(of: "n") == "r3")
        #expect(result.derivingRule(of: "go") == nil)
        #expect(result.derivingRule(of: "nope") == nil)
        #expect(result.facts.knownSlots == [0, 1, 2])
        #expect(result.outcome(of: "r4") == .true)
        #expect(result.outcome(of: "nope") == nil)
    }

    @Test func anEvaluationWhereNothingFiresIsEmpty() throws {
        let result = try Self.evaluate(go: false)
        #expect(result.firedRules.isEmpty)
        #expect(result.trace.isEmpty)
        #expect(result.warnings.isEmpty)
        #expect(result.score(of: "online") == 0)
        #expect(!result.isBlocked("store"))
        #expect(result.value(of: "level") == nil)
        #expect(result.outcome(of: "r1") == .false)
        #expect(result.missingFacts().isEmpty)
    }

    @Test func aResultIsUnchangedWhenItsEvaluatorEvaluatesAgain() throws {
        let set = try Engine.compile(Self.facts, Self.rules)
        let evaluator = Evaluator(set)
        let first = try evaluator.evaluate(Engine.facts(["go": .bool(true)], for: set))
        let second = try evaluator.evaluate(Engine.facts(["go": .bool(false)], for: set))
        #expect(first.firedRules == ["r1", "r2", "r3", "r4", "r5"])
        #expect(first.value(of: "level") == .string("a"))
        #expect(first.score(of: "online") == 1.75)
        #expect(first.warnings.count == 4)
        #expect(second.firedRules.isEmpty)
        #expect(second.value(of: "level") == nil)
    }

    @Test func evaluateSummaryCountsTheFiringsWithoutBuildingAResult() throws {
        let set = try Engine.compile(Self.facts, Self.rules)
        let evaluator = Evaluator(set)
        #expect(try evaluator.evaluateSummary(Engine.facts(["go": .bool(true)], for: set)) == 5)
        #expect(try evaluator.evaluateSummary(Engine.facts(["go": .bool(false)], for: set)) == 0)
        #expect(try evaluator.evaluateSummary(FactBuffer(for: set)) == 0)
        let limited = Evaluator(set, firingLimit: 2)
        #expect(throws: EvaluationError.firingLimitExceeded(limit: 2, rules: ["r2", "r1"])) {
            try limited.evaluateSummary(Engine.facts(["go": .bool(true)], for: set))
        }
        // The next full evaluation is not affected by the summaries before it.
        #expect(try evaluator.evaluate(Engine.facts(["go": .bool(true)], for: set)).firedRules == ["r1", "r2", "r3", "r4", "r5"])
    }

    // MARK: - Missing facts

    static let missingRules = """
    {"rules": [
      {"id": "m1", "description": "false all: balance is not missing",
       "when": {"all": [{"fact": "hasId", "op": "==", "value": true}, {"fact": "balance", "op": ">", "value": 0}]},
       "then": [{"warn": "bring-id"}]},
      {"id": "m2", "description": "unknown any",
       "when": {"any": [{"fact": "location", "op": "==", "value": "abroad"}, {"fact": "carrier", "op": "==", "value": "povo"}]},
       "then": [{"warn": "bring-id"}]},
      {"id": "m3", "description": "a derived fact",
       "when": {"all": [{"fact": "languages", "op": "contains", "value": "zh"}, {"fact": "remote", "op": "==", "value": true}]},
       "then": [{"warn": "bring-id"}]},
      {"id": "m4", "description": "fired: risk is not missing",
       "when": {"any": [{"fact": "hasId", "op": "==", "value": false}, {"fact": "risk", "op": "==", "value": "high"}]},
       "then": [{"warn": "scam-risk"}]},
      {"id": "m5", "description": "not of unknown",
       "when": {"not": {"fact": "limit", "op": ">", "value": 3}},
       "then": [{"warn": "bring-id"}]},
      {"id": "m6", "description": "two facts",
       "when": {"fact": "balance", "op": "<", "valueOf": "limit"},
       "then": [{"warn": "bring-id"}]},
      {"id": "m7", "description": "a false all inside an unknown any",
       "when": {"any": [{"all": [{"fact": "hasId", "op": "==", "value": true}, {"fact": "carrier", "op": "==", "value": "x"}]},
                        {"fact": "location", "op": "==", "value": "japan"}]},
       "then": [{"warn": "bring-id"}]},
      {"id": "m8", "description": "false all over lists",
       "when": {"all": [{"fact": "languages", "op": "contains", "value": "en"}, {"fact": "phoneLanguages", "op": "intersects", "value": ["en"]}]},
       "then": [{"warn": "bring-id"}]},
      {"id": "m9", "description": "presence is never unknown",
       "when": {"fact": "carrier", "op": "known"},
       "then": [{"warn": "bring-id"}]}
    ]}
    """

    static func missing(_ result: EvaluationResult) -> [String] {
        result.missingFacts().map { "\($0.fact)\($0.isInput ? "" : " (derived)"): \($0.rules.joined(separator: " "))" }
    }

    @Test func listsExactlyTheUnknownFactsThatCouldHaveActivatedARuleThatDidNotFire() throws {
        let set = try Engine.compile(declarations, Self.missingRules)
        let result = try Engine.evaluate(set, ["hasId": .bool(false), "languages": .list(["zh"])])
        #expect(result.firedRules == ["m4"])
        #expect(Self.missing(result) == [
            "location: m2 m7",
            "balance: m6",
            "carrier: m2",
            "remote (derived): m3",
            "limit (derived): m5 m6",
        ])
        #expect(result.missingFacts().first == .init(fact: "location", isInput: true, rules: ["m2", "m7"]))
    }

    @Test func aKnownFactNarrowsTheMissingFacts() throws {
        let set = try Engine.compile(declarations, Self.missingRules)
        let result = try Engine.evaluate(set, ["hasId": .bool(false), "languages": .list(["zh"]), "balance": .number(5), "location": .string("japan"), "carrier": .string("au")])
        #expect(result.firedRules == ["m4", "m7", "m9"])
        // m6 compares the known balance with the unknown limit: only limit is missing.
        #expect(Self.missing(result) == ["remote (derived): m3", "limit (derived): m5 m6"])
    }
}
