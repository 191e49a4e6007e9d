import Foundation
import RulesEngine

/// Reads profiles from CSV (RFC 4180): a header row of profile field names, then one profile per
/// row. An empty cell is unknown; every other cell is text, typed by ``ProfileReader`` against
/// its field (`true`/`false`, a number, a list split by the field's `separators`).
enum CSVProfiles {
    /// The record of one row's text (which may hold line breaks inside quotes), read against
    /// the header's field names.
    static func record(_ text: String, names: [String], line: Int, file: String) -> BatchRecord {
        let cells = cells(text)
        guard cells.count == names.count else {
            let at = SourceLocation(file: file, line: line, column: 1, pointer: "")
            return BatchRecord(line: line, content: .invalid(Diagnostic(.invalidValue, .error, "the row has \(cells.count) cells, but the header names \(names.count) fields", at: at)))
        }
        var members: [JSONMember] = []
        for (name, cell) in zip(names, cells) where !cell.text.isEmpty {
            let l = line + cell.line
            members.append(JSONMember(key: name, line: l, column: cell.column, value: JSONNode(.string(cell.text), line: l, column: cell.column)))
        }
        return BatchRecord(line: line, content: .cells(JSONNode(.object(members), line: line, column: 1)))
    }

    /// A cell's text, and where it starts: lines after the row's first, and its column.
    struct Cell { var text: String; var line: Int; var column: Int }

    /// Splits one row into cells, honouring quotes (which may hold commas, quotes as `""`, and
    /// line breaks). A quote that opens a cell and never closes runs to the end of the row.
    static func cells(_ text: String) -> [Cell] {
        // Unicode scalars, not Characters: a combining mark after ',' or '"' must not hide it.
        var cells: [Cell] = []
        var cell = String.UnicodeScalarView()
        var quoted = false
        var line = 0, column = 1, cellLine = 0, cellColumn = 1
        let scalars = Array(text.unicodeScalars)
        var i = 0
        func endCell() { cells.append(Cell(text: String(cell), line: cellLine, column: cellColumn)); cell = String.UnicodeScalarView(); cellLine = line; cellColumn = column + 1 }
        while i < scalars.count {
            let c = scalars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < scalars.count && scalars[i + 1] == "\"" { cell.append("\""); i += 1; column += 1 } else { quoted = false }
                } else {
                    cell.append(c)
                    if c == "\n" { line += 1; column = 0 }
                }
            } else if c == "\"" && cell.isEmpty {
                quoted = true
            } else if c == "," {
                endCell()
            } else {
                cell.append(c)
            }
            i += 1
            column += 1
        }
        endCell()
        return cells
    }
}

extension CSVProfiles {
    /// Appends a cell, quoted (RFC 4180) when it holds a comma, a quote or a line break.
    static func appendCell(_ utf8: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        guard utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
            out.append(contentsOf: utf8)
            return
        }
        out.append(0x22)
        for b in utf8 {
            if b == 0x22 { out.append(0x22) }
            out.append(b)
        }
        out.append(0x22)
    }
}
