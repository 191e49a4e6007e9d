import Advisor

/// `advisor rules lint`: checks the knowledge base beyond what loading requires.
public struct LintCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        name: "lint",
        abstract: "Check the rule set for what is declared but cannot matter, and for stale policies.",
        discussion: """
        lint loads the rules (every load error is reported) and then warns about what is declared
        but cannot matter: input facts no rule reads, derived facts no rule derives, options no rule
        scores or blocks, warnings no rule raises, texts nothing shows, and carrier policies checked
        too long ago. Exit status: 0 when there are no errors (warnings are printed), 1 when the rule
        set has errors.
        """)

    public static var arguments: [Argument<LintCommand>] {
        [
            KnowledgeBaseLocation.rulesOption(\.rules),
            .option("stale-days", valueName: "N", help: "Warn about carrier policies checked more than N days ago (default 365).",
                    parser: .wholeNumber(in: 0...Int.max, "a whole number ≥ 0"), \.staleDays),
        ]
    }

    public var rules: String?
    /// `--stale-days N`.
    public var staleDays = 365

    public init() {}

    public func run(_ context: CommandContext) throws(UsageError) -> ExitCode {
        // The diagnostics are lint's output: on standard output.
        guard let kb = KnowledgeBaseLocation.load(rules, quietly: true) else { return .failure }
        let findings = kb.diagnostics + kb.lint(staleAfterDays: staleDays)
        DiagnosticPrinter.print(findings, to: .standardOutput)
        let warnings = findings.filter { $0.severity == .warning }.count
        Terminal.out("\(kb.ruleSet.rules.count) rules, \(kb.carrierIDs.count) carriers: 0 errors, \(warnings) warning\(warnings == 1 ? "" : "s")\n")
        return .success
    }
}
