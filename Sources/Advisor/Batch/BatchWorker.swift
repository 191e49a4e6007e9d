import RulesEngine

/// The advice of the classes of profiles seen so far, shared by a batch's workers: every
/// worker reads it while a block is evaluated, and it grows only between blocks, on the thread
/// that deals the blocks out (``BatchEvaluator/evaluate(_:file:)``), from the classes each
/// worker advised during the block. So a class is evaluated about once, however many threads
/// meet it, and no lock is taken while records are read.
final class _ClassCache: @unchecked Sendable {
    /// Each class seen, by the index of its advice in `entries`.
    var index: [ProfileKey: Int] = [:]
    /// The advice of the cached classes, each once however many classes share it: what the
    /// summary counts, and where `arena` holds the bytes after the line number.
    var entries: [Decision] = []
    var spans: [(start: Int, count: Int)] = []
    /// The entries' bytes one after the other. A thread copies them out of this one block of
    /// memory, which counts no references: counting them to shared arrays, record by record,
    /// the threads would contend for them.
    private(set) var arena: UnsafeMutablePointer<UInt8>
    private var arenaCapacity = 1 << 16, arenaUsed = 0
    /// The entries by the hash of their bytes: the last with that hash, and before each entry
    /// the one with the same hash added before it (-1 for none), so that equal bytes are found
    /// again in the arena without a second copy of them.
    var entryOfHash: [Int: Int] = [:]
    var sameHashBefore: [Int] = []
    var bytes = 0
    /// The most bytes kept; past it, the cache starts again empty.
    let limit: Int
    /// Whether the cache is used: it stops when it has answered fewer than one record in
    /// twenty after many evaluations (nearly every profile a class of its own), where it
    /// would only cost time and memory.
    var enabled: Bool

    init(limit: Int, enabled: Bool) {
        self.limit = limit
        self.enabled = enabled
        arena = .allocate(capacity: arenaCapacity)
    }

    deinit { arena.deallocate() }

    /// Adds an entry's bytes to the arena, which moves when it grows (between blocks only).
    private func keepBytes(_ fragment: [UInt8]) {
        if arenaUsed + fragment.count > arenaCapacity {
            arenaCapacity = max(2 * arenaCapacity, arenaUsed + fragment.count)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: arenaCapacity)
            grown.update(from: arena, count: arenaUsed)
            arena.deallocate()
            arena = grown
        }
        fragment.withUnsafeBufferPointer { b in
            if let base = b.baseAddress { (arena + arenaUsed).update(from: base, count: b.count) }
        }
        spans.append((arenaUsed, fragment.count))
        arenaUsed += fragment.count
    }

    /// The entry whose bytes are `fragment`'s, if any.
    private func entry(of fragment: _Bytes) -> Int? {
        var e = entryOfHash[fragment.hash] ?? -1
        while e >= 0 {
            let span = spans[e]
            let same = span.count == fragment.bytes.count
                && UnsafeBufferPointer(start: arena + span.start, count: span.count).elementsEqual(fragment.bytes)
            if same { return e }
            e = sameHashBefore[e]
        }
        return nil
    }

    /// Takes in the classes `workers` advised during the block, then empties the cache when it
    /// holds too much or stops it when it answers too little. Call only between blocks.
    func merge(_ workers: [_BatchWorker], detail: BatchOutput.Detail) {
        for worker in workers {
            for (n, made) in worker.made.enumerated() {
                let entry: Int
                if let known = index[made.key] {
                    // Another worker advised the same class in the same block.
                    entry = known
                } else {
                    // Equal bytes are one entry, but for `engine`, whose bytes leave out some of
                    // what the summary counts (the carrier, the missing fields).
                    if detail != .engine, let known = self.entry(of: made.fragment) { entry = known } else {
                        entry = entries.count
                        entries.append(made.decision)
                        keepBytes(made.fragment.bytes)
                        sameHashBefore.append(entryOfHash[made.fragment.hash] ?? -1)
                        entryOfHash[made.fragment.hash] = entry
                        // The bytes, and about as much again for the decision and the tables.
                        bytes += 2 * made.fragment.bytes.count + 256
                    }
                    index[made.key] = entry
                    bytes += 64
                }
                if worker.uses.count < entries.count { worker.uses += repeatElement(0, count: entries.count - worker.uses.count) }
                worker.uses[entry] += worker.madeUses[n]
            }
            worker.forgetMade()
        }
        let hits = workers.reduce(0) { $0 + $1.hits }, evaluated = workers.reduce(0) { $0 + $1.evaluated }
        if enabled, evaluated >= 16_384, hits * 20 < evaluated { enabled = false }
        if bytes > limit || !enabled {
            for worker in workers { worker.countUses(into: &worker.pending, from: self); worker.uses.removeAll(keepingCapacity: true) }
            index.removeAll(keepingCapacity: true)
            entryOfHash.removeAll(keepingCapacity: true)
            sameHashBefore.removeAll(keepingCapacity: true)
            entries.removeAll(keepingCapacity: true)
            spans.removeAll(keepingCapacity: true)
            arenaUsed = 0
            bytes = 0
        }
        for worker in workers where worker.uses.count < entries.count {
            worker.uses += repeatElement(0, count: entries.count - worker.uses.count)
        }
    }
}

/// Bytes with their hash, made once, as one block (an array of bytes hashes byte by byte), by
/// the thread that made them, not the one that merges them into the cache.
struct _Bytes {
    let bytes: [UInt8]
    let hash: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var hasher = Hasher()
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        hash = hasher.finalize()
    }
}

/// One thread's part of a batch: reads records, finds or makes their advice, and writes it.
///
/// A record in the plain form is read straight from its bytes to its class
/// (``ProfileClasses/scan(_:_:)``); when the class has been advised before (by any worker, see
/// ``_ClassCache``), its bytes are written again with this record's id and line, and nothing is
/// parsed or evaluated; a class not seen yet is advised from a profile of its class
/// (``ProfileClasses/representative(_:)``), and its advice joins the cache after the block. Any
/// other record is read in full by ``ProfileReader`` (which reports what is wrong with it).
final class _BatchWorker {
    let shared: _BatchShared
    let advisor: Advisor
    /// This thread's own copies of what the fast path reads for every record.
    let classes: ProfileClasses?
    let tables: ProfileClasses.ByteTables?
    let output: BatchOutput
    let cache: _ClassCache
    /// The classes advised during this block, not yet in the cache, and by how many records.
    var made: [(key: ProfileKey, fragment: _Bytes, decision: Decision)] = []
    var madeIndex: [ProfileKey: Int] = [:]
    var madeUses: [Int] = []
    /// How many records each cache entry answered here since it was counted.
    var uses: [Int] = []
    /// Advice not yet counted into the run's summary: made without a class, or of classes
    /// the cache has since let go.
    var pending = BatchSummary()
    var hits = 0, evaluated = 0
    /// Whether a class not seen yet is decided from its facts made ready
    /// (``ProfileClasses/facts(_:into:)``): for output without texts.
    let decidesFromFacts: Bool
    /// The facts of the class being decided.
    var scratch: FactBuffer

    init(_ shared: _BatchShared, _ advisor: Advisor, cache: _ClassCache) {
        self.shared = shared
        self.advisor = advisor
        self.cache = cache
        classes = shared.caching ? ProfileClasses(advisor) : nil
        tables = classes?.byteTables()
        let o = shared.output
        output = BatchOutput(format: o.format, detail: o.detail, namesFile: o.namesFile)
        if classes == nil { cache.enabled = false }
        decidesFromFacts = output.format == .csv || output.detail == .decision
        scratch = FactBuffer(for: advisor.knowledgeBase.ruleSet)
    }

    func evaluate(_ records: ArraySlice<BatchRecord>, file: String) -> BatchEvaluator.Block {
        var block = BatchEvaluator.Block()
        var out: [UInt8] = []
        out.reserveCapacity(records.count * (output.detail == .full ? 1_600 : 200))
        let fileBytes = output.namesFile ? output.encodedFile(file) : []
        let caching = cache.enabled
        // The cache as it stands for the block (it changes only between blocks), held here:
        // reading it through the shared object would count a reference to it for every
        // record, which the threads would contend for.
        let index = cache.index, spans = cache.spans, arena = UnsafePointer(cache.arena)
        for (at, record) in zip(records.indices, records) {
            // The plain form is read straight to its class, cache or not.
            if case .json(let bytes, _) = record.content, let classes, let tables {
                var cached = true
                let done = bytes.withUnsafeBufferPointer { b -> Bool in
                    guard let scanned = classes.scan(b, tables) else { return false }
                    // The record of output: its id and line, then the advice of its class.
                    func write(_ fragment: UnsafeBufferPointer<UInt8>) {
                        let id = scanned.id.map { UnsafeBufferPointer(rebasing: b[$0]) }
                        output.prefix(id: id, file: fileBytes, line: record.line, into: &out)
                        out.append(contentsOf: fragment)
                    }
                    if caching, let entry = index[scanned.key] {
                        let span = spans[entry]
                        write(UnsafeBufferPointer(start: arena + span.start, count: span.count))
                        uses[entry] += 1
                    } else if caching, let n = madeIndex[scanned.key] {
                        made[n].fragment.bytes.withUnsafeBufferPointer(write)
                        madeUses[n] += 1
                    } else if let made = advise(scanned.key, classes, keeping: caching) {
                        // A class not seen yet: advised from its class, without reading the
                        // record a second time.
                        made.withUnsafeBufferPointer(write)
                        cached = false
                    } else {
                        return false
                    }
                    return true
                }
                if done {
                    if cached { hits += 1 }
                    continue
                }
            }
            switch advise(record, file: file, caching: caching) {
            case .failure(let rejected):
                block.rejections.append(rejected.diagnostics)
                block.rejectedAt.append(at)
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
    func advise(_ record: BatchRecord, file: String, caching: Bool) -> Result<(String?, [UInt8]), _Rejected> {
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
        let decision: Decision, fragment: [UInt8]
        do throws(EvaluationError) { (decision, fragment) = try made(profile) } catch {
            let at = SourceLocation(file: file, line: record.line, column: 1, pointer: "")
            return .failure(_Rejected([Diagnostic(.evaluationFailed, .error, "the rules could not decide: \(error)", at: at)]))
        }
        if caching, let key = classes?.key(profile), madeIndex[key] == nil, cache.index[key] == nil {
            keep(key, fragment, decision)
        } else {
            pending.add(decision, times: 1)
        }
        return .success((profile.id.map(idText), fragment))
    }

    /// Advises class `key` (one neither the cache nor this block has) and, when `keeping`,
    /// keeps its advice for the class: the bytes after the line number; nil when the rules
    /// cannot decide it (the record is then read and rejected the slow way).
    ///
    /// Output without texts is decided from the class's facts made ready; other output, or a
    /// class whose facts cannot be made ready, from a profile of the class
    /// (``ProfileClasses/representative(_:)``).
    func advise(_ key: ProfileKey, _ classes: ProfileClasses, keeping: Bool) -> [UInt8]? {
        let decision: Decision, fragment: [UInt8]
        if decidesFromFacts, classes.facts(key, into: &scratch) {
            do throws(EvaluationError) {
                decision = try advisor.decide(scratch, given: { classes.code(key, $0) != 0 }, carrier: classes.carrier(key))
            } catch { return nil }
            evaluated += 1
            fragment = output.fragment(decision, nil, options: shared.options)
        } else {
            guard let profile = classes.representative(key), let (d, f) = try? made(profile) else { return nil }
            (decision, fragment) = (d, f)
        }
        if keeping { keep(key, fragment, decision) } else { pending.add(decision, times: 1) }
        return fragment
    }

    /// Evaluates a profile: its decision and the bytes the output writes after the line number.
    func made(_ profile: Profile) throws(EvaluationError) -> (Decision, [UInt8]) {
        let decision: Decision, advice: Advice?
        var result: EvaluationResult?
        if output.detail == .engine { result = try advisor.evaluate(profile) }
        if output.detail == .full {
            let full = try advisor.advise(profile, language: shared.language)
            (decision, advice) = (Decision(full), full)
        } else {
            // No texts are written: none are made.
            (decision, advice) = (try advisor.decide(profile), nil)
        }
        evaluated += 1
        return (decision, output.fragment(decision, advice, options: shared.options, result: result))
    }

    func keep(_ key: ProfileKey, _ fragment: [UInt8], _ decision: Decision) {
        madeIndex[key] = made.count
        made.append((key, _Bytes(fragment), decision))
        madeUses.append(1)
    }

    /// The id as the output format writes it between its quotes, or as its CSV cell's text.
    func idText(_ id: String) -> String {
        guard output.format != .csv else { return id }
        var escaped: [UInt8] = []
        JSONWriter.escape(id, into: &escaped)
        return String(decoding: escaped.dropFirst().dropLast(), as: UTF8.self)
    }

    /// Forgets the classes made during the block (once the cache has taken them in).
    func forgetMade() {
        made.removeAll(keepingCapacity: true)
        madeIndex.removeAll(keepingCapacity: true)
        madeUses.removeAll(keepingCapacity: true)
    }

    /// Adds what the cache's entries answered here to `summary`, and zeroes those counts.
    func countUses(into summary: inout BatchSummary, from cache: _ClassCache) {
        for (i, n) in uses.enumerated() where n > 0 {
            summary.add(cache.entries[i], times: n)
            uses[i] = 0
        }
    }

    /// Adds the advice made so far to `summary` (and forgets it, so it is counted once).
    /// Call between blocks, when the cache holds everything made.
    func count(into summary: inout BatchSummary) {
        countUses(into: &summary, from: cache)
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
