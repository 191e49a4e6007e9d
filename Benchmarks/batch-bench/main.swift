// batch-bench: the batch's speed on the shipped rules (release build; figures printed, never
// asserted). See Benchmarks/batch-bench/run for the whole comparison.
//
//   batch-bench generate [--mix full|unknown] [--distribution skewed|uniform] [--count N] [--seed S]
//       seeded profiles as JSON Lines on standard output
//   batch-bench evaluate FILE [--jobs N] [--detail decision|full] [--rounds R]
//       evaluation alone: the file's records in memory, evaluated into output bytes in memory
//       (reading the profile from its bytes, finding or making its advice, writing its record),
//       with a cold cache each round; then Advisor.decide on 2,000 profiles with no cache
import Advisor
import Foundation
import RulesEngine

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("batch-bench: \(message)\n".utf8))
    exit(64)
}

var args = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name) else { return nil }
    guard i + 1 < args.count else { fail("\(name) needs a value") }
    defer { args.removeSubrange(i...(i + 1)) }
    return args[i + 1]
}

guard case .success(let kb) = KnowledgeBase.loadEmbedded() else { fail("the shipped rules do not load") }
let command = args.first ?? ""
args = Array(args.dropFirst())

switch command {
case "generate":
    guard let mix = Generator.Mix(rawValue: option("--mix") ?? "full") else { fail("--mix: full or unknown") }
    guard let distribution = Generator.Distribution(rawValue: option("--distribution") ?? "skewed") else { fail("--distribution: skewed or uniform") }
    let count = Int(option("--count") ?? "1000000") ?? 0
    var g = Generator(kb, mix: mix, distribution: distribution, seed: UInt64(option("--seed") ?? "1") ?? 1)
    var out: [UInt8] = []
    for n in 0..<count {
        out.append(contentsOf: g.line(n).utf8)
        out.append(0x0A)
        if out.count > 1 << 20 { FileHandle.standardOutput.write(Data(out)); out.removeAll(keepingCapacity: true) }
    }
    FileHandle.standardOutput.write(Data(out))

case "evaluate":
    let jobs = Int(option("--jobs") ?? "1") ?? 1
    guard let detail = BatchOutput.Detail(rawValue: option("--detail") ?? "decision") else { fail("--detail: decision or full") }
    let rounds = Int(option("--rounds") ?? "3") ?? 3
    guard let path = args.first, let data = FileManager.default.contents(atPath: path) else { fail("evaluate needs a readable FILE") }
    var reader = BatchReader(bytes: Array(data), format: .jsonl, name: path)
    var blocks: [[BatchRecord]] = []
    while let block = reader.next(8_192) { blocks.append(block) }
    let count = blocks.reduce(0) { $0 + $1.count }
    var rates: [Double] = []
    var counts = (hits: 0, evaluated: 0)
    for _ in 0..<rounds {
        let evaluator = BatchEvaluator(kb, language: .en, jobs: jobs, output: BatchOutput(detail: detail))
        var bytes = 0
        let start = ContinuousClock.now
        for block in blocks { bytes += evaluator.evaluate(block, file: path).chunks.reduce(0) { $0 + $1.count } }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        rates.append(Double(count) / seconds)
        counts = evaluator.cacheCounts
        precondition(bytes > 0)
    }
    rates.sort()
    let median = rates[rates.count / 2]
    // Without the cache: every profile read and decided.
    let profileReader = ProfileReader(kb)
    let advisor = Advisor(kb)
    let sample = blocks.joined().prefix(2_000).compactMap { record -> Profile? in
        guard case .json(let bytes, _) = record.content else { return nil }
        return try? profileReader.read(bytes: bytes, file: path).get()
    }
    let start = ContinuousClock.now
    for p in sample { _ = try? advisor.decide(p) }
    let elapsed = ContinuousClock.now - start
    let uncached = Double(sample.count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    print("evaluate \(path): \(count) profiles, jobs \(jobs), detail \(detail.rawValue): median \(Int(median)) profiles/s over \(rounds) rounds"
          + " (cache: \(counts.hits) hits, \(counts.evaluated) evaluated); without the cache, Advisor.decide: \(Int(uncached)) profiles/s")

default:
    fail("usage: batch-bench generate [--mix full|unknown] [--distribution skewed|uniform] [--count N] [--seed S] | evaluate FILE [--jobs N] [--detail decision|full] [--rounds R]")
}
