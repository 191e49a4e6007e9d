import Foundation
import RulesEngine

// MARK: - The pipeline

/// What a free-text question says: the profile values found with the words they came from, the
/// fields it contradicts itself on, and the questions it asks.
public struct Understanding: Sendable {
    /// A value found, with the words as they were written.
    public struct Finding: Sendable, Hashable {
        public var field: String
        public var value: Value
        public var phrases: [String]
    }

    /// A field the question gives two or more values for; it stays unknown.
    public struct Contradiction: Sendable, Hashable {
        public var field: String
        public var values: [Value]
        public var phrases: [String]
    }

    /// A question the person asks, with the words that asked it.
    public struct Intent: Sendable, Hashable {
        public var id: String
        public var phrases: [String]
    }

    /// The language the question is written in: Japanese if it has kana, Chinese if it has
    /// Chinese characters and no kana, else English.
    public var language: Language
    public var findings: [Finding]
    public var contradictions: [Contradiction]
    public var intents: [Intent]

    /// Fields the question gave contradictory values for; they stay unknown.
    public var ambiguous: [String] { contradictions.map(\.field) }

    /// Whether the question says nothing the advice can use.
    public var isEmpty: Bool { findings.isEmpty && intents.isEmpty && contradictions.isEmpty }

    /// The profile the question describes.
    public var profile: Profile {
        var p = Profile()
        for f in findings { p.values.append((f.field, f.value)) }
        return p
    }
}

extension Lexicon {
    /// Reads a question through the pipeline and turns what it finds into profile values of
    /// `fields` and intents. At most ``maximumQuestionCharacters`` characters are read.
    public func read(_ question: String, fields: [KnowledgeBase.ProfileField]) -> Understanding {
        let original = Array(question.prefix(Self.maximumQuestionCharacters))
        let (chars, origins) = normalise(String(original))
        let numbers = self.numbers(chars)
        var tokens = tokenize(chars, numbers: numbers.map { ($0.start, $0.end, $0.value) })
        for i in tokens.indices where tokens[i].kind == .word {
            if let word = correction(of: tokens[i].text) { tokens[i].text = word }
        }
        let breaks = clauseBreakMarks(tokens)
        func words(_ from: Int, _ to: Int) -> String {
            let a = origins[tokens[from].start], b = origins[tokens[to].end - 1]
            return String(original[a...b])
        }

        var found: [String: [(value: String, phrase: String)]] = [:]
        for n in numbers {
            guard let t = tokens.firstIndex(where: { $0.kind == .number && $0.start == n.start }) else { continue }
            found[n.field, default: []].append((Value.number(n.value).description, words(t, t)))
        }
        let matches = match(tokens, patterns, patternsByFirst, breaks: breaks)
        var claimed = [Bool](repeating: false, count: tokens.count)
        for m in matches { for t in m.tokens { claimed[t] = true } }
        for m in matches {
            guard case .fact(let field, let value, let negatedValue) = patterns[m.pattern].meaning else { continue }
            if patterns[m.pattern].canBeDestination, negation(of: m, tokens, breaks: breaks, claimed: claimed, by: destinations) != nil { continue }
            let negated = negation(of: m, tokens, breaks: breaks, claimed: claimed)
            guard let v = negated != nil ? negatedValue : value else { continue }
            let span = negated ?? m.first...m.last
            found[field, default: []].append((v, words(span.lowerBound, span.upperBound)))
        }

        var intents: [Understanding.Intent] = []
        for m in match(tokens, intentPatterns, intentsByFirst, breaks: breaks) {
            guard case .intent(let id) = intentPatterns[m.pattern].meaning else { continue }
            if let i = intents.firstIndex(where: { $0.id == id }) { intents[i].phrases.append(words(m.first, m.last)) }
            else { intents.append(.init(id: id, phrases: [words(m.first, m.last)])) }
        }
        intents.sort { $0.id < $1.id }

        var findings: [Understanding.Finding] = []
        var contradictions: [Understanding.Contradiction] = []
        for field in fields {
            guard let hits = found[field.name] else { continue }
            var values = hits.map(\.value).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            let phrases = hits.map(\.phrase)
            func typed(_ s: String) -> Value? {
                switch field.type {
                case .number: Double(s).map { .number($0) }
                case .bool: .bool(s == "true")
                case .list: .list([s])
                case .string, .enumeration: .string(s)
                }
            }
            if field.name == Profile.carrierField, values.count == 2 {
                if parentCarriers[values[0]] == values[1] { values = [values[0]] } else if parentCarriers[values[1]] == values[0] { values = [values[1]] }
            }
            if field.type == .list {
                findings.append(.init(field: field.name, value: .list(values.sorted()), phrases: phrases))
            } else if values.count == 1, let v = typed(values[0]) {
                findings.append(.init(field: field.name, value: v, phrases: phrases))
            } else {
                contradictions.append(.init(field: field.name, values: values.compactMap(typed), phrases: phrases))
            }
        }
        return Understanding(language: Self.language(of: question), findings: findings, contradictions: contradictions, intents: intents)
    }

    static func language(of text: String) -> Language {
        var han = 0
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x3040...0x30FF, 0xFF66...0xFF9F: return .ja
            case 0x4E00...0x9FFF, 0x3400...0x4DBF: han += 1
            default: break
            }
        }
        return han > 0 ? .zhHans : .en
    }
}

extension Understanding {
    /// What was understood, one item per field, in the person's language (see
    /// ``KnowledgeBase/label(_:_:_:)``).
    public func summary(_ kb: KnowledgeBase, _ language: Language) -> [String] {
        findings.map { kb.label($0.field, $0.value, language) }
    }
}
