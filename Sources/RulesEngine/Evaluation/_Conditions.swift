/// Sees the outcome of every part of a condition as it is evaluated (for coverage).
///
/// Evaluation is generic over the recorder, so with ``_NoRecorder`` the compiler removes the
/// recording entirely: coverage costs nothing unless asked for.
protocol _Recorder {
    /// Whether every rule must be evaluated at the start, even one whose facts are all unknown
    /// (whose outcome is known without evaluating it), so that its parts are seen.
    static var seesEveryRule: Bool { get }
    func record(_ node: Int, _ truth: Truth)
}

struct _NoRecorder: _Recorder {
    static var seesEveryRule: Bool { false }
    @inline(__always) func record(_ node: Int, _ truth: Truth) {}
}

/// Counts, for each node, how often it was true, false and unknown: `counts[3 * node + truth]`.
struct _CountingRecorder: _Recorder {
    static var seesEveryRule: Bool { true }
    let counts: UnsafeMutablePointer<UInt32>
    @inline(__always) func record(_ node: Int, _ truth: Truth) { counts[3 * node + Int(truth.rawValue)] &+= 1 }
}

/// A read-only view of a program and a working memory, for evaluating conditions.
///
/// All pointers: evaluating allocates nothing, retains nothing, and checks no exclusivity.
struct _View {
    let nodes: UnsafePointer<_Node>
    let setStart: UnsafePointer<Int32>
    let setValues: UnsafePointer<Double>
    let known: UnsafePointer<UInt8>
    let scalars: UnsafePointer<Double>
    let listStart: UnsafePointer<Int32>
    let listCount: UnsafePointer<Int32>
    let pool: UnsafePointer<Double>

    init(_ program: _Program, _ memory: _Memory) {
        nodes = UnsafePointer(program.nodes)
        setStart = UnsafePointer(program.setStart)
        setValues = UnsafePointer(program.setValues)
        known = UnsafePointer(memory.known)
        scalars = UnsafePointer(memory.scalars)
        listStart = UnsafePointer(memory.listStart)
        listCount = UnsafePointer(memory.listCount)
        pool = UnsafePointer(memory.pool)
    }

    /// The truth of the subtree at `index`.
    ///
    /// `all` is false if any part is false, else unknown if any part is unknown, else true;
    /// `any` is true if any part is true, else unknown if any is unknown, else false; `not`
    /// swaps true and false and keeps unknown. Both stop at the first deciding part.
    func evaluate(_ index: Int) -> Truth { evaluate(index, _NoRecorder()) }

    /// The truth of the subtree at `index`, telling `recorder` the outcome of every part evaluated.
    @inline(__always)
    func evaluate<R: _Recorder>(_ index: Int, _ recorder: R) -> Truth {
        let truth = compute(index, recorder)
        recorder.record(index, truth)
        return truth
    }

    func compute<R: _Recorder>(_ index: Int, _ recorder: R) -> Truth {
        let node = nodes[index]
        switch node.op {
        case .all:
            var result = Truth.true
            var child = index + 1
            let end = Int(node.end)
            while child < end {
                switch part(child, recorder) {
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
                switch part(child, recorder) {
                case .true: return .true
                case .unknown: result = .unknown
                case .false: break
                }
                child = Int(nodes[child].end)
            }
            return result
        case .not:
            switch evaluate(index + 1, recorder) {
            case .true: return .false
            case .false: return .true
            case .unknown: return .unknown
            }
        case .known:
            return known[Int(node.slot)] != 0 ? .true : .false
        case .unknown:
            return known[Int(node.slot)] != 0 ? .false : .true
        default:
            return leaf(node)
        }
    }

    /// The truth of a rule's condition at `index`, and whether the input settles it (see
    /// `_Program.settled`): the whole condition reads no derived fact, or it is an `all` with a
    /// false part that reads none. Such parts are evaluated first; as evaluation has no side
    /// effects, the truth is the same as ``evaluate(_:)``'s.
    @inline(__always)
    func evaluateRule(_ index: Int, _ settled: UnsafePointer<UInt8>) -> (Truth, settles: Bool) {
        if settled[index] != 0 { return (evaluate(index), true) }
        let node = nodes[index]
        guard node.op == .all else { return (evaluate(index), false) }
        let end = Int(node.end)
        var result = Truth.true
        // The settled parts, then the others.
        for pass in 0..<2 {
            var child = index + 1
            while child < end {
                if (settled[child] != 0) == (pass == 0) {
                    switch part(child, _NoRecorder()) {
                    case .false: return (.false, pass == 0)
                    case .unknown: result = .unknown
                    case .true: break
                    }
                }
                child = Int(nodes[child].end)
            }
        }
        return (result, false)
    }

    /// A part of `all` or `any`: a comparison is evaluated in place, without a call.
    @inline(__always)
    func part<R: _Recorder>(_ index: Int, _ recorder: R) -> Truth {
        let node = nodes[index]
        switch node.op {
        case .all, .any, .not, .known, .unknown: return evaluate(index, recorder)
        default:
            let truth = leaf(node)
            recorder.record(index, truth)
            return truth
        }
    }

    @inline(__always)
    func truth(_ b: Bool) -> Truth { b ? .true : .false }

    @inline(__always)
    func list(_ slot: Int) -> UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(start: pool + Int(listStart[slot]), count: Int(listCount[slot]))
    }

    @inline(__always)
    func constantSet(_ k: Int32) -> UnsafeBufferPointer<Double> {
        let start = Int(setStart[Int(k)])
        return UnsafeBufferPointer(start: setValues + start, count: Int(setStart[Int(k) + 1]) - start)
    }

    @inline(__always)
    func leaf(_ node: _Node) -> Truth {
        let s = Int(node.slot)
        guard known[s] != 0 else { return .unknown }
        let x = scalars[s]
        switch node.op {
        case .eq: return truth(x == node.number)
        case .ne: return truth(x != node.number)
        case .lt: return truth(x < node.number)
        case .le: return truth(x <= node.number)
        case .gt: return truth(x > node.number)
        case .ge: return truth(x >= node.number)
        case .inSet: return truth(Self.contains(constantSet(node.arg), x))
        case .contains: return truth(Self.contains(list(s), node.number))
        case .intersects: return truth(Self.sharesElement(list(s), constantSet(node.arg)))
        case .listEq: return truth(Self.equal(list(s), constantSet(node.arg)))
        case .listNe: return truth(!Self.equal(list(s), constantSet(node.arg)))
        default: break
        }
        let o = Int(node.arg)
        guard known[o] != 0 else { return .unknown }
        let y = scalars[o]
        switch node.op {
        case .eqFact: return truth(x == y)
        case .neFact: return truth(x != y)
        case .ltFact: return truth(x < y)
        case .leFact: return truth(x <= y)
        case .gtFact: return truth(x > y)
        case .geFact: return truth(x >= y)
        case .inListFact: return truth(Self.contains(list(o), x))
        case .containsFact: return truth(Self.contains(list(s), y))
        case .intersectsFact: return truth(Self.sharesElement(list(s), list(o)))
        case .listEqFact: return truth(Self.equal(list(s), list(o)))
        case .listNeFact: return truth(!Self.equal(list(s), list(o)))
        default: return .unknown
        }
    }

    @inline(__always)
    static func contains(_ values: UnsafeBufferPointer<Double>, _ x: Double) -> Bool {
        for v in values where v == x { return true }
        return false
    }

    static func equal(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>) -> Bool {
        a.count == b.count && a.elementsEqual(b)
    }

    /// Whether two sorted lists share an element. - Complexity: O(a + b).
    static func sharesElement(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>) -> Bool {
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { return true }
            if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return false
    }

    /// The facts whose value is unknown and could change the outcome of an unknown subtree:
    /// every unknown leaf under composites that are themselves unknown.
    func undecidedFacts(_ index: Int, into out: inout [Int32]) {
        let node = nodes[index]
        guard evaluate(index) == .unknown else { return }
        switch node.op {
        case .all, .any:
            var child = index + 1
            while child < Int(node.end) {
                undecidedFacts(child, into: &out)
                child = Int(nodes[child].end)
            }
        case .not:
            undecidedFacts(index + 1, into: &out)
        default:
            if known[Int(node.slot)] == 0 { out.append(node.slot) }
            switch node.op {
            case .eqFact, .neFact, .ltFact, .leFact, .gtFact, .geFact, .inListFact, .containsFact, .intersectsFact, .listEqFact, .listNeFact:
                if known[Int(node.arg)] == 0 { out.append(node.arg) }
            default: break
            }
        }
    }
}

extension FactBuffer {
    /// Runs `body` with a view of these facts over `program` (for the slow paths: compilation
    /// and missing facts).
    func withView<R>(_ program: _Program, _ body: (_View) -> R) -> R {
        var memory = _Memory(slotCount: known.count)
        defer { memory.deallocate() }
        memory.load(self, slotCount: known.count)
        return body(_View(program, memory))
    }
}
