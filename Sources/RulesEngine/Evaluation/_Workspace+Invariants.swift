extension _Workspace {
    /// Traps when the workspace breaks an invariant of its documentation. Debug builds only: in
    /// a release build this does nothing and costs nothing.
    @inline(__always)
    func checkInvariants(_ ruleSet: CompiledRuleSet, input: FactBuffer?, firingLimit: Int, finished: Bool) {
        #if DEBUG
        let violations = invariantViolations(ruleSet, input: input, firingLimit: firingLimit, finished: finished)
        precondition(violations.isEmpty, "the evaluator's workspace breaks its invariants: " + violations.joined(separator: "; "))
        #endif
    }

    /// Every way the workspace breaks the invariants in ``_Workspace``'s documentation, one
    /// sentence each; empty when it keeps them all.
    /// - Parameters:
    ///   - ruleSet: the rule set the workspace was made for.
    ///   - input: the facts of the last evaluation; nil when none has run.
    ///   - finished: whether the last evaluation reached its fixpoint (false after one threw,
    ///     or before the first).
    /// - Complexity: O(rules + nodes + slots + actions); it evaluates every unfired rule once.
    func invariantViolations(_ ruleSet: CompiledRuleSet, input: FactBuffer?, firingLimit: Int, finished: Bool) -> [String] {
        let p = ruleSet.program
        guard ruleCount == p.ruleCount, slotCount == p.slotCount, optionCount == ruleSet.options.count,
              nodeCount == p.nodeCount, recordCapacity == max(1, p.actionCount) else {
            return ["the workspace was made for another program"]
        }
        if let input, input.known.count != slotCount { return ["the input has \(input.known.count) slots, the program \(slotCount)"] }
        var out: [String] = []
        let rules = ruleCount

        // The bitsets, and the agenda of a rule set with every fact unknown.
        for (name, bits) in [("initialAgenda", initialAgenda), ("agenda", agenda), ("fired", fired), ("pending", pending)] {
            if let r = Self.firstBit(bits, words: p.words, from: rules) { out.append("\(name) has bit \(r), past the \(rules) rules") }
        }
        let allUnknown = ruleSet.outcomeWhenAllUnknown
        for r in 0..<rules {
            if initial[r] != allUnknown[r] { out.append("initial[\(r)] is not the rule's outcome with every fact unknown") }
            if Self.isSet(initialAgenda, r) != (initial[r] == .true) { out.append("initialAgenda bit \(r) disagrees with initial[\(r)]") }
        }

        // The rules that fired.
        guard firedCount >= 0, firedCount <= rules else { return out + ["firedCount \(firedCount) is not in 0...\(rules)"] }
        var position = [Int](repeating: -1, count: rules)
        for i in 0..<firedCount {
            let r = Int(firedOrder[i])
            guard r >= 0, r < rules else { return out + ["firedOrder[\(i)] is \(r), not a rule"] }
            if position[r] >= 0 { out.append("rule \(r) fired twice") }
            position[r] = i
            if !Self.isSet(fired, r) { out.append("rule \(r) fired but its bit in fired is clear") }
        }
        let firedBits = (0..<p.words).reduce(0) { $0 + fired[$1].nonzeroBitCount }
        if firedBits != firedCount { out.append("fired has \(firedBits) bits for \(firedCount) firings") }

        // The agenda and the outcomes, against the facts in memory.
        let view = _View(p, memory)
        for r in 0..<rules {
            let hasFired = position[r] >= 0
            if Self.isSet(agenda, r) != (!hasFired && outcomes[r] == .true) { out.append("agenda bit \(r) disagrees with outcomes[\(r)] and fired") }
            if hasFired {
                if outcomes[r] != .true { out.append("rule \(r) fired with outcome \(outcomes[r])") }
            } else {
                let root = Int(p.roots[r])
                let truth = root < 0 ? Truth.true : view.evaluate(root)
                if truth != outcomes[r] { out.append("outcomes[\(r)] is \(outcomes[r]), but the rule's condition is \(truth) over the facts in memory") }
            }
        }
        if finished {
            if Self.firstBit(agenda, words: p.words, from: 0) != nil { out.append("the agenda is not empty at the fixpoint") }
            if firedCount > firingLimit { out.append("\(firedCount) rules fired, over the limit of \(firingLimit)") }
        }

        out += recordViolations(p, finished: finished)
        out += memoryViolations(ruleSet, input: input, position: position)
        if isRecording && firingCounts.count != rules { out.append("recording, with \(firingCounts.count) firing counts for \(rules) rules") }
        return out
    }

    /// The records and the scores, replayed from the actions of the rules that fired.
    func recordViolations(_ p: _Program, finished: Bool) -> [String] {
        let counts = [contributionCount, blockCount, raisedCount]
        guard counts.allSatisfy({ $0 >= 0 && $0 <= recordCapacity }) else { return ["record counts \(counts) outside 0...\(recordCapacity)"] }
        var out: [String] = []
        // Per kind (contributions, blocks, warnings): the records the fired rules make, and the first wrong one.
        var made = [0, 0, 0], beforeLast = [0, 0, 0]
        var wrong: [Int?] = [nil, nil, nil]
        func see(_ kind: Int, _ matches: (Int) -> Bool) {
            let k = made[kind]
            if k < counts[kind] && wrong[kind] == nil && !matches(k) { wrong[kind] = k }
            made[kind] += 1
        }
        for i in 0..<firedCount {
            let r = Int32(firedOrder[i])
            if i == firedCount - 1 { beforeLast = made }
            for k in Int(p.actionStart[Int(r)])..<Int(p.actionStart[Int(r) + 1]) {
                let a = p.actions[k]
                switch a.kind {
                case .score: see(0) { contributions[$0] == .init(option: a.target, rule: r, amount: a.number) }
                case .block: see(1) { blocks[$0] == .init(option: a.target, reason: a.arg, rule: r) }
                case .warn: see(2) { raised[$0] == .init(warning: a.target, rule: r) }
                case .derive: break
                }
            }
        }
        for (kind, name) in ["contribution", "block", "warning"].enumerated() {
            let fits = finished ? counts[kind] == made[kind] : counts[kind] >= beforeLast[kind] && counts[kind] <= made[kind]
            if !fits {
                out.append("\(counts[kind]) \(name) records, where the rules that fired make \(finished ? "\(made[kind])" : "\(beforeLast[kind])...\(made[kind])")")
            } else if let k = wrong[kind] {
                out.append("\(name) record \(k) is not the action of the rule that fired")
            }
        }
        var sums = [Double](repeating: 0, count: max(1, optionCount))
        for k in 0..<contributionCount {
            let o = Int(contributions[k].option)
            guard o >= 0, o < optionCount else { out.append("contribution \(k) is to option \(o), not an option"); continue }
            sums[o] += contributions[k].amount
        }
        for o in sums.indices where !(scores[o] == sums[o] || scores[o].isNaN && sums[o].isNaN) {
            out.append("scores[\(o)] is \(scores[o]), its contributions add up to \(sums[o])")
        }
        return out
    }

    /// The facts in memory: the input's, unchanged, and the derived ones, each with its rule.
    /// (Plain loops over the pointers: this runs after every evaluation of a debug build.)
    func memoryViolations(_ ruleSet: CompiledRuleSet, input: FactBuffer?, position: [Int]) -> [String] {
        let p = ruleSet.program
        let m = memory
        var out: [String] = []
        if m.poolUsed < 0 || m.poolUsed > m.poolCapacity { out.append("the pool uses \(m.poolUsed) of \(m.poolCapacity) values") }
        let inputKnown = input?.known ?? [], inputScalars = input?.scalars ?? []
        for s in 0..<slotCount {
            let byInput = !inputKnown.isEmpty && inputKnown[s]
            let by = Int(derivedBy[s])
            guard m.known[s] <= 1, by >= -1, by < ruleCount else { out.append("slot \(s): known \(m.known[s]), derivedBy \(by)"); continue }
            if (m.known[s] != 0) != (byInput || by >= 0) {
                let why = byInput ? "the input gives it" : by >= 0 ? "rule \(by) derived it" : "neither the input nor a rule gave it"
                out.append("slot \(s) is \(m.known[s] != 0 ? "known" : "unknown"), but \(why)")
            }
            if by >= 0 && byInput { out.append("slot \(s) was given by the input and derived by rule \(by)") }
            guard m.known[s] != 0 else { continue }
            let start = Int(m.listStart[s]), count = Int(m.listCount[s])
            guard count >= 0, count == 0 || start >= 0 && start + count <= m.poolUsed else {
                out.append("slot \(s)'s list \(start)+\(count) is outside the \(m.poolUsed) values in use")
                continue
            }
            let run = m.pool + start
            if count > 1, (1..<count).contains(where: { run[$0 - 1] >= run[$0] }) { out.append("slot \(s)'s list is not strictly ascending") }
            if byInput {
                let list = input?.lists[s] ?? []
                let sameList = list.count == count && (0..<count).allSatisfy { list[$0] == run[$0] }
                if m.scalars[s].bitPattern != inputScalars[s].bitPattern || !sameList { out.append("slot \(s) no longer holds the input's value") }
            }
            guard by >= 0 else { continue }
            if position[by] < 0 { out.append("slot \(s) was derived by rule \(by), which did not fire") }
            var holds = false
            for k in Int(p.actionStart[by])..<Int(p.actionStart[by + 1]) where !holds {
                let a = p.actions[k]
                guard a.kind == .derive, Int(a.target) == s else { continue }
                if a.arg < 0 {
                    holds = m.scalars[s] == a.number || m.scalars[s].isNaN && a.number.isNaN
                } else {
                    let from = Int(p.setStart[Int(a.arg)]), size = Int(p.setStart[Int(a.arg) + 1]) - from
                    holds = size == count && (0..<count).allSatisfy { p.setValues[from + $0] == run[$0] }
                }
            }
            if !holds { out.append("slot \(s) does not hold a value rule \(by) derives for it") }
        }
        if extraStrings != (input?.extraStrings ?? []) { out.append("the extra strings are not the input's") }
        return out
    }

    /// The first bit at or after `from` set in a bitset of `words` words, if any.
    static func firstBit(_ bits: UnsafeMutablePointer<UInt64>, words: Int, from: Int) -> Int? {
        var w = from >> 6
        guard w < words else { return nil }
        var b = bits[w] & (~0 << UInt64(from & 63))
        while true {
            if b != 0 { return w << 6 + b.trailingZeroBitCount }
            w += 1
            guard w < words else { return nil }
            b = bits[w]
        }
    }
}
