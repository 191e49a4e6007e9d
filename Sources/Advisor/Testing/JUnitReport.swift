/// Fixture outcomes as JUnit XML, the report CI systems read.
public enum JUnitReport {
    /// One `<testsuite>` with a `<testcase>` per fixture; a failing fixture has a `<failure>`
    /// listing what differs, and an invalid fixture file an `<error>`.
    public static func xml(_ outcomes: [FixtureOutcome], invalid: [(file: String, message: String)] = [], suite: String = "advisor fixtures") -> String {
        let failures = outcomes.filter { !$0.passed }.count
        var out = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        out += #"<testsuite name="\#(escape(suite))" tests="\#(outcomes.count + invalid.count)" failures="\#(failures)" errors="\#(invalid.count)">"# + "\n"
        for o in outcomes {
            out += #"  <testcase name="\#(escape(o.fixture))" classname="\#(escape(o.file))""#
            if o.passed {
                out += "/>\n"
            } else {
                out += ">\n"
                out += #"    <failure message="\#(escape(o.mismatches.first ?? ""))">\#(escape(o.mismatches.joined(separator: "\n")))</failure>"# + "\n"
                out += "  </testcase>\n"
            }
        }
        for i in invalid {
            out += #"  <testcase name="\#(escape(i.file))" classname="\#(escape(i.file))">"# + "\n"
            out += #"    <error message="\#(escape(i.message))"/>"# + "\n"
            out += "  </testcase>\n"
        }
        out += "</testsuite>\n"
        return out
    }

    static func escape(_ s: String) -> String { Markup.escape(s) }
}
