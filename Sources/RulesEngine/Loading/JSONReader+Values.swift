/// The rule files' own readings on top of the one ``JSONReader``.
extension JSONReader {
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
                    report(.wrongType, "\(what) must be a list of strings; item \(i) is \(item.typeName)", item, Self.pointer(pointer, index: i))
                    return nil
                }
                list.append(s)
            }
            return .list(list)
        case .null, .object:
            report(.wrongType, "\(what) must be a boolean, a number, a string or a list of strings, found \(node.typeName)", node, pointer)
            return nil
        }
    }
}
