import Foundation
import RulesEngine

/// Reads batch input: JSON Lines in blocks as it streams, or a whole JSON array or CSV file.
public struct BatchReader {
    let file: String
    let format: BatchFormat
    let handle: FileHandle
    var pending = Data()
    var nextLine = 1
    var finished = false
    /// For JSON and CSV, all records at once (they are not streamed), and how many were given out.
    var whole: [BatchRecord]?
    var given = 0

    /// - Parameter path: a file, or `-` for standard input.
    public init(path: String, format: BatchFormat) throws(BatchReadError) {
        file = path == "-" ? "<stdin>" : path
        self.format = format
        if path == "-" {
            handle = .standardInput
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let h = FileHandle(forReadingAtPath: path) else {
                throw BatchReadError(message: "\(path): no such file, or it cannot be read")
            }
            handle = h
        }
    }

    /// The input's name in diagnostics.
    public var name: String { file }

    /// The next block of records (up to about `size` of them), or nil at the end.
    public mutating func next(_ size: Int) -> [BatchRecord]? {
        switch format {
        case .jsonl: return nextLines(size)
        case .json, .csv:
            if whole == nil {
                let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
                whole = format == .json ? Self.jsonArray(text, file: file) : CSVProfiles.records(text, file: file)
            }
            guard let records = whole, given < records.count else { return nil }
            let block = Array(records[given..<min(records.count, given + size)])
            given += block.count
            return block
        }
    }

    mutating func nextLines(_ size: Int) -> [BatchRecord]? {
        var records: [BatchRecord] = []
        while records.count < size {
            if let newline = pending.firstIndex(of: 0x0A) {
                let line = pending[pending.startIndex..<newline]
                pending = pending[(newline + 1)...]
                appendLine(line, to: &records)
                continue
            }
            if finished {
                if !pending.isEmpty { appendLine(pending, to: &records); pending = Data() }
                break
            }
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { finished = true } else { pending.append(chunk) }
        }
        return records.isEmpty && finished && pending.isEmpty ? nil : records
    }

    mutating func appendLine(_ bytes: Data, to records: inout [BatchRecord]) {
        defer { nextLine += 1 }
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasSuffix("\r") { text.removeLast() }
        if text.allSatisfy(\.isWhitespace) { return }
        records.append(BatchRecord(line: nextLine, content: .text(text)))
    }

    /// The elements of a JSON array, each a record at its own line.
    static func jsonArray(_ text: String, file: String) -> [BatchRecord] {
        do {
            let root = try JSONParser.parse(text)
            guard let items = root.arrayValue else {
                let at = SourceLocation(file: file, line: root.line, column: root.column, pointer: "")
                return [BatchRecord(line: root.line, content: .invalid(Diagnostic(.wrongType, .error, "a .json batch must be an array of profiles, found \(root.typeName)", at: at)))]
            }
            return items.map { BatchRecord(line: $0.line, content: .node($0)) }
        } catch {
            let at = SourceLocation(file: file, line: error.line, column: error.column, pointer: "")
            return [BatchRecord(line: error.line, content: .invalid(Diagnostic(.malformedJSON, .error, "malformed JSON: \(error.message)", at: at)))]
        }
    }
}

/// Input that cannot be opened at all.
public struct BatchReadError: Error, Sendable {
    public var message: String
}
