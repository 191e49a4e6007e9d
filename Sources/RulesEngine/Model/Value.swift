/// A fact's value.
public enum Value: Sendable, Hashable, CustomStringConvertible {
    case bool(Bool)
    case number(Double)
    case string(String)
    case list([String])

    public var description: String {
        switch self {
        case .bool(let b): "\(b)"
        case .number(let n): n.rounded() == n && abs(n) < 1e15 ? String(Int64(n)) : "\(n)"
        case .string(let s): "\"\(s)\""
        case .list(let l): "[" + l.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        }
    }
}

/// The type of a fact.
public enum FactType: Sendable, Hashable, CustomStringConvertible {
    case bool
    case number
    case string
    /// A string restricted to the given values.
    case enumeration([String])
    /// A list of strings.
    case list

    public var description: String {
        switch self {
        case .bool: "bool"
        case .number: "number"
        case .string: "string"
        case .enumeration(let values): "enum (" + values.joined(separator: ", ") + ")"
        case .list: "list"
        }
    }

    /// Whether `value` is of this type (and, for an enum, one of its values).
    public func admits(_ value: Value) -> Bool {
        switch (self, value) {
        case (.bool, .bool), (.number, .number), (.string, .string), (.list, .list): true
        case (.enumeration(let values), .string(let s)): values.contains(s)
        default: false
        }
    }
}
