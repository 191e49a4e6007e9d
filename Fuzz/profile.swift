// Fuzz target `profile`: ProfileReader on the input (as text, invalid UTF-8 replaced, and as raw
// bytes through JSONParser.parse(bytes:)); every profile read is advised in every language
// (with explain, and once with why-not), as JSON and as text, and consulted for its next
// question. Traps when the shipped rules cannot decide or the advice JSON does not parse.
import Advisor
import RulesEngine

let kb = FuzzSupport.knowledgeBase
let reader = ProfileReader(kb)
nonisolated(unsafe) let advisor = Advisor(kb)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzSupport.withBytes(data, size) { bytes in
        let fromText = reader.read(text: FuzzSupport.text(bytes), file: "fuzz.json", line: 1 + size % 3)
        var fromBytes: Profile?
        if let node = try? JSONParser.parse(bytes: bytes) {
            switch reader.read(node, file: "fuzz.json") {
            case .success(let p): fromBytes = p
            case .failure(let error): _ = error.description
            }
        }
        switch fromText {
        case .failure(let error):
            _ = error.description
        case .success(let profile):
            let methods = kb.methods
            let whyNot = methods.isEmpty ? nil : methods[size % methods.count]
            FuzzSupport.adviseEverywhere(profile, advisor, whyNot: whyNot)
            let consultation = Consultation(advisor: advisor, profile: profile, language: Language.allCases[size % 3])
            if let field = try? consultation.nextQuestion() { _ = consultation.prompt(for: field) }
        }
        // Valid UTF-8 reads the same either way.
        if case .success(let a) = fromText, let b = fromBytes, a != b,
           String(validating: bytes, as: UTF8.self) != nil {
            fatalError("FUZZ FINDING: the profile read from text differs from the one read from bytes:\n\(a)\n\(b)")
        }
        return 0
    }
}
