import RulesEngine

/// One thread's part of a batch: reads records, finds or makes their advice, and writes it.
///
/// A record in the plain form is read straight from its bytes to its class
/// (``ProfileClasses/scan(_:_:)``); when the class has been advised before, its bytes are
/// written again with this record's id and line, and nothing is parsed or evaluated. Any other
/// record is read in full by ``ProfileReader`` (which reports what is wrong with it), advised,
/// and its advice kept for its class while the cache has room.
final class _BatchWorker {
    let shared: _BatchShared
    let advisor: Advisor
    /// This thread's own copies of what the fast path reads for every record.
    let classes: ProfileClasses?
    let tables: ProfileClasses.ByteTables?
    let output: BatchOutput
    let cacheBytes: Int
    /// Each class seen, by the index of its advice in `entries`.
    var cache: [ProfileKey: Int] = [:]
    /// The advice of the cached classes, each once however many classes share it: the bytes
    /// after the line number, and what the summary counts.
    var entries: [(fragment: [UInt8], decision: Decision)] = []
    var entryOf: [[UInt8]: Int] = [:]
    /// How many records each entry answered since it was counted.
    var uses: [Int] = []
    var cachedBytes = 0
    /// Advice not yet counted into the run's summary: made without a class, or of classes
    /// the cache has since let go.
    var pending = BatchSummary()
    var hits = 0, evaluated = 0
    /// Whether the cache is used: it stops when it has answered fewer than one record in
    /// twenty after many evaluations (nearly every profile a class of its own), where it
    /// would only cost time and memory.
    var caching: Bool

    init(_ shared: _BatchShared, _ advisor: Advisor, cacheBytes: Int) {
        self.shared = shared
        self.advisor = advisor
        self.cacheBytes = cacheBytes
        classes = shared.caching ? ProfileClasses(advisor) : nil
        tables = classes?.byteTables()
        let o = shared.output
        output = BatchOutput(format: o.format, detail: o.detail, namesFile: o.namesFile)
        caching = classes != nil
    }

    func evaluate(_ records: ArraySlice<BatchRecord>, file: String) -> BatchEvaluator.Block {
        var block = BatchEvaluator.Block()
        var out: [UInt8] = []
        out.reserveCapacity(records.count * (output.detail == .full ? 1_600 : 200))
        let fileBytes = output.namesFile ? output.encodedFile(file) : []
        for (index, record) in zip(records.indices, records) {
            if caching, case .json(let bytes, _) = record.content, let classes, let tables {
                let done = bytes.withUnsafeBufferPointer { b -> Bool in
                    guard let scanned = classes.scan(b, tables), let entry = cache[scanned.key] else { return false }
                    let id = scanned.id.map { UnsafeBufferPointer(rebasing: b[$0]) }
                    output.prefix(id: id, file: fileBytes, line: record.line, into: &out)
                    out.append(contentsOf: entries[entry].fragment)
                    uses[entry] += 1
                    return true
                }
                if done { hits += 1; continue }
            }
            switch advise(record, file: file) {
            case .failure(let rejected):
                block.rejections.append(rejected.diagnostics)
                block.rejectedAt.append(index)
            case .success(let (id, fragment)):
                if var id {
                    id.withUTF8 { output.prefix(id: $0, file: fileBytes, line: record.line, into: &out) }
                } else {
                    output.prefix(id: nil, file: fileBytes, line: record.line, into: &out)
                }
                out.append(contentsOf: fragment)
            }
        }
        block.chunks = [out]
        return block
    }

    /// Reads and advises one record the slow way: its id as the output writes it (nil for
    /// none) and the bytes after its line number, or the diagnostics that reject it.
    func advise(_ record: BatchRecord, file: String) -> Result<(String?, [UInt8]), _Rejected> {
        let read: Result<Profile, ProfileError>
        switch record.content {
        case .json(let bytes, let column): read = shared.reader.read(bytes: bytes, file: file, line: record.line, column: column)
        case .cells(let node): read = shared.reader.read(node, file: file, cells: true)
        case .invalid(let diagnostic): return .failure(_Rejected([diagnostic]))
        }
        let profile: Profile
        switch read {
        case .failure(let error): return .failure(_Rejected(error.diagnostics))
        case .success(let p): profile = p
        }
        let decision: Decision, advice: Advice?
        var result: EvaluationResult?
        do throws(EvaluationError) {
            if output.detail == .engine { result = try advisor.evaluate(profile) }
            if output.detail == .full {
                let full = try advisor.advise(profile, language: shared.language)
                (decision, advice) = (Decision(full), full)
            } else {
                // No texts are written: none are made.
                (decision, advice) = (try advisor.decide(profile), nil)
            }
        } catch {
            let at = SourceLocation(file: file, line: record.line, column: 1, pointer: "")
            return .failure(_Rejected([Diagnostic(.evaluationFailed, .error, "the rules could not decide: \(error)", at: at)]))
        }
        evaluated += 1
        let fragment = output.fragment(decision, advice, options: shared.options, result: result)
        if caching, evaluated >= 16_384, hits * 20 < evaluated {
            caching = false
            flush()
        }
        if caching, let key = classes?.key(profile) {
            if cachedBytes > cacheBytes { flush() }
            let entry: Int
            // Equal bytes are one entry, but for `engine`, whose bytes leave out some of what
            // the summary counts (the carrier, the missing fields).
            if output.detail != .engine, let known = entryOf[fragment] { entry = known } else {
                entry = entries.count
                entries.append((fragment, decision))
                uses.append(0)
                entryOf[fragment] = entry
                // The bytes, and about as much again for the decision and the tables.
                cachedBytes += 2 * fragment.count + 256
            }
            cache[key] = entry
            uses[entry] += 1
            cachedBytes += 64
        } else {
            pending.add(decision, times: 1)
        }
        return .success((profile.id.map(idText), fragment))
    }

    /// The id as the output format writes it between its quotes, or as its CSV cell's text.
    func idText(_ id: String) -> String {
        guard output.format != .csv else { return id }
        var escaped: [UInt8] = []
        JSONWriter.escape(id, into: &escaped)
        return String(decoding: escaped.dropFirst().dropLast(), as: UTF8.self)
    }

    /// Counts what the cached classes answered, then empties the cache.
    func flush() {
        countUses(into: &pending)
        cache.removeAll(keepingCapacity: true)
        entryOf.removeAll(keepingCapacity: true)
        entries.removeAll(keepingCapacity: true)
        uses.removeAll(keepingCapacity: true)
        cachedBytes = 0
    }

    func countUses(into summary: inout BatchSummary) {
        for (i, n) in uses.enumerated() where n > 0 {
            summary.add(entries[i].decision, times: n)
            uses[i] = 0
        }
    }

    /// Adds the advice made so far to `summary` (and forgets it, so it is counted once).
    func count(into summary: inout BatchSummary) {
        countUses(into: &summary)
        summary.overall.merge(pending.overall)
        for (carrier, counts) in pending.carriers { summary.carriers[carrier, default: .init()].merge(counts) }
        pending = BatchSummary()
    }
}

/// The diagnostics of a rejected record, as an error.
struct _Rejected: Error {
    var diagnostics: [Diagnostic]
    init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
}
