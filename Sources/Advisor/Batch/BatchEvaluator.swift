import Dispatch
import RulesEngine

/// Evaluates blocks of batch records on several threads, keeping their order.
///
/// Each thread has its own ``Advisor`` (evaluators reuse their buffers and are not shared);
/// records are dealt out in contiguous slices, and the outcomes come back in input order.
public final class BatchEvaluator: @unchecked Sendable {
    public let knowledgeBase: KnowledgeBase
    public let language: Language
    public let file: String
    let advisors: [Advisor]
    let reader: ProfileReader

    /// - Parameters:
    ///   - jobs: how many threads evaluate at once (at least 1).
    ///   - file: the input's name, for diagnostics.
    ///   - firingLimit: the most rule firings one evaluation may make (default: no budget).
    public init(_ knowledgeBase: KnowledgeBase, language: Language, jobs: Int, file: String, firingLimit: Int? = nil) {
        self.knowledgeBase = knowledgeBase
        self.language = language
        self.file = file
        advisors = (0..<max(1, jobs)).map { _ in Advisor(knowledgeBase, firingLimit: firingLimit) }
        reader = ProfileReader(knowledgeBase)
    }

    /// Evaluates `records` and returns their outcomes in the same order.
    /// - Complexity: O(n / jobs) wall time for n records.
    public func evaluate(_ records: [BatchRecord]) -> [BatchOutcome] {
        guard !records.isEmpty else { return [] }
        let jobs = min(advisors.count, max(1, records.count / 64))
        let results = _Outcomes(count: records.count)
        defer { results.deallocate() }
        DispatchQueue.concurrentPerform(iterations: jobs) { job in
            let start = records.count * job / jobs, end = records.count * (job + 1) / jobs
            let advisor = advisors[job]
            for i in start..<end { results.set(i, outcome(records[i], advisor)) }
        }
        return results.array()
    }

    /// The outcome of one record with one advisor.
    public func outcome(_ record: BatchRecord, _ advisor: Advisor) -> BatchOutcome {
        let profile: Result<Profile, ProfileError>
        switch record.content {
        case .json(let bytes, let column): profile = reader.read(bytes: bytes, file: file, line: record.line, column: column)
        case .cells(let node): profile = reader.read(node, file: file, cells: true)
        case .invalid(let diagnostic): return .rejected([diagnostic])
        }
        switch profile {
        case .failure(let error):
            return .rejected(error.diagnostics)
        case .success(let p):
            do {
                return .advice(try advisor.advise(p, language: language).json())
            } catch {
                let at = SourceLocation(file: file, line: record.line, column: 1, pointer: "")
                return .rejected([Diagnostic(.evaluationFailed, .error, "the rules could not decide: \(error)", at: at)])
            }
        }
    }
}

/// Outcomes written by several threads at distinct indices.
final class _Outcomes: @unchecked Sendable {
    let storage: UnsafeMutablePointer<BatchOutcome?>
    let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil, count: count)
    }

    func set(_ i: Int, _ outcome: BatchOutcome) { storage[i] = outcome }

    func array() -> [BatchOutcome] {
        (0..<count).map { storage[$0] ?? .rejected([]) }
    }

    func deallocate() {
        storage.deinitialize(count: count)
        storage.deallocate()
    }
}
