import RulesEngine

extension Advisor {

    /// Evaluates a what-if profile with the probe evaluator and returns what a person would see;
    /// nil when the rules cannot decide it (the firing limit was reached), which each caller
    /// handles in the open: `missing` asks about such a field, `whyNot` does not offer it.
    func probe(_ facts: FactBuffer) -> _Signature? {
        do throws(EvaluationError) { _ = try probeEvaluator.evaluateSummary(facts) } catch { return nil }
        return signature(probeEvaluator)
    }

    /// ``probe(_:)`` for facts that differ from those the probe evaluator was prepared with
    /// (``Evaluator/prepare(_:)``) only in `slots`: the rules that read none of them are not
    /// evaluated again.
    func probe(_ facts: FactBuffer, changing slots: [Int]) -> _Signature? {
        guard probesFromStart else { return probe(facts) }
        do throws(EvaluationError) { _ = try probeEvaluator.evaluateSummary(facts, changing: slots) } catch { return nil }
        return signature(probeEvaluator)
    }

    /// What a person sees of the last evaluation of `e`: the method, which methods are blocked
    /// (a further reason on an already blocked method changes nothing for them) and which
    /// warnings are shown. Read from the evaluator in place: no result is built, and nothing
    /// is allocated unless the methods and warnings pass 128.
    func signature(_ e: Evaluator) -> _Signature {
        let methods = knowledgeBase.ruleSet.options.count
        var sig = _Signature(method: -1, action: actionSlot.map { e.lastDerivedBy(slot: $0) } ?? -1, count: methods + warningScope.count)
        for k in 0..<e.lastBlockCount { sig.set(e.lastBlock(at: k).option) }
        sig.method = Self.chooseIndex(methods, score: { e.lastScore(option: $0) }, blocked: { sig.isSet($0) }) ?? -1
        for k in 0..<e.lastRaisedCount {
            let w = e.lastRaised(at: k).warning
            if warningScope[w].map({ $0.contains(sig.method) }) ?? true { sig.set(methods + w) }
        }
        return sig
    }

    /// The profile fields whose answers could change the advice, most decisive first.
    ///
    /// Every field the profile leaves unknown is tried with the values worth trying; a field is
    /// missing when some value changes the method, the warnings or which methods are blocked.
    /// (The engine's own `missingFacts()` would miss a field whose unknown value already fired a
    /// rule, such as `boundServices`, whose "false" would remove a warning.) `result` is the
    /// evaluation that the advisor's evaluator has just made of the profile's `facts`.
    func missing(_ result: EvaluationResult, profile: Profile, facts: FactBuffer, language: Language) -> [Advice.Missing] {
        let given = self.given(profile)
        return missingFields(given: { given[$0] }, base: facts, evaluated: evaluator, value: { result.value(of: $0) })
            .map { Advice.Missing(field: $0.name, question: $0.question[language]) }
    }

    /// Which profile fields (by index) `profile` gives.
    func given(_ profile: Profile) -> [Bool] {
        var given = [Bool](repeating: false, count: knowledgeBase.profileFields.count)
        for (field, _) in profile.values { if let i = fieldIndex[field] { given[i] = true } }
        return given
    }

    /// The fields of ``missing(_:profile:facts:language:)``, for a profile whose facts are `base` and
    /// which gives the fields (by index) for which `given` is true. `e` is the evaluator that
    /// has just evaluated `base` (with the same rules and limit as the what-ifs'), and `value`
    /// reads a fact of its evaluation (for a list's probes).
    func missingFields(given: (Int) -> Bool, base: FactBuffer, evaluated e: Evaluator, value: (String) -> Value?) -> [KnowledgeBase.ProfileField] {
        let fields = knowledgeBase.profileFields
        // Nothing left to ask: no what-if profile to evaluate.
        guard fields.indices.contains(where: { !given($0) }) else { return [] }
        let baseSignature = signature(e)
        // The facts a value of field i sets: the carrier's with its policy.
        func changing(_ i: Int) -> [Int] { fields[i].name == Profile.carrierField ? [fieldSlots[i]] + policySlots : [fieldSlots[i]] }
        // The what-if facts: the profile's, with one field set at a time. A field other than
        // the carrier sets its one fact, which is cleared again after; the carrier brings its
        // policy facts, so the profile's are copied back after it.
        var scratch = base
        // Each what-if starts from the profile's own start, but for the rules that read what it changes.
        if probesFromStart { probeEvaluator.prepare(base) }
        // Keep only the fields with an answer that would change what the person sees; those
        // that can change the method come first, then the question order.
        var decisive: [(field: KnowledgeBase.ProfileField, changesMethod: Bool)] = []
        for i in fields.indices where !given(i) {
            let field = fields[i]
            let isCarrier = field.name == Profile.carrierField
            let changing = changing(i)
            var changes = false, changesMethod = false
            defer { if isCarrier { scratch.assign(base) } else if fieldSlots[i] >= 0 { scratch.clear(fieldSlots[i]) } }
            // Sees what a person would see with the value just set.
            func tried() -> Bool {
                // A value with which the profile's evaluation shows that every rule would fire
                // as it did shows the person the same.
                if prunesProbes && e.lastFiringsUnchanged(by: scratch, changing: changing) { return true }
                // A value with which the rules cannot decide (a firing limit) makes the field
                // worth asking: its answer matters.
                guard let sig = probe(scratch, changing: changing) else { changes = true; changesMethod = true; return false }
                if sig != baseSignature { changes = true }
                // What to do with the line counts as much as how.
                if sig.method != baseSignature.method || sig.action != baseSignature.action { changesMethod = true; return false }
                return true
            }
            if let ready = readyProbes[i] {
                for facts in ready {
                    if isCarrier { for s in policySlots { scratch.clear(s) } }
                    for f in facts { scratch.set(f) }
                    guard tried() else { break }
                }
            } else {
                for value in fixedProbes[field.name] ?? probeValues(for: field, value: value) {
                    apply(field.name, value, to: &scratch)
                    guard tried() else { break }
                }
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
/// of blocked methods followed by shown warnings (in two words, with more only past 128).
struct _Signature: Equatable {
    var method: Int
    /// The rule that derived the action (cancel or port out), -1 for none.
    var action: Int
    var low: UInt64 = 0, high: UInt64 = 0
    var rest: [UInt64]

    init(method: Int, action: Int, count: Int) {
        self.method = method
        self.action = action
        rest = count > 128 ? [UInt64](repeating: 0, count: (count - 128 + 63) / 64) : []
    }

    mutating func set(_ i: Int) {
        let bit: UInt64 = 1 << UInt64(i & 63)
        switch i >> 6 {
        case 0: low |= bit
        case 1: high |= bit
        default: rest[(i >> 6) - 2] |= bit
        }
    }

    func isSet(_ i: Int) -> Bool {
        let bit: UInt64 = 1 << UInt64(i & 63)
        switch i >> 6 {
        case 0: return low & bit != 0
        case 1: return high & bit != 0
        default: return rest[(i >> 6) - 2] & bit != 0
        }
    }
}
