import Foundation
import Testing

@Suite struct BatchTests {
    func temp(_ name: String, _ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func lines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    static let good = [
        #"{"id": "a", "carrier": "povo", "location": "abroad", "keepNumber": false}"#,
        #"{"id": "b", "carrier": "docomo", "keepNumber": true}"#,
        #"{"id": "c", "carrier": "au", "location": "japan", "canLogin": false, "hasId": true}"#,
    ]

    @Test func jsonLinesInGiveAdviceLinesOutInOrder() throws {
        let input = try temp("in.jsonl", Self.good.joined(separator: "\n") + "\n\n")
        let run = try Binary.run(["batch", input, "--jobs", "2", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr == "")
        let advice = try lines(run.stdout)
        #expect(advice.map { $0["id"] as? String } == ["a", "b", "c"])
        #expect(advice.map { $0["method"] as? String } == ["online", "online", "store"])
        #expect(advice.map { $0["action"] as? String } == ["cancel", "port-out", "cancel"], "b wants to keep the number")
        #expect(advice.map { $0["line"] as? Int } == [1, 2, 3])
        // The same object as `ask --json` gives, on one line, with the input line.
        let ask = try Binary.run(["ask", "--profile", "-", "--json"], input: Self.good[0])
        var asked = try #require(try JSONSerialization.jsonObject(with: Data(ask.stdout.utf8)) as? [String: Any])
        asked["line"] = 1
        #expect(NSDictionary(dictionary: asked) == advice[0] as NSDictionary)
    }

    @Test func badRecordsAreReportedWithTheirLineAndTheRestIsEvaluated() throws {
        let text = [Self.good[0], #"{"carier": "au"}"#, "not json", Self.good[2]].joined(separator: "\n")
        let input = try temp("in.jsonl", text)
        let output = URL(fileURLWithPath: input).deletingLastPathComponent().appendingPathComponent("out.jsonl").path
        let run = try Binary.run(["batch", input, "-o", output])
        #expect(run.status == 2)
        #expect(run.stderr.contains("in.jsonl:2:2: error[unknown-key]"))
        #expect(run.stderr.contains("did you mean 'carrier'?"))
        #expect(run.stderr.contains("in.jsonl:3:1: error[malformed-json]"))
        #expect(run.stderr.contains("4 profiles, 2 advised, 2 rejected"))
        let written = try String(contentsOfFile: output, encoding: .utf8)
        #expect(try lines(written).map { $0["id"] as? String } == ["a", "c"])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: URL(fileURLWithPath: output).deletingLastPathComponent().path)
        #expect(leftovers.sorted() == ["in.jsonl", "out.jsonl"], "no partial file is left behind")
    }

    @Test func aJSONArrayIsReadWithTheLinesOfItsElements() throws {
        let input = try temp("in.json", "[\n" + Self.good[0] + ",\n" + #"{"balance": "lots"}"# + "\n]")
        let run = try Binary.run(["batch", input, "--quiet"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("in.json:3:13: error[wrong-type]: 'balance' must be a number"))
        #expect(try lines(run.stdout).map { $0["id"] as? String } == ["a"])
    }

    @Test func csvRowsAreProfiles() throws {
        let csv = """
        id,carrier,location,languages,keepNumber,balance
        a,povo,abroad,zh;en,false,300
        "b, quoted",docomo,,,true,
        c,au,mars,,,
        d,au
        """
        let input = try temp("in.csv", csv)
        let run = try Binary.run(["batch", input, "--quiet"])
        #expect(run.status == 2)
        let advice = try lines(run.stdout)
        #expect(advice.map { $0["id"] as? String } == ["a", "b, quoted"])
        #expect(advice.map { $0["method"] as? String } == ["online", "online"])
        #expect(advice.map { $0["action"] as? String } == ["cancel", "port-out"])
        #expect(run.stderr.contains("in.csv:4:6: error[wrong-type]: 'location' must be one of \"japan\", \"abroad\""))
        #expect(run.stderr.contains("in.csv:5:1: error[invalid-value]: the row has 2 cells, but the header names 6 fields"))
    }

    @Test func standardInputAndTheFormatOption() throws {
        let run = try Binary.run(["batch", "-", "--format", "jsonl", "--quiet", "--lang", "ja"], input: Self.good[0])
        #expect(run.status == 0)
        let advice = try lines(run.stdout)
        #expect((advice.first?["language"] as? String) == "ja")
    }

    @Test(arguments: [
        (["batch"], "at least one INPUT"),
        (["batch", "-", "-"], "standard input (-) can be read only once"),
        (["batch", "-", "--format", "xml"], "unknown format 'xml'"),
        (["batch", "-", "--jobs", "0"], "--jobs needs a whole number"),
    ])
    func usageErrors(_ arguments: [String], _ message: String) throws {
        let run = try Binary.run(arguments)
        #expect(run.status == 64)
        #expect(run.stderr.contains(message), "\(run.stderr)")
    }

    @Test func aMissingInputIsBadInput() throws {
        let run = try Binary.run(["batch", "/nonexistent.jsonl"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("/nonexistent.jsonl: no such file"))
    }
}
