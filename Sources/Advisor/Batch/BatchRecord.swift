import RulesEngine

/// One input record of a batch: where it stands, and its bytes or its already parsed JSON.
public struct BatchRecord: Sendable {
    public enum Content: Sendable {
        /// The bytes of a JSON value (a line of a JSON Lines file, an element of a JSON array)
        /// starting at `column` of the record's line, parsed by the worker that evaluates it.
        case json([UInt8], column: Int)
        /// A CSV row as an object of text cells, typed by the profile reader.
        case cells(JSONNode)
        /// A record that could not even be read (too large, a malformed CSV row).
        case invalid(Diagnostic)
    }

    /// 1-based line in the input where the record starts.
    public var line: Int
    public var content: Content

    public init(line: Int, content: Content) {
        self.line = line
        self.content = content
    }
}

/// What became of one record: a line of advice, or the diagnostics that rejected it.
public enum BatchOutcome: Sendable {
    case advice(String)
    case rejected([Diagnostic])
}

/// The formats a batch reads.
public enum BatchFormat: String, Sendable, CaseIterable {
    /// One JSON object per line (`.jsonl`, `.ndjson`); streamed.
    case jsonl
    /// A JSON array of objects (`.json`).
    case json
    /// A header of profile field names, then one profile per row (`.csv`); a list's items separated as its field says (`;`).
    case csv

    /// The format a file name implies, if any.
    public init?(path: String) {
        let lower = path.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { self = .jsonl }
        else if lower.hasSuffix(".json") { self = .json }
        else if lower.hasSuffix(".csv") { self = .csv }
        else { return nil }
    }
}
