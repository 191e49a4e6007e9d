import Foundation
import RulesEngine

/// Reads batch input as a stream, in blocks of records: JSON Lines, a JSON array or CSV.
///
/// It holds one block of records and at most one record's bytes beyond that (a record is a
/// line, an array element or a CSV row of up to ``maximumRecordBytes``), so memory stays flat
/// however large the input, and each byte is looked at a bounded number of times, so time is
/// linear in the input whatever the length of its lines. A record that cannot be read (too
/// large, invalid UTF-8, an unterminated CSV quote) becomes an `.invalid` record with its place,
/// and reading goes on after it.
public struct BatchReader {
    /// The largest record read; a larger one is rejected without being held in memory.
    public static let maximumRecordBytes = 1 << 20

    let file: String
    let format: BatchFormat
    let source: _ByteSource
    let limit: Int
    /// Bytes read but not yet consumed start at `start`.
    var buffer: [UInt8] = []
    var start = 0
    var atEnd = false
    /// The line and column of `buffer[start]`.
    var line = 1, column = 1
    var json = _ArrayState.opening
    var header: [String]?
    var finished = false
    var begun = false
    /// The column names a CSV header may use (nil: any); a header with others is one rejected
    /// record, and the file's rows are not read.
    public var columns: [String]?

    /// - Parameter path: a file, or `-` for standard input.
    public init(path: String, format: BatchFormat, maximumRecordBytes: Int = BatchReader.maximumRecordBytes) throws(BatchReadError) {
        file = path == "-" ? "<stdin>" : path
        self.format = format
        limit = maximumRecordBytes
        if path == "-" {
            source = _ByteSource(descriptor: 0, name: file)
        } else {
            var info = stat()
            guard stat(path, &info) == 0 else {
                throw BatchReadError(message: errno == ENOENT ? "\(path): no such file" : "\(path): \(String(cString: strerror(errno)))")
            }
            guard info.st_mode & S_IFMT != S_IFDIR else { throw BatchReadError(message: "\(path): is a directory; expected a file of profiles") }
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw BatchReadError(message: "\(path): cannot be read: \(String(cString: strerror(errno)))") }
            source = _ByteSource(descriptor: fd, name: path)
        }
    }

    /// Reads records from bytes in memory (for tests and fuzzing); `name` is used in diagnostics.
    public init(bytes: [UInt8], format: BatchFormat, name: String, maximumRecordBytes: Int = BatchReader.maximumRecordBytes) {
        file = name
        self.format = format
        limit = maximumRecordBytes
        source = _ByteSource(bytes: bytes, name: name)
    }

    /// The input's name in diagnostics.
    public var name: String { file }

    /// How many bytes of the input have been read so far.
    public var bytesRead: Int { source.total }

    /// The next block of up to `size` records, or nil at the end.
    ///
    /// A block ends early when the input is a pipe or a terminal that has nothing more to give
    /// yet: the records read so far are handed on instead of waiting for the block to fill, so a
    /// stream fed line by line (a person typing, a distributed engine's pipe) gets its advice
    /// as it goes.
    public mutating func next(_ size: Int) -> [BatchRecord]? {
        if !begun {
            // A byte order mark at the start of the input, in any format, is not content.
            begun = true
            if fill(), buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
        }
        var records: [BatchRecord] = []
        while records.count < size, !finished {
            if !records.isEmpty, !holdsContent, !source.ready { break }
            let record: BatchRecord?
            switch format {
            case .jsonl: record = nextLine()
            case .json: record = nextElement()
            case .csv: record = nextRow()
            }
            guard let record else { finished = true; break }
            records.append(record)
        }
        if let error = source.error {
            source.error = nil
            finished = true
            records.append(BatchRecord(line: line, content: .invalid(diagnostic(.malformedJSON, "reading stopped: \(error)", line, column))))
        }
        return records.isEmpty && finished ? nil : records
    }

    // MARK: Buffer

    /// Whether the unconsumed bytes begin a record (or the end of a JSON array): anything but
    /// blanks, line breaks and a separating comma. Only then may reading wait for more input
    /// within a block, to finish what has begun.
    var holdsContent: Bool {
        var i = start
        while i < buffer.count {
            switch buffer[i] {
            case 0x20, 0x09, 0x0D, 0x0A, UInt8(ascii: ","): i += 1
            default: return true
            }
        }
        return false
    }

    /// Reads more input; false at the end. Consumed bytes are dropped first, so the buffer
    /// never holds more than the unconsumed bytes and one chunk: indices into the buffer move
    /// by `start` even when it returns false, so callers keep offsets from `start`.
    mutating func fill() -> Bool {
        guard !atEnd else { return false }
        if start > 0 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        if !source.read(into: &buffer) { atEnd = true; return false }
        return true
    }

    /// Reads more input, keeping `index` on the same byte as the buffer moves.
    mutating func fill(keeping index: inout Int) -> Bool {
        let offset = index - start
        let more = fill()
        index = start + offset
        return more
    }

    /// Consumes the bytes up to `end`, keeping the line and column of the new start.
    mutating func consume(to end: Int) {
        (line, column) = buffer.withUnsafeBufferPointer { b in
            JSONParser.position(of: end - start, in: UnsafeBufferPointer(rebasing: b[start..<end]), line: line, column: column)
        }
        start = end
    }

    func diagnostic(_ code: DiagnosticCode, _ message: String, _ line: Int, _ column: Int) -> Diagnostic {
        Diagnostic(code, .error, message, at: SourceLocation(file: file, line: line, column: column, pointer: ""))
    }

    var limitText: String { limit % (1 << 20) == 0 ? "\(limit >> 20) MiB" : "\(limit) bytes" }

    func tooLarge(_ what: String, _ line: Int, _ column: Int) -> BatchRecord {
        return BatchRecord(line: line, content: .invalid(diagnostic(.invalidValue, "\(what) is larger than the limit of \(limitText) for one record; it was skipped", line, column)))
    }

    /// The index of the next newline at or after `from`, reading more input as needed, or nil
    /// at the end of the input. Bytes before `from` beyond the limit are dropped (`skipping`).
    mutating func newline(from offset: Int, skipping: inout Bool) -> Int? {
        var from = start + offset
        while true {
            let found = buffer.withUnsafeBufferPointer { b -> Int? in
                guard from < b.count, let p = memchr(b.baseAddress! + from, 0x0A, b.count - from) else { return nil }
                return b.baseAddress!.distance(to: p.assumingMemoryBound(to: UInt8.self))
            }
            if let found {
                if skipping || found - start > limit { skipping = true }
                return found
            }
            if buffer.count - start > limit {
                skipping = true
                consume(to: buffer.count)
            }
            from = buffer.count
            guard fill(keeping: &from) else { return nil }
        }
    }
}


/// Where batch bytes come from: a file descriptor, read in chunks, or bytes in memory.
final class _ByteSource {
    let descriptor: Int32
    let bytes: [UInt8]
    var offset = 0
    /// The bytes read so far.
    var total = 0
    let name: String
    /// Why reading stopped early, if it did.
    var error: String?
    static let chunk = 1 << 20

    init(descriptor: Int32, name: String) {
        self.descriptor = descriptor
        self.bytes = []
        self.name = name
    }

    init(bytes: [UInt8], name: String) {
        descriptor = -1
        self.bytes = bytes
        self.name = name
    }

    deinit { if descriptor > 2 { close(descriptor) } }

    /// Whether reading now would return without waiting: always for bytes in memory and regular
    /// files; for a pipe or a terminal, only when input (or its end) is there.
    var ready: Bool {
        guard descriptor >= 0 else { return true }
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&request, 1, 0) != 0
    }

    /// Appends the next chunk to `buffer`; false at the end of the input or on an error.
    func read(into buffer: inout [UInt8]) -> Bool {
        if descriptor < 0 {
            guard offset < bytes.count else { return false }
            let end = min(bytes.count, offset + Self.chunk)
            buffer.append(contentsOf: bytes[offset..<end])
            offset = end
            total = end
            return true
        }
        let old = buffer.count
        buffer.reserveCapacity(old + Self.chunk)
        var n = 0
        buffer.append(contentsOf: repeatElement(0, count: Self.chunk))
        repeat {
            n = buffer.withUnsafeMutableBufferPointer { b in Glibc.read(descriptor, b.baseAddress! + old, Self.chunk) }
        } while n < 0 && errno == EINTR
        if n < 0 {
            error = "\(name): \(String(cString: strerror(errno)))"
            n = 0
        }
        buffer.removeLast(Self.chunk - n)
        total += n
        return n > 0
    }
}

/// Input that cannot be opened at all.
public struct BatchReadError: Error, Sendable {
    public var message: String
    public init(message: String) { self.message = message }
}
