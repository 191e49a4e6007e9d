import RulesEngine

/// A person's situation: the profile fields of the contract, each optional.
public struct Profile: Sendable, Equatable {
    /// The profile's own id, echoed in the advice.
    public var id: String?
    /// The carrier id (normalised to the knowledge base's spelling).
    public var carrier: String?
    /// The given fields other than `id`, in the order they were given.
    public var values: [(field: String, value: Value)]

    public init(id: String? = nil, carrier: String? = nil, values: [(field: String, value: Value)] = []) {
        self.id = id
        self.carrier = carrier
        self.values = values
    }

    public func value(of field: String) -> Value? { values.first { $0.field == field }?.value }

    /// This profile with every field `other` gives replaced by `other`'s value (and its id,
    /// when it has one).
    public func overridden(by other: Profile) -> Profile {
        var merged = self
        if let id = other.id { merged.id = id }
        for (field, value) in other.values {
            merged.values.removeAll { $0.field == field }
            merged.values.append((field, value))
            if field == "carrier" { merged.carrier = other.carrier }
        }
        return merged
    }

    public static func == (a: Profile, b: Profile) -> Bool {
        a.id == b.id && a.carrier == b.carrier && a.values.map(\.field) == b.values.map(\.field) && a.values.map(\.value) == b.values.map(\.value)
    }
}

/// Reads profiles from JSON against a knowledge base, reporting every problem with its place.
public struct ProfileReader: Sendable {
    public let knowledgeBase: KnowledgeBase
    /// Fields that must be whole numbers ≥ 0 or numbers ≥ 0.
    static let nonNegative = ["balance", "deadlineDays"]

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
        let parsed = bytes.withUnsafeBufferPointer { b -> Result<JSONNode, JSONSyntaxError> in
            do throws(JSONSyntaxError) { return .success(try JSONParser.parse(bytes: b, line: line, column: column)) } catch { return .failure(error) }
        }
        switch parsed {
        case .success(let node): return read(node, file: file)
        case .failure(let error):
            return .failure(ProfileError(diagnostics: [Diagnostic(.malformedJSON, .error, "malformed JSON: \(error.message)", at: SourceLocation(file: file, line: error.line, column: error.column, pointer: ""))]))
        }
    }

    /// Reads one profile from a parsed JSON object.
    public func read(_ node: JSONNode, file: String, lineOffset: Int = 0, pointer: String = "") -> Result<Profile, ProfileError> {
        var diagnostics: [Diagnostic] = []
        func report(_ code: DiagnosticCode, _ message: String, _ line: Int, _ column: Int, _ p: String) {
            diagnostics.append(Diagnostic(code, .error, message, at: SourceLocation(file: file, line: line + lineOffset, column: column, pointer: p)))
        }
        guard let members = node.objectValue else {
            report(.wrongType, "a profile must be a JSON object, found \(node.typeName)", node.line, node.column, pointer)
            return .failure(ProfileError(diagnostics: diagnostics))
        }
        var profile = Profile()
        var seen = Set<String>()
        let names = fieldNames
        for m in members {
            let p = pointer + "/" + m.key
            let v = m.value
            guard seen.insert(m.key).inserted else {
                report(.duplicateKey, "the field '\(m.key)' is given twice", m.line, m.column, p)
                continue
            }
            if m.key == "id" {
                switch v.kind {
                case .string(let s): profile.id = s
                case .number(let n) where n.rounded() == n && abs(n) < 1e15: profile.id = String(Int64(n))
                case .null: break
                default: report(.wrongType, "'id' must be a string, found \(v.typeName)", v.line, v.column, p)
                }
                continue
            }
            guard let field = knowledgeBase.profileField(m.key) else {
                report(.unknownKey, "unknown field '\(m.key)'\(Suggestion.hint(for: m.key, in: names)); expected one of: \(names.joined(separator: ", "))", m.line, m.column, p)
                continue
            }
            if case .null = v.kind { continue }
            switch Self.convert(v, to: field.type) {
            case .failure(let expected):
                report(.wrongType, "'\(m.key)' must be \(expected), found \(Self.describe(v))", v.line, v.column, p)
            case .success(let value):
                if case .number(let n) = value, Self.nonNegative.contains(m.key), n < 0 {
                    report(.invalidValue, "'\(m.key)' must be a number ≥ 0, found \(Self.describe(v))", v.line, v.column, p)
                    continue
                }
                if m.key == "carrier", case .string(let name) = value {
                    guard let id = carrierID(name) else {
                        let ids = knowledgeBase.carrierIDs
                        report(.invalidValue, "unknown carrier '\(name)'\(Suggestion.hint(for: name, in: ids)); expected one of: \(ids.joined(separator: ", ")) (use 'other' for any other carrier)", v.line, v.column, p)
                        continue
                    }
                    profile.carrier = id
                    profile.values.append((m.key, .string(id)))
                    continue
                }
                profile.values.append((m.key, value))
            }
        }
        return diagnostics.isEmpty ? .success(profile) : .failure(ProfileError(diagnostics: diagnostics))
    }

    /// The knowledge base's id for a carrier name, ignoring case, spaces and punctuation.
    public func carrierID(_ name: String) -> String? {
        if knowledgeBase.carriers[name] != nil { return name }
        func key(_ s: String) -> String { String(s.lowercased().filter { $0.isLetter || $0.isNumber }) }
        let k = key(name)
        return knowledgeBase.carrierIDs.first { key($0) == k }
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
    /// What was expected, as the key of a hint text (`hint.<kind>`) in the person's language.
    var kind: String
    init(kind: String = "", _ description: String) { self.description = description; self.kind = kind }
}

/// A profile that could not be read, with every problem found.
public struct ProfileError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
