import RulesEngine

/// What a batch came to: how many records were advised and rejected, the advice per method
/// and action, the warnings and missing fields, overall and by carrier, and the rejected
/// records (the first ``rejectionLimit`` of them in full).
public struct BatchSummary: Sendable, Equatable {
    /// How often each outcome came up among a set of advised records.
    public struct Counts: Sendable, Equatable {
        public var advised = 0
        public var methods: [String: Int] = [:]
        public var actions: [String: Int] = [:]
        public var warnings: [String: Int] = [:]
        public var missing: [String: Int] = [:]

        public init() {}

        /// Adds `times` records with the same decision.
        mutating func add(_ d: Decision, times: Int) {
            advised += times
            methods[d.method, default: 0] += times
            actions[d.action, default: 0] += times
            for w in d.warnings { warnings[w, default: 0] += times }
            for m in d.missing { missing[m, default: 0] += times }
        }

        mutating func merge(_ other: Counts) {
            advised += other.advised
            for (k, v) in other.methods { methods[k, default: 0] += v }
            for (k, v) in other.actions { actions[k, default: 0] += v }
            for (k, v) in other.warnings { warnings[k, default: 0] += v }
            for (k, v) in other.missing { missing[k, default: 0] += v }
        }
    }

    /// One rejected record: one of its diagnostics, where it stands.
    public struct Rejection: Sendable, Equatable {
        public var file: String
        public var line: Int
        public var column: Int
        public var pointer: String
        public var code: String
        public var message: String

        public init(_ d: Diagnostic) {
            file = d.location.file
            line = d.location.line
            column = d.location.column
            pointer = d.location.pointer
            code = d.code.rawValue
            message = d.message
        }

        /// The rejection as one JSON object (`--errors`): file, line, column, pointer, code, message.
        public func json() -> String {
            var w = JSONWriter()
            write(to: &w)
            return w.output
        }

        func write(to w: inout JSONWriter) {
            w.beginObject()
            w.key("file"); w.string(file)
            w.key("line"); w.number(Double(line))
            w.key("column"); w.number(Double(column))
            w.key("pointer"); w.string(pointer)
            w.key("code"); w.string(code)
            w.key("message"); w.string(message)
            w.endObject()
        }
    }

    /// How many rejections are kept whole (the count goes on).
    public static let rejectionLimit = 1_000
    /// The name under ``carriers`` of the records that name no carrier.
    public static let noCarrier = "(none)"

    public var inputs: [String] = []
    public var rejected = 0
    public var overall = Counts()
    public var carriers: [String: Counts] = [:]
    /// The first rejections, in input order.
    public var rejections: [Rejection] = []
    public var seconds = 0.0
    /// Where the run stopped early (`--fail-fast`), if it did.
    public var stoppedAt: String?

    public init() {}

    public var advised: Int { overall.advised }
    public var records: Int { advised + rejected }

    mutating func add(_ d: Decision, times: Int) {
        guard times > 0 else { return }
        overall.add(d, times: times)
        carriers[d.carrier ?? Self.noCarrier, default: Counts()].add(d, times: times)
    }

    /// Counts a rejected record and keeps its diagnostics while there is room.
    mutating func reject(_ diagnostics: [Diagnostic]) {
        rejected += 1
        for d in diagnostics where rejections.count < Self.rejectionLimit { rejections.append(Rejection(d)) }
    }

    /// The `n` most frequent keys, most frequent first (ties by name).
    public static func top(_ counts: [String: Int], _ n: Int = 10) -> [(key: String, count: Int)] {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(n).map { ($0.key, $0.value) }
    }

    /// The end-of-run summary as lines of text, for standard error.
    public func text() -> String {
        let rate = seconds > 0 ? Int(Double(records) / seconds) : 0
        var lines = ["advisor batch: \(records) profiles, \(advised) advised, \(rejected) rejected (\(Self.format(seconds)) s, \(rate) profiles/s)"]
        if let stoppedAt { lines.append("  stopped at the first rejected record (\(stoppedAt)): --fail-fast") }
        func row(_ title: String, _ counts: [String: Int], _ n: Int) {
            guard !counts.isEmpty else { return }
            lines.append("  \(title): " + Self.top(counts, n).map { "\($0.key) \($0.count)" }.joined(separator: ", "))
        }
        row("methods", overall.methods, .max)
        row("actions", overall.actions, .max)
        row("top warnings", overall.warnings, 10)
        row("top missing", overall.missing, 10)
        return lines.joined(separator: "\n")
    }

    static func format(_ seconds: Double) -> String {
        let hundredths = Int((seconds * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }

    /// The summary as JSON (`--summary`): the counts overall and by carrier, the rejections kept.
    public func json() -> String {
        var w = JSONWriter(pretty: true)
        w.beginObject()
        w.key("inputs"); w.strings(inputs)
        w.key("records"); w.number(Double(records))
        w.key("advised"); w.number(Double(advised))
        w.key("rejected"); w.number(Double(rejected))
        w.key("seconds"); w.number((seconds * 1000).rounded() / 1000)
        w.key("stoppedAt"); if let stoppedAt { w.string(stoppedAt) } else { w.null() }
        w.key("overall"); Self.write(overall, to: &w)
        w.key("carriers")
        w.beginObject()
        for (carrier, counts) in carriers.sorted(by: { $0.key < $1.key }) { w.key(carrier); Self.write(counts, to: &w) }
        w.endObject()
        w.key("rejections")
        w.beginArray()
        for r in rejections { r.write(to: &w) }
        w.endArray()
        w.endObject()
        return w.output + "\n"
    }

    static func write(_ c: Counts, to w: inout JSONWriter) {
        w.beginObject()
        w.key("advised"); w.number(Double(c.advised))
        for (key, counts) in [("methods", c.methods), ("actions", c.actions), ("warnings", c.warnings), ("missing", c.missing)] {
            w.key(key)
            w.beginObject()
            for (k, v) in top(counts, .max) { w.key(k); w.number(Double(v)) }
            w.endObject()
        }
        w.endObject()
    }
}
