/// The compiled rule set copied once into flat, unmanaged memory for the evaluator's hot path:
/// no array bounds or uniqueness checks, no reference counting, no exclusivity checks.
///
/// Immutable after `init`, so sharing it between threads is safe.
final class _Program: @unchecked Sendable {
    let slotCount: Int
    let ruleCount: Int
    /// 64-bit words in a bitset over the rules.
    let words: Int
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
        self.allocations = allocations
    }

    deinit {
        for p in allocations { p.deallocate() }
    }
}

/// Working memory in flat, unmanaged storage: for each slot whether it is known, its scalar,
/// and for list facts a run of the shared value pool.
struct _Memory {
    let known: UnsafeMutablePointer<UInt8>
    let scalars: UnsafeMutablePointer<Double>
    let listStart: UnsafeMutablePointer<Int32>
    let listCount: UnsafeMutablePointer<Int32>
    var pool: UnsafeMutablePointer<Double>
    var poolCapacity: Int
    var poolUsed = 0

    init(slotCount: Int) {
        let n = max(1, slotCount)
        known = .allocate(capacity: n)
        known.initialize(repeating: 0, count: n)
        scalars = .allocate(capacity: n)
        scalars.initialize(repeating: 0, count: n)
        listStart = .allocate(capacity: n)
        listStart.initialize(repeating: 0, count: n)
        listCount = .allocate(capacity: n)
        listCount.initialize(repeating: 0, count: n)
        poolCapacity = 64
        pool = .allocate(capacity: poolCapacity)
    }

    func deallocate() {
        known.deallocate()
        scalars.deallocate()
        listStart.deallocate()
        listCount.deallocate()
        pool.deallocate()
    }

    /// Stores a list for `slot` at the end of the pool, which `load` made room for.
    mutating func setList(_ slot: Int, _ values: UnsafeBufferPointer<Double>) {
        precondition(poolUsed + values.count <= poolCapacity, "the value pool was sized by load")
        if let base = values.baseAddress { (pool + poolUsed).update(from: base, count: values.count) }
        listStart[slot] = Int32(poolUsed)
        listCount[slot] = Int32(values.count)
        poolUsed += values.count
    }

    /// Copies a fact buffer in, with room in the pool for `extra` more values, so the pool does
    /// not move while conditions are evaluated.
    mutating func load(_ facts: FactBuffer, slotCount: Int, extra: Int = 0) {
        poolUsed = 0
        var needed = extra
        for s in 0..<slotCount where facts.known[s] { needed += facts.lists[s].count }
        if needed > poolCapacity {
            pool.deallocate()
            poolCapacity = max(needed, poolCapacity * 2)
            pool = .allocate(capacity: poolCapacity)
        }
        for s in 0..<slotCount {
            let isKnown = facts.known[s]
            known[s] = isKnown ? 1 : 0
            scalars[s] = facts.scalars[s]
            if isKnown && !facts.lists[s].isEmpty {
                facts.lists[s].withUnsafeBufferPointer { setList(s, $0) }
            } else {
                listCount[s] = 0
            }
        }
    }

    /// The list of `slot` as an array.
    func list(_ slot: Int) -> [Double] {
        Array(UnsafeBufferPointer(start: pool + Int(listStart[slot]), count: Int(listCount[slot])))
    }

    /// Copies the memory out into a fact buffer (for a result).
    func facts(slotCount: Int, extraStrings: [String]) -> FactBuffer {
        var buffer = FactBuffer(slotCount: slotCount)
        for s in 0..<slotCount {
            buffer.known[s] = known[s] != 0
            buffer.scalars[s] = scalars[s]
            if known[s] != 0 && listCount[s] > 0 { buffer.lists[s] = list(s) }
        }
        buffer.extraStrings = extraStrings
        return buffer
    }
}
