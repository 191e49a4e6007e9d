import Testing
@testable import RulesEngine

/// The one located-JSON reader: schema checks with suggestions, duplicates, required keys,
/// typed values, pointer escaping and malformed text, each with its place.
@Suite struct JSONReaderTests {
    struct Found: Equatable, CustomStringConvertible {
        var code: String, message: String, line: Int, column: Int, pointer: String
        init(_ d: Diagnostic) { (code, message, line, column, pointer) = (d.code.rawValue, d.message, d.location.line, d.location.column, d.location.pointer) }
        init(_ code: String, _ message: String, _ line: Int, _ column: Int, _ pointer: String) { (self.code, self.message, self.line, self.column, self.pointer) = (code, message, line, column, pointer) }
        var description: String { "\(line):\(column) \(code) \(message) (\(pointer))" }
    }

    func read(_ text: String, _ body: (inout JSONReader, JSONNode) -> Void) -> [Found] {
        var reader = JSONReader(file: "f.json")
        if let node = reader.parse(text) { body(&reader, node) }
        #expect(reader.diagnostics.allSatisfy { $0.location.file == "f.json" })
        return reader.diagnostics.map(Found.init)
    }

    @Test func anObjectIsCheckedAgainstItsSchema() {
        var kept: [String] = []
        let found = read(#"{"balanse": 1, "name": "a", "name": "b", "a/b~": 2}"#) { r, node in
            let object = r.object(node, "/p", what: "a profile", JSONReader.Schema(allowed: ["balance", "name", "a/b~", "id"], required: ["id"], keyNoun: "field"))
            kept = object?.keys ?? []
            #expect(object?["name"]?.node.stringValue == "a")
            #expect(object?["a/b~"]?.pointer == "/p/a~1b~0")
        }
        #expect(kept == ["name", "a/b~"])
        #expect(found == [
            Found("unknown-key", "unknown field 'balanse' in a profile; did you mean 'balance'?; expected one of: balance, name, a/b~, id", 1, 2, "/p/balanse"),
            Found("duplicate-key", "a profile has the field 'name' twice", 1, 29, "/p/name"),
            Found("missing-key", "a profile lacks the field 'id'", 1, 1, "/p"),
        ])
    }

    @Test func valuesAreTypedWithWhatWasExpected() {
        let found = read(#"{"s": 1, "e": "", "b": "yes", "n": true, "w": 2.5, "c": "hgh", "l": ["a", 3, "zz"]}"#) { r, node in
            guard let o = r.object(node, "", what: "a thing") else { return }
            #expect(r.string(o["s"], what: "'s'") == nil)
            #expect(r.string(o["e"], what: "'e'") == nil)
            #expect(r.string(o["e"], what: "'e'", allowEmpty: true) == "")
            #expect(r.bool(o["b"]!, what: "'b'") == nil)
            #expect(r.number(o["n"]!, what: "'n'") == nil)
            #expect(r.wholeNumber(o["w"]!, what: "'w'", in: 0...9) == nil)
            #expect(r.choice(o["c"]!.node, o["c"]!.pointer, what: "'c'", noun: "severity", among: ["high", "low"]) == nil)
            #expect(r.strings(o["l"]!.node, o["l"]!.pointer, what: "'l'", noun: "tag", allowed: ["a", "zy"]) == ["a"])
        }
        #expect(found == [
            Found("wrong-type", "'s' must be a string, found a number", 1, 7, "/s"),
            Found("invalid-value", "'e' must not be empty", 1, 15, "/e"),
            Found("wrong-type", "'b' must be a boolean, found a string", 1, 24, "/b"),
            Found("wrong-type", "'n' must be a number, found a boolean", 1, 36, "/n"),
            Found("wrong-type", "'w' must be a whole number between 0 and 9, found 2.5", 1, 47, "/w"),
            Found("invalid-value", "unknown severity 'hgh'; did you mean 'high'?; expected one of: high, low", 1, 57, "/c"),
            Found("wrong-type", "each tag must be a string, found a number", 1, 75, "/l/1"),
            Found("invalid-value", "unknown tag 'zz'; did you mean 'zy'?", 1, 78, "/l/2"),
        ])
    }

    @Test func notAnObjectOrArrayIsSaidOnce() {
        let found = read("[1]") { r, node in
            #expect(r.object(node, "", what: "a rule file") == nil)
            #expect(r.array(node, "", what: "'rules'")?.map(\.pointer) == ["/0"])
            #expect(r.array(JSONNode(.null, line: 2, column: 3), "/x", what: "'rules'") == nil)
        }
        #expect(found == [
            Found("wrong-type", "a rule file must be an object, found an array", 1, 1, ""),
            Found("wrong-type", "'rules' must be an array, found null", 2, 3, "/x"),
        ])
    }

    @Test(arguments: [
        ("nul", 1, 1, "malformed JSON: invalid literal; expected null"),
        ("{\"a\": 1,}", 1, 9, "malformed JSON: unexpected '}'; expected a key in double quotes"),
        ("hello", 1, 1, "malformed JSON: unexpected 'h'; expected a value"),
    ])
    func malformedTextIsPlaced(_ text: String, _ line: Int, _ column: Int, _ message: String) {
        var reader = JSONReader(file: "f.json")
        #expect(reader.parse(text) == nil)
        #expect(reader.diagnostics.map(Found.init) == [Found("malformed-json", message, line, column, "")])
        var bytes = JSONReader(file: "g.jsonl")
        #expect(bytes.parse(bytes: Array(text.utf8), line: 7) == nil)
        #expect(bytes.diagnostics.first?.location.line == 6 + line)
    }

    @Test func pointersEscapeKeys() {
        #expect(JSONReader.pointer("/a", key: "b/c~d") == "/a/b~1c~0d")
        #expect(JSONReader.pointer("", index: 4) == "/4")
        #expect(JSONReader.expectedOneOf("balanse", ["balance", "id"]) == "; did you mean 'balance'?; expected one of: balance, id")
    }
}
