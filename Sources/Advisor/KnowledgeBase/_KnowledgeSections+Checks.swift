import RulesEngine

extension _KnowledgeSections {

    /// The reasons the rules' `block` actions give.
    var blockReasons: [String] {
        Set(ruleSet.rules.flatMap(\.actions).compactMap { a -> String? in
            if case .block(_, let reason) = a.value { return reason }
            return nil
        }).sorted()
    }

    /// The texts the advice needs: loading fails without any of them.
    var requiredTexts: [String] {
        var required = warningIDs.map { "warning.\($0)" }
        required += optionNames.flatMap { ["method.\($0)", "why.\($0)"] } + ["method.none"]
        required += (Self.headings + ["understood", "why-not"]).map { "heading.\($0)" }
        required += WarningSeverity.allCases.map { "severity.\($0.rawValue)" }
        required += ["label.undated", "label.official", "label.your-carrier", "why.unconfirmed", "closing", "whynot.none", "whynot.already", "understood.nothing", "understood.unclear"]
        required += actions.map { "action.\($0)" }
        required += ["bool", "number", "list", "name", "choice", "carrier", "carrier-nearest"].map { "hint.\($0)" }
        // Number and list fields are shown by a label when read from a question.
        required += ruleSet.facts.filter { $0.isInput && !$0.name.hasPrefix(Self.policyPrefix) && ($0.type == .number || $0.type == .list) }.map { "field.\($0.name)" }
        return required + blockReasons.map { "reason.\($0)" }
    }

    /// The values of the derived fact `action` (`cancel`, `port-out`).
    var actions: [String] { facts["action"].flatMap(Self.values(of:)) ?? [] }

    /// The answer texts the intents need: for an intent with a derived fact `answer.<intent>`,
    /// one per value; for another, one for each action and method (or none), found as
    /// `answer.<intent>.<action>.<method>`, `answer.<intent>.<method>` or `answer.<intent>.always`.
    var answerTexts: [String] {
        var keys: [String] = []
        for intent in KnowledgeBase.intents {
            if let fact = facts["answer.\(intent)"], let values = Self.values(of: fact) {
                keys += values.map { "answer.\(intent).\($0)" }
                continue
            }
            for action in actions {
                for method in optionNames + ["none"] {
                    let chain = KnowledgeBase.answerKeys(intent: intent, value: nil, action: action, method: method)
                    if !chain.contains(where: { texts[$0] != nil }) { keys.append(chain[0]) }
                }
            }
        }
        return keys
    }

    /// Every text the advice can show: the required ones and the remedies of block reasons.
    var shownTexts: Set<String> {
        var shown = Set(requiredTexts + blockReasons.map { "remedy.\($0)" } + answerTexts + notices)
        // The variants the output looks for: by action or method, every intent's answer chain,
        // a rule's description for the trace, a field's name for a why-not change.
        let methods = optionNames + ["none"]
        for w in warningIDs { for m in methods { shown.insert("warning.\(w).\(m)") } }
        for a in actions {
            shown.insert("why.unconfirmed.\(a)")
            for m in methods {
                shown.insert("why.\(a).\(m)")
                for intent in KnowledgeBase.intents { shown.formUnion(KnowledgeBase.answerKeys(intent: intent, value: nil, action: a, method: m)) }
            }
        }
        for rule in ruleSet.rules { shown.insert("rule.\(rule.id)") }
        for f in ruleSet.facts where f.isInput { shown.insert("field.\(f.name)") }
        return shown
    }

    /// Checks that everything the rules and the output need exists, and returns all diagnostics.
    mutating func finish() -> [Diagnostic] {
        let at = firstSection ?? SourceLocation(file: "Rules", line: 1, column: 1, pointer: "")
        func missing(_ what: String) {
            diagnostics.append(Diagnostic(.missingKey, .error, what, at: at))
        }
        buildLexicon()
        for intent in KnowledgeBase.intents where !intentsRead.contains(intent) { missing("the intent '\(intent)' has no cues (section 'intents')") }
        for key in answerTexts where texts[key] == nil { missing("the knowledge base lacks the answer text '\(key)' (section 'texts')") }
        for option in optionNames where portOutSteps[option] == nil { missing("the knowledge base lacks generic port-out steps for '\(option)' (section 'portOutSteps')") }
        for notice in notices where texts[notice] == nil { missing("the knowledge base lacks the text of the notice '\(notice)'") }
        for key in requiredTexts where texts[key] == nil { missing("the knowledge base lacks the text '\(key)' (section 'texts')") }
        for (id, at) in lexiconCarriers where carriers[id] == nil {
            diagnostics.append(Diagnostic(.invalidValue, .error, "the lexicon names the carrier '\(id)', which has no file in Rules/carriers\(Suggestion.hint(for: id, in: carriers.keys))", at: at))
        }
        for option in optionNames where steps[option] == nil { missing("the knowledge base lacks generic steps for '\(option)' (section 'steps')") }
        if carriers["other"] == nil { missing("the knowledge base lacks the carrier 'other' (Rules/carriers/other.json), used for an unknown carrier") }
        let inputs = ruleSet.facts.filter { $0.isInput && !$0.name.hasPrefix(Self.policyPrefix) }.map(\.name)
        for name in inputs where !profileFields.contains(where: { $0.name == name }) {
            missing("the profile field '\(name)' has no question (section 'profile')")
        }
        return diagnostics
    }
}
