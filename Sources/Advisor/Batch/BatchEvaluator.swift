import Dispatch
import Synchronization
import RulesEngine

/// Evaluates blocks of batch records on several threads, keeping their order, into the bytes
/// of the output and the rejected records.
///
/// Each thread has its own worker (an ``Advisor``, which reuses its buffers); they share one
/// cache of the advice per class of profiles (see ``ProfileClasses`` and ``_ClassCache``),
/// which grows between blocks. Records are dealt out in contiguous slices, and their output
/// comes back in input order.
public final class BatchEvaluator: @unchecked Sendable {
    public let knowledgeBase: KnowledgeBase
    public let language: Language
    public let output: BatchOutput
    let workers: [_BatchWorker]
    let cache: _ClassCache

    /// - Parameters:
    ///   - jobs: how many threads evaluate at once (at least 1).
    ///   - firingLimit: the most rule firings one evaluation may make (default: no budget).
    ///   - caching: reuse the advice of a class of profiles (the output is the same either way;
    ///     off, every profile is evaluated, which tests compare with).
    ///   - cacheBytes: the most bytes of advice kept for reuse, over all threads.
    public init(_ knowledgeBase: KnowledgeBase, language: Language, jobs: Int, output: BatchOutput = BatchOutput(),
                firingLimit: Int? = nil, caching: Bool = true, cacheBytes: Int = 64 << 20) {
        self.knowledgeBase = knowledgeBase
        self.language = language
        self.output = output
        let jobs = max(1, jobs)
        let shared = _BatchShared(knowledgeBase, language: language, output: output, caching: caching)
        let cache = _ClassCache(limit: cacheBytes, enabled: caching)
        self.cache = cache
        workers = (0..<jobs).map { _ in
            _BatchWorker(shared, Advisor(knowledgeBase, firingLimit: firingLimit), cache: cache)
        }
    }

    /// The output of one block of records.
    public struct Block: Sendable {
        /// The advised records as the output format writes them, in input order: one chunk
        /// per thread, written one after the other (joining them would copy every byte).
        public var chunks: [[UInt8]] = []
        /// The chunks joined.
        public var bytes: [UInt8] { Array(chunks.joined()) }
        /// Each rejected record's diagnostics, in input order.
        public var rejections: [[Diagnostic]] = []
        /// The index in the block of each rejected record.
        public var rejectedAt: [Int] = []
    }

    /// Evaluates `records` of `file` (its name for diagnostics).
    /// - Complexity: O(n / jobs) wall time for n records.
    public func evaluate(_ records: [BatchRecord], file: String) -> Block {
        guard !records.isEmpty else { return Block() }
        defer { cache.merge(workers, detail: output.detail) }
        let jobs = min(workers.count, max(1, records.count / 256))
        if jobs == 1 { return workers[0].evaluate(records[...], file: file) }
        // The records are cut into slices that each thread takes the next of as it is free (so
        // a thread that shares its core with another does less); the slices' blocks are put
        // together in order.
        let slices = min(jobs * 8, max(jobs, records.count / 256))
        let parts = _Parts(count: slices)
        let taken = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: jobs) { job in
            while true {
                let k = taken.add(1, ordering: .relaxed).oldValue
                guard k < slices else { break }
                let start = records.count * k / slices, end = records.count * (k + 1) / slices
                parts.set(k, workers[job].evaluate(records[start..<end], file: file))
            }
        }
        var block = Block()
        for part in parts.blocks {
            block.chunks += part.chunks
            block.rejections += part.rejections
            block.rejectedAt += part.rejectedAt
        }
        return block
    }

    /// Each record's outcome, in order: its record of output (for JSON Lines, its line without
    /// the line break), or its diagnostics. For tests and fuzzing; a run writes ``Block``s.
    public func outcomes(_ records: [BatchRecord], file: String) -> [BatchOutcome] {
        let block = evaluate(records, file: file)
        var rejections = zip(block.rejectedAt, block.rejections).makeIterator()
        var nextRejection = rejections.next()
        var lines = block.bytes.split(separator: 0x0A, omittingEmptySubsequences: false).makeIterator()
        return records.indices.map { i in
            if let (at, diagnostics) = nextRejection, at == i {
                nextRejection = rejections.next()
                return .rejected(diagnostics)
            }
            return .advice(String(decoding: lines.next() ?? [], as: UTF8.self))
        }
    }

    /// The advice counted so far, by method, action, warning and missing field, overall and by carrier.
    public func count(into summary: inout BatchSummary) {
        for worker in workers { worker.count(into: &summary) }
    }

    /// How many records were answered from a class's cached advice, and how many evaluated.
    public var cacheCounts: (hits: Int, evaluated: Int) {
        workers.reduce((0, 0)) { ($0.0 + $1.hits, $0.1 + $1.evaluated) }
    }
}

/// What the workers share, read only.
final class _BatchShared: Sendable {
    let reader: ProfileReader
    let output: BatchOutput
    let language: Language
    /// Whether advice is reused per class of profiles.
    let caching: Bool
    let options: [String]

    init(_ kb: KnowledgeBase, language: Language, output: BatchOutput, caching: Bool) {
        reader = ProfileReader(kb)
        self.output = output
        self.language = language
        self.caching = caching
        options = kb.ruleSet.options
    }
}

/// Blocks written by several threads at distinct indices.
final class _Parts: @unchecked Sendable {
    let storage: UnsafeMutablePointer<BatchEvaluator.Block>
    let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        storage.initialize(repeating: BatchEvaluator.Block(), count: count)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    func set(_ i: Int, _ block: BatchEvaluator.Block) { storage[i] = block }

    var blocks: UnsafeMutableBufferPointer<BatchEvaluator.Block> { UnsafeMutableBufferPointer(start: storage, count: count) }
}
