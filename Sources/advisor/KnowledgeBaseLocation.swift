import Advisor
import Foundation

/// Where the rules come from: `--rules DIR`, else `ADVISOR_RULES`, else the copy built into the binary.
enum KnowledgeBaseLocation {
    static let rulesOption = OptionSpec(long: "rules", short: nil, valueName: "DIR", help: "Load the rule set from DIR instead of the shipped one (also ADVISOR_RULES).")

    /// Loads the knowledge base, or prints every diagnostic and returns nil.
    static func load(_ arguments: ParsedArguments) -> KnowledgeBase? {
        let directory = arguments.values["rules"] ?? ProcessInfo.processInfo.environment["ADVISOR_RULES"].flatMap { $0.isEmpty ? nil : $0 }
        let result = directory.map { KnowledgeBase.load(directory: $0) } ?? KnowledgeBase.loadEmbedded()
        switch result {
        case .success(let kb):
            return kb
        case .failure(let error):
            Terminal.err("error: cannot load the rules from \(directory ?? "the built-in knowledge base"):")
            for d in error.diagnostics { Terminal.err(d.description) }
            return nil
        }
    }
}
