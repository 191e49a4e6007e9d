@testable import Advisor
import RulesEngine
import Testing

/// The HTML report of a batch: its charts, its escaping, its order, its notes, and that it
/// needs nothing from the network.
@Suite struct BatchReportTests {
    let kb = shippedKnowledgeBase

    func html(_ s: BatchSummary, _ language: Language = .en) -> String {
        BatchReport.html(s, knowledgeBase: kb, language: language, generated: "2026-01-02 03:04")
    }

    static func rejection(_ message: String, line: Int = 3, code: String = "malformed-json",
                          file: String = "in.jsonl", pointer: String = "") -> BatchSummary.Rejection {
        let at = SourceLocation(file: file, line: line, column: 1, pointer: pointer)
        return BatchSummary.Rejection(Diagnostic(DiagnosticCode(rawValue: code), .error, message, at: at))
    }

    static func counts(_ advised: Int, methods: [String: Int] = [:], actions: [String: Int] = [:],
                       warnings: [String: Int] = [:], missing: [String: Int] = [:]) -> BatchSummary.Counts {
        var c = BatchSummary.Counts()
        c.advised = advised
        c.methods = methods
        c.actions = actions
        c.warnings = warnings
        c.missing = missing
        return c
    }

    /// A summary with something in every part.
    static var full: BatchSummary {
        var s = BatchSummary()
        s.inputs = ["profiles.jsonl"]
        s.overall = counts(21, methods: ["online": 12, "store": 6, "phone": 3], actions: ["cancel": 15, "port-out": 6],
                           warnings: ["balance-forfeit": 8, "sms-login-abroad": 4], missing: ["keepNumber": 9])
        s.carriers = ["povo": counts(12, methods: ["online": 12]), "au": counts(9, methods: ["store": 6, "phone": 3])]
        s.rejected = 2
        s.rejections = [rejection("not JSON", line: 4), rejection("unknown key", line: 7, code: "unknown-key")]
        s.seconds = 0.5
        return s
    }

    // MARK: Reading the page

    /// The text from the first `start` to the next `end` after it, both included.
    static func element(_ html: String, _ start: String, _ end: String) -> String? {
        guard let from = html.range(of: start), let to = html.range(of: end, range: from.upperBound..<html.endIndex)
        else { return nil }
        return String(html[from.lowerBound..<to.upperBound])
    }

    /// The value of the first `name="…"` in `text`.
    static func attribute(_ name: String, _ text: Substring) -> String? {
        guard let start = text.range(of: " \(name)=\"") else { return nil }
        return String(text[start.upperBound...].prefix { $0 != "\"" })
    }

    /// The bars of the chart named `chart`: key, count, and the drawn width of the rect.
    static func bars(_ html: String, chart: String) -> [(key: String, count: Int, width: Double)] {
        guard let svg = element(html, "<svg class=\"chart\" data-chart=\"\(chart)\"", "</svg>") else { return [] }
        return svg.components(separatedBy: "<g class=\"bar\"").dropFirst().map { g in
            let bar = Substring(g)
            let rect = bar[bar.range(of: "<rect")!.lowerBound...]
            return (attribute("data-key", bar) ?? "", Int(attribute("data-count", bar) ?? "") ?? -1,
                    Double(attribute("width", rect) ?? "") ?? -1)
        }
    }

    static func count(_ needle: String, _ haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }

    // MARK: Charts

    @Test func barsAreScaledToTheLargestCountMostFrequentFirst() throws {
        let page = html(Self.full)
        let overall = try #require(Self.element(page, "<section id=\"overall\">", "<section id=\"carriers\">"))
        let methods = Self.bars(overall, chart: "methods")
        #expect(methods.map(\.key) == ["online", "store", "phone"])
        #expect(methods.map(\.count) == [12, 6, 3])
        let full = try #require(methods.first?.width)
        #expect(full > 200, "the largest bar takes the chart's width less its label and count")
        #expect(abs(methods[1].width - full / 2) <= 0.1)
        #expect(abs(methods[2].width - full / 4) <= 0.1)
        #expect(Self.bars(overall, chart: "actions").map(\.count) == [15, 6])
        #expect(Self.bars(overall, chart: "warnings").map(\.key) == ["balance-forfeit", "sms-login-abroad"])
        #expect(Self.bars(overall, chart: "missing").map(\.key) == ["keepNumber"])
        #expect(Self.bars(overall, chart: "carriers").map(\.key) == ["povo", "au"])
        // Each bar says what it is, for a screen reader and a tooltip; its share is of the advised.
        #expect(overall.contains("<title>Online (online): 12 (57%)</title>"))
        #expect(overall.contains("aria-label=\"Methods: Online 12 (57%), In a shop 6 (29%), By phone 3 (14%)\""))
        #expect(overall.contains(#"<g class="bar" data-key="balance-forfeit" data-count="8" data-severity="high">"#))
    }

    @Test func labelsAreTheKnowledgeBasesInTheLanguage() throws {
        let page = html(Self.full, .zhHans)
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh-Hans\">\n<head>\n<meta charset=\"utf-8\">"))
        let methods = try #require(Self.element(page, "data-chart=\"methods\"", "</svg>"))
        #expect(methods.contains(">网上办理</text>"))
        #expect(page.contains("<h3>povo 2.0 <code class=\"muted\">povo</code></h3>"))
        #expect(page.contains(">" + kb.text(.field("keepNumber"), .zhHans) + "</text>"))
        #expect(page.contains(">balance-forfeit</text>"), "a warning's text is a paragraph: its id is the label")
    }

    @Test func onlyTheTopWarningsAndMissingFieldsAreDrawn() throws {
        var s = BatchSummary()
        let warnings = Dictionary(uniqueKeysWithValues: (1...14).map { ("w\($0)", $0) })
        s.overall = Self.counts(20, methods: ["online": 20], warnings: warnings, missing: warnings)
        let page = html(s)
        for chart in ["warnings", "missing"] {
            #expect(Self.bars(page, chart: chart).map(\.count) == Array((5...14).reversed()))
        }
        #expect(Self.count("(top 10 of 14)", page) == 2)
    }

    @Test func aChartWithNothingToDrawSaysSo() {
        var s = BatchSummary()
        s.overall = Self.counts(3, methods: ["online": 3], actions: ["cancel": 3])
        let page = html(s)
        #expect(page.contains("<p class=\"empty\" data-chart=\"warnings\">No warnings.</p>"))
        #expect(page.contains("<p class=\"empty\" data-chart=\"missing\">No missing fields.</p>"))
        #expect(!page.contains("data-chart=\"warnings\" role"))
        #expect(Self.bars(page, chart: "methods").count == 1)
    }

    @Test func longLabelsAreCutToFitWithTheFullTextInTheTitle() throws {
        var s = BatchSummary()
        let long = "a-warning-id-that-goes-on-and-on-and-on-and-on-and-on"
        s.overall = Self.counts(1, methods: ["online": 1], warnings: [long: 1])
        let page = html(s)
        let chart = try #require(Self.element(page, "data-chart=\"warnings\"", "</svg>"))
        #expect(chart.contains("<title>\(long) (\(long)): 1 (100%)</title>"))
        #expect(!chart.contains(">\(long)</text>"))
        #expect(chart.contains("…</text>"))
        #expect(BatchReport.textWidth("…", 13) < 13)
    }

    // MARK: Carriers

    @Test func carriersComeByAdvisedCountWithTheirNames() throws {
        var s = BatchSummary()
        s.overall = Self.counts(24, methods: ["online": 24])
        s.carriers = ["docomo": Self.counts(5, methods: ["online": 5]), "au": Self.counts(9, methods: ["online": 9]),
                      "povo": Self.counts(9, methods: ["online": 9]), BatchSummary.noCarrier: Self.counts(1)]
        let page = html(s, .ja)
        let order = page.components(separatedBy: "<section class=\"carrier\" data-carrier=\"").dropFirst()
            .map { String($0.prefix { $0 != "\"" }) }
        #expect(order == ["au", "povo", "docomo", "(none)"], "ties by id")
        let docomo = try #require(Self.element(page, "data-carrier=\"docomo\">", "</section>"))
        #expect(docomo.contains("<h3>NTTドコモ <code class=\"muted\">docomo</code></h3>"))
        #expect(docomo.contains("data-advised=\"5\">5 advised (21% of all advised)"))
        #expect(Self.bars(docomo, chart: "methods").map(\.count) == [5])
        let none = try #require(Self.element(page, "data-carrier=\"(none)\">", "</section>"))
        #expect(none.contains("<h3>No carrier given</h3>"))
        #expect(none.contains("<p class=\"empty\" data-chart=\"methods\">"))
    }

    // MARK: Rejections

    @Test func rejectionsAreATableWithANoteOfThoseNotListed() throws {
        var s = Self.full
        var page = html(s)
        let table = try #require(Self.element(page, "<table id=\"rejected\">", "</table>"))
        #expect(Self.count("<tr>", table) == 3, "a header and two rows")
        #expect(table.contains(#"<td class="where"><code>in.jsonl:7:1</code></td>"#
            + #"<td class="pointer"><code>—</code></td><td class="code"><code>unknown-key</code></td>"#
            + #"<td class="message">unknown key</td>"#))
        #expect(!page.contains("rejected-more"))
        s.rejected = 1_005
        s.rejections = (1...1_000).map { Self.rejection("bad \($0)", line: $0) }
        page = html(s)
        #expect(Self.count("<tr>", try #require(Self.element(page, "<tbody>", "</tbody>"))) == 1_000)
        #expect(page.contains("<p id=\"rejected-more\" class=\"more\" data-more=\"5\">…and at least 5 more rejected"
            + " records not listed (only the first 1,000 diagnostics are kept).</p>"))
        // A full table with fewer records than rows (several diagnostics each) may still leave some out.
        s.rejected = 600
        #expect(html(s).contains("<p id=\"rejected-more\" class=\"more\">Only the first 1,000 diagnostics are kept"))
    }

    @Test func hostileTextIsEscapedEverywhere() throws {
        var s = Self.full
        let hostile = #"<script>alert("x")</script> & 'q'"#
        let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;"
        s.rejections = [Self.rejection(hostile, code: "<b>", file: "<img src=x>.jsonl", pointer: "/a\"b")]
        s.inputs = [hostile]
        s.stoppedAt = hostile
        s.carriers[hostile] = Self.counts(1, methods: [hostile: 1], warnings: [hostile: 1], missing: [hostile: 1])
        s.overall.methods[hostile] = 1
        let page = BatchReport.html(s, knowledgeBase: kb, language: .en, generated: hostile + "\u{7}")
        #expect(!page.contains("<script"))
        #expect(!page.contains("<img"))
        #expect(!page.contains("<b>"))
        #expect(!page.contains("\u{7}"))
        #expect(page.contains("<td class=\"message\">\(escaped)</td>"))
        #expect(page.contains("<code>&lt;img src=x&gt;.jsonl:3:1</code>"))
        #expect(page.contains("<code>/a&quot;b</code>"))
        #expect(page.contains("data-carrier=\"\(escaped)\""))
        #expect(page.contains("data-key=\"\(escaped)\""))
        #expect(page.contains("<span id=\"generated\">\(escaped)\u{FFFD}</span>"))
        #expect(Self.count(escaped, page) >= 10)
    }

    @Test func thePageFetchesNothing() {
        var s = Self.full
        s.stoppedAt = "in.jsonl:4:1"
        let page = html(s).lowercased()
        for reference in ["http://", "https://", "src=", "href=", "@import", "url(", "<link", "<script", "<img", "//"] {
            #expect(!page.contains(reference), "\(reference)")
        }
    }

    // MARK: The whole page

    @Test func theHeaderHasTheTotalsAndAnEarlyStop() throws {
        var s = Self.full
        s.inputs = ["a.jsonl", "-"]
        var page = html(s)
        let header = try #require(Self.element(page, "<header id=\"totals\">", "</header>"))
        #expect(header.contains("<div data-total=\"records\"><dt>Records</dt><dd>23</dd></div>"))
        #expect(header.contains("<div data-total=\"advised\"><dt>Advised</dt><dd>21</dd>"))
        #expect(header.contains("<div data-total=\"rejected\"><dt>Rejected</dt><dd>2</dd><span class=\"muted\">2 (9%)"))
        #expect(header.contains("<dd>0.50</dd><span class=\"muted\">46 profiles/s</span>"))
        #expect(header.contains("<span id=\"generated\">2026-01-02 03:04</span>"))
        #expect(header.contains(
            "Inputs: <code class=\"input\">a.jsonl</code>, <code class=\"input\">standard input</code>"))
        #expect(!header.contains("id=\"stopped\""))
        s.stoppedAt = "a.jsonl:4:1"
        page = html(s)
        #expect(page.contains("<p id=\"stopped\" class=\"stopped\">Stopped early at the first rejected record, "
            + "<code>a.jsonl:4:1</code>"))
    }

    @Test func anEmptySummarySaysSoInEverySection() throws {
        let page = html(BatchSummary())
        #expect(page.hasSuffix("</body>\n</html>\n"))
        #expect(page.contains("<div data-total=\"records\"><dt>Records</dt><dd>0</dd></div>"))
        #expect(page.contains("<p class=\"empty\" id=\"overall-empty\">No record was advised.</p>"))
        #expect(page.contains("<p class=\"empty\" id=\"carriers-empty\">"))
        #expect(page.contains("<p class=\"empty\" id=\"rejected-none\">No record was rejected.</p>"))
        #expect(!page.contains("<svg"))
        #expect(!page.contains("<table"))
        #expect(!page.contains("Inputs:"))
    }

    @Test func numbersAreWrittenForPeopleAndForSVG() {
        #expect(BatchReport.grouped(0) == "0")
        #expect(BatchReport.grouped(999) == "999")
        #expect(BatchReport.grouped(1_234_567) == "1,234,567")
        #expect(BatchReport.number(12) == "12")
        #expect(BatchReport.number(12.25) == "12.3")
        #expect(BatchReport.countText(1, of: 1_000) == "1 (<1%)")
        #expect(BatchReport.countText(0, of: 0) == "0")
        #expect(BatchReport.barWidth(1, largest: 10_000, area: 300) == 1, "a counted key keeps a visible bar")
        #expect(BatchReport.barWidth(0, largest: 10, area: 300) == 0)
    }
}
