import Testing
@testable import RulesEngine

/// ``Evaluator/evaluateSummary(_:changing:)`` against a plain evaluation, over the random rule
/// sets and inputs of the differential tests: an input is prepared, and each other input is
/// evaluated from that start, naming the slots in which it differs. Every in-place read
/// (firings, scores, blocks and warnings in order, deriving rules, every fact's value) and
/// every error must be the same as from scratch.
@Suite("An evaluation from a prepared start")
struct PreparedStartTests {
    struct Seen: Equatable {
        var fired: Int
        var scores: [Double]
        var blocks: [Int]
        var raised: [Int]
        var derivedBy: [Int]
        var values: [Value?]
    }

    static func seen(_ e: Evaluator, fired: Int) -> Seen {
        let slots = e.ruleSet.facts.indices
        return Seen(fired: fired,
                    scores: e.ruleSet.options.indices.map { e.lastScore(option: $0) },
                    blocks: (0..<e.lastBlockCount).flatMap { k in [e.lastBlock(at: k).option, e.lastBlock(at: k).reason, e.lastBlock(at: k).rule] },
                    raised: (0..<e.lastRaisedCount).flatMap { k in [e.lastRaised(at: k).warning, e.lastRaised(at: k).rule] },
                    derivedBy: slots.map { e.lastDerivedBy(slot: $0) },
                    values: slots.map { e.lastValue(slot: $0) })
    }

    static func run(_ body: () throws(EvaluationError) -> Int, _ e: Evaluator) -> Result<Seen, EvaluationError> {
        Result { () throws(EvaluationError) in seen(e, fired: try body()) }
    }

    /// The case's inputs as fact buffers.
    static func buffers(_ c: DifferentialCase, _ compiled: CompiledRuleSet) throws -> [FactBuffer] {
        try c.inputs.map { input in
            var b = FactBuffer(for: compiled)
            for (name, value) in input.sorted(by: { $0.key < $1.key }) { try b.set(name, value, in: compiled) }
            return b
        }
    }

    @Test func agreesWithAnEvaluationFromScratch() throws {
        var compared = 0, changedSome = 0, failed = 0
        for seed in DifferentialTests.firstSeed..<DifferentialTests.firstSeed + 1_500 {
            let c = DifferentialGenerator.make(seed: seed, inputs: 4)
            guard let compiled = RuleSetCompiler.compile(c.set).compiled else { continue }
            let buffers = try Self.buffers(c, compiled)
            let prepared = Evaluator(compiled, firingLimit: c.firingLimit), plain = Evaluator(compiled, firingLimit: c.firingLimit)
            prepared.prepare(buffers[0])
            for (k, input) in buffers.enumerated() {
                let changing = compiled.facts.indices.filter { !input.sameFact($0, as: buffers[0]) }
                let expected = Self.run({ () throws(EvaluationError) in try plain.evaluateSummary(input) }, plain)
                let actual = Self.run({ () throws(EvaluationError) in try prepared.evaluateSummary(input, changing: changing) }, prepared)
                #expect(actual == expected, "seed \(seed), input #\(k), changing \(changing)")
                compared += 1
                if !changing.isEmpty && changing.count < compiled.facts.count / 2 { changedSome += 1 }
                if case .failure = expected { failed += 1 }
            }
        }
        // Inputs that differ in a few facts, in none (the prepared one), and that fail.
        #expect(compared > 5_000 && changedSome > 200 && failed > 50, "\(compared) compared, \(changedSome) with a few facts changed, \(failed) failing")
    }

    @Test func withoutAPreparedInputItEvaluatesFromScratch() throws {
        let compiled = try FactBufferTests.ruleSet()
        var input = FactBuffer(for: compiled)
        try input.set("languages", .list(["zh"]), in: compiled)
        let e = Evaluator(compiled)
        #expect(try e.evaluateSummary(input, changing: []) == 1, "nothing prepared: the rule reading languages is evaluated")
        e.prepare(FactBuffer(for: compiled))
        #expect(try e.evaluateSummary(input, changing: [compiled.slot(of: "languages")!]) == 1)
        #expect(e.lastRaisedCount == 1)
    }

    @Test func aValueMadeReadySetsWhatTheValueSets() throws {
        let compiled = try FactBufferTests.ruleSet()
        let cases: [(String, Value)] = [("hasId", .bool(true)), ("balance", .number(2.5)), ("location", .string("abroad")),
                                        ("carrier", .string("not-a-symbol")), ("languages", .list(["zh", "xx", "en", "yy"])), ("languages", .list([]))]
        for (name, value) in cases {
            let slot = try #require(compiled.slot(of: name))
            var byValue = FactBuffer(for: compiled), byReady = FactBuffer(for: compiled)
            // A string the rules do not know already in the buffer keeps its number.
            try byValue.set("carrier", .string("xx"), in: compiled)
            try byReady.set("carrier", .string("xx"), in: compiled)
            try byValue.set(slot, value, in: compiled)
            byReady.set(try FactBuffer.encode(value, slot: slot, in: compiled))
            #expect(byReady.value(slot, in: compiled) == byValue.value(slot, in: compiled), "\(name) = \(value)")
            #expect(byReady.sameFact(slot, as: byValue) && byReady.extraStrings.count == byValue.extraStrings.count, "\(name) = \(value)")
        }
        #expect(throws: FactError.self) { try FactBuffer.encode(.number(1), slot: compiled.slot(of: "hasId")!, in: compiled) }
    }
}
