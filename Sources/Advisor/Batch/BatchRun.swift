import Foundation
import RulesEngine

/// One input of a batch: a file (or `-` for standard input), or bytes in memory.
public enum BatchSource: Sendable {
    case file(String, BatchFormat)
    case bytes([UInt8], BatchFormat, name: String)

    /// The format the input is read in.
    public var format: BatchFormat {
        switch self {
        case .file(_, let format), .bytes(_, let format, _): format
        }
    }

    /// The input's size in bytes when known before reading (a regular file).
    var size: Int? {
        switch self {
        case .bytes(let bytes, _, _): return bytes.count
        case .file(let path, _):
            var info = stat()
            guard path != "-", stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
            return Int(info.st_size)
        }
    }

    func open() -> Result<BatchReader, BatchReadError> {
        switch self {
        case .bytes(let bytes, let format, let name): return .success(BatchReader(bytes: bytes, format: format, name: name))
        case .file(let path, let format): return Result { () throws(BatchReadError) in try BatchReader(path: path, format: format) }
        }
    }

    public var name: String {
        switch self {
        case .bytes(_, _, let name): name
        case .file(let path, _): path == "-" ? "<stdin>" : path
        }
    }
}

/// A whole batch: reads each input block by block, evaluates each block on the evaluator's
/// threads, and hands on the output and the rejections in input order.
///
/// What to do with them is the caller's: `advisor batch` writes the output to its file and
/// the rejections to standard error (and `--errors`); a test collects both.
public struct BatchRun {
    /// How far the run has come, after each block.
    public struct Progress: Sendable, Equatable {
        public var records = 0
        public var rejected = 0
        /// Bytes of input read, and the inputs' total when every size is known.
        public var bytes = 0
        public var totalBytes: Int?
        public var elapsed: Duration = .zero
    }

    public let evaluator: BatchEvaluator
    /// How many records are read and evaluated at once.
    public var blockSize: Int
    /// Stop at the first rejected record.
    public var failFast: Bool

    public init(_ evaluator: BatchEvaluator, blockSize: Int = 8_192, failFast: Bool = false) {
        self.evaluator = evaluator
        self.blockSize = max(1, blockSize)
        self.failFast = failFast
    }

    /// Runs the batch over `sources`, in order.
    ///
    /// For each block: `reject` for each rejected record, in order, then `write` with the
    /// block's output (possibly empty), then `progress`. `write` is called first with the
    /// format's header and last with its footer.
    /// - Returns: the summary of the whole run.
    /// - Throws: what `write` throws; the run stops there.
    public func run<Failure: Error>(
        _ sources: [BatchSource],
        reject: ([Diagnostic]) -> Void,
        write: ([UInt8]) throws(Failure) -> Void,
        progress: (Progress) -> Void = { _ in }
    ) throws(Failure) -> BatchSummary {
        let start = ContinuousClock.now
        let output = evaluator.output
        var summary = BatchSummary()
        summary.inputs = sources.map(\.name)
        var state = Progress()
        let sizes = sources.map(\.size)
        state.totalBytes = sizes.contains(where: { $0 == nil }) ? nil : sizes.reduce(0) { $0 + ($1 ?? 0) }
        try write(output.header(options: evaluator.knowledgeBase.ruleSet.options))
        var firstRecord = true
        let columns = ["id"] + evaluator.knowledgeBase.profileFields.map(\.name)
        inputs: for source in sources {
            var reader: BatchReader
            switch source.open() {
            case .success(let r): reader = r
            case .failure(let error):
                // An input that cannot be opened is one rejected record; the others go on.
                let diagnostic = Diagnostic(.invalidValue, .error, error.message, at: SourceLocation(file: source.name, line: 1, column: 1, pointer: ""))
                summary.reject([diagnostic])
                reject([diagnostic])
                if failFast { summary.stoppedAt = "\(source.name):1"; break inputs }
                continue
            }
            reader.columns = columns
            let before = state.bytes
            // A block evaluated, with how many records it had and how far the input was read.
            var done: (block: BatchEvaluator.Block, records: Int, bytesRead: Int)?
            // Hands a block on: its output, then the progress.
            func handOn(_ d: (block: BatchEvaluator.Block, records: Int, bytesRead: Int)) throws(Failure) {
                var block = d.block
                for i in block.chunks.indices where !block.chunks[i].isEmpty {
                    if output.format == .json, firstRecord {
                        // The first record of the array takes no comma before it.
                        block.chunks[i].removeFirst()
                        firstRecord = false
                    }
                    try write(block.chunks[i])
                }
                state.records += d.records
                state.rejected = summary.rejected
                state.bytes = before + d.bytesRead
                state.elapsed = ContinuousClock.now - start
                progress(state)
            }
            // Each block is evaluated on the evaluator's threads. With more than one, and an
            // input whose reading never waits (a file, not a pipe), this thread meanwhile hands
            // on the block before and reads the block after; then come the block's rejections,
            // and it is handed on in its turn. (Reading a pipe ahead would hold back the advice
            // of a stream fed line by line until its next line came.)
            let overlaps = evaluator.workers.count > 1 && source.size != nil
            var next = reader.next(blockSize)
            while let records = next {
                let bytesRead = reader.bytesRead
                let name = reader.name
                let evaluation = _Evaluation(overlaps) { [evaluator] in evaluator.evaluate(records, file: name) }
                do throws(Failure) {
                    if let d = done { try handOn(d) }
                } catch {
                    _ = evaluation.result()
                    throw error
                }
                done = nil
                if overlaps { next = reader.next(blockSize) }
                let block = evaluation.result()
                for diagnostics in block.rejections {
                    summary.reject(diagnostics)
                    reject(diagnostics)
                    if failFast {
                        summary.stoppedAt = diagnostics.first.map { "\($0.location.file):\($0.location.line)" } ?? reader.name
                        break
                    }
                }
                done = (block, records.count, bytesRead)
                if summary.stoppedAt != nil { break }
                if !overlaps, let d = done {
                    // Handed on before reading on, which may wait for a stream's next line.
                    try handOn(d)
                    done = nil
                    next = reader.next(blockSize)
                }
            }
            if let d = done { try handOn(d) }
            if summary.stoppedAt != nil { break inputs }
        }
        try write(output.footer(records: firstRecord ? 0 : 1))
        evaluator.count(into: &summary)
        let parts = (ContinuousClock.now - start).components
        summary.seconds = Double(parts.seconds) + Double(parts.attoseconds) / 1e18
        return summary
    }
}

/// One evaluation of a block: on another thread when it overlaps this one's work, else here
/// and now. ``result()`` waits for it.
final class _Evaluation: @unchecked Sendable {
    private var block: BatchEvaluator.Block?
    private let finished = DispatchSemaphore(value: 0)
    private let elsewhere: Bool

    init(_ elsewhere: Bool, _ body: @escaping @Sendable () -> BatchEvaluator.Block) {
        self.elsewhere = elsewhere
        guard elsewhere else { block = body(); return }
        DispatchQueue.global().async {
            self.block = body()
            self.finished.signal()
        }
    }

    /// The block, once evaluated; call once.
    func result() -> BatchEvaluator.Block {
        if elsewhere { finished.wait() }
        return block ?? BatchEvaluator.Block()
    }
}
