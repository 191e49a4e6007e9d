import Advisor
import RulesEngine
import Testing

/// The batch loop run in process: blocks, rejections, progress, and the output sink.
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
        var written: [String] = []
        var rejected: [[String]] = []
        var progress: [BatchRun.Tally] = []
        var tally = BatchRun.Tally()
    }

    func run(_ text: String, blockSize: Int, jobs: Int = 2) -> Collected {
        var reader = BatchReader(bytes: Array(text.utf8), format: .jsonl, name: "in.jsonl")
        let evaluator = BatchEvaluator(kb, language: .en, jobs: jobs, file: reader.name)
        var c = Collected()
        c.tally = BatchRun(evaluator, blockSize: blockSize).run(&reader,
            reject: { c.rejected.append($0.map(\.description)) },
            write: { c.written.append($0) },
            progress: { c.progress.append($0) })
        return c
    }

    @Test func adviceInInputOrderAndRejectionsWithTheirPlaces() throws {
        let c = run(Self.input, blockSize: 4_096)
        #expect(c.tally == BatchRun.Tally(advised: 3, rejected: 2))
        #expect(c.written.count == 1)
        let lines = c.written.joined().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4, "three lines of advice, each ending in a line break")
        #expect(lines[0].hasPrefix(#"{"id":"a","#))
        #expect(lines[1].hasPrefix(#"{"id":"c","#))
        #expect(lines[2].hasPrefix(#"{"id":"e","#))
        #expect(c.rejected.count == 2)
        #expect(c.rejected[0].first?.hasPrefix("in.jsonl:2:") == true)
        #expect(c.rejected[0].first?.contains("did you mean 'carrier'?") == true)
        #expect(c.rejected[1].first?.hasPrefix("in.jsonl:4:1: error[malformed-json]") == true)
    }

    @Test func progressIsReportedAfterEachBlock() {
        let c = run(Self.input, blockSize: 2)
        #expect(c.written.count == 3, "blocks of 2, 2 and 1 records")
        #expect(c.progress.map(\.total) == [2, 4, 5])
        #expect(c.progress.map(\.advised) == [1, 2, 3])
        #expect(c.progress.last == c.tally)
        #expect(c.written.joined() == run(Self.input, blockSize: 4_096).written.joined(), "blocks do not change the output")
    }

    @Test func theOutputDoesNotDependOnJobs() {
        #expect(run(Self.input, blockSize: 3, jobs: 1).written == run(Self.input, blockSize: 3, jobs: 4).written)
    }

    @Test func anEmptyInputWritesNothing() {
        let c = run("", blockSize: 10)
        #expect(c.tally == BatchRun.Tally())
        #expect(c.written.isEmpty && c.progress.isEmpty)
        #expect(c.tally.keepsOutput)
    }

    @Test func onlyAnAllRejectedRunDropsTheOutput() {
        #expect(!BatchRun.Tally(advised: 0, rejected: 2).keepsOutput)
        #expect(BatchRun.Tally(advised: 1, rejected: 2).keepsOutput)
        #expect(BatchRun.Tally(advised: 0, rejected: 0).keepsOutput)
    }

    struct SinkFull: Error, Equatable {}

    @Test func aFailingSinkStopsTheRun() {
        var reader = BatchReader(bytes: Array(Self.input.utf8), format: .jsonl, name: "in.jsonl")
        let evaluator = BatchEvaluator(kb, language: .en, jobs: 1, file: reader.name)
        var writes = 0
        #expect(throws: SinkFull()) {
            _ = try BatchRun(evaluator, blockSize: 1).run(&reader, reject: { _ in }, write: { (_: String) throws(SinkFull) in
                writes += 1
                if writes == 2 { throw SinkFull() }
            })
        }
        #expect(writes == 2, "nothing is written after the failure")
    }

    @Test func theSummaryLine() {
        #expect(BatchRun.summary(BatchRun.Tally(advised: 2, rejected: 1), elapsed: .milliseconds(1_500)) == "advisor batch: 3 profiles, 2 advised, 1 rejected (1.50 s, 2 profiles/s)")
        #expect(BatchRun.summary(BatchRun.Tally(), elapsed: .zero) == "advisor batch: 0 profiles, 0 advised, 0 rejected (0.00 s, 0 profiles/s)")
    }
}
