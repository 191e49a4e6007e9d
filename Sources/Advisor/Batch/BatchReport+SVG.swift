/// The report's bar charts: horizontal bars drawn as inline SVG, scaled to the largest count,
/// with a label before each bar and the count (and its share) after it.
extension BatchReport {
    /// One chart before it is drawn: its bars, most frequent first.
    struct Chart {
        /// What the chart counts (`methods`, `warnings`): its `data-chart`.
        var name: String
        var title: String
        var bars: [Bar]
        /// What the shares are of (the advised records); nil for no shares.
        var total: Int?
        /// How many keys there were before the chart kept its top ones.
        var keys: Int
        /// The warnings' severities, `critical` first, with their names, for a legend.
        var legend: [(key: String, label: String)] = []

        /// One bar: a key (`online`), the label shown for it, its count.
        struct Bar {
            var key: String
            var label: String
            var count: Int
            /// The warning's severity, for its colour.
            var severity: String?
        }
    }

    /// The measures of a chart: the overall ones are larger than a carrier's.
    struct ChartStyle {
        var width: Double
        var barHeight: Double
        var gap: Double
        var fontSize: Double
        /// The widest a label may be before it is cut with an ellipsis.
        var maxLabel: Double
        /// Whether a bar's share is written after its count (else only in its title), and the
        /// warnings' colours explained.
        var details: Bool

        static let large = ChartStyle(width: 540, barHeight: 20, gap: 8, fontSize: 13, maxLabel: 250, details: true)
        static let small = ChartStyle(width: 262, barHeight: 13, gap: 5, fontSize: 11, maxLabel: 136, details: false)
    }

    /// A `<figure>` with the chart's caption and its SVG, or a sentence saying there is nothing
    /// to draw.
    static func figure(_ chart: Chart, _ style: ChartStyle) -> String {
        let name = escape(chart.name)
        var caption = escape(chart.title)
        if chart.keys > chart.bars.count {
            caption += " <span class=\"muted\">(top \(chart.bars.count) of \(chart.keys))</span>"
        }
        var out = "<figure class=\"chart-box\"><figcaption>\(caption)</figcaption>"
        let severities = Set(chart.bars.compactMap(\.severity))
        let legend = chart.legend.filter { severities.contains($0.key) }
        if style.details && !legend.isEmpty {
            out += "<p class=\"legend\">" + legend.map {
                "<span data-severity=\"\(escape($0.key))\">\(escape($0.label))</span>"
            }.joined(separator: " ") + "</p>"
        }
        if chart.bars.isEmpty {
            out += "<p class=\"empty\" data-chart=\"\(name)\">No \(escape(chart.title.lowercased())).</p>"
        } else {
            out += svg(chart, style)
        }
        return out + "</figure>"
    }

    /// The chart as an `<svg class="chart">`: a `<g class="bar">` per bar with its own
    /// `<title>`, the whole chart described by its `aria-label` and `<title>`.
    static func svg(_ chart: Chart, _ s: ChartStyle) -> String {
        let largest = max(1, chart.bars.map(\.count).max() ?? 1)
        let labels = chart.bars.map { fit($0.label, s.maxLabel, s.fontSize) }
        let titles = chart.bars.map { countText($0.count, of: chart.total) }
        let counts = s.details ? titles : chart.bars.map { grouped($0.count) }
        let labelWidth = (labels.map { textWidth($0, s.fontSize) }.max() ?? 0).rounded(.up) + 8
        let countWidth = (counts.map { textWidth($0, s.fontSize) }.max() ?? 0).rounded(.up) + 8
        let area = max(20, s.width - labelWidth - countWidth)
        let height = Double(chart.bars.count) * (s.barHeight + s.gap) + s.gap
        let description = chart.title + ": "
            + zip(chart.bars, titles).map { "\($0.label) \($1)" }.joined(separator: ", ")
        var out = "<svg class=\"chart\" data-chart=\"\(escape(chart.name))\" role=\"img\""
            + " aria-label=\"\(escape(description))\" width=\"\(number(s.width))\" height=\"\(number(height))\""
            + " viewBox=\"0 0 \(number(s.width)) \(number(height))\" font-size=\"\(number(s.fontSize))\">"
        out += "<title>\(escape(description))</title>"
        for (i, bar) in chart.bars.enumerated() {
            let y = s.gap + Double(i) * (s.barHeight + s.gap)
            let width = barWidth(bar.count, largest: largest, area: area)
            let baseline = number(y + s.barHeight / 2 + s.fontSize * 0.35)
            out += "<g class=\"bar\" data-key=\"\(escape(bar.key))\" data-count=\"\(bar.count)\""
            if let severity = bar.severity { out += " data-severity=\"\(escape(severity))\"" }
            out += "><title>\(escape(bar.label)) (\(escape(bar.key))): \(escape(titles[i]))</title>"
            out += "<text class=\"label\" x=\"\(number(labelWidth - 6))\" y=\"\(baseline)\" text-anchor=\"end\">"
                + "\(escape(labels[i]))</text>"
            out += "<rect x=\"\(number(labelWidth))\" y=\"\(number(y))\" width=\"\(number(width))\""
                + " height=\"\(number(s.barHeight))\" rx=\"2\"/>"
            out += "<text class=\"count\" x=\"\(number(labelWidth + width + 4))\" y=\"\(baseline)\">"
                + "\(escape(counts[i]))</text></g>"
        }
        return out + "</svg>"
    }

    /// A bar's length: its share of the largest count, on `area` points; at least one point
    /// for a count above zero, so no counted key disappears.
    static func barWidth(_ count: Int, largest: Int, area: Double) -> Double {
        guard count > 0 else { return 0 }
        return max(1, (Double(count) / Double(largest) * area * 10).rounded() / 10)
    }

    /// `12 (40%)`: a count and its share of `total`, when there is one.
    static func countText(_ count: Int, of total: Int?) -> String {
        guard let total, total > 0 else { return grouped(count) }
        return "\(grouped(count)) (\(share(count, of: total)))"
    }

    /// `40%`; `<1%` for a share above zero that rounds to it.
    static func share(_ count: Int, of total: Int) -> String {
        let percent = total > 0 ? Double(count) * 100 / Double(total) : 0
        return (percent > 0 && percent < 0.5 ? "<1" : String(Int(percent.rounded()))) + "%"
    }

    /// `text` cut with an ellipsis to fit `width` points (the full text is in the bar's title).
    static func fit(_ text: String, _ width: Double, _ fontSize: Double) -> String {
        guard textWidth(text, fontSize) > width else { return text }
        var cut = Substring(text)
        while !cut.isEmpty && textWidth(cut + "…", fontSize) > width { cut = cut.dropLast() }
        return cut + "…"
    }

    /// An estimate of how wide `text` is drawn, in points, on the generous side (no script
    /// measures it here): a little above the widths of DejaVu Sans, the widest of the usual
    /// sans-serif fonts; East Asian characters take a full em.
    static func textWidth(_ text: some StringProtocol, _ fontSize: Double) -> Double {
        var ems = 0.0
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\u{1100}"..."\u{115F}", "\u{2E80}"..."\u{A4CF}", "\u{AC00}"..."\u{D7A3}", "\u{F900}"..."\u{FAFF}",
                 "\u{FE30}"..."\u{FE4F}", "\u{FF00}"..."\u{FF60}", "\u{FFE0}"..."\u{FFE6}", "\u{20000}"..."\u{3FFFD}":
                ems += 1
            case "i", "j", "l", "I", "J", "'", ",", ".", ":", ";", "!", "|": ems += 0.32
            case "f", "t", "r", "-", "(", ")", "[", "]", "/", " ": ems += 0.42
            case "m", "w", "M", "W", "%", "@": ems += 0.98
            case "A"..."Z": ems += 0.74
            default: ems += 0.64
            }
        }
        return ems * fontSize
    }

    /// A length for an SVG attribute: `12`, `12.5`.
    static func number(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(abs(tenths % 10))"
    }

    /// `12,345`.
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}
