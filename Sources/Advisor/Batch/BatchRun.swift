import Foundation
import RulesEngine

/// A whole batch: reads the records block by block, evaluates each block on the evaluator's
/// threads, and hands on the advice and the rejections in input order.
///
/// What to do with them is the caller's: `advisor batch` writes the advice to its output file
/// and the rejections to standard error; a test collects both.
public struct BatchRun {
    /// How many profiles were advised and rejected so far.
    public struct Tally: Sendable, Equatable {
        public var advised = 0
        public var rejected = 0

        public init(advised: Int = 0, rejected: Int = 0) {
            self.advised = advised
            self.rejected = rejected
        }

        /// Every record read.
        public var total: Int { advised + rejected }

        /// Whether the output should be kept: not when every record was rejected (an earlier
        /// output then stays as it was).
        public var keepsOutput: Bool { !(advised == 0 && rejected > 0) }
    }

    public let evaluator: BatchEvaluator
    /// How many records are read and evaluated at once.
    public var blockSize: Int

    public init(_ evaluator: BatchEvaluator, blockSize: Int = 4_096) {
        self.evaluator = evaluator
        self.blockSize = max(1, blockSize)
    }

    /// Runs the batch to the end of `reader`.
    ///
    /// For each block, in input order: `reject` for each rejected record, then `write` once
    /// with the block's advice (one line per advised record, each ending in a line break;
    /// possibly empty), then `progress` with the tally so far.
    /// - Returns: the tally of the whole run.
    /// - Throws: what `write` throws; the run stops there.
    public func run<Failure: Error>(
        _ reader: inout BatchReader,
        reject: ([Diagnostic]) -> Void,
        write: (String) throws(Failure) -> Void,
        progress: (Tally) -> Void = { _ in }
    ) throws(Failure) -> Tally {
        var tally = Tally()
        while let block = reader.next(blockSize) {
            var text = ""
            for outcome in evaluator.evaluate(block) {
                switch outcome {
                case .advice(let line):
                    text += line
                    text += "\n"
                    tally.advised += 1
                case .rejected(let diagnostics):
                    tally.rejected += 1
                    reject(diagnostics)
                }
            }
            try write(text)
            progress(tally)
        }
        return tally
    }

    /// `advisor batch: 3 profiles, 2 advised, 1 rejected (0.01 s, 300 profiles/s)`.
    public static func summary(_ tally: Tally, elapsed: Duration) -> String {
        let parts = elapsed.components
        let seconds = Double(parts.seconds) + Double(parts.attoseconds) / 1e18
        let rate = seconds > 0 ? Int(Double(tally.total) / seconds) : 0
        return "advisor batch: \(tally.total) profiles, \(tally.advised) advised, \(tally.rejected) rejected (\(String(format: "%.2f", seconds)) s, \(rate) profiles/s)"
    }
}
