/// Fixture outcomes as JUnit XML, the report CI systems read.
public enum JUnitReport {
    /// One `<testsuite>` with a `<testcase>` per fixture, its classname the fixture's group
    /// (`fixtures.<group>`) and its time in seconds; a failing fixture has a `<failure>`
    /// listing what differs, each at its line, and an invalid fixture file an `<error>`.
    public static func xml(_ outcomes: [FixtureOutcome], invalid: [(file: String, message: String)] = [], suite: String = "advisor fixtures") -> String {
        let failures = outcomes.filter { !$0.passed }.count
        var out = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        let total = outcomes.reduce(0) { $0 + $1.seconds }
        out += #"<testsuite name="\#(escape(suite))" tests="\#(outcomes.count + invalid.count)" failures="\#(failures)" errors="\#(invalid.count)" time="\#(time(total))">"# + "\n"
        for o in outcomes {
            out += #"  <testcase name="\#(escape(o.fixture))" classname="fixtures.\#(escape(o.group))" file="\#(escape(o.file))" time="\#(time(o.seconds))""#
            if o.passed {
                out += "/>\n"
            } else {
                out += ">\n"
                let lines = FixtureReport.lines(for: o, quiet: true).split(separator: "\n").dropFirst().map { $0.drop(while: { $0 == " " }) }
                out += #"    <failure message="\#(escape(o.mismatches.first ?? ""))">\#(escape(lines.joined(separator: "\n")))</failure>"# + "\n"
                out += "  </testcase>\n"
            }
        }
        for i in invalid {
            out += #"  <testcase name="\#(escape(i.file))" classname="fixtures.invalid" file="\#(escape(i.file))" time="0.000">"# + "\n"
            out += #"    <error message="\#(escape(i.message))"/>"# + "\n"
            out += "  </testcase>\n"
        }
        out += "</testsuite>\n"
        return out
    }

    static func escape(_ s: String) -> String { Markup.escape(s) }

    /// Seconds with three decimals, as JUnit readers expect.
    static func time(_ seconds: Double) -> String {
        let ms = Int((seconds * 1000).rounded())
        let frac = String(ms % 1000)
        return "\(ms / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
    }
}
