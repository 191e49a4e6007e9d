import RulesEngine

/// What a batch writes for each advised record, and how.
public struct BatchOutput: Sendable, Equatable {
    public static func == (a: BatchOutput, b: BatchOutput) -> Bool {
        a.format == b.format && a.detail == b.detail && a.namesFile == b.namesFile
    }

    public enum Format: String, Sendable, CaseIterable {
        /// One JSON object per line.
        case jsonl
        /// One JSON array of the objects.
        case json
        /// A header, then one row per record (the decision only).
        case csv
    }

    public enum Detail: String, Sendable, CaseIterable {
        /// The advice object of `advisor ask --json`, with `line`.
        case full
        /// `id`, `line`, `carrier`, `action`, `method`, the ranking's scores and blocks, the
        /// warning ids and the missing fields: no texts.
        case decision
        /// The raw evaluation: the rules fired in order, every option's score, the blocks with
        /// their reasons, the raised warnings (before any scope hides one) and the derived facts.
        /// For comparing engines (`Clips/check`); not offered in the help.
        case engine
    }

    public var format: Format
    public var detail: Detail
    /// Whether each record names its input file (when a batch reads several).
    public var namesFile: Bool
    /// The keys a record starts with, in arrays of each value's own (each thread makes its
    /// own output, so that no array's reference count is contended).
    let idKey = Array("\"id\":".utf8)
    let fileKey = Array("\"file\":".utf8)
    let lineKey = Array("\"line\":".utf8)

    public init(format: Format = .jsonl, detail: Detail? = nil, namesFile: Bool = false) {
        self.format = format
        self.detail = detail ?? (format == .csv ? .decision : .full)
        self.namesFile = namesFile
    }

    /// What goes before the first record: the CSV header, the JSON array's opening.
    public func header(options: [String]) -> [UInt8] {
        switch format {
        case .jsonl: return []
        case .json: return Array("[".utf8)
        case .csv:
            var columns = ["id"] + (namesFile ? ["file"] : []) + ["line", Profile.carrierField, "action", "method"]
            for o in options { columns += ["\(o)_score", "\(o)_blocked"] }
            columns += ["warnings", "missing"]
            return Array((columns.joined(separator: ",") + "\n").utf8)
        }
    }

    /// What goes after the last record; `records` is how many were written.
    public func footer(records: Int) -> [UInt8] {
        format == .json ? Array((records == 0 ? "]\n" : "\n]\n").utf8) : []
    }

    /// The start of a record, up to and including its line number: `{"id":"a","line":3` or `a,3`.
    /// In a JSON array every record starts with `,` and a line break; the run drops the comma
    /// of the first.
    func prefix(id: UnsafeBufferPointer<UInt8>?, file: [UInt8], line: Int, into out: inout [UInt8]) {
        switch format {
        case .jsonl, .json:
            if format == .json { out.append(0x2C); out.append(0x0A) }
            out.append(UInt8(ascii: "{"))
            if let id {
                out.append(contentsOf: idKey)
                out.append(0x22)
                out.append(contentsOf: id)
                out.append(0x22)
                out.append(0x2C)
            }
            if namesFile { out.append(contentsOf: fileKey); out.append(contentsOf: file); out.append(0x2C) }
            out.append(contentsOf: lineKey)
        case .csv:
            if let id { CSVProfiles.appendCell(id, to: &out) }
            out.append(0x2C)
            if namesFile { out.append(contentsOf: file); out.append(0x2C) }
        }
        Self.appendNumber(line, to: &out)
    }

    /// A file's name as this format writes it in ``prefix``: a JSON string or a CSV cell.
    func encodedFile(_ name: String) -> [UInt8] {
        var out: [UInt8] = []
        var text = name
        text.withUTF8 { utf8 in
            if format == .csv { CSVProfiles.appendCell(utf8, to: &out) } else { JSONWriter.escape(name, into: &out) }
        }
        return out
    }


    static func appendNumber(_ n: Int, to out: inout [UInt8]) {
        if n < 0 { out.append(UInt8(ascii: "-")) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var m = n.magnitude, count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat { d[count] = UInt8(m % 10) + 0x30; m /= 10; count += 1 } while m > 0
            for k in stride(from: count - 1, through: 0, by: -1) { out.append(d[k]) }
        }
    }

    /// The rest of a record after its line number, up to and including its line break: the
    /// same for every profile of a class. `advice` is needed for `full` only, `result` for `engine`.
    func fragment(_ d: Decision, _ advice: Advice?, options: [String], result: EvaluationResult? = nil) -> [UInt8] {
        switch (format, detail) {
        case (.csv, _):
            var cells: [String] = [d.carrier ?? "", d.action, d.method]
            for o in options {
                let r = d.ranking.first { $0.method == o }
                cells += [r.map { Value.number($0.score).description } ?? "", r.map { "\($0.blocked)" } ?? ""]
            }
            cells += [d.warnings.joined(separator: ";"), d.missing.joined(separator: ";")]
            var out: [UInt8] = []
            for cell in cells {
                out.append(0x2C)
                var text = cell
                text.withUTF8 { CSVProfiles.appendCell($0, to: &out) }
            }
            out.append(0x0A)
            return out
        case (_, .full):
            guard var advice else { preconditionFailure("the full record needs the advice") }
            advice.id = nil
            var w = JSONWriter()
            advice.write(to: &w)
            // `{"carrier":…}` becomes `,"carrier":…}` after the line number.
            return [0x2C] + w.bytes.dropFirst() + (format == .jsonl ? [0x0A] : [])
        case (_, .engine):
            guard let result else { preconditionFailure("the engine record needs the evaluation") }
            return [0x2C] + Self.engine(result).dropFirst() + (format == .jsonl ? [0x0A] : [])
        case (_, .decision):
            // The bytes JSONWriter would write, appended directly: this is made for every class.
            var out: [UInt8] = [0x2C]
            out.reserveCapacity(320)
            func raw(_ s: StaticString) { s.withUTF8Buffer { out.append(contentsOf: $0) } }
            func string(_ s: String) { JSONWriter.escape(s, into: &out) }
            func strings(_ items: [String]) {
                out.append(UInt8(ascii: "["))
                for (k, item) in items.enumerated() {
                    if k > 0 { out.append(UInt8(ascii: ",")) }
                    string(item)
                }
                out.append(UInt8(ascii: "]"))
            }
            string(Profile.carrierField); out.append(UInt8(ascii: ":"))
            if let carrier = d.carrier { string(carrier) } else { raw("null") }
            raw(#","action":"#); string(d.action)
            raw(#","method":"#); string(d.method)
            raw(#","ranking":["#)
            for (k, r) in d.ranking.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                raw(#"{"method":"#); string(r.method)
                raw(#","score":"#)
                if r.score.rounded() == r.score && abs(r.score) < 1e15 { Self.appendNumber(Int(r.score), to: &out) } else {
                    var w = JSONWriter()
                    w.number(r.score)
                    out += w.bytes
                }
                raw(#","blocked":"#); if r.blocked { raw("true") } else { raw("false") }
                out.append(UInt8(ascii: "}"))
            }
            raw(#"],"warnings":"#); strings(d.warnings)
            raw(#","missing":"#); strings(d.missing)
            out.append(UInt8(ascii: "}"))
            if format == .jsonl { out.append(0x0A) }
            return out
        }
    }

    /// The evaluation as a JSON object: `fired`, `scores`, `blocks` (`[option, reason]`, by
    /// option in declared order), `warnings` (ids, most severe first) and `derived`.
    static func engine(_ result: EvaluationResult) -> [UInt8] {
        let rules = result.ruleSet
        var w = JSONWriter()
        w.beginObject()
        w.key("fired"); w.strings(result.firedRules)
        w.key("scores"); w.beginObject()
        for o in rules.options { w.key(o); w.number(result.score(of: o)) }
        w.endObject()
        w.key("blocks"); w.beginArray()
        for o in rules.options { for b in result.blocks(of: o) { w.strings([o, b.reason]) } }
        w.endArray()
        w.key("warnings"); w.strings(result.warnings.map(\.id))
        w.key("derived"); w.beginObject()
        for f in rules.facts where result.derivingRule(of: f.name) != nil {
            if let v = result.value(of: f.name) { w.key(f.name); w.value(v) }
        }
        w.endObject()
        w.endObject()
        return w.bytes
    }
}
