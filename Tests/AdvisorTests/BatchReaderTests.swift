import Foundation
import Testing
@testable import Advisor
import RulesEngine

/// The streaming batch reader: records, their places, and what it rejects, in each format.
@Suite struct BatchReaderTests {
    /// A record as the tests compare it: its line, and its JSON text, or its diagnostic.
    enum Read: Equatable, CustomStringConvertible {
        case json(line: Int, column: Int, String)
        case node(line: Int, [String: String])
        case invalid(String)

        var description: String {
            switch self {
            case .json(let l, let c, let t): "json \(l):\(c) \(t)"
            case .node(let l, let m): "node \(l) \(m)"
            case .invalid(let d): "invalid \(d)"
            }
        }
    }

    static func read(_ text: String, _ format: BatchFormat, limit: Int = BatchReader.maximumRecordBytes, block: Int = 3) -> [Read] {
        read(Array(text.utf8), format, limit: limit, block: block)
    }

    static func read(_ bytes: [UInt8], _ format: BatchFormat, limit: Int = BatchReader.maximumRecordBytes, block: Int = 3) -> [Read] {
        var reader = BatchReader(bytes: bytes, format: format, name: "in", maximumRecordBytes: limit)
        var out: [Read] = []
        // Bounded, so a reader that never ends fails the test instead of hanging it.
        for _ in 0...(bytes.count + 1) {
            guard let records = reader.next(block) else { break }
            #expect(!records.isEmpty && records.count <= block)
            for r in records {
                switch r.content {
                case .json(let b, let column): out.append(.json(line: r.line, column: column, String(decoding: b, as: UTF8.self)))
                case .cells(let n):
                    var cells: [String: String] = [:]
                    for m in n.objectValue ?? [] {
                        switch m.value.kind {
                        case .string(let s): cells[m.key] = s
                        case .number(let d): cells[m.key] = "#\(d)"
                        case .bool(let b): cells[m.key] = "\(b)"
                        case .array(let items): cells[m.key] = items.compactMap(\.stringValue).joined(separator: "|")
                        default: cells[m.key] = "?"
                        }
                    }
                    out.append(.node(line: r.line, cells))
                case .invalid(let d): out.append(.invalid(d.description))
                }
            }
        }
        return out
    }

    // MARK: JSON Lines

    @Test func jsonLinesGivesEachNonBlankLineWithItsNumber() {
        let text = "{\"a\":1}\r\n\n   \n{\"b\":2}\n\t\n{\"c\":3}"
        #expect(Self.read(text, .jsonl) == [
            .json(line: 1, column: 1, #"{"a":1}"#),
            .json(line: 4, column: 1, #"{"b":2}"#),
            .json(line: 6, column: 1, #"{"c":3}"#),
        ])
        #expect(Self.read("", .jsonl) == [])
        #expect(Self.read("\n\n", .jsonl) == [])
    }

    @Test func aLineAtTheLimitIsReadAndOneByteMoreIsSkipped() {
        let limit = 64
        let fits = "\"" + String(repeating: "x", count: limit - 2) + "\""
        let over = "\"" + String(repeating: "y", count: limit - 1) + "\""
        #expect(Self.read("\(fits)\n\(over)\n{}\n", .jsonl, limit: limit) == [
            .json(line: 1, column: 1, fits),
            .invalid("in:2:1: error[invalid-value]: line 2 is larger than the limit of 64 bytes for one record; it was skipped"),
            .json(line: 3, column: 1, "{}"),
        ])
    }

    @Test func aHugeLineIsSkippedWithoutLosingTheLinesAfterIt() {
        // Three chunks of the reader's buffer in one line, then a good line.
        var bytes = Array("{\"a\":\"".utf8) + [UInt8](repeating: 0x61, count: 3 << 20) + Array("\"}\n{\"b\":1}\n".utf8)
        bytes += Array("{\"c\":2}".utf8)
        #expect(Self.read(bytes, .jsonl) == [
            .invalid("in:1:1: error[invalid-value]: line 1 is larger than the limit of 1 MiB for one record; it was skipped"),
            .json(line: 2, column: 1, #"{"b":1}"#),
            .json(line: 3, column: 1, #"{"c":2}"#),
        ])
    }

    @Test func recordsAcrossTheReadersChunksComeWholeAndInOrder() {
        let lines = (0..<60_000).map { #"{"id":"p\#($0)","balance":\#($0)}"# }
        let reads = Self.read(lines.joined(separator: "\n"), .jsonl, block: 4_096)
        #expect(reads == lines.enumerated().map { .json(line: $0.offset + 1, column: 1, $0.element) })
        let array = Self.read("[\n" + lines.joined(separator: ",\n") + "\n]", .json, block: 4_096)
        #expect(array == lines.enumerated().map { .json(line: $0.offset + 2, column: 1, $0.element) })
    }

    // MARK: JSON arrays

    @Test func aJSONArrayGivesEachElementWithItsPlace() {
        let text = "\u{FEFF}[ {\"a\": \"]\\\"[\"},\n  {\"b\": [1, {\"c\": 2}]} ,3,\"中\"\n]\n"
        #expect(Self.read(text, .json) == [
            .json(line: 1, column: 3, #"{"a": "]\"["}"#),
            .json(line: 2, column: 3, #"{"b": [1, {"c": 2}]}"#),
            .json(line: 2, column: 25, "3"),
            .json(line: 2, column: 27, "\"中\""),
        ])
        #expect(Self.read("[]", .json) == [])
        #expect(Self.read(" [ ] ", .json) == [])
    }

    @Test func aJSONArrayThatIsNotOneIsReportedOnce() {
        #expect(Self.read(#"{"id": "a"}"#, .json) == [.invalid("in:1:1: error[wrong-type]: a .json batch must be an array of profiles, found an object")])
        #expect(Self.read("", .json) == [.invalid("in:1:1: error[malformed-json]: malformed JSON: the document is empty; expected an array of profiles")])
        #expect(Self.read("[{}, {}", .json) == [
            .json(line: 1, column: 2, "{}"), .json(line: 1, column: 6, "{}"),
            .invalid("in:1:8: error[malformed-json]: malformed JSON: unexpected end of input; expected ',' or ']'"),
        ])
        #expect(Self.read("[{} {}]", .json) == [
            .json(line: 1, column: 2, "{}"),
            .invalid("in:1:5: error[malformed-json]: malformed JSON: unexpected '{'; expected ',' or ']'"),
        ])
        #expect(Self.read("[{}] x", .json) == [
            .json(line: 1, column: 2, "{}"),
            .invalid("in:1:6: error[malformed-json]: malformed JSON: unexpected 'x' after the array"),
        ])
        // Found by fuzzing: each of these once read the same error forever.
        #expect(Self.read("[1]]", .json) == [
            .json(line: 1, column: 2, "1"),
            .invalid("in:1:4: error[malformed-json]: malformed JSON: unexpected ']' after the array"),
        ])
        #expect(Self.read("[1 x", .json) == [
            .json(line: 1, column: 2, "1"),
            .invalid("in:1:4: error[malformed-json]: malformed JSON: unexpected 'x'; expected ',' or ']'"),
        ])
        #expect(Self.read("{\"carrier\": \"au\"}\n{}", .json, block: 1) == [
            .invalid("in:1:1: error[wrong-type]: a .json batch must be an array of profiles, found an object"),
        ])
        #expect(Self.read("[{},,{}]", .json) == [
            .json(line: 1, column: 2, "{}"),
            .invalid("in:1:5: error[malformed-json]: malformed JSON: unexpected ','; expected a profile"),
            .json(line: 1, column: 6, "{}"),
        ])
    }

    @Test func aJSONArrayElementOverTheLimitIsSkipped() {
        let big = "{\"a\": \"" + String(repeating: "z", count: 100) + "\"}"
        #expect(Self.read("[{},\n \(big), {\"b\": 1}]", .json, limit: 64) == [
            .json(line: 1, column: 2, "{}"),
            .invalid("in:2:2: error[invalid-value]: the element at line 2, column 2 is larger than the limit of 64 bytes for one record; it was skipped"),
            .json(line: 2, column: big.count + 4, #"{"b": 1}"#),
        ])
    }

    // MARK: CSV

    @Test func csvRowsAreReadAgainstTheHeader() {
        let text = "\u{FEFF}id,carrier,languages\r\na,povo,zh;en\r\n\r\n\"b, \"\"q\"\"\",au,\n\"c\nd\",\"x\ny\",ja\n"
        #expect(Self.read(text, .csv) == [
            .node(line: 2, ["id": "a", "carrier": "povo", "languages": "zh;en"]),
            .node(line: 4, ["id": "b, \"q\"", "carrier": "au"]),
            .node(line: 5, ["id": "c\nd", "carrier": "x\ny", "languages": "ja"]),
        ])
    }

    @Test func aCombiningMarkDoesNotHideACommaOrAQuote() {
        // Found by the property tests: cells were split by Characters, which join U+0301 onto ','.
        let text = "carrier,id\nau,\u{301}x\nau,\"\u{301}x,y\"\nau,\"a\"\"\u{301}\"\n"
        #expect(Self.read(text, .csv) == [
            .node(line: 2, ["carrier": "au", "id": "\u{301}x"]),
            .node(line: 3, ["carrier": "au", "id": "\u{301}x,y"]),
            .node(line: 4, ["carrier": "au", "id": "a\"\u{301}"]),
        ])
    }

    @Test func anUnterminatedQuoteCostsOneRowNotTheRest() {
        let text = "id,carrier\na,\"povo\nb,au\nc,\"docomo\n"
        #expect(Self.read(text, .csv) == [
            .invalid("in:2:3: error[invalid-value]: unterminated quote: the quoted cell opened at line 2, column 3 is not closed where a cell ends; the row was skipped"),
            .node(line: 3, ["id": "b", "carrier": "au"]),
            .invalid("in:4:3: error[invalid-value]: unterminated quote: the quoted cell opened at line 4, column 3 is not closed where a cell ends; the row was skipped"),
        ])
        // A quote that closes further down but not where a cell ends is caught there.
        let closedLate = "id,carrier\na,\"povo\nb,au\n\"c\",docomo\n"
        #expect(Self.read(closedLate, .csv) == [
            .invalid("in:2:3: error[invalid-value]: unterminated quote: the quoted cell opened at line 2, column 3 is not closed where a cell ends; the row was skipped"),
            .node(line: 3, ["id": "b", "carrier": "au"]),
            .node(line: 4, ["id": "c", "carrier": "docomo"]),
        ])
    }

    @Test func csvRowsOverTheLimitOrNotUTF8AreSkipped() {
        let long = String(repeating: "w", count: 80)
        #expect(Self.read("id,carrier\n\(long),au\nb,au\n", .csv, limit: 64) == [
            .invalid("in:2:1: error[invalid-value]: the row at line 2 is larger than the limit of 64 bytes for one record; it was skipped"),
            .node(line: 3, ["id": "b", "carrier": "au"]),
        ])
        let bytes = Array("id,carrier\nab".utf8) + [0xFF] + Array(",au\nc,au\n".utf8)
        #expect(Self.read(bytes, .csv) == [
            .invalid("in:2:3: error[invalid-value]: invalid UTF-8 in the row"),
            .node(line: 3, ["id": "c", "carrier": "au"]),
        ])
    }

    @Test func aQuotedCellOverTheLimitCostsItsRowOnce() {
        let cell = "\"" + String(repeating: "q", count: 200) + "\""
        #expect(Self.read("id,carrier\n\(cell),au\nb,au\n", .csv, limit: 64) == [
            .invalid("in:2:1: error[invalid-value]: the row at line 2 is larger than the limit of 64 bytes for one record; it was skipped"),
            .node(line: 3, ["id": "b", "carrier": "au"]),
        ])
        // Also when the quote's own line is longer than what the reader holds at once.
        let huge = Array("id,carrier\n\"".utf8) + [UInt8](repeating: 0x71, count: 3 << 20) + Array("\",au\nb,au\n".utf8)
        #expect(Self.read(huge, .csv) == [
            .invalid("in:2:1: error[invalid-value]: the row at line 2 is larger than the limit of 1 MiB for one record, or its quoted cell opened at line 2, column 1 never closes; the row was skipped"),
            .node(line: 3, ["id": "b", "carrier": "au"]),
        ])
    }

    @Test func invalidUTF8AfterAQuotedLineBreakIsPlacedOnItsLine() {
        let bytes = Array("id,carrier\n\"a\nbc".utf8) + [0xFF] + Array("\",au\nd,au\n".utf8)
        #expect(Self.read(bytes, .csv) == [
            .invalid("in:3:3: error[invalid-value]: invalid UTF-8 in the row"),
            .node(line: 4, ["id": "d", "carrier": "au"]),
        ])
        #expect(Self.read([0xEF, 0xBB, 0xBF] + Array("{\"a\":1}".utf8), .jsonl) == [.json(line: 1, column: 1, #"{"a":1}"#)])
    }

    @Test func aCSVWithOnlyAHeaderHasNoRecords() {
        #expect(Self.read("id,carrier\n", .csv) == [])
        #expect(Self.read("", .csv) == [])
    }

    /// A pipe that stays open after some lines: the block is what has come, without waiting for
    /// the block to fill; the next block takes up where it ended, and the end comes when the
    /// writer closes.
    @Test(.timeLimit(.minutes(1)), arguments: [BatchFormat.jsonl, .csv, .json])
    func aBlockEndsWhenThePipeHasNothingMoreYet(_ format: BatchFormat) throws {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        defer { close(fds[0]) }
        func send(_ text: String) {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer { write(fds[1], $0.baseAddress!, $0.count) } == bytes.count)
        }
        let (first, second, rest) = switch format {
        case .jsonl: ("{\"id\":\"a\"}\n{\"id\":\"b\"}\n", "{\"id\":\"c\"}\n", "")
        case .csv: ("id\na\nb\n", "c\n", "")
        case .json: ("[{\"id\":\"a\"},\n{\"id\":\"b\"},\n", "{\"id\":\"c\"}\n", "]\n")
        }
        send(first)
        var reader = try BatchReader(path: "/dev/fd/\(fds[0])", format: format)
        #expect(reader.next(100)?.map(\.line) == (format == .csv ? [2, 3] : [1, 2]))
        send(second)
        #expect(reader.next(100)?.map(\.line) == (format == .csv ? [4] : [3]))
        send(rest)
        close(fds[1])
        #expect(reader.next(100) == nil)
    }
}
