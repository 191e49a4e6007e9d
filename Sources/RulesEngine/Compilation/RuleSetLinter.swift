/// Checks a valid rule set for what is declared but cannot matter: facts no rule reads, derived
/// facts no rule derives, options no rule scores or blocks, warnings no rule raises.
///
/// These are warnings, not errors: the rule set still compiles and evaluates. Compilation does
/// not run them (a rule set may declare facts for its callers); `lint` does.
public enum RuleSetLinter {
    /// The lint findings of `set`, in declaration order.
    /// - Parameter usedOutside: facts the caller itself reads, which need no rule to read them.
    public static func lint(_ set: RuleSet, usedOutside: Set<String> = []) -> [Diagnostic] {
        var read = usedOutside, derived = Set<String>(), options = Set<String>(), raised = Set<String>()
        for rule in set.rules {
            read.formUnion(rule.condition?.facts ?? [])
            for action in rule.actions {
                switch action.value {
                case .derive(let fact, _): derived.insert(fact)
                case .score(let option, _), .block(let option, _): options.insert(option)
                case .warn(let id): raised.insert(id)
                }
            }
        }
        var out: [Diagnostic] = []
        for fact in set.facts {
            if fact.isInput && !read.contains(fact.name) {
                out.append(Diagnostic(.unusedFact, .warning, "no rule reads the input fact '\(fact.name)'", at: fact.location))
            }
            if !fact.isInput && read.contains(fact.name) && !derived.contains(fact.name) {
                out.append(Diagnostic(.neverDerived, .warning, "rules read '\(fact.name)', but no rule derives it and no input gives it, so it is never known", at: fact.location))
            }
        }
        for option in set.options where !options.contains(option.name) {
            out.append(Diagnostic(.unusedOption, .warning, "no rule scores or blocks the option '\(option.name)'", at: option.location))
        }
        for warning in set.warnings where !raised.contains(warning.id) {
            out.append(Diagnostic(.unraisedWarning, .warning, "no rule raises the warning '\(warning.id)'", at: warning.location))
        }
        return out + neverFalse(set, derived: derivedValues(set)) + reachability(set)
    }

    /// The values rules derive for each derived fact.
    static func derivedValues(_ set: RuleSet) -> [String: Set<Value>] {
        var out: [String: Set<Value>] = [:]
        for rule in set.rules {
            for action in rule.actions {
                if case .derive(let fact, let value) = action.value { out[fact, default: []].insert(value) }
            }
        }
        return out
    }

    /// Comparisons `fact == value` on a derived fact that rules only ever derive `value` for:
    /// the part is true or unknown, never false, so `not` over it never holds and no fixture can
    /// see it false; `known` says the same and can be false.
    static func neverFalse(_ set: RuleSet, derived: [String: Set<Value>]) -> [Diagnostic] {
        let inputs = Set(set.facts.filter(\.isInput).map(\.name))
        var out: [Diagnostic] = []
        for rule in set.rules {
            for c in rule.condition?.comparisons ?? [] {
                guard c.op == .equal, case .value(let v) = c.operand, !inputs.contains(c.fact), derived[c.fact] == [v] else { continue }
                out.append(Diagnostic(.neverFalse, .warning, "'\(c.fact) == \(v)' is never false: the rules only ever derive \(v) for '\(c.fact)', so it is \(v) or unknown; test '\(c.fact)' with 'known' instead", at: c.location, rule: rule.id))
            }
        }
        return out
    }
}
