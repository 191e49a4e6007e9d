import Testing
@testable import RulesEngine

@Suite("JSON parser")
struct JSONParserTests {
    struct ValueCase: Sendable, CustomTestStringConvertible {
        var text: String
        var expected: JSONNode.Kind
        var testDescription: String { text }
    }

    static let values: [ValueCase] = [
        .init(text: "null", expected: .null),
        .init(text: "true", expected: .bool(true)),
        .init(text: "false", expected: .bool(false)),
        .init(text: "0", expected: .number(0)),
        .init(text: "-0", expected: .number(0)),
        .init(text: "42", expected: .number(42)),
        .init(text: "-17", expected: .number(-17)),
        .init(text: "1.5", expected: .number(1.5)),
        .init(text: "-1.5e3", expected: .number(-1500)),
        .init(text: "1E2", expected: .number(100)),
        .init(text: "2e-2", expected: .number(0.02)),
        .init(text: "2E+3", expected: .number(2000)),
        .init(text: "123456789012345678", expected: .number(123_456_789_012_345_680)),
        .init(text: "-99999999999999999", expected: .number(-100_000_000_000_000_000)),
        .init(text: "12345678901234567890", expected: .number(12_345_678_901_234_567_168)),
        .init(text: "1e308", expected: .number(1e308)),
        .init(text: #""""#, expected: .string("")),
        .init(text: #""abc""#, expected: .string("abc")),
        .init(text: #""日本語 中文""#, expected: .string("日本語 中文")),
        .init(text: #""😀""#, expected: .string("😀")),
        .init(text: #""\"\\\/\b\f\n\r\t""#, expected: .string("\"\\/\u{8}\u{C}\n\r\t")),
        .init(text: #""\u0041\u00e9\u4E2D""#, expected: .string("Aé中")),
        .init(text: #""\u0000""#, expected: .string("\u{0}")),
        .init(text: #""\ud83d\ude00""#, expected: .string("😀")),
        .init(text: #""\uD83D\uDE00!""#, expected: .string("😀!")),
        .init(text: #""a\u4e2db\ud842\udfb7c""#, expected: .string("a中b𠮷c")),
        .init(text: #""日本\n語""#, expected: .string("日本\n語")),
        .init(text: "[]", expected: .array([])),
        .init(text: "{}", expected: .object([])),
        .init(text: " \t\r\n true \n", expected: .bool(true)),
    ]

    @Test("parses every kind of value", arguments: values)
    func parsesValue(_ c: ValueCase) throws {
        let node = try JSONParser.parse(c.text)
        #expect(node.kind == c.expected)
    }

    @Test func recordsLineAndColumnOfEveryValueCountingScalars() throws {
        let text = """
        {
          "名前": "日本語",
          "list": [1, {"k": null}],
          "😀": true
        }
        """
        let root = try JSONParser.parse(text)
        #expect((root.line, root.column) == (1, 1))
        let members = try #require(root.objectValue)
        #expect(members.map(\.key) == ["名前", "list", "😀"])
        #expect(members.map { [$0.line, $0.column] } == [[2, 3], [3, 3], [4, 3]])
        #expect((members[0].value.line, members[0].value.column) == (2, 9))
        #expect((members[2].value.line, members[2].value.column) == (4, 8))
        let list = try #require(members[1].value.arrayValue)
        #expect(list.map { [$0.line, $0.column] } == [[3, 12], [3, 15]])
        let inner = try #require(list[1]["k"])
        #expect([inner.line, inner.column, inner.value.line, inner.value.column] == [3, 16, 3, 21])
        #expect(inner.value.kind == .null)
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var text: String
        var message: String
        var line: Int
        var column: Int
        var testDescription: String { "\(message) in \(text.debugDescription)" }
    }

    static let errors: [ErrorCase] = [
        .init(text: "", message: "the document is empty; expected a JSON value", line: 1, column: 1),
        .init(text: "  \n   ", message: "the document is empty; expected a JSON value", line: 2, column: 4),
        .init(text: #"{"a": 1} x"#, message: "unexpected 'x' after the JSON value", line: 1, column: 10),
        .init(text: "1 2", message: "unexpected '2' after the JSON value", line: 1, column: 3),
        .init(text: "[1, 2", message: "unexpected end of input; expected ',' or ']'", line: 1, column: 6),
        .init(text: "[", message: "unexpected end of input; expected a value", line: 1, column: 2),
        .init(text: #"{"a": 1"#, message: "unexpected end of input; expected ',' or '}'", line: 1, column: 8),
        .init(text: #"{"a": 1,"#, message: "unexpected end of input; expected a key or '}'", line: 1, column: 9),
        .init(text: #"{"a":"#, message: "unexpected end of input; expected a value", line: 1, column: 6),
        .init(text: #"{"a" 1}"#, message: #"expected ':' after the key "a""#, line: 1, column: 6),
        .init(text: "{a: 1}", message: "unexpected 'a'; expected a key in double quotes", line: 1, column: 2),
        .init(text: #"{"a": 1,}"#, message: "unexpected '}'; expected a key in double quotes", line: 1, column: 9),
        .init(text: "[1,]", message: "unexpected ']'; expected a value", line: 1, column: 4),
        .init(text: "[1 2]", message: "unexpected '2'; expected ',' or ']'", line: 1, column: 4),
        .init(text: #"{"a": 1 "b": 2}"#, message: #"unexpected '"'; expected ',' or '}'"#, line: 1, column: 9),
        .init(text: "tru", message: "invalid literal; expected true", line: 1, column: 1),
        .init(text: "[nul]", message: "invalid literal; expected null", line: 1, column: 2),
        .init(text: "falsy", message: "invalid literal; expected false", line: 1, column: 1),
        .init(text: "True", message: "unexpected 'T'; expected a value", line: 1, column: 1),
        .init(text: "+1", message: "unexpected '+'; expected a value", line: 1, column: 1),
        .init(text: ".5", message: "unexpected '.'; expected a value", line: 1, column: 1),
        .init(text: "[\u{1}]", message: "unexpected byte 0x1; expected a value", line: 1, column: 2),
        .init(text: "[中]", message: "unexpected non-ASCII character; expected a value", line: 1, column: 2),
        .init(text: #""abc"#, message: #"unterminated string; expected a closing '"'"#, line: 1, column: 5),
        .init(text: #""a\"#, message: #"unterminated string; expected a closing '"'"#, line: 1, column: 4),
        .init(text: #""a\qb""#, message: #"invalid escape \q"#, line: 1, column: 4),
        .init(text: #""\u12G4""#, message: #"invalid \u escape; expected 4 hex digits"#, line: 1, column: 6),
        .init(text: #""\u12"#, message: #"incomplete \u escape; expected 4 hex digits"#, line: 1, column: 4),
        .init(text: #""\ud83d""#, message: #"unpaired surrogate in a \u escape"#, line: 1, column: 8),
        .init(text: #""\ude00""#, message: #"unpaired surrogate in a \u escape"#, line: 1, column: 8),
        .init(text: #""\ud83d\u0041""#, message: #"unpaired surrogate in a \u escape"#, line: 1, column: 14),
        .init(text: "\"a\tb\"", message: "control character in a string; expected it escaped", line: 1, column: 3),
        .init(text: "\"a\\n\nb\"", message: "control character in a string; expected it escaped", line: 1, column: 5),
        .init(text: "-", message: "invalid number; expected a digit", line: 1, column: 2),
        .init(text: "-a", message: "invalid number; expected a digit", line: 1, column: 2),
        .init(text: "01", message: "invalid number; leading zeros are not allowed", line: 1, column: 2),
        .init(text: "-00", message: "invalid number; leading zeros are not allowed", line: 1, column: 3),
        .init(text: "1.", message: "invalid number; expected a digit after '.'", line: 1, column: 3),
        .init(text: "1.e5", message: "invalid number; expected a digit after '.'", line: 1, column: 3),
        .init(text: "1e", message: "invalid number; expected a digit in the exponent", line: 1, column: 3),
        .init(text: "1e+", message: "invalid number; expected a digit in the exponent", line: 1, column: 4),
        .init(text: "1e400", message: "number out of range (too large)", line: 1, column: 1),
        .init(text: "[1, -1e999]", message: "number out of range (too large)", line: 1, column: 5),
        .init(text: "1e-400", message: "number out of range (too small to tell from zero)", line: 1, column: 1),
        .init(text: "[0, -2.5e-999]", message: "number out of range (too small to tell from zero)", line: 1, column: 5),
        // Columns count Unicode scalars, so they point at the right character in CJK text.
        .init(text: #"{"名前": "日本語" x}"#, message: "unexpected 'x'; expected ',' or '}'", line: 1, column: 14),
        .init(text: "[\n  \"日本\", \"😀\" 2]", message: "unexpected '2'; expected ',' or ']'", line: 2, column: 13),
        .init(text: "{\"a\": \"中\\n文\",\n \"b\": 中}", message: "unexpected non-ASCII character; expected a value", line: 2, column: 7),
        .init(text: "\u{FEFF}{\"a\": x}", message: "unexpected 'x'; expected a value", line: 1, column: 7),
        .init(text: "{\r\n  \"a\": x}", message: "unexpected 'x'; expected a value", line: 2, column: 8),
    ]

    @Test("reports every syntax error with its position", arguments: errors)
    func reportsSyntaxError(_ c: ErrorCase) {
        #expect(throws: JSONSyntaxError(message: c.message, line: c.line, column: c.column)) {
            try JSONParser.parse(c.text)
        }
    }

    @Test func zeroWrittenAnyWayIsStillZero() throws {
        for text in ["0e-400", "-0.000e-999", "0.0"] {
            #expect(try JSONParser.parse(text).kind == .number(0))
        }
        #expect(try JSONParser.parse("4.9e-324").kind == .number(4.9e-324))
    }

    static let invalidUTF8: [(bytes: [UInt8], column: Int)] = [
        ([0x22, 0xC3, 0x28, 0x22], 2),               // a lead byte without its continuation
        ([0x22, 0x61, 0xFF, 0x22], 3),               // a byte that is never UTF-8
        ([0x22, 0xC0, 0xAF, 0x22], 2),               // an overlong '/'
        ([0x22, 0xED, 0xA0, 0x80, 0x22], 2),         // an encoded surrogate
        ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 2),   // past U+10FFFF
        ([0x22, 0xE4, 0xB8, 0xAD, 0x5C, 0x6E, 0x80, 0x22], 5), // a lone continuation after an escape
        ([0x22, 0xE4, 0xB8, 0x22], 2),               // a sequence cut short by the closing quote
    ]

    @Test("rejects invalid UTF-8 with its position instead of replacing it", arguments: 0..<invalidUTF8.count)
    func rejectsInvalidUTF8(_ i: Int) {
        let c = Self.invalidUTF8[i]
        #expect(throws: JSONSyntaxError(message: "invalid UTF-8 in a string", line: 1, column: c.column)) {
            try c.bytes.withUnsafeBufferPointer { b throws(JSONSyntaxError) in _ = try JSONParser.parse(bytes: b) }
        }
    }

    @Test func validUTF8OfEveryLengthReadsBack() throws {
        let text = #""é中😀\u00e9""#
        let node = try Array(text.utf8).withUnsafeBufferPointer { b throws(JSONSyntaxError) in try JSONParser.parse(bytes: b) }
        #expect(node.kind == .string("é中😀é"))
    }

    @Test func bytesMayStartAtALineAndColumnOfTheirFile() {
        #expect(throws: JSONSyntaxError(message: "unexpected 'x'; expected a value", line: 7, column: 16)) {
            try Array(#"{"a": x}"#.utf8).withUnsafeBufferPointer { b throws(JSONSyntaxError) in _ = try JSONParser.parse(bytes: b, line: 7, column: 10) }
        }
    }

    @Test func errorDescriptionIsLineColonColumnColonMessage() {
        let error = JSONSyntaxError(message: "invalid literal; expected true", line: 3, column: 7)
        #expect(error.description == "3:7: invalid literal; expected true")
    }

    @Test func acceptsNestingUpToTheDepthLimit() throws {
        let depth = JSONParser.maximumDepth
        #expect(depth == 256)
        let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var node = try JSONParser.parse(arrays)
        for _ in 1..<depth { node = try #require(node.arrayValue?.first) }
        #expect(node.kind == .array([]))
        let objects = String(repeating: #"{"k":"#, count: depth - 1) + "{}" + String(repeating: "}", count: depth - 1)
        _ = try JSONParser.parse(objects)
    }

    @Test func rejectsNestingBeyondTheDepthLimitWithoutOverflowingTheStack() {
        let limit = JSONParser.maximumDepth
        #expect(throws: JSONSyntaxError(message: "nesting deeper than 256 levels", line: 1, column: limit + 1)) {
            try JSONParser.parse(String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1))
        }
        #expect(throws: JSONSyntaxError(message: "nesting deeper than 256 levels", line: 1, column: 5 * limit + 1)) {
            try JSONParser.parse(String(repeating: #"{"a":"#, count: limit + 1))
        }
        // A million brackets: still an error at the 257th, not a crash.
        #expect(throws: JSONSyntaxError(message: "nesting deeper than 256 levels", line: 1, column: limit + 1)) {
            try JSONParser.parse(String(repeating: "[", count: 1_000_000))
        }
    }

    static let wholeDocument = """
    {"a": [1, -2.5e3, true, false, null], "b": {"c": "x\\u00e9\\ud83d\\ude00\\n"}, "日本": "語"}
    """

    @Test func everyProperPrefixIsAnErrorAndTheWholeDocumentParses() throws {
        let bytes = Array(Self.wholeDocument.utf8)
        _ = try JSONParser.parse(Self.wholeDocument)
        for length in 0..<bytes.count {
            let prefix = Array(bytes[..<length])
            let outcome = prefix.withUnsafeBufferPointer { buffer in
                Result { () throws(JSONSyntaxError) in try JSONParser.parse(bytes: buffer) }
            }
            guard case .failure(let error) = outcome else {
                Issue.record("the prefix of \(length) bytes parsed")
                continue
            }
            #expect(error.line == 1)
            #expect(error.column >= 1 && error.column <= length + 1, "prefix \(length): \(error)")
        }
    }

    @Test func neverTrapsOnCorruptedBytes() {
        let original = Array(Self.wholeDocument.utf8)
        let replacements: [UInt8] = [0x00, 0x0A, 0x22, 0x2C, 0x3A, 0x5B, 0x5D, 0x5C, 0x7B, 0x7D, 0x75, 0x30, 0x2D, 0x65, 0x80, 0xC3, 0xED, 0xFF]
        var failures = 0
        for i in original.indices {
            for r in replacements where original[i] != r {
                var bytes = original
                bytes[i] = r
                let outcome = bytes.withUnsafeBufferPointer { buffer in
                    Result { () throws(JSONSyntaxError) in try JSONParser.parse(bytes: buffer) }
                }
                if case .failure(let error) = outcome {
                    failures += 1
                    #expect(error.line >= 1 && error.line <= 2 && error.column >= 1 && error.column <= bytes.count + 1)
                }
            }
        }
        // Most single-byte corruptions break the document; a few (inside a string) do not.
        #expect(failures > original.count * replacements.count / 2)
    }

    @Test func nodeAccessorsAndTypeNames() throws {
        let root = try JSONParser.parse(#"{"n": null, "b": true, "x": 2, "s": "t", "a": [], "o": {}, "b": false}"#)
        let members = try #require(root.objectValue)
        #expect(members.map(\.value.typeName) == ["null", "a boolean", "a number", "a string", "an array", "an object", "a boolean"])
        // The subscript finds the first member with the key; duplicates are kept for the loader to report.
        #expect(root["b"]?.value.boolValue == true)
        #expect(root["x"]?.value.numberValue == 2)
        #expect(root["s"]?.value.stringValue == "t")
        #expect(root["a"]?.value.arrayValue == [])
        #expect(root["o"]?.value.objectValue == [])
        #expect(root["missing"] == nil)
        #expect(root["x"]?.value.stringValue == nil)
        #expect(root["s"]?.value.numberValue == nil)
        #expect(root.arrayValue == nil)
    }
}
