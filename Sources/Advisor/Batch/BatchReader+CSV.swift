import Foundation
import RulesEngine

extension BatchReader {
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
                    let cells = CSVProfiles.cells(text)
                    header = cells.map(\.text)
                    if let problem = headerProblem(cells, line: rowLine) {
                        // Every row would repeat it: the header is reported once and the
                        // file's rows are not read.
                        finished = true
                        return problem
                    }
                    continue
                }
                return CSVProfiles.record(text, names: names, line: rowLine, file: file)
            }
        }
    }

    /// The header's unknown and repeated column names, as one rejected record at the header.
    func headerProblem(_ cells: [CSVProfiles.Cell], line: Int) -> BatchRecord? {
        guard let columns else { return nil }
        var seen = Set<String>(), problems: [String] = [], first: CSVProfiles.Cell?
        for (i, cell) in cells.enumerated() {
            let name = cell.text
            if !seen.insert(name).inserted {
                problems.append("'\(name)' (column \(i + 1)) twice")
            } else if !columns.contains(name) {
                problems.append("unknown field '\(name)' (column \(i + 1))" + Suggestion.hint(for: name, in: columns))
            } else { continue }
            if first == nil { first = cell }
        }
        guard let first else { return nil }
        let message = "the CSV header names " + problems.joined(separator: ", ") + "; expected field names of: " + columns.joined(separator: ", ") + "; no row of this file was read"
        return BatchRecord(line: line, content: .invalid(diagnostic(.unknownKey, message, line + first.line, first.column)))
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
