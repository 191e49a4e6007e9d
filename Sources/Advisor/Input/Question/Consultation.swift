import Foundation
import RulesEngine

/// A conversation that fills in a profile by asking only the questions that can still change
/// the advice, one at a time, in the knowledge base's question order.
public struct Consultation {
    public let advisor: Advisor
    public private(set) var profile: Profile
    public let language: Language
    /// Fields already asked (answered or skipped), never asked again.
    public private(set) var asked: Set<String> = []

    /// Fields asked before any other: those a question contradicted itself on.
    public let first: [String]

    public init(advisor: Advisor, profile: Profile, language: Language, first: [String] = []) {
        self.advisor = advisor
        self.profile = profile
        self.language = language
        self.first = first
        asked = Set(profile.values.map(\.field))
    }

    /// The next field to ask about, or nil when no unanswered question can change the advice:
    /// first the contradicted fields, then the knowledge base's ask-first fields (whether to
    /// keep the number) while they can change the advice, then the most decisive.
    public func nextQuestion() throws(EvaluationError) -> KnowledgeBase.ProfileField? {
        let kb = advisor.knowledgeBase
        if let field = first.first(where: { !asked.contains($0) }) { return kb.profileField(field) }
        let advice = try advisor.advise(profile, language: language)
        let missing = advice.missing.map(\.field).filter { !asked.contains($0) }
        guard let next = kb.askFirst.first(where: missing.contains) ?? missing.first else { return nil }
        return kb.profileField(next)
    }

    /// The question for a field with its numbered choices, in the consultation's language.
    public func prompt(for field: KnowledgeBase.ProfileField) -> String {
        var s = field.question[language]
        for (i, choice) in choices(field).enumerated() {
            s += "\n  \(i + 1)) \(choice.label)"
        }
        return s
    }

    func choices(_ field: KnowledgeBase.ProfileField) -> [(value: String, label: String)] {
        let keys: [String] = switch field.type {
        case .bool: ["true", "false"]
        case .enumeration(let values): values
        default: []
        }
        return keys.map { ($0, field.valueLabels[$0]?[language] ?? $0) }
    }

    /// Records that the person chose not to answer.
    public mutating func skip(_ field: KnowledgeBase.ProfileField) { asked.insert(field.name) }

    /// Takes an answer typed by the person.
    /// - Returns: nil when the answer was taken, else a message saying what was expected.
    public mutating func answer(_ text: String, for field: KnowledgeBase.ProfileField) -> String? {
        let kb = advisor.knowledgeBase
        switch AnswerParser.parse(text, choices: choices(field), type: field.type, words: kb.lexicon.answerWords, units: field.units, separators: field.separators) {
        case .failure(let expected):
            return kb.text(.hint(expected.kind), language).replacingOccurrences(of: "{count}", with: "\(choices(field).count)")
        case .success(var value):
            if field.name == Profile.carrierField, case .string(let name) = value {
                let reader = ProfileReader(advisor.knowledgeBase)
                guard let id = reader.carrierID(name) else {
                    let ids = advisor.knowledgeBase.carrierIDs
                    let nearest = Suggestion.nearest(to: name, in: ids)
                    return kb.text(.hint(nearest == nil ? .carrier : .carrierNearest), language).replacingOccurrences(of: "{name}", with: name)
                        .replacingOccurrences(of: "{nearest}", with: nearest ?? "")
                        .replacingOccurrences(of: "{carriers}", with: ids.joined(separator: ", "))
                }
                value = .string(id)
            }
            profile.set(field.name, value)
            asked.insert(field.name)
            return nil
        }
    }
}

/// Understands a typed answer: a choice number, a value, a label, yes/no in three languages,
/// a number with a currency sign, a list separated by commas.
enum AnswerParser {
    /// - Parameters:
    ///   - units: words allowed after a number (the field's `units`).
    ///   - separators: what separates a list's items (the field's `separators`).
    static func parse(_ raw: String, choices: [(value: String, label: String)], type: FactType, words: [String: Set<String>] = [:], units: [String] = [], separators: [String] = []) -> Result<Value, _Expected> {
        // Full-width digits and letters as ASCII, case and spaces ignored.
        let text = raw.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespaces)
        let lower = text.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "。.!！、,， "))
        if !choices.isEmpty {
            if let n = Int(lower), n >= 1, n <= choices.count { return .success(typed(choices[n - 1].value, type)) }
            if let c = choices.first(where: { $0.value.lowercased() == lower || $0.label.lowercased() == lower }) {
                return .success(typed(c.value, type))
            }
        }
        switch type {
        case .bool:
            if words["yes", default: []].contains(lower) { return .success(.bool(true)) }
            if words["no", default: []].contains(lower) { return .success(.bool(false)) }
            return .failure(_Expected(kind: .bool, "answer with a number from 1 to \(choices.count), or yes / no"))
        case .number:
            var digits = ""
            for c in lower where c.isNumber || c == "." { digits.append(c) }
            var rest = lower
            for unit in units.sorted(by: { $0.count > $1.count }) { rest = rest.replacingOccurrences(of: unit.lowercased(), with: "") }
            if let n = Double(digits), n >= 0, rest.allSatisfy({ $0.isNumber || ",. ".contains($0) }) { return .success(.number(n)) }
            return .failure(_Expected(kind: .number, "answer with a number ≥ 0"))
        case .list:
            let items = KnowledgeBase.ProfileField.split(text, by: separators)
            return items.isEmpty ? .failure(_Expected(kind: .list, "answer with a list such as: zh, en")) : .success(.list(items))
        case .string:
            return text.isEmpty ? .failure(_Expected(kind: .name, "answer with a name")) : .success(.string(text))
        case .enumeration:
            return .failure(_Expected(kind: .choice, "answer with a number from 1 to \(choices.count)"))
        }
    }

    static func typed(_ value: String, _ type: FactType) -> Value {
        type == .bool ? .bool(value == "true") : .string(value)
    }
}
