import Foundation
import RulesEngine

// MARK: - Profiles

/// SplitMix64: small, fast and the same on every platform, so every run sees the same profiles.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func makeProfiles(_ count: Int, for set: CompiledRuleSet) -> [FactBuffer] {
    var random = SplitMix64(state: 20_261_124)
    var profiles: [FactBuffer] = []
    profiles.reserveCapacity(count)
    for _ in 0..<count {
        var buffer = FactBuffer(for: set)
        for fact in inputs where Int.random(in: 0..<100, using: &random) < 85 {
            let value: Value
            switch fact.kind {
            case .bool: value = .bool(Bool.random(using: &random))
            case .number(let range): value = .number(Double(Int.random(in: range, using: &random)))
            case .enumeration(let values): value = .string(values[Int.random(in: 0..<values.count, using: &random)])
            case .list(let values): value = .list(values.filter { _ in Int.random(in: 0..<3, using: &random) == 0 })
            }
            do { try buffer.set(fact.name, value, in: set) } catch { fail("cannot build a profile: \(error)") }
        }
        profiles.append(buffer)
    }
    return profiles
}

// MARK: - Running

func compileRuleSet(scale: Int) -> (CompiledRuleSet, conditions: Int) {
    var documents = [(path: "facts.json", text: declarationsDocument())]
    for copy in 0..<scale {
        let suffix = copy == 0 ? "" : "-\(copy)"
        documents.append(("rules\(suffix).json", #"{"rules": [\#(rules(suffix: suffix).joined(separator: ",\n"))]}"#))
    }
    let loaded = RuleSetLoader().load(documents: documents)
    let output = RuleSetCompiler.compile(loaded)
    for d in output.diagnostics where d.severity == .error { FileHandle.standardError.write(Data("\(d)\n".utf8)) }
    guard let compiled = output.compiled else { fail("the generated rule set does not compile") }
    let conditions = loaded.ruleSet.rules.reduce(0) { $0 + nodeCount($1.condition) }
    return (compiled, conditions)
}

/// Evaluates every profile once; returns the rules fired and the evaluations that failed.
@inline(never)
func evaluateAll(_ evaluator: Evaluator, _ profiles: [FactBuffer]) -> (fired: Int, errors: Int) {
    var fired = 0, errors = 0
    for p in profiles {
        do { fired += try evaluator.evaluateSummary(p) } catch { errors += 1 }
    }
    return (fired, errors)
}

@inline(never)
func evaluateAllWithResults(_ evaluator: Evaluator, _ profiles: [FactBuffer]) -> (score: Double, errors: Int) {
    var score = 0.0, errors = 0
    for p in profiles {
        do { score += try evaluator.evaluate(p).score(of: "online") } catch { errors += 1 }
    }
    return (score, errors)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func nanoseconds(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1e9 + Double(d.components.attoseconds) / 1e9
}

func format(_ x: Double, _ digits: Int = 0) -> String { String(format: "%.\(digits)f", x) }
