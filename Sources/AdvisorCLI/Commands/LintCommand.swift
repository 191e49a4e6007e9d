import Advisor
import RulesEngine

/// `advisor rules lint`: checks the knowledge base beyond what loading requires.
public struct LintCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        name: "lint",
        abstract: "Check the rule set for rules that cannot matter, what is declared but unused, and stale policies.",
        discussion: """
        lint loads the rules (every load error is reported) and then looks for defects: rules that
        can never fire (no values make their condition true), rules subsumed by another with the
        same actions, rules that treat an uncertain policy field as certain, input facts no rule
        reads, derived facts no rule derives, options no rule scores or blocks, warnings no rule
        raises, carrier notes no profile can show, texts nothing shows, and carrier policies checked
        too long ago. Findings go to standard error, one a line (file:line:column), then a summary
        line on standard output; --json prints one JSON report on standard output instead.
        Exit status: 0 when there are no errors (warnings are printed), 1 when lint finds errors,
        2 when the rule set does not load.
        """)

    public static var arguments: [Argument<LintCommand>] {
        [
            KnowledgeBaseLocation.rulesOption(\.rules),
            .option("stale-days", valueName: "N", help: "Warn about carrier policies checked more than N days ago (default 365).",
                    parser: .wholeNumber(in: 0...Int.max, "a whole number ≥ 0"), \.staleDays),
            .flag("json", help: "Print the findings as one JSON object on standard output: loaded, rules, carriers, errors, warnings, diagnostics.", \.json),
        ]
    }

    public var rules: String?
    /// `--stale-days N`.
    public var staleDays = 365
    public var json = false

    public init() {}

    public func run(_ context: CommandContext) throws(UsageError) -> ExitCode {
        switch KnowledgeBaseLocation.loadResult(rules) {
        case .failure(let error):
            if json {
                Terminal.out(Self.report(loaded: false, rules: 0, carriers: 0, error.diagnostics))
            } else {
                Terminal.err("error: cannot load the rules from \(KnowledgeBaseLocation.name(rules)):\n")
                DiagnosticPrinter.print(error.diagnostics)
                Terminal.out("the rule set does not load: \(Self.count(error.diagnostics))\n")
            }
            return .badInput
        case .success(let kb):
            let findings = kb.diagnostics + kb.lint(staleAfterDays: staleDays)
            if json {
                Terminal.out(Self.report(loaded: true, rules: kb.ruleSet.rules.count, carriers: kb.carrierIDs.count, findings))
            } else {
                DiagnosticPrinter.print(findings)
                Terminal.out("\(kb.ruleSet.rules.count) rules, \(kb.carrierIDs.count) carriers: \(Self.count(findings))\n")
            }
            return findings.contains { $0.severity == .error } ? .failure : .success
        }
    }

    /// `2 errors, 1 warning`.
    static func count(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        return "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    }

    static func report(loaded: Bool, rules: Int, carriers: Int, _ diagnostics: [Diagnostic]) -> String {
        var w = JSONWriter(pretty: true)
        w.beginObject()
        w.key("loaded"); w.bool(loaded)
        w.key("rules"); w.number(Double(rules))
        w.key("carriers"); w.number(Double(carriers))
        w.key("errors"); w.number(Double(diagnostics.filter { $0.severity == .error }.count))
        w.key("warnings"); w.number(Double(diagnostics.filter { $0.severity == .warning }.count))
        w.key("diagnostics"); w.beginArray()
        for d in diagnostics { d.write(to: &w) }
        w.endArray()
        w.endObject()
        return w.output + "\n"
    }
}
