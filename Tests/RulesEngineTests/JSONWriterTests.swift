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

    /// Escaping eight bytes at a time: every byte that needs it escaped wherever it falls in a
    /// word, and no other (not DEL, not the bytes of UTF-8's longer forms), against a byte by
    /// byte escape, on random strings of every length up to 40.
    @Test func escapesLikeByteByByte() {
        func reference(_ s: String) -> [UInt8] {
            var out: [UInt8] = [0x22]
            for b in s.utf8 {
                switch b {
                case 0x22, 0x5C: out += [0x5C, b]
                case 0x0A: out += Array(#"\n"#.utf8)
                case 0x0D: out += Array(#"\r"#.utf8)
                case 0x09: out += Array(#"\t"#.utf8)
                case ..<0x20: out += Array(String(format: "\\u%04x", b).utf8)
                default: out.append(b)
                }
            }
            return out + [0x22]
        }
        let pieces = ["a", "Z", " ", "~", "\u{7F}", "\"", "\\", "\n", "\r", "\t", "\u{00}", "\u{1F}", "\u{01}", "é", "日", "本", "¢", "🎌", "ÿ", "\u{80}"]
        var r = SplitMix64(state: 0x5EED_0011)
        var escaped = 0
        for length in 0...40 {
            for _ in 0..<60 {
                let s = (0..<length).map { _ in pieces[Int(r.next() % UInt64(pieces.count))] }.joined()
                var out: [UInt8] = []
                JSONWriter.escape(s, into: &out)
                #expect(out == reference(s), "\(Array(s.utf8))")
                if out.count > s.utf8.count + 2 { escaped += 1 }
            }
        }
        #expect(escaped > 1_000)
        // A word of each kind alone.
        for byte in UInt8(0)...UInt8(255) {
            let word = UInt64(byte) << 24 | 0x6161_6161_0061_6161
            #expect(JSONWriter.needsEscape(word) == (byte < 0x20 || byte == 0x22 || byte == 0x5C), "\(byte)")
        }
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
