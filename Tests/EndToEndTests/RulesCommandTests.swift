import Foundation
import Testing

@Suite struct RulesCommandTests {
    @Test func theShippedRulesLintClean() throws {
        let run = try Binary.run(["rules", "lint", "--stale-days", "3650"])
        #expect(run.status == 0)
        #expect(run.stdout.hasSuffix("0 errors, 0 warnings\n"))
    }

    @Test func lintReportsErrorsWithExitOneAndWarningsWithZero() throws {
        let temp = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-lint-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: Binary.packageRoot + "/Rules", toPath: temp.path)
        defer { try? FileManager.default.removeItem(at: temp) }
        // A derived fact a rule reads but no rule derives: a warning, not an error.
        let ghost = #"{"facts": [{"name": "ghost", "type": "bool"}], "rules": [{"id": "haunted", "description": "d", "when": {"fact": "ghost", "op": "==", "value": true}, "then": [{"warn": "keep-records"}]}]}"#
        try ghost.write(to: temp.appendingPathComponent("rules/ghost.json"), atomically: true, encoding: .utf8)
        let warned = try Binary.run(["rules", "lint", "--rules", temp.path, "--stale-days", "3650"])
        #expect(warned.status == 0, "\(warned.stdout)\(warned.stderr)")
        #expect(warned.stdout.contains("rules/ghost.json:1:12: warning[never-derived]: rules read 'ghost', but no rule derives it"))
        #expect(warned.stdout.hasSuffix("0 errors, 1 warning\n"))
        // A rule naming an undeclared fact: an error.
        let rules = temp.appendingPathComponent("rules/methods.json")
        let broken = try String(contentsOf: rules, encoding: .utf8).replacingOccurrences(of: "\"canLogin\"", with: "\"canLogn\"")
        try broken.write(to: rules, atomically: true, encoding: .utf8)
        let failed = try Binary.run(["rules", "lint", "--rules", temp.path])
        #expect(failed.status == 1)
        #expect(failed.stdout.contains("error[undeclared-fact]"))
        #expect(failed.stdout.contains("did you mean 'canLogin'?"))
    }

    @Test(arguments: [["rules"], ["rules", "lnt"], ["rules", "lint", "--stale-days", "x"]])
    func usageErrors(_ arguments: [String]) throws {
        let run = try Binary.run(arguments)
        #expect(run.status == 64)
    }
}
