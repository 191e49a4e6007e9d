@testable import AdvisorCLI
import RulesEngine
import Testing

@Suite struct DiagnosticPrinterTests {
    @Test func eachDiagnosticIsALineInTheCompilerForm() {
        let a = Diagnostic(.unknownKey, .error, "unknown key 'carier'; did you mean 'carrier'?", at: SourceLocation(file: "in.jsonl", line: 3, column: 2, pointer: "/carier"))
        let b = Diagnostic(.neverDerived, .warning, "rules read 'ghost', but no rule derives it", at: SourceLocation(file: "rules/ghost.json", line: 1, column: 12, pointer: ""), rule: "haunted")
        #expect(DiagnosticPrinter.text([a, b]) == """
        in.jsonl:3:2: error[unknown-key]: unknown key 'carier'; did you mean 'carrier'? (at /carier)
        rules/ghost.json:1:12: warning[never-derived]: rules read 'ghost', but no rule derives it (rule 'haunted')

        """)
        #expect(DiagnosticPrinter.text([]) == "")
    }
}
