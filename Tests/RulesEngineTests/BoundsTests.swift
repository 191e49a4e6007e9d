import Testing
@testable import RulesEngine

/// Every public read that takes an index or a name checks it: out of range gives nil, 0, false,
/// -1 or an empty list, as documented, and never reads outside the storage.
@Suite("Out-of-range reads")
struct BoundsTests {
    static func ruleSet() throws -> CompiledRuleSet {
        try ConflictTests.compile(
            ConflictTests.rule("r1", salience: 1, when: ConflictTests.started,
                               then: #"{"derive": "d1", "value": true}, {"score": "store", "add": 3}, {"block": "online", "reason": "closed"}, {"warn": "x"}"#))
    }

    static let badIndexes = [-1, -2, Int.min, Int.max, 1 << 40]

    @Test func theEvaluatorsInPlaceReadsCheckTheirIndex() throws {
        let set = try Self.ruleSet()
        let evaluator = Evaluator(set)
        let d1 = try #require(set.slot(of: "d1"))
        let store = try #require(set.options.firstIndex(of: "store"))
        let online = try #require(set.options.firstIndex(of: "online"))
        let x = try #require(set.warnings.firstIndex { $0.id == "x" })
        // Before any evaluation: nothing scored, blocked, derived or raised.
        for o in set.options.indices {
            #expect(evaluator.lastScore(option: o) == 0)
            #expect(!evaluator.lastIsBlocked(option: o))
        }
        for s in set.facts.indices { #expect(evaluator.lastDerivedBy(slot: s) == -1) }
        for w in set.warnings.indices { #expect(!evaluator.lastRaised(warning: w)) }

        _ = try evaluator.evaluate(Engine.facts(["start": .bool(true)], for: set))
        #expect(evaluator.lastScore(option: store) == 3)
        #expect(evaluator.lastIsBlocked(option: online))
        #expect(evaluator.lastDerivedBy(slot: d1) == 0)
        #expect(evaluator.lastRaised(warning: x))
        // Just past the end, and far outside.
        for bad in Self.badIndexes + [set.options.count, set.facts.count, set.warnings.count] {
            if bad < 0 || bad >= set.options.count {
                #expect(evaluator.lastScore(option: bad) == 0)
                #expect(!evaluator.lastIsBlocked(option: bad))
            }
            if bad < 0 || bad >= set.facts.count { #expect(evaluator.lastDerivedBy(slot: bad) == -1) }
            if bad < 0 || bad >= set.warnings.count { #expect(!evaluator.lastRaised(warning: bad)) }
        }
    }

    @Test func aRuleSetWithoutOptionsOrWarningsReadsNothing() throws {
        let set = try Engine.compile(#"{"facts": [{"name": "a", "type": "bool"}], "rules": [{"id": "r", "description": "d", "then": [{"derive": "a", "value": true}]}]}"#)
        let evaluator = Evaluator(set)
        #expect(try evaluator.evaluateSummary(FactBuffer(for: set)) == 1)
        // One scratch entry exists for an empty list of options; it is not an option.
        #expect(evaluator.lastScore(option: 0) == 0)
        #expect(!evaluator.lastIsBlocked(option: 0))
        #expect(!evaluator.lastRaised(warning: 0))
        #expect(evaluator.lastDerivedBy(slot: 0) == 0)
        #expect(evaluator.lastDerivedBy(slot: 1) == -1)
    }

    @Test func aFactBufferChecksEverySlot() throws {
        let set = try Self.ruleSet()
        var buffer = try Engine.facts(["start": .bool(true)], for: set)
        let count = set.facts.count
        for bad in Self.badIndexes + [count] {
            #expect(!buffer.isKnown(bad))
            #expect(buffer.value(bad, in: set) == nil)
            buffer.clear(bad)
            #expect(throws: FactError.slotOutOfRange(slot: bad, slotCount: count)) { try buffer.set(bad, .bool(true), in: set) }
        }
        #expect(buffer.knownSlots == [try #require(set.slot(of: "start"))])
        #expect(FactError.slotOutOfRange(slot: 9, slotCount: 9).description == "no fact has slot 9; the slots are 0..<9")
    }

    @Test func aFactBufferForAnotherRuleSetIsReadOnlyWhereBothHaveTheSlot() throws {
        let large = try Self.ruleSet()
        let small = try Engine.compile(#"{"facts": [{"name": "start", "type": "bool"}, {"name": "n", "type": "number"}]}"#)
        var buffer = FactBuffer(for: small)
        try buffer.set(0, .bool(true), in: small)
        // Slot 5 exists in the large rule set, not in this buffer.
        #expect(throws: FactError.slotOutOfRange(slot: 5, slotCount: 2)) { try buffer.set(5, .number(1), in: large) }
        #expect(buffer.value(5, in: large) == nil)
        var big = FactBuffer(for: large)
        #expect(throws: FactError.slotOutOfRange(slot: 5, slotCount: 2)) { try big.set(5, .number(1), in: small) }
        #expect(big.value(5, in: small) == nil)
        // Copying between buffers of different sizes takes the other's slots whole.
        big.assign(buffer)
        #expect(big.knownSlots == [0])
        #expect(big.value(0, in: small) == .bool(true))
        #expect(!big.isKnown(5))
    }

    @Test func aResultGivesNothingForNamesTheRuleSetDoesNotHave() throws {
        let set = try Self.ruleSet()
        let result = try Engine.evaluate(set, ["start": .bool(true)])
        #expect(result.value(of: "d1") == .bool(true))
        #expect(result.value(of: "nope") == nil)
        #expect(result.outcome(of: "r1") == .true)
        #expect(result.outcome(of: "nope") == nil)
        #expect(result.score(of: "store") == 3)
        #expect(result.score(of: "nope") == 0)
        #expect(result.contributions(to: "nope").isEmpty)
        #expect(result.blocks(of: "nope").isEmpty)
        #expect(!result.isBlocked("nope"))
        #expect(result.derivingRule(of: "d1") == "r1")
        #expect(result.derivingRule(of: "nope") == nil)
        #expect(set.slot(of: "nope") == nil)
        #expect(set.ruleIndex(of: "nope") == nil)
        #expect(set.constants(comparedWith: "nope").isEmpty)
        #expect(set.string(ofSymbol: -1) == nil)
        #expect(set.string(ofSymbol: Int32(set.symbols.count)) == nil)
    }

    @Test func coverageReadsNoCountsBeforeRecordingOrAfterItStops() throws {
        let set = try Self.ruleSet()
        let evaluator = Evaluator(set)
        let input = try Engine.facts(["start": .bool(true)], for: set)
        _ = try evaluator.evaluate(input)
        let before = evaluator.coverage
        #expect(before.evaluations == 0)
        #expect(before.parts.count == set.nodes.count)
        #expect(before.parts.allSatisfy { $0.trueCount == 0 && $0.falseCount == 0 && $0.unknownCount == 0 })
        #expect(before.firings.map(\.count) == [0])
        evaluator.recordsConditions = true
        _ = try evaluator.evaluate(input)
        #expect(evaluator.coverage.parts.map(\.trueCount) == [1])
        evaluator.recordsConditions = false
        // The node counts are gone with the recording; the firings stay.
        #expect(evaluator.coverage.parts.map(\.trueCount) == [0])
        #expect(evaluator.coverage.firings.map(\.count) == [1])
        #expect(evaluator.workspace.conditionCount(node: -1, .true) == 0)
        #expect(evaluator.workspace.conditionCount(node: set.nodes.count, .true) == 0)
    }
}
