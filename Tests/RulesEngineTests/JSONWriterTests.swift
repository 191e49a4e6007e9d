import Foundation
@testable import RulesEngine
import Testing

@Suite struct JSONWriterTests {
    @Test func writesKeysInOrderOnOneLine() {
        var w = JSONWriter()
        w.beginObject()
        w.key("b"); w.number(1)
        w.key("a"); w.strings(["x", "y"])
        w.key("e"); w.beginArray(); w.endArray()
        w.key("o"); w.beginObject(); w.endObject()
        w.key("n"); w.null()
        w.key("t"); w.bool(true)
        w.key("f"); w.number(1.5)
        w.endObject()
        #expect(w.output == #"{"b":1,"a":["x","y"],"e":[],"o":{},"n":null,"t":true,"f":1.5}"#)
    }

    @Test func prettyOutputIndentsByTwoSpaces() {
        var w = JSONWriter(pretty: true)
        w.beginObject()
        w.key("list"); w.beginArray(); w.number(1); w.beginObject(); w.key("k"); w.string("v"); w.endObject(); w.endArray()
        w.key("empty"); w.beginArray(); w.endArray()
        w.endObject()
        #expect(w.output == "{\n  \"list\": [\n    1,\n    {\n      \"k\": \"v\"\n    }\n  ],\n  \"empty\": []\n}")
    }

    @Test(arguments: [
        ("plain", #""plain""#),
        ("quote \" and \\ backslash", #""quote \" and \\ backslash""#),
        ("line\nbreak\ttab\rreturn", #""line\nbreak\ttab\rreturn""#),
        ("\u{01}\u{1F}", #""\u0001\u001f""#),
        ("中文と日本語 🎌", "\"中文と日本語 🎌\""),
    ])
    func escapesStrings(_ input: String, _ expected: String) throws {
        var w = JSONWriter()
        w.string(input)
        #expect(w.output == expected)
        // And it reads back as the same string.
        let back = try JSONParser.parse(w.output)
        #expect(back.stringValue == input)
    }

    @Test func writesFactValuesAndNonFiniteNumbersSafely() {
        var w = JSONWriter()
        w.beginArray()
        w.value(.bool(false)); w.value(.number(-3)); w.value(.string("s")); w.value(.list(["a"]))
        w.number(.infinity); w.number(.nan); w.number(1e20)
        w.endArray()
        #expect(w.output == #"[false,-3,"s",["a"],null,null,1e+20]"#)
    }

    @Test func resetKeepsNothingOfThePreviousDocument() {
        var w = JSONWriter()
        w.beginObject(); w.key("a")
        w.reset()
        w.beginArray(); w.endArray()
        #expect(w.output == "[]")
    }
}
