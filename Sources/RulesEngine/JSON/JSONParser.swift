/// A strict JSON parser (RFC 8259) that records the line and column of every value.
///
/// It never traps on bad input: malformed text, invalid UTF-8, numbers out of range (too large,
/// or too small to be told from zero) and nesting deeper than ``maximumDepth`` are all reported
/// as ``JSONSyntaxError``.
public struct JSONParser {
    /// Nesting deeper than this is an error rather than a stack overflow.
    public static let maximumDepth = Limits.jsonDepth

    /// Parses one JSON document.
    /// - Complexity: O(n) in the length of the text.
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONNode {
        var copy = text
        let result: Result<JSONNode, JSONSyntaxError> = copy.withUTF8 { bytes in
            var parser = _Cursor(bytes)
            do throws(JSONSyntaxError) { return .success(try parser.document()) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Parses one JSON document held as UTF-8 bytes.
    /// - Parameters:
    ///   - line: the line the bytes start on in their file (for one record of a larger file).
    ///   - column: the column the bytes start at on that line.
    public static func parse(bytes: UnsafeBufferPointer<UInt8>, line: Int = 1, column: Int = 1) throws(JSONSyntaxError) -> JSONNode {
        var parser = _Cursor(bytes)
        parser.line = line
        parser.lineStart = 1 - column
        return try parser.document()
    }

    /// The length of the valid UTF-8 sequence that starts at `i` (1 to 4), or nil where the
    /// bytes there are not valid UTF-8 (RFC 3629: no overlong forms, surrogates or values past
    /// U+10FFFF).
    public static func utf8SequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        let b0 = bytes[i]
        if b0 < 0x80 { return 1 }
        func continuation(_ k: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            i + k < bytes.count && bytes[i + k] >= low && bytes[i + k] <= high
        }
        switch b0 {
        case 0xC2...0xDF: return continuation(1) ? 2 : nil
        case 0xE0: return continuation(1, 0xA0) && continuation(2) ? 3 : nil
        case 0xED: return continuation(1, 0x80, 0x9F) && continuation(2) ? 3 : nil
        case 0xE1...0xEF: return continuation(1) && continuation(2) ? 3 : nil
        case 0xF0: return continuation(1, 0x90) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF1...0xF3: return continuation(1) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF4: return continuation(1, 0x80, 0x8F) && continuation(2) && continuation(3) ? 4 : nil
        default: return nil
        }
    }

    /// The line and column (counted in Unicode scalars, as diagnostics count them) of the byte
    /// at `offset`, for bytes that start at `line` and `column`.
    public static func position(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>, line: Int = 1, column: Int = 1) -> (line: Int, column: Int) {
        var l = line, c = column
        for b in bytes[..<offset] {
            if b == 0x0A { l += 1; c = 1 } else if b & 0xC0 != 0x80 { c += 1 }
        }
        return (l, c)
    }

    /// The offset of the first byte that is not valid UTF-8, or nil when all of them are.
    public static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        while i < bytes.count {
            if bytes[i] < 0x80 { i += 1; continue }
            guard let n = utf8SequenceLength(bytes, at: i) else { return i }
            i += n
        }
        return nil
    }
}

struct _Cursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var pos = 0
    var line = 1
    var lineStart = 0
    /// UTF-8 continuation bytes seen since `lineStart`, so columns count scalars.
    var continuationBytes = 0
    var depth = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var column: Int { pos - lineStart - continuationBytes + 1 }

    func error(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(message: message, line: line, column: column)
    }

    mutating func document() throws(JSONSyntaxError) -> JSONNode {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { pos = 3; lineStart = 3 }
        skipSpace()
        guard pos < bytes.count else { throw error("the document is empty; expected a JSON value") }
        let node = try value()
        skipSpace()
        if pos < bytes.count { throw error("unexpected \(describe(bytes[pos])) after the JSON value") }
        return node
    }

    mutating func skipSpace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20, 0x09, 0x0D: pos += 1
            case 0x0A:
                pos += 1; line += 1; lineStart = pos; continuationBytes = 0
            default: return
            }
        }
    }

    func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        if byte >= 0x80 { return "non-ASCII character" }
        return "byte 0x" + String(byte, radix: 16)
    }

    mutating func value() throws(JSONSyntaxError) -> JSONNode {
        let l = line, c = column
        guard pos < bytes.count else { throw error("unexpected end of input; expected a value") }
        switch bytes[pos] {
        case UInt8(ascii: "{"): return JSONNode(.object(try object()), line: l, column: c)
        case UInt8(ascii: "["): return JSONNode(.array(try array()), line: l, column: c)
        case UInt8(ascii: "\""): return JSONNode(.string(try string()), line: l, column: c)
        case UInt8(ascii: "t"): try literal("true"); return JSONNode(.bool(true), line: l, column: c)
        case UInt8(ascii: "f"): try literal("false"); return JSONNode(.bool(false), line: l, column: c)
        case UInt8(ascii: "n"): try literal("null"); return JSONNode(.null, line: l, column: c)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONNode(.number(try number()), line: l, column: c)
        default:
            throw error("unexpected \(describe(bytes[pos])); expected a value")
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let n = word.utf8CodeUnitCount
        let w = word.utf8Start
        guard pos + n <= bytes.count else { throw error("invalid literal; expected \(word)") }
        for i in 0..<n where bytes[pos + i] != w[i] { throw error("invalid literal; expected \(word)") }
        pos += n
    }

    mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > JSONParser.maximumDepth { throw error("nesting deeper than \(JSONParser.maximumDepth) levels") }
    }

    mutating func object() throws(JSONSyntaxError) -> [JSONMember] {
        try enter()
        pos += 1
        var members: [JSONMember] = []
        skipSpace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") { pos += 1; depth -= 1; return members }
        while true {
            skipSpace()
            guard pos < bytes.count else { throw error("unexpected end of input; expected a key or '}'") }
            guard bytes[pos] == UInt8(ascii: "\"") else {
                throw error("unexpected \(describe(bytes[pos])); expected a key in double quotes")
            }
            let l = line, c = column
            let key = try string()
            skipSpace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else {
                throw error("expected ':' after the key \"\(key)\"")
            }
            pos += 1
            skipSpace()
            let v = try value()
            members.append(JSONMember(key: key, line: l, column: c, value: v))
            skipSpace()
            guard pos < bytes.count else { throw error("unexpected end of input; expected ',' or '}'") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "}") { pos += 1; depth -= 1; return members }
            throw error("unexpected \(describe(bytes[pos])); expected ',' or '}'")
        }
    }

    mutating func array() throws(JSONSyntaxError) -> [JSONNode] {
        try enter()
        pos += 1
        var items: [JSONNode] = []
        skipSpace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") { pos += 1; depth -= 1; return items }
        while true {
            skipSpace()
            items.append(try value())
            skipSpace()
            guard pos < bytes.count else { throw error("unexpected end of input; expected ',' or ']'") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "]") { pos += 1; depth -= 1; return items }
            throw error("unexpected \(describe(bytes[pos])); expected ',' or ']'")
        }
    }
}
