import RulesEngine

/// Reads the advisor's own sections of the knowledge base, collecting diagnostics with locations.
struct _SectionReader {
    let file: String
    var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    func location(_ node: JSONNode, _ pointer: String) -> SourceLocation {
        SourceLocation(file: file, line: node.line, column: node.column, pointer: pointer)
    }

    mutating func error(_ code: DiagnosticCode, _ message: String, _ node: JSONNode, _ pointer: String) {
        diagnostics.append(Diagnostic(code, .error, message, at: location(node, pointer)))
    }

    /// The members of an object after checking its keys; nil when it is not an object.
    mutating func object(_ node: JSONNode, _ pointer: String, what: String, allowed: [String]? = nil, required: [String] = []) -> [(key: String, node: JSONNode, pointer: String)]? {
        guard let members = node.objectValue else {
            error(.wrongType, "\(what) must be an object, found \(node.typeName)", node, pointer)
            return nil
        }
        var seen = Set<String>()
        var out: [(key: String, node: JSONNode, pointer: String)] = []
        for m in members {
            let p = pointer + "/" + m.key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
            let keyNode = JSONNode(.string(m.key), line: m.line, column: m.column)
            guard seen.insert(m.key).inserted else {
                error(.duplicateKey, "\(what) has the key '\(m.key)' twice", keyNode, p)
                continue
            }
            if let allowed, !allowed.contains(m.key) {
                error(.unknownKey, "unknown key '\(m.key)' in \(what)\(Suggestion.hint(for: m.key, in: allowed)); expected one of: \(allowed.joined(separator: ", "))", keyNode, p)
                continue
            }
            out.append((m.key, m.value, p))
        }
        for key in required where !seen.contains(key) {
            error(.missingKey, "\(what) lacks the key '\(key)'", node, pointer)
        }
        return out
    }

    mutating func string(_ node: JSONNode, _ pointer: String, what: String) -> String? {
        guard let s = node.stringValue, !s.isEmpty else {
            error(.wrongType, "\(what) must be a non-empty string, found \(node.typeName)", node, pointer)
            return nil
        }
        return s
    }

    /// A text: an object with a non-empty string for each of en, zh-Hans and ja.
    mutating func text(_ node: JSONNode, _ pointer: String, what: String) -> LocalizedText? {
        let codes = Language.allCases.map(\.rawValue)
        guard let members = object(node, pointer, what: what, allowed: codes, required: codes) else { return nil }
        var values: [String: String] = [:]
        for m in members {
            if let s = string(m.node, m.pointer, what: "the \(m.key) text of \(what)") { values[m.key] = s }
        }
        guard let en = values["en"], let zh = values["zh-Hans"], let ja = values["ja"] else { return nil }
        return LocalizedText(en: en, zhHans: zh, ja: ja)
    }

    mutating func texts(_ node: JSONNode, _ pointer: String, what: String) -> [LocalizedText]? {
        guard let items = node.arrayValue else {
            error(.wrongType, "\(what) must be an array of texts, found \(node.typeName)", node, pointer)
            return nil
        }
        var out: [LocalizedText] = []
        for (i, item) in items.enumerated() {
            if let t = text(item, pointer + "/\(i)", what: what) { out.append(t) }
        }
        return out.count == items.count ? out : nil
    }
}
