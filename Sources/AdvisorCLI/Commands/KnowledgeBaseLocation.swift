import Advisor
import Foundation

/// Where the rules come from: `--rules DIR`, else `ADVISOR_RULES`, else the copy built into the
/// binary; and the options every command that loads them shares.
enum KnowledgeBaseLocation {
    /// `--rules DIR`.
    static func rulesOption<C>(_ property: WritableKeyPath<C, String?> & Sendable) -> Argument<C> {
        .option("rules", valueName: "DIR", help: "Load the rule set from DIR instead of the shipped one (also ADVISOR_RULES).", completion: .directory, property)
    }

    /// `--max-firings N`.
    static func firingsOption<C>(_ property: WritableKeyPath<C, Int?> & Sendable) -> Argument<C> {
        .option("max-firings", valueName: "N", help: "Stop an evaluation after N rule firings (default: the number of rules, which never stops one: each rule fires at most once).",
                parser: .wholeNumber(in: 0...Int.max, "a whole number of 0 or more"), property)
    }

    /// Loads the knowledge base, or prints every diagnostic and returns nil.
    /// - Parameters:
    ///   - directory: `--rules`, when given.
    ///   - quietly: print the diagnostics on standard output without the error line (for
    ///     `rules lint`, whose output they are).
    /// The profile fields of the knowledge base built into the binary, for help texts, wrapped
    /// to the help's width.
    static var shippedProfileFields: String {
        guard case .success(let kb) = KnowledgeBase.loadEmbedded() else { return "see Rules/profile.json" }
        var lines = [""], fields = ProfileReader(kb).fieldNames
        while !fields.isEmpty {
            let field = fields.removeFirst() + (fields.isEmpty ? "" : ",")
            if lines[lines.count - 1].count + field.count + 1 > 92 { lines.append("") }
            lines[lines.count - 1] += (lines[lines.count - 1].isEmpty ? "" : " ") + field
        }
        return lines.joined(separator: "\n")
    }

    static func load(_ directory: String?, quietly: Bool = false) -> KnowledgeBase? {
        let directory = directory ?? ProcessInfo.processInfo.environment["ADVISOR_RULES"].flatMap { $0.isEmpty ? nil : $0 }
        let result = directory.map { KnowledgeBase.load(directory: $0) } ?? KnowledgeBase.loadEmbedded()
        switch result {
        case .success(let kb):
            return kb
        case .failure(let error):
            if quietly {
                DiagnosticPrinter.print(error.diagnostics, to: .standardOutput)
                Terminal.out("\(error.errors.count) error\(error.errors.count == 1 ? "" : "s")\n")
                return nil
            }
            Terminal.err("error: cannot load the rules from \(directory ?? "the built-in knowledge base"):")
            DiagnosticPrinter.print(error.diagnostics)
            return nil
        }
    }
}

extension ValueParser where Value == Language {
    /// `en`, `zh-Hans` or `ja` (and the spellings `Language(code:)` accepts).
    static var language: Self {
        .choice("language", Language.allCases.map(\.rawValue)) { Language(code: $0) }
    }
}
