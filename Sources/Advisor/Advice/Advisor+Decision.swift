import RulesEngine

/// What the advice decides, without its texts: the parts a batch's `--detail decision` writes
/// and its summary counts.
public struct Decision: Sendable, Equatable {
    public struct Rank: Sendable, Equatable {
        public var method: String
        public var score: Double
        public var blocked: Bool
    }

    public var carrier: String?
    public var action: String
    public var method: String
    public var ranking: [Rank]
    /// The ids of the warnings shown.
    public var warnings: [String]
    /// The fields whose answers could change the advice, most decisive first.
    public var missing: [String]

    /// The decision of a whole advice.
    public init(_ advice: Advice) {
        carrier = advice.carrier
        action = advice.action
        method = advice.method
        ranking = advice.ranking.map { Rank(method: $0.method, score: $0.score, blocked: $0.blocked) }
        warnings = advice.warnings.map(\.id)
        missing = advice.missing.map(\.field)
    }

    init(carrier: String?, action: String, method: String, ranking: [Rank], warnings: [String], missing: [String]) {
        self.carrier = carrier
        self.action = action
        self.method = method
        self.ranking = ranking
        self.warnings = warnings
        self.missing = missing
    }
}

extension Advisor {
    /// The decision for a profile: the same as `Decision(advise(profile, language: l))` in any
    /// language, without making the texts.
    /// - Throws: ``EvaluationError`` when the rules conflict or run away (a rule-set defect).
    public func decide(_ profile: Profile) throws(EvaluationError) -> Decision {
        let result = try evaluate(profile)
        let ranking = self.ranking(result)
        let method = Self.choose(ranking)?.method ?? "none"
        let action: String = if case .string(let a)? = result.value(of: "action") { a } else { "cancel" }
        return Decision(
            carrier: profile.carrier.flatMap { knowledgeBase.carriers[$0]?.id }, action: action, method: method,
            ranking: ranking.map { Decision.Rank(method: $0.method, score: $0.score, blocked: $0.blocked) },
            warnings: visibleWarnings(result, method: method).map(\.id),
            missing: missing(result, profile: profile, language: .en).map(\.field))
    }
}
