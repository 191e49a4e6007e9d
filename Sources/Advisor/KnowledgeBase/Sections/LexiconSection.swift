import RulesEngine

extension _KnowledgeSections {

    /// Phrase lists by language: `{"en": [...], "zh-Hans": [...], "ja": [...]}`, each required.
    mutating func phrases(_ node: JSONNode, _ pointer: String, what: String, _ reader: inout JSONReader) -> [String] {
        let codes = Language.allCases.map(\.rawValue)
        var out: [String] = []
        for m in reader.object(node, pointer, what: what, allowed: codes, required: codes)?.members ?? [] {
            guard let items = m.node.arrayValue, !items.isEmpty else {
                reader.report(.wrongType, "the \(m.key) phrases of \(what) must be a non-empty list of strings", m.node, m.pointer)
                continue
            }
            for (i, item) in items.enumerated() {
                if let s = reader.string(item, m.pointer + "/\(i)", what: "a phrase") { out.append(s) }
            }
        }
        return out
    }

    /// Reads `lexicon`: the phrases of profile values (`…` marks a gap), phrases to ignore, number
    /// cues, negation words, clause breaks, negated values, variant characters and known words.
    /// Patterns are built in ``finish()``, once the variants of every file are known.
    mutating func readLexicon(_ section: ExtraSection, _ reader: inout JSONReader) {
        let facts = self.facts
        let profileInputs = ruleSet.facts.filter { $0.isInput && !$0.name.hasPrefix(Self.policyPrefix) }
        let parts = ["phrases", "ignore", "numbers", "negation", "clauseBreaks", "negatedValues", "variants", "knownWords", "answers", "negatedPhrases", "destinations", "parentCarriers", "numberExclusions"]
        for part in reader.object(section.node, section.pointer, what: "'lexicon'", allowed: parts)?.members ?? [] {
            switch part.key {
            case "ignore":
                // Phrases that say nothing about the person but contain words that would
                // ("我在日本办的卡": where the SIM was bought, not where the person is).
                for phrase in phrases(part.node, part.pointer, what: "'ignore'", &reader) { rawPatterns.append((phrase, .ignore, false)) }
            case "phrases", "negatedPhrases":
                // A negated phrase gives its value only when negated ("登录" in "登录不了").
                let onlyNegated = part.key == "negatedPhrases"
                let names = profileInputs.filter { $0.type != .number }.map(\.name)
                for field in reader.object(part.node, part.pointer, what: "'\(part.key)'", allowed: names)?.members ?? [] {
                    guard let fact = facts[field.key] else { continue }
                    for value in reader.object(field.node, field.pointer, what: "the phrases of '\(field.key)'", allowed: Self.values(of: fact))?.members ?? [] {
                        if field.key == Profile.carrierField { lexiconCarriers.append((value.key, reader.location(of: value.node, value.pointer))) }
                        for phrase in phrases(value.node, value.pointer, what: "'\(field.key)' = \(value.key)", &reader) {
                            rawPatterns.append((phrase, onlyNegated ? .fact(field: field.key, value: nil, negated: value.key)
                                : .fact(field: field.key, value: value.key, negated: Self.negation(of: value.key, fact)), false))
                        }
                    }
                }
            case "numbers":
                let names = profileInputs.filter { $0.type == .number }.map(\.name)
                for field in reader.object(part.node, part.pointer, what: "'numbers'", allowed: names)?.members ?? [] {
                    var cue = Lexicon.NumberCue(field: field.key, before: [], after: [])
                    for side in reader.object(field.node, field.pointer, what: "the number cues of '\(field.key)'", allowed: ["before", "after"])?.members ?? [] {
                        let words = phrases(side.node, side.pointer, what: "'\(field.key)' \(side.key)", &reader)
                        if side.key == "before" { cue.before = words.map { Array($0) } } else { cue.after = words.map { Array($0) } }
                    }
                    lexicon.numberCues.append(cue)
                }
            case "negation":
                for side in reader.object(part.node, part.pointer, what: "'negation'", allowed: ["before", "after"], required: ["before", "after"])?.members ?? [] {
                    // A "before" word negates what follows it; an "after" word what precedes it.
                    for word in phrases(side.node, side.pointer, what: "the negation words \(side.key)", &reader) { rawNegators.append((word, side.key == "before")) }
                }
            case "destinations":
                for side in reader.object(part.node, part.pointer, what: "'destinations'", allowed: ["before", "after"], required: ["before", "after"])?.members ?? [] {
                    for word in phrases(side.node, side.pointer, what: "the destination words \(side.key)", &reader) { rawDestinations.append((word, side.key == "before")) }
                }
            case "parentCarriers":
                for m in reader.object(part.node, part.pointer, what: "'parentCarriers'")?.members ?? [] {
                    if let parent = reader.string(m.node, m.pointer, what: "a carrier id") {
                        lexicon.parentCarriers[m.key] = parent
                        lexiconCarriers.append((m.key, reader.location(of: m.node, m.pointer)))
                        lexiconCarriers.append((parent, reader.location(of: m.node, m.pointer)))
                    }
                }
            case "numberExclusions":
                let names = profileInputs.filter { $0.type == .number }.map(\.name)
                for field in reader.object(part.node, part.pointer, what: "'numberExclusions'", allowed: names)?.members ?? [] {
                    var ex: (before: [[Character]], after: [[Character]]) = ([], [])
                    for side in reader.object(field.node, field.pointer, what: "the number exclusions of '\(field.key)'", allowed: ["before", "after"])?.members ?? [] {
                        let words = phrases(side.node, side.pointer, what: "'\(field.key)' \(side.key)", &reader).map { Array($0.lowercased()) }
                        if side.key == "before" { ex.before = words } else { ex.after = words }
                    }
                    lexicon.numberExclusions[field.key] = ex
                }
            case "clauseBreaks":
                rawBreaks += phrases(part.node, part.pointer, what: "'clauseBreaks'", &reader)
            case "negatedValues":
                for field in reader.object(part.node, part.pointer, what: "'negatedValues'", allowed: profileInputs.map(\.name))?.members ?? [] {
                    let allowed = facts[field.key].flatMap(Self.values(of:))
                    for m in reader.object(field.node, field.pointer, what: "the negated values of '\(field.key)'", allowed: allowed)?.members ?? [] {
                        guard let v = reader.string(m.node, m.pointer, what: "a negated value") else { continue }
                        if let allowed, !allowed.contains(v) {
                            reader.report(.invalidValue, "'\(v)' is not a value of '\(field.key)'\(Suggestion.hint(for: v, in: allowed))", m.node, m.pointer)
                        }
                        lexicon.negatedValues[field.key, default: [:]][m.key] = v
                    }
                }
            case "variants":
                for m in reader.object(part.node, part.pointer, what: "'variants'")?.members ?? [] {
                    guard let v = reader.string(m.node, m.pointer, what: "a variant"), m.key.count == 1, v.count == 1 else {
                        reader.report(.invalidValue, "a variant maps one character to one character", m.node, m.pointer)
                        continue
                    }
                    lexicon.variants[m.key.first!] = v.first!
                }
            case "answers":
                // The words that answer yes or no to a question in a consultation.
                for m in reader.object(part.node, part.pointer, what: "'answers'", allowed: ["yes", "no"], required: ["yes", "no"])?.members ?? [] {
                    lexicon.answerWords[m.key] = Set(phrases(m.node, m.pointer, what: "the '\(m.key)' answers", &reader).map { $0.precomposedStringWithCompatibilityMapping.lowercased() })
                }
            default:
                for (i, item) in (part.node.arrayValue ?? []).enumerated() {
                    if let w = reader.string(item, part.pointer + "/\(i)", what: "a known word") { lexicon.knownWords.insert(w.lowercased()) }
                }
            }
        }
    }

    /// Reads `intents` (`{"<intent>": {"en": [...], "zh-Hans": [...], "ja": [...]}}`) and `places`
    /// (`{"abroad": [...], "japan": [...]}`: names of places that say where the person is).
    mutating func readCues(_ section: ExtraSection, _ reader: inout JSONReader) {
        if section.name == "intents" {
            for m in reader.object(section.node, section.pointer, what: "'intents'", allowed: KnowledgeBase.intents)?.members ?? [] {
                for phrase in phrases(m.node, m.pointer, what: "the intent '\(m.key)'", &reader) { rawPatterns.append((phrase, .intent(m.key), false)) }
                intentsRead.insert(m.key)
            }
            return
        }
        let values = facts["location"].flatMap(Self.values(of:))
        for m in reader.object(section.node, section.pointer, what: "'places'", allowed: values)?.members ?? [] {
            guard let items = m.node.arrayValue else {
                reader.report(.wrongType, "the places of '\(m.key)' must be a list of names", m.node, m.pointer)
                continue
            }
            for (i, item) in items.enumerated() {
                if let name = reader.string(item, m.pointer + "/\(i)", what: "a place") { rawPatterns.append((name, .fact(field: "location", value: m.key, negated: nil), true)) }
            }
        }
    }



    /// What a negated mention of a value gives: the other boolean; for other fields what
    /// `negatedValues` says, filled in by ``finish()``.
    static func negation(of value: String, _ fact: FactDeclaration) -> String? {
        guard fact.type == .bool else { return nil }
        return value == "true" ? "false" : "true"
    }

    /// Builds the lexicon's patterns once every file is read.
    mutating func buildLexicon() {
        for (word, before) in rawNegators { lexicon.addNegator(word, forward: !before) }
        for word in rawBreaks { lexicon.addClauseBreak(word) }
        for (word, before) in rawDestinations { lexicon.addDestination(word, forward: !before) }
        for (text, meaning, place) in rawPatterns {
            var meaning = meaning
            var destination = place
            if case .fact(let field, let value?, nil) = meaning {
                if let n = lexicon.negatedValues[field]?[value] { meaning = .fact(field: field, value: value, negated: n) }
                // A carrier stays the person's carrier when negated ("不想用软银了").
                if field == Profile.carrierField { meaning = .fact(field: field, value: value, negated: value); destination = true }
            }
            lexicon.add(text, meaning, canBeDestination: destination)
        }
        lexicon.sort()
    }

}
