import RulesEngine

/// A batch's summary as one self-contained HTML page for a support desk (`batch --report`): the
/// totals, bar charts of the methods, actions, warnings and missing fields overall and for each
/// carrier, and the rejected records.
///
/// The page needs nothing else: the CSS is inline, the charts are inline SVG, there is no
/// script, no font, no image and no address to fetch. Every text from the summary or the
/// knowledge base is escaped. Elements have stable ids, classes and `data-` attributes (see
/// ``html(_:knowledgeBase:language:generated:)``) so tests and tools can find them.
public enum BatchReport {
    /// How many warnings and missing fields a chart shows, the most frequent first.
    public static let topCount = 10

    /// The page. `generated` is shown as given (the date and time of the run).
    ///
    /// Labels are the knowledge base's, in `language`: a carrier's name, a method's, an action's,
    /// a profile field's; a warning keeps its id (its text is a paragraph), and a key the
    /// knowledge base has no text for is shown as it is. The page's own headings are English.
    ///
    /// What a test can find: `<header id="totals">` with `data-total="records"` (`advised`,
    /// `rejected`, `seconds`) and `id="stopped"` when the run stopped early;
    /// `<section id="overall">`; `<svg class="chart" data-chart="methods">` (`actions`,
    /// `warnings`, `missing`, and `carriers` overall), each bar a
    /// `<g class="bar" data-key="online" data-count="12">` with a `<rect>`; a chart with nothing
    /// to draw is a `<p class="empty" data-chart="…">`; `<section class="carrier"
    /// data-carrier="docomo">` by advised count, descending; `<table id="rejected">` with a row
    /// per kept rejection in its `<tbody>`, and `<p id="rejected-more">` when some are not listed.
    public static func html(
        _ summary: BatchSummary, knowledgeBase: KnowledgeBase, language: Language, generated: String
    ) -> String {
        let labels = Labels(kb: knowledgeBase, language: language)
        var out = "<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>advisor batch report · \(escape(generated))</title>\n<style>\(style)</style>\n</head>\n<body>\n"
        out += header(summary, generated: generated)
        out += "<main>\n" + overall(summary, labels) + carriers(summary, labels) + rejections(summary) + "</main>\n"
        return out + "</body>\n</html>\n"
    }

    /// The title, the run (date, inputs, an early stop) and the totals.
    static func header(_ s: BatchSummary, generated: String) -> String {
        let inputs = s.inputs.map { $0 == "-" ? "standard input" : $0 }
        var out = "<header id=\"totals\">\n<h1>Batch report</h1>\n<p class=\"meta\">Generated <span id=\"generated\">"
            + "\(escape(generated))</span>"
        if !inputs.isEmpty {
            out += " · \(inputs.count == 1 ? "Input" : "Inputs"): "
                + inputs.map { "<code class=\"input\">\(escape($0))</code>" }.joined(separator: ", ")
        }
        out += "</p>\n"
        if let stoppedAt = s.stoppedAt {
            out += "<p id=\"stopped\" class=\"stopped\">Stopped early at the first rejected record, "
                + "<code>\(escape(stoppedAt))</code> (<code>--fail-fast</code>): the counts cover the records "
                + "read until then.</p>\n"
        }
        let rate = s.seconds > 0 ? grouped(Int(Double(s.records) / s.seconds)) + " profiles/s" : ""
        let totals = [
            ("records", "Records", grouped(s.records), ""),
            ("advised", "Advised", grouped(s.advised), s.records > 0 ? countText(s.advised, of: s.records) : ""),
            ("rejected", "Rejected", grouped(s.rejected), s.records > 0 ? countText(s.rejected, of: s.records) : ""),
            ("seconds", "Seconds", BatchSummary.format(s.seconds), rate),
        ]
        out += "<dl class=\"totals\">\n"
        for (key, title, value, note) in totals {
            let detail = note.isEmpty ? "" : "<span class=\"muted\">\(escape(note))</span>"
            out += "<div data-total=\"\(key)\"><dt>\(title)</dt><dd>\(escape(value))</dd>\(detail)</div>\n"
        }
        return out + "</dl>\n</header>\n"
    }

    /// The charts of every advised record, with the advised count of each carrier.
    static func overall(_ s: BatchSummary, _ labels: Labels) -> String {
        var out = "<section id=\"overall\">\n<h2>All advised records</h2>\n"
        guard s.advised > 0 else {
            return out + "<p class=\"empty\" id=\"overall-empty\">No record was advised.</p>\n</section>\n"
        }
        let byCarrier = Chart(
            name: "carriers", title: "Advised by carrier",
            bars: sortedCarriers(s).map { .init(key: $0.key, label: labels.carrier($0.key), count: $0.value.advised) },
            total: s.advised, keys: s.carriers.count)
        out += "<div class=\"charts large\">\n"
        for chart in charts(s.overall, labels) + [byCarrier] { out += figure(chart, .large) + "\n" }
        return out + "</div>\n</section>\n"
    }

    /// A section per carrier, the most advised first, with the same charts, smaller.
    static func carriers(_ s: BatchSummary, _ labels: Labels) -> String {
        var out = "<section id=\"carriers\">\n<h2>By carrier</h2>\n"
        guard !s.carriers.isEmpty else {
            return out + "<p class=\"empty\" id=\"carriers-empty\">No carrier: no record was advised.</p>\n</section>\n"
        }
        for (id, counts) in sortedCarriers(s) {
            let name = labels.carrier(id)
            out += "<section class=\"carrier\" data-carrier=\"\(escape(id))\">\n<h3>\(escape(name))"
            if name != id && id != BatchSummary.noCarrier { out += " <code class=\"muted\">\(escape(id))</code>" }
            out += "</h3>\n<p class=\"meta\" data-advised=\"\(counts.advised)\">\(grouped(counts.advised)) advised"
                + " (\(escape(share(counts.advised, of: s.advised))) of all advised)</p>\n"
                + "<div class=\"charts small\">\n"
            for chart in charts(counts, labels) { out += figure(chart, .small) + "\n" }
            out += "</div>\n</section>\n"
        }
        return out + "</section>\n"
    }

    /// The carriers by advised count, descending (ties by id).
    static func sortedCarriers(_ s: BatchSummary) -> [(key: String, value: BatchSummary.Counts)] {
        s.carriers.sorted { a, b in
            a.value.advised != b.value.advised ? a.value.advised > b.value.advised : a.key < b.key
        }
    }

    /// The four charts of a set of counts: every method and action, the top warnings and
    /// missing fields.
    static func charts(_ c: BatchSummary.Counts, _ labels: Labels) -> [Chart] {
        func chart(_ name: String, _ title: String, _ counts: [String: Int], _ n: Int,
                   _ label: (String) -> String, severity: (String) -> String? = { _ in nil }) -> Chart {
            let bars = BatchSummary.top(counts, n).map {
                Chart.Bar(key: $0.key, label: label($0.key), count: $0.count, severity: severity($0.key))
            }
            return Chart(name: name, title: title, bars: bars, total: c.advised, keys: counts.count)
        }
        var warnings = chart("warnings", "Warnings", c.warnings, topCount, { $0 }, severity: labels.severity)
        warnings.legend = WarningSeverity.allCases.sorted().map {
            ($0.rawValue, labels.kb.text(.severity($0), labels.language))
        }
        return [
            chart("methods", "Methods", c.methods, .max, labels.method),
            chart("actions", "Actions", c.actions, .max, labels.action),
            warnings,
            chart("missing", "Missing fields", c.missing, topCount, labels.field),
        ]
    }

    /// The table of the rejections kept, and how many rejected records it leaves out.
    static func rejections(_ s: BatchSummary) -> String {
        var out = "<section id=\"rejections\">\n<h2>Rejected records</h2>\n"
        guard s.rejected > 0 || !s.rejections.isEmpty else {
            return out + "<p class=\"empty\" id=\"rejected-none\">No record was rejected.</p>\n</section>\n"
        }
        out += "<p class=\"meta\">A row per problem found, in input order; a record may have several.</p>\n"
        out += "<table id=\"rejected\">\n<thead><tr><th>Where</th><th>Pointer</th><th>Code</th><th>Message</th>"
            + "</tr></thead>\n<tbody>\n"
        for r in s.rejections {
            out += "<tr><td class=\"where\"><code>\(escape("\(r.file):\(r.line):\(r.column)"))</code></td>"
                + "<td class=\"pointer\"><code>\(escape(r.pointer.isEmpty ? "—" : r.pointer))</code></td>"
                + "<td class=\"code\"><code>\(escape(r.code))</code></td>"
                + "<td class=\"message\">\(escape(r.message))</td></tr>\n"
        }
        out += "</tbody>\n</table>\n"
        // A row is one diagnostic, and a record may have several: past the limit, only a lower
        // bound of the records left out is known.
        let more = s.rejected - s.rejections.count
        if more > 0 {
            out += "<p id=\"rejected-more\" class=\"more\" data-more=\"\(more)\">…and at least \(grouped(more)) more"
                + " rejected record\(more == 1 ? "" : "s") not listed (only the first"
                + " \(grouped(BatchSummary.rejectionLimit)) diagnostics are kept).</p>\n"
        } else if s.rejections.count >= BatchSummary.rejectionLimit {
            out += "<p id=\"rejected-more\" class=\"more\">Only the first \(grouped(BatchSummary.rejectionLimit))"
                + " diagnostics are kept: later rejected records may not be listed.</p>\n"
        }
        return out + "</section>\n"
    }

    /// The names the knowledge base gives to the summary's keys.
    struct Labels {
        var kb: KnowledgeBase
        var language: Language

        func carrier(_ id: String) -> String {
            id == BatchSummary.noCarrier ? "No carrier given" : kb.carriers[id]?.name[language] ?? id
        }
        func method(_ id: String) -> String { kb[.method(id)]?[language] ?? id }
        func action(_ id: String) -> String { kb[.action(id)]?[language] ?? id }
        func field(_ name: String) -> String { kb[.field(name)]?[language] ?? name }
        func severity(_ warning: String) -> String? {
            kb.ruleSet.warnings.first { $0.id == warning }?.severity.rawValue
        }
    }

    static func escape(_ s: String) -> String { Markup.escape(s) }

    /// The page's style: system fonts only, bars coloured by chart (warnings by severity).
    static let style = """

    :root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d8dee4; --card: #fff;
      --critical: #e03131; --high: #f76707; --medium: #f59f00; --low: #adb5bd; }
    * { box-sizing: border-box; }
    body { margin: 0; padding: 20px 20px 40px; background: #f4f6f8; color: var(--ink);
      font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", "DejaVu Sans",
      sans-serif; }
    h1 { margin: 0 0 4px; font-size: 24px; }
    h2 { margin: 28px 0 12px; font-size: 18px; }
    h3 { margin: 0 0 2px; font-size: 15px; }
    code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
    .muted { color: var(--muted); font-weight: normal; }
    .meta { margin: 0 0 10px; color: var(--muted); }
    .stopped { margin: 8px 0; padding: 8px 12px; border-left: 4px solid #d9480f; background: #fff4e6; }
    .totals { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0 0; }
    .totals div { min-width: 160px; padding: 10px 14px; background: var(--card); border: 1px solid var(--line);
      border-radius: 6px; }
    .totals dt { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
    .totals dd { margin: 0; font-size: 24px; font-weight: 600; font-variant-numeric: tabular-nums; }
    .totals div[data-total=rejected] dd { color: #c92a2a; }
    .charts { display: grid; gap: 12px; }
    .charts.large { grid-template-columns: repeat(auto-fill, minmax(480px, 1fr)); }
    .charts.small { grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); }
    .chart-box, .carrier { margin: 0; padding: 10px 12px; background: var(--card); border: 1px solid var(--line);
      border-radius: 6px; }
    .carrier { margin-bottom: 12px; }
    .carrier .chart-box { padding: 6px; border-color: #e8ebee; }
    .charts.small { gap: 10px; }
    .carrier { padding: 10px; }
    figcaption { margin-bottom: 4px; font-weight: 600; }
    .small figcaption { font-size: 12px; }
    svg.chart { display: block; max-width: 100%; height: auto; }
    svg.chart text { fill: var(--ink); font-family: inherit; }
    svg.chart text.count { fill: var(--muted); font-variant-numeric: tabular-nums; }
    svg.chart[data-chart=methods] rect { fill: #1c7ed6; }
    svg.chart[data-chart=actions] rect { fill: #0c8599; }
    svg.chart[data-chart=warnings] rect { fill: var(--medium); }
    [data-severity=critical] { --severity: var(--critical); }
    [data-severity=high] { --severity: var(--high); }
    [data-severity=medium] { --severity: var(--medium); }
    [data-severity=low] { --severity: var(--low); }
    svg.chart[data-chart=warnings] g[data-severity] rect { fill: var(--severity); }
    .legend { margin: 0 0 4px; color: var(--muted); font-size: 12px; }
    .legend span { margin-right: 10px; }
    .legend span::before { content: ""; display: inline-block; width: 10px; height: 10px; margin-right: 4px;
      border-radius: 2px; background: var(--severity); vertical-align: -1px; }
    svg.chart[data-chart=missing] rect { fill: #7048e8; }
    svg.chart[data-chart=carriers] rect { fill: #495057; }
    .empty { margin: 4px 0; color: var(--muted); font-style: italic; }
    table { width: 100%; border-collapse: collapse; background: var(--card); border: 1px solid var(--line); }
    th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
    th { background: #eef1f4; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
    td.where, td.code { white-space: nowrap; }
    td.pointer { min-width: 9em; overflow-wrap: anywhere; }
    td.message { width: 100%; overflow-wrap: anywhere; }
    .more { color: var(--muted); }

    """
}
