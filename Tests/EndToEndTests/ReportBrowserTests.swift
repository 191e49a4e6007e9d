@testable import Advisor
import Foundation
import Testing

/// The batch's HTML report as a browser shows it: rendered by headless Chromium to a PNG of the
/// window's size that is not blank, and parsed into a DOM with the sections, charts and rows a
/// reader looks for. Skipped without Chromium, except in CI (see ``Chromium``).
@Suite struct ReportBrowserTests {
    /// The carriers' ids: the file names in `Rules/carriers/`.
    static let carriers: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: Binary.packageRoot + "/Rules/carriers")) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(".json".count)) }.sorted()
    }()

    /// Records that are not valid profiles, one diagnostic each.
    static let bad = [
        "not json",
        #"{"carier": "au"}"#,
        #"{"carrier": "au", "location": "mars"}"#,
        #"{"carrier": "povo", "balance": -5}"#,
        #"{"carrier": "docomo", "keepNumber": "yes"}"#,
    ]

    /// `count` profiles (the same every time), some carriers more frequent than others, a few with
    /// no carrier, every other field left out now and then; ``bad`` mixed in at fixed places.
    static func lines(_ count: Int = 300) -> (all: [String], good: [String]) {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func random(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        var good: [String] = []
        for _ in 0..<count {
            var fields: [String] = []
            // The lesser of two draws: the first carriers come up more often than the last.
            let carrier = carriers[min(random(carriers.count), random(carriers.count))]
            if random(20) > 0 { fields.append(#""carrier": "\#(carrier)""#) }
            if random(10) < 8 { fields.append(#""location": "\#(random(3) == 0 ? "abroad" : "japan")""#) }
            for name in ["keepNumber", "canLogin", "hasId"] where random(10) < 7 {
                fields.append(#""\#(name)": \#(random(2) == 0)"#)
            }
            if random(2) == 0 { fields.append(#""balance": \#([0, 0, 120, 500, 3_000][random(5)])"#) }
            if random(3) == 0 { fields.append(#""languages": \#([#"["en"]"#, #"["zh", "en"]"#, "[]"][random(3)])"#) }
            good.append("{" + fields.joined(separator: ", ") + "}")
        }
        var all = good
        for (i, record) in bad.enumerated() { all.insert(record, at: 10 + i * count / bad.count) }
        return (all, good)
    }

    func directory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("advisor-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test(.enabled(if: Chromium.enabled, "no Chromium on PATH (with CI set, this fails instead)"))
    func theBatchCommandsReportRendersInChromium() throws {
        _ = try Chromium.require()
        let dir = try directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("profiles.jsonl").path
        try (Self.lines().all.joined(separator: "\n") + "\n").write(toFile: input, atomically: true, encoding: .utf8)
        let report = dir.appendingPathComponent("report.html").path
        let run = try Binary.run(["batch", input, "-o", "/dev/null", "-q", "--report", report])
        #expect(run.status == 2, "rejected records make the status 2: \(run.stderr)")
        let errors = run.stderr.split(separator: "\n").filter { $0.contains(": error[") }
        #expect(errors.count == Self.bad.count, "\(run.stderr)")
        try #require(FileManager.default.fileExists(atPath: report), "advisor batch wrote no report: \(run.stderr)")
        try check(report, rejectedRows: Self.bad.count, carriers: Self.carrierSections(Self.lines().good), in: dir)
    }

    @Test(.enabled(if: Chromium.enabled, "no Chromium on PATH (with CI set, this fails instead)"))
    func aReportOfTheSameProfilesBuiltInProcessRendersInChromium() throws {
        _ = try Chromium.require()
        let dir = try directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let kb = try KnowledgeBase.load(directory: Binary.packageRoot + "/Rules").get()
        let summary = try Self.summary(Self.lines().all, kb)
        #expect(summary.rejected == Self.bad.count && summary.rejections.count == Self.bad.count)
        let report = dir.appendingPathComponent("report.html").path
        let html = BatchReport.html(summary, knowledgeBase: kb, language: .en, generated: "2026-01-02 03:04 UTC")
        try html.write(toFile: report, atomically: true, encoding: .utf8)
        try check(report, rejectedRows: Self.bad.count, carriers: Self.carrierSections(Self.lines().good), in: dir)
        // REPORT_SCREENSHOT=/tmp/report.png keeps the screenshot, and the page beside it
        // (/tmp/report.png.html), to look at.
        if let keep = ProcessInfo.processInfo.environment["REPORT_SCREENSHOT"] {
            for (from, to) in [(dir.appendingPathComponent("report.png").path, keep), (report, keep + ".html")] {
                try? FileManager.default.removeItem(atPath: to)
                try FileManager.default.copyItem(atPath: from, toPath: to)
            }
        }
    }

    /// What `advisor batch` sums up, done here with the library: each line read and advised.
    static func summary(_ lines: [String], _ kb: KnowledgeBase) throws -> BatchSummary {
        var summary = BatchSummary()
        summary.inputs = ["profiles.jsonl"]
        let reader = ProfileReader(kb), advisor = Advisor(kb)
        let start = ContinuousClock.now
        for (i, line) in lines.enumerated() {
            switch reader.read(text: line, file: "profiles.jsonl", line: i + 1) {
            case .success(let profile): summary.add(Decision(try advisor.advise(profile, language: .en)), times: 1)
            case .failure(let error): summary.reject(error.diagnostics)
            }
        }
        let elapsed = ContinuousClock.now - start
        summary.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return summary
    }

    /// How many carrier sections the good profiles make: one per carrier named, one for none.
    static func carrierSections(_ good: [String]) -> Int {
        Set(good.map { line in carriers.first { line.contains(#""carrier": "\#($0)""#) } ?? "(none)" }).count
    }

    /// Renders `report` to a PNG and a DOM and checks both.
    func check(_ report: String, rejectedRows: Int, carriers: Int, in dir: URL) throws {
        let png = dir.appendingPathComponent("report.png").path
        try Chromium.screenshot(report, to: png)
        let shot = try #require(PNGInfo(try Data(contentsOf: URL(fileURLWithPath: png))), "not a PNG: \(png)")
        #expect(shot.width == 1200 && shot.height == 2000)
        // A blank page of the same size, by the same Chromium (about 11 KB here): the report,
        // with its text and bars, is several times that.
        let blank = dir.appendingPathComponent("blank.html").path
        try "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body></body></html>"
            .write(toFile: blank, atomically: true, encoding: .utf8)
        try Chromium.screenshot(blank, to: blank + ".png")
        let empty = try #require(PNGInfo(try Data(contentsOf: URL(fileURLWithPath: blank + ".png"))))
        #expect(shot.bytes > max(20_000, 3 * empty.bytes), "the screenshot looks blank: \(shot.bytes) bytes")

        let dom = try Chromium.dumpDOM(report)
        #expect(dom.contains("<section id=\"overall\">"))
        let methods = try #require(Self.element(dom, "<svg class=\"chart\" data-chart=\"methods\"", "</svg>"))
        #expect(Self.count("<g class=\"bar\"", methods) >= 1)
        #expect(Self.count("<section class=\"carrier\" data-carrier=\"", dom) == carriers)
        let table = try #require(Self.element(dom, "<table id=\"rejected\">", "</table>"))
        let rows = try #require(Self.element(table, "<tbody>", "</tbody>"))
        #expect(Self.count("<tr>", rows) == rejectedRows)
    }

    /// The text from the first `start` to the next `end` after it, both included.
    static func element(_ html: String, _ start: String, _ end: String) -> String? {
        guard let from = html.range(of: start), let to = html.range(of: end, range: from.upperBound..<html.endIndex)
        else { return nil }
        return String(html[from.lowerBound..<to.upperBound])
    }

    static func count(_ needle: String, _ haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }
}
