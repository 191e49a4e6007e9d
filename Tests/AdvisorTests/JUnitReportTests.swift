@testable import Advisor
import Foundation
import RulesEngine
import Testing

@Suite struct JUnitReportTests {
    @Test func passesFailuresAndErrorsAsJUnitXML() throws {
        let at = SourceLocation(file: "F/bad.json", line: 4, column: 5, pointer: "/expect/method")
        let xml = JUnitReport.xml([
            FixtureOutcome(fixture: "good", file: "F/good.json", mismatches: [], group: "povo", seconds: 0.0123),
            FixtureOutcome(fixture: "bad <one>", file: "F/bad.json", mismatches: ["method: expected \"online\", got none", "warnings: & more"],
                           places: [at, at], decidedBy: ["r"], group: "au", seconds: 1.5),
        ], invalid: [(file: "F/broken.json", message: "F/broken.json:1:2: error[malformed-json]")])
        #expect(xml == """
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuite name="advisor fixtures" tests="3" failures="1" errors="1" time="1.512">
          <testcase name="good" classname="fixtures.povo" file="F/good.json" time="0.012"/>
          <testcase name="bad &lt;one&gt;" classname="fixtures.au" file="F/bad.json" time="1.500">
            <failure message="method: expected &quot;online&quot;, got none">F/bad.json:4: method: expected &quot;online&quot;, got none
        F/bad.json:4: warnings: &amp; more
        decided by: r</failure>
          </testcase>
          <testcase name="F/broken.json" classname="fixtures.invalid" file="F/broken.json" time="0.000">
            <error message="F/broken.json:1:2: error[malformed-json]"/>
          </testcase>
        </testsuite>

        """)
        // Well-formed, whatever the fixture names hold: markup escaped, control characters replaced.
        let odd = JUnitReport.xml([FixtureOutcome(fixture: "\u{01}'\"&<>中文", file: "x", mismatches: ["\u{02}"])])
        #expect(odd.contains("<testcase name=\"\u{FFFD}&#39;&quot;&amp;&lt;&gt;中文\" classname=\"fixtures.general\" file=\"x\" time=\"0.000\">"))
        #expect(odd.contains("<failure message=\"\u{FFFD}\">\u{FFFD}</failure>"))
    }

    @Test func timesHaveThreeDecimals() {
        #expect(JUnitReport.time(0) == "0.000")
        #expect(JUnitReport.time(0.0004) == "0.000")
        #expect(JUnitReport.time(0.0456) == "0.046")
        #expect(JUnitReport.time(12.3) == "12.300")
    }
}
