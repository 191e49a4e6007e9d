import Advisor
import Foundation

/// The progress of a batch on standard error, redrawn in place on its own line:
/// `[#########-----------]  45%  450,000 profiles  312,000/s  0:02 left`; without a known
/// size, the records and the rate. Lines printed meanwhile go through ``clear()`` first, so
/// they never run into the bar.
struct ProgressBar {
    let enabled: Bool
    var drawn = false
    var last: ContinuousClock.Instant?

    init(enabled: Bool) { self.enabled = enabled }

    /// Redraws the bar, at most ten times a second.
    mutating func draw(_ p: BatchRun.Progress) {
        guard enabled else { return }
        let now = ContinuousClock.now
        if let last, now - last < .milliseconds(100) { return }
        last = now
        _ = Terminal.write("\r" + Self.text(p) + "\u{1B}[K", to: 2)
        drawn = true
    }

    /// Removes the bar from its line, so that what is printed next starts there.
    mutating func clear() {
        guard drawn else { return }
        _ = Terminal.write("\r\u{1B}[K", to: 2)
        drawn = false
        last = nil
    }

    static func text(_ p: BatchRun.Progress) -> String {
        let seconds = Double(p.elapsed.components.seconds) + Double(p.elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Int(Double(p.records) / seconds) : 0
        var parts = ["\(grouped(p.records)) profiles", "\(grouped(rate))/s"]
        if p.rejected > 0 { parts.append("\(grouped(p.rejected)) rejected") }
        if let total = p.totalBytes, total > 0 {
            let fraction = min(1, Double(p.bytes) / Double(total))
            let width = 24, filled = Int(fraction * Double(width))
            let bar = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
            var head = ["\(bar) \(Int(fraction * 100))%"]
            if fraction > 0, seconds > 0 { head.append(clock(seconds * (1 - fraction) / fraction) + " left") }
            parts = head + parts
        }
        return parts.joined(separator: "  ")
    }

    /// `1,234,567`.
    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }

    /// `0:07`, `12:30`, `1:02:03`.
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.up))
        let two = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        return s >= 3600 ? "\(s / 3600):\(two(s / 60 % 60)):\(two(s % 60))" : "\(s / 60):\(two(s % 60))"
    }
}
