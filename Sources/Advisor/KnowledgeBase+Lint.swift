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
        for key in texts.keys.sorted() where !shownTexts.contains(key) {
            let at = textLocations[key] ?? SourceLocation(file: "Rules", line: 1, column: 1, pointer: "/texts/" + key)
            out.append(Diagnostic(.unusedText, .warning, "nothing shows the text '\(key)'", at: at))
        }
        return out
    }
}
