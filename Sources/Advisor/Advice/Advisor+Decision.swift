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
    /// language, without making the texts, and read from the evaluator in place (no
    /// ``EvaluationResult`` is built).
    /// - Throws: ``EvaluationError`` when the rules conflict or run away (a rule-set defect).
    public func decide(_ profile: Profile) throws(EvaluationError) -> Decision {
        let given = self.given(profile)
        return try decide(facts(for: profile), given: { given[$0] }, carrier: profile.carrier.flatMap { knowledgeBase.carriers[$0]?.id })
    }

    /// The decision for a profile whose facts are `base` (as ``facts(for:)`` makes them), which
    /// gives the fields (by index) for which `given` is true and names `carrier`.
    func decide(_ base: FactBuffer, given: (Int) -> Bool, carrier: String?) throws(EvaluationError) -> Decision {
        _ = try evaluator.evaluateSummary(base)
        let e = evaluator
        let methods = knowledgeBase.methods
        let ranking = optionOfMethod.enumerated().map { i, o in
            Decision.Rank(method: methods[i], score: e.lastScore(option: o), blocked: e.lastIsBlocked(option: o))
        }
        let chosen = Self.chooseIndex(ranking.count, score: { ranking[$0].score }, blocked: { ranking[$0].blocked })
        let method = chosen.map { methods[$0] } ?? "none"
        let actionRule = actionSlot.map { e.lastDerivedBy(slot: $0) } ?? -1
        let action = (actionRule >= 0 ? actionOfRule[actionRule] : nil) ?? "cancel"
        return Decision(
            carrier: carrier, action: action, method: method,
            ranking: ranking, warnings: lastVisibleWarnings(e, method: chosen.map { optionOfMethod[$0] } ?? -1),
            missing: missingFields(given: given, base: base, evaluated: e, value: { name in
                knowledgeBase.ruleSet.slot(of: name).flatMap { e.lastValue(slot: $0) }
            }).map(\.name))
    }

    /// The ids of the warnings the last evaluation of `e` raised that apply to option `option`,
    /// most severe first, as ``visibleWarnings(_:method:)`` orders them.
    func lastVisibleWarnings(_ e: Evaluator, method option: Int) -> [String] {
        let declared = knowledgeBase.ruleSet.warnings
        var order: [Int] = []
        for k in 0..<e.lastRaisedCount {
            let w = e.lastRaised(at: k).warning
            if !order.contains(w) { order.append(w) }
        }
        return order.enumerated()
            .sorted { a, b in
                let (x, y) = (declared[a.element].severity, declared[b.element].severity)
                return x != y ? x < y : a.offset < b.offset
            }
            .filter { warningScope[$0.element].map { $0.contains(option) } ?? true }
            .map { declared[$0.element].id }
    }
}
