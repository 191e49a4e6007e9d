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

    public init(advisor: Advisor, profile: Profile, language: Language) {
        self.advisor = advisor
        self.profile = profile
        self.language = language
        asked = Set(profile.values.map(\.field))
    }

    /// The next field to ask about, or nil when no unanswered question can change the advice.
    public func nextQuestion() throws(EvaluationError) -> KnowledgeBase.ProfileField? {
        let advice = try advisor.advise(profile, language: language)
        guard let next = advice.missing.first(where: { !asked.contains($0.field) }) else { return nil }
        return advisor.knowledgeBase.profileField(next.field)
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
        switch AnswerParser.parse(text, choices: choices(field), type: field.type) {
        case .failure(let expected):
            return expected.description
        case .success(var value):
            if field.name == "carrier", case .string(let name) = value {
                let reader = ProfileReader(advisor.knowledgeBase)
                guard let id = reader.carrierID(name) else {
                    let ids = advisor.knowledgeBase.carrierIDs
                    return "unknown carrier '\(name)'\(Suggestion.hint(for: name, in: ids)); expected one of: \(ids.joined(separator: ", "))"
                }
                value = .string(id)
                profile.carrier = id
            }
            profile.values.removeAll { $0.field == field.name }
            profile.values.append((field.name, value))
            asked.insert(field.name)
            return nil
        }
    }
}

/// Understands a typed answer: a choice number, a value, a label, yes/no in three languages,
/// a number with a currency sign, a list separated by commas.
enum AnswerParser {
    static let yes: Set<String> = ["y", "yes", "true", "是", "是的", "对", "有", "要", "需要", "はい", "ええ", "うん", "ある"]
    static let no: Set<String> = ["n", "no", "false", "否", "不", "不是", "没有", "不要", "不需要", "いいえ", "ない", "いや"]

    static func parse(_ raw: String, choices: [(value: String, label: String)], type: FactType) -> Result<Value, _Expected> {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let lower = text.lowercased()
        if !choices.isEmpty {
            if let n = Int(text), n >= 1, n <= choices.count { return .success(typed(choices[n - 1].value, type)) }
            if let c = choices.first(where: { $0.value.lowercased() == lower || $0.label.lowercased() == lower }) {
                return .success(typed(c.value, type))
            }
        }
        switch type {
        case .bool:
            if yes.contains(lower) { return .success(.bool(true)) }
            if no.contains(lower) { return .success(.bool(false)) }
            return .failure(_Expected("answer with a number from 1 to \(choices.count), or yes / no"))
        case .number:
            let digits = lower.filter { !",¥円元 日yen".contains($0) }
            if let n = Double(digits), n >= 0 { return .success(.number(n)) }
            return .failure(_Expected("answer with a number ≥ 0"))
        case .list:
            let items = text.split(whereSeparator: { ", 、，".contains($0) }).map(String.init)
            return items.isEmpty ? .failure(_Expected("answer with a list such as: zh, en")) : .success(.list(items))
        case .string:
            return text.isEmpty ? .failure(_Expected("answer with a name")) : .success(.string(text))
        case .enumeration:
            return .failure(_Expected("answer with a number from 1 to \(choices.count)"))
        }
    }

    static func typed(_ value: String, _ type: FactType) -> Value {
        type == .bool ? .bool(value == "true") : .string(value)
    }
}
