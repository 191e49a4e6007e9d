import Foundation
import RulesEngine

/// Everything the advisor knows: the compiled rules, the carriers, the texts and the questions.
///
/// Loaded once from a `Rules/` directory (or the copy built into the binary) and then shared
/// read-only by every evaluation.
public struct KnowledgeBase: Sendable {
    /// A profile field with its question and the labels of its values.
    public struct ProfileField: Sendable {
        public var name: String
        public var type: FactType
        public var question: LocalizedText
        public var valueLabels: [String: LocalizedText]
        /// The least value a number field takes (`minimum` in `Rules/profile.json`), if any.
        public var minimum: Double?
        /// Words a typed answer may put after a number field's value (`円`, `days`).
        public var units: [String] = []
        /// What separates the items of a list field written as text (a CSV cell, a typed answer).
        public var separators: [String] = []

        /// The items of a list field written as text.
        public func items(_ text: String) -> [String] { Self.split(text, by: separators) }

        /// `text` split at each of `separators`, items trimmed, empty ones dropped.
        public static func split(_ text: String, by separators: [String]) -> [String] {
            var parts = [text]
            for separator in separators { parts = parts.flatMap { $0.components(separatedBy: separator) } }
            return parts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }

    /// The sections of `Rules/` the advisor reads (the engine reads the rest).
    public static let sections = ["carrier", "texts", "steps", "portOutSteps", "profile", "presentation", "lexicon", "intents", "places"]
    /// The questions a person can ask (the external contract); each is answered from the evaluation.
    public static let intents = ["how-to-cancel", "from-abroad", "reactivation", "cost", "balance", "sim-return", "keep-number", "transfer", "duration", "documents", "scam"]

    /// Every method an option can name, in the order that breaks score ties.
    public var methods: [String] { ruleSet.options }

    public let ruleSet: CompiledRuleSet
    public let carriers: [String: Carrier]
    public let texts: [String: LocalizedText]
    public let genericSteps: [String: [LocalizedText]]
    public let genericPortOutSteps: [String: [LocalizedText]]
    /// For each action, for each method, the policy fact that confirms the method for it.
    public let confirmedBy: [String: [String: String]]
    /// Derived facts that, when true, put their text near the top of the advice.
    public let notices: [String]
    /// Profile fields a consultation asks first whenever they are unknown and matter.
    public let askFirst: [String]
    /// The profile fields, in the order their questions are asked.
    public let profileFields: [ProfileField]
    /// Warnings shown only when one of the given methods is chosen.
    public let warningScope: [String: [String]]
    /// The phrases that read a free-text question.
    public let lexicon: Lexicon
    /// Warnings and notes found while loading that do not stop it.
    public let diagnostics: [Diagnostic]
    /// The rule set as loaded, with the places of its declarations (for lint).
    public let source: RuleSet
    /// Where each text was defined.
    let textLocations: [String: SourceLocation]
    /// Every text key the advice can show (the rest is unused: `lint` says so).
    let shownTexts: Set<String>

    /// The ids of every carrier, sorted.
    public var carrierIDs: [String] { carriers.keys.sorted() }

    /// The text for a key the knowledge base must define (see ``TextKey/required(warnings:methods:actions:shownFields:reasons:)``:
    /// loading fails without it), in `language`. A key outside that list is a defect of the
    /// caller: debug builds stop on it, release builds show nothing rather than the key.
    public func text(_ key: TextKey, _ language: Language) -> String {
        guard let text = texts[key.rawValue] else {
            assertionFailure("the text '\(key)' is not among the required texts")
            return ""
        }
        return text[language]
    }

    /// The text for `key`, when the knowledge base has it (for optional variants).
    public subscript(key: TextKey) -> LocalizedText? { texts[key.rawValue] }

    /// A profile value as a person reads it: a carrier's name, an answer's label, or
    /// `Label：value` for numbers and lists.
    public func label(_ field: String, _ value: Value, _ language: Language) -> String {
        switch value {
        case .string(let s):
            if field == Profile.carrierField { return carriers[s]?.name[language] ?? s }
            return profileField(field)?.valueLabels[s]?[language] ?? s
        case .bool(let b):
            return profileField(field)?.valueLabels[b ? "true" : "false"]?[language] ?? "\(field) = \(b)"
        case .number(let n):
            return text(.field(field), language) + language.colon + Value.number(n).description
        case .list(let items):
            return text(.field(field), language) + language.colon + (items.isEmpty ? "—" : items.joined(separator: ", "))
        }
    }

    /// What a free-text question says, as profile values.
    /// A value with the name of its field ("Where you are now: In Japan"), for a change the
    /// person would make.
    public func namedLabel(_ field: String, _ value: Value, _ language: Language) -> String {
        switch value {
        case .number, .list: return label(field, value, language)
        default:
            guard let name = self[.field(field)] else { return label(field, value, language) }
            return name[language] + language.colon + label(field, value, language)
        }
    }

    public func understand(_ question: String) -> Understanding {
        lexicon.read(question, fields: profileFields)
    }

    /// The least value the number field `name` takes, when it has one.
    public func minimum(of name: String) -> Double? { profileField(name)?.minimum }

    /// The profile field named `name`.
    public func profileField(_ name: String) -> ProfileField? { profileFields.first { $0.name == name } }

    /// Loads and checks a knowledge base from a directory.
    /// - Returns: the knowledge base, or every diagnostic that prevented it.
    /// - Parameter extra: more rule files to load after the directory's (test carriers).
    public static func load(directory: String, adding extra: [(path: String, text: String)] = []) -> Result<KnowledgeBase, KnowledgeBaseError> {
        build(RuleSetLoader(extraSections: sections).load(directory: directory, adding: extra), root: directory)
    }

    /// Loads the knowledge base built into the binary, and the rule files `extra` after it.
    public static func loadEmbedded(adding extra: [(path: String, text: String)] = []) -> Result<KnowledgeBase, KnowledgeBaseError> {
        build(RuleSetLoader(extraSections: sections).load(documents: EmbeddedRules.documents + extra))
    }

    /// Loads from documents given as text (for tests).
    public static func load(documents: [(path: String, text: String)]) -> Result<KnowledgeBase, KnowledgeBaseError> {
        build(RuleSetLoader(extraSections: sections).load(documents: documents))
    }

    /// - Parameter root: the rule directory, where findings about the whole knowledge base are
    ///   placed.
    static func build(_ loaded: LoadedRuleSet, root: String = "Rules") -> Result<KnowledgeBase, KnowledgeBaseError> {
        // Nothing could be read (no such directory, no rule files): that is the one error, not
        // everything a knowledge base then lacks.
        if loaded.files.isEmpty && loaded.hasErrors { return .failure(KnowledgeBaseError(diagnostics: loaded.diagnostics)) }
        let output = RuleSetCompiler.compile(loaded)
        var diagnostics = output.diagnostics
        // The advisor's sections are checked against the declarations even when rules failed,
        // so every problem is reported at once.
        var sections = _KnowledgeSections(ruleSet: loaded.ruleSet)
        sections.root = root
        sections.carrierFiles = Set(loaded.files.compactMap { path in
            let parts = path.split(separator: "/")
            guard parts.count >= 2, parts[parts.count - 2] == "carriers", parts.last!.hasSuffix(".json") else { return nil }
            return String(parts.last!.dropLast(".json".count))
        })
        for section in loaded.extraSections { sections.read(section) }
        diagnostics += sections.finish()
        guard let compiled = output.compiled, !diagnostics.contains(where: { $0.severity == .error }) else {
            return .failure(KnowledgeBaseError(diagnostics: diagnostics))
        }
        return .success(KnowledgeBase(
            ruleSet: compiled, carriers: sections.carriers, texts: sections.texts,
            genericSteps: sections.steps, genericPortOutSteps: sections.portOutSteps,
            confirmedBy: sections.confirmedBy, notices: sections.notices, askFirst: sections.askFirst, profileFields: sections.profileFields,
            warningScope: sections.warningScope, lexicon: sections.lexicon, diagnostics: diagnostics,
            source: loaded.ruleSet, textLocations: sections.textLocations, shownTexts: sections.shownTexts))
    }
}

/// A knowledge base that could not be loaded, with every diagnostic found.
public struct KnowledgeBaseError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    public var description: String {
        let errors = self.errors
        return "the rule set has \(errors.count) error\(errors.count == 1 ? "" : "s"):\n"
            + diagnostics.map(\.description).joined(separator: "\n")
    }
}
