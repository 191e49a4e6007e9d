@testable import Advisor
import Foundation
import Testing

@Suite struct JUnitReportTests {
    @Test func passesFailuresAndErrorsAsJUnitXML() throws {
        let xml = JUnitReport.xml([
            FixtureOutcome(fixture: "good", file: "F/good.json", mismatches: []),
            FixtureOutcome(fixture: "bad <one>", file: "F/bad.json", mismatches: ["method: expected \"online\", got none", "warnings: & more"]),
        ], invalid: [(file: "F/broken.json", message: "F/broken.json:1:2: error[malformed-json]")])
        #expect(xml == """
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuite name="advisor fixtures" tests="3" failures="1" errors="1">
          <testcase name="good" classname="F/good.json"/>
          <testcase name="bad &lt;one&gt;" classname="F/bad.json">
            <failure message="method: expected &quot;online&quot;, got none">method: expected &quot;online&quot;, got none
        warnings: &amp; more</failure>
          </testcase>
          <testcase name="F/broken.json" classname="F/broken.json">
            <error message="F/broken.json:1:2: error[malformed-json]"/>
          </testcase>
        </testsuite>

        """)
        // Well-formed, whatever the fixture names hold: markup escaped, control characters replaced.
        let odd = JUnitReport.xml([FixtureOutcome(fixture: "\u{01}'\"&<>中文", file: "x", mismatches: ["\u{02}"])])
        #expect(odd.contains("<testcase name=\"\u{FFFD}&#39;&quot;&amp;&lt;&gt;中文\" classname=\"x\">"))
        #expect(odd.contains("<failure message=\"\u{FFFD}\">\u{FFFD}</failure>"))
    }
}
