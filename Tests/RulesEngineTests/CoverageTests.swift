@testable import RulesEngine
import Testing

@Suite struct CoverageTests {
    static let rules = #"""
    {
      "facts": [
        {"name": "a", "type": "bool", "input": true},
        {"name": "n", "type": "number", "input": true},
        {"name": "d", "type": "bool"}
      ],
      "warnings": [{"id": "w", "severity": "low"}],
      "rules": [
        {"id": "r1", "description": "both", "salience": 1,
         "when": {"all": [{"fact": "a", "op": "==", "value": true}, {"fact": "n", "op": ">", "value": 1}]},
         "then": [{"derive": "d", "value": true}]},
        {"id": "r2", "description": "derived", "when": {"fact": "d", "op": "==", "value": true}, "then": [{"warn": "w"}]},
        {"id": "r3", "description": "never", "when": {"not": {"fact": "a", "op": "known"}}, "then": [{"warn": "w"}]}
      ]
    }
    """#

    func counts(_ c: ConditionCoverage) -> [String] {
        c.parts.map { "\($0.info.rule) \($0.info.summary): \($0.trueCount)/\($0.falseCount)/\($0.unknownCount)" }
    }

    @Test func countsEveryPartAsItIsEvaluated() throws {
        let set = try Engine.compile(Self.rules)
        let evaluator = Evaluator(set)
        evaluator.recordsConditions = true
        _ = try evaluator.evaluate(Engine.facts(["a": .bool(true), "n": .number(2)], for: set))
        _ = try evaluator.evaluate(Engine.facts(["a": .bool(false), "n": .number(5)], for: set))
        _ = try evaluator.evaluateSummary(Engine.facts(["a": .bool(true)], for: set))
        let c = evaluator.coverage
        #expect(c.evaluations == 3)
        // r1's `all` stops at `a == false`, so `n > 1` is seen only twice. r2 is seen at the start
        // of every evaluation (unknown: `d` is not derived yet) and again when r1 derives `d`.
        #expect(counts(c) == [
            "r1 all: 1/1/1",
            "r1 a == true: 2/1/0",
            "r1 n > 1: 1/0/1",
            "r2 d == true: 1/0/3",
            "r3 not: 0/3/0",
            "r3 a known: 3/0/0",
        ])
        #expect(c.firings.map(\.rule) == ["r1", "r2", "r3"])
        #expect(c.firings.map(\.count) == [1, 1, 0])
        #expect(c.rulesNeverFired == ["r3"])
        #expect(c.parts.filter(\.isCovered).map(\.info.summary) == ["all", "a == true"])
        #expect(c.parts[1].info.location.pointer == "/rules/0/when/all/0")
        #expect(c.parts[1].info.location.line == 10)
        #expect(c.parts[0].info.location.pointer == "/rules/0/when")
    }

    @Test func recordingIsOffUnlessAskedAndCanBeTurnedOff() throws {
        let set = try Engine.compile(Self.rules)
        let evaluator = Evaluator(set)
        _ = try evaluator.evaluate(Engine.facts(["a": .bool(true), "n": .number(2)], for: set))
        #expect(!evaluator.recordsConditions)
        #expect(evaluator.coverage.evaluations == 0)
        #expect(evaluator.coverage.parts.allSatisfy { $0.trueCount + $0.falseCount + $0.unknownCount == 0 })
        evaluator.recordsConditions = true
        _ = try evaluator.evaluate(Engine.facts(["a": .bool(true)], for: set))
        #expect(evaluator.coverage.evaluations == 1)
        evaluator.recordsConditions = false
        evaluator.recordsConditions = true
        #expect(evaluator.coverage.evaluations == 0, "turning recording on again starts afresh")
    }

    @Test func recordingDoesNotChangeTheResult() throws {
        let set = try Engine.compile(Self.rules)
        let plain = Evaluator(set), recording = Evaluator(set)
        recording.recordsConditions = true
        for values: [String: Value] in [["a": .bool(true), "n": .number(2)], ["n": .number(0)], [:]] {
            let input = try Engine.facts(values, for: set)
            let a = try plain.evaluate(input), b = try recording.evaluate(input)
            #expect(a.trace == b.trace)
            #expect(a.warnings == b.warnings)
        }
    }
}
