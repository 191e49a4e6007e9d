/// The invariants of a compiled rule set, on top of those of its flat ``_Program``:
///
/// - **Counts.** `rules`, `roots`, `outcomeWhenAllUnknown` have one entry per rule and
///   `actionStart` one more; `readers` one per fact; `nodeParts` one per node; the program was
///   made for these counts.
/// - **Priority.** `rules` are sorted by salience, highest first, then by id in ascending
///   order, and no id appears twice: the agenda fires the lowest-numbered rule it holds.
/// - **Names.** `slotByName` maps each fact's name to its index and nothing else; `symbols` and
///   `symbolByString` are inverse to each other.
/// - **The copy.** The program's nodes, roots, constant sets, actions and readers are exactly
///   the arrays of the same name; its slot count is the number of facts.
/// - **The start.** `outcomeWhenAllUnknown[r]` is rule r's outcome when every fact is unknown
///   (true without a condition): the evaluator starts from it and re-examines only rules that
///   read a known fact.
/// - **Coverage.** Each node's part names the rule whose condition holds the node.
extension CompiledRuleSet {
    /// Traps when the rule set breaks one of its invariants. Debug builds only: in a release
    /// build this does nothing and costs nothing. Run for every compiled rule set.
    @inline(__always)
    func checkInvariants() {
        #if DEBUG
        let violations = invariantViolations()
        precondition(violations.isEmpty, "the compiled rule set breaks its invariants: " + violations.joined(separator: "; "))
        #endif
    }

    /// Every way the rule set breaks its invariants (see above, and ``_Program``), one sentence
    /// each; empty when it keeps them all. - Complexity: linear in the size of the rule set.
    func invariantViolations() -> [String] {
        let p = program
        let r = rules.count
        guard roots.count == r, outcomeWhenAllUnknown.count == r, actionStart.count == r + 1, p.ruleCount == r,
              readers.count == facts.count, p.slotCount == facts.count, p.nodeCount == nodes.count,
              p.setCount == constantSets.count, p.actionCount == actions.count else {
            return ["the counts of rules, facts, nodes, sets and actions disagree between the arrays and the program"]
        }
        var out: [String] = []
        if nodeParts.count != nodes.count { out.append("\(nodeParts.count) coverage parts for \(nodes.count) nodes") }
        for i in rules.indices.dropFirst() {
            let a = rules[i - 1], b = rules[i]
            if !(a.salience > b.salience || a.salience == b.salience && a.id < b.id) {
                out.append("rule \(i - 1) ('\(a.id)') is not before rule \(i) ('\(b.id)') in priority")
            }
        }
        if slotByName.count != facts.count || facts.indices.contains(where: { slotByName[facts[$0].name] != $0 }) {
            out.append("slotByName does not map each fact's name to its slot")
        }
        if symbolByString.count != symbols.count || symbols.indices.contains(where: { symbolByString[symbols[$0]] != Int32($0) }) {
            out.append("symbols and symbolByString are not inverse")
        }
        out += copyViolations()
        let declarations = _Declarations(facts: facts, optionCount: options.count, warningCount: warnings.count,
                                         reasonCount: reasons.count, symbolCount: symbols.count)
        out += p.invariantViolations(declarations)
        // Only on a well-formed program: the rest walks its nodes.
        guard out.isEmpty else { return out }
        for (rule, root) in roots.enumerated() {
            let expected = root < 0 ? Truth.true : Self.truthWithEveryFactUnknown(nodes, Int(root))
            if outcomeWhenAllUnknown[rule] != expected {
                out.append("rule \(rule)'s outcome with every fact unknown is \(expected), not \(outcomeWhenAllUnknown[rule])")
            }
            if root >= 0 && !nodeParts.isEmpty && nodeParts[Int(root)..<Int(nodes[Int(root)].end)].contains(where: { $0.rule != rules[rule].id }) {
                out.append("a coverage part of rule \(rule)'s condition names another rule")
            }
        }
        return out
    }

    /// The program against the arrays it was copied from.
    func copyViolations() -> [String] {
        let p = program
        var out: [String] = []
        func same(_ a: _Node, _ b: _Node) -> Bool {
            a.op == b.op && a.slot == b.slot && a.arg == b.arg && a.end == b.end && a.number.bitPattern == b.number.bitPattern
        }
        if let i = nodes.indices.first(where: { !same(nodes[$0], p.nodes[$0]) }) { out.append("the program's node \(i) is not the compiled node") }
        if let i = roots.indices.first(where: { roots[$0] != p.roots[$0] }) { out.append("the program's root \(i) is not the compiled root") }
        if let i = actionStart.indices.first(where: { actionStart[$0] != p.actionStart[$0] }) { out.append("the program's actionStart[\(i)] differs") }
        if let i = actions.indices.first(where: { a in
            let b = p.actions[a]
            return actions[a].kind != b.kind || actions[a].target != b.target || actions[a].arg != b.arg || actions[a].number.bitPattern != b.number.bitPattern
        }) { out.append("the program's action \(i) is not the compiled action") }
        var start = 0
        for (k, set) in constantSets.enumerated() {
            if Int(p.setStart[k]) != start || Int(p.setStart[k + 1]) != start + set.count
                || set.indices.contains(where: { p.setValues[start + $0].bitPattern != set[$0].bitPattern }) {
                out.append("the program's constant set \(k) is not the compiled set")
            }
            start += set.count
        }
        var at = 0
        for (s, list) in readers.enumerated() {
            if Int(p.readerStart[s]) != at || Int(p.readerStart[s + 1]) != at + list.count
                || list.indices.contains(where: { p.readerRules[at + $0] != list[$0] }) {
                out.append("the program's readers of slot \(s) are not the compiled readers")
            }
            at += list.count
        }
        return out
    }

    /// The truth of the condition at `index` when no fact has a value, by Kleene's logic:
    /// `known` is false, `unknown` true, every other comparison unknown.
    static func truthWithEveryFactUnknown(_ nodes: [_Node], _ index: Int) -> Truth {
        let node = nodes[index]
        switch node.op {
        case .known: return .false
        case .unknown: return .true
        case .not:
            let t = truthWithEveryFactUnknown(nodes, index + 1)
            return t == .unknown ? .unknown : t == .true ? .false : .true
        case .all, .any:
            let isAll = node.op == .all
            var sawUnknown = false
            var child = index + 1
            while child < Int(node.end) {
                let t = truthWithEveryFactUnknown(nodes, child)
                if t == (isAll ? .false : .true) { return t }
                if t == .unknown { sawUnknown = true }
                child = Int(nodes[child].end)
            }
            return sawUnknown ? .unknown : isAll ? .true : .false
        default:
            return .unknown
        }
    }
}
