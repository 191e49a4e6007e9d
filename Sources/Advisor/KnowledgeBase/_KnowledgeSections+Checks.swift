import RulesEngine

extension _KnowledgeSections {

    /// The reasons the rules' `block` actions give.
    var blockReasons: [String] {
        Set(ruleSet.rules.flatMap(\.actions).compactMap { a -> String? in
            if case .block(_, let reason) = a.value { return reason }
            return nil
        }).sorted()
    }

    /// The required texts of a loaded knowledge base (for tests).
    static func requiredKeys(of kb: KnowledgeBase) -> [TextKey] {
        var sections = _KnowledgeSections(ruleSet: kb.source)
        sections.texts = kb.texts
        return sections.requiredTexts
    }

    /// The texts the advice needs: loading fails without any of them.
    var requiredTexts: [TextKey] {
        // Number and list fields are shown by a label when read from a question.
        let shownFields = ruleSet.facts.filter { $0.isInput && !$0.name.hasPrefix(Self.policyPrefix) && ($0.type == .number || $0.type == .list) }.map(\.name)
        return TextKey.required(warnings: warningIDs, methods: optionNames, actions: actions, shownFields: shownFields, reasons: blockReasons)
    }

    /// The values of the derived fact `action` (`cancel`, `port-out`).
    var actions: [String] { facts["action"].flatMap(Self.values(of:)) ?? [] }

    /// The answer texts the intents need: for an intent with a derived fact `answer.<intent>`,
    /// one per value; for another, one for each action and method (or none), found as
    /// `answer.<intent>.<action>.<method>`, `answer.<intent>.<method>` or `answer.<intent>.always`.
    var answerTexts: [TextKey] {
        var keys: [TextKey] = []
        for intent in KnowledgeBase.intents {
            if let fact = facts["answer.\(intent)"], let values = Self.values(of: fact) {
                keys += values.map { TextKey.answer(intent: intent, value: $0) }
                continue
            }
            for action in actions {
                for method in optionNames + ["none"] {
                    let chain = TextKey.answer(intent: intent, action: action, method: method)
                    if !chain.contains(where: { texts[$0.rawValue] != nil }) { keys.append(chain[0]) }
                }
            }
        }
        return keys
    }

    /// Every text the advice can show: the required ones, the remedies of block reasons, and
    /// the variants the output looks for (by action or method, every intent's answer chain, a
    /// rule's description for the trace, a field's name for a why-not change).
    var shownTexts: Set<String> {
        var shown = Set(requiredTexts + blockReasons.map(TextKey.remedy) + answerTexts + notices.map(TextKey.notice))
        let methods = optionNames + ["none"]
        for w in warningIDs { for m in methods { shown.insert(.warning(w, method: m)) } }
        for a in actions {
            shown.insert(.whyUnconfirmed(action: a))
            for m in methods {
                shown.insert(.why(action: a, method: m))
                for intent in KnowledgeBase.intents { shown.formUnion(TextKey.answer(intent: intent, action: a, method: m)) }
            }
        }
        for rule in ruleSet.rules { shown.insert(.rule(rule.id)) }
        for f in ruleSet.facts where f.isInput { shown.insert(.field(f.name)) }
        return Set(shown.map(\.rawValue))
    }

    /// The cross-checks made once every section is read, each a small check of one kind of
    /// thing the output needs; each returns a sentence for every thing missing.
    static let checks: [@Sendable (_KnowledgeSections) -> [String]] = [
        { k in KnowledgeBase.intents.filter { !k.intentsRead.contains($0) }.map { "the intent '\($0)' has no cues (section 'intents')" } },
        { k in k.answerTexts.filter { k.texts[$0.rawValue] == nil }.map { "the knowledge base lacks the answer text '\($0)' (section 'texts')" } },
        { k in k.optionNames.filter { k.portOutSteps[$0] == nil }.map { "the knowledge base lacks generic port-out steps for '\($0)' (section 'portOutSteps')" } },
        { k in k.notices.filter { k.texts[$0] == nil }.map { "the knowledge base lacks the text of the notice '\($0)'" } },
        { k in k.requiredTexts.filter { k.texts[$0.rawValue] == nil }.map { "the knowledge base lacks the text '\($0)' (section 'texts')" } },
        { k in k.optionNames.filter { k.steps[$0] == nil }.map { "the knowledge base lacks generic steps for '\($0)' (section 'steps')" } },
        { k in k.carriers["other"] == nil ? ["the knowledge base lacks the carrier 'other' (Rules/carriers/other.json), used for an unknown carrier"] : [] },
        { k in
            k.ruleSet.facts.filter { $0.isInput && !$0.name.hasPrefix(Self.policyPrefix) }.map(\.name)
                .filter { name in !k.profileFields.contains { $0.name == name } }
                .map { "the profile field '\($0)' has no question (section 'profile')" }
        },
    ]

    /// Builds the lexicon, runs every cross-check, and returns all diagnostics.
    mutating func finish() -> [Diagnostic] {
        let at = firstSection ?? SourceLocation(file: root, line: 1, column: 1, pointer: "")
        buildLexicon()
        for check in Self.checks {
            for what in check(self) { diagnostics.append(Diagnostic(.missingKey, .error, what, at: at)) }
        }
        // A carrier whose file is there but could not be read is not reported again here: the
        // file's own errors say why.
        for (id, at) in lexiconCarriers where carriers[id] == nil && !carrierFiles.contains(id) {
            diagnostics.append(Diagnostic(.invalidValue, .error, "the lexicon names the carrier '\(id)', which has no file in Rules/carriers\(Suggestion.hint(for: id, in: carriers.keys))", at: at))
        }
        return diagnostics
    }
}
