import RulesEngine

extension Advisor {

    /// Evaluates a what-if profile with the probe evaluator and returns what a person would see;
    /// nil when the rules cannot decide it (the firing limit was reached), which each caller
    /// handles in the open: `missing` asks about such a field, `whyNot` does not offer it.
    func probe(_ facts: FactBuffer) -> _Signature? {
        do throws(EvaluationError) { _ = try probeEvaluator.evaluateSummary(facts) } catch { return nil }
        return signature(probeEvaluator)
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
        missingFields(profile, base: nil, baseSignature: nil, value: { result.value(of: $0) })
            .map { Advice.Missing(field: $0.name, question: $0.question[language]) }
    }

    /// The fields of ``missing(_:profile:language:)``. `base` and `baseSignature` are the
    /// profile's facts and what its evaluation shows, when the caller has them (else they are
    /// made here); `value` reads a fact of the profile's evaluation (for a list's probes).
    func missingFields(_ profile: Profile, base: FactBuffer?, baseSignature: _Signature?, value: (String) -> Value?) -> [KnowledgeBase.ProfileField] {
        let given = Set(profile.values.map(\.field))
        // Nothing left to ask: no what-if profile to evaluate.
        guard knowledgeBase.profileFields.contains(where: { !given.contains($0.name) }) else { return [] }
        let base = base ?? facts(for: profile)
        // The profile itself was just evaluated with the same rules and limit.
        guard let baseSignature = baseSignature ?? probe(base) else { return [] }
        // The what-if facts: the profile's, with one field set at a time. A field other than
        // the carrier sets its one fact, which is cleared again after; the carrier brings its
        // policy facts, so the profile's are copied back after it.
        var scratch = base
        // Keep only the fields with an answer that would change what the person sees; those
        // that can change the method come first, then the question order.
        var decisive: [(field: KnowledgeBase.ProfileField, changesMethod: Bool)] = []
        for field in knowledgeBase.profileFields where !given.contains(field.name) {
            var changes = false, changesMethod = false
            defer {
                if field.name == Profile.carrierField { scratch.assign(base) } else if let slot = profileSlots[field.name] { scratch.clear(slot) }
            }
            for value in fixedProbes[field.name] ?? probeValues(for: field, value: value) {
                apply(field.name, value, to: &scratch)
                // A value with which the rules cannot decide (a firing limit) makes the field
                // worth asking: its answer matters.
                guard let sig = probe(scratch) else { changes = true; changesMethod = true; break }
                if sig != baseSignature { changes = true }
                // What to do with the line counts as much as how.
                if sig.method != baseSignature.method || sig.action != baseSignature.action { changesMethod = true; break }
            }
            if changes { decisive.append((field, changesMethod)) }
        }
        return decisive.filter(\.changesMethod).map(\.field) + decisive.filter { !$0.changesMethod }.map(\.field)
    }

    /// Gives a profile field a value in a working memory; a carrier brings its policy along.
    func apply(_ field: String, _ value: Value, to buffer: inout FactBuffer) {
        let ruleSet = knowledgeBase.ruleSet
        guard let slot = profileSlots[field] else { return }
        Self.set(slot, value, in: &buffer, ruleSet)
        if field == Profile.carrierField, case .string(let id) = value {
            for s in policySlots { buffer.clear(s) }
            for (s, v) in policyFacts[id] ?? [] { Self.set(s, v, in: &buffer, ruleSet) }
        }
    }

    /// Values worth trying for an unknown field: both booleans, every enum value, the numbers
    /// the rules compare with (and their neighbours), every carrier, and for a list the empty
    /// list and each single value the rules or the known facts (read by `value`) mention.
    func probeValues(for field: KnowledgeBase.ProfileField, value: (String) -> Value? = { _ in nil }) -> [Value] {
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
                if case .list(let l)? = value(fact.name) { items.formUnion(l) }
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
