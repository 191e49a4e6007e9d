/// Reads the objects of one JSON document, collecting diagnostics as it goes.
struct _DocumentReader {
    let file: String
    var diagnostics: [Diagnostic] = []
    /// The id of the rule being read, attached to its diagnostics.
    var ruleID: String?

    init(file: String) { self.file = file }

    func location(_ line: Int, _ column: Int, _ pointer: String) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column, pointer: pointer)
    }

    func location(of node: JSONNode, _ pointer: String) -> SourceLocation {
        location(node.line, node.column, pointer)
    }

    mutating func report(_ code: DiagnosticCode, _ message: String, at location: SourceLocation, severity: Severity = .error) {
        diagnostics.append(Diagnostic(code, severity, message, at: location, rule: ruleID))
    }

    /// The members of an object, keyed by name, after checking its keys.
    ///
    /// Reports a wrong type, duplicate keys, unknown keys (with the nearest allowed key) and
    /// missing required keys. Returns nil when the node is not an object.
    mutating func members(_ node: JSONNode, _ pointer: String, what: String, allowed: [String], required: [String] = []) -> [String: JSONMember]? {
        guard let object = node.objectValue else {
            report(.wrongType, "\(what) must be an object, found \(node.typeName)", at: location(of: node, pointer))
            return nil
        }
        var byKey: [String: JSONMember] = [:]
        for member in object {
            let at = location(member.line, member.column, pointer + "/" + Self.escape(member.key))
            if byKey[member.key] != nil {
                report(.duplicateKey, "\(what) has the key '\(member.key)' twice", at: at)
                continue
            }
            byKey[member.key] = member
            if !allowed.contains(member.key) {
                report(.unknownKey, "unknown key '\(member.key)' in \(what)\(Suggestion.hint(for: member.key, in: allowed)); expected one of: \(allowed.joined(separator: ", "))", at: at)
            }
        }
        for key in required where byKey[key] == nil {
            report(.missingKey, "\(what) lacks the key '\(key)'", at: location(of: node, pointer))
        }
        return byKey
    }

    mutating func string(_ member: JSONMember?, _ pointer: String, what: String) -> String? {
        guard let member else { return nil }
        guard let s = member.value.stringValue else {
            report(.wrongType, "\(what) must be a string, found \(member.value.typeName)", at: location(of: member.value, pointer))
            return nil
        }
        if s.isEmpty { report(.invalidValue, "\(what) must not be empty", at: location(of: member.value, pointer)) }
        return s
    }

    mutating func array(_ node: JSONNode, _ pointer: String, what: String) -> [JSONNode]? {
        guard let items = node.arrayValue else {
            report(.wrongType, "\(what) must be an array, found \(node.typeName)", at: location(of: node, pointer))
            return nil
        }
        return items
    }

    /// A JSON value read as a fact value: a boolean, a number, a string or a list of strings.
    mutating func value(_ node: JSONNode, _ pointer: String, what: String) -> Value? {
        switch node.kind {
        case .bool(let b): return .bool(b)
        case .number(let n): return .number(n)
        case .string(let s): return .string(s)
        case .array(let items):
            var list: [String] = []
            for (i, item) in items.enumerated() {
                guard let s = item.stringValue else {
                    report(.wrongType, "\(what) must be a list of strings; item \(i) is \(item.typeName)", at: location(of: item, pointer + "/\(i)"))
                    return nil
                }
                list.append(s)
            }
            return .list(list)
        case .null, .object:
            report(.wrongType, "\(what) must be a boolean, a number, a string or a list of strings, found \(node.typeName)", at: location(of: node, pointer))
            return nil
        }
    }

    /// Escapes a key for a JSON pointer (RFC 6901).
    static func escape(_ key: String) -> String {
        guard key.contains("~") || key.contains("/") else { return key }
        return key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
