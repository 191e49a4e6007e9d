import Foundation
import Testing
@testable import Advisor
import RulesEngine

// Property tests over seeded random profiles and JSON values. Every generator is driven by
// SplitMix64 with a fixed seed (printed in every failure, with the failing input), so a failure
// repeats exactly.

// MARK: - Support

/// SplitMix64: a small, fast, deterministic generator (the same sequence on every platform).
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<n (n > 0).
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(UInt64(1) << 53) < p }
    mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }

    /// Fisher–Yates, so the order depends only on the seed (not on the standard library).
    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) { items.swapAt(i, int(i + 1)) }
    }

    mutating func shuffled<T>(_ items: [T]) -> [T] {
        var copy = items
        shuffle(&copy)
        return copy
    }
}

/// A JSON value without positions, with members in order (duplicates allowed).
indirect enum PJ {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([PJ])
    case object([(key: String, value: PJ)])

    init(_ node: JSONNode) {
        switch node.kind {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let n): self = .number(n)
        case .string(let s): self = .string(s)
        case .array(let items): self = .array(items.map(PJ.init))
        case .object(let members): self = .object(members.map { ($0.key, PJ($0.value)) })
        }
    }

    /// Structural equality; strings compare by their Unicode scalars (not by canonical
    /// equivalence, which `String.==` uses), numbers by value.
    static func same(_ a: PJ, _ b: PJ) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key.unicodeScalars.elementsEqual($1.key.unicodeScalars) && same($0.value, $1.value) }
        default: return false
        }
    }

    func write(to w: inout JSONWriter) {
        switch self {
        case .null: w.null()
        case .bool(let b): w.bool(b)
        case .number(let n): w.number(n)
        case .string(let s): w.string(s)
        case .array(let items):
            w.beginArray()
            for item in items { item.write(to: &w) }
            w.endArray()
        case .object(let members):
            w.beginObject()
            for m in members { w.key(m.key); m.value.write(to: &w) }
            w.endObject()
        }
    }

    func json(pretty: Bool = false) -> String {
        var w = JSONWriter(pretty: pretty)
        write(to: &w)
        return w.output
    }
}
