import Advisor
import Foundation
import RulesEngine

/// `advisor rules lint`: checks the knowledge base beyond what loading requires.
enum RulesCommand {
    static let spec = CommandSpec(
        name: "rules",
        summary: "Work with the rule set. Subcommand: lint.",
        usage: "advisor rules lint [--rules DIR] [--stale-days N]",
        options: [
            KnowledgeBaseLocation.rulesOption,
            OptionSpec(long: "stale-days", short: nil, valueName: "N", help: "Warn about carrier policies checked more than N days ago (default 365)."),
        ],
        discussion: """
        lint loads the rules (every load error is reported) and then warns about what is declared
        but cannot matter: input facts no rule reads, derived facts no rule derives, options no rule
        scores or blocks, warnings no rule raises, texts nothing shows, and carrier policies checked
        too long ago. Exit status: 0 when there are no errors (warnings are printed), 1 when the rule
        set has errors.
        """)

    static func run(_ arguments: [String]) -> ExitCode {
        let args: ParsedArguments
        switch spec.parse(arguments) {
        case .run(let parsed): args = parsed
        case .exit(let code): return code
        }
        guard args.positionals == ["lint"] else {
            Terminal.err("error: expected the subcommand 'lint'\(args.positionals.first.map { Suggestion.hint(for: $0, in: ["lint"]) } ?? "")\nUsage: \(spec.usage)")
            return .usage
        }
        var staleDays = 365
        if let text = args.values["stale-days"] {
            guard let n = Int(text), n >= 0 else {
                Terminal.err("error: --stale-days needs a whole number ≥ 0, found '\(text)'")
                return .usage
            }
            staleDays = n
        }
        guard let kb = KnowledgeBaseLocation.load(args, quietly: true) else { return .failure }
        let findings = kb.diagnostics + kb.lint(staleAfterDays: staleDays)
        for d in findings { Terminal.out(d.description + "\n") }
        let warnings = findings.filter { $0.severity == .warning }.count
        Terminal.out("\(kb.ruleSet.rules.count) rules, \(kb.carrierIDs.count) carriers: 0 errors, \(warnings) warning\(warnings == 1 ? "" : "s")\n")
        return .success
    }
}
