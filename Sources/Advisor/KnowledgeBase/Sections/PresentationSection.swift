import RulesEngine

extension _KnowledgeSections {
    /// Reads `presentation`: which facts confirm a method, the notices, the fields asked first,
    /// and the methods a warning is shown with.
    mutating func readPresentation(_ section: ExtraSection, _ reader: inout JSONReader) {
        for m in reader.object(section.node, section.pointer, what: "'presentation'", allowed: ["warningScope", "confirmedBy", "notices", "askFirst"])?.members ?? [] {
            if m.key == "askFirst" {
                for (i, item) in (m.node.arrayValue ?? []).enumerated() {
                    guard let name = reader.string(item, m.pointer + "/\(i)", what: "a profile field"), facts[name]?.isInput == true else {
                        reader.report(.invalidValue, "'askFirst' must list profile fields", item, m.pointer + "/\(i)")
                        continue
                    }
                    askFirst.append(name)
                }
                continue
            }
            if m.key == "notices" {
                for (i, item) in (m.node.arrayValue ?? []).enumerated() {
                    guard let name = reader.string(item, m.pointer + "/\(i)", what: "a notice"), facts[name]?.type == .bool else {
                        reader.report(.invalidValue, "a notice must name a derived boolean fact", item, m.pointer + "/\(i)")
                        continue
                    }
                    notices.append(name)
                }
                continue
            }
            if m.key == "confirmedBy" {
                let actions = facts["action"].flatMap(Self.values(of:))
                for a in reader.object(m.node, m.pointer, what: "'confirmedBy'", allowed: actions)?.members ?? [] {
                    for o in reader.object(a.node, a.pointer, what: "the methods of '\(a.key)'", allowed: optionNames)?.members ?? [] {
                        guard let fact = reader.string(o.node, o.pointer, what: "a policy fact"), facts[fact] != nil else {
                            reader.report(.invalidValue, "'\(o.node.stringValue ?? "")' is not a declared fact", o.node, o.pointer)
                            continue
                        }
                        confirmedBy[a.key, default: [:]][o.key] = fact
                    }
                }
                continue
            }
            for w in reader.object(m.node, m.pointer, what: "'warningScope'", allowed: warningIDs)?.members ?? [] {
                let methods = w.node.arrayValue?.compactMap(\.stringValue) ?? []
                if methods.isEmpty || methods.contains(where: { !optionNames.contains($0) }) || methods.count != w.node.arrayValue?.count {
                    reader.report(.invalidValue, "the scope of '\(w.key)' must be a non-empty list of methods: \(optionNames.joined(separator: ", "))", w.node, w.pointer)
                }
                warningScope[w.key] = methods
            }
        }
    }
}
