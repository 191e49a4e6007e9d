@testable import Advisor
import Testing

@Suite struct LanguageTests {
    @Test(arguments: [
        ("en", Language.en), ("en-GB", .en), ("zh-Hans", .zhHans), ("zh", .zhHans), ("zh_CN", .zhHans),
        ("zh-Hans-CN", .zhHans), ("ja", .ja), ("ja-JP", .ja),
    ])
    func codesAreRecognised(_ code: String, _ language: Language) {
        #expect(Language(code: code) == language)
    }

    @Test(arguments: ["fr", "", "zh-Hant-x", "jp"])
    func otherCodesAreNot(_ code: String) {
        #expect(Language(code: code) == nil)
    }

    @Test(arguments: [
        ([String: String](), Language.en),
        (["LANG": "zh_CN.UTF-8"], .zhHans),
        (["LANG": "zh_TW.UTF-8"], .zhHans),
        (["LANG": "ja_JP.UTF-8"], .ja),
        (["LANG": "C"], .en),
        (["LANG": "fr_FR.UTF-8"], .en),
        (["LANG": "en_US.UTF-8", "LC_ALL": "ja_JP.UTF-8"], .ja),
        (["LANG": "ja_JP.UTF-8", "LC_MESSAGES": "zh_CN"], .zhHans),
        (["LC_ALL": "", "LANG": "ja_JP"], .ja),
    ])
    func theEnvironmentPicksTheLanguage(_ environment: [String: String], _ language: Language) {
        #expect(Language.fromEnvironment(environment) == language)
    }
}
