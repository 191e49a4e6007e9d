extension JSONReader {
    static let factKeys = ["name", "type", "values", "input", "description"]
    static let typeNames = ["bool", "number", "string", "enum", "list"]

    mutating func readFacts(_ node: JSONNode, _ pointer: String, into set: inout RuleSet) {
        guard let items = array(node, pointer, what: "'facts'") else { return }
        for (item, p) in items {
            guard let m = object(item, p, what: "a fact declaration", allowed: Self.factKeys, required: ["name", "type"]) else { continue }
            // Every key is read before giving up on the declaration, so all its problems are reported.
            let name = string(m["name"], what: "a fact's name"), typeName = string(m["type"], what: "a fact's type")
            let isInput = m["input"].flatMap { bool($0, what: "'input'") } ?? false
            let description = string(m["description"], what: "a fact's description", allowEmpty: true) ?? ""
            guard let name, let typeName else { continue }
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
                guard valuesMember.node.arrayValue != nil else {
                    report(.wrongType, "an enum's values must be a list of strings, found \(valuesMember.node.typeName)", at: location(of: valuesMember.node, p + "/values"))
                    continue
                }
                guard case .list(let values)? = value(valuesMember.node, p + "/values", what: "an enum's values") else { continue }
                if values.isEmpty || Set(values).count != values.count {
                    report(.invalidValue, "an enum's values must be a non-empty list without repeats", at: location(of: valuesMember.node, p + "/values"))
                }
                type = .enumeration(values)
            default:
                report(.invalidValue, "unknown fact type '\(typeName)'" + Self.expectedOneOf(typeName, Self.typeNames), at: location(of: m["type"]?.node ?? item, p + "/type"))
                continue
            }
            if typeName != "enum", let values = m["values"] {
                report(.invalidValue, "only an enum fact takes 'values'", at: location(of: values.node, p + "/values"))
            }
            set.facts.append(FactDeclaration(name: name, type: type, isInput: isInput, description: description, location: location(of: item, p)))
        }
    }

    mutating func readOptions(_ node: JSONNode, _ pointer: String, into set: inout RuleSet) {
        guard let items = array(node, pointer, what: "'options'") else { return }
        for (item, p) in items {
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
        for (item, p) in items {
            guard let m = object(item, p, what: "a warning declaration", allowed: ["id", "severity"], required: ["id", "severity"]),
                  let id = string(m["id"], what: "a warning's id"),
                  let level = string(m["severity"], what: "a warning's severity")
            else { continue }
            guard let severity = WarningSeverity(rawValue: level) else {
                report(.invalidValue, "unknown severity '\(level)'" + Self.expectedOneOf(level, levels), at: location(of: m["severity"]?.node ?? item, p + "/severity"))
                continue
            }
            set.warnings.append(WarningDeclaration(id: id, severity: severity, location: location(of: item, p)))
        }
    }
}
