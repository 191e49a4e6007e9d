/// Text for XML and HTML documents (the JUnit report, the batch report), and the character
/// replacements of the other formats the advisor writes.
enum Markup {
    /// Escapes text for element content and attribute values, in XML and HTML alike (`'` as
    /// `&#39;`, which both read). A control character other than tab, newline and carriage
    /// return, which neither allows, becomes U+FFFD.
    static func escape(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                let control = (c.value < 0x20 && c != "\t" && c != "\n" && c != "\r") || (0x7F...0x9F).contains(c.value)
                if control { out += "\u{FFFD}" } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }

    /// `text` with each character that `table` names replaced by its entry (the escapes of
    /// Markdown links, Mermaid labels and DOT strings).
    static func replacing(_ text: String, _ table: [Character: String]) -> String {
        var out = ""
        for c in text {
            if let r = table[c] { out += r } else { out.append(c) }
        }
        return out
    }
}
