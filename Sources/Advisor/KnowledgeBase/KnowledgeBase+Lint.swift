import Foundation
import RulesEngine

extension KnowledgeBase {
    /// The lint findings of the knowledge base: the engine's (facts no rule reads, warnings no
    /// rule raises, ...), carriers checked against their sources more than `staleAfterDays`
    /// before `today`, and texts that nothing shows.
    public func lint(today: Date = Date(), staleAfterDays: Int = 365) -> [Diagnostic] {
        // The advisor reads the carrier itself, to give the rules that carrier's policy.
        var out = RuleSetLinter.lint(source, usedOutside: [Profile.carrierField])
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        for id in carrierIDs {
            guard let carrier = carriers[id], let checked = formatter.date(from: carrier.checkedOn) else { continue }
            let days = Int(today.timeIntervalSince(checked) / 86_400)
            if days > staleAfterDays {
                let at = carrier.place("/carrier/checkedOn")
                out.append(Diagnostic(.staleSource, .warning, "the policy of '\(id)' was checked on \(carrier.checkedOn), \(days) day\(days == 1 ? "" : "s") ago; check it against its sources again and update 'checkedOn'", at: at))
            }
        }
        out += unreachableNotes()
        out += uncertaintiesTakenAsCertain()
        for key in texts.keys.sorted() where !shownTexts.contains(key) {
            let at = textLocations[key] ?? SourceLocation(file: "Rules", line: 1, column: 1, pointer: "/texts/" + key)
            out.append(Diagnostic(.unusedText, .warning, "nothing shows the text '\(key)'", at: at))
        }
        return out
    }

    /// Rules that rank as if an uncertain policy field had a value: the field stays unknown for
    /// a carrier whose sources do not confirm it, and a rule that scores a method on "unknown or
    /// this value" favours it on a guess. (Deriving, blocking and warning on "unknown" are how
    /// the rules handle an uncertainty: an "unknown" answer, the port-out, a block until it is
    /// confirmed, a warning to confirm it; those are not reported.)
    func uncertaintiesTakenAsCertain() -> [Diagnostic] {
        let prefix = _KnowledgeSections.policyPrefix
        var uncertainFor: [String: [String]] = [:]
        for id in carrierIDs {
            for entry in carriers[id]?.uncertainties ?? [] { uncertainFor[prefix + entry.field, default: []].append(id) }
        }
        var out: [Diagnostic] = []
        for rule in source.rules {
            let decides = rule.actions.contains { action in
                switch action.value {
                case .score: true
                case .derive, .block, .warn: false
                }
            }
            guard decides else { continue }
            for fact in Set(rule.condition?.facts ?? []).sorted() {
                guard let ids = uncertainFor[fact], let value = RuleSetLinter.unknownTreatedAsValue(rule, fact: fact, in: source) else { continue }
                out.append(Diagnostic(.uncertainAsCertain, .warning, "the rule '\(rule.id)' treats an unknown '\(fact)' as \(value), but the field is uncertain for \(ids.map { "'\($0)'" }.joined(separator: ", ")): its score would rank a method on an unconfirmed policy", at: rule.location, rule: rule.id))
            }
        }
        return out
    }

    /// Carrier notes no profile can ever show: a note on a warning no rule can raise with the
    /// carrier's policy (a note on a method is shown with it, blocked or not). Found from the
    /// rules' conditions with the policy fixed and every other fact free.
    func unreachableNotes() -> [Diagnostic] {
        var out: [Diagnostic] = []
        for id in carrierIDs {
            guard let carrier = carriers[id] else { continue }
            let fixed = fixedFacts(for: carrier)
            let keys = Set(carrier.notes.keys).union(carrier.replacements.keys).sorted()
            // A note on a method or an answer is not a warning's: it is shown with it.
            for key in keys where source.warnings.contains(where: { $0.id == key }) {
                if rulesThatCanRaise(key, fixed: fixed).isEmpty {
                    let at = carrier.place("/carrier/notes/" + key)
                    out.append(Diagnostic(.unreachableNote, .warning, "the note '\(key)' of '\(id)' can never be shown: with this carrier's policy no rule can raise this warning", at: at))
                }
            }
        }
        return out
    }
}
