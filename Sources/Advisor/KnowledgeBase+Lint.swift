import Foundation
import RulesEngine

extension KnowledgeBase {
    /// The lint findings of the knowledge base: the engine's (facts no rule reads, warnings no
    /// rule raises, ...), carriers checked against their sources more than `staleAfterDays`
    /// before `today`, and texts that nothing shows.
    public func lint(today: Date = Date(), staleAfterDays: Int = 365) -> [Diagnostic] {
        // The advisor reads the carrier itself, to give the rules that carrier's policy.
        var out = RuleSetLinter.lint(source, usedOutside: ["carrier"])
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        for id in carrierIDs {
            guard let carrier = carriers[id], let checked = formatter.date(from: carrier.checkedOn) else { continue }
            let days = Int(today.timeIntervalSince(checked) / 86_400)
            if days > staleAfterDays {
                let at = SourceLocation(file: carrier.file, line: 1, column: 1, pointer: "/carrier/checkedOn")
                out.append(Diagnostic(.staleSource, .warning, "the policy of '\(id)' was checked on \(carrier.checkedOn), \(days) day\(days == 1 ? "" : "s") ago; check it against its sources again and update 'checkedOn'", at: at))
            }
        }
        let shown = shownTextKeys()
        for key in texts.keys.sorted() where !shown(key) {
            let at = textLocations[key] ?? SourceLocation(file: "Rules", line: 1, column: 1, pointer: "/texts/" + key)
            out.append(Diagnostic(.unusedText, .warning, "nothing shows the text '\(key)'", at: at))
        }
        return out
    }

    /// Whether the advice can show the text with this key.
    func shownTextKeys() -> (String) -> Bool {
        let warnings = Set(ruleSet.warnings.map(\.id))
        let reasons = Set(source.rules.flatMap(\.actions).compactMap { a -> String? in
            if case .block(_, let reason) = a.value { return reason }
            return nil
        })
        let headings = Set(_KnowledgeSections.headings + ["understood", "why-not"])
        let severities = Set(WarningSeverity.allCases.map(\.rawValue))
        let methods = Set(methods + ["none"])
        let fields = Set(profileFields.map(\.name))
        let fixed: Set = ["closing", "why.unconfirmed", "whynot.none", "whynot.already", "label.undated", "label.official"]
        return { key in
            if fixed.contains(key) { return true }
            guard let dot = key.firstIndex(of: ".") else { return false }
            let kind = key[..<dot], name = String(key[key.index(after: dot)...])
            switch kind {
            case "warning": return warnings.contains(name)
            case "reason", "remedy": return reasons.contains(name)
            case "method", "why": return methods.contains(name)
            case "field": return fields.contains(name)
            case "heading": return headings.contains(name)
            case "severity": return severities.contains(name)
            default: return false
            }
        }
    }
}
