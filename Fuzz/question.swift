// Fuzz target `question`: KnowledgeBase.understand on the input as text (invalid UTF-8 replaced),
// its summary in every language, and the profile it gives, which must name only known fields.
// Fuzz/run feeds at most 512 bytes (-max_len=512).
import Advisor
import RulesEngine

let kb = FuzzSupport.knowledgeBase

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzSupport.withBytes(data, size) { bytes in
        let understanding = kb.understand(FuzzSupport.text(bytes))
        for language in Language.allCases { _ = understanding.summary(kb, language) }
        // The profile it gives must be one the profile reader accepts: every value a known
        // field's, of its type. (Advice on any profile is the `profile` target's work; here it
        // would cost nine tenths of the speed.)
        let profile = understanding.profile
        for (field, _) in profile.values where kb.profileField(field) == nil {
            fatalError("FUZZ FINDING: the question reader gave the unknown field '\(field)'")
        }
        return 0
    }
}
