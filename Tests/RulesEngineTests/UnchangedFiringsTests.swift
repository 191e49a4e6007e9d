import Testing
@testable import RulesEngine

/// ``Evaluator/lastFiringsUnchanged(by:changing:)`` against evaluations, over the random rule
/// sets and inputs of the differential tests: an input is evaluated, then given, one or two at
/// a time, the values other inputs hold in facts it leaves unknown. Wherever the answer is
/// "unchanged", evaluating the what-if must fire as the input did: the same firings, scores,
/// blocks, warnings, deriving rules and values (but in the facts set).
@Suite("Firings a what-if leaves unchanged")
struct UnchangedFiringsTests {
    @Test func anUnchangedAnswerIsWhatAnEvaluationFinds() throws {
        var asked = 0, unchanged = 0, twoSlots = 0
        for seed in DifferentialTests.firstSeed..<DifferentialTests.firstSeed + 2_000 {
            let c = DifferentialGenerator.make(seed: seed, inputs: 4)
            guard let compiled = RuleSetCompiler.compile(c.set).compiled else { continue }
            let buffers = try PreparedStartTests.buffers(c, compiled)
            let base = buffers[0]
            let e = Evaluator(compiled, firingLimit: c.firingLimit), check = Evaluator(compiled, firingLimit: c.firingLimit)
            guard let fired = try? e.evaluateSummary(base) else {
                // A failed evaluation did not reach its fixpoint: nothing can be said from it.
                let s = compiled.facts.indices.first { !base.isKnown($0) }
                if let s { #expect(!e.lastFiringsUnchanged(by: base, changing: [s]), "seed \(seed)") }
                continue
            }
            let seen = PreparedStartTests.seen(e, fired: fired)
            let open = compiled.facts.indices.filter { !base.isKnown($0) }
            // The what-ifs: one open fact at a time, and the first two together, with the values
            // of the other inputs.
            var whatIfs: [(FactBuffer, [Int])] = []
            for other in buffers.dropFirst() {
                let given = open.filter { other.isKnown($0) }
                for slots in given.map({ [$0] }) + (given.count >= 2 ? [Array(given.prefix(2))] : []) {
                    var b = base
                    for s in slots { try b.set(s, other.value(s, in: compiled)!, in: compiled) }
                    whatIfs.append((b, slots))
                }
            }
            let answers = whatIfs.map { e.lastFiringsUnchanged(by: $0.0, changing: $0.1) }
            // Asking changes nothing of the last evaluation.
            #expect(PreparedStartTests.seen(e, fired: fired) == seen, "seed \(seed)")
            for ((b, slots), isUnchanged) in zip(whatIfs, answers) {
                asked += 1
                guard isUnchanged else { continue }
                unchanged += 1
                if slots.count == 2 { twoSlots += 1 }
                let actual = PreparedStartTests.run({ () throws(EvaluationError) in try check.evaluateSummary(b) }, check)
                var expected = seen
                for s in slots { expected.values[s] = b.value(s, in: compiled) }
                #expect(actual == .success(expected), "seed \(seed), slots \(slots)")
            }
        }
        // Both answers are common, and so are what-ifs of two facts found unchanged.
        #expect(asked > 5_000 && unchanged > 1_000 && asked - unchanged > 1_000 && twoSlots > 100,
                "\(asked) asked, \(unchanged) unchanged, \(twoSlots) of two facts")
    }

    /// A rule that tests a derived fact for being unknown can be true before that fact is
    /// derived, though false over the final facts: the answer is then "perhaps not". A derived
    /// fact still unknown at the end was unknown all along, so its test is judged on the end.
    @Test func aTestOfAFactDerivedLaterIsNotJudgedOnTheFinalFacts() throws {
        typealias C = ChainingTests
        let set = try C.compile(
            C.rule("a", salience: 1, when: #"{"all": [{"fact": "level", "op": "==", "value": 1}, {"fact": "d1", "op": "unknown"}]}"#, then: C.warn),
            C.rule("b", when: C.started, then: #"{"derive": "d1", "value": true}"#),
            C.rule("c", when: #"{"all": [{"fact": "amount", "op": "==", "value": 2}, {"fact": "d2", "op": "unknown"}]}"#, then: #"{"warn": "x"}"#))
        let e = Evaluator(set)
        let base = try Engine.facts(["start": .bool(true)], for: set)
        #expect(try e.evaluateSummary(base) == 1)
        func whatIf(_ name: String, _ n: Double) throws -> Bool {
            var b = base
            let slot = try #require(set.slot(of: name))
            try b.set(slot, .number(n), in: set)
            return e.lastFiringsUnchanged(by: b, changing: [slot])
        }
        // Level 1 fires "a" before "b" derives d1; any level might, as "a" tests d1, known at
        // the end. Amount 2 fires "c"; amount 3 cannot, with d2 unknown throughout.
        #expect(try Engine.evaluate(set, ["start": .bool(true), "level": .number(1)]).firedRules == ["a", "b"])
        #expect(try [whatIf("level", 1), whatIf("level", 3), whatIf("amount", 2), whatIf("amount", 3)] == [false, false, false, true])
    }

    @Test func withoutAFinishedEvaluationTheAnswerIsPerhapsNot() throws {
        let compiled = try FactBufferTests.ruleSet()
        let slot = try #require(compiled.slot(of: "hasId"))
        var input = FactBuffer(for: compiled)
        let e = Evaluator(compiled)
        try input.set(slot, .bool(true), in: compiled)
        #expect(!e.lastFiringsUnchanged(by: input, changing: [slot]), "nothing evaluated yet")
        _ = try e.evaluateSummary(FactBuffer(for: compiled))
        e.prepare(FactBuffer(for: compiled))
        #expect(!e.lastFiringsUnchanged(by: input, changing: [slot]), "a prepared start is not a fixpoint")
        _ = try e.evaluateSummary(input)
        #expect(!e.lastFiringsUnchanged(by: input, changing: [slot]), "the slot is known in the last evaluation")
        #expect(!e.lastFiringsUnchanged(by: input, changing: [-1]) && !e.lastFiringsUnchanged(by: input, changing: [compiled.facts.count]))
    }
}
