@testable import Advisor
import Foundation
import RulesEngine
import Testing

/// The report of `advisor test`: the tally, the lines, the summary, the verdict.
@Suite struct FixtureReportTests {
    static let passing = #"""
    {"description": "keep the number: a port-out, never a cancellation",
     "profile": {"carrier": "povo", "keepNumber": true, "balance": 0, "transferToOther": false},
     "expect": {"action": "port-out", "method": "online", "warnings": ["keep-number-use-mnp"],
                "blocked": {"store": ["unconfirmed"], "phone": ["unconfirmed"]}}}
    """#

    /// A suite loaded from a temporary folder of `files`.
    static func suite(_ files: [String: String]) throws -> FixtureSuite {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return FixtureSuite.load(directory: dir.path, knowledgeBase: shippedKnowledgeBase)
    }

    @Test func passesFailuresAndInvalidFilesAreTallied() throws {
        let failing = Self.passing.replacingOccurrences(of: #""method": "online""#, with: #""method": "none""#)
        let invalid = Self.passing.replacingOccurrences(of: #""carrier": "povo""#, with: #""carier": "povo""#)
        let suite = try Self.suite(["a-keep.json": Self.passing, "b-wrong.json": failing, "c-bad.json": invalid])
        var seen: [String] = []
        let report = FixtureReport.run(suite, with: Advisor(shippedKnowledgeBase)) { seen.append($0.fixture) }
        #expect(seen == ["a-keep", "b-wrong"], "each outcome as it comes, in order")
        #expect(report.outcomes.map(\.fixture) == ["a-keep", "b-wrong"])
        #expect(report.passed == 1)
        #expect(report.failed == 1)
        #expect(report.invalidFiles == 1)
        #expect(report.summary == "1 passed, 1 failed, 1 invalid fixture file\n")
        #expect(report.verdict == .invalid, "an invalid file outweighs a failure")
        #expect(report.junit.contains(#"tests="3" failures="1" errors="1""#))
    }

    @Test func theVerdict() {
        var report = FixtureReport()
        #expect(report.verdict == .passed)
        #expect(report.summary == "0 passed, 0 failed\n")
        report.record(FixtureOutcome(fixture: "a", file: "a.json", mismatches: []))
        #expect(report.verdict == .passed)
        report.record(FixtureOutcome(fixture: "b", file: "b.json", mismatches: ["method: expected none, got online"]))
        #expect(report.verdict == .failed)
        #expect(report.summary == "1 passed, 1 failed\n")
        let at = SourceLocation(file: "c.json", line: 1, column: 1, pointer: "")
        let invalid = FixtureReport(diagnostics: [Diagnostic(.malformedJSON, .error, "x", at: at), Diagnostic(.unknownKey, .error, "y", at: at),
                                                  Diagnostic(.unknownKey, .error, "z", at: SourceLocation(file: "d.json", line: 2, column: 1, pointer: ""))])
        #expect(invalid.verdict == .invalid)
        #expect(invalid.invalidFiles == 2, "counted by file, not by problem")
        #expect(invalid.summary == "0 passed, 0 failed, 2 invalid fixture files\n")
    }

    @Test func theLinesOfAnOutcome() {
        let pass = FixtureOutcome(fixture: "keep", file: "Fixtures/keep.json", mismatches: [])
        let places = [SourceLocation(file: "Fixtures/keep.json", line: 5, column: 5, pointer: "/expect/method"),
                      SourceLocation(file: "Fixtures/keep.json", line: 7, column: 5, pointer: "/expect/warnings")]
        let fail = FixtureOutcome(fixture: "keep", file: "Fixtures/keep.json", mismatches: ["method: expected none, got online", "warnings: expected but not given: scam-risk"],
                                  places: places, decidedBy: ["online-offered", "scam-warning"])
        #expect(FixtureReport.lines(for: pass, quiet: false) == "PASS keep\n")
        #expect(FixtureReport.lines(for: pass, quiet: true) == "")
        let failure = "FAIL keep (Fixtures/keep.json:5)\n     Fixtures/keep.json:5: method: expected none, got online\n     Fixtures/keep.json:7: warnings: expected but not given: scam-risk\n     decided by: online-offered, scam-warning\n"
        #expect(FixtureReport.lines(for: fail, quiet: false) == failure)
        #expect(FixtureReport.lines(for: fail, quiet: true) == failure, "failures are printed even when quiet")
    }

    @Test func theMutationSummary() {
        let at = SourceLocation(file: "Rules/rules/methods.json", line: 3, column: 5, pointer: "/rules/0")
        let survivor = Mutation(rule: "phone-offered", kind: .removed, location: at, change: "rule 'phone-offered' removed")
        let other = Mutation(rule: "b", kind: .negated, location: at, change: "rule 'b' with its condition negated")
        #expect(FixtureReport.mutationSummary(survivors: [], tried: 4) == "mutations: 4/4 noticed by the fixtures\n")
        #expect(FixtureReport.mutationSummary(survivors: [survivor], tried: 4) == "mutations: 3/4 noticed by the fixtures\nnot noticed:\n  Rules/rules/methods.json:3:5: rule 'phone-offered' removed\n")
        let listed = EquivalentMutants(text: #"{"equivalent": [{"mutant": "rule 'b' with its condition negated", "reason": "r"}, {"mutant": "rule 'gone' removed", "reason": "q"}]}"#, file: "e.json")
        #expect(listed.diagnostics.isEmpty)
        #expect(FixtureReport.mutationSummary(survivors: [survivor, other], tried: 4, equivalents: listed) == """
            mutations: 2/4 noticed by the fixtures
            not noticed:
              Rules/rules/methods.json:3:5: rule 'phone-offered' removed
            not noticed, listed as equivalent:
              Rules/rules/methods.json:3:5: rule 'b' with its condition negated (r)
            listed as equivalent but noticed (or no longer made); remove from equivalent-mutants.json:
              e.json:1:83: rule 'gone' removed

            """)
        let bad = EquivalentMutants(text: #"{"equivalent": [{"mutant": "x", "reason": " "}, {"reason": "y"}]}"#, file: "e.json")
        #expect(bad.diagnostics.map(\.code) == [.invalidValue, .missingKey])
    }
}
