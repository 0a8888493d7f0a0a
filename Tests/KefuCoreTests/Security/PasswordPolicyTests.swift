import Foundation
import KefuCore
import Testing

@Suite("Password policy: length, common passwords and their decorations, patterns, the user's own name")
struct PasswordPolicyTests {
    let policy = PasswordPolicy(list: "# comment\npassword\nwoaini1314\nqwertyuiop\n\n  Dragon \n")

    @Test("Common passwords are refused as they are and with digits or symbols around them")
    func common() {
        #expect(policy.common == ["password", "woaini1314", "qwertyuiop", "dragon"])
        for password in ["password2024!", "Password1234", "!!Password!!", "WOAINI1314", "qwertyuiop", "2026dragon88"] {
            #expect(policy.problem(with: password, email: "mei@shop.example") == .common, "\(password)")
        }
        #expect(policy.problem(with: "dragonfly-kite", email: "mei@shop.example") == nil)
    }

    @Test("Too short, too long for bcrypt, patterns, the e-mail name")
    func otherProblems() {
        #expect(policy.problem(with: "Short1!", email: "a@b.c") == .tooShort)
        #expect(policy.problem(with: "客服" + String(repeating: "好", count: 23), email: "a@b.c") == .tooLong)
        #expect(policy.problem(with: "aaaaaaaaaaaa", email: "a@b.c") == .pattern)
        #expect(policy.problem(with: "abcabcabcabc", email: "a@b.c") == .pattern)
        #expect(policy.problem(with: "1212121212", email: "a@b.c") == .pattern)
        #expect(policy.problem(with: "0123456789", email: "a@b.c") == .pattern)
        #expect(policy.problem(with: "9876543210", email: "a@b.c") == .pattern)
        #expect(policy.problem(with: "meili-shanghai-7", email: "MeiLi@shop.example") == .containsEmail)
        #expect(policy.problem(with: "correct horse", email: "mei@shop.example") == nil)
        #expect(policy.problem(with: "客服小美的长密码一二三", email: "mei@shop.example") == nil)
    }

    @Test("The list Kefu ships is read and holds the usual suspects")
    func shippedList() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Resources/Security/common-passwords.txt")
        let shipped = PasswordPolicy(list: try String(contentsOf: file, encoding: .utf8))
        #expect(shipped.common.count > 300)
        for password in ["123456789a", "qwerty123456", "woaini5201314", "Password!2026", "1qaz2wsx3edc", "iloveyou1314"] {
            #expect(shipped.problem(with: password, email: "admin@system.test") != nil, "\(password)")
        }
        for password in ["kefu-demo-2026", "system-password", "correct horse", "kefu-seed-password"] {
            #expect(shipped.problem(with: password, email: "admin@system.test") == nil, "\(password)")
        }
    }
}
