import RulesEngine

extension Advice {
    /// The advice object of the contract, as JSON text (one line unless `pretty`).
    public func json(pretty: Bool = false) -> String {
        var w = JSONWriter(pretty: pretty)
        write(to: &w)
        return w.output
    }

    /// Writes the advice object of the contract.
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        if let id { w.key("id"); w.string(id) }
        w.key(Profile.carrierField); if let carrier { w.string(carrier) } else { w.null() }
        w.key("language"); w.string(language.rawValue)
        w.key("action"); w.string(action)
        w.key("method"); w.string(method)
        w.key("ranking")
        w.beginArray()
        for r in ranking {
            w.beginObject()
            w.key("method"); w.string(r.method)
            w.key("score"); w.number(r.score)
            w.key("blocked"); w.bool(r.blocked)
            w.key("reasons"); w.strings(r.reasons)
            w.key("rules"); w.strings(r.rules)
            if let note = r.note { w.key("note"); w.string(note) }
            w.endObject()
        }
        w.endArray()
        w.key("warnings")
        w.beginArray()
        for warning in warnings {
            w.beginObject()
            w.key("id"); w.string(warning.id)
            w.key("severity"); w.string(warning.severity.rawValue)
            w.key("message"); w.string(warning.message)
            w.key("rules"); w.strings(warning.rules)
            w.endObject()
        }
        w.endArray()
        w.key("steps"); w.strings(steps)
        w.key("missing"); w.strings(missing.map(\.field))
        w.key("uncertain")
        w.beginArray()
        for u in uncertain {
            w.beginObject()
            w.key("field"); w.string(u.field)
            w.key("status"); w.string(u.status)
            w.key("note"); w.string(u.note)
            w.key("sources"); w.strings(u.sources)
            w.endObject()
        }
        w.endArray()
        w.key("policyCheckedOn"); if let policyCheckedOn { w.string(policyCheckedOn) } else { w.null() }
        if !notices.isEmpty { w.key("notices"); w.strings(notices); w.key("noticeIDs"); w.strings(noticeIDs) }
        if let understood {
            w.key("answers")
            w.beginArray()
            for a in answers {
                w.beginObject()
                w.key("intent"); w.string(a.intent)
                w.key("answer"); w.string(a.answer)
                w.endObject()
            }
            w.endArray()
            w.key("understood")
            w.beginArray()
            for u in understood {
                w.beginObject()
                w.key("field"); w.string(u.field)
                w.key("value"); w.value(u.value)
                w.key("from"); w.string(u.from.joined(separator: " / "))
                w.endObject()
            }
            w.endArray()
            if !unclear.isEmpty {
                w.key("unclear")
                w.beginArray()
                for u in unclear {
                    w.beginObject()
                    w.key("field"); w.string(u.field)
                    w.key("values"); w.beginArray(); for v in u.values { w.value(v) }; w.endArray()
                    w.key("from"); w.strings(u.from)
                    w.key("note"); w.string(u.note)
                    w.endObject()
                }
                w.endArray()
            }
            if let understoodNothing { w.key("understoodNothing"); w.string(understoodNothing) }
        }
        if let whyNot {
            w.key("whyNot")
            w.beginObject()
            w.key("method"); w.string(whyNot.method)
            w.key("changes")
            w.beginArray()
            for alternative in whyNot.alternatives {
                w.beginObject()
                for change in alternative { w.key(change.field); w.value(change.value) }
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        if let trace {
            w.key("trace")
            w.beginArray()
            for step in trace {
                w.beginObject()
                w.key("rule"); w.string(step.rule)
                w.key("derived")
                w.beginObject()
                for (name, value) in step.derived.sorted(by: { $0.key < $1.key }) { w.key(name); w.value(value) }
                w.endObject()
                w.endObject()
            }
            w.endArray()
        }
        w.endObject()
    }
}
