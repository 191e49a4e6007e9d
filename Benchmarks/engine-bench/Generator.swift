import RulesEngine

// MARK: - The rule set, generated as JSON text

/// Builders for the JSON of conditions and actions.
enum J {
    static func quote(_ s: String) -> String { "\"\(s)\"" }
    static func cmp(_ fact: String, _ op: String, _ value: String) -> String {
        #"{"fact": "\#(fact)", "op": "\#(op)", "value": \#(value)}"#
    }
    static func cmpFact(_ fact: String, _ op: String, _ other: String) -> String {
        #"{"fact": "\#(fact)", "op": "\#(op)", "valueOf": "\#(other)"}"#
    }
    static func isTrue(_ fact: String) -> String { cmp(fact, "==", "true") }
    static func isFalse(_ fact: String) -> String { cmp(fact, "==", "false") }
    static func eq(_ fact: String, _ value: String) -> String { cmp(fact, "==", quote(value)) }
    static func isIn(_ fact: String, _ values: [String]) -> String { cmp(fact, "in", list(values)) }
    static func list(_ values: [String]) -> String { "[" + values.map(quote).joined(separator: ", ") + "]" }
    static func all(_ parts: String...) -> String { #"{"all": [\#(parts.joined(separator: ", "))]}"# }
    static func any(_ parts: String...) -> String { #"{"any": [\#(parts.joined(separator: ", "))]}"# }
    static func not(_ part: String) -> String { #"{"not": \#(part)}"# }
    static func derive(_ fact: String, _ value: String) -> String { #"{"derive": "\#(fact)", "value": \#(value)}"# }
    static func score(_ option: String, _ amount: Double) -> String {
        amount >= 0 ? #"{"score": "\#(option)", "add": \#(amount)}"# : #"{"score": "\#(option)", "subtract": \#(-amount)}"#
    }
    static func block(_ option: String, _ reason: String) -> String { #"{"block": "\#(option)", "reason": "\#(reason)"}"# }
    static func warn(_ id: String) -> String { #"{"warn": "\#(id)"}"# }
}

struct InputFact {
    enum Kind { case bool, number(ClosedRange<Int>), enumeration([String]), list([String]) }
    var name: String
    var kind: Kind
}

/// The input facts, as a profile and a carrier policy would give them.
let inputs: [InputFact] = [
    .init(name: "location", kind: .enumeration(["japan", "abroad"])),
    .init(name: "balance", kind: .number(0...3000)),
    .init(name: "japanese", kind: .enumeration(["none", "basic", "conversational", "fluent"])),
    .init(name: "languages", kind: .list(["zh", "en", "ko", "vi", "pt", "es"])),
    .init(name: "hasId", kind: .bool),
    .init(name: "canLogin", kind: .bool),
    .init(name: "canReceiveSms", kind: .bool),
    .init(name: "simType", kind: .enumeration(["physical", "esim"])),
    .init(name: "keepNumber", kind: .bool),
    .init(name: "boundServices", kind: .bool),
    .init(name: "hasBackup", kind: .bool),
    .init(name: "deadlineDays", kind: .number(0...60)),
    .init(name: "transferToOther", kind: .bool),
    .init(name: "policyOnline", kind: .bool),
    .init(name: "policyStore", kind: .bool),
    .init(name: "policyPhone", kind: .bool),
    .init(name: "policyRefund", kind: .bool),
    .init(name: "loginCode", kind: .enumeration(["sms", "email", "sms-or-email", "none"])),
    .init(name: "phoneLanguages", kind: .list(["en", "zh", "ko", "pt"])),
]

let derivedFacts: [(name: String, type: String)] = [
    ("abroad", #""bool""#), ("languageOk", #""bool""#), ("balanceAtRisk", #""bool""#), ("urgent", #""bool""#),
    ("needsUnbind", #""bool""#), ("smsWorks", #""bool""#), ("remoteOnly", #""bool""#), ("canOnline", #""bool""#),
    ("canStore", #""bool""#), ("canPhone", #""bool""#),
    ("riskLevel", #""enum", "values": ["low", "medium", "high"]"#),
]

let warnings: [(id: String, severity: String)] = [
    ("no-reactivation", "critical"), ("scam-risk", "critical"), ("sms-login-abroad", "high"),
    ("keep-number-use-mnp", "high"), ("balance-forfeit", "high"), ("balance-remaining", "medium"),
    ("sim-return", "medium"), ("bring-id", "medium"), ("language-barrier", "medium"), ("backup-data", "low"),
    ("unbind-services", "high"), ("illegal-transfer", "critical"), ("deadline-tight", "high"),
]

/// The 50 rules: derivations four levels deep (input → abroad → smsWorks → canOnline → riskLevel),
/// then scores, blocks and warnings at lower salience. `suffix` renames the ids for --scale.
func rules(suffix: String) -> [String] {
    func rule(_ id: String, _ salience: Int, _ when: String, _ then: String...) -> String {
        #"{"id": "\#(id)\#(suffix)", "description": "\#(id)", "salience": \#(salience), "when": \#(when), "then": [\#(then.joined(separator: ", "))]}"#
    }
    let refunds = J.isTrue("policyRefund")
    let speaksSupportLanguage = J.cmpFact("languages", "intersects", "phoneLanguages")
    let weakJapanese = J.isIn("japanese", ["none", "basic"])
    return [
        // Level 1: from inputs.
        rule("abroad-yes", 100, J.eq("location", "abroad"), J.derive("abroad", "true")),
        rule("abroad-no", 100, J.eq("location", "japan"), J.derive("abroad", "false")),
        rule("language-fluent", 90, J.isIn("japanese", ["conversational", "fluent"]), J.derive("languageOk", "true")),
        rule("language-support", 90, J.all(weakJapanese, speaksSupportLanguage), J.derive("languageOk", "true")),
        rule("language-barrier", 85, J.all(weakJapanese, J.not(speaksSupportLanguage)), J.derive("languageOk", "false")),
        rule("balance-at-risk", 90, J.all(J.cmp("balance", ">", "0"), J.not(refunds)), J.derive("balanceAtRisk", "true")),
        rule("balance-safe", 90, J.any(J.cmp("balance", "==", "0"), refunds), J.derive("balanceAtRisk", "false")),
        rule("urgent", 90, J.cmp("deadlineDays", "<=", "7"), J.derive("urgent", "true")),
        rule("not-urgent", 90, J.cmp("deadlineDays", ">", "7"), J.derive("urgent", "false")),
        rule("needs-unbind", 90, J.all(J.isTrue("boundServices"), J.cmp("keepNumber", "!=", "true")), J.derive("needsUnbind", "true")),
        // Level 2: from abroad.
        rule("sms-home", 80, J.all(J.isFalse("abroad"), J.isTrue("canReceiveSms")), J.derive("smsWorks", "true")),
        rule("sms-roaming", 80, J.all(J.isTrue("abroad"), J.isTrue("canReceiveSms"), J.eq("simType", "physical")), J.derive("smsWorks", "true")),
        rule("sms-esim-abroad", 80, J.all(J.isTrue("abroad"), J.eq("simType", "esim"), J.isTrue("canReceiveSms")), J.derive("smsWorks", "true")),
        rule("sms-none", 80, J.isFalse("canReceiveSms"), J.derive("smsWorks", "false")),
        rule("remote-only", 80, J.all(J.isTrue("abroad"), J.isTrue("policyStore")), J.derive("remoteOnly", "true")),
        // Level 3: the methods.
        rule("online-ok", 70, J.all(J.isTrue("policyOnline"), J.isTrue("canLogin"), J.any(J.isIn("loginCode", ["email", "none"]), J.isTrue("smsWorks"))),
             J.derive("canOnline", "true")),
        rule("online-no-login", 70, J.isFalse("canLogin"), J.derive("canOnline", "false")),
        rule("online-not-offered", 70, J.isFalse("policyOnline"), J.derive("canOnline", "false")),
        rule("online-sms-dead", 70, J.all(J.eq("loginCode", "sms"), J.isFalse("smsWorks")), J.derive("canOnline", "false")),
        rule("store-ok", 70, J.all(J.isTrue("policyStore"), J.isFalse("abroad"), J.isTrue("hasId")), J.derive("canStore", "true")),
        rule("store-abroad", 70, J.isTrue("abroad"), J.derive("canStore", "false")),
        rule("store-no-id", 70, J.isFalse("hasId"), J.derive("canStore", "false")),
        rule("store-not-offered", 70, J.isFalse("policyStore"), J.derive("canStore", "false")),
        rule("phone-ok", 70, J.all(J.isTrue("policyPhone"), J.isTrue("languageOk")), J.derive("canPhone", "true")),
        rule("phone-no", 70, J.any(J.isFalse("policyPhone"), J.isFalse("languageOk")), J.derive("canPhone", "false")),
        // Level 4: the risk.
        rule("risk-low", 60, J.isTrue("canOnline"), J.derive("riskLevel", J.quote("low"))),
        rule("risk-medium", 60, J.all(J.isFalse("canOnline"), J.any(J.isTrue("canStore"), J.isTrue("canPhone"))), J.derive("riskLevel", J.quote("medium"))),
        rule("risk-high", 60, J.all(J.isFalse("canOnline"), J.isFalse("canStore"), J.isFalse("canPhone")), J.derive("riskLevel", J.quote("high"))),
        // Scores.
        rule("score-online", 50, J.isTrue("canOnline"), J.score("online", 10)),
        rule("score-online-urgent", 50, J.all(J.isTrue("canOnline"), J.isTrue("urgent")), J.score("online", 5)),
        rule("score-store", 50, J.isTrue("canStore"), J.score("store", 6)),
        rule("score-store-language", 50, J.all(J.isTrue("canStore"), J.isFalse("languageOk")), J.score("store", -3)),
        rule("score-phone", 50, J.isTrue("canPhone"), J.score("phone", 4)),
        rule("score-phone-abroad", 50, J.all(J.isTrue("canPhone"), J.isTrue("abroad")), J.score("phone", 2)),
        rule("score-store-rushed", 50, J.all(J.isTrue("canStore"), J.isTrue("urgent"), J.not(J.isTrue("hasBackup"))), J.score("store", -1)),
        // Blocks.
        rule("block-online", 40, J.isFalse("canOnline"), J.block("online", "not-possible")),
        rule("block-store", 40, J.isFalse("canStore"), J.block("store", "not-possible")),
        rule("block-phone", 40, J.isFalse("canPhone"), J.block("phone", "not-possible")),
        rule("block-store-keep", 40, J.all(J.isTrue("keepNumber"), J.isTrue("remoteOnly")), J.block("store", "keep-number")),
        // Warnings.
        rule("warn-no-reactivation", 0, J.not(J.isTrue("keepNumber")), J.warn("no-reactivation")),
        rule("warn-sms-abroad", 0, J.all(J.isTrue("abroad"), J.isIn("loginCode", ["sms", "sms-or-email"])), J.warn("sms-login-abroad")),
        rule("warn-keep-number", 0, J.isTrue("keepNumber"), J.warn("keep-number-use-mnp")),
        rule("warn-balance-forfeit", 0, J.isTrue("balanceAtRisk"), J.warn("balance-forfeit")),
        rule("warn-balance-remaining", 0, J.all(J.cmp("balance", ">", "0"), J.isFalse("balanceAtRisk")), J.warn("balance-remaining")),
        rule("warn-sim-return", 0, J.all(J.eq("simType", "physical"), J.isTrue("policyStore")), J.warn("sim-return")),
        rule("warn-bring-id", 0, J.all(J.isTrue("canStore"), J.isTrue("hasId")), J.warn("bring-id")),
        rule("warn-language", 0, J.any(J.isFalse("languageOk"), J.all(J.eq("japanese", "none"), J.cmp("languages", "contains", J.quote("zh")))), J.warn("language-barrier")),
        rule("warn-backup-unbind", 0, J.any(J.isFalse("hasBackup"), J.isTrue("needsUnbind")), J.warn("backup-data"), J.warn("unbind-services")),
        rule("warn-transfer", 0, J.isTrue("transferToOther"), J.warn("illegal-transfer"), J.block("online", "illegal"), J.block("store", "illegal")),
        rule("warn-deadline", 0, J.all(J.isTrue("urgent"), J.isIn("riskLevel", ["medium", "high"])), J.warn("deadline-tight"), J.warn("scam-risk")),
    ]
}

func declarationsDocument() -> String {
    var facts: [String] = []
    for f in inputs {
        let type: String
        switch f.kind {
        case .bool: type = #""bool""#
        case .number: type = #""number""#
        case .enumeration(let values): type = #""enum", "values": \#(J.list(values))"#
        case .list: type = #""list""#
        }
        facts.append(#"{"name": "\#(f.name)", "type": \#(type), "input": true}"#)
    }
    for f in derivedFacts { facts.append(#"{"name": "\#(f.name)", "type": \#(f.type)}"#) }
    let warningList = warnings.map { #"{"id": "\#($0.id)", "severity": "\#($0.severity)"}"# }
    return """
    {"facts": [\(facts.joined(separator: ",\n  "))],
     "options": ["online", "store", "phone"],
     "warnings": [\(warningList.joined(separator: ",\n  "))]}
    """
}

/// Nodes of a condition as the compiler lays them out: one per `all`, `any`, `not` and comparison.
func nodeCount(_ condition: Condition?) -> Int {
    switch condition {
    case nil: 0
    case .all(let parts, _)?, .any(let parts, _)?: 1 + parts.reduce(0) { $0 + nodeCount($1) }
    case .not(let part, _)?: 1 + nodeCount(part)
    case .compare?: 1
    }
}
