import RulesEngine

/// The key of a text in `Rules/messages/`: every key the advice renders is made here, and the
/// same constructors list the keys a knowledge base must define (``required(…)``), so a text the
/// output needs and the knowledge base lacks is a load diagnostic, never a printed key.
///
/// A key is not a string literal on purpose: `kb.text("why.\(method)", …)` does not compile, so
/// a misspelt or newly invented family of keys cannot slip past the load-time check.
public struct TextKey: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    // MARK: Fixed texts

    /// The last line of every advice.
    public static let closing = TextKey(rawValue: "closing")
    /// A source without a date.
    public static let undated = TextKey(rawValue: "label.undated")
    /// A source published by the carrier.
    public static let official = TextKey(rawValue: "label.official")
    /// "your carrier", for the carrier `other`.
    public static let yourCarrier = TextKey(rawValue: "label.your-carrier")
    /// Why a method is advised although no source confirms it for this carrier.
    public static let whyUnconfirmed = TextKey(rawValue: "why.unconfirmed")
    /// Why-not: no change of one or two fields makes the method the advice.
    public static let whyNotNone = TextKey(rawValue: "whynot.none")
    /// Why-not: the method is already the advice.
    public static let whyNotAlready = TextKey(rawValue: "whynot.already")
    /// The question said nothing the advice can use.
    public static let understoodNothing = TextKey(rawValue: "understood.nothing")
    /// The question contradicts itself on a field (`{phrases}`).
    public static let understoodUnclear = TextKey(rawValue: "understood.unclear")

    /// The headings of the text advice.
    public enum Heading: String, CaseIterable, Sendable {
        case method, why, steps, warnings, missing, uncertain, trace, blocked, none, sources, ranking, understood
        case policyChecked = "policy-checked", whyNot = "why-not"
    }

    /// What a consultation says an answer should look like.
    public enum Hint: String, CaseIterable, Sendable {
        case bool, number, list, name, choice, carrier
        case carrierNearest = "carrier-nearest"
    }

    public static func heading(_ h: Heading) -> TextKey { TextKey(rawValue: "heading.\(h.rawValue)") }
    public static func hint(_ h: Hint) -> TextKey { TextKey(rawValue: "hint.\(h.rawValue)") }
    public static func severity(_ s: WarningSeverity) -> TextKey { TextKey(rawValue: "severity.\(s.rawValue)") }

    // MARK: Families, one per declaration

    /// A method's name (`none` when no method can be advised).
    public static func method(_ method: String) -> TextKey { TextKey(rawValue: "method.\(method)") }
    /// Why a method is advised.
    public static func why(_ method: String) -> TextKey { TextKey(rawValue: "why.\(method)") }
    /// Why a method is advised for an action (optional; else ``why(_:)``).
    public static func why(action: String, method: String) -> TextKey { TextKey(rawValue: "why.\(action).\(method)") }
    /// ``whyUnconfirmed`` for an action (optional).
    public static func whyUnconfirmed(action: String) -> TextKey { TextKey(rawValue: "why.unconfirmed.\(action)") }
    /// An action's name (`cancel`, `port-out`).
    public static func action(_ action: String) -> TextKey { TextKey(rawValue: "action.\(action)") }
    /// A warning's text.
    public static func warning(_ id: String) -> TextKey { TextKey(rawValue: "warning.\(id)") }
    /// A warning's text when a method is chosen (optional; else ``warning(_:)``).
    public static func warning(_ id: String, method: String) -> TextKey { TextKey(rawValue: "warning.\(id).\(method)") }
    /// Why a method is blocked.
    public static func reason(_ reason: String) -> TextKey { TextKey(rawValue: "reason.\(reason)") }
    /// What would lift a block (optional).
    public static func remedy(_ reason: String) -> TextKey { TextKey(rawValue: "remedy.\(reason)") }
    /// A profile field's name, shown before a number or a list.
    public static func field(_ name: String) -> TextKey { TextKey(rawValue: "field.\(name)") }
    /// A rule's description in the trace (optional; else the rule's own).
    public static func rule(_ id: String) -> TextKey { TextKey(rawValue: "rule.\(id)") }
    /// The sentence of a notice: the key is the notice's fact.
    public static func notice(_ fact: String) -> TextKey { TextKey(rawValue: fact) }

    /// The answer to an intent whose derived fact `answer.<intent>` has `value`.
    public static func answer(intent: String, value: String) -> TextKey { TextKey(rawValue: "answer.\(intent).\(value)") }

    /// The keys that can answer an intent without a derived value, most specific first: by the
    /// action and method, by the method, or always.
    public static func answer(intent: String, action: String, method: String) -> [TextKey] {
        ["answer.\(intent).\(action).\(method)", "answer.\(intent).\(method)", "answer.\(intent).always"].map(TextKey.init(rawValue:))
    }

    /// The fixed keys every knowledge base defines.
    public static let fixed: [TextKey] =
        [closing, undated, official, yourCarrier, whyUnconfirmed, whyNotNone, whyNotAlready, understoodNothing, understoodUnclear, method("none")]
        + Heading.allCases.map(heading) + Hint.allCases.map(hint) + WarningSeverity.allCases.map(severity)

    /// Every key the advice renders without a fallback, for these declarations.
    public static func required(warnings: [String], methods: [String], actions: [String], shownFields: [String], reasons: [String]) -> [TextKey] {
        fixed + warnings.map { warning($0) } + methods.flatMap { [method($0), why($0)] } + actions.map(action)
            + shownFields.map(field) + reasons.map(reason)
    }
}
