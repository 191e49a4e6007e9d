import RulesEngine

extension _KnowledgeSections {
    /// Reads `texts`: every message in en, zh-Hans and ja, each key defined once.
    mutating func readTexts(_ section: ExtraSection, _ reader: inout JSONReader) {
        for m in reader.object(section.node, section.pointer, what: "'texts'")?.members ?? [] {
            guard let t = reader.text(m.node, m.pointer, what: "the text '\(m.key)'") else { continue }
            if let first = textLocations[m.key] {
                reader.report(.duplicateDeclaration, "the text '\(m.key)' is defined twice; first at \(first)", m.node, m.pointer)
            }
            texts[m.key] = t
            textLocations[m.key] = reader.location(of: m.node, m.pointer)
        }
    }

    /// Reads `steps` and `portOutSteps`: the generic steps of each method.
    mutating func readSteps(_ section: ExtraSection, _ reader: inout JSONReader) {
        for m in reader.object(section.node, section.pointer, what: "'\(section.name)'", allowed: optionNames)?.members ?? [] {
            let texts = reader.texts(m.node, m.pointer, what: "the steps of '\(m.key)'")
            if section.name == "steps" { steps[m.key] = texts } else { portOutSteps[m.key] = texts }
        }
    }
}
