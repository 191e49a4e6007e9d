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
            // Append the runs between escapes whole; most strings are one run.
            var runStart = 0
            for (i, byte) in utf8.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
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
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        out.append(0x22)
    }
}
