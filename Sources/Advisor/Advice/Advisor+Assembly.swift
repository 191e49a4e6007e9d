import RulesEngine

extension Advisor {

    func assemble(_ result: EvaluationResult, profile: Profile, facts: FactBuffer, language: Language, explain: Bool) -> Advice {
        let kb = knowledgeBase
        let carrier = profile.carrier.flatMap { kb.carriers[$0] }
        let action: String = if case .string(let a)? = result.value(of: "action") { a } else { "cancel" }
        var ranking = self.ranking(result)
        // A carrier's note on a method speaks of cancelling by it.
        if action == "cancel" { for i in ranking.indices { ranking[i].note = carrier?.notes[ranking[i].method]?[language] } }
        let best = Self.choose(ranking)
        let method = best?.method ?? "none"

        var why: [String] = []
        if let best {
            why.append(kb[.why(action: action, method: best.method)]?[language] ?? kb.text(.why(best.method), language))
            if let note = best.note { why.append(note) }
            // A method no source confirms for this carrier and action is said to be unconfirmed.
            if let fact = kb.confirmedBy[action]?[best.method], result.value(of: fact) == nil {
                why.append(kb[.whyUnconfirmed(action: action)]?[language] ?? kb.text(.whyUnconfirmed, language))
            }
        } else {
            // No method now: say what would open one. A reason without a remedy text (the
            // carrier does not offer it, the number is to be kept) cannot be fixed by the person,
            // so only methods whose every reason has a remedy are worth a word.
            why.append(kb.text(.heading(.none), language))
            var seen = Set<String>()
            for r in ranking where r.reasons.allSatisfy({ kb[.remedy($0)] != nil }) {
                for reason in r.reasons where seen.insert(reason).inserted {
                    if let remedy = kb[.remedy(reason)] { why.append(remedy[language]) }
                }
            }
        }

        let warnings = visibleWarnings(result, method: method).map { w in
            // The carrier's own text where its policy settles the general one; else the general
            // text (its variant for the method, if any) with the carrier's detail after it.
            var message = carrier?.replacements[w.id]?[language]
                ?? kb[.warning(w.id, method: method)]?[language] ?? kb.text(.warning(w.id), language)
            if carrier?.replacements[w.id] == nil, let note = carrier?.notes[w.id] { message += language.sentenceSeparator + note[language] }
            return Advice.Warning(id: w.id, severity: w.severity, message: message, rules: w.rules)
        }

        var steps: [String] = []
        if method != "none" {
            let own = action == "port-out" ? carrier?.portOutSteps[method] : carrier?.steps[method]
            let generic = action == "port-out" ? kb.genericPortOutSteps[method] : kb.genericSteps[method]
            steps = (own ?? generic ?? []).map { $0[language] }
        }

        var advice = Advice(
            id: profile.id, carrier: carrier?.id, carrierName: carrier?.name[language], language: language,
            method: method, methodName: kb.text(.method(method), language), why: why,
            ranking: ranking, warnings: warnings, steps: steps,
            missing: missing(result, profile: profile, facts: facts, language: language),
            uncertain: (carrier?.uncertainties ?? []).map { entry in
                Advice.Uncertain(field: entry.field, status: entry.certainty.rawValue, note: entry.note?[language] ?? "",
                                 sources: entry.sources.compactMap { carrier?.source($0)?.url })
            },
            policyCheckedOn: carrier?.checkedOn,
            sources: carrier.flatMap { sourceLines[$0.id]?[language] } ?? [],
            trace: explain ? result.trace : nil)
        advice.action = action
        advice.actionName = kb.text(.action(action), language)
        advice.noticeIDs = kb.notices.filter { result.value(of: $0) == .bool(true) }
        advice.notices = advice.noticeIDs.map { fill(kb.text(.notice($0), language), carrier, method, language) }
        return advice
    }

    /// A text with `{carrier}` and `{method}` filled in.
    func fill(_ text: String, _ carrier: Carrier?, _ method: String, _ language: Language) -> String {
        guard text.utf8.contains(UInt8(ascii: "{")) else { return text }
        let kb = knowledgeBase
        let name = carrier.map { $0.id == "other" ? kb.text(.yourCarrier, language) : $0.name[language] } ?? kb.text(.yourCarrier, language)
        return text.replacingOccurrences(of: "{carrier}", with: name)
            .replacingOccurrences(of: "{method}", with: kb.text(.method(method), language))
    }

    /// Adds what a question asked and said: an answer to each intent (the carrier's text where
    /// it replaces the general one, else the general text with the carrier's detail after it),
    /// the facts read with their words, the contradictions, or that nothing useful was read.
    func read(_ question: Understanding, _ result: EvaluationResult, into advice: inout Advice) {
        let kb = knowledgeBase
        let language = advice.language
        let carrier = advice.carrier.flatMap { kb.carriers[$0] }
        for intent in question.intents.map(\.id) {
            let value: String? = if case .string(let v)? = result.value(of: "answer.\(intent)") { v } else { nil }
            let keys = value.map { [TextKey.answer(intent: intent, value: $0)] } ?? TextKey.answer(intent: intent, action: advice.action, method: advice.method)
            guard let key = keys.first(where: { kb[$0] != nil }) else { continue }
            var answer = fill(kb.text(key, language), carrier, advice.method, language)
            if let own = carrier?.replacements["answer.\(intent)"] { answer = own[language] }
            else if let note = carrier?.notes["answer.\(intent)"] { answer += language.sentenceSeparator + note[language] }
            advice.answers.append(Advice.Answer(intent: intent, answer: answer))
        }
        advice.understood = question.findings.map { f in
            Advice.Understood(field: f.field, value: f.value, from: f.phrases, label: kb.label(f.field, f.value, language))
        }
        advice.unclear = question.contradictions.map { c in
            let said = c.phrases.map { "“\($0)”" }.joined(separator: language == .en ? ", " : "、")
            return Advice.Unclear(field: c.field, values: c.values, from: c.phrases,
                                  note: kb.text(.understoodUnclear, language).replacingOccurrences(of: "{phrases}", with: said))
        }
        if question.isEmpty {
            advice.understoodNothing = kb.text(.understoodNothing, language)
        }
    }
}
