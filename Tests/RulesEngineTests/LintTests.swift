@testable import RulesEngine
import Testing

@Suite struct LintTests {
    @Test func findsWhatIsDeclaredButCannotMatter() throws {
        let loaded = Engine.load(#"""
        {
          "facts": [
            {"name": "a", "type": "bool", "input": true},
            {"name": "unread", "type": "bool", "input": true},
            {"name": "d", "type": "bool"},
            {"name": "ghost", "type": "bool"}
          ],
          "options": ["used", "idle"],
          "warnings": [{"id": "w", "severity": "low"}, {"id": "silent", "severity": "low"}],
          "rules": [
            {"id": "r1", "description": "d", "when": {"fact": "a", "op": "==", "value": true},
             "then": [{"derive": "d", "value": true}, {"score": "used", "add": 1}]},
            {"id": "r2", "description": "d", "when": {"all": [{"fact": "d", "op": "known"}, {"fact": "ghost", "op": "==", "value": true}]},
             "then": [{"warn": "w"}]}
          ]
        }
        """#)
        let output = RuleSetCompiler.compile(loaded)
        #expect(output.diagnostics.isEmpty, "lint findings are not compile diagnostics")
        let found = RuleSetLinter.lint(loaded.ruleSet)
        #expect(found.map { "\($0.code.rawValue) \($0.severity) \($0.location.pointer)" } == [
            "unused-fact warning /facts/1",
            "never-derived warning /facts/3",
            "unused-option warning /options/1",
            "unraised-warning warning /warnings/1",
        ])
        #expect(found.map(\.message) == [
            "no rule reads the input fact 'unread'",
            "rules read 'ghost', but no rule derives it and no input gives it, so it is never known",
            "no rule scores or blocks the option 'idle'",
            "no rule raises the warning 'silent'",
        ])
        #expect(found.allSatisfy { $0.location.file == "a.json" && $0.location.line > 1 })
    }
}
