import Foundation

extension Advice {
    /// The advice as text for a person to read, in the advice's language.
    /// - Parameter knowledgeBase: the texts of headings, reasons and severities.
    public func text(_ knowledgeBase: KnowledgeBase) -> String {
        let kb = knowledgeBase
        let lang = language
        func heading(_ key: String) -> String { kb.text("heading.\(key)", lang) }
        // A heading and what follows it: "Steps:" in English, "办理步骤：" in Chinese and Japanese.
        func label(_ key: String) -> String { heading(key) + lang.colon }
        func section(_ key: String) -> String { label(key).trimmingCharacters(in: .whitespaces) }
        var out = ""
        func line(_ s: String = "") { out += s + "\n" }

        let title = label("method") + methodName
        line(carrierName.map { "\($0) — \(title)" } ?? title)
        line()
        line(section("why"))
        for w in why { line("  " + w) }
        if !steps.isEmpty {
            line()
            line(section("steps"))
            for (i, s) in steps.enumerated() { line("  \(i + 1). \(s)") }
        }
        if !warnings.isEmpty {
            line()
            line(section("warnings"))
            for w in warnings { line("  [\(kb.text("severity.\(w.severity.rawValue)", lang))] \(w.message)") }
        }
        let blocked = ranking.filter(\.blocked)
        if !blocked.isEmpty {
            line()
            line(section("blocked"))
            for r in blocked {
                let reasons = r.reasons.map { kb.text("reason.\($0)", lang) }.joined(separator: lang.sentenceSeparator)
                line("  - " + kb.text("method.\(r.method)", lang) + lang.colon + reasons + (r.note.map { lang.sentenceSeparator + $0 } ?? ""))
            }
        }
        if !uncertain.isEmpty {
            line()
            line(section("uncertain"))
            for u in uncertain { line("  - \(u.note)") }
        }
        if !missing.isEmpty {
            line()
            line(section("missing"))
            for m in missing { line("  - \(m.question)") }
        }
        if let policyCheckedOn {
            line()
            line(label("policy-checked") + policyCheckedOn)
        }
        if !sources.isEmpty {
            line(section("sources"))
            for s in sources { line("  - \(s)") }
        }
        if let whyNot {
            line()
            line(kb.text("method.\(whyNot.method)", lang) + " — " + heading("why-not") + lang.colon.trimmingCharacters(in: .whitespaces))
            if whyNot.method == method {
                line("  " + kb.text("whynot.already", lang))
            } else if whyNot.labels.isEmpty {
                line("  " + kb.text("whynot.none", lang))
            }
            for alternative in whyNot.labels { line("  - " + alternative.joined(separator: " + ")) }
        }
        line()
        line(kb.text("closing", lang))
        if let trace {
            line()
            line(section("trace"))
            for (i, step) in trace.enumerated() {
                let derived = step.derived.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }
                line("  \(i + 1). \(step.rule): \(step.description)" + (derived.isEmpty ? "" : " → " + derived.joined(separator: ", ")))
            }
            line("  " + label("ranking") + ranking.map { r in
                "\(r.method) \(Self.format(r.score))\(r.blocked ? " (" + r.reasons.joined(separator: ", ") + ")" : "")"
            }.joined(separator: "; "))
        }
        return out
    }

    static func format(_ n: Double) -> String {
        n.rounded() == n && abs(n) < 1e15 ? String(Int64(n)) : "\(n)"
    }
}
