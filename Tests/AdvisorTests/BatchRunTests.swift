@testable import Advisor
import RulesEngine
import Testing

/// The batch loop run in process: blocks, rejections, progress, formats, the summary and the
/// output sink.
@Suite struct BatchRunTests {
    let kb = shippedKnowledgeBase

    static let input = """
    {"id": "a", "carrier": "povo", "location": "abroad"}
    {"id": "b", "carier": "au"}
    {"id": "c", "carrier": "docomo"}
    not json
    {"id": "e", "carrier": "au", "location": "japan"}

    """

    struct Collected {
        var written: [[UInt8]] = []
        var rejected: [[String]] = []
        var progress: [BatchRun.Progress] = []
        var summary = BatchSummary()
        var text: String { String(decoding: written.joined(), as: UTF8.self) }
    }

    func run(_ text: String, blockSize: Int, jobs: Int = 2, output: BatchOutput = BatchOutput(), caching: Bool = true,
             failFast: Bool = false, sources: [BatchSource]? = nil) -> Collected {
        let evaluator = BatchEvaluator(kb, language: .en, jobs: jobs, output: output, caching: caching)
        var c = Collected()
        c.summary = BatchRun(evaluator, blockSize: blockSize, failFast: failFast).run(sources ?? [.bytes(Array(text.utf8), .jsonl, name: "in.jsonl")],
            reject: { c.rejected.append($0.map(\.description)) },
            write: { c.written.append($0) },
            progress: { c.progress.append($0) })
        return c
    }

    @Test func adviceInInputOrderWithLinesAndRejectionsWithTheirPlaces() throws {
        let c = run(Self.input, blockSize: 4_096)
        #expect(c.summary.advised == 3 && c.summary.rejected == 2 && c.summary.records == 5)
        let lines = c.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4, "three lines of advice, each ending in a line break")
        #expect(lines[0].hasPrefix(#"{"id":"a","line":1,"carrier":"povo","#))
        #expect(lines[1].hasPrefix(#"{"id":"c","line":3,"#))
        #expect(lines[2].hasPrefix(#"{"id":"e","line":5,"#))
        #expect(c.rejected.count == 2)
        #expect(c.rejected[0].first?.hasPrefix("in.jsonl:2:") == true)
        #expect(c.rejected[0].first?.contains("did you mean 'carrier'?") == true)
        #expect(c.rejected[1].first?.hasPrefix("in.jsonl:4:1: error[malformed-json]") == true)
        #expect(c.summary.rejections.map(\.line) == [2, 4])
    }

    @Test func progressIsReportedAfterEachBlock() {
        let c = run(Self.input, blockSize: 2)
        #expect(c.progress.map(\.records) == [2, 4, 5])
        #expect(c.progress.map(\.rejected) == [1, 2, 2])
        #expect(c.progress.last?.bytes == Self.input.utf8.count && c.progress.last?.totalBytes == Self.input.utf8.count)
        #expect(c.text == run(Self.input, blockSize: 4_096).text, "blocks do not change the output")
    }

    @Test func theOutputDoesNotDependOnJobs() {
        #expect(run(Self.input, blockSize: 3, jobs: 1).text == run(Self.input, blockSize: 3, jobs: 4).text)
    }

    @Test func anEmptyInputWritesNothingButTheFormatsFrame() {
        #expect(run("", blockSize: 10).text.isEmpty)
        #expect(run("", blockSize: 10, output: BatchOutput(format: .json)).text == "[]\n")
        #expect(run("", blockSize: 10, output: BatchOutput(format: .csv)).text.hasPrefix("id,line,carrier,action,method,online_score,online_blocked,"))
    }

    @Test func decisionRecordsCarryNoTexts() throws {
        let c = run(Self.input, blockSize: 4_096, output: BatchOutput(detail: .decision))
        let first = try #require(c.text.split(separator: "\n").first.map(String.init))
        let node = try JSONParser.parse(first)
        let keys = try #require(node.objectValue).map(\.key)
        #expect(keys == ["id", "line", "carrier", "action", "method", "ranking", "warnings", "missing"])
        #expect(node["warnings"]?.value.arrayValue?.allSatisfy { $0.stringValue != nil } == true, "warning ids only")
        #expect(!first.contains("message") && !first.contains("steps"))
    }

    @Test func aJSONArrayAndCSVHoldTheSameRecords() throws {
        let array = run(Self.input, blockSize: 2, output: BatchOutput(format: .json, detail: .decision)).text
        let lines = run(Self.input, blockSize: 2, output: BatchOutput(format: .jsonl, detail: .decision)).text
        let items = try #require(try JSONParser.parse(array).arrayValue)
        #expect(items.count == 3)
        #expect(array.hasPrefix("[\n{\"id\":\"a\"") && array.hasSuffix("}\n]\n"))
        #expect(array.dropFirst(2).dropLast(3).replacingOccurrences(of: ",\n{", with: "\n{") + "\n" == lines)
        let csv = run(Self.input, blockSize: 2, output: BatchOutput(format: .csv)).text.split(separator: "\n")
        #expect(csv.count == 4)
        #expect(csv[1].hasPrefix("a,1,povo,"))
        #expect(csv[2].hasPrefix("c,3,docomo,"))
    }

    /// The cache of advice per class of profiles changes nothing: every format and detail, in
    /// each language, on random profiles (odd ids, numbers on both sides of the rules'
    /// constants, lists, carriers by other spellings, fields left out) and invalid records.
    @Test(arguments: BatchOutput.Format.allCases)
    func cachingChangesNoByte(_ format: BatchOutput.Format) {
        var r = SplitMix64(seed: 0x5EED_0009)
        var lines: [String] = []
        for i in 0..<1_200 {
            lines.append(i % 97 == 5 ? #"{"carrier": "docomo", "balance": -3}"# : Props.profile(&r).json())
        }
        let text = lines.joined(separator: "\n") + "\n"
        for detail in BatchOutput.Detail.allCases where !(format == .csv && detail == .full) {
            let output = BatchOutput(format: format, detail: detail)
            let cached = run(text, blockSize: 700, output: output)
            let plain = run(text, blockSize: 700, output: output, caching: false)
            #expect(cached.text == plain.text, "\(format) \(detail)")
            // Everything but the time taken.
            #expect(cached.summary.overall == plain.summary.overall)
            #expect(cached.summary.carriers == plain.summary.carriers)
            #expect(cached.summary.rejections == plain.summary.rejections && cached.summary.rejected == plain.summary.rejected)
            #expect(cached.rejected == plain.rejected)
        }
    }

    /// Blocks big enough to be cut into slices that the threads take as they are free, read
    /// and handed on while the next is evaluated: the same bytes, rejections, progress and
    /// summary as one thread block by block, and with --fail-fast the same stop.
    @Test func threadsTakingSlicesWhileTheRunReadsAheadChangeNothing() {
        var r = SplitMix64(seed: 0x5EED_0010)
        var lines: [String] = []
        for i in 0..<3_000 {
            lines.append(i % 211 == 7 ? #"{"carrier": "docomo", "hasId": "yes"}"# : Props.profile(&r).json())
        }
        let text = lines.joined(separator: "\n") + "\n"
        for (output, jobs) in [(BatchOutput(detail: .decision), [2, 3]), (BatchOutput(format: .json, detail: .full), [2])] {
            let one = run(text, blockSize: 1_200, jobs: 1, output: output)
            for jobs in jobs {
                let many = run(text, blockSize: 1_200, jobs: jobs, output: output)
                #expect(many.text == one.text && many.rejected == one.rejected, "\(jobs) jobs, \(output.format)")
                #expect(many.progress.map(\.records) == [1_200, 2_400, 3_000] && many.progress.map(\.bytes) == one.progress.map(\.bytes))
                #expect(many.summary.overall == one.summary.overall && many.summary.carriers == one.summary.carriers)
            }
            // The 15 records with a string for a boolean, and every other one advised.
            #expect(one.rejected.count == 15 && one.summary.rejected == 15, "\(one.rejected.count)")
            #expect(one.summary.advised == 2_985, "\(one.summary.advised)")
        }
        let stopped = run(text, blockSize: 1_200, jobs: 2, failFast: true)
        #expect(stopped.rejected.count == 1 && stopped.progress.map(\.records) == [1_200], "stops after the block of the first rejected record")
        #expect(stopped.text == run(text, blockSize: 1_200, jobs: 1, failFast: true).text)
    }

    /// Classes whose advice is the same bytes share one entry of the cache, whose bytes the
    /// arena holds once; other bytes get an entry of their own, after a block as after the first.
    @Test func equalAdviceIsKeptOnce() throws {
        let evaluator = BatchEvaluator(kb, language: .en, jobs: 1)
        let worker = evaluator.workers[0], cache = evaluator.cache
        let decision = try Advisor(kb).decide(Props.read(#"{"carrier": "povo"}"#)!)
        func key(_ n: UInt64) -> ProfileKey { var k = ProfileKey(); k.words = (n, 0); return k }
        func bytes(_ e: Int) -> [UInt8] { Array(UnsafeBufferPointer(start: cache.arena + cache.spans[e].start, count: cache.spans[e].count)) }
        let a = Array(#","carrier":"povo"}"#.utf8), b = Array(#","carrier":"au"}"#.utf8)
        worker.keep(key(1), a, decision)
        worker.keep(key(2), b, decision)
        worker.keep(key(3), a, decision)
        cache.merge([worker], detail: .decision)
        worker.keep(key(4), b, decision)
        worker.keep(key(5), Array(a.dropLast()), decision)
        cache.merge([worker], detail: .decision)
        #expect(cache.entries.count == 3 && [1, 2, 3, 4, 5].map { cache.index[key($0)] } == [0, 1, 0, 1, 2])
        #expect(bytes(0) == a && bytes(1) == b && bytes(2) == Array(a.dropLast()))
    }

    /// The decision made without texts is the decision of the whole advice.
    @Test func aDecisionIsTheWholeAdvicesDecision() throws {
        var r = SplitMix64(seed: 0x5EED_000B)
        let advisor = Advisor(kb)
        var compared = 0
        for i in 0..<600 {
            guard let profile = Props.read(Props.profile(&r).json()) else { continue }
            let language = Language.allCases[i % Language.allCases.count]
            let expected = Decision(try advisor.advise(profile, language: language))
            #expect(try advisor.decide(profile) == expected, "\(profile)")
            compared += 1
        }
        #expect(compared > 400)
    }

    @Test func theCacheAnswersRepeatedClasses() {
        let evaluator = BatchEvaluator(kb, language: .en, jobs: 1)
        let lines = (0..<1_000).map { i in #"{"id": "p\#(i)", "carrier": "povo", "location": "abroad", "balance": \#(i % 50 + 1)}"# }
        _ = evaluator.evaluate(Props.records(lines), file: "in")
        #expect(evaluator.cacheCounts == (hits: 999, evaluated: 1), "every balance above 0 is one class")
    }

    /// The threads share one cache: a class met in a block is evaluated once by each thread
    /// that meets it (the threads take the block's slices as they are free, so one or both),
    /// and after that block by neither; the summary counts each record once.
    @Test func theThreadsShareTheCacheAfterEachBlock() throws {
        let lines = (0..<1_024).map { i in #"{"id": "p\#(i)", "carrier": "\#(i % 2 == 0 ? "povo" : "au")", "location": "abroad", "balance": \#(i % 50 + 1)}"# }
        let shared = BatchEvaluator(kb, language: .en, jobs: 2)
        let plain = BatchEvaluator(kb, language: .en, jobs: 2, caching: false)
        let first = shared.evaluate(Props.records(lines), file: "in")
        // Every slice holds both classes: each thread that took one evaluated both, once.
        let perThread = shared.workers.map(\.evaluated), evaluated = shared.cacheCounts.evaluated
        #expect(perThread.allSatisfy { $0 == 0 || $0 == 2 } && evaluated >= 2, "\(perThread)")
        let second = shared.evaluate(Props.records(lines), file: "in")
        #expect(shared.cacheCounts == (hits: 2 * 1_024 - evaluated, evaluated: evaluated), "the second block is answered from the cache")
        #expect(first.bytes == plain.evaluate(Props.records(lines), file: "in").bytes)
        #expect(second.bytes == first.bytes)
        var summary = BatchSummary()
        shared.count(into: &summary)
        #expect(summary.overall.advised == 2 * 1_024)
        #expect(summary.carriers["povo"]?.advised == 1_024)
    }

    @Test func theSummaryCountsEveryAdvisedRecord() throws {
        let c = run(Self.input, blockSize: 2)
        #expect(c.summary.overall.advised == 3)
        #expect(c.summary.overall.methods.values.reduce(0, +) == 3)
        #expect(c.summary.carriers.keys.sorted() == ["au", "docomo", "povo"])
        #expect(c.summary.carriers["povo"]?.advised == 1)
        let json = try JSONParser.parse(c.summary.json())
        #expect(json["records"]?.value.numberValue == 5)
        #expect(json["rejections"]?.value.arrayValue?.count == 2)
        #expect(c.summary.text().hasPrefix("advisor batch: 5 profiles, 3 advised, 2 rejected ("))
    }

    @Test func failFastStopsAtTheFirstRejectedRecord() {
        let c = run(Self.input, blockSize: 1, failFast: true)
        #expect(c.rejected.count == 1)
        #expect(c.summary.stoppedAt == "in.jsonl:2")
        #expect(c.progress.count == 2, "no block is read after the one that failed")
    }

    @Test func severalInputsInOrderEachNamed() {
        let output = BatchOutput(detail: .decision, namesFile: true)
        let sources: [BatchSource] = [
            .bytes(Array(#"{"id": "x"}"#.utf8), .jsonl, name: "one.jsonl"),
            .bytes(Array("id,carrier\ny,au\n".utf8), .csv, name: "two.csv"),
        ]
        let lines = run("", blockSize: 5, output: output, sources: sources).text.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix(#"{"id":"x","file":"one.jsonl","line":1,"#))
        #expect(lines[1].hasPrefix(#"{"id":"y","file":"two.csv","line":2,"carrier":"au""#))
    }

    @Test func aCSVHeaderWithUnknownFieldsIsReportedOnce() {
        let csv = "id,carier,location\na,au,japan\nb,docomo,abroad\n"
        let c = run("", blockSize: 10, sources: [.bytes(Array(csv.utf8), .csv, name: "in.csv")])
        #expect(c.rejected.count == 1)
        #expect(c.rejected.first?.first?.hasPrefix("in.csv:1:4: error[unknown-key]: the CSV header names unknown field 'carier' (column 2); did you mean 'carrier'?") == true)
        #expect(c.summary.advised == 0 && c.summary.rejected == 1)
    }

    struct SinkFull: Error, Equatable {}

    @Test func aFailingSinkStopsTheRun() {
        let evaluator = BatchEvaluator(kb, language: .en, jobs: 1)
        var writes = 0
        #expect(throws: SinkFull()) {
            _ = try BatchRun(evaluator, blockSize: 1).run([.bytes(Array(Self.input.utf8), .jsonl, name: "in")], reject: { _ in }, write: { (_: [UInt8]) throws(SinkFull) in
                writes += 1
                if writes == 3 { throw SinkFull() }
            })
        }
        #expect(writes == 3, "the header, two blocks, and nothing after the failure")
    }
}
