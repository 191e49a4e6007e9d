/// Writes JSON text with keys in the order they are given, into a reusable buffer.
///
/// `pretty` indents by two spaces; otherwise the output is one line (for JSON Lines).
public struct JSONWriter {
    public private(set) var output: String = ""
    let pretty: Bool
    var depth = 0
    /// Whether the current container has had a first element.
    var first: [Bool] = []

    public init(pretty: Bool = false) { self.pretty = pretty }

    /// Empties the buffer, keeping its storage.
    public mutating func reset() {
        output.removeAll(keepingCapacity: true)
        depth = 0
        pendingKey = false
        first.removeAll(keepingCapacity: true)
    }

    /// A key was just written: the value that follows takes no separator.
    var pendingKey = false

    mutating func separate() {
        if pendingKey { pendingKey = false; return }
        guard !first.isEmpty else { return }
        if first[first.count - 1] { first[first.count - 1] = false } else { output += "," }
        if pretty {
            output += "\n"
            for _ in 0..<depth { output += "  " }
        }
    }

    public mutating func beginObject() { separate(); output += "{"; depth += 1; first.append(true) }
    public mutating func endObject() { close("}") }
    public mutating func beginArray() { separate(); output += "["; depth += 1; first.append(true) }
    public mutating func endArray() { close("]") }

    mutating func close(_ bracket: String) {
        let empty = first.popLast() ?? true
        depth -= 1
        if pretty && !empty {
            output += "\n"
            for _ in 0..<depth { output += "  " }
        }
        output += bracket
    }

    /// Starts a member of the current object; the next value written is its value.
    public mutating func key(_ name: String) {
        separate()
        Self.escape(name, into: &output)
        output += pretty ? ": " : ":"
        pendingKey = true
    }

    mutating func valuePrefix() { separate() }

    public mutating func string(_ s: String) { valuePrefix(); Self.escape(s, into: &output) }
    public mutating func bool(_ b: Bool) { valuePrefix(); output += b ? "true" : "false" }
    public mutating func null() { valuePrefix(); output += "null" }
    public mutating func number(_ n: Double) {
        valuePrefix()
        if n.rounded() == n && abs(n) < 1e15 { output += String(Int64(n)) } else if n.isFinite { output += "\(n)" } else { output += "null" }
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

    static func escape(_ s: String, into out: inout String) {
        out += "\""
        // Most strings need no escape: one pass over the UTF-8 finds out, and they are appended
        // whole.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += s
            out += "\""
            return
        }
        // Otherwise append the runs between escapes whole.
        let utf8 = s.utf8
        var runStart = utf8.startIndex
        var i = utf8.startIndex
        while i < utf8.endIndex {
            let byte = utf8[i]
            let replacement: String? = switch byte {
            case 0x22: "\\\""
            case 0x5C: "\\\\"
            case 0x0A: "\\n"
            case 0x0D: "\\r"
            case 0x09: "\\t"
            case 0..<0x20: "\\u00" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
            default: nil
            }
            if let replacement {
                out += s[runStart..<i]
                out += replacement
                runStart = utf8.index(after: i)
            }
            i = utf8.index(after: i)
        }
        out += s[runStart..<utf8.endIndex]
        out += "\""
    }
}
