import RulesEngine

extension _KnowledgeSections {

    mutating func readCarrier(_ section: ExtraSection, _ reader: inout JSONReader) {
        guard let members = reader.object(section.node, section.pointer, what: "a carrier", allowed: Self.carrierKeys, required: ["id", "name", "checkedOn", "sources", "policy"]) else { return }
        func member(_ key: String) -> JSONObject.Member? { members[key] }
        guard let idMember = member("id"), let id = reader.string(idMember.node, idMember.pointer, what: "a carrier's id") else { return }
        let fileID = section.file.split(separator: "/").last.map { String($0.dropLast(".json".count)) } ?? id
        if fileID != id {
            reader.report(.invalidValue, "the carrier id '\(id)' does not match its file name '\(fileID).json'", idMember.node, idMember.pointer)
        }
        if let existing = carriers[id] {
            reader.report(.duplicateDeclaration, "the carrier '\(id)' is defined twice; first in \(existing.file)", idMember.node, idMember.pointer)
        }
        var carrier = Carrier(id: id, name: LocalizedText(en: id, zhHans: id, ja: id), checkedOn: "", sources: [], policy: [], steps: [:], portOutSteps: [:], notes: [:], replacements: [:], file: section.file)
        if let n = member("name"), let t = reader.text(n.node, n.pointer, what: "the carrier's name") { carrier.name = t }
        if let c = member("checkedOn"), let date = reader.string(c.node, c.pointer, what: "'checkedOn'") {
            if !Self.isISODate(date) { reader.report(.invalidValue, "'checkedOn' must be a date as YYYY-MM-DD, found '\(date)'", c.node, c.pointer) }
            carrier.checkedOn = date
            carrier.places["/carrier/checkedOn"] = reader.location(of: c.node, c.pointer)
        }
        if let s = member("sources") {
            for src in reader.object(s.node, s.pointer, what: "'sources'")?.members ?? [] {
                guard let f = reader.object(src.node, src.pointer, what: "the source '\(src.key)'", allowed: ["url", "date", "official"], required: ["url", "date"]) else { continue }
                let url = f["url"].flatMap { reader.string($0.node, $0.pointer, what: "a source's url") } ?? ""
                let date = f["date"].flatMap { reader.string($0.node, $0.pointer, what: "a source's date") } ?? ""
                let official = f["official"]?.node.boolValue ?? false
                if !url.hasPrefix("https://") && !url.hasPrefix("http://") {
                    reader.report(.invalidValue, "a source's url must start with https://, found '\(url)'", src.node, src.pointer + "/url")
                }
                carrier.sources.append(Carrier.Source(key: src.key, url: url, date: date, official: official))
            }
        }
        if let p = member("policy") { readPolicy(p.node, p.pointer, into: &carrier, &reader) }
        if let s = member("steps") {
            for m in reader.object(s.node, s.pointer, what: "the carrier's steps", allowed: optionNames)?.members ?? [] {
                carrier.steps[m.key] = reader.texts(m.node, m.pointer, what: "the steps of '\(m.key)'")
            }
        }
        if let s = member("portOutSteps") {
            for m in reader.object(s.node, s.pointer, what: "the carrier's port-out steps", allowed: optionNames)?.members ?? [] {
                carrier.portOutSteps[m.key] = reader.texts(m.node, m.pointer, what: "the port-out steps of '\(m.key)'")
            }
        }
        if let n = member("notes") {
            // A note is appended to the text it is keyed by; `{"replaces": TEXT}` replaces it.
            let keys = warningIDs + optionNames + KnowledgeBase.intents.map { "answer.\($0)" }
            for m in reader.object(n.node, n.pointer, what: "the carrier's notes", allowed: keys)?.members ?? [] {
                carrier.places["/carrier/notes/" + m.key] = reader.location(of: m.node, m.pointer)
                if m.node.objectValue?.first?.key == "replaces" {
                    guard let r = reader.object(m.node, m.pointer, what: "the note '\(m.key)'", allowed: ["replaces"], required: ["replaces"])?.members.first else { continue }
                    carrier.replacements[m.key] = reader.text(r.node, r.pointer, what: "the replacement of '\(m.key)'")
                } else {
                    carrier.notes[m.key] = reader.text(m.node, m.pointer, what: "the note '\(m.key)'")
                }
            }
        }
        carriers[id] = carrier
    }

    mutating func readPolicy(_ node: JSONNode, _ pointer: String, into carrier: inout Carrier, _ reader: inout JSONReader) {
        let facts = self.facts
        let fields = ruleSet.facts.filter { $0.name.hasPrefix(Self.policyPrefix) }.map { String($0.name.dropFirst(Self.policyPrefix.count)) }
        for m in reader.object(node, pointer, what: "'policy'", allowed: fields)?.members ?? [] {
            guard let fact = facts[Self.policyPrefix + m.key],
                  let entry = reader.object(m.node, m.pointer, what: "the policy field '\(m.key)'", allowed: ["value", "status", "sources", "note"], required: ["sources"])
            else { continue }
            func part(_ key: String) -> JSONObject.Member? { entry[key] }
            carrier.places["/carrier/policy/" + m.key] = reader.location(of: m.node, m.pointer)
            var sources: [String] = []
            if let s = part("sources") {
                for (i, item) in (s.node.arrayValue ?? []).enumerated() {
                    guard let key = item.stringValue, carrier.source(key) != nil else {
                        reader.report(.invalidValue, "the policy field '\(m.key)' cites '\(item.stringValue ?? item.typeName)', which is not a key of 'sources'\(Suggestion.hint(for: item.stringValue ?? "", in: carrier.sources.map(\.key)))", item, s.pointer + "/\(i)")
                        continue
                    }
                    sources.append(key)
                }
                if s.node.arrayValue == nil { reader.report(.wrongType, "'sources' must be a list of source keys", s.node, s.pointer) }
            }
            switch (part("value"), part("status")) {
            case (let v?, nil):
                if part("note") != nil { reader.report(.invalidValue, "a confirmed policy field takes no 'note'; use 'status' for an uncertain one", m.node, m.pointer) }
                if sources.isEmpty { reader.report(.missingKey, "the policy field '\(m.key)' states a value without a source", m.node, m.pointer + "/sources") }
                guard let value = Self.value(v.node), fact.type.admits(value) else {
                    reader.report(.typeMismatch, "the policy field '\(m.key)' must be \(fact.type)", v.node, v.pointer)
                    continue
                }
                carrier.policy.append(Carrier.PolicyEntry(field: m.key, value: value, certainty: .confirmed, sources: sources, note: nil))
            case (nil, let s?):
                guard let status = s.node.stringValue, let certainty = Carrier.Certainty(rawValue: status), certainty != .confirmed else {
                    reader.report(.invalidValue, "'status' must be 'unverified' or 'conflict'", s.node, s.pointer)
                    continue
                }
                guard let n = part("note") else {
                    reader.report(.missingKey, "the uncertain policy field '\(m.key)' needs a 'note' telling the person what to confirm", m.node, m.pointer)
                    continue
                }
                let note = reader.text(n.node, n.pointer, what: "the note of '\(m.key)'")
                carrier.policy.append(Carrier.PolicyEntry(field: m.key, value: nil, certainty: certainty, sources: sources, note: note))
            default:
                reader.report(.invalidValue, "the policy field '\(m.key)' needs exactly one of 'value' (confirmed) or 'status' (unverified or conflict)", m.node, m.pointer)
            }
        }
    }

}
