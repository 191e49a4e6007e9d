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

    /// The next block of up to `size` records, or nil at the end.
    public mutating func next(_ size: Int) -> [BatchRecord]? {
        if !begun {
            // A byte order mark at the start of the input, in any format, is not content.
            begun = true
            if fill(), buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
        }
        var records: [BatchRecord] = []
        while records.count < size, !finished {
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

    // MARK: JSON Lines

    mutating func nextLine() -> BatchRecord? {
        while true {
            let lineNumber = line
            var skipping = false
            let end = newline(from: 0, skipping: &skipping)
            if end == nil && start == buffer.count && !skipping { return nil }
            let stop = end ?? buffer.count
            if skipping {
                consume(to: min(stop + 1, buffer.count))
                return tooLarge("line \(lineNumber)", lineNumber, 1)
            }
            var last = stop
            if last > start, buffer[last - 1] == 0x0D { last -= 1 }
            let bytes = Array(buffer[start..<last])
            // One line: no need to count what it holds.
            start = min(stop + 1, buffer.count)
            line += 1
            column = 1
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                if end == nil { return nil }
                continue
            }
            return BatchRecord(line: lineNumber, content: .json(bytes, column: 1))
        }
    }

    // MARK: JSON array

    enum _ArrayState { case opening, first, element, separator, closed }

    mutating func skipSpace() {
        while true {
            while start < buffer.count {
                switch buffer[start] {
                case 0x20, 0x09, 0x0D: start += 1; column += 1
                case 0x0A: start += 1; line += 1; column = 1
                default: return
                }
            }
            guard fill() else { return }
        }
    }

    mutating func nextElement() -> BatchRecord? {
        // A structural error ends the array: nothing after it can be told apart reliably.
        func stop(_ message: String) -> BatchRecord {
            json = .closed
            finished = true
            return BatchRecord(line: line, content: .invalid(diagnostic(.malformedJSON, "malformed JSON: \(message)", line, column)))
        }
        while true {
            skipSpace()
            guard start < buffer.count else {
                switch json {
                case .opening: return stop("the document is empty; expected an array of profiles")
                case .closed: return nil
                default: return stop("unexpected end of input; expected ',' or ']'")
                }
            }
            let b = buffer[start]
            switch json {
            case .opening:
                guard b == UInt8(ascii: "[") else {
                    let found = b == UInt8(ascii: "{") ? "an object" : "something else"
                    json = .closed
                    finished = true
                    return BatchRecord(line: line, content: .invalid(diagnostic(.wrongType, "a .json batch must be an array of profiles, found \(found)", line, column)))
                }
                consume(to: start + 1)
                json = .first
            case .separator, .first where b == UInt8(ascii: "]"):
                if b == UInt8(ascii: "]") {
                    consume(to: start + 1)
                    json = .closed
                    continue
                }
                guard b == UInt8(ascii: ",") else { return stop("unexpected \(describe(b)); expected ',' or ']'") }
                consume(to: start + 1)
                json = .element
            case .first, .element:
                json = .separator
                return element()
            case .closed:
                return stop("unexpected \(describe(b)) after the array")
            }
        }
    }

    func describe(_ byte: UInt8) -> String {
        byte >= 0x21 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x" + String(byte, radix: 16)
    }

    /// One element of the array, from `start` to its end at depth 0.
    mutating func element() -> BatchRecord {
        let elementLine = line, elementColumn = column
        var depth = 0, inString = false, escaped = false, skipping = false
        var i = start
        while true {
            if i == buffer.count {
                if buffer.count - start > limit {
                    skipping = true
                    consume(to: buffer.count)
                }
                guard fill(keeping: &i) else { break }
            }
            let b = buffer[i]
            if inString {
                if escaped { escaped = false } else if b == 0x5C { escaped = true } else if b == 0x22 { inString = false }
            } else if b == 0x22 {
                inString = true
            } else if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") {
                depth += 1
            } else if b == UInt8(ascii: "}") || b == UInt8(ascii: "]") {
                if depth == 0 { break }
                depth -= 1
                if depth == 0 { i += 1; break }
            } else if depth == 0 && (b == UInt8(ascii: ",") || b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D) {
                break
            }
            i += 1
        }
        if i == start && !skipping {
            let found = i < buffer.count ? describe(buffer[i]) : "the end of the input"
            return BatchRecord(line: elementLine, content: .invalid(diagnostic(.malformedJSON, "malformed JSON: unexpected \(found); expected a profile", elementLine, elementColumn)))
        }
        if skipping || i - start > limit {
            consume(to: i)
            return tooLarge("the element at line \(elementLine), column \(elementColumn)", elementLine, elementColumn)
        }
        let bytes = Array(buffer[start..<i])
        consume(to: i)
        return BatchRecord(line: elementLine, content: .json(bytes, column: elementColumn))
    }

    // MARK: CSV

    mutating func nextRow() -> BatchRecord? {
        while true {
            guard let row = csvRow() else { return nil }
            switch row {
            case .invalid(let record):
                if header == nil { finished = true }
                return record
            case .text(let text, let rowLine):
                if text.isEmpty { continue }
                guard let names = header else {
                    header = CSVProfiles.cells(text).map(\.text)
                    continue
                }
                return CSVProfiles.record(text, names: names, line: rowLine, file: file)
            }
        }
    }

    enum _Row { case text(String, line: Int), invalid(BatchRecord) }

    /// The next row's text (without its line break), or nil at the end of the input.
    mutating func csvRow() -> _Row? {
        skipBlankLines()
        guard start < buffer.count || fill() else { return nil }
        let rowLine = line
        var quoted = false, cellStart = true, skipping = false, overLimit = false
        var quoteOffset = 0, quoteLine = 0, quoteColumn = 0
        var rowColumn = 1
        var i = start
        var rowLineAt = line
        while true {
            if i == buffer.count {
                if !quoted && buffer.count - start > limit {
                    skipping = true
                    consume(to: buffer.count)
                }
                if quoted && buffer.count - start > limit + 1 { overLimit = true; break }
                guard fill(keeping: &i) else { break }
            }
            let b = buffer[i]
            if quoted {
                if b == 0x22 {
                    if i + 1 == buffer.count { _ = fill(keeping: &i) }
                    if i + 1 < buffer.count && buffer[i + 1] == 0x22 { i += 2; continue }
                    // A closing quote ends its cell; anything else after it means the quote that
                    // opened the cell was never closed (RFC 4180).
                    if i + 1 < buffer.count, ![UInt8(ascii: ","), 0x0A, 0x0D].contains(buffer[i + 1]) { break }
                    quoted = false
                } else if b == 0x0A {
                    rowLineAt += 1
                }
            } else if b == 0x0A {
                break
            } else if b == 0x22 && cellStart {
                quoted = true
                quoteOffset = i - start
                quoteLine = rowLineAt
                quoteColumn = rowColumn
            }
            if !quoted { cellStart = b == UInt8(ascii: ",") }
            if b & 0xC0 != 0x80 { rowColumn = b == 0x0A ? 1 : rowColumn + 1 }
            i += 1
        }
        if quoted {
            // An unterminated quote: the row is rejected, and reading goes on at the line after
            // the one the quote opened on, so one stray quote costs one row, not the rest.
            let q = start + quoteOffset
            if let nl = buffer[q..<buffer.count].firstIndex(of: 0x0A) {
                consume(to: nl + 1)
            } else {
                // The quote's line itself runs past the buffer: skip to its end.
                var skip = false
                let end = newline(from: buffer.count - start, skipping: &skip)
                consume(to: end.map { $0 + 1 } ?? buffer.count)
            }
            let message = overLimit
                ? "the row at line \(rowLine) is larger than the limit of \(limitText) for one record, or its quoted cell opened at line \(quoteLine), column \(quoteColumn) never closes; the row was skipped"
                : "unterminated quote: the quoted cell opened at line \(quoteLine), column \(quoteColumn) is not closed where a cell ends; the row was skipped"
            return .invalid(BatchRecord(line: quoteLine, content: .invalid(diagnostic(.invalidValue, message, quoteLine, quoteColumn))))
        }
        if skipping || i - start > limit {
            consume(to: min(i + 1, buffer.count))
            return .invalid(tooLarge("the row at line \(rowLine)", rowLine, 1))
        }
        var last = i
        if last > start, buffer[last - 1] == 0x0D { last -= 1 }
        let row = buffer[start..<last]
        if let bad = row.withUnsafeBufferPointer({ JSONParser.firstInvalidUTF8($0) }) {
            // The row may span lines (a quoted line break): place the byte by what precedes it.
            let at = row.withUnsafeBufferPointer { JSONParser.position(of: bad, in: $0, line: rowLine) }
            consume(to: min(i + 1, buffer.count))
            return .invalid(BatchRecord(line: rowLine, content: .invalid(diagnostic(.invalidValue, "invalid UTF-8 in the row", at.line, at.column))))
        }
        let text = String(decoding: row, as: UTF8.self)
        consume(to: min(i + 1, buffer.count))
        return .text(text, line: rowLine)
    }

    mutating func skipBlankLines() {
        while true {
            if start == buffer.count && !fill() { return }
            var i = start
            while i < buffer.count, buffer[i] == 0x0D { i += 1 }
            if i < buffer.count, buffer[i] == 0x0A { consume(to: i + 1); continue }
            if i == buffer.count && i > start { if fill() { continue } }
            return
        }
    }
}

/// Where batch bytes come from: a file descriptor, read in chunks, or bytes in memory.
final class _ByteSource {
    let descriptor: Int32
    let bytes: [UInt8]
    var offset = 0
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

    /// Appends the next chunk to `buffer`; false at the end of the input or on an error.
    func read(into buffer: inout [UInt8]) -> Bool {
        if descriptor < 0 {
            guard offset < bytes.count else { return false }
            let end = min(bytes.count, offset + Self.chunk)
            buffer.append(contentsOf: bytes[offset..<end])
            offset = end
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
        return n > 0
    }
}

/// Input that cannot be opened at all.
public struct BatchReadError: Error, Sendable {
    public var message: String
}
