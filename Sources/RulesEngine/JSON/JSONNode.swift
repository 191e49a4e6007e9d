/// A JSON value together with where it stands in its source text.
///
/// Positions are 1-based; columns count Unicode scalars, so a column points at the right
/// character in a line of Chinese or Japanese text.
public struct JSONNode: Sendable, Equatable {
    /// The value, with nested values as nodes.
    public enum Kind: Sendable, Equatable {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([JSONNode])
        case object([JSONMember])
    }

    public var kind: Kind
    public var line: Int
    public var column: Int

    public init(_ kind: Kind, line: Int, column: Int) {
        self.kind = kind
        self.line = line
        self.column = column
    }

    /// The name of the value's JSON type, as a diagnostic would say it.
    public var typeName: String {
        switch kind {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    public var stringValue: String? {
        if case .string(let s) = kind { return s }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let b) = kind { return b }
        return nil
    }

    public var numberValue: Double? {
        if case .number(let n) = kind { return n }
        return nil
    }

    public var arrayValue: [JSONNode]? {
        if case .array(let a) = kind { return a }
        return nil
    }

    public var objectValue: [JSONMember]? {
        if case .object(let o) = kind { return o }
        return nil
    }

    /// The member named `key`, when this node is an object that has it.
    public subscript(key: String) -> JSONMember? {
        objectValue?.first { $0.key == key }
    }
}

/// One `"key": value` pair of a JSON object, with the position of its key.
public struct JSONMember: Sendable, Equatable {
    public var key: String
    public var line: Int
    public var column: Int
    public var value: JSONNode

    public init(key: String, line: Int, column: Int, value: JSONNode) {
        self.key = key
        self.line = line
        self.column = column
        self.value = value
    }
}

/// A JSON syntax error with its position.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var column: Int

    public var description: String { "\(line):\(column): \(message)" }
}
