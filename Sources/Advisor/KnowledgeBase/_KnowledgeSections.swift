import RulesEngine

/// Reads the advisor's sections of `Rules/`, one reader per section (in `Sections/`), then
/// cross-checks them (`_KnowledgeSections+Checks.swift`).
struct _KnowledgeSections {
    static let carrierKeys = ["id", "name", "checkedOn", "sources", "policy", "steps", "portOutSteps", "notes"]
    static let policyPrefix = "policy."

    let ruleSet: RuleSet
    var diagnostics: [Diagnostic] = []
    var carriers: [String: Carrier] = [:]
    var texts: [String: LocalizedText] = [:]
    var textLocations: [String: SourceLocation] = [:]
    var steps: [String: [LocalizedText]] = [:]
    var portOutSteps: [String: [LocalizedText]] = [:]
    /// For each action, for each method, the policy fact that confirms the method for it.
    var confirmedBy: [String: [String: String]] = [:]
    /// Derived facts that, when true, put a sentence (the text of the same key) near the top.
    var notices: [String] = []
    /// Profile fields asked before the others in a consultation whenever they are unknown.
    var askFirst: [String] = []
    var profileFields: [KnowledgeBase.ProfileField] = []
    var warningScope: [String: [String]] = [:]
    var lexicon = Lexicon()
    /// Patterns, negation words and clause breaks as written, built into `lexicon` at the end.
    var rawPatterns: [(text: String, meaning: Lexicon.Meaning, place: Bool)] = []
    var rawNegators: [(word: String, before: Bool)] = []
    var rawBreaks: [String] = []
    var rawDestinations: [(word: String, before: Bool)] = []
    var intentsRead: Set<String> = []
    /// Carrier ids the lexicon names, checked once every carrier is read.
    var lexiconCarriers: [(id: String, at: SourceLocation)] = []
    var firstSection: SourceLocation?
    /// The carrier ids that have a file (`carriers/<id>.json`), read or not.
    var carrierFiles: Set<String> = []
    /// The rule directory, where findings about the whole knowledge base are placed when no
    /// section was read.
    var root = "Rules"

    init(ruleSet: RuleSet) { self.ruleSet = ruleSet }

    var facts: [String: FactDeclaration] { Dictionary(ruleSet.facts.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a }) }
    var optionNames: [String] { ruleSet.options.map(\.name) }
    var warningIDs: [String] { ruleSet.warnings.map(\.id) }


    mutating func read(_ section: ExtraSection) {
        var reader = JSONReader(file: section.file)
        if firstSection == nil { firstSection = reader.location(of: section.node, section.pointer) }
        switch section.name {
        case "carrier": readCarrier(section, &reader)
        case "texts": readTexts(section, &reader)
        case "steps", "portOutSteps": readSteps(section, &reader)
        case "profile": readProfile(section, &reader)
        case "lexicon": readLexicon(section, &reader)
        case "intents", "places": readCues(section, &reader)
        case "presentation": readPresentation(section, &reader)
        default: break
        }
        diagnostics += reader.diagnostics
    }

    /// The values a boolean or enum fact takes; nil for another type.
    static func values(of fact: FactDeclaration) -> [String]? {
        switch fact.type {
        case .bool: ["true", "false"]
        case .enumeration(let values): values
        default: nil
        }
    }

    /// A policy value as written: a boolean, a number, a string or a list of strings.
    static func value(_ node: JSONNode) -> Value? {
        switch node.kind {
        case .bool(let b): .bool(b)
        case .number(let n): .number(n)
        case .string(let s): .string(s)
        case .array(let items):
            items.allSatisfy { $0.stringValue != nil } ? .list(items.compactMap(\.stringValue)) : nil
        default: nil
        }
    }

    static func isISODate(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let m = Int(parts[1]), let d = Int(parts[2]), Int(parts[0]) != nil else { return false }
        return (1...12).contains(m) && (1...31).contains(d)
    }
}
