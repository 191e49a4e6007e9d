import RulesEngine

/// A person's situation: the profile fields of the contract, each optional.
public struct Profile: Sendable, Equatable {
    /// The profile field that names the carrier, the one field the advisor itself reads
    /// (to find the carrier's policy and texts).
    public static let carrierField = "carrier"

    /// The profile's own id, echoed in the advice.
    public var id: String?
    /// The given fields other than `id`, in the order they were given.
    public var values: [(field: String, value: Value)]

    public init(id: String? = nil, carrier: String? = nil, values: [(field: String, value: Value)] = []) {
        self.id = id
        self.values = values
        if let carrier { self.carrier = carrier }
    }

    /// The carrier id (normalised to the knowledge base's spelling): the value of `carrier`.
    public var carrier: String? {
        get { if case .string(let id)? = value(of: Self.carrierField) { id } else { nil } }
        set { set(Self.carrierField, newValue.map(Value.string)) }
    }

    public func value(of field: String) -> Value? { values.first { $0.field == field }?.value }

    /// Gives `field` the value `value` (last in order), or removes it when `value` is nil.
    public mutating func set(_ field: String, _ value: Value?) {
        values.removeAll { $0.field == field }
        if let value { values.append((field, value)) }
    }

    /// This profile with every field `other` gives replaced by `other`'s value (and its id,
    /// when it has one).
    public func overridden(by other: Profile) -> Profile {
        var merged = self
        if let id = other.id { merged.id = id }
        for (field, value) in other.values { merged.set(field, value) }
        return merged
    }

    public static func == (a: Profile, b: Profile) -> Bool {
        a.id == b.id && a.values.map(\.field) == b.values.map(\.field) && a.values.map(\.value) == b.values.map(\.value)
    }
}

/// Reads profiles from JSON against a knowledge base, reporting every problem with its place.
public struct ProfileReader: Sendable {
    public let knowledgeBase: KnowledgeBase

    public init(_ knowledgeBase: KnowledgeBase) { self.knowledgeBase = knowledgeBase }

    /// Every field a profile may give, `id` first.
    public var fieldNames: [String] { ["id"] + knowledgeBase.profileFields.map(\.name) }

    /// Parses and reads one profile from JSON text.
    /// - Parameters:
    ///   - file: the name to report in diagnostics.
    ///   - line: the line the text starts on (for a record of a JSON Lines file).
    public func read(text: String, file: String, line: Int = 1) -> Result<Profile, ProfileError> {
        read(bytes: Array(text.utf8), file: file, line: line)
    }

    /// Parses and reads one profile from the UTF-8 bytes of a JSON value that starts at `line`
    /// and `column` of `file`; invalid UTF-8 is reported, never replaced.
    public func read(bytes: [UInt8], file: String, line: Int = 1, column: Int = 1) -> Result<Profile, ProfileError> {
        var reader = JSONReader(file: file)
        guard let node = reader.parse(bytes: bytes, line: line, column: column) else { return .failure(ProfileError(diagnostics: reader.diagnostics)) }
        return read(node, file: file)
    }

    /// Reads one profile from a parsed JSON object at `pointer` of `file`.
    /// - Parameter cells: the values are text (a CSV row), read as their fields' types.
    public func read(_ node: JSONNode, file: String, pointer: String = "", cells: Bool = false) -> Result<Profile, ProfileError> {
        var reader = JSONReader(file: file)
        guard let object = reader.object(node, pointer, what: "a profile", JSONReader.Schema(allowed: fieldNames, keyNoun: "field")) else {
            return .failure(ProfileError(diagnostics: reader.diagnostics))
        }
        var profile = Profile()
        for m in object.members {
            var v = m.node
            if cells, case .string(let text) = v.kind, let field = knowledgeBase.profileField(m.key) { v = Self.cell(text, field, at: v) }
            if m.key == "id" {
                switch v.kind {
                case .string(let s): profile.id = s
                case .number(let n) where n.rounded() == n && abs(n) < 1e15: profile.id = String(Int64(n))
                case .null: break
                default: reader.report(.wrongType, "'id' must be a string, found \(v.typeName)", v, m.pointer)
                }
                continue
            }
            guard let field = knowledgeBase.profileField(m.key) else { continue }
            if case .null = v.kind { continue }
            switch Self.convert(v, to: field.type) {
            case .failure(let expected):
                reader.report(.wrongType, "'\(m.key)' must be \(expected), found \(Self.describe(v))", v, m.pointer)
            case .success(let value):
                if case .number(let n) = value, let minimum = knowledgeBase.minimum(of: m.key), n < minimum {
                    reader.report(.invalidValue, "'\(m.key)' must be a number ≥ \(Value.number(minimum)), found \(Self.describe(v))", v, m.pointer)
                    continue
                }
                if m.key == Profile.carrierField, case .string(let name) = value {
                    guard let id = carrierID(name) else {
                        reader.report(.invalidValue, "unknown carrier '\(name)'" + JSONReader.expectedOneOf(name, knowledgeBase.carrierIDs) + " (use 'other' for any other carrier)", v, m.pointer)
                        continue
                    }
                    profile.values.append((m.key, .string(id)))
                    continue
                }
                profile.values.append((m.key, value))
            }
        }
        return reader.hasErrors ? .failure(ProfileError(diagnostics: reader.diagnostics)) : .success(profile)
    }

    /// The knowledge base's id for a carrier name, ignoring case, spaces and punctuation.
    public func carrierID(_ name: String) -> String? {
        if knowledgeBase.carriers[name] != nil { return name }
        func key(_ s: String) -> String { String(s.lowercased().filter { $0.isLetter || $0.isNumber }) }
        let k = key(name)
        return knowledgeBase.carrierIDs.first { key($0) == k }
    }

    /// A cell's text as the JSON value it stands for in `field`: `true`/`false` for a boolean,
    /// a number for a number field, the items for a list; else the text.
    static func cell(_ text: String, _ field: KnowledgeBase.ProfileField, at node: JSONNode) -> JSONNode {
        let kind: JSONNode.Kind
        switch field.type {
        case .bool where text == "true" || text == "false": kind = .bool(text == "true")
        case .number:
            if let n = Double(text), n.isFinite, text.first.map({ $0.isNumber || $0 == "-" }) == true { kind = .number(n) } else { kind = .string(text) }
        case .list: kind = .array(field.items(text).map { JSONNode(.string($0), line: node.line, column: node.column) })
        default: kind = .string(text)
        }
        return JSONNode(kind, line: node.line, column: node.column)
    }

    static func describe(_ node: JSONNode) -> String {
        switch node.kind {
        case .string(let s): "\"\(s)\""
        case .number(let n): Value.number(n).description
        case .bool(let b): "\(b)"
        default: node.typeName
        }
    }

    /// Converts a JSON value to a fact value of `type`, or says what was expected.
    static func convert(_ node: JSONNode, to type: FactType) -> Result<Value, _Expected> {
        switch (type, node.kind) {
        case (.bool, .bool(let b)): return .success(.bool(b))
        case (.number, .number(let n)): return .success(.number(n))
        case (.string, .string(let s)): return .success(.string(s))
        case (.enumeration(let values), .string(let s)):
            if values.contains(s) { return .success(.string(s)) }
            if let match = values.first(where: { $0.lowercased() == s.lowercased() }) { return .success(.string(match)) }
            return .failure(_Expected("one of " + values.map { "\"\($0)\"" }.joined(separator: ", ") + Suggestion.hint(for: s, in: values)))
        case (.list, .array(let items)) where items.allSatisfy({ $0.stringValue != nil }):
            return .success(.list(items.compactMap(\.stringValue)))
        case (.bool, _): return .failure(_Expected("true or false"))
        case (.number, _): return .failure(_Expected("a number"))
        case (.string, _): return .failure(_Expected("a string"))
        case (.enumeration(let values), _): return .failure(_Expected("one of " + values.map { "\"\($0)\"" }.joined(separator: ", ")))
        case (.list, _): return .failure(_Expected("a list of strings such as [\"zh\", \"en\"]"))
        }
    }
}

struct _Expected: Error, CustomStringConvertible {
    var description: String
    /// What was expected, as a hint text in the person's language.
    var kind: TextKey.Hint
    init(kind: TextKey.Hint = .choice, _ description: String) { self.description = description; self.kind = kind }
}

/// A profile that could not be read, with every problem found.
public struct ProfileError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
