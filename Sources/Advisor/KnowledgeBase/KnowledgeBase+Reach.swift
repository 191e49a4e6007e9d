import RulesEngine

/// A warning a carrier's policy lets the rules raise, with the rules that can raise it.
public struct RaisableWarning: Sendable, Hashable {
    public var declaration: WarningDeclaration
    /// The ids of the rules that raise the warning and whose condition can be true.
    public var rules: [String]
}

extension KnowledgeBase {
    /// The facts a carrier settles: every policy fact (its value, or unknown where the carrier
    /// gives none or the sources do not settle it) and the carrier itself. Everything else (the
    /// profile, derived facts) is left free.
    func fixedFacts(for carrier: Carrier) -> [String: Value?] {
        let prefix = _KnowledgeSections.policyPrefix
        var fixed: [String: Value?] = [:]
        for fact in source.facts where fact.name.hasPrefix(prefix) { fixed[fact.name] = .some(nil) }
        for entry in carrier.policy { fixed[prefix + entry.field] = .some(entry.value) }
        fixed[Profile.carrierField] = .some(.string(carrier.id))
        return fixed
    }

    /// The rules that raise `warning` and whose condition can be true with `fixed` as given
    /// and every other fact free (an over-approximation: a rule left out can never raise it).
    func rulesThatCanRaise(_ warning: String, fixed: [String: Value?]) -> [Rule] {
        source.rules.filter { rule in
            rule.actions.contains { if case .warn(warning) = $0.value { true } else { false } }
                && (rule.condition?.possibleOutcomes(fixed: fixed).contains(.true) ?? true)
        }
    }

    /// The warnings some profile can get with `carrier`'s policy, most severe first (then in
    /// declaration order), each with the rules that can raise it.
    /// - Complexity: O(w × r × c) for w warnings, r rules and conditions of size c.
    public func raisableWarnings(for carrier: Carrier) -> [RaisableWarning] {
        let fixed = fixedFacts(for: carrier)
        let found = source.warnings.compactMap { declaration -> RaisableWarning? in
            let rules = rulesThatCanRaise(declaration.id, fixed: fixed).map(\.id)
            return rules.isEmpty ? nil : RaisableWarning(declaration: declaration, rules: rules)
        }
        let order = Dictionary(uniqueKeysWithValues: source.warnings.enumerated().map { ($1.id, $0) })
        return found.sorted {
            ($0.declaration.severity.rank, order[$0.declaration.id] ?? 0) < ($1.declaration.severity.rank, order[$1.declaration.id] ?? 0)
        }
    }
}
