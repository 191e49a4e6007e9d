/// Reads an option's text into a typed value, or says what was expected.
public struct ValueParser<Value>: Sendable {
    /// What a shell may offer for the value.
    public var completion: Completion
    /// Reads `text`, the value of the option named `option` (`--jobs`).
    public let parse: @Sendable (_ text: String, _ option: String) throws(UsageError) -> Value

    public init(completion: Completion = .none, parse: @escaping @Sendable (_ text: String, _ option: String) throws(UsageError) -> Value) {
        self.completion = completion
        self.parse = parse
    }

    /// One of a few words: `unknown language 'fr'; expected en, zh-Hans or ja`.
    /// - Parameters:
    ///   - what: the value's kind in the message (`language`).
    ///   - choices: the words listed in the message and offered for completion.
    ///   - make: the value of a text, or nil when it is none of them.
    public static func choice(_ what: String, _ choices: [String], _ make: @escaping @Sendable (String) -> Value?) -> Self {
        Self(completion: .values(choices)) { text, _ throws(UsageError) in
            guard let value = make(text) else {
                throw UsageError("unknown \(what) '\(text)'; expected \(Self.list(choices))")
            }
            return value
        }
    }

    /// `a, b or c`.
    static func list(_ words: [String]) -> String {
        guard let last = words.last else { return "" }
        return words.count == 1 ? last : words.dropLast().joined(separator: ", ") + " or " + last
    }
}

extension ValueParser where Value == String {
    /// The text as it is.
    public static var string: Self { Self { text, _ in text } }
}

extension ValueParser where Value == Int {
    /// A whole number in `range`: `--jobs needs a whole number from 1 to 1024, found '0'`.
    /// - Parameter expected: how the message names the allowed numbers.
    public static func wholeNumber(in range: ClosedRange<Int>, _ expected: String) -> Self {
        Self { text, option throws(UsageError) in
            guard let n = Int(text), range.contains(n) else {
                throw UsageError("\(option) needs \(expected), found '\(text)'")
            }
            return n
        }
    }
}

extension ValueParser where Value: RawRepresentable & CaseIterable & Sendable, Value.RawValue == String {
    /// One of an enumeration's raw values.
    public static func choice(_ what: String) -> Self {
        choice(what, Value.allCases.map(\.rawValue)) { Value(rawValue: $0) }
    }
}
