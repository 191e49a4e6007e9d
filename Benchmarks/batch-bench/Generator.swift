import Advisor
import RulesEngine

/// Seeded profiles for the benchmark, drawn from the knowledge base's own fields.
///
/// Two mixes: `full` gives every field; `unknown` leaves each field out with probability 1/3,
/// so `missing` has real work. Two distributions: `skewed` (the default) draws the k-th value of
/// a field with weight 1/(k+1)², as a support desk sees a few carriers and answers far more
/// often than the rest; `uniform` draws every value alike, the worst case for the cache.
struct Generator {
    enum Mix: String, CaseIterable { case full, unknown }
    enum Distribution: String, CaseIterable { case skewed, uniform }

    var state: UInt64
    let mix: Mix
    let distribution: Distribution
    let fields: [KnowledgeBase.ProfileField]
    let carriers: [String]
    static let languages = ["zh", "en", "ja", "ko", "vi", "pt", "es", "fr", "tl", "th"]

    init(_ kb: KnowledgeBase, mix: Mix, distribution: Distribution, seed: UInt64) {
        state = seed
        self.mix = mix
        self.distribution = distribution
        fields = kb.profileFields
        carriers = kb.carrierIDs
    }

    /// SplitMix64.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// An index below `n`: uniform, or weighted 1/(k+1)².
    mutating func index(_ n: Int) -> Int {
        guard distribution == .skewed, n > 1 else { return Int(next() % UInt64(max(1, n))) }
        let weights = (0..<n).map { 1 / Double(($0 + 1) * ($0 + 1)) }
        var x = unit() * weights.reduce(0, +)
        for (k, w) in weights.enumerated() { x -= w; if x < 0 { return k } }
        return n - 1
    }

    /// One profile as a JSON Lines line (without its line break).
    mutating func line(_ n: Int) -> String {
        var parts = ["\"id\":\"p\(n)\""]
        for field in fields {
            if mix == .unknown && unit() < 1.0 / 3 { continue }
            let value: String
            switch field.type {
            case .bool: value = index(2) == 0 ? "true" : "false"
            case .enumeration(let values): value = "\"\(values[index(values.count)])\""
            case .string: value = "\"\(carriers[index(carriers.count)])\""
            case .number:
                // A balance is mostly 0; a deadline anything up to three months.
                value = field.name == "balance" ? (unit() < 0.7 ? "0" : "\(1 + next() % 5_000)") : "\(next() % 91)"
            case .list:
                let count = 1 + index(2)
                var items: [String] = []
                while items.count < count {
                    let l = Self.languages[index(Self.languages.count)]
                    if !items.contains(l) { items.append(l) }
                }
                value = "[" + items.map { "\"\($0)\"" }.joined(separator: ",") + "]"
            }
            parts.append("\"\(field.name)\":\(value)")
        }
        return "{" + parts.joined(separator: ",") + "}"
    }
}
