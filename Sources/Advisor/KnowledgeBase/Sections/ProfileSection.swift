import RulesEngine

extension _KnowledgeSections {

    mutating func readProfile(_ section: ExtraSection, _ reader: inout JSONReader) {
        let facts = self.facts
        let inputs = ruleSet.facts.filter { $0.isInput && !$0.name.hasPrefix(Self.policyPrefix) }.map(\.name)
        for m in reader.object(section.node, section.pointer, what: "'profile'", allowed: inputs)?.members ?? [] {
            guard let fact = facts[m.key],
                  let members = reader.object(m.node, m.pointer, what: "the profile field '\(m.key)'", allowed: ["question", "values", "minimum", "units", "separators"], required: ["question"]),
                  let qNode = members["question"],
                  let question = reader.text(qNode.node, qNode.pointer, what: "the question of '\(m.key)'")
            else { continue }
            let expected: [String] = switch fact.type {
            case .bool: ["true", "false"]
            case .enumeration(let values): values
            default: []
            }
            var labels: [String: LocalizedText] = [:]
            if let v = members["values"] {
                for l in reader.object(v.node, v.pointer, what: "the values of '\(m.key)'", allowed: expected, required: expected)?.members ?? [] {
                    labels[l.key] = reader.text(l.node, l.pointer, what: "the label of '\(m.key)' = \(l.key)")
                }
            } else if !expected.isEmpty {
                reader.report(.missingKey, "the profile field '\(m.key)' lacks 'values' (labels for: \(expected.joined(separator: ", ")))", m.node, m.pointer)
            }
            var minimum: Double?
            if let n = members["minimum"] {
                if fact.type == .number { minimum = reader.number(n, what: "'minimum'") } else {
                    reader.report(.invalidValue, "only a number field takes 'minimum'", n.node, n.pointer)
                }
            }
            var units: [String] = []
            if let u = members["units"] {
                if fact.type == .number { units = reader.strings(u.node, u.pointer, what: "'units'", noun: "unit") ?? [] } else {
                    reader.report(.invalidValue, "only a number field takes 'units'", u.node, u.pointer)
                }
            }
            var separators: [String] = []
            if let sep = members["separators"] {
                if fact.type == .list { separators = reader.strings(sep.node, sep.pointer, what: "'separators'", noun: "separator") ?? [] } else {
                    reader.report(.invalidValue, "only a list field takes 'separators'", sep.node, sep.pointer)
                }
            } else if fact.type == .list {
                reader.report(.missingKey, "the list field '\(m.key)' lacks 'separators' (what separates its items in a CSV cell or a typed answer)", m.node, m.pointer)
            }
            profileFields.append(KnowledgeBase.ProfileField(name: m.key, type: fact.type, question: question, valueLabels: labels, minimum: minimum, units: units, separators: separators))
        }
    }

}
