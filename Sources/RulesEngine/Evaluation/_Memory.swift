/// Working memory in flat, unmanaged storage: for each slot whether it is known, its scalar,
/// and for list facts a run of the shared value pool.
///
/// Invariants (checked after every evaluation in debug builds, see ``_Workspace``):
/// - `known`, `scalars`, `listStart` and `listCount` hold `max(1, slotCount)` entries each, for
///   the slot count the memory was made with; `known[s]` is 0 or 1.
/// - `0 <= poolUsed <= poolCapacity`, and `pool` holds `poolCapacity` values.
/// - A known slot with `listCount[s] > 0` owns the run `pool[listStart[s] ..< listStart[s] +
///   listCount[s]]`, inside `0 ..< poolUsed`, strictly ascending: a list is a set, sorted as the
///   compiled constant sets are, which ``_View/sharesElement(_:_:)`` and ``_View/equal(_:_:)`` rely on.
/// - `load` makes room for the input's lists plus `extra` (the program's `derivedListRoom`), so
///   `setList` never outgrows the pool during an evaluation and the pool never moves while a
///   ``_View`` of it is in use.
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
