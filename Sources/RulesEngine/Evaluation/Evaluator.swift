/// Runs a compiled rule set over facts by forward chaining, to a fixpoint.
///
/// The agenda holds the rules whose condition is true and that have not fired. It fires the
/// rule first in priority (highest salience, then smallest rule id), runs its actions, and
/// re-examines only the rules that read a fact the firing derived. Each rule fires at most once
/// (refraction). An evaluator reuses its buffers from one evaluation to the next; use one per
/// thread.
public final class Evaluator {
    public let ruleSet: CompiledRuleSet
    /// The most firings one evaluation may make before it stops with an error.
    public var firingLimit: Int

    var memory: FactBuffer
    var derivedBy: [Int32]
    var outcomes: [Truth]
    var agenda: [UInt64]
    var fired: [UInt64]
    var stamp: [UInt32]
    var generation: UInt32 = 0
    var firedOrder: [Int32] = []
    var scores: [Double]
    var contributions: [EvaluationResult.Contribution] = []
    var blocks: [EvaluationResult.Block] = []
    var raised: [EvaluationResult.Raised] = []

    public init(_ ruleSet: CompiledRuleSet, firingLimit: Int = 10_000) {
        self.ruleSet = ruleSet
        self.firingLimit = firingLimit
        let words = (ruleSet.rules.count + 63) / 64
        memory = FactBuffer(for: ruleSet)
        derivedBy = [Int32](repeating: -1, count: ruleSet.facts.count)
        outcomes = ruleSet.outcomeWhenAllUnknown
        agenda = [UInt64](repeating: 0, count: words)
        fired = [UInt64](repeating: 0, count: words)
        stamp = [UInt32](repeating: 0, count: ruleSet.rules.count)
        scores = [Double](repeating: 0, count: ruleSet.options.count)
    }

    /// Evaluates the rule set over `input`.
    /// - Returns: the final facts, scores, blocked options, warnings and the firing trace.
    /// - Throws: ``EvaluationError`` on a conflict or when the firing limit is exceeded.
    /// - Complexity: proportional to the rules that read the known facts, not to the whole set.
    public func evaluate(_ input: FactBuffer) throws(EvaluationError) -> EvaluationResult {
        try run(input)
        return EvaluationResult(
            ruleSet: ruleSet, facts: memory, derivedBy: derivedBy, fired: firedOrder, outcomes: outcomes,
            scores: scores, contributions: contributions, blocks: blocks, raised: raised)
    }

    /// Evaluates the rule set over `input` without building a result, for callers that need only
    /// the number of rules fired (benchmarks, counters in a batch).
    /// - Returns: the number of rules that fired.
    /// - Throws: ``EvaluationError`` on a conflict or when the firing limit is exceeded.
    /// - Complexity: as ``evaluate(_:)``; once the evaluator's buffers have grown, it allocates nothing.
    public func evaluateSummary(_ input: FactBuffer) throws(EvaluationError) -> Int {
        try run(input)
        return firedOrder.count
    }

    func reset(_ input: FactBuffer) {
        memory.assign(input)
        for i in derivedBy.indices { derivedBy[i] = -1 }
        for i in agenda.indices { agenda[i] = 0; fired[i] = 0 }
        for i in scores.indices { scores[i] = 0 }
        firedOrder.removeAll(keepingCapacity: true)
        contributions.removeAll(keepingCapacity: true)
        blocks.removeAll(keepingCapacity: true)
        raised.removeAll(keepingCapacity: true)
        generation &+= 1
        if generation == 0 {
            for i in stamp.indices { stamp[i] = 0 }
            generation = 1
        }
        let initial = ruleSet.outcomeWhenAllUnknown
        for r in outcomes.indices {
            outcomes[r] = initial[r]
            if initial[r] == .true { agenda[r >> 6] |= 1 << UInt64(r & 63) }
        }
    }

    func run(_ input: FactBuffer) throws(EvaluationError) {
        reset(input)
        try ruleSet.nodes.withUnsafeBufferPointer { nodes throws(EvaluationError) in
            // Only rules that read a known fact can differ from their all-unknown outcome.
            for slot in memory.known.indices where memory.known[slot] {
                for r in ruleSet.readers[slot] { reexamine(Int(r), nodes) }
            }
            while let r = nextRule() {
                if firedOrder.count >= firingLimit {
                    throw .firingLimitExceeded(limit: firingLimit, rules: recentRules())
                }
                fired[r >> 6] |= 1 << UInt64(r & 63)
                agenda[r >> 6] &= ~(1 << UInt64(r & 63))
                firedOrder.append(Int32(r))
                try fire(r, nodes)
            }
        }
    }

    /// Evaluates rule `r` again (once per generation and fact change) and updates the agenda.
    @inline(__always)
    func reexamine(_ r: Int, _ nodes: UnsafeBufferPointer<_Node>) {
        let bit: UInt64 = 1 << UInt64(r & 63)
        if fired[r >> 6] & bit != 0 { return }
        let root = ruleSet.roots[r]
        let truth = root < 0 ? Truth.true : _Conditions.evaluate(nodes, ruleSet.constantSets, Int(root), memory)
        outcomes[r] = truth
        if truth == .true { agenda[r >> 6] |= bit } else { agenda[r >> 6] &= ~bit }
    }

    func nextRule() -> Int? {
        for (w, word) in agenda.enumerated() where word != 0 {
            return w << 6 + word.trailingZeroBitCount
        }
        return nil
    }

    func recentRules() -> [String] {
        var seen = Set<Int32>()
        return firedOrder.reversed().filter { seen.insert($0).inserted }.prefix(10).map { ruleSet.rules[Int($0)].id }
    }

    func fire(_ r: Int, _ nodes: UnsafeBufferPointer<_Node>) throws(EvaluationError) {
        let start = Int(ruleSet.actionStart[r]), end = Int(ruleSet.actionStart[r + 1])
        for i in start..<end {
            let a = ruleSet.actions[i]
            switch a.kind {
            case .score:
                scores[Int(a.target)] += a.number
                contributions.append(.init(option: a.target, rule: Int32(r), amount: a.number))
            case .block:
                blocks.append(.init(option: a.target, reason: a.arg, rule: Int32(r)))
            case .warn:
                raised.append(.init(warning: a.target, rule: Int32(r)))
            case .derive:
                try derive(a, by: r, nodes)
            }
        }
    }

    func derive(_ a: _Action, by r: Int, _ nodes: UnsafeBufferPointer<_Node>) throws(EvaluationError) {
        let slot = Int(a.target)
        let isList = a.arg >= 0
        if memory.known[slot] {
            let same = isList ? memory.lists[slot] == ruleSet.constantSets[Int(a.arg)] : memory.scalars[slot] == a.number
            if same { return }
            var proposed = memory
            if isList { proposed.lists[slot] = ruleSet.constantSets[Int(a.arg)] } else { proposed.scalars[slot] = a.number }
            let previous = derivedBy[slot]
            throw .conflict(
                fact: ruleSet.facts[slot].name,
                value: proposed.value(slot, in: ruleSet) ?? .bool(false),
                rule: ruleSet.rules[r].id,
                existing: memory.value(slot, in: ruleSet) ?? .bool(false),
                existingRule: previous >= 0 ? ruleSet.rules[Int(previous)].id : "(input)")
        }
        memory.known[slot] = true
        if isList { memory.lists[slot] = ruleSet.constantSets[Int(a.arg)] } else { memory.scalars[slot] = a.number }
        derivedBy[slot] = Int32(r)
        for reader in ruleSet.readers[slot] { reexamine(Int(reader), nodes) }
    }
}
