/// Runs a compiled rule set over facts by forward chaining, to a fixpoint.
///
/// The agenda holds the rules whose condition is true and that have not fired. It fires the
/// rule first in priority (highest salience, then smallest rule id), runs its actions, and
/// re-examines only the rules that read a fact the firing derived. Each rule fires at most once
/// (refraction). An evaluator keeps its working memory in flat storage it reuses from one
/// evaluation to the next, so evaluating allocates nothing; use one evaluator per thread.
public final class Evaluator {
    public let ruleSet: CompiledRuleSet
    /// The most firings one evaluation may make before it stops with an error. By default the
    /// number of rules: refraction lets each rule fire once, so the default never stops a rule
    /// set, however long its chains; a lower limit is a budget the caller sets.
    public var firingLimit: Int

    let program: _Program
    var memory: _Memory
    /// The input's strings that the rules do not know, kept for the result.
    var extraStrings: [String] = []
    let initial: UnsafeMutablePointer<Truth>
    let initialAgenda: UnsafeMutablePointer<UInt64>
    let derivedBy: UnsafeMutablePointer<Int32>
    let outcomes: UnsafeMutablePointer<Truth>
    let agenda: UnsafeMutablePointer<UInt64>
    let fired: UnsafeMutablePointer<UInt64>
    let pending: UnsafeMutablePointer<UInt64>
    let scores: UnsafeMutablePointer<Double>
    let firedOrder: UnsafeMutablePointer<Int32>
    let contributions: UnsafeMutablePointer<EvaluationResult.Contribution>
    let blocks: UnsafeMutablePointer<EvaluationResult.Block>
    let raised: UnsafeMutablePointer<EvaluationResult.Raised>
    var firedCount = 0, contributionCount = 0, blockCount = 0, raisedCount = 0
    /// With ``recordsConditions``: per node, how often true, false, unknown; per rule, firings.
    var conditionCounts: UnsafeMutablePointer<UInt32>?
    var firingCounts: [Int] = []
    var recordedEvaluations = 0

    /// Whether evaluations record how each part of each condition came out (see ``coverage``).
    /// Off by default; when off, evaluation does no recording work at all.
    public var recordsConditions: Bool {
        get { conditionCounts != nil }
        set {
            if newValue && conditionCounts == nil {
                let n = 3 * max(1, ruleSet.nodes.count)
                conditionCounts = .allocate(capacity: n)
                conditionCounts?.initialize(repeating: 0, count: n)
                firingCounts = [Int](repeating: 0, count: program.ruleCount)
                recordedEvaluations = 0
            } else if !newValue, let counts = conditionCounts {
                counts.deallocate()
                conditionCounts = nil
            }
        }
    }

    /// What the recorded evaluations saw, since recording was turned on.
    public var coverage: ConditionCoverage {
        let parts = ruleSet.nodeParts.enumerated().map { i, info in
            ConditionCoverage.Part(info: info,
                                   trueCount: Int(conditionCounts?[3 * i + 1] ?? 0),
                                   falseCount: Int(conditionCounts?[3 * i] ?? 0),
                                   unknownCount: Int(conditionCounts?[3 * i + 2] ?? 0))
        }
        let firings = ruleSet.rules.indices.map { (ruleSet.rules[$0].id, $0 < firingCounts.count ? firingCounts[$0] : 0) }
        return ConditionCoverage(parts: parts, firings: firings, evaluations: recordedEvaluations)
    }

    public init(_ ruleSet: CompiledRuleSet, firingLimit: Int? = nil) {
        self.ruleSet = ruleSet
        self.firingLimit = firingLimit ?? ruleSet.program.ruleCount
        let p = ruleSet.program
        program = p
        memory = _Memory(slotCount: p.slotCount)
        let rules = max(1, p.ruleCount), slots = max(1, p.slotCount)
        let actionCount = max(1, Int(ruleSet.actionStart.last ?? 0))
        initial = .allocate(capacity: rules)
        initialAgenda = .allocate(capacity: p.words)
        initialAgenda.initialize(repeating: 0, count: p.words)
        for (r, truth) in ruleSet.outcomeWhenAllUnknown.enumerated() {
            initial[r] = truth
            if truth == .true { initialAgenda[r >> 6] |= 1 << UInt64(r & 63) }
        }
        derivedBy = .allocate(capacity: slots)
        outcomes = .allocate(capacity: rules)
        agenda = .allocate(capacity: p.words)
        fired = .allocate(capacity: p.words)
        pending = .allocate(capacity: p.words)
        scores = .allocate(capacity: max(1, ruleSet.options.count))
        scores.initialize(repeating: 0, count: max(1, ruleSet.options.count))
        // Refraction: each rule fires once, so firings and the records of their actions are bounded.
        firedOrder = .allocate(capacity: rules)
        contributions = .allocate(capacity: actionCount)
        blocks = .allocate(capacity: actionCount)
        raised = .allocate(capacity: actionCount)
    }

    deinit {
        conditionCounts?.deallocate()
        memory.deallocate()
        for p in [UnsafeMutableRawPointer(initial), UnsafeMutableRawPointer(initialAgenda), UnsafeMutableRawPointer(derivedBy),
                  UnsafeMutableRawPointer(outcomes), UnsafeMutableRawPointer(agenda), UnsafeMutableRawPointer(fired),
                  UnsafeMutableRawPointer(pending), UnsafeMutableRawPointer(scores), UnsafeMutableRawPointer(firedOrder),
                  UnsafeMutableRawPointer(contributions), UnsafeMutableRawPointer(blocks), UnsafeMutableRawPointer(raised)] {
            p.deallocate()
        }
    }

    /// Evaluates the rule set over `input`.
    /// - Returns: the final facts, scores, blocked options, warnings and the firing trace.
    /// - Throws: ``EvaluationError`` on a conflict or when the firing limit is exceeded.
    /// - Complexity: proportional to the rules that read the known facts, not to the whole set.
    public func evaluate(_ input: FactBuffer) throws(EvaluationError) -> EvaluationResult {
        try run(input)
        return EvaluationResult(
            ruleSet: ruleSet,
            facts: memory.facts(slotCount: program.slotCount, extraStrings: extraStrings),
            derivedBy: Array(UnsafeBufferPointer(start: derivedBy, count: program.slotCount)),
            fired: Array(UnsafeBufferPointer(start: firedOrder, count: firedCount)),
            outcomes: Array(UnsafeBufferPointer(start: outcomes, count: program.ruleCount)),
            scores: Array(UnsafeBufferPointer(start: scores, count: ruleSet.options.count)),
            contributions: Array(UnsafeBufferPointer(start: contributions, count: contributionCount)),
            blocks: Array(UnsafeBufferPointer(start: blocks, count: blockCount)),
            raised: Array(UnsafeBufferPointer(start: raised, count: raisedCount)))
    }

    /// Evaluates the rule set over `input` without building a result, for callers that only
    /// need to know it ran (benchmarks, validation at scale). Allocates nothing.
    /// - Returns: the number of rules that fired.
    /// - Throws: ``EvaluationError`` on a conflict or when the firing limit is exceeded.
    public func evaluateSummary(_ input: FactBuffer) throws(EvaluationError) -> Int {
        try run(input)
        return firedCount
    }

    /// The score of option `option` (an index into `ruleSet.options`) after the last evaluation,
    /// read in place without building a result.
    public func lastScore(option: Int) -> Double { scores[option] }

    /// Whether the last evaluation blocked option `option`. - Complexity: O(blocks).
    public func lastIsBlocked(option: Int) -> Bool {
        for k in 0..<blockCount where blocks[k].option == Int32(option) { return true }
        return false
    }

    /// The index of the rule that derived the fact in `slot` in the last evaluation, or -1 when
    /// no rule derived it, read in place.
    public func lastDerivedBy(slot: Int) -> Int { Int(derivedBy[slot]) }

    /// Whether the last evaluation raised warning `warning` (an index into `ruleSet.warnings`).
    /// - Complexity: O(warnings raised).
    public func lastRaised(warning: Int) -> Bool {
        for k in 0..<raisedCount where raised[k].warning == Int32(warning) { return true }
        return false
    }

    func run(_ input: FactBuffer) throws(EvaluationError) {
        guard let counts = conditionCounts else { return try run(input, _NoRecorder()) }
        defer {
            recordedEvaluations += 1
            for i in 0..<firedCount { firingCounts[Int(firedOrder[i])] += 1 }
        }
        try run(input, _CountingRecorder(counts: counts))
    }

    func run<R: _Recorder>(_ input: FactBuffer, _ recorder: R) throws(EvaluationError) {
        let p = program
        precondition(input.known.count == p.slotCount, "the fact buffer was made for another rule set")
        let words = p.words
        memory.load(input, slotCount: p.slotCount, extra: p.derivedListRoom)
        if !input.extraStrings.isEmpty || !extraStrings.isEmpty { extraStrings = input.extraStrings }
        var m = memory
        defer { memory = m }
        let view = _View(p, m)
        for i in 0..<p.slotCount { derivedBy[i] = -1 }
        for w in 0..<words { agenda[w] = initialAgenda[w]; fired[w] = 0; pending[w] = 0 }
        outcomes.update(from: initial, count: p.ruleCount)
        for i in 0..<ruleSet.options.count { scores[i] = 0 }

        // Only rules that read a known fact can differ from their all-unknown outcome.
        if R.seesEveryRule {
            for r in 0..<p.ruleCount { pending[r >> 6] |= 1 << UInt64(r & 63) }
        } else {
            for s in 0..<p.slotCount where m.known[s] != 0 {
                let masks = p.readerMasks + s * words
                for w in 0..<words { pending[w] |= masks[w] }
            }
        }
        for w in 0..<words {
            var bits = pending[w]
            while bits != 0 {
                reexamine(w << 6 + bits.trailingZeroBitCount, view, recorder)
                bits &= bits - 1
            }
        }
        // Counters live in locals while firing: class properties would cost an exclusivity
        // check on every access.
        let limit = firingLimit
        var count = 0, contributed = 0, blocked = 0, warned = 0
        defer { firedCount = count; contributionCount = contributed; blockCount = blocked; raisedCount = warned }
        while let r = nextRule(words) {
            if count >= limit {
                firedCount = count
                throw .firingLimitExceeded(limit: limit, rules: recentRules())
            }
            fired[r >> 6] |= 1 << UInt64(r & 63)
            agenda[r >> 6] &= ~(1 << UInt64(r & 63))
            firedOrder[count] = Int32(r)
            count += 1
            for i in Int(p.actionStart[r])..<Int(p.actionStart[r + 1]) {
                let a = p.actions[i]
                switch a.kind {
                case .score:
                    scores[Int(a.target)] += a.number
                    contributions[contributed] = .init(option: a.target, rule: Int32(r), amount: a.number)
                    contributed += 1
                case .block:
                    blocks[blocked] = .init(option: a.target, reason: a.arg, rule: Int32(r))
                    blocked += 1
                case .warn:
                    raised[warned] = .init(warning: a.target, rule: Int32(r))
                    warned += 1
                case .derive:
                    try derive(a, by: r, &m, view, recorder)
                }
            }
        }
    }

    /// Evaluates rule `r` again and puts it on the agenda or takes it off.
    @inline(__always)
    func reexamine<R: _Recorder>(_ r: Int, _ view: _View, _ recorder: R) {
        let bit: UInt64 = 1 << UInt64(r & 63)
        if fired[r >> 6] & bit != 0 { return }
        let root = program.roots[r]
        let truth = root < 0 ? Truth.true : view.evaluate(Int(root), recorder)
        outcomes[r] = truth
        if truth == .true { agenda[r >> 6] |= bit } else { agenda[r >> 6] &= ~bit }
    }

    @inline(__always)
    func nextRule(_ words: Int) -> Int? {
        for w in 0..<words where agenda[w] != 0 {
            return w << 6 + agenda[w].trailingZeroBitCount
        }
        return nil
    }

    func recentRules() -> [String] {
        var seen = Set<Int32>()
        return UnsafeBufferPointer(start: firedOrder, count: firedCount).reversed()
            .filter { seen.insert($0).inserted }.prefix(10).map { ruleSet.rules[Int($0)].id }
    }

    func derive<R: _Recorder>(_ a: _Action, by r: Int, _ m: inout _Memory, _ view: _View, _ recorder: R) throws(EvaluationError) {
        let p = program
        let slot = Int(a.target)
        let isList = a.arg >= 0
        let values = isList ? view.constantSet(a.arg) : UnsafeBufferPointer(start: nil, count: 0)
        if m.known[slot] != 0 {
            let same = isList ? _View.equal(view.list(slot), values) : m.scalars[slot] == a.number
            if same { return }
            throw conflict(a, by: r, m)
        }
        m.known[slot] = 1
        if isList { m.setList(slot, values) } else { m.scalars[slot] = a.number }
        derivedBy[slot] = Int32(r)
        for i in Int(p.readerStart[slot])..<Int(p.readerStart[slot + 1]) {
            reexamine(Int(p.readerRules[i]), view, recorder)
        }
    }

    /// The error for a derivation that contradicts a value already held (a slow path).
    func conflict(_ a: _Action, by r: Int, _ m: _Memory) -> EvaluationError {
        let slot = Int(a.target)
        let current = m.facts(slotCount: program.slotCount, extraStrings: extraStrings)
        var proposed = current
        if a.arg >= 0 { proposed.lists[slot] = ruleSet.constantSets[Int(a.arg)] } else { proposed.scalars[slot] = a.number }
        let previous = derivedBy[slot]
        return .conflict(
            fact: ruleSet.facts[slot].name,
            value: proposed.value(slot, in: ruleSet) ?? .bool(false),
            rule: ruleSet.rules[r].id,
            existing: current.value(slot, in: ruleSet) ?? .bool(false),
            existingRule: previous >= 0 ? ruleSet.rules[Int(previous)].id : "(input)")
    }
}
