import Advisor
import Foundation

/// Where the rules come from: `--rules DIR`, else `ADVISOR_RULES`, else the copy built into the binary.
enum KnowledgeBaseLocation {
    static let rulesOption = OptionSpec(long: "rules", short: nil, valueName: "DIR", help: "Load the rule set from DIR instead of the shipped one (also ADVISOR_RULES).")
    static let firingsOption = OptionSpec(long: "max-firings", short: nil, valueName: "N", help: "Stop an evaluation after N rule firings (default: the number of rules, which never stops one: each rule fires at most once).")

    /// The `--max-firings` budget: nil for the default, or the usage error.
    static func firingLimit(_ arguments: ParsedArguments) -> Result<Int?, ExitCode> {
        guard let text = arguments.values["max-firings"] else { return .success(nil) }
        guard let n = Int(text), n >= 0 else {
            Terminal.err("error: --max-firings needs a whole number of 0 or more, found '\(text)'")
            return .failure(.usage)
        }
        return .success(n)
    }

    /// Loads the knowledge base, or prints every diagnostic and returns nil.
    /// - Parameter quietly: print the diagnostics on standard output without the error line
    ///   (for `rules lint`, whose output they are).
    static func load(_ arguments: ParsedArguments, quietly: Bool = false) -> KnowledgeBase? {
        let directory = arguments.values["rules"] ?? ProcessInfo.processInfo.environment["ADVISOR_RULES"].flatMap { $0.isEmpty ? nil : $0 }
        let result = directory.map { KnowledgeBase.load(directory: $0) } ?? KnowledgeBase.loadEmbedded()
        switch result {
        case .success(let kb):
            return kb
        case .failure(let error):
            if quietly {
                for d in error.diagnostics { Terminal.out(d.description + "\n") }
                Terminal.out("\(error.errors.count) error\(error.errors.count == 1 ? "" : "s")\n")
                return nil
            }
            Terminal.err("error: cannot load the rules from \(directory ?? "the built-in knowledge base"):")
            for d in error.diagnostics { Terminal.err(d.description) }
            return nil
        }
    }
}
