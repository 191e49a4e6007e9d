import Foundation
import Testing

@Suite struct RulesCommandTests {
    /// A copy of the shipped rules, changed by `change`, removed at the end.
    final class BrokenCopy {
        let path: String
        init(_ change: (String) throws -> Void) throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-lint-\(UUID().uuidString)").path
            try FileManager.default.copyItem(atPath: Binary.packageRoot + "/Rules", toPath: path)
            try change(path)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }

        /// Adds a rule file holding `rules` (JSON rule objects) as `rules/extra.json`, one line.
        static func adding(_ rules: String) throws -> BrokenCopy {
            try BrokenCopy { root in try #"{"rules": ["# .appending(rules).appending("]}").write(toFile: root + "/rules/extra.json", atomically: true, encoding: .utf8) }
        }

        func replace(_ file: String, _ old: String, _ new: String) throws {
            let text = try String(contentsOfFile: path + "/" + file, encoding: .utf8)
            #expect(text.contains(old), "\(file) has no \(old)")
            try text.replacingOccurrences(of: old, with: new).write(toFile: path + "/" + file, atomically: true, encoding: .utf8)
        }
    }

    /// How many rules the shipped rule files hold, counted from the files themselves.
    static let shippedRules: Int = {
        let dir = Binary.packageRoot + "/Rules/rules"
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return files.filter { $0.hasSuffix(".json") }.reduce(0) { count, file in
            let data = FileManager.default.contents(atPath: dir + "/" + file) ?? Data()
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
            return count + ((object?["rules"] as? [Any])?.count ?? 0)
        }
    }()

    @Test func theShippedRulesLintClean() throws {
        let run = try Binary.run(["rules", "lint", "--stale-days", "3650"])
        #expect(run.status == 0)
        #expect(Self.shippedRules > 80)
        #expect(run.stdout == "\(Self.shippedRules) rules, 17 carriers: 0 errors, 0 warnings\n")
        #expect(run.stderr == "")
    }

    @Test func aWarningExitsZeroWithTheFindingOnStandardError() throws {
        // A derived fact a rule reads but no rule derives: a warning, not an error.
        let copy = try BrokenCopy { root in
            let ghost = #"{"facts": [{"name": "ghost", "type": "bool"}], "rules": [{"id": "haunted", "description": "d", "when": {"fact": "ghost", "op": "==", "value": true}, "then": [{"warn": "keep-records"}]}]}"#
            try ghost.write(toFile: root + "/rules/ghost.json", atomically: true, encoding: .utf8)
        }
        let run = try Binary.run(["rules", "lint", "--rules", copy.path, "--stale-days", "3650"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr == copy.path + "/rules/ghost.json:1:12: warning[never-derived]: rules read 'ghost', but no rule derives it and no input gives it, so it is never known (at /facts/0)\n")
        #expect(run.stdout == "\(Self.shippedRules + 1) rules, 17 carriers: 0 errors, 1 warning\n")
    }

    /// Broken copies of the rules that load: each lint error, exit 1, found at its place.
    @Test(arguments: [
        // Balance above 5 and below 3 at once.
        (#"{"id": "never", "description": "d", "when": {"all": [{"fact": "balance", "op": ">", "value": 5}, {"fact": "balance", "op": "<", "value": 3}]}, "then": [{"warn": "keep-records"}]}"#,
         "rules/extra.json:1:56: error[never-fires]: the rule 'never' can never fire: no values of 'balance' make its condition true (at /rules/0/when)"),
        // The same warning as confirm-account-first, in fewer cases.
        (#"{"id": "narrower", "description": "d", "when": {"all": [{"fact": "cancel.advised", "op": "==", "value": true}, {"fact": "canLogin", "op": "==", "value": false}, {"fact": "policy.online", "op": "==", "value": true}]}, "then": [{"warn": "confirm-account"}]}"#,
         "rules/extra.json:1:12: error[subsumed-rule]: the rule 'narrower' is subsumed by 'confirm-account-first'"),
        // An enum compared with a value it cannot take and with its opposite.
        (#"{"id": "nowhere", "description": "d", "when": {"all": [{"fact": "location", "op": "==", "value": "japan"}, {"not": {"fact": "location", "op": "in", "value": ["japan"]}}]}, "then": [{"warn": "keep-records"}]}"#,
         "rules/extra.json:1:58: error[never-fires]: the rule 'nowhere' can never fire: no values of 'location' make its condition true (at /rules/0/when)"),
    ])
    func lintErrorsExitOneAtTheirPlace(_ rule: String, _ finding: String) throws {
        let copy = try BrokenCopy.adding(rule)
        let run = try Binary.run(["rules", "lint", "--rules", copy.path, "--stale-days", "3650"])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.hasPrefix(copy.path + "/" + finding), "\(run.stderr)")
        #expect(run.stdout == "\(Self.shippedRules + 1) rules, 17 carriers: 1 error, 0 warnings\n")
        // The same finding as JSON on standard output, and nothing on standard error.
        let json = try Binary.run(["rules", "lint", "--rules", copy.path, "--stale-days", "3650", "--json"])
        #expect(json.status == 1)
        #expect(json.stderr == "")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(report["loaded"] as? Bool == true)
        #expect(report["rules"] as? Int == Self.shippedRules + 1)
        #expect(report["errors"] as? Int == 1)
        #expect(report["warnings"] as? Int == 0)
        let diagnostics = try #require(report["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?["file"] as? String == copy.path + "/rules/extra.json")
        #expect(diagnostics.first?["line"] as? Int == 1)
        #expect(diagnostics.first?["severity"] as? String == "error")
        #expect(finding.contains("error[\(diagnostics.first?["code"] as? String ?? "?")]"))
    }

    @Test func aScoreOnAnUncertainPolicyFieldIsFound() throws {
        // mineo's voice service is unverified: scoring online on "voice, or unknown" ranks on a guess.
        let copy = try BrokenCopy.adding(#"{"id": "guess", "description": "d", "when": {"any": [{"fact": "policy.voice", "op": "==", "value": true}, {"fact": "policy.voice", "op": "unknown"}]}, "then": [{"score": "online", "add": 1}]}"#)
        let run = try Binary.run(["rules", "lint", "--rules", copy.path, "--stale-days", "3650"])
        #expect(run.status == 0)
        #expect(run.stderr.hasPrefix(copy.path + "/rules/extra.json:1:12: warning[uncertain-as-certain]: the rule 'guess' treats an unknown 'policy.voice' as true, but the field is uncertain for 'his-mobile', 'iijmio', 'mineo', 'nihon-tsushin'"), "\(run.stderr)")
        #expect(run.stdout == "\(Self.shippedRules + 1) rules, 17 carriers: 0 errors, 1 warning\n")
    }

    @Test func aStalePolicyIsFoundAtItsCheckedOnDate() throws {
        let run = try Binary.run(["rules", "lint", "--stale-days", "0", "--json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let stale = try #require((report["diagnostics"] as? [[String: Any]])?.filter { $0["code"] as? String == "stale-source" })
        #expect(stale.count == 17)
        let ahamo = try #require(stale.first { ($0["file"] as? String)?.hasSuffix("carriers/ahamo.json") == true })
        #expect(ahamo["line"] as? Int == 9)
        #expect(ahamo["column"] as? Int == 18)
        #expect(ahamo["pointer"] as? String == "/carrier/checkedOn")
        #expect(run.status == 0)
    }

    /// Rule sets that do not load: exit 2 (as `test`), each error once, no knock-on errors.
    @Test func aRuleSetThatDoesNotLoadExitsTwo() throws {
        let duplicate = try BrokenCopy.adding(#"{"id": "online-offered", "description": "d", "then": [{"warn": "keep-records"}]}"#)
        let dup = try Binary.run(["rules", "lint", "--rules", duplicate.path])
        #expect(dup.status == 2)
        #expect(dup.stderr.contains(duplicate.path + "/rules/methods.json:3:5: error[duplicate-rule-id]: the rule id 'online-offered' is used twice"), "\(dup.stderr)")
        #expect(dup.stdout == "the rule set does not load: 1 error, 0 warnings\n")

        let malformed = try BrokenCopy { root in try "{\"carrier\": ".write(toFile: root + "/carriers/povo.json", atomically: true, encoding: .utf8) }
        let bad = try Binary.run(["rules", "lint", "--rules", malformed.path])
        #expect(bad.status == 2)
        let errors = bad.stderr.split(separator: "\n").filter { $0.contains("error[") }
        #expect(errors.count == 1, "\(bad.stderr)")
        #expect(errors.first?.hasPrefix(malformed.path + "/carriers/povo.json:1:") == true)
        #expect(!bad.stderr.contains("lexicon"))

        let untranslated = try BrokenCopy { _ in }
        try untranslated.replace("messages/texts.json", #""ja": "#, #""jp": "#)
        let text = try Binary.run(["rules", "lint", "--rules", untranslated.path, "--json"])
        #expect(text.status == 2)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(text.stdout.utf8)) as? [String: Any])
        #expect(report["loaded"] as? Bool == false)
        #expect((report["errors"] as? Int ?? 0) > 0)

        for env in [["ADVISOR_RULES": "/nonexistent"], [:]] {
            let missing = try Binary.run(env.isEmpty ? ["rules", "lint", "--rules", "/nonexistent"] : ["rules", "lint"], environment: env)
            #expect(missing.status == 2)
            #expect(missing.stderr == "error: cannot load the rules from /nonexistent:\n/nonexistent:1:1: error[unreadable-file]: the rule directory does not exist or is not a directory\n")
            #expect(missing.stdout == "the rule set does not load: 1 error, 0 warnings\n")
        }
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
