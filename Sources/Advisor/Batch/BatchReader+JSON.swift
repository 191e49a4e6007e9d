import Foundation
import RulesEngine

extension BatchReader {
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
}
