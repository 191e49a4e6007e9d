import Foundation

extension Advice {
    /// The advice as text for a person to read, in the advice's language.
    /// - Parameter knowledgeBase: the texts of headings, reasons and severities.
    public func text(_ knowledgeBase: KnowledgeBase) -> String {
        let kb = knowledgeBase
        let lang = language
        func heading(_ key: TextKey.Heading) -> String { kb.text(.heading(key), lang) }
        // A heading and what follows it: "Steps:" in English, "办理步骤：" in Chinese and Japanese.
        func label(_ key: TextKey.Heading) -> String { heading(key) + lang.colon }
        func section(_ key: TextKey.Heading) -> String { label(key).trimmingCharacters(in: .whitespaces) }
        var out = ""
        func line(_ s: String = "") { out += s + "\n" }

        // What the question said, then the answers to what it asked, then the plan.
        if let understood {
            if let understoodNothing {
                line(understoodNothing)
                line()
            } else if !understood.isEmpty || !unclear.isEmpty {
                if !understood.isEmpty {
                    line(label(.understood) + understood.map(\.label).joined(separator: lang == .en ? "; " : "；"))
                }
                for u in unclear { line(u.note) }
                line()
            }
        }
        for a in answers { line(a.answer) }
        if !answers.isEmpty { line() }
        let title = label(.method) + (action == "cancel" ? methodName : actionName + " — " + methodName)
        line(carrierName.map { "\($0) — \(title)" } ?? title)
        for n in notices { line(n) }
        line()
        line(section(.why))
        for w in why { line("  " + w) }
        if !steps.isEmpty {
            line()
            line(section(.steps))
            for (i, s) in steps.enumerated() { line("  \(i + 1). \(s)") }
        }
        if !warnings.isEmpty {
            line()
            line(section(.warnings))
            for w in warnings { line("  [\(kb.text(.severity(w.severity), lang))] \(w.message)") }
        }
        let blocked = ranking.filter(\.blocked)
        if !blocked.isEmpty {
            line()
            line(section(.blocked))
            for r in blocked {
                let reasons = r.reasons.map { kb.text(.reason($0), lang) }.joined(separator: lang.sentenceSeparator)
                line("  - " + kb.text(.method(r.method), lang) + lang.colon + reasons + (r.note.map { lang.sentenceSeparator + $0 } ?? ""))
            }
        }
        if !uncertain.isEmpty {
            line()
            line(section(.uncertain))
            for u in uncertain { line("  - \(u.note)") }
        }
        if !missing.isEmpty {
            line()
            line(section(.missing))
            for m in missing { line("  - \(m.question)") }
        }
        if let policyCheckedOn {
            line()
            line(label(.policyChecked) + policyCheckedOn)
        }
        if !sources.isEmpty {
            line(section(.sources))
            for s in sources { line("  - \(s)") }
        }
        if let whyNot {
            line()
            // One statement only: already the advice, no small change makes it so, or the changes.
            let name = kb.text(.method(whyNot.method), lang)
            if whyNot.method == method {
                line(name + " — " + kb.text(.whyNotAlready, lang))
            } else if whyNot.labels.isEmpty {
                line(name + " — " + kb.text(.whyNotNone, lang))
            } else {
                line(name + " — " + heading(.whyNot) + lang.colon.trimmingCharacters(in: .whitespaces))
                for alternative in whyNot.labels { line("  - " + alternative.joined(separator: lang == .en ? "; " : "；")) }
            }
        }
        line()
        line(kb.text(.closing, lang))
        if let trace {
            line()
            line(section(.trace))
            for (i, step) in trace.enumerated() {
                let derived = step.derived.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }
                let description = kb[.rule(step.rule)]?[lang] ?? step.description
                line("  \(i + 1). \(step.rule): \(description)" + (derived.isEmpty ? "" : " → " + derived.joined(separator: ", ")))
            }
            line("  " + label(.ranking) + ranking.map { r in
                "\(r.method) \(Self.format(r.score))\(r.blocked ? " (" + r.reasons.joined(separator: ", ") + ")" : "")"
            }.joined(separator: "; "))
        }
        return out
    }

    static func format(_ n: Double) -> String {
        n.rounded() == n && abs(n) < 1e15 ? String(Int64(n)) : "\(n)"
    }
}
