import RulesEngine

/// A small change to one rule, to see whether the fixtures notice: a fixture suite that still
/// passes with a rule removed or its condition negated does not pin that rule down.
public struct Mutation: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The rule is removed.
        case removed
        /// The rule's condition is negated (`not`); a rule without a condition is skipped.
        case negated
    }

    public var rule: String
    public var kind: Kind
    public var location: SourceLocation

    public var description: String {
        "\(location): rule '\(rule)' \(kind == .removed ? "removed" : "with its condition negated")"
    }
}

extension KnowledgeBase {
    /// The same knowledge base with other rules (compiled afresh); nil when they do not compile.
    public func replacingRules(_ rules: [Rule]) -> KnowledgeBase? {
        var set = source
        set.rules = rules
        guard let compiled = RuleSetCompiler.compile(set).compiled else { return nil }
        return KnowledgeBase(
            ruleSet: compiled, carriers: carriers, texts: texts, genericSteps: genericSteps,
            genericPortOutSteps: genericPortOutSteps, confirmedBy: confirmedBy, notices: notices, askFirst: askFirst,
            profileFields: profileFields, warningScope: warningScope, lexicon: lexicon,
            diagnostics: diagnostics, source: set, textLocations: textLocations, shownTexts: shownTexts)
    }

    /// Every mutation of every rule: each removed, and each condition negated.
    public var mutations: [Mutation] {
        source.rules.flatMap { rule in
            [Mutation(rule: rule.id, kind: .removed, location: rule.location)]
                + (rule.condition == nil ? [] : [Mutation(rule: rule.id, kind: .negated, location: rule.location)])
        }
    }

    /// The knowledge base with one mutation applied.
    public func applying(_ mutation: Mutation) -> KnowledgeBase? {
        var rules = source.rules
        guard let i = rules.firstIndex(where: { $0.id == mutation.rule }) else { return nil }
        switch mutation.kind {
        case .removed: rules.remove(at: i)
        case .negated:
            guard let condition = rules[i].condition else { return nil }
            rules[i].condition = .not(condition, at: condition.location)
        }
        return replacingRules(rules)
    }
}

extension FixtureSuite {
    /// The mutations no fixture notices: with each applied, every fixture still passes.
    /// - Returns: the surviving mutations, and how many were tried.
    public func survivingMutations(of knowledgeBase: KnowledgeBase) -> (survivors: [Mutation], tried: Int) {
        var survivors: [Mutation] = []
        var tried = 0
        for mutation in knowledgeBase.mutations {
            guard let mutant = knowledgeBase.applying(mutation) else { continue }
            tried += 1
            let advisor = Advisor(mutant)
            if fixtures.allSatisfy({ FixtureSuite.run($0, with: advisor).passed }) { survivors.append(mutation) }
        }
        return (survivors, tried)
    }
}
