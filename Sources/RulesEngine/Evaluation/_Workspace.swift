/// The scratch memory of one ``Evaluator``: every buffer an evaluation writes, allocated once for
/// one compiled program and reused by every evaluation, so that evaluating allocates nothing.
///
/// The workspace owns its buffers: `init` allocates and initializes every one of them, `deinit`
/// frees them, and nothing else allocates, frees or resizes them (only the memory's value pool
/// grows, inside ``_Memory/load(_:slotCount:extra:)``). The evaluator reads and writes them
/// through unchecked pointers, so the sizes and invariants below are what keeps it in bounds.
///
/// **Sizes.** For a program with R rules, S fact slots, W = `program.words` bitset words,
/// O options, A actions in all and N condition nodes, each size taken as at least 1 so that no
/// allocation is empty:
///
/// | buffer | entries | buffer | entries |
/// | --- | --- | --- | --- |
/// | `initial`, `outcomes`, `firedOrder` | R | `initialAgenda`, `agenda`, `fired`, `pending` | W |
/// | `derivedBy` | S | `scores` | O |
/// | `contributions`, `blocks`, `raised` | A | `conditionCounts` (when recording) | 3 N |
/// | `memory` | S slots | `firingCounts` (when recording) | R |
/// | `startOutcomes` | R | `startAgenda`, `settledRules`, `startSettled` | W |
///
/// **Indexes.** A rule is its number in firing priority (`CompiledRuleSet.rules`), a slot a
/// fact's index in `CompiledRuleSet.facts`, an option an index in `options`, a warning an index
/// in `warnings`, a reason an index in `reasons`. Bit r of a bitset is bit `r & 63` of word `r >> 6`.
///
/// **Between evaluations**, and wherever one stops (at its fixpoint or by throwing), with F the
/// rules in `firedOrder[0 ..< firedCount]` (checked by ``invariantViolations(_:input:firingLimit:finished:)``):
/// - No bitset has a bit at R or above. `initial` is the rule set's `outcomeWhenAllUnknown`, and
///   bit r of `initialAgenda` is set exactly when `initial[r]` is true; neither ever changes.
/// - The rules in F are distinct and are exactly the bits of `fired`; `firedCount <= R`.
/// - Bit r of `agenda` is set exactly when rule r has not fired and `outcomes[r]` is true; a
///   fired rule's outcome is true (its outcome when it fired); an unfired rule's outcome is its
///   condition's truth over the facts in `memory` (no rule is left stale). At the fixpoint
///   `agenda` is empty and `firedCount <= firingLimit`.
/// - The records `contributions[0 ..< contributionCount]`, `blocks[0 ..< blockCount]` and
///   `raised[0 ..< raisedCount]` are the score, block and warn actions of the rules in F, in
///   firing order and then action order (the last rule's actions may stop early when a
///   derivation conflicted); `scores[o]` is the sum, in that order, of the contributions to o.
/// - `memory` holds the input and what F derived: slot s is known exactly when the input gives
///   it or `derivedBy[s] >= 0`; an input value is never changed; `derivedBy[s]` is -1 or a rule
///   of F that has a derive action on s, whose value the slot holds. `extraStrings` are the input's.
/// - With an input `prepared`, `startOutcomes[r]` is rule r's condition's truth over its facts
///   and bit r of `startAgenda` is set exactly when that is true; without one they are
///   `initial` and `initialAgenda`.
/// - A rule in `settledRules` (or, for the prepared start, `startSettled`) has not fired, and
///   its outcome is its condition's truth over the input facts whatever is derived: a part of
///   its `all` that reads no derived fact is false, or no part of its condition reads one.
/// - Recording is on exactly when `conditionCounts` is non-nil, and then `firingCounts` has R entries.
final class _Workspace {
    let ruleCount: Int
    let slotCount: Int
    let optionCount: Int
    /// Entries of `contributions`, `blocks` and `raised`: every action once (each rule fires once).
    let recordCapacity: Int

    /// The facts of the last evaluation (see ``_Memory`` for its own invariants).
    var memory: _Memory
    /// The input's strings that the rules do not know, kept for the result.
    var extraStrings: [String] = []
    /// Per rule: its outcome when every fact is unknown. Fixed after `init`.
    let initial: UnsafeMutablePointer<Truth>
    /// Bitset: the rules whose outcome is true when every fact is unknown. Fixed after `init`.
    let initialAgenda: UnsafeMutablePointer<UInt64>
    /// Per slot: the rule that derived the fact in the last evaluation, or -1.
    let derivedBy: UnsafeMutablePointer<Int32>
    /// Per rule: its outcome as last computed.
    let outcomes: UnsafeMutablePointer<Truth>
    /// Bitset: the rules that have not fired and whose outcome is true.
    let agenda: UnsafeMutablePointer<UInt64>
    /// Bitset: the rules that fired.
    let fired: UnsafeMutablePointer<UInt64>
    /// Bitset, scratch for the start of an evaluation: the rules to evaluate before firing.
    let pending: UnsafeMutablePointer<UInt64>
    /// Per option: its score.
    let scores: UnsafeMutablePointer<Double>
    /// The rules that fired, in order: `firedOrder[0 ..< firedCount]`.
    let firedOrder: UnsafeMutablePointer<Int32>
    let contributions: UnsafeMutablePointer<EvaluationResult.Contribution>
    let blocks: UnsafeMutablePointer<EvaluationResult.Block>
    let raised: UnsafeMutablePointer<EvaluationResult.Raised>
    var firedCount = 0, contributionCount = 0, blockCount = 0, raisedCount = 0
    /// The input last prepared (``Evaluator/prepare(_:)``), and the start of its evaluation:
    /// each rule's outcome over its facts and the agenda then (R and W entries).
    var prepared: FactBuffer?
    /// Whether the last run fired to its fixpoint without an error (false after ``Evaluator/prepare(_:)``):
    /// then `memory` holds its final facts.
    var atFixpoint = false
    let startOutcomes: UnsafeMutablePointer<Truth>
    let startAgenda: UnsafeMutablePointer<UInt64>
    /// Bitset: the rules whose outcome this evaluation's input settles (see `_Program.settled`),
    /// so that no derivation re-examines them; and those of the prepared input's start.
    let settledRules: UnsafeMutablePointer<UInt64>
    let startSettled: UnsafeMutablePointer<UInt64>

    /// When recording: per node, how often it was false, true and unknown, at
    /// `3 * node + Int(truth.rawValue)`.
    private(set) var conditionCounts: UnsafeMutablePointer<UInt32>?
    /// When recording: per rule, how often it fired.
    var firingCounts: [Int] = []
    var recordedEvaluations = 0
    let nodeCount: Int

    init(_ ruleSet: CompiledRuleSet) {
        let p = ruleSet.program
        ruleCount = p.ruleCount
        slotCount = p.slotCount
        optionCount = ruleSet.options.count
        nodeCount = p.nodeCount
        recordCapacity = max(1, p.actionCount)
        let rules = max(1, p.ruleCount), slots = max(1, p.slotCount), words = p.words
        memory = _Memory(slotCount: p.slotCount)
        initial = .allocate(capacity: rules)
        initial.initialize(repeating: .unknown, count: rules)
        initialAgenda = .allocate(capacity: words)
        initialAgenda.initialize(repeating: 0, count: words)
        for (r, truth) in ruleSet.outcomeWhenAllUnknown.enumerated() {
            initial[r] = truth
            if truth == .true { initialAgenda[r >> 6] |= 1 << UInt64(r & 63) }
        }
        derivedBy = .allocate(capacity: slots)
        derivedBy.initialize(repeating: -1, count: slots)
        outcomes = .allocate(capacity: rules)
        outcomes.initialize(from: initial, count: rules)
        agenda = .allocate(capacity: words)
        agenda.initialize(from: initialAgenda, count: words)
        fired = .allocate(capacity: words)
        fired.initialize(repeating: 0, count: words)
        pending = .allocate(capacity: words)
        pending.initialize(repeating: 0, count: words)
        scores = .allocate(capacity: max(1, optionCount))
        scores.initialize(repeating: 0, count: max(1, optionCount))
        startOutcomes = .allocate(capacity: rules)
        startOutcomes.initialize(from: initial, count: rules)
        startAgenda = .allocate(capacity: words)
        startAgenda.initialize(from: initialAgenda, count: words)
        settledRules = .allocate(capacity: words)
        settledRules.initialize(repeating: 0, count: words)
        startSettled = .allocate(capacity: words)
        startSettled.initialize(repeating: 0, count: words)
        firedOrder = .allocate(capacity: rules)
        firedOrder.initialize(repeating: 0, count: rules)
        // Plain values: only the first `count` entries are ever read, each written first.
        contributions = .allocate(capacity: recordCapacity)
        blocks = .allocate(capacity: recordCapacity)
        raised = .allocate(capacity: recordCapacity)
    }

    deinit {
        conditionCounts?.deallocate()
        memory.deallocate()
        initial.deallocate()
        initialAgenda.deallocate()
        derivedBy.deallocate()
        outcomes.deallocate()
        agenda.deallocate()
        fired.deallocate()
        pending.deallocate()
        scores.deallocate()
        firedOrder.deallocate()
        startOutcomes.deallocate()
        startAgenda.deallocate()
        settledRules.deallocate()
        startSettled.deallocate()
        contributions.deallocate()
        blocks.deallocate()
        raised.deallocate()
    }

    /// Whether evaluations record coverage.
    var isRecording: Bool { conditionCounts != nil }

    /// Starts recording afresh (counts at zero); does nothing when already recording.
    func startRecording() {
        guard conditionCounts == nil else { return }
        let n = 3 * max(1, nodeCount)
        let counts = UnsafeMutablePointer<UInt32>.allocate(capacity: n)
        counts.initialize(repeating: 0, count: n)
        conditionCounts = counts
        firingCounts = [Int](repeating: 0, count: ruleCount)
        recordedEvaluations = 0
    }

    /// Stops recording and frees the node counts; the firing counts are kept.
    func stopRecording() {
        conditionCounts?.deallocate()
        conditionCounts = nil
    }

    /// How often node `node` was seen with `truth`, or 0 when not recording or out of range.
    func conditionCount(node: Int, _ truth: Truth) -> Int {
        guard let counts = conditionCounts, node >= 0, node < nodeCount else { return 0 }
        return Int(counts[3 * node + Int(truth.rawValue)])
    }

    /// Whether bit `r` of `bits` is set.
    @inline(__always)
    static func isSet(_ bits: UnsafeMutablePointer<UInt64>, _ r: Int) -> Bool {
        bits[r >> 6] & (1 << UInt64(r & 63)) != 0
    }
}
