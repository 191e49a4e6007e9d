/// The compiled rule set copied once into flat, unmanaged memory for the evaluator's hot path:
/// no array bounds or uniqueness checks, no reference counting, no exclusivity checks.
///
/// Immutable after `init`, so sharing it between threads is safe. Because the evaluator reads it
/// without bounds checks, everything below must hold; ``invariantViolations(_:)`` checks it, and a
/// debug build checks it for every compiled rule set. With R rules, S slots and N nodes:
/// - **Rules** are numbered `0 ..< R` in firing priority. `roots[r]` is -1 (no condition: always
///   true) or the first node of rule r's condition; the conditions of the rules that have one
///   lie one after another in rule order and cover `nodes[0 ..< N]` exactly.
/// - **Nodes** are in prefix order (see ``_Node``): for node i, `i < end <= N`; a comparison has
///   `end == i + 1`; `not` has one child, at i + 1, ending at `end`; `all` and `any` have children
///   from i + 1, each starting where the one before ends, the last ending at `end`. A comparison's
///   `slot` is in `0 ..< S`; so is `arg` for the operators against another fact (`eqFact` ...
///   `listNeFact`), while for `inSet`, `intersects`, `listEq` and `listNe` `arg` is a constant
///   set in `0 ..< setCount`. Each operator reads slots of the types it was compiled for (lists
///   for the list operators, scalars otherwise).
/// - **Constant sets** `k` in `0 ..< setCount` are `setValues[setStart[k] ..< setStart[k + 1]]`,
///   with `setStart[0] == 0`, non-decreasing, each set strictly ascending.
/// - **Actions** of rule r are `actions[actionStart[r] ..< actionStart[r + 1]]`: `actionStart`
///   has R + 1 entries from 0, non-decreasing, to `actionCount`. A derive targets a slot in
///   `0 ..< S` (`arg` -1 for a scalar, else a constant set for a list fact), a score or block an
///   option, a block's `arg` a reason, a warn a warning, each in range of the rule set's declarations.
/// - **Readers**: slot s is read by `readerRules[readerStart[s] ..< readerStart[s + 1]]`, strictly
///   ascending rule numbers, exactly the rules with a comparison whose `slot` or fact `arg` is s;
///   `readerMasks[s * words ..< (s + 1) * words]` is the same set as a bitset, no bit at R or above.
/// - `settled[i]` is 1 exactly when no comparison in node i's subtree reads (as `slot` or fact
///   `arg`) a slot that some derive action targets.
/// - `derivedTests[derivedTestStart[r] ..< derivedTestStart[r + 1]]` are the slots of the `known`
///   and `unknown` tests in rule r's condition of a slot that some derive action targets (-1 for
///   one out of range), in node order; `derivedSlot[s]` is 1 exactly when a derive action targets s.
/// - `derivedListRoom` is the total size of the constant sets that derive actions give to list
///   facts: with each rule firing at most once, the most list values one evaluation can derive.
final class _Program: @unchecked Sendable {
    let slotCount: Int
    let ruleCount: Int
    /// 64-bit words in a bitset over the rules: `max(1, (ruleCount + 63) / 64)`.
    let words: Int
    let nodeCount: Int
    let setCount: Int
    let actionCount: Int
    let nodes: UnsafeMutablePointer<_Node>
    /// The constant sets, flattened: set `k` is `setValues[setStart[k] ..< setStart[k + 1]]`, sorted.
    let setStart: UnsafeMutablePointer<Int32>
    let setValues: UnsafeMutablePointer<Double>
    let roots: UnsafeMutablePointer<Int32>
    let actions: UnsafeMutablePointer<_Action>
    let actionStart: UnsafeMutablePointer<Int32>
    /// For each slot, a bitset (`words` words) of the rules that read it.
    let readerMasks: UnsafeMutablePointer<UInt64>
    /// For each slot, the rules that read it: `readerRules[readerStart[s] ..< readerStart[s + 1]]`.
    let readerStart: UnsafeMutablePointer<Int32>
    let readerRules: UnsafeMutablePointer<Int32>
    /// Room the derived lists of one evaluation can take at most (each rule fires once).
    let derivedListRoom: Int
    /// Per node: 1 when no slot its subtree reads is the target of a derive action, so that its
    /// truth cannot change during an evaluation (the input never changes), else 0.
    let settled: UnsafeMutablePointer<UInt8>
    /// Per rule (R + 1 entries): where its tests of derived slots for being known or unknown
    /// start in `derivedTests`. Facts only go from unknown to known during an evaluation, and a
    /// comparison is true or false only over known facts, so a condition whose tested derived
    /// slots stay unknown, once true or false, stays so for the evaluation.
    let derivedTestStart: UnsafeMutablePointer<Int32>
    let derivedTests: UnsafeMutablePointer<Int32>
    /// Per slot: 1 when some derive action targets it.
    let derivedSlot: UnsafeMutablePointer<UInt8>
    let allocations: [UnsafeMutableRawPointer]

    init(slotCount: Int, nodes: [_Node], roots: [Int32], constantSets: [[Double]], actions: [_Action], actionStart: [Int32], readers: [[Int32]]) {
        var allocations: [UnsafeMutableRawPointer] = []
        func copy<T>(_ items: [T]) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, items.count))
            if !items.isEmpty { p.initialize(from: items, count: items.count) }
            allocations.append(UnsafeMutableRawPointer(p))
            return p
        }
        self.slotCount = slotCount
        ruleCount = roots.count
        words = max(1, (roots.count + 63) / 64)
        nodeCount = nodes.count
        setCount = constantSets.count
        actionCount = actions.count
        self.nodes = copy(nodes)
        self.roots = copy(roots)
        self.actions = copy(actions)
        self.actionStart = copy(actionStart)
        var starts: [Int32] = [0]
        for s in constantSets { starts.append(starts[starts.count - 1] + Int32(s.count)) }
        setStart = copy(starts)
        setValues = copy(constantSets.flatMap { $0 })
        derivedListRoom = actions.reduce(0) { $0 + ($1.kind == .derive && $1.arg >= 0 ? constantSets[Int($1.arg)].count : 0) }
        var masks = [UInt64](repeating: 0, count: max(1, slotCount) * words)
        var rstarts: [Int32] = [0]
        for (slot, rules) in readers.enumerated() {
            for r in rules { masks[slot * words + Int(r) >> 6] |= 1 << UInt64(Int(r) & 63) }
            rstarts.append(rstarts[rstarts.count - 1] + Int32(rules.count))
        }
        readerMasks = copy(masks)
        readerStart = copy(rstarts)
        readerRules = copy(readers.flatMap { $0 })
        // A node is settled when no slot under it is derived: its truth is fixed by the input.
        // (Out-of-range indexes count as derived: a broken program is reported by
        // `invariantViolations`, not trapped here.)
        var derived = [Bool](repeating: false, count: max(1, slotCount))
        for a in actions where a.kind == .derive && a.target >= 0 && Int(a.target) < slotCount { derived[Int(a.target)] = true }
        func isDerived(_ s: Int32) -> Bool { s < 0 || Int(s) >= slotCount || derived[Int(s)] }
        // Derived reads before each node (a prefix count), so a subtree's is a difference.
        var before = [Int](repeating: 0, count: nodes.count + 1)
        for (i, n) in nodes.enumerated() {
            var reads = 0
            switch n.op {
            case .all, .any, .not: break
            case .eqFact, .neFact, .ltFact, .leFact, .gtFact, .geFact, .inListFact, .containsFact, .intersectsFact, .listEqFact, .listNeFact:
                reads = (isDerived(n.slot) ? 1 : 0) + (isDerived(n.arg) ? 1 : 0)
            default:
                reads = isDerived(n.slot) ? 1 : 0
            }
            before[i + 1] = before[i] + reads
        }
        settled = copy(nodes.indices.map { i in
            let end = Int(nodes[i].end)
            return end > i && end <= nodes.count && before[end] == before[i] ? UInt8(1) : 0
        })
        // A rule without a condition tests nothing; one whose condition's range is broken gets
        // a -1 test, so that it is never judged.
        var testStarts: [Int32] = [0], tests: [Int32] = []
        for root in roots.map(Int.init) {
            let end = root >= 0 && root < nodes.count ? Int(nodes[root].end) : -1
            if end > root && end <= nodes.count {
                for n in nodes[root..<end] where (n.op == .known || n.op == .unknown) && isDerived(n.slot) {
                    tests.append(n.slot >= 0 && Int(n.slot) < slotCount ? n.slot : -1)
                }
            } else if root >= 0 {
                tests.append(-1)
            }
            testStarts.append(Int32(tests.count))
        }
        derivedTestStart = copy(testStarts)
        derivedTests = copy(tests)
        derivedSlot = copy(derived.map { $0 ? UInt8(1) : 0 })
        self.allocations = allocations
    }

    deinit {
        for p in allocations { p.deallocate() }
    }
}
