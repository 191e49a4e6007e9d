import Foundation
import Testing

/// `advisor batch` as a support desk runs it: generated files with bad records mixed in, every
/// output format and detail, several inputs, `--errors`, `--summary`, `--fail-fast`.
@Suite struct BatchAtScaleTests {
    /// A directory of its own for each test.
    let dir: String = {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-scale-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()

    func write(_ name: String, _ text: String) throws -> String {
        let path = dir + "/" + name
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    static let carriers = ["docomo", "au", "softbank", "povo", "ahamo", "mineo", "other"]
    static let bad = [#"{"carrier": "dokomo"}"#, "not json", #"{"balance": -5}"#, #"{"hasId": "yes"}"#]

    /// `count` lines, every `every`-th one bad; the lines (1-based) of the bad ones.
    static func generated(_ count: Int, every: Int, seed: UInt64) -> (text: String, bad: [Int]) {
        var state = seed
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        var lines: [String] = [], bad: [Int] = []
        for i in 1...count {
            if i % every == 0 { lines.append(Self.bad[next() % 4]); bad.append(i); continue }
            var fields = [#""id": "p\#(i)""#]
            if next() % 3 != 0 { fields.append(#""carrier": "\#(carriers[next() % carriers.count])""#) }
            if next() % 3 != 0 { fields.append(#""location": "\#(next() % 2 == 0 ? "japan" : "abroad")""#) }
            if next() % 3 != 0 { fields.append(#""keepNumber": \#(next() % 4 == 0)"#) }
            if next() % 3 != 0 { fields.append(#""balance": \#(next() % 3 == 0 ? 0 : next() % 2_000)"#) }
            if next() % 3 != 0 { fields.append(#""canLogin": \#(next() % 2 == 0)"#) }
            if next() % 3 != 0 { fields.append(#""deadlineDays": \#(next() % 30)"#) }
            if next() % 3 != 0 { fields.append(#""languages": ["\#(["zh", "en", "ko", "fr"][next() % 4])"]"#) }
            lines.append("{" + fields.joined(separator: ", ") + "}")
        }
        return (lines.joined(separator: "\n") + "\n", bad)
    }

    @Test(arguments: [("jsonl", "full"), ("jsonl", "decision"), ("json", "full"), ("json", "decision"), ("csv", "decision")])
    func everyFormatKeepsOrderNamesBadLinesAndDoesNotDependOnJobs(_ format: String, _ detail: String) throws {
        let (text, bad) = Self.generated(1_200, every: 37, seed: 11)
        let input = try write("in.jsonl", text)
        var outputs: [String] = []
        for jobs in ["1", "2"] {
            let out = dir + "/out-\(jobs).\(format)", errors = dir + "/errors-\(jobs).jsonl"
            let run = try Binary.run(["batch", input, "-o", out, "--output-format", format, "--detail", detail, "-j", jobs, "--errors", errors, "-q"])
            #expect(run.status == 2, "\(run.stderr.prefix(300))")
            #expect(run.stderr.split(separator: "\n").count == bad.count, "one line on standard error per bad record")
            let rejected = try read(errors).split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(rejected.compactMap { $0?["line"] as? Int } == bad)
            #expect(rejected.allSatisfy { r in ["file", "line", "column", "pointer", "code", "message"].allSatisfy { r?[$0] != nil } })
            outputs.append(try read(out))
        }
        #expect(outputs[0] == outputs[1], "--jobs 1 and --jobs 2 byte-identical")
        let good = (1...1_200).filter { !bad.contains($0) }
        let lines: [Int]
        switch format {
        case "csv":
            let rows = outputs[0].split(separator: "\n")
            #expect(rows.first?.hasPrefix("id,line,carrier,action,method,") == true)
            lines = rows.dropFirst().map { Int($0.split(separator: ",")[1]) ?? 0 }
        case "json":
            let array = try #require(try JSONSerialization.jsonObject(with: Data(outputs[0].utf8)) as? [[String: Any]])
            lines = array.compactMap { $0["line"] as? Int }
        default:
            lines = try outputs[0].split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])["line"] as? Int ?? 0 }
        }
        #expect(lines == good, "every good record, in input order, with its line")
        if detail == "decision" && format != "csv" { #expect(!outputs[0].contains("\"message\"") && !outputs[0].contains("\"steps\"")) }
    }

    @Test func severalInputsAndADirectoryWithTheSummary() throws {
        let a = try write("a.jsonl", Self.generated(50, every: 10, seed: 1).text)
        _ = try write("inbox/2.csv", "id,carrier,location\nx,au,japan\ny,,abroad\n")
        _ = try write("inbox/1.jsonl", #"{"id": "z", "carrier": "povo"}"# + "\n")
        _ = try write("inbox/notes.txt", "not a profile file")
        let summary = dir + "/summary.json"
        let run = try Binary.run(["batch", a, dir + "/inbox", "--detail", "decision", "--summary", summary, "-q"])
        #expect(run.status == 2)
        let records = run.stdout.split(separator: "\n").map(String.init)
        #expect(records.count == 45 + 1 + 2)
        #expect(records[45].contains(#""file":"\#(dir)/inbox/1.jsonl","line":1"#), "directories in path order, each record naming its file")
        #expect(records[46].contains(#""file":"\#(dir)/inbox/2.csv","line":2"#))
        let s = try #require(try JSONSerialization.jsonObject(with: Data(try read(summary).utf8)) as? [String: Any])
        #expect(s["records"] as? Int == 53 && s["advised"] as? Int == 48 && s["rejected"] as? Int == 5)
        #expect((s["inputs"] as? [String])?.count == 3)
        let overall = try #require(s["overall"] as? [String: Any])
        #expect((overall["methods"] as? [String: Int])?.values.reduce(0, +) == 48)
        #expect((s["carriers"] as? [String: Any])?["povo"] != nil)
    }

    @Test func theSummaryOnStandardError() throws {
        let input = try write("in.jsonl", Self.generated(200, every: 50, seed: 3).text)
        let run = try Binary.run(["batch", input, "-o", "/dev/null"])
        let lines = run.stderr.split(separator: "\n").map(String.init)
        let summary = try #require(lines.first { $0.hasPrefix("advisor batch: ") })
        #expect(summary.hasPrefix("advisor batch: 200 profiles, 196 advised, 4 rejected ("))
        #expect(lines.contains { $0.hasPrefix("  methods: ") } && lines.contains { $0.hasPrefix("  actions: ") })
        #expect(lines.contains { $0.hasPrefix("  top warnings: ") } && lines.contains { $0.hasPrefix("  top missing: ") })
        #expect(try Binary.run(["batch", input, "-o", "/dev/null", "-q"]).stderr.split(separator: "\n").count == 4, "--quiet: the rejections only")
    }

    @Test func failFastStopsAndWritesNoOutput() throws {
        let input = try write("in.jsonl", Self.generated(100, every: 30, seed: 5).text)
        let out = try write("out.jsonl", "earlier output\n")
        let run = try Binary.run(["batch", input, "-o", out, "--fail-fast"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("in.jsonl:30:"))
        #expect(!run.stderr.contains("in.jsonl:60:"), "nothing after the first rejected record")
        #expect(run.stderr.contains("so \(out) was not written"))
        #expect(try read(out) == "earlier output\n", "the earlier output is left as it was")
    }

    /// A stream fed line by line (a person typing, a distributed engine's pipe) gets each
    /// line's advice before the next line comes, whatever the threads.
    @Test(arguments: ["1", "2"]) func aStreamGetsItsAdviceAsItGoes(_ jobs: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = ["batch", "-", "-q", "-j", jobs, "--detail", "decision"]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { process.terminate() }
        // The lines of output as they come, read on a thread of their own.
        let lines = _Lines()
        Thread.detachNewThread {
            var pending = Data()
            while true {
                let data = stdout.fileHandleForReading.availableData
                if data.isEmpty { break }
                pending.append(data)
                while let end = pending.firstIndex(of: 0x0A) {
                    lines.add(String(decoding: pending[pending.startIndex..<end], as: UTF8.self))
                    pending = Data(pending[(end + 1)...])
                }
            }
        }
        for (i, carrier) in ["povo", "docomo", "au"].enumerated() {
            stdin.fileHandleForWriting.write(Data((#"{"id": "s\#(i)", "carrier": "\#(carrier)"}"# + "\n").utf8))
            let line = lines.wait(for: i + 1, seconds: 60)
            #expect(line?.hasPrefix(#"{"id":"s\#(i)","line":\#(i + 1),"carrier":"\#(carrier)""#) == true, "\(line ?? "no advice within 60 s")")
        }
        try stdin.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func aCSVHeaderErrorIsReportedOnce() throws {
        let rows = (1...500).map { "r\($0),au,japan" }.joined(separator: "\n")
        let input = try write("in.csv", "id,carier,location\n" + rows + "\n")
        let run = try Binary.run(["batch", input, "-q"])
        #expect(run.status == 2)
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr.prefix(500))")
        #expect(run.stderr.contains("in.csv:1:4: error[unknown-key]: the CSV header names unknown field 'carier' (column 2); did you mean 'carrier'?"))
    }
}

/// Lines read on one thread and waited for on another.
final class _Lines: @unchecked Sendable {
    private var lines: [String] = []
    private let condition = NSCondition()

    func add(_ line: String) {
        condition.lock()
        lines.append(line)
        condition.broadcast()
        condition.unlock()
    }

    /// The `count`-th line (from 1), once there are that many; nil after `seconds`.
    func wait(for count: Int, seconds: Double) -> String? {
        let deadline = Date(timeIntervalSinceNow: seconds)
        condition.lock()
        defer { condition.unlock() }
        while lines.count < count {
            if !condition.wait(until: deadline) { return nil }
        }
        return lines[count - 1]
    }
}
