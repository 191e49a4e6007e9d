/// Evaluates compiled conditions in three-valued logic, without allocating.
enum _Conditions {
    /// The truth of the subtree at `index`.
    ///
    /// `all` is false if any part is false, else unknown if any part is unknown, else true;
    /// `any` is true if any part is true, else unknown if any is unknown, else false; `not`
    /// swaps true and false and keeps unknown. Both stop at the first deciding part.
    static func evaluate(_ nodes: UnsafeBufferPointer<_Node>, _ sets: [[Double]], _ index: Int, _ facts: FactBuffer) -> Truth {
        let node = nodes[index]
        switch node.op {
        case .all:
            var result = Truth.true
            var child = index + 1
            let end = Int(node.end)
            while child < end {
                switch evaluate(nodes, sets, child, facts) {
                case .false: return .false
                case .unknown: result = .unknown
                case .true: break
                }
                child = Int(nodes[child].end)
            }
            return result
        case .any:
            var result = Truth.false
            var child = index + 1
            let end = Int(node.end)
            while child < end {
                switch evaluate(nodes, sets, child, facts) {
                case .true: return .true
                case .unknown: result = .unknown
                case .false: break
                }
                child = Int(nodes[child].end)
            }
            return result
        case .not:
            switch evaluate(nodes, sets, index + 1, facts) {
            case .true: return .false
            case .false: return .true
            case .unknown: return .unknown
            }
        case .known:
            return facts.known[Int(node.slot)] ? .true : .false
        case .unknown:
            return facts.known[Int(node.slot)] ? .false : .true
        default:
            return leaf(node, sets, facts)
        }
    }

    @inline(__always)
    static func truth(_ b: Bool) -> Truth { b ? .true : .false }

    static func leaf(_ node: _Node, _ sets: [[Double]], _ facts: FactBuffer) -> Truth {
        let s = Int(node.slot)
        guard facts.known[s] else { return .unknown }
        let x = facts.scalars[s]
        switch node.op {
        case .eq: return truth(x == node.number)
        case .ne: return truth(x != node.number)
        case .lt: return truth(x < node.number)
        case .le: return truth(x <= node.number)
        case .gt: return truth(x > node.number)
        case .ge: return truth(x >= node.number)
        case .inSet: return truth(sets[Int(node.arg)].contains(x))
        case .contains: return truth(facts.lists[s].contains(node.number))
        case .intersects: return truth(sharesElement(facts.lists[s], sets[Int(node.arg)]))
        case .listEq: return truth(facts.lists[s] == sets[Int(node.arg)])
        case .listNe: return truth(facts.lists[s] != sets[Int(node.arg)])
        default: break
        }
        let o = Int(node.arg)
        guard facts.known[o] else { return .unknown }
        let y = facts.scalars[o]
        switch node.op {
        case .eqFact: return truth(x == y)
        case .neFact: return truth(x != y)
        case .ltFact: return truth(x < y)
        case .leFact: return truth(x <= y)
        case .gtFact: return truth(x > y)
        case .geFact: return truth(x >= y)
        case .inListFact: return truth(facts.lists[o].contains(x))
        case .containsFact: return truth(facts.lists[s].contains(y))
        case .intersectsFact: return truth(sharesElement(facts.lists[s], facts.lists[o]))
        case .listEqFact: return truth(facts.lists[s] == facts.lists[o])
        case .listNeFact: return truth(facts.lists[s] != facts.lists[o])
        default: return .unknown
        }
    }

    /// Whether two sorted lists share an element. - Complexity: O(a + b).
    static func sharesElement(_ a: [Double], _ b: [Double]) -> Bool {
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { return true }
            if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return false
    }

    /// The facts whose value is unknown and could change the outcome of an unknown subtree:
    /// every unknown leaf under composites that are themselves unknown.
    static func undecidedFacts(_ nodes: UnsafeBufferPointer<_Node>, _ sets: [[Double]], _ index: Int, _ facts: FactBuffer, into out: inout [Int32]) {
        let node = nodes[index]
        guard evaluate(nodes, sets, index, facts) == .unknown else { return }
        switch node.op {
        case .all, .any:
            var child = index + 1
            while child < Int(node.end) {
                undecidedFacts(nodes, sets, child, facts, into: &out)
                child = Int(nodes[child].end)
            }
        case .not:
            undecidedFacts(nodes, sets, index + 1, facts, into: &out)
        default:
            if !facts.known[Int(node.slot)] { out.append(node.slot) }
            switch node.op {
            case .eqFact, .neFact, .ltFact, .leFact, .gtFact, .geFact, .inListFact, .containsFact, .intersectsFact, .listEqFact, .listNeFact:
                if !facts.known[Int(node.arg)] { out.append(node.arg) }
            default: break
            }
        }
    }
}
