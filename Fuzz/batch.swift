// Fuzz target `batch` (the CSV reader, and the JSON Lines and JSON array readers): the input is a
// batch file; its first byte picks the format: `[` a JSON array, `{` JSON Lines, else CSV.
//  1. BatchReader(bytes:format:name:), next(4096) until nil; the first 8 records' outcomes with
//     BatchEvaluator.outcomes (the shipped rules; language by input size). Traps when a record's
//     advice is not valid JSON.
//  2. The same input read in blocks of 1 to 3 records must give the same records.
//  3. The same input read with a 64-byte record limit (the "too large" paths) must not trap.
// Every read must end: more records than input bytes (plus one) is a finding.
import Advisor
import Foundation
import RulesEngine

let kb = FuzzSupport.knowledgeBase
let evaluators = Language.allCases.map { BatchEvaluator(kb, language: $0, jobs: 1) }

func format(of bytes: UnsafeBufferPointer<UInt8>) -> BatchFormat {
    switch bytes.first {
    case UInt8(ascii: "["): .json
    case UInt8(ascii: "{"): .jsonl
    default: .csv
    }
}

/// Every record, read in blocks of `block`.
func readAll(_ input: [UInt8], _ format: BatchFormat, block: Int, limit: Int = BatchReader.maximumRecordBytes) -> [BatchRecord] {
    var reader = BatchReader(bytes: input, format: format, name: "fuzz", maximumRecordBytes: limit)
    var records: [BatchRecord] = []
    var blocks = 0
    while let next = reader.next(block) {
        blocks += 1
        records += next
        // Every record but a last error consumes at least one byte; more means next() never ends.
        if records.count > input.count + 1 || blocks > input.count + 2 {
            fatalError("FUZZ FINDING: BatchReader(format: .\(format)).next(\(block)) does not end: \(records.count) records in \(blocks) blocks from \(input.count) bytes; the last: \(records.last.map { "\($0.line) \($0.content)" } ?? "none")")
        }
    }
    return records
}

/// The same line and content (comparing descriptions only for cases this file does not know).
func same(_ a: BatchRecord, _ b: BatchRecord) -> Bool {
    guard a.line == b.line else { return false }
    switch (a.content, b.content) {
    case (.json(let x, let cx), .json(let y, let cy)): return x == y && cx == cy
    case (.cells(let x), .cells(let y)): return x == y
    case (.invalid(let x), .invalid(let y)): return x == y
    default: return String(describing: a.content) == String(describing: b.content)
    }
}

/// FUZZ_BATCH_FORMATS=csv,jsonl (say) skips inputs of the other formats: to fuzz the CSV reader
/// while a known JSON-array finding is open.
let formats: Set<BatchFormat> = {
    guard let list = ProcessInfo.processInfo.environment["FUZZ_BATCH_FORMATS"], !list.isEmpty else { return Set(BatchFormat.allCases) }
    return Set(list.split(separator: ",").compactMap { BatchFormat(rawValue: String($0)) })
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzSupport.withBytes(data, size) { bytes in
        let input = Array(bytes)
        let format = format(of: bytes)
        guard formats.contains(format) else { return 0 }
        let records = readAll(input, format, block: 4096)
        let evaluator = evaluators[size % evaluators.count]
        // The first records' outcomes; more rows of the same file add time rather than coverage.
        for outcome in evaluator.outcomes(Array(records.prefix(8)), file: "fuzz") {
            switch outcome {
            case .advice(let json): FuzzSupport.requireJSON(json, "the batch advice line")
            case .rejected(let diagnostics): for d in diagnostics { _ = d.description }
            }
        }

        let small = readAll(input, format, block: 1 + size % 3)
        if records.count != small.count || !zip(records, small).allSatisfy(same) {
            let a = records.map { "\($0.line) \($0.content)" }, b = small.map { "\($0.line) \($0.content)" }
            fatalError("FUZZ FINDING: BatchReader gives other records in blocks of \(1 + size % 3) than of 4096 (\(a.count) vs \(b.count)):\n\(a.joined(separator: "\n"))\n--\n\(b.joined(separator: "\n"))")
        }

        for record in readAll(input, format, block: 4096, limit: 64) {
            if case .invalid(let d) = record.content { _ = d.description }
        }
        return 0
    }
}
