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

@Suite struct ExportCommandTests {
    @Test func exportWritesTheProgramToStandardOutputOrAFile() throws {
        let printed = try Binary.run(["rules", "export", "--format", "clips"])
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect(printed.stdout.hasPrefix(";;; The rule set as a CLIPS program"))
        #expect(printed.stdout.contains("(defrule keep-number-port-out "))
        #expect(printed.stderr.isEmpty)
        let temp = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-export-\(UUID().uuidString).clp")
        defer { try? FileManager.default.removeItem(at: temp) }
        let written = try Binary.run(["rules", "export", "-o", temp.path])
        #expect(written.status == 0 && written.stdout.isEmpty)
        #expect(try String(contentsOf: temp, encoding: .utf8) == printed.stdout)
    }

    @Test func helpAndUsageErrors() throws {
        let help = try Binary.run(["rules", "export", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--format FORMAT") && help.stdout.contains("-o, --output FILE"))
        #expect(try Binary.run(["help", "rules", "export"]).stdout == help.stdout)
        let unknown = try Binary.run(["rules", "export", "--format", "jess"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("unknown format 'jess'; expected clips"))
        #expect(try Binary.run(["rules", "export", "--frmat", "clips"]).status == 64)
    }

    /// A rule set with a part CLIPS cannot hold: the diagnostics, exit 1, and an existing
    /// output left as it was; a rule set that does not load: exit 2.
    @Test func whatCannotBeExpressedFailsAndWritesNothing() throws {
        let temp = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-export-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: Binary.packageRoot + "/Rules", toPath: temp.path)
        defer { try? FileManager.default.removeItem(at: temp) }
        let odd = #"{"rules": [{"id": "odd id", "description": "d", "when": {"fact": "hasId", "op": "known"}, "then": [{"warn": "keep-records"}]}]}"#
        try odd.write(to: temp.appendingPathComponent("rules/odd.json"), atomically: true, encoding: .utf8)
        let out = temp.appendingPathComponent("out.clp")
        try "keep me".write(to: out, atomically: true, encoding: .utf8)
        let run = try Binary.run(["rules", "export", "--rules", temp.path, "-o", out.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("error[not-expressible]: the rule id 'odd id' cannot be a CLIPS rule name"))
        #expect(run.stderr.contains("nothing was written"))
        #expect(try String(contentsOf: out, encoding: .utf8) == "keep me")
        try "{".write(to: temp.appendingPathComponent("rules/odd.json"), atomically: true, encoding: .utf8)
        #expect(try Binary.run(["rules", "export", "--rules", temp.path]).status == 2)
    }
}
