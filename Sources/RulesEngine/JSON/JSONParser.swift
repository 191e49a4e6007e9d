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

    mutating func string() throws(JSONSyntaxError) -> String {
        pos += 1
        let start = pos
        // Fast path: no escapes.
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
                pos += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw error("control character in a string; expected it escaped") }
            if b >= 0x80 { try multibyte(); continue }
            pos += 1
        }
        var out = Array(UnsafeBufferPointer(rebasing: bytes[start..<pos]))
        while pos < bytes.count {
            let b = bytes[pos]
            switch b {
            case UInt8(ascii: "\""):
                pos += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                pos += 1
                guard pos < bytes.count else { break }
                let e = bytes[pos]
                pos += 1
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if scalar >= 0xD800 && scalar < 0xDC00 {
                        guard pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") else {
                            throw error("unpaired surrogate in a \\u escape")
                        }
                        pos += 2
                        let low = try hex4()
                        guard low >= 0xDC00 && low < 0xE000 else { throw error("unpaired surrogate in a \\u escape") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if scalar >= 0xDC00 && scalar < 0xE000 {
                        throw error("unpaired surrogate in a \\u escape")
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default:
                    pos -= 1
                    throw error("invalid escape \\\(Character(Unicode.Scalar(e)))")
                }
            default:
                if b < 0x20 { throw error("control character in a string; expected it escaped") }
                if b >= 0x80 {
                    let from = pos
                    try multibyte()
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from..<pos]))
                    continue
                }
                out.append(b)
                pos += 1
            }
        }
        throw error("unterminated string; expected a closing '\"'")
    }

    /// Steps over one multi-byte UTF-8 character, which must be valid.
    mutating func multibyte() throws(JSONSyntaxError) {
        guard let n = JSONParser.utf8SequenceLength(bytes, at: pos) else { throw error("invalid UTF-8 in a string") }
        pos += n
        continuationBytes += n - 1
    }

    mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard pos + 4 <= bytes.count else { throw error("incomplete \\u escape; expected 4 hex digits") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[pos]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw error("invalid \\u escape; expected 4 hex digits")
            }
            v = v << 4 | d
            pos += 1
        }
        return v
    }

    mutating func number() throws(JSONSyntaxError) -> Double {
        let start = pos
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        if bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        guard pos < bytes.count, isDigit(bytes[pos]) else { throw error("invalid number; expected a digit") }
        if bytes[pos] == UInt8(ascii: "0") {
            pos += 1
            if pos < bytes.count, isDigit(bytes[pos]) { throw error("invalid number; leading zeros are not allowed") }
        } else {
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            guard pos < bytes.count, isDigit(bytes[pos]) else { throw error("invalid number; expected a digit after '.'") }
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
            pos += 1
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") { pos += 1 }
            guard pos < bytes.count, isDigit(bytes[pos]) else { throw error("invalid number; expected a digit in the exponent") }
            while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        }
        // Integers that fit are converted without a string.
        var n: Int64 = 0
        var simple = pos - start <= 18
        var i = start
        var negative = false
        if simple {
            if bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 }
            while i < pos {
                let b = bytes[i]
                guard isDigit(b) else { simple = false; break }
                n = n * 10 + Int64(b - 0x30)
                i += 1
            }
        }
        if simple { return Double(negative ? -n : n) }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
        let l = line, c = start - lineStart - continuationBytes + 1
        guard let d = Double(text), d.isFinite else {
            throw JSONSyntaxError(message: "number out of range (too large)", line: l, column: c)
        }
        if d == 0, text.prefix(while: { $0 != "e" && $0 != "E" }).contains(where: { ("1"..."9").contains($0) }) {
            throw JSONSyntaxError(message: "number out of range (too small to tell from zero)", line: l, column: c)
        }
        return d
    }
}
