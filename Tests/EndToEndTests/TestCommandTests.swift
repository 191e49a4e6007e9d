import Foundation
import Testing

@Suite struct TestCommandTests {
    /// A fixtures folder in a temporary directory holding the given files.
    func fixtures(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-fixtures-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir
    }

    static let passing = #"""
    {"description": "keep the number: a port-out, never a cancellation",
     "profile": {"carrier": "povo", "keepNumber": true, "balance": 0, "transferToOther": false},
     "expect": {"action": "port-out", "method": "online", "warnings": ["keep-number-use-mnp"],
                "blocked": {"store": ["unconfirmed"], "phone": ["unconfirmed"]}}}
    """#

    @Test func theShippedFixturesPass() throws {
        let run = try Binary.run(["test", "--quiet"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.hasSuffix("passed, 0 failed\n"))
    }

    @Test func aPassingFixtureExitsZero() throws {
        let dir = try fixtures(["keep.json": Self.passing])
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Binary.run(["test", "--fixtures", dir.path])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout == "PASS keep\n1 passed, 0 failed\n")
    }

    @Test func aFailingFixtureExitsOneWithWhatDiffers() throws {
        let wrong = Self.passing.replacingOccurrences(of: #""method": "online""#, with: #""method": "none""#)
            .replacingOccurrences(of: #"["keep-number-use-mnp"]"#, with: #"["keep-number-use-mnp", "scam-risk"]"#)
        let dir = try fixtures(["keep.json": wrong])
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Binary.run(["test", "--fixtures", dir.path])
        #expect(run.status == 1)
        // Each difference at the line of its expectation, then the rules that decided it.
        let file = dir.path + "/keep.json"
        #expect(run.stdout.hasPrefix("FAIL keep (\(file):3)\n     \(file):3: method: expected none, got online (scores: online 3, store 0 blocked, phone 0 blocked)\n     \(file):3: warnings: expected but not given: scam-risk\n     decided by: keep-number-port-out, port-out-online-offered, port-out-phone-unconfirmed, port-out-store-unconfirmed\n"), "\(run.stdout)")
        #expect(run.stdout.hasSuffix("0 passed, 1 failed\n"))
        // The same as JSON.
        let json = try Binary.run(["test", "--fixtures", dir.path, "--json"])
        #expect(json.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(report["passed"] as? Int == 0 && report["failed"] as? Int == 1)
        let fixture = try #require((report["fixtures"] as? [[String: Any]])?.first)
        #expect(fixture["name"] as? String == "keep")
        #expect(fixture["group"] as? String == "povo")
        #expect(fixture["passed"] as? Bool == false)
        let mismatches = try #require(fixture["mismatches"] as? [[String: Any]])
        #expect(mismatches.map { $0["line"] as? Int } == [3, 3])
        #expect((fixture["decidedBy"] as? [String])?.contains("keep-number-port-out") == true)
    }

    @Test func aFilterRunsTheFixturesWhoseNameHasTheText() throws {
        let dir = try fixtures(["keep.json": Self.passing, "other.json": Self.passing.replacingOccurrences(of: #""method": "online""#, with: #""method": "none""#)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Binary.run(["test", "--fixtures", dir.path, "--filter", "kee"])
        #expect(run.status == 0)
        #expect(run.stdout == "PASS keep\n1 passed, 0 failed\n")
        let none = try Binary.run(["test", "--fixtures", dir.path, "--filter", "zzz"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("no fixture in \(dir.path) has a name containing 'zzz'"))
        let shipped = try Binary.run(["test", "--filter", "ahamo", "--json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(shipped.stdout.utf8)) as? [String: Any])
        let names = try #require((report["fixtures"] as? [[String: Any]])?.compactMap { $0["name"] as? String })
        #expect(!names.isEmpty && names.allSatisfy { $0.contains("ahamo") })
    }

    /// A test carrier beside the fixtures joins the rules for the run, and only for `test`.
    @Test func aTestCarrierInTheFixturesJoinsTheRules() throws {
        let povo = try String(contentsOfFile: Binary.packageRoot + "/Rules/carriers/povo.json", encoding: .utf8)
        let fixture = Self.passing.replacingOccurrences(of: #""carrier": "povo""#, with: #""carrier": "test-copy""#)
        let dir = try fixtures(["keep.json": fixture])
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("carriers"), withIntermediateDirectories: true)
        try povo.replacingOccurrences(of: #""id": "povo""#, with: #""id": "test-copy""#).write(to: dir.appendingPathComponent("carriers/test-copy.json"), atomically: true, encoding: .utf8)
        let run = try Binary.run(["test", "--fixtures", dir.path, "--json"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect((report["fixtures"] as? [[String: Any]])?.map { $0["group"] as? String } == ["test-copy"])
        // Not a carrier of `ask`.
        let ask = try Binary.run(["ask", "--profile", "-", "--json"], input: #"{"carrier": "test-copy"}"#)
        #expect(ask.status == 2)
        #expect(ask.stderr.contains("unknown carrier 'test-copy'"))
        // A file not named test-*.json could be taken for a shipped carrier: refused.
        try povo.write(to: dir.appendingPathComponent("carriers/povo.json"), atomically: true, encoding: .utf8)
        let odd = try Binary.run(["test", "--fixtures", dir.path])
        #expect(odd.status == 2)
        #expect(odd.stderr.contains("carriers/povo.json: a test carrier's id and file name start with 'test-'"))
    }

    @Test func belowTheMinimumCoverageExitsOne() throws {
        let dir = try fixtures(["keep.json": Self.passing])
        defer { try? FileManager.default.removeItem(at: dir) }
        let low = try Binary.run(["test", "--fixtures", dir.path, "--min-coverage", "50"])
        #expect(low.status == 1, "\(low.stdout)\(low.stderr)")
        #expect(low.stderr.contains("error: coverage is below the minimum of 50%: coverage: "))
        #expect(low.stdout.contains("PASS keep\n1 passed, 0 failed\ncoverage: "))
        let zero = try Binary.run(["test", "--fixtures", dir.path, "--min-coverage", "0", "--json"])
        #expect(zero.status == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(zero.stdout.utf8)) as? [String: Any])
        let coverage = try #require(report["coverage"] as? [String: Any])
        #expect((coverage["rulesPercent"] as? Double ?? 100) < 50)
        #expect((coverage["rulesNeverFired"] as? [String])?.contains("cancellation-is-final") == true)
        let bad = try Binary.run(["test", "--min-coverage", "101"])
        #expect(bad.status == 64)
    }

    /// A removed rule: the fixtures that pinned it fail, named with their lines.
    @Test func aRemovedRuleFailsTheFixturesThatNeedIt() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-rules-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: Binary.packageRoot + "/Rules", toPath: copy.path)
        defer { try? FileManager.default.removeItem(at: copy) }
        let path = copy.path + "/rules/decision.json"
        var doc = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        var rules = try #require(doc["rules"] as? [[String: Any]])
        rules.removeAll { $0["id"] as? String == "keep-number-port-out" }
        doc["rules"] = rules
        try JSONSerialization.data(withJSONObject: doc).write(to: URL(fileURLWithPath: path))
        let run = try Binary.run(["test", "--quiet", "--rules", copy.path])
        #expect(run.status == 1)
        #expect(run.stdout.contains("FAIL ahamo-keep-number-mnp-15-days (Fixtures/ahamo-keep-number-mnp-15-days.json:"))
        #expect(run.stdout.contains("action: expected port-out, got cancel"))
    }

    @Test func anInvalidFixtureExitsTwoWithItsPlace() throws {
        let bad = Self.passing.replacingOccurrences(of: #""carrier": "povo""#, with: #""carier": "povo""#)
        let dir = try fixtures(["bad.json": bad, "keep.json": Self.passing])
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Binary.run(["test", "--fixtures", dir.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("bad.json:2:"))
        #expect(run.stderr.contains("did you mean 'carrier'?"))
        #expect(run.stdout.contains("PASS keep"), "the good fixtures still run")
    }

    @Test func coverageNamesTheRulesNoFixtureFires() throws {
        let dir = try fixtures(["keep.json": Self.passing])
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Binary.run(["test", "--fixtures", dir.path, "--coverage"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("rules fired;"))
        #expect(run.stdout.contains("rules no fixture fires:"))
        #expect(run.stdout.contains("Rules/rules/warnings.json:"))
        #expect(run.stdout.contains(": cancellation-is-final\n"))
        #expect(!run.stdout.contains(": keep-number-port-out\n"), "it fired")
    }

    @Test func aMissingFixturesFolderIsBadInput() throws {
        let run = try Binary.run(["test", "--fixtures", "/nonexistent"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("/nonexistent: no such directory"))
    }
}

@Suite struct MutateCommandTests {
    @Test func mutateReportsTheChangesNoFixtureNotices() throws {
        // The shipped fixtures notice every mutant but those listed as equivalent.
        let run = try Binary.run(["test", "--quiet", "--mutate"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(!run.stdout.contains("not noticed:\n"))
        // Without the fixture that pins a rule, its removal survives: the run fails and names it.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-fixtures-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: Binary.packageRoot + "/Fixtures", toPath: dir.path)
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.removeItem(atPath: dir.path + "/test-port-out-unsure-online-keep-number-login-unknown.json")
        let unlisted = try Binary.run(["test", "--quiet", "--mutate", "--fixtures", dir.path])
        #expect(unlisted.status == 1)
        #expect(unlisted.stdout.contains("not noticed:\n  Rules/rules/methods.json:"), "\(unlisted.stdout)")
        #expect(unlisted.stdout.contains(": rule 'port-out-online-possibly-offered' removed\n"))
        // Listed as equivalent with a reason, it no longer fails the run.
        try #"{"equivalent": [{"mutant": "rule 'port-out-online-possibly-offered' removed", "reason": "for this test"}]}"#.write(toFile: dir.path + "/equivalent-mutants.json", atomically: true, encoding: .utf8)
        let listed = try Binary.run(["test", "--quiet", "--mutate", "--fixtures", dir.path])
        #expect(listed.status == 0, "\(listed.stdout)\(listed.stderr)")
        #expect(listed.stdout.contains("not noticed, listed as equivalent:\n"))
        // A list without a reason is an invalid fixture file.
        try #"{"equivalent": [{"mutant": "rule 'x' removed", "reason": ""}]}"#.write(toFile: dir.path + "/equivalent-mutants.json", atomically: true, encoding: .utf8)
        let invalid = try Binary.run(["test", "--quiet", "--mutate", "--fixtures", dir.path])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("equivalent-mutants.json:1:"))
    }
}

@Suite struct JUnitCommandTests {
    @Test func junitIsWrittenBesideTheTextResults() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-junit-\(UUID().uuidString).xml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try Binary.run(["test", "--quiet", "--junit", path])
        #expect(run.status == 0)
        let xml = try String(contentsOfFile: path, encoding: .utf8)
        #expect(xml.contains(#"<testsuite name="advisor fixtures" tests=""#))
        #expect(xml.contains(#" failures="0" errors="0" time=""#))
        #expect(xml.contains(#"<testcase name="situation-01-povo-china-drop-number" classname="fixtures.povo" file="Fixtures/situation-01-povo-china-drop-number.json" time=""#))
    }
}
