import Foundation

/// A language the advice is written in.
public enum Language: String, Sendable, CaseIterable, Hashable {
    case en
    case zhHans = "zh-Hans"
    case ja

    /// Parses `en`, `zh-Hans` (also `zh`, `zh-CN`, `zh_CN`, `zh-Hans-CN`) and `ja` (also `ja-JP`).
    public init?(code: String) {
        let c = code.lowercased().replacingOccurrences(of: "_", with: "-")
        if c == "en" || c.hasPrefix("en-") { self = .en }
        else if c == "ja" || c.hasPrefix("ja-") { self = .ja }
        else if c == "zh" || c == "zh-hans" || c.hasPrefix("zh-hans-") || c == "zh-cn" || c == "zh-sg" { self = .zhHans }
        else { return nil }
    }

    /// The language of the environment's locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English.
    ///
    /// `C` and `POSIX` locales mean English; a Chinese locale of any region means zh-Hans, the
    /// only Chinese the knowledge base is written in.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Language {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[key], !value.isEmpty else { continue }
            let code = String(value.prefix { $0 != "." && $0 != "@" })
            if code == "C" || code == "POSIX" { return .en }
            if code.lowercased().hasPrefix("zh") { return .zhHans }
            return Language(code: code) ?? .en
        }
        return .en
    }
}

extension Language {
    /// What goes between two sentences: a space in English, nothing after Chinese or Japanese
    /// full-width punctuation.
    public var sentenceSeparator: String { self == .en ? " " : "" }

    /// What follows a label: `": "` in English, a full-width `"："` in Chinese and Japanese.
    public var colon: String { self == .en ? ": " : "：" }
}

/// A text in every language of the knowledge base.
public struct LocalizedText: Sendable, Hashable {
    public var en: String
    public var zhHans: String
    public var ja: String

    public init(en: String, zhHans: String, ja: String) {
        self.en = en
        self.zhHans = zhHans
        self.ja = ja
    }

    public subscript(language: Language) -> String {
        switch language {
        case .en: en
        case .zhHans: zhHans
        case .ja: ja
        }
    }
}
