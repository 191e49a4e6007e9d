@testable import Advisor
import RulesEngine
import Testing

@Suite struct ProfileReaderTests {
    let reader = ProfileReader(shippedKnowledgeBase)

    @Test func readsEveryContractField() throws {
        let text = #"""
        {"id": "x1", "carrier": "povo", "location": "abroad", "balance": 120.5, "japanese": "basic",
         "languages": ["zh", "en"], "hasId": true, "canLogin": false, "canReceiveSms": false,
         "simType": "esim", "keepNumber": false, "boundServices": true, "hasBackup": true,
         "deadlineDays": 3, "transferToOther": false}
        """#
        let profile = try reader.read(text: text, file: "p.json").get()
        #expect(profile.id == "x1")
        #expect(profile.carrier == "povo")
        #expect(profile.value(of: "balance") == .number(120.5))
        #expect(profile.value(of: "languages") == .list(["zh", "en"]))
        #expect(profile.value(of: "simType") == .string("esim"))
        #expect(profile.values.count == 14)
    }

    @Test func nullMeansUnknownAndNumericIdsAreKept() throws {
        let profile = try reader.read(text: #"{"id": 7, "balance": null}"#, file: "p.json").get()
        #expect(profile.id == "7")
        #expect(profile.values.isEmpty)
    }

    @Test(arguments: [("DOCOMO", "docomo"), ("UQ Mobile", "uq-mobile"), ("Y!mobile", "ymobile"), ("his mobile", "his-mobile"), ("Other", "other")])
    func carrierNamesAreNormalised(_ name: String, _ id: String) throws {
        let profile = try reader.read(text: "{\"carrier\": \"\(name)\"}", file: "p.json").get()
        #expect(profile.carrier == id)
    }

    @Test func enumValuesIgnoreCase() throws {
        let profile = try reader.read(text: #"{"location": "Abroad"}"#, file: "p.json").get()
        #expect(profile.value(of: "location") == .string("abroad"))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var code: DiagnosticCode
        var line: Int
        var column: Int
        var pointer: String
        var message: String
        var testDescription: String { text }
    }

    static let cases: [Case] = [
        Case(text: #"{"carrier": "povo", "keepNumbr": true}"#, code: .unknownKey, line: 1, column: 21, pointer: "/keepNumbr", message: "did you mean 'keepNumber'?"),
        Case(text: "{\n  \"carrier\": \"sofbank\"\n}", code: .invalidValue, line: 2, column: 14, pointer: "/carrier", message: "did you mean 'softbank'?"),
        Case(text: #"{"hasId": "yes"}"#, code: .wrongType, line: 1, column: 11, pointer: "/hasId", message: "'hasId' must be true or false, found \"yes\""),
        Case(text: #"{"japanese": "native"}"#, code: .wrongType, line: 1, column: 14, pointer: "/japanese", message: "one of \"none\", \"basic\", \"conversational\", \"fluent\""),
        Case(text: #"{"languages": "zh"}"#, code: .wrongType, line: 1, column: 15, pointer: "/languages", message: "a list of strings"),
        Case(text: #"{"balance": -5}"#, code: .invalidValue, line: 1, column: 13, pointer: "/balance", message: "must be a number ≥ 0"),
        Case(text: #"{"id": [1]}"#, code: .wrongType, line: 1, column: 8, pointer: "/id", message: "'id' must be a string"),
        Case(text: #"{"hasId": true, "hasId": false}"#, code: .duplicateKey, line: 1, column: 17, pointer: "/hasId", message: "a profile has the field 'hasId' twice"),
        Case(text: "\"povo\"", code: .wrongType, line: 1, column: 1, pointer: "", message: "a profile must be an object, found a string"),
        Case(text: #"{"a/b~c": 1}"#, code: .unknownKey, line: 1, column: 2, pointer: "/a~1b~0c", message: "unknown field 'a/b~c' in a profile; expected one of: id, carrier"),
        Case(text: "nul", code: .malformedJSON, line: 1, column: 1, pointer: "", message: "malformed JSON: invalid literal; expected null"),
        Case(text: "{\"carrier\": \"povo\",}", code: .malformedJSON, line: 1, column: 20, pointer: "", message: "expected a key"),
    ]

    @Test(arguments: cases)
    func badProfilesAreDiagnosedWithTheirPlace(_ c: Case) throws {
        guard case .failure(let error) = reader.read(text: c.text, file: "in.json") else {
            Issue.record("accepted \(c.text)")
            return
        }
        let d = try #require(error.diagnostics.first)
        #expect(error.diagnostics.count == 1)
        #expect(d.code == c.code)
        #expect(d.location == SourceLocation(file: "in.json", line: c.line, column: c.column, pointer: c.pointer))
        #expect(d.message.contains(c.message), "\(d.message)")
    }

    @Test func everyProblemIsReportedAtOnce() {
        guard case .failure(let error) = reader.read(text: #"{"carier": 1, "balance": "x", "location": "mars"}"#, file: "in.json") else {
            Issue.record("accepted")
            return
        }
        #expect(error.diagnostics.map(\.location.pointer) == ["/carier", "/balance", "/location"])
    }

    @Test func aRecordOfAJSONLinesFileReportsItsOwnLine() {
        guard case .failure(let error) = reader.read(text: #"{"hasId": 1}"#, file: "batch.jsonl", line: 42) else {
            Issue.record("accepted")
            return
        }
        #expect(error.diagnostics.first?.location.line == 42)
    }

    /// CSV cells are text, typed by their field; a list is split by the field's separators and
    /// a number below the field's minimum is refused, both as `Rules/profile.json` says.
    @Test func cellsAreTypedByTheirFieldFromTheRules() throws {
        func row(_ cells: [(String, String)]) -> JSONNode {
            JSONNode(.object(cells.enumerated().map { JSONMember(key: $1.0, line: 3, column: 1 + $0 * 5, value: JSONNode(.string($1.1), line: 3, column: 1 + $0 * 5)) }), line: 3, column: 1)
        }
        let field = try #require(shippedKnowledgeBase.profileField("languages"))
        #expect(field.separators.contains(";") && field.separators.contains("、"))
        let p = try reader.read(row([("id", "7"), ("carrier", "povo"), ("languages", "zh; en、ko"), ("hasId", "true"), ("balance", "300")]), file: "in.csv", cells: true).get()
        #expect(p.id == "7")
        #expect(p.value(of: "languages") == .list(["zh", "en", "ko"]))
        #expect(p.value(of: "hasId") == .bool(true))
        #expect(p.value(of: "balance") == .number(300))
        guard case .failure(let e) = reader.read(row([("balance", "-1"), ("hasId", "yes")]), file: "in.csv", cells: true) else {
            Issue.record("accepted")
            return
        }
        #expect(e.diagnostics.map(\.message) == ["'balance' must be a number ≥ 0, found -1", "'hasId' must be true or false, found \"yes\""])
        #expect(shippedKnowledgeBase.minimum(of: "balance") == 0 && shippedKnowledgeBase.minimum(of: "deadlineDays") == 0)
    }

    @Test func aListFieldWithoutSeparatorsOrAMinimumOnAListIsALoadError() throws {
        let profile = try #require(EmbeddedRules.documents.first { $0.path.hasSuffix("profile.json") })
        let broken = profile.text.replacingOccurrences(of: #""separators": [";", ",", "、", "，", " "],"#, with: #""minimum": 1,"#)
        #expect(broken != profile.text)
        let messages = diagnostics(replacing: profile.path, with: broken).map(\.message)
        #expect(messages == ["only a number field takes 'minimum'", "the list field 'languages' lacks 'separators' (what separates its items in a CSV cell or a typed answer)"])
    }
}
