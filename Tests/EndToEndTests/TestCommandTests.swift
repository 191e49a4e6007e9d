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
                "blocked": {"store": ["unconfirmed"]}}}
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
        #expect(run.stdout.contains("FAIL keep"))
        #expect(run.stdout.contains("method: expected none, got online"))
        #expect(run.stdout.contains("warnings: expected but not given: scam-risk"))
        #expect(run.stdout.hasSuffix("0 passed, 1 failed\n"))
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
        let run = try Binary.run(["test", "--quiet", "--mutate"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("mutations: 146/160 noticed by the fixtures\nnot noticed:\n"))
        #expect(run.stdout.contains("Rules/rules/methods.json:"))
        #expect(run.stdout.contains("rule 'phone-offered' removed"))
    }
}

@Suite struct JUnitCommandTests {
    @Test func junitIsWrittenBesideTheTextResults() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-junit-\(UUID().uuidString).xml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try Binary.run(["test", "--quiet", "--junit", path])
        #expect(run.status == 0)
        let xml = try String(contentsOfFile: path, encoding: .utf8)
        #expect(xml.contains(#"<testsuite name="advisor fixtures" tests="71" failures="0" errors="0">"#))
        #expect(xml.contains(#"<testcase name="situation-01-povo-china-drop-number" classname="Fixtures/situation-01-povo-china-drop-number.json"/>"#))
    }
}
