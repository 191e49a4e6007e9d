import RulesEngine

/// Turns profiles into advice with one knowledge base. Use one advisor per thread: it reuses
/// its evaluator's buffers.
public final class Advisor {
    public let knowledgeBase: KnowledgeBase
    let evaluator: Evaluator
    /// Evaluates the what-if profiles behind `missing`, so they never count in ``coverage``.
    let probeEvaluator: Evaluator
    /// Each carrier's policy as fact values, built once.
    let policyFacts: [String: [(slot: Int, value: Value)]]
    let profileSlots: [String: Int]
    /// Every policy fact's slot (cleared when a probe changes the carrier).
    let policySlots: [Int]
    /// For each warning (by index), the methods (by index) it is shown with; nil for all.
    let warningScope: [[Int]?]
    /// For each profile field, the constants the rules compare it with.
    let constants: [String: [Value]]
    /// For each profile field that is not a list, the values worth trying (see ``probes``).
    var fixedProbes: [String: [Value]] = [:]
    /// Whether the what-ifs of ``missingFields(given:base:evaluated:value:)`` start from the
    /// profile's own start of evaluation (``Evaluator/evaluateSummary(_:changing:)``); on but
    /// for tests, which compare both ways.
    var probesFromStart = true
    /// Whether ``missingFields(given:base:evaluated:value:)`` does without evaluating a what-if
    /// whose firings the profile's own evaluation shows are its own
    /// (``Evaluator/lastFiringsUnchanged(by:changing:)``); on but for tests, which compare both ways.
    var prunesProbes = true
    /// Each profile field's index in ``KnowledgeBase/profileFields``.
    let fieldIndex: [String: Int]
    /// For each profile field (by index), its slot, or -1 when no rule reads it.
    let fieldSlots: [Int]
    /// For each profile field (by index) that is not a list, its values worth trying made
    /// ready: for each value, the facts it sets (the carrier sets its policy too); nil where a
    /// value cannot be made ready, which is then set from its ``fixedProbes`` value.
    var readyProbes: [[[FactBuffer.Encoded]]?] = []
    /// Each carrier's sources as the advice lists them (`url (date, official)`), by language.
    let sourceLines: [String: [Language: [String]]]
    /// The slot of the derived fact `action`, when the rules have one.
    let actionSlot: Int?
    /// Per rule (by index), the value it derives for `action`, if any.
    let actionOfRule: [String?]
    /// Per method of ``KnowledgeBase/methods``, its option's index in the rule set.
    let optionOfMethod: [Int]

    /// - Parameter firingLimit: the most rule firings one evaluation may make (default: the
    ///   number of rules, which never stops a rule set; see ``Evaluator/firingLimit``).
    public init(_ knowledgeBase: KnowledgeBase, firingLimit: Int? = nil) {
        self.knowledgeBase = knowledgeBase
        let ruleSet = knowledgeBase.ruleSet
        evaluator = Evaluator(ruleSet, firingLimit: firingLimit)
        probeEvaluator = Evaluator(ruleSet, firingLimit: firingLimit)
        var policies: [String: [(slot: Int, value: Value)]] = [:]
        for (id, carrier) in knowledgeBase.carriers {
            policies[id] = carrier.policy.compactMap { entry in
                guard let value = entry.value, let slot = ruleSet.slot(of: _KnowledgeSections.policyPrefix + entry.field) else { return nil }
                return (slot, value)
            }
        }
        policyFacts = policies
        sourceLines = knowledgeBase.carriers.mapValues { carrier in
            Dictionary(uniqueKeysWithValues: Language.allCases.map { language in
                (language, carrier.sources.map { source in
                    let date = source.date == "undated" ? knowledgeBase.text(.undated, language) : source.date
                    return "\(source.url) (\(date)\(source.official ? ", " + knowledgeBase.text(.official, language) : ""))"
                })
            })
        }
        actionSlot = ruleSet.slot(of: "action")
        actionOfRule = ruleSet.rules.map { rule in
            for case .derive("action", .string(let value)) in rule.actions.map(\.value) { return value }
            return nil
        }
        optionOfMethod = knowledgeBase.methods.map { ruleSet.options.firstIndex(of: $0) ?? -1 }
        profileSlots = Dictionary(uniqueKeysWithValues: knowledgeBase.profileFields.compactMap { f in ruleSet.slot(of: f.name).map { (f.name, $0) } })
        policySlots = ruleSet.facts.indices.filter { ruleSet.facts[$0].name.hasPrefix(_KnowledgeSections.policyPrefix) }
        constants = Dictionary(uniqueKeysWithValues: knowledgeBase.profileFields.map { ($0.name, ruleSet.constants(comparedWith: $0.name)) })
        warningScope = ruleSet.warnings.map { w in
            knowledgeBase.warningScope[w.id].map { methods in methods.compactMap { ruleSet.options.firstIndex(of: $0) } }
        }
        fieldIndex = Dictionary(uniqueKeysWithValues: knowledgeBase.profileFields.enumerated().map { ($1.name, $0) })
        fieldSlots = knowledgeBase.profileFields.map { ruleSet.slot(of: $0.name) ?? -1 }
        for field in knowledgeBase.profileFields where field.type != .list {
            fixedProbes[field.name] = probeValues(for: field)
        }
        readyProbes = knowledgeBase.profileFields.map { field -> [[FactBuffer.Encoded]]? in
            guard let values = fixedProbes[field.name] else { return nil }
            var made: [[FactBuffer.Encoded]] = []
            for value in values {
                guard let facts = self.ready(field.name, value) else { return nil }
                made.append(facts)
            }
            return made
        }
    }

    /// Whether the advised profiles' evaluations are recorded for ``coverage`` (off by default).
    public var recordsConditions: Bool {
        get { evaluator.recordsConditions }
        set { evaluator.recordsConditions = newValue }
    }

    /// How the rules' conditions came out over the profiles advised while recording.
    public var coverage: ConditionCoverage { evaluator.coverage }

    /// The working memory for a profile: its fields and its carrier's confirmed policy.
    public func facts(for profile: Profile) -> FactBuffer {
        let ruleSet = knowledgeBase.ruleSet
        var buffer = FactBuffer(for: ruleSet)
        for (field, value) in profile.values {
            if let slot = profileSlots[field] { Self.set(slot, value, in: &buffer, ruleSet) }
        }
        if let carrier = profile.carrier {
            for (slot, value) in policyFacts[carrier] ?? [] { Self.set(slot, value, in: &buffer, ruleSet) }
        }
        return buffer
    }

    /// The facts a profile field's value sets, made ready (a carrier sets its policy too), as
    /// ``apply(_:_:to:)`` sets them; nil when one cannot be made ready.
    func ready(_ field: String, _ value: Value) -> [FactBuffer.Encoded]? {
        let ruleSet = knowledgeBase.ruleSet
        guard let slot = profileSlots[field] else { return [] }
        var facts: [(slot: Int, value: Value)] = [(slot, value)]
        if field == Profile.carrierField, case .string(let id) = value { facts += policyFacts[id] ?? [] }
        var ready: [FactBuffer.Encoded] = []
        for (slot, value) in facts {
            guard let encoded = try? FactBuffer.encode(value, slot: slot, in: ruleSet) else { return nil }
            ready.append(encoded)
        }
        return ready
    }

    /// Sets a fact whose value is known to fit it: profile values were checked against their
    /// fields' types when read (``ProfileReader``, the question reader, the consultation),
    /// probes are made from the field's type, and policies were checked when loaded. A value
    /// that does not fit is a defect of the caller: debug builds stop on it, release builds
    /// leave the fact unknown, which the advice treats as not given (it asks rather than assumes).
    static func set(_ slot: Int, _ value: Value, in buffer: inout FactBuffer, _ ruleSet: CompiledRuleSet) {
        do throws(FactError) { try buffer.set(slot, value, in: ruleSet) } catch {
            assertionFailure("a value that does not fit its fact: \(error)")
        }
    }

    /// Evaluates the rules for a profile.
    public func evaluate(_ profile: Profile) throws(EvaluationError) -> EvaluationResult {
        try evaluator.evaluate(facts(for: profile))
    }

    /// The advice for a profile, in `language`.
    /// - Parameter explain: include the trace of the rules that fired.
    /// - Throws: ``EvaluationError`` when the rules conflict or run away (a rule-set defect).
    /// - Parameter whyNot: a method to explain the absence of: the smallest changes that would
    ///   make it the advice.
    /// - Parameter question: what was read from the person's question: its intents are
    ///   answered first and what it said is echoed.
    public func advise(_ profile: Profile, language: Language, explain: Bool = false, whyNot: String? = nil, question: Understanding? = nil) throws(EvaluationError) -> Advice {
        let facts = facts(for: profile)
        let result = try evaluator.evaluate(facts)
        var advice = assemble(result, profile: profile, facts: facts, language: language, explain: explain)
        if let question { read(question, result, into: &advice) }
        if let method = whyNot {
            let alternatives = self.whyNot(method, for: profile)
            advice.whyNot = Advice.WhyNot(
                method: method,
                alternatives: alternatives.map { $0.map { Advice.WhyNot.Change(field: $0.field, value: $0.value) } },
                labels: alternatives.map { $0.map { knowledgeBase.namedLabel($0.field, $0.value, language) } })
        }
        return advice
    }
}
