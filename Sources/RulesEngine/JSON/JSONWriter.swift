/// Writes JSON text with keys in the order they are given, into a reusable buffer.
///
/// `pretty` indents by two spaces; otherwise the output is one line (for JSON Lines).
public struct JSONWriter {
    /// The UTF-8 written so far. Bytes, not a `String`: appending bytes is several times
    /// cheaper than appending many small strings.
    public private(set) var bytes: [UInt8] = []
    let pretty: Bool
    var depth = 0
    /// Whether the current container has had a first element.
    var first: [Bool] = []

    public init(pretty: Bool = false) { self.pretty = pretty }

    /// The JSON text written so far.
    public var output: String { String(decoding: bytes, as: UTF8.self) }

    /// Empties the buffer, keeping its storage.
    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        depth = 0
        pendingKey = false
        first.removeAll(keepingCapacity: true)
    }

    /// A key was just written: the value that follows takes no separator.
    var pendingKey = false

    mutating func separate() {
        if pendingKey { pendingKey = false; return }
        guard !first.isEmpty else { return }
        if first[first.count - 1] { first[first.count - 1] = false } else { bytes.append(UInt8(ascii: ",")) }
        if pretty { newline() }
    }

    mutating func newline() {
        bytes.append(0x0A)
        for _ in 0..<depth { bytes.append(0x20); bytes.append(0x20) }
    }

    mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    public mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); depth += 1; first.append(true) }
    public mutating func endObject() { close(UInt8(ascii: "}")) }
    public mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); depth += 1; first.append(true) }
    public mutating func endArray() { close(UInt8(ascii: "]")) }

    mutating func close(_ bracket: UInt8) {
        let empty = first.popLast() ?? true
        depth -= 1
        if pretty && !empty { newline() }
        bytes.append(bracket)
    }

    /// Starts a member of the current object; the next value written is its value.
    public mutating func key(_ name: String) {
        separate()
        Self.escape(name, into: &bytes)
        bytes.append(UInt8(ascii: ":"))
        if pretty { bytes.append(0x20) }
        pendingKey = true
    }

    mutating func valuePrefix() { separate() }

    public mutating func string(_ s: String) { valuePrefix(); Self.escape(s, into: &bytes) }
    public mutating func bool(_ b: Bool) { valuePrefix(); append(b ? "true" : "false") }
    public mutating func null() { valuePrefix(); append("null") }
    public mutating func number(_ n: Double) {
        valuePrefix()
        if n.rounded() == n && abs(n) < 1e15 { append(String(Int64(n))) } else if n.isFinite { append("\(n)") } else { append("null") }
    }

    /// Writes a fact value.
    public mutating func value(_ v: Value) {
        switch v {
        case .bool(let b): bool(b)
        case .number(let n): number(n)
        case .string(let s): string(s)
        case .list(let items):
            beginArray()
            for i in items { string(i) }
            endArray()
        }
    }

    public mutating func strings(_ items: [String]) {
        beginArray()
        for i in items { string(i) }
        endArray()
    }

    /// Appends `s` as a JSON string: quotes, backslashes and control characters escaped.
    public static func escape(_ s: String, into out: inout [UInt8]) {
        out.append(0x22)
        var s = s
        s.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else { return }
            let count = utf8.count
            // Append the runs between escapes whole; most strings are one run. Eight bytes at
            // a time are passed over while none of them needs escaping.
            var runStart = 0, i = 0
            while i < count {
                if i + 8 <= count {
                    let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                    if !needsEscape(word) { i += 8; continue }
                }
                let byte = base[i]
                if byte < 0x20 || byte == 0x22 || byte == 0x5C {
                    out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: i - runStart))
                    out.append(0x5C)
                    switch byte {
                    case 0x22, 0x5C: out.append(byte)
                    case 0x0A: out.append(UInt8(ascii: "n"))
                    case 0x0D: out.append(UInt8(ascii: "r"))
                    case 0x09: out.append(UInt8(ascii: "t"))
                    default:
                        let hex = Array("0123456789abcdef".utf8)
                        out.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
                    }
                    runStart = i + 1
                }
                i += 1
            }
            out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: count - runStart))
        }
        out.append(0x22)
    }

    /// Whether any of the eight bytes of `word` is a control character, a quote or a backslash
    /// (exact: a byte of 0x80 or more, as in UTF-8's longer forms, never counts).
    @inline(__always)
    static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        // A byte below 0x20; a byte equal to 0x22 or 0x5C is a zero byte after the exclusive or.
        func hasZero(_ v: UInt64) -> Bool { (v &- ones) & ~v & highs != 0 }
        let below = (word &- 0x20 &* ones) & ~word & highs != 0
        return below || hasZero(word ^ (0x22 &* ones)) || hasZero(word ^ (0x5C &* ones))
    }
}
