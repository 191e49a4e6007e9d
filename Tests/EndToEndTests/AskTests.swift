import Foundation
import Testing

let povoAbroad = #"{"id": "p1", "carrier": "povo", "location": "abroad", "balance": 300, "japanese": "none", "languages": ["zh"], "canLogin": true, "keepNumber": false, "boundServices": true, "hasBackup": false}"#

@Suite struct AskTests {
    struct GoldenCase: Sendable, CustomTestStringConvertible {
        var name: String
        var arguments: [String]
        var input: String
        var testDescription: String { name }
    }

    static let goldenCases: [GoldenCase] = [
        GoldenCase(name: "ask-povo-abroad.zh-Hans.txt", arguments: ["ask", "--profile", "-", "--lang", "zh-Hans", "--no-input"], input: povoAbroad),
        GoldenCase(name: "ask-povo-abroad.ja.txt", arguments: ["ask", "--profile", "-", "--lang", "ja", "--no-input"], input: povoAbroad),
        GoldenCase(name: "ask-povo-abroad.en.txt", arguments: ["ask", "--profile", "-", "--no-input"], input: povoAbroad),
        GoldenCase(name: "ask-povo-abroad.json", arguments: ["ask", "--profile", "-", "--json", "--explain"], input: povoAbroad),
        GoldenCase(name: "ask-keep-number.en.txt", arguments: ["ask", "--profile", "-", "--no-input"], input: #"{"carrier": "docomo", "keepNumber": true, "location": "japan"}"#),
    ]

    @Test(arguments: goldenCases)
    func outputMatchesGoldenFile(_ c: GoldenCase) throws {
        let run = try Binary.run(c.arguments, input: c.input)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stderr == "")
        let expected = try Binary.golden(c.name, run.stdout)
        #expect(run.stdout == expected, "differs from Golden/\(c.name); re-record with RECORD_GOLDEN=1 swift test if the change is intended")
    }

    @Test func jsonIsTheContractAdviceObject() throws {
        let run = try Binary.run(["ask", "--profile", "-", "--json"], input: povoAbroad)
        #expect(run.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["id"] as? String == "p1")
        #expect(object["method"] as? String == "online")
        #expect(object["policyCheckedOn"] as? String == "2026-11-24")
        let warnings = try #require(object["warnings"] as? [[String: Any]])
        #expect(warnings.first?["id"] as? String == "no-reactivation")
        #expect(warnings.allSatisfy { $0["severity"] is String && $0["message"] is String })
        let severities = warnings.compactMap { $0["severity"] as? String }.map { ["critical": 0, "high": 1, "medium": 2, "low": 3][$0] ?? 9 }
        #expect(severities == severities.sorted())
        let ranking = try #require(object["ranking"] as? [[String: Any]])
        #expect(ranking.map { $0["method"] as? String } == ["online", "store", "phone"])
        #expect((object["steps"] as? [String])?.isEmpty == false)
        #expect(object["missing"] is [String])
        #expect(object["trace"] == nil, "the trace comes only with --explain")
    }

    @Test func explainAddsTheTraceInFiringOrder() throws {
        let run = try Binary.run(["ask", "--profile", "-", "--json", "--explain"], input: povoAbroad)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let trace = try #require(object["trace"] as? [[String: Any]])
        let rules = trace.compactMap { $0["rule"] as? String }
        #expect(rules.first == "cancel-when-number-not-needed")
        #expect(rules.contains("online-offered"))
        #expect((trace.first?["derived"] as? [String: Any])?["cancel.advised"] as? Bool == true)
    }

    struct BadInput: Sendable, CustomTestStringConvertible {
        var name: String
        var input: String
        var status: Int32
        /// Phrases standard error must contain.
        var messages: [String]
        var testDescription: String { name }
    }

    static let badInputs: [BadInput] = [
        BadInput(name: "malformed JSON", input: "{\"carrier\": \"povo\",\n  \"location\": abroad}", status: 2, messages: ["<stdin>:2:15", "malformed-json"]),
        BadInput(name: "unknown field", input: #"{"carier": "povo"}"#, status: 2, messages: ["<stdin>:1:2", "unknown field 'carier'", "did you mean 'carrier'?", "/carier"]),
        BadInput(name: "unknown carrier", input: #"{"carrier": "dococmo"}"#, status: 2, messages: ["<stdin>:1:13", "unknown carrier 'dococmo'", "did you mean 'docomo'?", "other"]),
        BadInput(name: "wrong type", input: #"{"balance": "300"}"#, status: 2, messages: ["'balance' must be a number", "/balance"]),
        BadInput(name: "negative number", input: #"{"deadlineDays": -1}"#, status: 2, messages: ["'deadlineDays' must be a number ≥ 0"]),
        BadInput(name: "enum value", input: #"{"location": "abraod"}"#, status: 2, messages: ["did you mean 'abroad'?"]),
        BadInput(name: "not an object", input: "[1, 2]", status: 2, messages: ["a profile must be an object, found an array"]),
        BadInput(name: "several problems at once", input: #"{"carier": "povo", "balance": true}"#, status: 2, messages: ["'carier'", "'balance' must be a number"]),
        BadInput(name: "empty input", input: "", status: 2, messages: ["the document is empty"]),
    ]

    @Test(arguments: badInputs)
    func badProfilesExitTwoWithThePlace(_ c: BadInput) throws {
        let run = try Binary.run(["ask", "--profile", "-"], input: c.input)
        #expect(run.status == c.status)
        #expect(run.stdout == "")
        for m in c.messages { #expect(run.stderr.contains(m), "stderr: \(run.stderr)") }
    }

    @Test func aMissingProfileFileIsBadInput() throws {
        let run = try Binary.run(["ask", "--profile", "/nonexistent/profile.json"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("/nonexistent/profile.json: no such file"))
    }

    struct Usage: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let usages: [Usage] = [
        Usage(arguments: ["ask", "--profle", "x.json"], message: "did you mean '--profile'?"),
        Usage(arguments: ["ask", "--lang", "fr", "--profile", "-"], message: "unknown language 'fr'"),
        Usage(arguments: ["ask", "--profile"], message: "needs a value"),
        Usage(arguments: ["ask", "--no-input"], message: "ask needs a question, --profile FILE"),
        Usage(arguments: ["aks"], message: "did you mean 'ask'?"),
        Usage(arguments: [], message: "USAGE"),
    ]

    @Test(arguments: usages)
    func usageErrorsExit64(_ c: Usage) throws {
        let run = try Binary.run(c.arguments)
        #expect(run.status == 64)
        #expect(run.stderr.contains(c.message), "stderr: \(run.stderr)")
    }

    @Test(arguments: [["--help"], ["ask", "--help"], ["ask", "-h"], ["test", "--help"], ["help", "ask"], ["rules", "lint", "--help"]])
    func helpExitsZero(_ arguments: [String]) throws {
        let run = try Binary.run(arguments)
        #expect(run.status == 0)
        #expect(run.stdout.contains("USAGE"))
    }

    @Test func languageComesFromTheLocale() throws {
        let zh = try Binary.run(["ask", "--profile", "-", "--no-input"], input: povoAbroad, environment: ["LANG": "zh_CN.UTF-8"])
        #expect(zh.stdout.contains("推荐方式"))
        let ja = try Binary.run(["ask", "--profile", "-", "--no-input"], input: povoAbroad, environment: ["LC_ALL": "ja_JP.UTF-8"])
        #expect(ja.stdout.contains("おすすめの方法") || ja.stdout.contains("方法"))
        let en = try Binary.run(["ask", "--profile", "-", "--no-input"], input: povoAbroad, environment: ["LANG": "fr_FR.UTF-8"])
        #expect(en.stdout.contains("Recommended method"))
    }

    @Test func theShippedRulesTravelWithTheBinary() throws {
        let temp = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: temp) }
        let copy = temp.appendingPathComponent("advisor").path
        try FileManager.default.copyItem(atPath: Binary.path, toPath: copy)
        let run = try Binary.run(["ask", "--profile", "-", "--json"], input: povoAbroad, directory: temp.path, executable: copy)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("\"method\": \"online\""))
    }

    @Test func anotherRuleSetCanBeLoaded() throws {
        let byOption = try Binary.run(["ask", "--profile", "-", "--json", "--rules", Binary.packageRoot + "/Rules"], input: povoAbroad, directory: "/")
        #expect(byOption.status == 0)
        let byEnvironment = try Binary.run(["ask", "--profile", "-", "--json"], input: povoAbroad, environment: ["ADVISOR_RULES": Binary.packageRoot + "/Rules"], directory: "/")
        #expect(byEnvironment.stdout == byOption.stdout)
        let missing = try Binary.run(["ask", "--profile", "-", "--rules", "/nonexistent"], input: povoAbroad)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent"))
    }

    @Test func aBrokenRuleSetIsReportedWithEveryPlace() throws {
        let temp = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-rules-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: Binary.packageRoot + "/Rules", toPath: temp.path)
        defer { try? FileManager.default.removeItem(at: temp) }
        let rules = temp.appendingPathComponent("rules/methods.json")
        var text = try String(contentsOf: rules, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"policy.online\"", with: "\"policy.onlin\"")
        try text.write(to: rules, atomically: true, encoding: .utf8)
        let run = try Binary.run(["ask", "--profile", "-", "--rules", temp.path], input: povoAbroad)
        #expect(run.status == 2)
        #expect(run.stderr.contains("rules/methods.json:"))
        #expect(run.stderr.contains("undeclared-fact"))
        #expect(run.stderr.contains("did you mean 'policy.online'?"))
        #expect(run.stderr.contains("rule 'online-offered'"))
        #expect(run.stderr.contains("rule 'online-not-offered'"))
    }
}
