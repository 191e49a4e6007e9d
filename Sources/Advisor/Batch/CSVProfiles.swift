import Foundation
import RulesEngine

/// Reads profiles from CSV (RFC 4180): a header row of profile field names, then one profile per
/// row. An empty cell is unknown; `true`/`false` and numbers are typed by the header's field
/// where the cell reads as one; a list cell separates its items with `;`.
enum CSVProfiles {
    /// The records of a CSV text; a row that cannot be read becomes an invalid record.
    static func records(_ text: String, file: String) -> [BatchRecord] {
        let rows = parse(text)
        guard let header = rows.first else { return [] }
        var out: [BatchRecord] = []
        let names = header.cells.map(\.text)
        for row in rows.dropFirst() {
            if row.cells.count == 1 && row.cells[0].text.isEmpty { continue }
            guard row.cells.count == names.count else {
                let at = SourceLocation(file: file, line: row.line, column: 1, pointer: "")
                out.append(BatchRecord(line: row.line, content: .invalid(Diagnostic(.invalidValue, .error, "the row has \(row.cells.count) cells, but the header names \(names.count) fields", at: at))))
                continue
            }
            var members: [JSONMember] = []
            for (name, cell) in zip(names, row.cells) where !cell.text.isEmpty {
                members.append(JSONMember(key: name, line: row.line, column: cell.column, value: JSONNode(typed(cell.text, field: name), line: row.line, column: cell.column)))
            }
            out.append(BatchRecord(line: row.line, content: .node(JSONNode(.object(members), line: row.line, column: 1))))
        }
        return out
    }

    static let listFields: Set = ["languages"]

    /// A cell as the JSON value it most likely is; the profile reader then checks its type.
    static func typed(_ text: String, field: String) -> JSONNode.Kind {
        if listFields.contains(field) {
            return .array(text.split(separator: ";").map { JSONNode(.string($0.trimmingCharacters(in: .whitespaces)), line: 0, column: 0) })
        }
        switch text {
        case "true": return .bool(true)
        case "false": return .bool(false)
        default:
            if let n = Double(text), n.isFinite, text.first.map({ $0.isNumber || $0 == "-" }) == true { return .number(n) }
            return .string(text)
        }
    }

    struct Cell { var text: String; var column: Int }
    struct Row { var line: Int; var cells: [Cell] }

    /// Splits CSV text into rows of cells, honouring quotes (which may hold commas, quotes as
    /// `""`, and line breaks).
    static func parse(_ text: String) -> [Row] {
        var rows: [Row] = []
        var cells: [Cell] = []
        var cell = ""
        var quoted = false
        var line = 1, rowLine = 1, column = 1, cellColumn = 1
        var chars = Array(text)
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        var i = 0
        func endCell() { cells.append(Cell(text: cell, column: cellColumn)); cell = ""; cellColumn = column + 1 }
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" { cell.append("\""); i += 1; column += 1 } else { quoted = false }
                } else {
                    cell.append(c)
                    if c == "\n" || c == "\r\n" { line += 1; column = 0 }
                }
            } else {
                switch c {
                case "\"" where cell.isEmpty: quoted = true
                case ",": endCell()
                case "\n", "\r\n", "\r":
                    endCell()
                    rows.append(Row(line: rowLine, cells: cells))
                    cells = []
                    line += 1; rowLine = line; column = 0; cellColumn = 1
                default: cell.append(c)
                }
            }
            i += 1
            column += 1
        }
        if !cell.isEmpty || !cells.isEmpty { endCell(); rows.append(Row(line: rowLine, cells: cells)) }
        return rows
    }
}
