/// Reads JSON documents whose every value knows its place, collecting diagnostics as it goes.
///
/// The one reader of the project: rule files, the advisor's sections, profiles, fixtures and
/// batch records all go through it, so a problem reads the same wherever it is found:
/// - malformed JSON: `malformed JSON: invalid literal; expected null` at the offending character;
/// - an unknown key: `unknown key 'balanse' in a profile; did you mean 'balance'?; expected one
///   of: …` at the key;
/// - a duplicate key at its second occurrence, a missing key at the object;
/// - a value of the wrong type: `'input' must be a boolean, found a string` at the value;
/// - a value outside its choices: `unknown severity 'hgh'; did you mean 'high'?; expected one of: …`.
///
/// Every diagnostic carries the file, line, column and the RFC 6901 pointer of the value, with
/// `~` and `/` in keys escaped.
public struct JSONReader: Sendable {
    /// The file named in every diagnostic.
    public let file: String
    /// Everything found so far, in the order found.
    public var diagnostics: [Diagnostic] = []
    /// The id of the rule being read, attached to its diagnostics.
    public var ruleID: String?

    public init(file: String) { self.file = file }

    /// Whether an error has been reported.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    // MARK: Parsing

    /// Parses `text`, or reports it as malformed.
    public mutating func parse(_ text: String) -> JSONNode? {
        do throws(JSONSyntaxError) { return try JSONParser.parse(text) } catch { return malformed(error) }
    }

    /// Parses the UTF-8 bytes of a value that starts at `line` and `column` of the file, or
    /// reports them as malformed (invalid UTF-8 included).
    public mutating func parse(bytes: [UInt8], line: Int = 1, column: Int = 1) -> JSONNode? {
        let parsed = bytes.withUnsafeBufferPointer { b -> Result<JSONNode, JSONSyntaxError> in
            do throws(JSONSyntaxError) { return .success(try JSONParser.parse(bytes: b, line: line, column: column)) } catch { return .failure(error) }
        }
        switch parsed {
        case .success(let node): return node
        case .failure(let error): return malformed(error)
        }
    }

    private mutating func malformed(_ error: JSONSyntaxError) -> JSONNode? {
        diagnostics.append(Diagnostic(.malformedJSON, .error, "malformed JSON: \(error.message)", at: SourceLocation(file: file, line: error.line, column: error.column, pointer: "")))
        return nil
    }

    // MARK: Places

    /// Where `node` stands, at `pointer`.
    public func location(of node: JSONNode, _ pointer: String) -> SourceLocation {
        SourceLocation(file: file, line: node.line, column: node.column, pointer: pointer)
    }

    /// Reports an error (or a finding of another severity) about `node` at `pointer`.
    public mutating func report(_ code: DiagnosticCode, _ message: String, _ node: JSONNode, _ pointer: String, severity: Severity = .error) {
        report(code, message, at: location(of: node, pointer), severity: severity)
    }

    /// Reports a finding at `location`.
    public mutating func report(_ code: DiagnosticCode, _ message: String, at location: SourceLocation, severity: Severity = .error) {
        diagnostics.append(Diagnostic(code, severity, message, at: location, rule: ruleID))
    }

    /// `pointer` extended by an object key, escaped as RFC 6901 says (`~` as `~0`, `/` as `~1`).
    public static func pointer(_ pointer: String, key: String) -> String {
        pointer + "/" + escape(key)
    }

    /// `pointer` extended by an array index.
    public static func pointer(_ pointer: String, index: Int) -> String {
        pointer + "/\(index)"
    }

    /// A key escaped for a JSON pointer.
    public static func escape(_ key: String) -> String {
        // Bytes, not String.contains: on Linux that goes through Foundation, which is slow.
        guard key.utf8.contains(where: { $0 == 0x7E || $0 == 0x2F }) else { return key }
        return key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// `; did you mean 'x'?; expected one of: a, b, c`: the tail of a message about a name
    /// that is not among `candidates`.
    public static func expectedOneOf(_ name: String, _ candidates: [String], separator: String = ", ") -> String {
        Suggestion.hint(for: name, in: candidates) + "; expected one of: " + candidates.joined(separator: separator)
    }
}

/// The members of a JSON object as read against a schema: known keys only, first occurrence
/// of each, in the order written.
public struct JSONObject: Sendable {
    /// One member: its key, its value, the value's pointer and the key's place.
    public struct Member: Sendable {
        public var key: String
        public var node: JSONNode
        public var pointer: String
        public var line: Int
        public var column: Int
    }

    /// The object itself.
    public var node: JSONNode
    public var pointer: String
    public var members: [Member]

    /// The member named `key`.
    public subscript(key: String) -> Member? { members.first { $0.key == key } }

    public var keys: [String] { members.map(\.key) }
}

extension JSONReader {
    /// What an object may hold.
    public struct Schema: Sendable {
        /// The keys allowed, or nil for any key.
        public var allowed: [String]?
        /// The keys that must be present.
        public var required: [String]
        /// What a key is called in messages: `key`, or `field` for a profile.
        public var keyNoun: String

        public init(allowed: [String]? = nil, required: [String] = [], keyNoun: String = "key") {
            self.allowed = allowed
            self.required = required
            self.keyNoun = keyNoun
        }
    }

    /// Reads `node` as an object of `what` (`a fact declaration`, `'policy'`) against a schema.
    ///
    /// Reports a wrong type, each duplicate key (the first stands), each unknown key (with the
    /// nearest allowed key and the list of allowed keys) and each missing required key. Returns
    /// nil only when `node` is not an object; unknown and repeated keys are left out.
    public mutating func object(_ node: JSONNode, _ pointer: String, what: String, _ schema: Schema = Schema()) -> JSONObject? {
        guard let object = node.objectValue else {
            report(.wrongType, "\(what) must be an object, found \(node.typeName)", node, pointer)
            return nil
        }
        var seen = Set<String>()
        var members: [JSONObject.Member] = []
        for m in object {
            let p = Self.pointer(pointer, key: m.key)
            let at = SourceLocation(file: file, line: m.line, column: m.column, pointer: p)
            guard seen.insert(m.key).inserted else {
                report(.duplicateKey, "\(what) has the \(schema.keyNoun) '\(m.key)' twice", at: at)
                continue
            }
            if let allowed = schema.allowed, !allowed.contains(m.key) {
                report(.unknownKey, "unknown \(schema.keyNoun) '\(m.key)' in \(what)" + Self.expectedOneOf(m.key, allowed), at: at)
                continue
            }
            members.append(JSONObject.Member(key: m.key, node: m.value, pointer: p, line: m.line, column: m.column))
        }
        for key in schema.required where !seen.contains(key) {
            report(.missingKey, "\(what) lacks the \(schema.keyNoun) '\(key)'", node, pointer)
        }
        return JSONObject(node: node, pointer: pointer, members: members)
    }

    /// `object(_:_:what:_:)` with the allowed and required keys given directly.
    public mutating func object(_ node: JSONNode, _ pointer: String, what: String, allowed: [String]?, required: [String] = []) -> JSONObject? {
        object(node, pointer, what: what, Schema(allowed: allowed, required: required))
    }

    /// The items of an array, each with its pointer; nil (reported) when `node` is not one.
    public mutating func array(_ node: JSONNode, _ pointer: String, what: String) -> [(node: JSONNode, pointer: String)]? {
        guard let items = node.arrayValue else {
            report(.wrongType, "\(what) must be an array, found \(node.typeName)", node, pointer)
            return nil
        }
        return items.enumerated().map { ($0.element, Self.pointer(pointer, index: $0.offset)) }
    }

    /// A non-empty string (an empty one is reported as an invalid value).
    public mutating func string(_ node: JSONNode, _ pointer: String, what: String, allowEmpty: Bool = false) -> String? {
        guard let s = node.stringValue else {
            report(.wrongType, "\(what) must be a string, found \(node.typeName)", node, pointer)
            return nil
        }
        if s.isEmpty && !allowEmpty {
            report(.invalidValue, "\(what) must not be empty", node, pointer)
            return nil
        }
        return s
    }

    /// The string of a member, when there is the member.
    public mutating func string(_ member: JSONObject.Member?, what: String, allowEmpty: Bool = false) -> String? {
        member.flatMap { string($0.node, $0.pointer, what: what, allowEmpty: allowEmpty) }
    }

    /// A boolean.
    public mutating func bool(_ member: JSONObject.Member, what: String) -> Bool? {
        guard let b = member.node.boolValue else {
            report(.wrongType, "\(what) must be a boolean, found \(member.node.typeName)", member.node, member.pointer)
            return nil
        }
        return b
    }

    /// A number.
    public mutating func number(_ member: JSONObject.Member, what: String) -> Double? {
        guard let n = member.node.numberValue else {
            report(.wrongType, "\(what) must be a number, found \(member.node.typeName)", member.node, member.pointer)
            return nil
        }
        return n
    }

    /// A whole number within `range`.
    public mutating func wholeNumber(_ member: JSONObject.Member, what: String, in range: ClosedRange<Int>) -> Int? {
        if let n = member.node.numberValue, n.rounded() == n, Double(range.lowerBound) <= n, n <= Double(range.upperBound) { return Int(n) }
        let found = member.node.numberValue.map { "\(Value.number($0))" } ?? member.node.typeName
        report(.wrongType, "\(what) must be a whole number between \(range.lowerBound) and \(range.upperBound), found \(found)", member.node, member.pointer)
        return nil
    }

    /// A string that must be one of `choices`: `unknown <noun> 'x'; did you mean …; expected one of: …`.
    public mutating func choice(_ node: JSONNode, _ pointer: String, what: String, noun: String, among choices: [String], separator: String = ", ") -> String? {
        guard let s = string(node, pointer, what: what) else { return nil }
        guard choices.contains(s) else {
            report(.invalidValue, "unknown \(noun) '\(s)'" + Self.expectedOneOf(s, choices, separator: separator), node, pointer)
            return nil
        }
        return s
    }

    /// A list of strings, each checked against `allowed` when given (`unknown <noun> 'x'`).
    /// Items that are not strings or not allowed are reported and left out.
    public mutating func strings(_ node: JSONNode, _ pointer: String, what: String, noun: String, allowed: [String]? = nil) -> [String]? {
        guard let items = node.arrayValue else {
            report(.wrongType, "\(what) must be a list of strings, found \(node.typeName)", node, pointer)
            return nil
        }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            let p = Self.pointer(pointer, index: i)
            guard let s = item.stringValue else {
                report(.wrongType, "each \(noun) must be a string, found \(item.typeName)", item, p)
                continue
            }
            if let allowed, !allowed.contains(s) {
                report(.invalidValue, "unknown \(noun) '\(s)'\(Suggestion.hint(for: s, in: allowed))", item, p)
                continue
            }
            out.append(s)
        }
        return out
    }
}
