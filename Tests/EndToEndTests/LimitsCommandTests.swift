import Foundation
import Testing

/// The limits README.md states, as a person meets them on the command line.
@Suite struct LimitsCommandTests {
    func temp(_ name: String, _ bytes: [UInt8]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-limits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aQuestionOfAtMost2000CharactersIsRead() throws {
        let question = "cancel povo " + String(repeating: "。", count: 2_000 - 12)
        let atLimit = try Binary.run(["ask", question, "--no-input", "--json"])
        #expect(atLimit.status == 0, "\(atLimit.stderr)")
        #expect(atLimit.stdout.contains(#""carrier": "povo""#))
        let over = try Binary.run(["ask", question + "。", "--no-input"])
        #expect(over.status == 2)
        #expect(over.stderr == "error: the question is 2001 characters long; at most 2000 are read. Give the details as a profile instead (--profile FILE).\n")
        #expect(over.stdout.isEmpty)
    }

    @Test func aProfileOfMoreThan1MiBIsRefused() throws {
        let padding = [UInt8](repeating: 0x20, count: 1 << 20)
        let fits = try temp("fits.json", Array(#"{"carrier": "au"}"#.utf8) + padding[..<(padding.count - 17)])
        #expect(try Binary.run(["ask", "--profile", fits, "--no-input"]).status == 0)
        let big = try temp("big.json", Array(#"{"carrier": "au"}"#.utf8) + padding)
        let run = try Binary.run(["ask", "--profile", big, "--no-input"])
        #expect(run.status == 2)
        #expect(run.stderr == "error: \(big): larger than the limit of 1 MiB for a profile\n")
        let stdin = try Binary.run(["ask", "--profile", "-", "--no-input"], input: #"{"carrier": "au"}"# + String(repeating: " ", count: 1 << 20))
        #expect(stdin.stderr == "error: standard input: larger than the limit of 1 MiB for a profile\n")
    }

    @Test func aHugeBatchLineIsSkippedAndTheRestAdvised() throws {
        let huge = Array(#"{"id": ""#.utf8) + [UInt8](repeating: 0x78, count: 2 << 20) + Array("\"}\n".utf8)
        let input = try temp("in.jsonl", huge + Array(#"{"id": "after", "carrier": "povo"}"#.utf8) + [0x0A])
        let run = try Binary.run(["batch", input, "--quiet"])
        #expect(run.status == 2)
        #expect(run.stderr == "\(input):1:1: error[invalid-value]: line 1 is larger than the limit of 1 MiB for one record; it was skipped\n")
        #expect(run.stdout.hasPrefix(#"{"id":"after","line":2,"carrier":"povo""#))
        #expect(run.stdout.split(separator: "\n").count == 1)
    }

    @Test func aFiringBudgetIsSetOnTheCommandLine() throws {
        let profile = #"{"carrier": "povo", "location": "abroad"}"#
        let stopped = try Binary.run(["ask", "--profile", "-", "--no-input", "--max-firings", "1"], input: profile)
        #expect(stopped.status == 2)
        #expect(stopped.stderr.hasPrefix("error: the rules could not decide: more than 1 rule firings; the rules involved, most recent first: "))
        let batch = try Binary.run(["batch", "-", "--quiet", "--max-firings", "1"], input: profile + "\n")
        #expect(batch.status == 2)
        #expect(batch.stderr.contains("error[evaluation-failed]: the rules could not decide: more than 1 rule firings"))
        #expect(try Binary.run(["ask", "--profile", "-", "--no-input", "--max-firings", "100000"], input: profile).status == 0)
        let bad = try Binary.run(["ask", "--profile", "-", "--no-input", "--max-firings", "many"], input: profile)
        #expect(bad.status == 64)
        #expect(bad.stderr.hasPrefix("error: --max-firings needs a whole number of 0 or more, found 'many'\nUsage: advisor ask "))
        #expect(bad.stderr.hasSuffix("\nSee 'advisor ask --help'.\n"))
    }
}
