extension _DocumentReader {
    static let factKeys = ["name", "type", "values", "input", "description"]
    static let typeNames = ["bool", "number", "string", "enum", "list"]

    mutating func readFacts(_ node: JSONNode, _ pointer: String, into set: inout RuleSet) {
        guard let items = array(node, pointer, what: "'facts'") else { return }
        for (i, item) in items.enumerated() {
            let p = pointer + "/\(i)"
            guard let m = members(item, p, what: "a fact declaration", allowed: Self.factKeys, required: ["name", "type"]),
                  let name = string(m["name"], p + "/name", what: "a fact's name"),
                  let typeName = string(m["type"], p + "/type", what: "a fact's type")
            else { continue }
            let type: FactType
            switch typeName {
            case "bool": type = .bool
            case "number": type = .number
            case "string": type = .string
            case "list": type = .list
            case "enum":
                guard let valuesMember = m["values"] else {
                    report(.missingKey, "the enum fact '\(name)' lacks the key 'values'", at: location(of: item, p))
                    continue
                }
                guard valuesMember.value.arrayValue != nil else {
                    report(.wrongType, "an enum's values must be a list of strings, found \(valuesMember.value.typeName)", at: location(of: valuesMember.value, p + "/values"))
                    continue
                }
                guard case .list(let values)? = value(valuesMember.value, p + "/values", what: "an enum's values") else { continue }
                if values.isEmpty || Set(values).count != values.count {
                    report(.invalidValue, "an enum's values must be a non-empty list without repeats", at: location(of: valuesMember.value, p + "/values"))
                }
                type = .enumeration(values)
            default:
                report(.invalidValue, "unknown fact type '\(typeName)'\(Suggestion.hint(for: typeName, in: Self.typeNames)); expected one of: \(Self.typeNames.joined(separator: ", "))", at: location(of: m["type"]?.value ?? item, p + "/type"))
                continue
            }
            if typeName != "enum", let values = m["values"] {
                report(.invalidValue, "only an enum fact takes 'values'", at: location(of: values.value, p + "/values"))
            }
            var isInput = false
            if let inputMember = m["input"] {
                if let b = inputMember.value.boolValue { isInput = b } else {
                    report(.wrongType, "'input' must be a boolean, found \(inputMember.value.typeName)", at: location(of: inputMember.value, p + "/input"))
                }
            }
            var description = ""
            if let d = m["description"] {
                if let s = d.value.stringValue { description = s } else {
                    report(.wrongType, "a fact's description must be a string, found \(d.value.typeName)", at: location(of: d.value, p + "/description"))
                }
            }
            set.facts.append(FactDeclaration(name: name, type: type, isInput: isInput, description: description, location: location(of: item, p)))
        }
    }

    mutating func readOptions(_ node: JSONNode, _ pointer: String, into set: inout RuleSet) {
        guard let items = array(node, pointer, what: "'options'") else { return }
        for (i, item) in items.enumerated() {
            let p = pointer + "/\(i)"
            guard let name = item.stringValue, !name.isEmpty else {
                report(.wrongType, "an option must be a non-empty string, found \(item.stringValue != nil ? "an empty string" : item.typeName)", at: location(of: item, p))
                continue
            }
            set.options.append(OptionDeclaration(name: name, location: location(of: item, p)))
        }
    }

    mutating func readWarnings(_ node: JSONNode, _ pointer: String, into set: inout RuleSet) {
        guard let items = array(node, pointer, what: "'warnings'") else { return }
        let levels = WarningSeverity.allCases.map(\.rawValue)
        for (i, item) in items.enumerated() {
            let p = pointer + "/\(i)"
            guard let m = members(item, p, what: "a warning declaration", allowed: ["id", "severity"], required: ["id", "severity"]),
                  let id = string(m["id"], p + "/id", what: "a warning's id"),
                  let level = string(m["severity"], p + "/severity", what: "a warning's severity")
            else { continue }
            guard let severity = WarningSeverity(rawValue: level) else {
                report(.invalidValue, "unknown severity '\(level)'\(Suggestion.hint(for: level, in: levels)); expected one of: \(levels.joined(separator: ", "))", at: location(of: m["severity"]?.value ?? item, p + "/severity"))
                continue
            }
            set.warnings.append(WarningDeclaration(id: id, severity: severity, location: location(of: item, p)))
        }
    }
}
