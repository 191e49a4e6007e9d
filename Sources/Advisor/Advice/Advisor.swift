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
    /// Each carrier's sources as the advice lists them (`url (date, official)`), by language.
    let sourceLines: [String: [Language: [String]]]
    /// The slot of the derived fact `action`, when the rules have one.
    let actionSlot: Int?

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
                    let date = source.date == "undated" ? knowledgeBase.text("label.undated", language) : source.date
                    return "\(source.url) (\(date)\(source.official ? ", " + knowledgeBase.text("label.official", language) : ""))"
                })
            })
        }
        actionSlot = ruleSet.slot(of: "action")
        profileSlots = Dictionary(uniqueKeysWithValues: knowledgeBase.profileFields.compactMap { f in ruleSet.slot(of: f.name).map { (f.name, $0) } })
        policySlots = ruleSet.facts.indices.filter { ruleSet.facts[$0].name.hasPrefix(_KnowledgeSections.policyPrefix) }
        constants = Dictionary(uniqueKeysWithValues: knowledgeBase.profileFields.map { ($0.name, ruleSet.constants(comparedWith: $0.name)) })
        warningScope = ruleSet.warnings.map { w in
            knowledgeBase.warningScope[w.id].map { methods in methods.compactMap { ruleSet.options.firstIndex(of: $0) } }
        }
        for field in knowledgeBase.profileFields where field.type != .list {
            fixedProbes[field.name] = probeValues(for: field)
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
    /// - Parameter whyNot: a method to explain the absence of: the smallest changes that would
    ///   make it the advice.
    /// - Parameter question: what was read from the person's question: its intents are
    ///   answered first and what it said is echoed.
    public func advise(_ profile: Profile, language: Language, explain: Bool = false, whyNot: String? = nil, question: Understanding? = nil) throws(EvaluationError) -> Advice {
        let result = try evaluate(profile)
        var advice = assemble(result, profile: profile, language: language, explain: explain)
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

    func assemble(_ result: EvaluationResult, profile: Profile, language: Language, explain: Bool) -> Advice {
        let kb = knowledgeBase
        let carrier = profile.carrier.flatMap { kb.carriers[$0] }
        let action: String = if case .string(let a)? = result.value(of: "action") { a } else { "cancel" }
        var ranking = self.ranking(result)
        // A carrier's note on a method speaks of cancelling by it.
        if action == "cancel" { for i in ranking.indices { ranking[i].note = carrier?.notes[ranking[i].method]?[language] } }
        let best = Self.choose(ranking)
        let method = best?.method ?? "none"

        var why: [String] = []
        if let best {
            why.append(kb.texts["why.\(action).\(best.method)"]?[language] ?? kb.text("why.\(best.method)", language))
            if let note = best.note { why.append(note) }
            // A method no source confirms for this carrier and action is said to be unconfirmed.
            if let fact = kb.confirmedBy[action]?[best.method], result.value(of: fact) == nil {
                why.append(kb.texts["why.unconfirmed.\(action)"]?[language] ?? kb.text("why.unconfirmed", language))
            }
        } else {
            // No method now: say what would open one. A reason without a remedy text (the
            // carrier does not offer it, the number is to be kept) cannot be fixed by the person,
            // so only methods whose every reason has a remedy are worth a word.
            why.append(kb.text("heading.none", language))
            var seen = Set<String>()
            for r in ranking where r.reasons.allSatisfy({ kb.texts["remedy.\($0)"] != nil }) {
                for reason in r.reasons where seen.insert(reason).inserted {
                    if let remedy = kb.texts["remedy.\(reason)"] { why.append(remedy[language]) }
                }
            }
        }

        let warnings = visibleWarnings(result, method: method).map { w in
            // The carrier's own text where its policy settles the general one; else the general
            // text (its variant for the method, if any) with the carrier's detail after it.
            var message = carrier?.replacements[w.id]?[language]
                ?? kb.texts["warning.\(w.id).\(method)"]?[language] ?? kb.text("warning.\(w.id)", language)
            if carrier?.replacements[w.id] == nil, let note = carrier?.notes[w.id] { message += language.sentenceSeparator + note[language] }
            return Advice.Warning(id: w.id, severity: w.severity, message: message, rules: w.rules)
        }

        var steps: [String] = []
        if method != "none" {
            let own = action == "port-out" ? carrier?.portOutSteps[method] : carrier?.steps[method]
            let generic = action == "port-out" ? kb.genericPortOutSteps[method] : kb.genericSteps[method]
            steps = (own ?? generic ?? []).map { $0[language] }
        }

        var advice = Advice(
            id: profile.id, carrier: carrier?.id, carrierName: carrier?.name[language], language: language,
            method: method, methodName: kb.text("method.\(method)", language), why: why,
            ranking: ranking, warnings: warnings, steps: steps,
            missing: missing(result, profile: profile, language: language),
            uncertain: (carrier?.uncertainties ?? []).map { entry in
                Advice.Uncertain(field: entry.field, status: entry.certainty.rawValue, note: entry.note?[language] ?? "",
                                 sources: entry.sources.compactMap { carrier?.source($0)?.url })
            },
            policyCheckedOn: carrier?.checkedOn,
            sources: carrier.flatMap { sourceLines[$0.id]?[language] } ?? [],
            trace: explain ? result.trace : nil)
        advice.action = action
        advice.actionName = kb.text("action.\(action)", language)
        advice.noticeIDs = kb.notices.filter { result.value(of: $0) == .bool(true) }
        advice.notices = advice.noticeIDs.map { fill(kb.text($0, language), carrier, method, language) }
        return advice
    }

    /// A text with `{carrier}` and `{method}` filled in.
    func fill(_ text: String, _ carrier: Carrier?, _ method: String, _ language: Language) -> String {
        guard text.contains("{") else { return text }
        let kb = knowledgeBase
        let name = carrier.map { $0.id == "other" ? kb.text("label.your-carrier", language) : $0.name[language] } ?? kb.text("label.your-carrier", language)
        return text.replacingOccurrences(of: "{carrier}", with: name)
            .replacingOccurrences(of: "{method}", with: kb.text("method.\(method)", language))
    }

    /// Adds what a question asked and said: an answer to each intent (the carrier's text where
    /// it replaces the general one, else the general text with the carrier's detail after it),
    /// the facts read with their words, the contradictions, or that nothing useful was read.
    func read(_ question: Understanding, _ result: EvaluationResult, into advice: inout Advice) {
        let kb = knowledgeBase
        let language = advice.language
        let carrier = advice.carrier.flatMap { kb.carriers[$0] }
        for intent in question.intents.map(\.id) {
            let value: String? = if case .string(let v)? = result.value(of: "answer.\(intent)") { v } else { nil }
            let keys = KnowledgeBase.answerKeys(intent: intent, value: value, action: advice.action, method: advice.method)
            guard let key = keys.first(where: { kb.texts[$0] != nil }) else { continue }
            var answer = fill(kb.text(key, language), carrier, advice.method, language)
            if let own = carrier?.replacements["answer.\(intent)"] { answer = own[language] }
            else if let note = carrier?.notes["answer.\(intent)"] { answer += language.sentenceSeparator + note[language] }
            advice.answers.append(Advice.Answer(intent: intent, answer: answer))
        }
        advice.understood = question.findings.map { f in
            Advice.Understood(field: f.field, value: f.value, from: f.phrases, label: kb.label(f.field, f.value, language))
        }
        advice.unclear = question.contradictions.map { c in
            let said = c.phrases.map { "“\($0)”" }.joined(separator: language == .en ? ", " : "、")
            return Advice.Unclear(field: c.field, values: c.values, from: c.phrases,
                                  note: kb.text("understood.unclear", language).replacingOccurrences(of: "{phrases}", with: said))
        }
        if question.isEmpty {
            advice.understoodNothing = kb.text("understood.nothing", language)
        }
    }

    /// Every method with its score, blocks and deciding rules.
    func ranking(_ result: EvaluationResult) -> [Advice.MethodRank] {
        knowledgeBase.methods.map { method in
            var rules: [String] = []
            for c in result.contributions(to: method) where !rules.contains(c.rule) { rules.append(c.rule) }
            var reasons: [String] = []
            for b in result.blocks(of: method) {
                if !reasons.contains(b.reason) { reasons.append(b.reason) }
                if !rules.contains(b.rule) { rules.append(b.rule) }
            }
            return Advice.MethodRank(method: method, score: result.score(of: method), blocked: !reasons.isEmpty, reasons: reasons, rules: rules, note: nil)
        }
    }

    /// The unblocked method with the highest score; ties go to the earlier method in the
    /// declared order (online, store, phone). Nil when every method is blocked.
    static func choose(_ ranking: [Advice.MethodRank]) -> Advice.MethodRank? {
        chooseIndex(ranking.count, score: { ranking[$0].score }, blocked: { ranking[$0].blocked }).map { ranking[$0] }
    }

    /// The index of the unblocked option with the highest score, the earliest on a tie.
    @inline(__always)
    static func chooseIndex(_ count: Int, score: (Int) -> Double, blocked: (Int) -> Bool) -> Int? {
        var best: Int?
        var bestScore = 0.0
        for i in 0..<count where !blocked(i) {
            let s = score(i)
            if best == nil || s > bestScore { best = i; bestScore = s }
        }
        return best
    }

    /// The raised warnings that apply to the chosen method, most severe first.
    func visibleWarnings(_ result: EvaluationResult, method: String) -> [EvaluationResult.Warning] {
        result.warnings.filter { w in knowledgeBase.warningScope[w.id].map { $0.contains(method) } ?? true }
    }

    /// What a person sees of the last evaluation of `e`: the method, which methods are blocked
    /// (a further reason on an already blocked method changes nothing for them) and which
    /// warnings are shown. Read from the evaluator in place: no result is built.
    func signature(_ e: Evaluator) -> _Signature {
        let methods = knowledgeBase.ruleSet.options.count
        let method = Self.chooseIndex(methods, score: { e.lastScore(option: $0) }, blocked: { e.lastIsBlocked(option: $0) }) ?? -1
        var sig = _Signature(method: method, action: actionSlot.map { e.lastDerivedBy(slot: $0) } ?? -1, bits: [UInt64](repeating: 0, count: (methods + warningScope.count + 63) / 64))
        for o in 0..<methods where e.lastIsBlocked(option: o) { sig.set(o) }
        for (w, scope) in warningScope.enumerated() where e.lastRaised(warning: w) {
            if scope.map({ $0.contains(method) }) ?? true { sig.set(methods + w) }
        }
        return sig
    }

    /// The profile fields whose answers could change the advice, most decisive first.
    ///
    /// Every field the profile leaves unknown is tried with the values worth trying; a field is
    /// missing when some value changes the method, the warnings or which methods are blocked.
    /// (The engine's own `missingFacts()` would miss a field whose unknown value already fired a
    /// rule, such as `boundServices`, whose "false" would remove a warning.)
    func missing(_ result: EvaluationResult, profile: Profile, language: Language) -> [Advice.Missing] {
        let given = Set(profile.values.map(\.field))
        let ruleSet = knowledgeBase.ruleSet
        let base = facts(for: profile)
        guard (try? probeEvaluator.evaluateSummary(base)) != nil else { return [] }
        let baseSignature = signature(probeEvaluator)
        var scratch = FactBuffer(for: ruleSet)
        // Keep only the fields with an answer that would change what the person sees; those
        // that can change the method come first, then the question order.
        var decisive: [(field: KnowledgeBase.ProfileField, changesMethod: Bool)] = []
        for field in knowledgeBase.profileFields where !given.contains(field.name) {
            var changes = false, changesMethod = false
            for probe in probes(for: field, in: result) {
                scratch.assign(base)
                apply(field.name, probe, to: &scratch)
                guard (try? probeEvaluator.evaluateSummary(scratch)) != nil else { continue }
                let sig = signature(probeEvaluator)
                if sig != baseSignature { changes = true }
                // What to do with the line counts as much as how.
                if sig.method != baseSignature.method || sig.action != baseSignature.action { changesMethod = true; break }
            }
            if changes { decisive.append((field, changesMethod)) }
        }
        let ordered = decisive.filter(\.changesMethod) + decisive.filter { !$0.changesMethod }
        return ordered.map { Advice.Missing(field: $0.field.name, question: $0.field.question[language]) }
    }

    /// Gives a profile field a value in a working memory; a carrier brings its policy along.
    func apply(_ field: String, _ value: Value, to buffer: inout FactBuffer) {
        let ruleSet = knowledgeBase.ruleSet
        guard let slot = profileSlots[field] else { return }
        try? buffer.set(slot, value, in: ruleSet)
        if field == Profile.carrierField, case .string(let id) = value {
            for s in policySlots { buffer.clear(s) }
            for (s, v) in policyFacts[id] ?? [] { try? buffer.set(s, v, in: ruleSet) }
        }
    }

    /// Values worth trying for an unknown field: both booleans, every enum value, the numbers
    /// the rules compare with (and their neighbours), every carrier, and for a list the empty
    /// list and each single value the rules or the known facts mention.
    func probes(for field: KnowledgeBase.ProfileField, in result: EvaluationResult) -> [Value] {
        fixedProbes[field.name] ?? probeValues(for: field, in: result)
    }

    func probeValues(for field: KnowledgeBase.ProfileField, in result: EvaluationResult? = nil) -> [Value] {
        let constants = self.constants[field.name] ?? []
        switch field.type {
        case .bool: return [.bool(true), .bool(false)]
        case .enumeration(let values): return values.map { .string($0) }
        case .number:
            var numbers: Set<Double> = [0]
            for case .number(let c) in constants { numbers.formUnion([c - 1, c, c + 1]) }
            return numbers.filter { $0 >= 0 }.sorted().map { .number($0) }
        case .string:
            return field.name == Profile.carrierField ? knowledgeBase.carrierIDs.map { .string($0) } : constants
        case .list:
            var items = Set<String>()
            for case .string(let s) in constants { items.insert(s) }
            for case .list(let l) in constants { items.formUnion(l) }
            for fact in knowledgeBase.ruleSet.facts where fact.type == .list {
                if case .list(let l)? = result?.value(of: fact.name) { items.formUnion(l) }
            }
            return [.list([])] + items.sorted().map { .list([$0]) }
        }
    }
}

/// A compact form of what a person sees: the chosen method's index (-1 for none) and a bitset
/// of blocked methods followed by shown warnings.
struct _Signature: Equatable {
    var method: Int
    /// The rule that derived the action (cancel or port out), -1 for none.
    var action: Int
    var bits: [UInt64]

    mutating func set(_ i: Int) { bits[i >> 6] |= 1 << UInt64(i & 63) }
}
