/// What the checks of a ``_Program`` need to know of its rule set's declarations.
struct _Declarations {
    /// How a fact's value is held: bools as 0 and 1, numbers as themselves, strings and enum
    /// values as symbol numbers, lists as sorted runs of symbol numbers.
    enum Kind: Equatable { case bool, number, string, list }

    /// Per slot.
    var kinds: [Kind]
    /// Per slot: whether only the input may give the fact.
    var isInput: [Bool]
    var optionCount: Int
    var warningCount: Int
    var reasonCount: Int
    var symbolCount: Int

    init(facts: [FactDeclaration], optionCount: Int, warningCount: Int, reasonCount: Int, symbolCount: Int) {
        kinds = facts.map { f in
            switch f.type {
            case .bool: .bool
            case .number: .number
            case .string, .enumeration: .string
            case .list: .list
            }
        }
        isInput = facts.map(\.isInput)
        self.optionCount = optionCount
        self.warningCount = warningCount
        self.reasonCount = reasonCount
        self.symbolCount = symbolCount
    }
}

extension _Program {
    /// Every way the program breaks the invariants in ``_Program``'s documentation, one sentence
    /// each; empty when it keeps them all. - Complexity: O(nodes + actions + readers + slots × words).
    func invariantViolations(_ d: _Declarations) -> [String] {
        guard slotCount == d.kinds.count, ruleCount >= 0, nodeCount >= 0, setCount >= 0, actionCount >= 0 else {
            return ["the program has \(slotCount) slots for \(d.kinds.count) facts"]
        }
        var out: [String] = []
        if words != max(1, (ruleCount + 63) / 64) { out.append("\(words) bitset words for \(ruleCount) rules") }
        out += setViolations(d)
        out += nodeViolations(d)
        out += actionViolations(d)
        out += readerViolations()
        return out
    }

    /// Whether `x` is the number of a symbol.
    func isSymbol(_ x: Double, _ d: _Declarations) -> Bool {
        x >= 0 && x < Double(d.symbolCount) && x.rounded() == x
    }

    func setViolations(_ d: _Declarations) -> [String] {
        var out: [String] = []
        if setStart[0] != 0 { out.append("setStart[0] is \(setStart[0])") }
        for k in 0..<setCount {
            let start = Int(setStart[k]), end = Int(setStart[k + 1])
            guard start <= end else { out.append("constant set \(k) ends before it starts"); continue }
            for i in start..<end {
                if !isSymbol(setValues[i], d) { out.append("constant set \(k) holds \(setValues[i]), not a symbol") }
                if i > start && setValues[i - 1] >= setValues[i] { out.append("constant set \(k) is not strictly ascending") }
            }
        }
        return out
    }

    func nodeViolations(_ d: _Declarations) -> [String] {
        var out: [String] = []
        let n = nodeCount
        // The conditions follow one another in rule order and cover every node.
        var next = 0
        for r in 0..<ruleCount where roots[r] != -1 {
            let root = Int(roots[r])
            guard root == next, root < n, Int(nodes[root].end) > root, Int(nodes[root].end) <= n else {
                out.append("rule \(r)'s condition starts at node \(root), where node \(next) was expected")
                return out
            }
            next = Int(nodes[root].end)
        }
        if next != n { out.append("the conditions cover \(next) of \(n) nodes") }
        func isSlot(_ x: Int32) -> Bool { x >= 0 && Int(x) < slotCount }
        func isSet(_ x: Int32) -> Bool { x >= 0 && Int(x) < setCount }
        for i in 0..<n {
            let node = nodes[i]
            let end = Int(node.end)
            guard end > i, end <= n else { out.append("node \(i) ends at \(end)"); continue }
            switch node.op {
            case .all, .any:
                var child = i + 1
                while child < end {
                    let childEnd = Int(nodes[child].end)
                    guard childEnd > child, childEnd <= end else { out.append("node \(i)'s child \(child) ends at \(childEnd), outside its parent"); break }
                    child = childEnd
                }
            case .not:
                if end == i + 1 || Int(nodes[i + 1].end) != end { out.append("node \(i) (not) does not have exactly one child") }
            default:
                if end != i + 1 { out.append("comparison node \(i) has children") }
                guard isSlot(node.slot) else { out.append("node \(i) reads slot \(node.slot), not a slot"); continue }
                let kind = d.kinds[Int(node.slot)]
                let other: _Declarations.Kind? = isSlot(node.arg) ? d.kinds[Int(node.arg)] : nil
                let fits: Bool
                switch node.op {
                case .eq, .ne:
                    switch kind {
                    case .list: fits = false
                    case .number: fits = true
                    case .bool: fits = node.number == 0 || node.number == 1
                    case .string: fits = isSymbol(node.number, d)
                    }
                case .lt, .le, .gt, .ge: fits = kind == .number
                case .eqFact, .neFact: fits = kind != .list && other == kind
                case .ltFact, .leFact, .gtFact, .geFact: fits = kind == .number && other == .number
                case .inSet: fits = kind == .string && isSet(node.arg)
                case .inListFact: fits = kind == .string && other == .list
                case .contains: fits = kind == .list && isSymbol(node.number, d)
                case .containsFact: fits = kind == .list && other == .string
                case .intersects, .listEq, .listNe: fits = kind == .list && isSet(node.arg)
                case .intersectsFact, .listEqFact, .listNeFact: fits = kind == .list && other == .list
                case .known, .unknown, .all, .any, .not: fits = true
                }
                if !fits { out.append("node \(i) (\(node.op)) does not fit the types of what it reads") }
            }
        }
        return out
    }

    func actionViolations(_ d: _Declarations) -> [String] {
        var out: [String] = []
        if actionStart[0] != 0 { out.append("actionStart[0] is \(actionStart[0])") }
        if actionStart[ruleCount] != Int32(actionCount) { out.append("the actions end at \(actionStart[ruleCount]) of \(actionCount)") }
        for r in 0..<ruleCount where actionStart[r] > actionStart[r + 1] { out.append("rule \(r)'s actions end before they start") }
        var listRoom = 0
        for i in 0..<actionCount {
            let a = actions[i]
            let t = Int(a.target)
            switch a.kind {
            case .derive:
                guard t >= 0, t < slotCount else { out.append("action \(i) derives slot \(t), not a slot"); continue }
                if d.isInput[t] { out.append("action \(i) derives the input fact in slot \(t)") }
                let kind = d.kinds[t]
                if kind == .list {
                    if a.arg < 0 || Int(a.arg) >= setCount { out.append("action \(i) derives the list in slot \(t) from set \(a.arg)") } else {
                        listRoom += Int(setStart[Int(a.arg) + 1] - setStart[Int(a.arg)])
                    }
                } else if a.arg != -1 || kind == .bool && a.number != 0 && a.number != 1 || kind == .string && !isSymbol(a.number, d) {
                    out.append("action \(i) derives a value that slot \(t) cannot hold")
                }
            case .score:
                if t < 0 || t >= d.optionCount { out.append("action \(i) scores option \(t), not an option") }
            case .block:
                if t < 0 || t >= d.optionCount || a.arg < 0 || Int(a.arg) >= d.reasonCount { out.append("action \(i) blocks option \(t) for reason \(a.arg)") }
            case .warn:
                if t < 0 || t >= d.warningCount { out.append("action \(i) raises warning \(t), not a warning") }
            }
        }
        if listRoom != derivedListRoom { out.append("derivedListRoom is \(derivedListRoom); the derived lists take \(listRoom)") }
        return out
    }

    /// The reader index: exactly the rules with a comparison reading each slot, as a list and as a bitset.
    func readerViolations() -> [String] {
        var out: [String] = []
        var reads = [Set<Int>](repeating: [], count: slotCount)
        for r in 0..<ruleCount where roots[r] >= 0 {
            let root = Int(roots[r])
            guard root < nodeCount else { continue }
            for i in root..<min(nodeCount, max(root, Int(nodes[root].end))) {
                let node = nodes[i]
                switch node.op {
                case .all, .any, .not: continue
                case .eqFact, .neFact, .ltFact, .leFact, .gtFact, .geFact, .inListFact, .containsFact, .intersectsFact, .listEqFact, .listNeFact:
                    if node.arg >= 0 && Int(node.arg) < slotCount { reads[Int(node.arg)].insert(r) }
                default: break
                }
                if node.slot >= 0 && Int(node.slot) < slotCount { reads[Int(node.slot)].insert(r) }
            }
        }
        if readerStart[0] != 0 { out.append("readerStart[0] is \(readerStart[0])") }
        for s in 0..<slotCount {
            let start = Int(readerStart[s]), end = Int(readerStart[s + 1])
            guard start <= end else { out.append("slot \(s)'s readers end before they start"); continue }
            let listed = (start..<end).map { Int(readerRules[$0]) }
            if listed != reads[s].sorted() { out.append("slot \(s)'s readers are \(listed), but rules \(reads[s].sorted()) read it") }
            var mask = [UInt64](repeating: 0, count: words)
            for r in reads[s] { mask[r >> 6] |= 1 << UInt64(r & 63) }
            if (0..<words).contains(where: { readerMasks[s * words + $0] != mask[$0] }) { out.append("slot \(s)'s reader bitset is not its readers") }
        }
        return out
    }
}
