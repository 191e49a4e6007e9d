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
    /// Every buffer an evaluation writes, with its invariants (see ``_Workspace``).
    let workspace: _Workspace

    /// Whether evaluations record how each part of each condition came out (see ``coverage``).
    /// Off by default; when off, evaluation does no recording work at all.
    public var recordsConditions: Bool {
        get { workspace.isRecording }
        set { if newValue { workspace.startRecording() } else { workspace.stopRecording() } }
    }

    /// What the recorded evaluations saw, since recording was turned on.
    public var coverage: ConditionCoverage {
        let ws = workspace
        let parts = ruleSet.nodeParts.enumerated().map { i, info in
            ConditionCoverage.Part(info: info, trueCount: ws.conditionCount(node: i, .true),
                                   falseCount: ws.conditionCount(node: i, .false), unknownCount: ws.conditionCount(node: i, .unknown))
        }
        let firings = ruleSet.rules.indices.map { (ruleSet.rules[$0].id, $0 < ws.firingCounts.count ? ws.firingCounts[$0] : 0) }
        return ConditionCoverage(parts: parts, firings: firings, evaluations: ws.recordedEvaluations)
    }

    public init(_ ruleSet: CompiledRuleSet, firingLimit: Int? = nil) {
        self.ruleSet = ruleSet
        self.firingLimit = firingLimit ?? ruleSet.program.ruleCount
        program = ruleSet.program
        workspace = _Workspace(ruleSet)
        workspace.checkInvariants(ruleSet, input: nil, firingLimit: self.firingLimit, finished: false)
    }

    /// Evaluates the rule set over `input`.
    /// - Returns: the final facts, scores, blocked options, warnings and the firing trace.
    /// - Throws: ``EvaluationError`` on a conflict or when the firing limit is exceeded.
    /// - Complexity: proportional to the rules that read the known facts, not to the whole set.
    public func evaluate(_ input: FactBuffer) throws(EvaluationError) -> EvaluationResult {
        try run(input)
        let ws = workspace
        return EvaluationResult(
            ruleSet: ruleSet,
            facts: ws.memory.facts(slotCount: program.slotCount, extraStrings: ws.extraStrings),
            derivedBy: Array(UnsafeBufferPointer(start: ws.derivedBy, count: program.slotCount)),
            fired: Array(UnsafeBufferPointer(start: ws.firedOrder, count: ws.firedCount)),
            outcomes: Array(UnsafeBufferPointer(start: ws.outcomes, count: program.ruleCount)),
            scores: Array(UnsafeBufferPointer(start: ws.scores, count: ruleSet.options.count)),
            contributions: Array(UnsafeBufferPointer(start: ws.contributions, count: ws.contributionCount)),
            blocks: Array(UnsafeBufferPointer(start: ws.blocks, count: ws.blockCount)),
            raised: Array(UnsafeBufferPointer(start: ws.raised, count: ws.raisedCount)))
    }

    /// Makes `input` the prepared input: runs the start of its evaluation (every rule's outcome
    /// over its facts, before any rule fires) and keeps it, so that the evaluation of an input
    /// that differs from it in a few facts can start from it (``evaluateSummary(_:changing:)``).
    /// Fires nothing; the last evaluation's results are no longer to be read.
    public func prepare(_ input: FactBuffer) {
        let ws = workspace
        start(input, _NoRecorder(), changing: nil)
        ws.startOutcomes.update(from: ws.outcomes, count: program.ruleCount)
        ws.startAgenda.update(from: ws.agenda, count: program.words)
        ws.startSettled.update(from: ws.settledRules, count: program.words)
        ws.firedCount = 0; ws.contributionCount = 0; ws.blockCount = 0; ws.raisedCount = 0
        ws.prepared = input
        ws.checkInvariants(ruleSet, input: input, firingLimit: firingLimit, finished: false)
    }

    /// ``evaluateSummary(_:)`` for an input that differs from the prepared one (see
    /// ``prepare(_:)``) only in the facts of `slots`: the rules that read none of them start
    /// from their outcome over the prepared input instead of being evaluated again, as their
    /// facts are the same. The outcome is the same as ``evaluateSummary(_:)``'s.
    ///
    /// The caller vouches for the difference; a debug build checks it. Without a prepared input,
    /// or while recording coverage (which sees every rule), it evaluates `input` from scratch.
    /// - Returns: the number of rules that fired.
    /// - Throws: ``EvaluationError`` on a conflict or when the firing limit is exceeded.
    public func evaluateSummary(_ input: FactBuffer, changing slots: [Int]) throws(EvaluationError) -> Int {
        let ws = workspace
        guard let prepared = ws.prepared, ws.conditionCounts == nil else { return try evaluateSummary(input) }
        #if DEBUG
        let changed = Set(slots)
        for s in 0..<program.slotCount where !changed.contains(s) {
            precondition(prepared.sameFact(s, as: input), "evaluateSummary(_:changing:): slot \(s) differs from the prepared input but is not among the changed slots")
        }
        #endif
        _ = prepared
        var finished = false
        defer { ws.checkInvariants(ruleSet, input: input, firingLimit: firingLimit, finished: finished) }
        try run(input, _NoRecorder(), changing: slots)
        finished = true
        return ws.firedCount
    }

    /// Evaluates the rule set over `input` without building a result, for callers that only
    /// need to know it ran (benchmarks, validation at scale). Allocates nothing.
    /// - Returns: the number of rules that fired.
    /// - Throws: ``EvaluationError`` on a conflict or when the firing limit is exceeded.
    public func evaluateSummary(_ input: FactBuffer) throws(EvaluationError) -> Int {
        try run(input)
        return workspace.firedCount
    }

    // MARK: - Reading the last evaluation in place
    //
    // Each accessor checks its index: one out of range reads nothing and gives the value of an
    // option, fact or warning that no rule touched. Before the first evaluation, and after one
    // that threw, they read what the workspace holds (nothing, or what happened before the throw).

    /// The score of option `option` (an index into `ruleSet.options`) after the last evaluation,
    /// read in place without building a result; 0 when `option` is not an option's index.
    public func lastScore(option: Int) -> Double {
        guard option >= 0, option < workspace.optionCount else { return 0 }
        return workspace.scores[option]
    }

    /// Whether the last evaluation blocked option `option`; false when `option` is not an
    /// option's index. - Complexity: O(blocks).
    public func lastIsBlocked(option: Int) -> Bool {
        guard option >= 0, option < workspace.optionCount else { return false }
        let ws = workspace
        for k in 0..<ws.blockCount where ws.blocks[k].option == Int32(option) { return true }
        return false
    }

    /// The index of the rule that derived the fact in `slot` in the last evaluation, or -1 when
    /// no rule derived it or `slot` is not a fact's slot, read in place.
    public func lastDerivedBy(slot: Int) -> Int {
        guard slot >= 0, slot < workspace.slotCount else { return -1 }
        return Int(workspace.derivedBy[slot])
    }

    /// How many blocks the last evaluation made (an option blocked by two rules counts twice);
    /// read them in order with ``lastBlock(at:)``.
    public var lastBlockCount: Int { workspace.blockCount }

    /// The `k`-th block of the last evaluation, in firing order: the option (an index into
    /// `ruleSet.options`), the reason (an index into `ruleSet.reasons`) and the rule; (-1, -1,
    /// -1) when `k` is out of range.
    public func lastBlock(at k: Int) -> (option: Int, reason: Int, rule: Int) {
        guard k >= 0, k < workspace.blockCount else { return (-1, -1, -1) }
        let b = workspace.blocks[k]
        return (Int(b.option), Int(b.reason), Int(b.rule))
    }

    /// How many warnings the last evaluation raised, counting each raising (a warning raised
    /// by two rules counts twice); read them in order with ``lastRaised(at:)``.
    public var lastRaisedCount: Int { workspace.raisedCount }

    /// The `k`-th warning raising of the last evaluation, in firing order: the warning (an
    /// index into `ruleSet.warnings`) and the rule that raised it (an index into
    /// `ruleSet.rules`); (-1, -1) when `k` is out of range.
    public func lastRaised(at k: Int) -> (warning: Int, rule: Int) {
        guard k >= 0, k < workspace.raisedCount else { return (-1, -1) }
        let r = workspace.raised[k]
        return (Int(r.warning), Int(r.rule))
    }

    /// The value of the fact in `slot` after the last evaluation (from the input, or derived),
    /// or nil when it is unknown or `slot` is not a fact's slot. Builds that one value only.
    public func lastValue(slot: Int) -> Value? {
        let ws = workspace
        guard slot >= 0, slot < ws.slotCount, ws.memory.known[slot] != 0 else { return nil }
        var one = FactBuffer(slotCount: ws.slotCount)
        one.known[slot] = true
        one.scalars[slot] = ws.memory.scalars[slot]
        if ws.memory.listCount[slot] > 0 { one.lists[slot] = ws.memory.list(slot) }
        one.extraStrings = ws.extraStrings
        return one.value(slot, in: ruleSet)
    }

    /// Whether evaluating `input`, which differs from the last evaluation's input only in the
    /// facts of `slots`, all of them unknown in that evaluation, would fire as it did: the same
    /// rules in the same order, so with the same scores, blocks, warnings and derived facts.
    ///
    /// True only when it can be seen without evaluating: the last evaluation ran to its
    /// fixpoint, no rule derives any of the slots, and every rule that reads one did not fire,
    /// tests for being known or unknown only derived facts that stayed unknown to the end, and
    /// is not true over the last evaluation's final facts with `input`'s values in those slots.
    /// Facts only become known during an evaluation, and such a condition that is true stays
    /// true as more become known, so the rule would not be true at any step of `input`'s
    /// evaluation either, while every other rule reads the same facts. False means "perhaps
    /// not": evaluate to know. Nothing of the last evaluation changes.
    /// - Complexity: O(size of the conditions of the rules that read the slots).
    public func lastFiringsUnchanged(by input: FactBuffer, changing slots: [Int]) -> Bool {
        let p = program
        let ws = workspace
        guard ws.atFixpoint, input.known.count == p.slotCount, input.extraStrings.starts(with: ws.extraStrings) else { return false }
        for s in slots {
            guard s >= 0, s < p.slotCount, p.derivedSlot[s] == 0, ws.memory.known[s] == 0 else { return false }
        }
        // The input's values in the slots, over the final facts (past the pool's used part);
        // the slots are put back as they were after (saved on the stack: this is asked for
        // every what-if).
        return withUnsafeTemporaryAllocation(of: (Double, Int32, Int32).self, capacity: slots.count) { saved in
            var m = ws.memory
            for (k, s) in slots.enumerated() { saved[k] = (m.scalars[s], m.listStart[s], m.listCount[s]) }
            defer {
                for (k, s) in slots.enumerated() { m.known[s] = 0; (m.scalars[s], m.listStart[s], m.listCount[s]) = saved[k] }
            }
            for s in slots where input.known[s] {
                guard m.poolUsed + input.lists[s].count <= m.poolCapacity else { return false }
                m.known[s] = 1
                m.scalars[s] = input.scalars[s]
                input.lists[s].withUnsafeBufferPointer { m.setList(s, $0) }
            }
            let view = _View(p, m)
            for s in slots {
                for i in Int(p.readerStart[s])..<Int(p.readerStart[s + 1]) {
                    let r = Int(p.readerRules[i])
                    guard ws.fired[r >> 6] & (1 << UInt64(r & 63)) == 0 else { return false }
                    for k in Int(p.derivedTestStart[r])..<Int(p.derivedTestStart[r + 1]) {
                        let t = Int(p.derivedTests[k])
                        guard t >= 0, m.known[t] == 0 else { return false }
                    }
                    let root = Int(p.roots[r])
                    guard root >= 0, view.evaluate(root) != .true else { return false }
                }
            }
            return true
        }
    }

    /// Whether the last evaluation raised warning `warning` (an index into `ruleSet.warnings`);
    /// false when `warning` is not a warning's index. - Complexity: O(warnings raised).
    public func lastRaised(warning: Int) -> Bool {
        guard warning >= 0, warning < ruleSet.warnings.count else { return false }
        let ws = workspace
        for k in 0..<ws.raisedCount where ws.raised[k].warning == Int32(warning) { return true }
        return false
    }

    // MARK: - Evaluating

    func run(_ input: FactBuffer) throws(EvaluationError) {
        let ws = workspace
        var finished = false
        defer { ws.checkInvariants(ruleSet, input: input, firingLimit: firingLimit, finished: finished) }
        guard let counts = ws.conditionCounts else {
            try run(input, _NoRecorder())
            finished = true
            return
        }
        defer {
            ws.recordedEvaluations += 1
            for i in 0..<ws.firedCount { ws.firingCounts[Int(ws.firedOrder[i])] += 1 }
        }
        try run(input, _CountingRecorder(counts: counts))
        finished = true
    }

    func run<R: _Recorder>(_ input: FactBuffer, _ recorder: R, changing: [Int]? = nil) throws(EvaluationError) {
        start(input, recorder, changing: changing)
        try fire(recorder)
    }

    /// The start of an evaluation: the input loaded, nothing fired, and every rule's outcome
    /// over the input facts, with the agenda. With `changing` (and a recorder that need not
    /// see every rule), from the prepared start, evaluating again only the rules that read
    /// those slots.
    func start<R: _Recorder>(_ input: FactBuffer, _ recorder: R, changing: [Int]?) {
        let p = program
        let ws = workspace
        precondition(input.known.count == p.slotCount, "the fact buffer was made for another rule set")
        let words = p.words
        ws.atFixpoint = false
        ws.memory.load(input, slotCount: p.slotCount, extra: p.derivedListRoom)
        if !input.extraStrings.isEmpty || !ws.extraStrings.isEmpty { ws.extraStrings = input.extraStrings }
        let view = _View(p, ws.memory)
        let agenda = ws.agenda, fired = ws.fired, pending = ws.pending, scores = ws.scores
        for i in 0..<p.slotCount { ws.derivedBy[i] = -1 }
        for i in 0..<ws.optionCount { scores[i] = 0 }

        if let changing, !R.seesEveryRule {
            // The rules that read none of the changed slots come out as they did for the
            // prepared input, whose facts are the same for them.
            ws.outcomes.update(from: ws.startOutcomes, count: p.ruleCount)
            for w in 0..<words { agenda[w] = ws.startAgenda[w]; fired[w] = 0; pending[w] = 0 }
            for s in changing where s >= 0 && s < p.slotCount {
                let masks = p.readerMasks + s * words
                for w in 0..<words { pending[w] |= masks[w] }
            }
            // So are they settled; the others are found settled or not again.
            for w in 0..<words { ws.settledRules[w] = ws.startSettled[w] & ~pending[w] }
        } else {
            for w in 0..<words { agenda[w] = ws.initialAgenda[w]; fired[w] = 0; pending[w] = 0; ws.settledRules[w] = 0 }
            ws.outcomes.update(from: ws.initial, count: p.ruleCount)
            // Only rules that read a known fact can differ from their all-unknown outcome.
            if R.seesEveryRule {
                for r in 0..<p.ruleCount { pending[r >> 6] |= 1 << UInt64(r & 63) }
            } else {
                for s in 0..<p.slotCount where ws.memory.known[s] != 0 {
                    let masks = p.readerMasks + s * words
                    for w in 0..<words { pending[w] |= masks[w] }
                }
            }
        }
        for w in 0..<words {
            var bits = pending[w]
            while bits != 0 {
                reexamine(w << 6 + bits.trailingZeroBitCount, view, recorder)
                bits &= bits - 1
            }
        }
    }

    /// Fires the agenda to the fixpoint, from ``start(_:_:changing:)``.
    func fire<R: _Recorder>(_ recorder: R) throws(EvaluationError) {
        let p = program
        let ws = workspace
        let words = p.words
        var m = ws.memory
        defer { ws.memory = m }
        let view = _View(p, m)
        let agenda = ws.agenda, fired = ws.fired, scores = ws.scores
        // Counters live in locals while firing: class properties would cost an exclusivity
        // check on every access.
        let limit = firingLimit
        let firedOrder = ws.firedOrder, contributions = ws.contributions, blocks = ws.blocks, raised = ws.raised
        var count = 0, contributed = 0, blocked = 0, warned = 0
        defer { ws.firedCount = count; ws.contributionCount = contributed; ws.blockCount = blocked; ws.raisedCount = warned }
        while let r = nextRule(words) {
            if count >= limit {
                ws.firedCount = count
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
        ws.atFixpoint = true
    }

    /// Evaluates rule `r` again and puts it on the agenda or takes it off.
    @inline(__always)
    func reexamine<R: _Recorder>(_ r: Int, _ view: _View, _ recorder: R) {
        let ws = workspace
        let bit: UInt64 = 1 << UInt64(r & 63)
        if ws.fired[r >> 6] & bit != 0 { return }
        // A rule whose outcome the input settles keeps it (a recorder sees every evaluation).
        if !R.seesEveryRule && ws.settledRules[r >> 6] & bit != 0 { return }
        let root = program.roots[r]
        let truth: Truth
        if root < 0 {
            truth = .true
        } else if R.seesEveryRule {
            truth = view.evaluate(Int(root), recorder)
        } else {
            let (t, settles) = view.evaluateRule(Int(root), program.settled)
            truth = t
            if settles { ws.settledRules[r >> 6] |= bit }
        }
        ws.outcomes[r] = truth
        if truth == .true { ws.agenda[r >> 6] |= bit } else { ws.agenda[r >> 6] &= ~bit }
    }

    @inline(__always)
    func nextRule(_ words: Int) -> Int? {
        let agenda = workspace.agenda
        for w in 0..<words where agenda[w] != 0 {
            return w << 6 + agenda[w].trailingZeroBitCount
        }
        return nil
    }

    func recentRules() -> [String] {
        var seen = Set<Int32>()
        return UnsafeBufferPointer(start: workspace.firedOrder, count: workspace.firedCount).reversed()
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
        workspace.derivedBy[slot] = Int32(r)
        for i in Int(p.readerStart[slot])..<Int(p.readerStart[slot + 1]) {
            reexamine(Int(p.readerRules[i]), view, recorder)
        }
    }

    /// The error for a derivation that contradicts a value already held (a slow path).
    func conflict(_ a: _Action, by r: Int, _ m: _Memory) -> EvaluationError {
        let slot = Int(a.target)
        let current = m.facts(slotCount: program.slotCount, extraStrings: workspace.extraStrings)
        var proposed = current
        if a.arg >= 0 { proposed.lists[slot] = ruleSet.constantSets[Int(a.arg)] } else { proposed.scalars[slot] = a.number }
        let previous = workspace.derivedBy[slot]
        return .conflict(
            fact: ruleSet.facts[slot].name,
            value: proposed.value(slot, in: ruleSet) ?? .bool(false),
            rule: ruleSet.rules[r].id,
            existing: current.value(slot, in: ruleSet) ?? .bool(false),
            existingRule: previous >= 0 ? ruleSet.rules[Int(previous)].id : "(input)")
    }
}
