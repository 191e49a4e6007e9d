@testable import RulesEngine

/// Shrinking a mismatching case and describing it.
extension DifferentialTests {
    /// The smallest case found, by greedy steps that each keep the mismatch: dropping inputs,
    /// rules, actions and input facts, lifting a part of a condition in place of the whole,
    /// and dropping the firing limit. At most `budget` cases are tried.
    static func shrink(_ start: DifferentialCase, budget: Int = 400) -> DifferentialCase {
        var best = start
        var tries = 0
        var shrinking = true
        while shrinking && tries < budget {
            shrinking = false
            for candidate in smaller(best) {
                tries += 1
                if mismatch(candidate) != nil {
                    best = candidate
                    shrinking = true
                    break
                }
                if tries >= budget { break }
            }
        }
        return best
    }

    static func smaller(_ c: DifferentialCase) -> [DifferentialCase] {
        var out: [DifferentialCase] = []
        func with(_ change: (inout DifferentialCase) -> Void) {
            var d = c
            change(&d)
            out.append(d)
        }
        if c.inputs.count > 1 { for k in c.inputs.indices { with { $0.inputs.remove(at: k) } } }
        for r in c.set.rules.indices { with { $0.set.rules.remove(at: r) } }
        if c.firingLimit != nil { with { $0.firingLimit = nil } }
        for (r, rule) in c.set.rules.enumerated() {
            for a in rule.actions.indices { with { $0.set.rules[r].actions.remove(at: a) } }
            if let condition = rule.condition {
                with { $0.set.rules[r].condition = nil }
                for simpler in simpler(condition) { with { $0.set.rules[r].condition = simpler } }
            }
            if rule.salience != 0 { with { $0.set.rules[r].salience = 0 } }
        }
        for (k, input) in c.inputs.enumerated() {
            for name in input.keys.sorted() { with { $0.inputs[k][name] = nil } }
        }
        return out
    }

    /// Conditions one step simpler: a part in place of the whole, or one part fewer.
    static func simpler(_ condition: Condition) -> [Condition] {
        switch condition {
        case .compare: return []
        case .not(let part, let at): return [part] + simpler(part).map { .not($0, at: at) }
        case .all(let parts, let at), .any(let parts, let at):
            let make: ([Condition]) -> Condition = { if case .all = condition { .all($0, at: at) } else { .any($0, at: at) } }
            var out = parts
            for i in parts.indices {
                var fewer = parts
                fewer.remove(at: i)
                out.append(make(fewer))
                for s in simpler(parts[i]) {
                    var changed = parts
                    changed[i] = s
                    out.append(make(changed))
                }
            }
            return out
        }
    }

    /// The failure message: the seed, the case as short text, and where engine and reference part.
    static func report(_ c: DifferentialCase) -> String {
        """
        The evaluator and the reference interpreter disagree; seed \(c.seed) \
        (DifferentialTests.reproduce(seed: \(c.seed)) runs it alone; the case below is shrunk).
        \(describe(c))
        \(mismatch(c) ?? "(the shrunk case no longer differs)")
        """
    }

    static func describe(_ c: DifferentialCase) -> String {
        var lines: [String] = []
        lines.append("facts: " + c.set.facts.map { "\($0.name): \($0.type)\($0.isInput ? " (input)" : "")" }.joined(separator: ", "))
        lines.append("options: " + c.set.options.map(\.name).joined(separator: ", ")
            + "; warnings: " + c.set.warnings.map { "\($0.id) (\($0.severity))" }.joined(separator: ", "))
        lines.append("rules:")
        for rule in c.set.rules {
            let when = rule.condition.map(describe) ?? "always"
            let then = rule.actions.map { describe($0.value) }.joined(separator: ", ")
            lines.append("  \(rule.id) (salience \(rule.salience)): when \(when) then \(then.isEmpty ? "nothing" : then)")
        }
        if let limit = c.firingLimit { lines.append("firing limit: \(limit)") }
        lines.append("inputs, in order, to one evaluator:")
        for (k, input) in c.inputs.enumerated() {
            let given = input.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: ", ")
            lines.append("  #\(k): \(given.isEmpty ? "(nothing known)" : given)")
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ condition: Condition) -> String {
        switch condition {
        case .all(let parts, _): "all(" + parts.map(describe).joined(separator: ", ") + ")"
        case .any(let parts, _): "any(" + parts.map(describe).joined(separator: ", ") + ")"
        case .not(let part, _): "not(" + describe(part) + ")"
        case .compare(let c):
            switch c.operand {
            case .none: "\(c.fact) \(c.op.rawValue)"
            case .value(let v): "\(c.fact) \(c.op.rawValue) \(v)"
            case .fact(let other): "\(c.fact) \(c.op.rawValue) valueOf \(other)"
            }
        }
    }

    static func describe(_ action: Action) -> String {
        switch action {
        case .derive(let fact, let value): "derive \(fact) = \(value)"
        case .score(let option, let amount): "score \(option) \(amount >= 0 ? "+" : "")\(amount)"
        case .block(let option, let reason): "block \(option) (\(reason))"
        case .warn(let id): "warn \(id)"
        }
    }
}
