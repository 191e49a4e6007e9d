import RulesEngine

/// Turns profiles into advice with one knowledge base. Use one advisor per thread: it reuses
/// its evaluator's buffers.
public final class Advisor {
    public let knowledgeBase: KnowledgeBase
    let evaluator: Evaluator
    /// Each carrier's policy as fact values, built once.
    let policyFacts: [String: [(slot: Int, value: Value)]]
    let profileSlots: [String: Int]

    public init(_ knowledgeBase: KnowledgeBase) {
        self.knowledgeBase = knowledgeBase
        let ruleSet = knowledgeBase.ruleSet
        evaluator = Evaluator(ruleSet)
        var policies: [String: [(slot: Int, value: Value)]] = [:]
        for (id, carrier) in knowledgeBase.carriers {
            policies[id] = carrier.policy.compactMap { entry in
                guard let value = entry.value, let slot = ruleSet.slot(of: "policy." + entry.field) else { return nil }
                return (slot, value)
            }
        }
        policyFacts = policies
        profileSlots = Dictionary(uniqueKeysWithValues: knowledgeBase.profileFields.compactMap { f in ruleSet.slot(of: f.name).map { (f.name, $0) } })
    }

    /// The working memory for a profile: its fields and its carrier's confirmed policy.
    public func facts(for profile: Profile) -> FactBuffer {
        let ruleSet = knowledgeBase.ruleSet
        var buffer = FactBuffer(for: ruleSet)
        for (field, value) in profile.values {
            // The reader checked every value against its type, so this cannot fail.
            if let slot = profileSlots[field] { try? buffer.set(slot, value, in: ruleSet) }
        }
        if let carrier = profile.carrier {
            for (slot, value) in policyFacts[carrier] ?? [] { try? buffer.set(slot, value, in: ruleSet) }
        }
        return buffer
    }

    /// Evaluates the rules for a profile.
    public func evaluate(_ profile: Profile) throws(EvaluationError) -> EvaluationResult {
        try evaluator.evaluate(facts(for: profile))
    }

    /// The advice for a profile, in `language`.
    /// - Parameter explain: include the trace of the rules that fired.
    /// - Throws: ``EvaluationError`` when the rules conflict or run away (a rule-set defect).
    public func advise(_ profile: Profile, language: Language, explain: Bool = false) throws(EvaluationError) -> Advice {
        let result = try evaluate(profile)
        return assemble(result, profile: profile, language: language, explain: explain)
    }

    func assemble(_ result: EvaluationResult, profile: Profile, language: Language, explain: Bool) -> Advice {
        let kb = knowledgeBase
        let carrier = profile.carrier.flatMap { kb.carriers[$0] }
        let ranking = kb.methods.map { method in
            var rules: [String] = []
            for c in result.contributions(to: method) where !rules.contains(c.rule) { rules.append(c.rule) }
            var reasons: [String] = []
            for b in result.blocks(of: method) {
                if !reasons.contains(b.reason) { reasons.append(b.reason) }
                if !rules.contains(b.rule) { rules.append(b.rule) }
            }
            return Advice.MethodRank(method: method, score: result.score(of: method), blocked: !reasons.isEmpty, reasons: reasons, rules: rules)
        }
        // Highest score wins; ties go to the earlier method in the declared order.
        let chosen = ranking.filter { !$0.blocked }.max { a, b in a.score < b.score }
        let best = chosen.flatMap { c in ranking.first { !$0.blocked && $0.score == c.score } }
        let method = best?.method ?? "none"

        var why: [String] = []
        if let best {
            why.append(kb.text("why.\(best.method)", language))
            if let note = carrier?.notes[best.method] { why.append(note[language]) }
        } else {
            why.append(kb.text("heading.none", language))
        }

        let warnings = result.warnings.compactMap { w -> Advice.Warning? in
            if let scope = kb.warningScope[w.id], !scope.contains(method) { return nil }
            var message = kb.text("warning.\(w.id)", language)
            if let note = carrier?.notes[w.id] { message += " " + note[language] }
            return Advice.Warning(id: w.id, severity: w.severity, message: message, rules: w.rules)
        }

        var steps: [String] = []
        if method != "none" {
            steps = (carrier?.steps[method] ?? kb.genericSteps[method] ?? []).map { $0[language] }
        }

        return Advice(
            id: profile.id, carrier: carrier?.id, carrierName: carrier?.name[language], language: language,
            method: method, methodName: kb.text("method.\(method)", language), why: why,
            ranking: ranking, warnings: warnings, steps: steps,
            missing: missing(result, profile: profile, language: language),
            uncertain: (carrier?.uncertainties ?? []).map { entry in
                Advice.Uncertain(field: entry.field, status: entry.certainty.rawValue, note: entry.note?[language] ?? "",
                                 sources: entry.sources.compactMap { carrier?.source($0)?.url })
            },
            policyCheckedOn: carrier?.checkedOn,
            sources: (carrier?.sources ?? []).map { "\($0.url) (\($0.date)\($0.official ? ", official" : ""))" },
            trace: explain ? result.trace : nil)
    }

    /// The profile fields whose answers could change the advice, in question order.
    ///
    /// A policy fact is unknown when the carrier is unknown (then the carrier is what to ask) or
    /// when the carrier's sources do not settle it (then it is listed as uncertain instead).
    func missing(_ result: EvaluationResult, profile: Profile, language: Language) -> [Advice.Missing] {
        var fields = Set<String>()
        for m in result.missingFacts() where m.isInput {
            if m.fact.hasPrefix(_KnowledgeSections.policyPrefix) {
                if profile.carrier == nil { fields.insert("carrier") }
            } else {
                fields.insert(m.fact)
            }
        }
        return knowledgeBase.profileFields.filter { fields.contains($0.name) }.map {
            Advice.Missing(field: $0.name, question: $0.question[language])
        }
    }
}
