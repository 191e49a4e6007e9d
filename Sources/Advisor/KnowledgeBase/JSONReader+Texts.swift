import RulesEngine

/// The knowledge base's texts, read with the project's one ``JSONReader``.
extension JSONReader {
    /// A text: an object with a non-empty string for each of en, zh-Hans and ja.
    mutating func text(_ node: JSONNode, _ pointer: String, what: String) -> LocalizedText? {
        let codes = Language.allCases.map(\.rawValue)
        guard let object = object(node, pointer, what: what, allowed: codes, required: codes) else { return nil }
        var values: [String: String] = [:]
        for m in object.members {
            if let s = string(m.node, m.pointer, what: "the \(m.key) text of \(what)") { values[m.key] = s }
        }
        guard let en = values["en"], let zh = values["zh-Hans"], let ja = values["ja"] else { return nil }
        return LocalizedText(en: en, zhHans: zh, ja: ja)
    }

    /// A list of texts; nil unless every item is one.
    mutating func texts(_ node: JSONNode, _ pointer: String, what: String) -> [LocalizedText]? {
        guard let items = array(node, pointer, what: what) else { return nil }
        let out = items.compactMap { text($0.node, $0.pointer, what: what) }
        return out.count == items.count ? out : nil
    }
}
