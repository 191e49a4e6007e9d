// Fuzz target `json`: JSONParser.parse(bytes:) never traps, and what it parses survives a round
// trip through JSONWriter (compact and pretty) unchanged, positions aside.
import RulesEngine

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzSupport.withBytes(data, size) { bytes in
        let node: JSONNode
        do { node = try JSONParser.parse(bytes: bytes) } catch { return 0 }
        for pretty in [false, true] {
            var writer = JSONWriter(pretty: pretty)
            write(node, to: &writer)
            let again: JSONNode
            do {
                again = try writer.bytes.withUnsafeBufferPointer { b throws(JSONSyntaxError) in try JSONParser.parse(bytes: b) }
            } catch {
                fatalError("FUZZ FINDING: JSONWriter(pretty: \(pretty)) wrote text that does not parse (\(error)):\n\(writer.output)")
            }
            guard sameValue(node, again) else {
                fatalError("FUZZ FINDING: the JSON round trip (pretty: \(pretty)) changed the value:\nwritten: \(writer.output)\nfirst:  \(node.kind)\nagain:  \(again.kind)")
            }
        }
        return 0
    }
}

/// Writes a parsed value back with the writer's public API.
func write(_ node: JSONNode, to w: inout JSONWriter) {
    switch node.kind {
    case .null: w.null()
    case .bool(let b): w.bool(b)
    case .number(let n): w.number(n)
    case .string(let s): w.string(s)
    case .array(let items):
        w.beginArray()
        for item in items { write(item, to: &w) }
        w.endArray()
    case .object(let members):
        w.beginObject()
        for m in members { w.key(m.key); write(m.value, to: &w) }
        w.endObject()
    }
}

/// Equal kinds, ignoring lines and columns; strings compared byte for byte (not by Unicode
/// canonical equivalence, which `==` uses).
func sameValue(_ a: JSONNode, _ b: JSONNode) -> Bool {
    switch (a.kind, b.kind) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.number(let x), .number(let y)): return x == y
    case (.string(let x), .string(let y)): return x.utf8.elementsEqual(y.utf8)
    case (.array(let x), .array(let y)):
        return x.count == y.count && zip(x, y).allSatisfy { sameValue($0, $1) }
    case (.object(let x), .object(let y)):
        return x.count == y.count && zip(x, y).allSatisfy { $0.key.utf8.elementsEqual($1.key.utf8) && sameValue($0.value, $1.value) }
    default: return false
    }
}
