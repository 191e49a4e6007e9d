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

    /// The directory the rules come from: `--rules`, else a non-empty `ADVISOR_RULES`; nil for
    /// the copy built into the binary.
    static func directory(_ option: String?) -> String? {
        option ?? ProcessInfo.processInfo.environment["ADVISOR_RULES"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Where the rules come from, as messages name it.
    static func name(_ option: String?) -> String {
        directory(option) ?? "the built-in knowledge base"
    }

    /// - Parameter extra: more rule files to load after the rules (test carriers).
    static func loadResult(_ option: String?, adding extra: [(path: String, text: String)] = []) -> Result<KnowledgeBase, KnowledgeBaseError> {
        directory(option).map { KnowledgeBase.load(directory: $0, adding: extra) } ?? KnowledgeBase.loadEmbedded(adding: extra)
    }

    /// Loads the knowledge base, or prints every diagnostic on standard error and returns nil.
    /// - Parameters:
    ///   - option: `--rules`, when given.
    ///   - extra: more rule files to load after the rules (test carriers).
    static func load(_ option: String?, adding extra: [(path: String, text: String)] = []) -> KnowledgeBase? {
        switch loadResult(option, adding: extra) {
        case .success(let kb):
            return kb
        case .failure(let error):
            Terminal.err("error: cannot load the rules from \(name(option)):\n")
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
