import RulesEngine

/// Reads and cross-checks the advisor's sections: carriers, texts, steps, profile, presentation.
struct _KnowledgeSections {
    static let headings = ["method", "why", "steps", "warnings", "missing", "uncertain", "policy-checked", "trace", "blocked", "none", "sources", "ranking"]
    static let carrierKeys = ["id", "name", "checkedOn", "sources", "policy", "steps", "portOutSteps", "notes"]
    static let policyPrefix = "policy."

    let ruleSet: RuleSet
    var diagnostics: [Diagnostic] = []
    var carriers: [String: Carrier] = [:]
    var texts: [String: LocalizedText] = [:]
    var textLocations: [String: SourceLocation] = [:]
    var steps: [String: [LocalizedText]] = [:]
    var portOutSteps: [String: [LocalizedText]] = [:]
    /// For each action, for each method, the policy fact that confirms the method for it.
    var confirmedBy: [String: [String: String]] = [:]
    /// Derived facts that, when true, put a sentence (the text of the same key) near the top.
    var notices: [String] = []
    /// Profile fields asked before the others in a consultation whenever they are unknown.
    var askFirst: [String] = []
    var profileFields: [KnowledgeBase.ProfileField] = []
    var warningScope: [String: [String]] = [:]
    var lexicon = Lexicon()
    /// Patterns, negation words and clause breaks as written, built into `lexicon` at the end.
    var rawPatterns: [(text: String, meaning: Lexicon.Meaning, place: Bool)] = []
    var rawNegators: [(word: String, before: Bool)] = []
    var rawBreaks: [String] = []
    var rawDestinations: [(word: String, before: Bool)] = []
    var intentsRead: Set<String> = []
    /// Carrier ids the lexicon names, checked once every carrier is read.
    var lexiconCarriers: [(id: String, at: SourceLocation)] = []
    var firstSection: SourceLocation?

    init(ruleSet: RuleSet) { self.ruleSet = ruleSet }

    var facts: [String: FactDeclaration] { Dictionary(ruleSet.facts.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a }) }
    var optionNames: [String] { ruleSet.options.map(\.name) }
    var warningIDs: [String] { ruleSet.warnings.map(\.id) }

    mutating func read(_ section: ExtraSection) {
        var reader = JSONReader(file: section.file)
        if firstSection == nil { firstSection = reader.location(of: section.node, section.pointer) }
        switch section.name {
        case "carrier": readCarrier(section, &reader)
        case "texts":
            for m in reader.object(section.node, section.pointer, what: "'texts'")?.members ?? [] {
                guard let t = reader.text(m.node, m.pointer, what: "the text '\(m.key)'") else { continue }
                if let first = textLocations[m.key] {
                    reader.report(.duplicateDeclaration, "the text '\(m.key)' is defined twice; first at \(first)", m.node, m.pointer)
                }
                texts[m.key] = t
                textLocations[m.key] = reader.location(of: m.node, m.pointer)
            }
        case "steps", "portOutSteps":
            for m in reader.object(section.node, section.pointer, what: "'\(section.name)'", allowed: optionNames)?.members ?? [] {
                let texts = reader.texts(m.node, m.pointer, what: "the steps of '\(m.key)'")
                if section.name == "steps" { steps[m.key] = texts } else { portOutSteps[m.key] = texts }
            }
        case "profile": readProfile(section, &reader)
        case "lexicon": readLexicon(section, &reader)
        case "intents", "places": readCues(section, &reader)
        case "presentation":
            for m in reader.object(section.node, section.pointer, what: "'presentation'", allowed: ["warningScope", "confirmedBy", "notices", "askFirst"])?.members ?? [] {
                if m.key == "askFirst" {
                    for (i, item) in (m.node.arrayValue ?? []).enumerated() {
                        guard let name = reader.string(item, m.pointer + "/\(i)", what: "a profile field"), facts[name]?.isInput == true else {
                            reader.report(.invalidValue, "'askFirst' must list profile fields", item, m.pointer + "/\(i)")
                            continue
                        }
                        askFirst.append(name)
                    }
                    continue
                }
                if m.key == "notices" {
                    for (i, item) in (m.node.arrayValue ?? []).enumerated() {
                        guard let name = reader.string(item, m.pointer + "/\(i)", what: "a notice"), facts[name]?.type == .bool else {
                            reader.report(.invalidValue, "a notice must name a derived boolean fact", item, m.pointer + "/\(i)")
                            continue
                        }
                        notices.append(name)
                    }
                    continue
                }
                if m.key == "confirmedBy" {
                    let actions = facts["action"].flatMap(Self.values(of:))
                    for a in reader.object(m.node, m.pointer, what: "'confirmedBy'", allowed: actions)?.members ?? [] {
                        for o in reader.object(a.node, a.pointer, what: "the methods of '\(a.key)'", allowed: optionNames)?.members ?? [] {
                            guard let fact = reader.string(o.node, o.pointer, what: "a policy fact"), facts[fact] != nil else {
                                reader.report(.invalidValue, "'\(o.node.stringValue ?? "")' is not a declared fact", o.node, o.pointer)
                                continue
                            }
                            confirmedBy[a.key, default: [:]][o.key] = fact
                        }
                    }
                    continue
                }
                for w in reader.object(m.node, m.pointer, what: "'warningScope'", allowed: warningIDs)?.members ?? [] {
                    let methods = w.node.arrayValue?.compactMap(\.stringValue) ?? []
                    if methods.isEmpty || methods.contains(where: { !optionNames.contains($0) }) || methods.count != w.node.arrayValue?.count {
                        reader.report(.invalidValue, "the scope of '\(w.key)' must be a non-empty list of methods: \(optionNames.joined(separator: ", "))", w.node, w.pointer)
                    }
                    warningScope[w.key] = methods
                }
            }
        default: break
        }
        diagnostics += reader.diagnostics
    }

    mutating func readProfile(_ section: ExtraSection, _ reader: inout JSONReader) {
        let facts = self.facts
        let inputs = ruleSet.facts.filter { $0.isInput && !$0.name.hasPrefix(Self.policyPrefix) }.map(\.name)
        for m in reader.object(section.node, section.pointer, what: "'profile'", allowed: inputs)?.members ?? [] {
            guard let fact = facts[m.key],
                  let members = reader.object(m.node, m.pointer, what: "the profile field '\(m.key)'", allowed: ["question", "values", "minimum"], required: ["question"]),
                  let qNode = members["question"],
                  let question = reader.text(qNode.node, qNode.pointer, what: "the question of '\(m.key)'")
            else { continue }
            let expected: [String] = switch fact.type {
            case .bool: ["true", "false"]
            case .enumeration(let values): values
            default: []
            }
            var labels: [String: LocalizedText] = [:]
            if let v = members["values"] {
                for l in reader.object(v.node, v.pointer, what: "the values of '\(m.key)'", allowed: expected, required: expected)?.members ?? [] {
                    labels[l.key] = reader.text(l.node, l.pointer, what: "the label of '\(m.key)' = \(l.key)")
                }
            } else if !expected.isEmpty {
                reader.report(.missingKey, "the profile field '\(m.key)' lacks 'values' (labels for: \(expected.joined(separator: ", ")))", m.node, m.pointer)
            }
            var minimum: Double?
            if let n = members["minimum"] {
                if fact.type == .number { minimum = reader.number(n, what: "'minimum'") } else {
                    reader.report(.invalidValue, "only a number field takes 'minimum'", n.node, n.pointer)
                }
            }
            profileFields.append(KnowledgeBase.ProfileField(name: m.key, type: fact.type, question: question, valueLabels: labels, minimum: minimum))
        }
    }

    mutating func readCarrier(_ section: ExtraSection, _ reader: inout JSONReader) {
        guard let members = reader.object(section.node, section.pointer, what: "a carrier", allowed: Self.carrierKeys, required: ["id", "name", "checkedOn", "sources", "policy"]) else { return }
        func member(_ key: String) -> JSONObject.Member? { members[key] }
        guard let idMember = member("id"), let id = reader.string(idMember.node, idMember.pointer, what: "a carrier's id") else { return }
        let fileID = section.file.split(separator: "/").last.map { String($0.dropLast(".json".count)) } ?? id
        if fileID != id {
            reader.report(.invalidValue, "the carrier id '\(id)' does not match its file name '\(fileID).json'", idMember.node, idMember.pointer)
        }
        if let existing = carriers[id] {
            reader.report(.duplicateDeclaration, "the carrier '\(id)' is defined twice; first in \(existing.file)", idMember.node, idMember.pointer)
        }
        var carrier = Carrier(id: id, name: LocalizedText(en: id, zhHans: id, ja: id), checkedOn: "", sources: [], policy: [], steps: [:], portOutSteps: [:], notes: [:], replacements: [:], file: section.file)
        if let n = member("name"), let t = reader.text(n.node, n.pointer, what: "the carrier's name") { carrier.name = t }
        if let c = member("checkedOn"), let date = reader.string(c.node, c.pointer, what: "'checkedOn'") {
            if !Self.isISODate(date) { reader.report(.invalidValue, "'checkedOn' must be a date as YYYY-MM-DD, found '\(date)'", c.node, c.pointer) }
            carrier.checkedOn = date
        }
        if let s = member("sources") {
            for src in reader.object(s.node, s.pointer, what: "'sources'")?.members ?? [] {
                guard let f = reader.object(src.node, src.pointer, what: "the source '\(src.key)'", allowed: ["url", "date", "official"], required: ["url", "date"]) else { continue }
                let url = f["url"].flatMap { reader.string($0.node, $0.pointer, what: "a source's url") } ?? ""
                let date = f["date"].flatMap { reader.string($0.node, $0.pointer, what: "a source's date") } ?? ""
                let official = f["official"]?.node.boolValue ?? false
                if !url.hasPrefix("https://") && !url.hasPrefix("http://") {
                    reader.report(.invalidValue, "a source's url must start with https://, found '\(url)'", src.node, src.pointer + "/url")
                }
                carrier.sources.append(Carrier.Source(key: src.key, url: url, date: date, official: official))
            }
        }
        if let p = member("policy") { readPolicy(p.node, p.pointer, into: &carrier, &reader) }
        if let s = member("steps") {
            for m in reader.object(s.node, s.pointer, what: "the carrier's steps", allowed: optionNames)?.members ?? [] {
                carrier.steps[m.key] = reader.texts(m.node, m.pointer, what: "the steps of '\(m.key)'")
            }
        }
        if let s = member("portOutSteps") {
            for m in reader.object(s.node, s.pointer, what: "the carrier's port-out steps", allowed: optionNames)?.members ?? [] {
                carrier.portOutSteps[m.key] = reader.texts(m.node, m.pointer, what: "the port-out steps of '\(m.key)'")
            }
        }
        if let n = member("notes") {
            // A note is appended to the text it is keyed by; `{"replaces": TEXT}` replaces it.
            let keys = warningIDs + optionNames + KnowledgeBase.intents.map { "answer.\($0)" }
            for m in reader.object(n.node, n.pointer, what: "the carrier's notes", allowed: keys)?.members ?? [] {
                if m.node.objectValue?.first?.key == "replaces" {
                    guard let r = reader.object(m.node, m.pointer, what: "the note '\(m.key)'", allowed: ["replaces"], required: ["replaces"])?.members.first else { continue }
                    carrier.replacements[m.key] = reader.text(r.node, r.pointer, what: "the replacement of '\(m.key)'")
                } else {
                    carrier.notes[m.key] = reader.text(m.node, m.pointer, what: "the note '\(m.key)'")
                }
            }
        }
        carriers[id] = carrier
    }

    mutating func readPolicy(_ node: JSONNode, _ pointer: String, into carrier: inout Carrier, _ reader: inout JSONReader) {
        let facts = self.facts
        let fields = ruleSet.facts.filter { $0.name.hasPrefix(Self.policyPrefix) }.map { String($0.name.dropFirst(Self.policyPrefix.count)) }
        for m in reader.object(node, pointer, what: "'policy'", allowed: fields)?.members ?? [] {
            guard let fact = facts[Self.policyPrefix + m.key],
                  let entry = reader.object(m.node, m.pointer, what: "the policy field '\(m.key)'", allowed: ["value", "status", "sources", "note"], required: ["sources"])
            else { continue }
            func part(_ key: String) -> JSONObject.Member? { entry[key] }
            var sources: [String] = []
            if let s = part("sources") {
                for (i, item) in (s.node.arrayValue ?? []).enumerated() {
                    guard let key = item.stringValue, carrier.source(key) != nil else {
                        reader.report(.invalidValue, "the policy field '\(m.key)' cites '\(item.stringValue ?? item.typeName)', which is not a key of 'sources'\(Suggestion.hint(for: item.stringValue ?? "", in: carrier.sources.map(\.key)))", item, s.pointer + "/\(i)")
                        continue
                    }
                    sources.append(key)
                }
                if s.node.arrayValue == nil { reader.report(.wrongType, "'sources' must be a list of source keys", s.node, s.pointer) }
            }
            switch (part("value"), part("status")) {
            case (let v?, nil):
                if part("note") != nil { reader.report(.invalidValue, "a confirmed policy field takes no 'note'; use 'status' for an uncertain one", m.node, m.pointer) }
                if sources.isEmpty { reader.report(.missingKey, "the policy field '\(m.key)' states a value without a source", m.node, m.pointer + "/sources") }
                guard let value = Self.value(v.node), fact.type.admits(value) else {
                    reader.report(.typeMismatch, "the policy field '\(m.key)' must be \(fact.type)", v.node, v.pointer)
                    continue
                }
                carrier.policy.append(Carrier.PolicyEntry(field: m.key, value: value, certainty: .confirmed, sources: sources, note: nil))
            case (nil, let s?):
                guard let status = s.node.stringValue, let certainty = Carrier.Certainty(rawValue: status), certainty != .confirmed else {
                    reader.report(.invalidValue, "'status' must be 'unverified' or 'conflict'", s.node, s.pointer)
                    continue
                }
                guard let n = part("note") else {
                    reader.report(.missingKey, "the uncertain policy field '\(m.key)' needs a 'note' telling the person what to confirm", m.node, m.pointer)
                    continue
                }
                let note = reader.text(n.node, n.pointer, what: "the note of '\(m.key)'")
                carrier.policy.append(Carrier.PolicyEntry(field: m.key, value: nil, certainty: certainty, sources: sources, note: note))
            default:
                reader.report(.invalidValue, "the policy field '\(m.key)' needs exactly one of 'value' (confirmed) or 'status' (unverified or conflict)", m.node, m.pointer)
            }
        }
    }

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

    static func values(of fact: FactDeclaration) -> [String]? {
        switch fact.type {
        case .bool: ["true", "false"]
        case .enumeration(let values): values
        default: nil
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

    static func value(_ node: JSONNode) -> Value? {
        switch node.kind {
        case .bool(let b): .bool(b)
        case .number(let n): .number(n)
        case .string(let s): .string(s)
        case .array(let items):
            items.allSatisfy { $0.stringValue != nil } ? .list(items.compactMap(\.stringValue)) : nil
        default: nil
        }
    }

    static func isISODate(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let m = Int(parts[1]), let d = Int(parts[2]), Int(parts[0]) != nil else { return false }
        return (1...12).contains(m) && (1...31).contains(d)
    }

    /// The reasons the rules' `block` actions give.
    var blockReasons: [String] {
        Set(ruleSet.rules.flatMap(\.actions).compactMap { a -> String? in
            if case .block(_, let reason) = a.value { return reason }
            return nil
        }).sorted()
    }

    /// The texts the advice needs: loading fails without any of them.
    var requiredTexts: [String] {
        var required = warningIDs.map { "warning.\($0)" }
        required += optionNames.flatMap { ["method.\($0)", "why.\($0)"] } + ["method.none"]
        required += (Self.headings + ["understood", "why-not"]).map { "heading.\($0)" }
        required += WarningSeverity.allCases.map { "severity.\($0.rawValue)" }
        required += ["label.undated", "label.official", "label.your-carrier", "why.unconfirmed", "closing", "whynot.none", "whynot.already", "understood.nothing", "understood.unclear"]
        required += actions.map { "action.\($0)" }
        required += ["bool", "number", "list", "name", "choice", "carrier", "carrier-nearest"].map { "hint.\($0)" }
        // Number and list fields are shown by a label when read from a question.
        required += ruleSet.facts.filter { $0.isInput && !$0.name.hasPrefix(Self.policyPrefix) && ($0.type == .number || $0.type == .list) }.map { "field.\($0.name)" }
        return required + blockReasons.map { "reason.\($0)" }
    }

    /// The values of the derived fact `action` (`cancel`, `port-out`).
    var actions: [String] { facts["action"].flatMap(Self.values(of:)) ?? [] }

    /// The answer texts the intents need: for an intent with a derived fact `answer.<intent>`,
    /// one per value; for another, one for each action and method (or none), found as
    /// `answer.<intent>.<action>.<method>`, `answer.<intent>.<method>` or `answer.<intent>.always`.
    var answerTexts: [String] {
        var keys: [String] = []
        for intent in KnowledgeBase.intents {
            if let fact = facts["answer.\(intent)"], let values = Self.values(of: fact) {
                keys += values.map { "answer.\(intent).\($0)" }
                continue
            }
            for action in actions {
                for method in optionNames + ["none"] {
                    let chain = KnowledgeBase.answerKeys(intent: intent, value: nil, action: action, method: method)
                    if !chain.contains(where: { texts[$0] != nil }) { keys.append(chain[0]) }
                }
            }
        }
        return keys
    }

    /// Every text the advice can show: the required ones and the remedies of block reasons.
    var shownTexts: Set<String> {
        var shown = Set(requiredTexts + blockReasons.map { "remedy.\($0)" } + answerTexts + notices)
        // The variants the output looks for: by action or method, every intent's answer chain,
        // a rule's description for the trace, a field's name for a why-not change.
        let methods = optionNames + ["none"]
        for w in warningIDs { for m in methods { shown.insert("warning.\(w).\(m)") } }
        for a in actions {
            shown.insert("why.unconfirmed.\(a)")
            for m in methods {
                shown.insert("why.\(a).\(m)")
                for intent in KnowledgeBase.intents { shown.formUnion(KnowledgeBase.answerKeys(intent: intent, value: nil, action: a, method: m)) }
            }
        }
        for rule in ruleSet.rules { shown.insert("rule.\(rule.id)") }
        for f in ruleSet.facts where f.isInput { shown.insert("field.\(f.name)") }
        return shown
    }

    /// Checks that everything the rules and the output need exists, and returns all diagnostics.
    mutating func finish() -> [Diagnostic] {
        let at = firstSection ?? SourceLocation(file: "Rules", line: 1, column: 1, pointer: "")
        func missing(_ what: String) {
            diagnostics.append(Diagnostic(.missingKey, .error, what, at: at))
        }
        buildLexicon()
        for intent in KnowledgeBase.intents where !intentsRead.contains(intent) { missing("the intent '\(intent)' has no cues (section 'intents')") }
        for key in answerTexts where texts[key] == nil { missing("the knowledge base lacks the answer text '\(key)' (section 'texts')") }
        for option in optionNames where portOutSteps[option] == nil { missing("the knowledge base lacks generic port-out steps for '\(option)' (section 'portOutSteps')") }
        for notice in notices where texts[notice] == nil { missing("the knowledge base lacks the text of the notice '\(notice)'") }
        for key in requiredTexts where texts[key] == nil { missing("the knowledge base lacks the text '\(key)' (section 'texts')") }
        for (id, at) in lexiconCarriers where carriers[id] == nil {
            diagnostics.append(Diagnostic(.invalidValue, .error, "the lexicon names the carrier '\(id)', which has no file in Rules/carriers\(Suggestion.hint(for: id, in: carriers.keys))", at: at))
        }
        for option in optionNames where steps[option] == nil { missing("the knowledge base lacks generic steps for '\(option)' (section 'steps')") }
        if carriers["other"] == nil { missing("the knowledge base lacks the carrier 'other' (Rules/carriers/other.json), used for an unknown carrier") }
        let inputs = ruleSet.facts.filter { $0.isInput && !$0.name.hasPrefix(Self.policyPrefix) }.map(\.name)
        for name in inputs where !profileFields.contains(where: { $0.name == name }) {
            missing("the profile field '\(name)' has no question (section 'profile')")
        }
        return diagnostics
    }
}
