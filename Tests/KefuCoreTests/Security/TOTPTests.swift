import Foundation
import KefuCore
import Testing

@Suite("One-time codes (RFC 4226, RFC 6238) and their base32 secrets")
struct TOTPTests {
    static let sha1Seed = Array("12345678901234567890".utf8)
    static let sha256Seed = Array("12345678901234567890123456789012".utf8)
    static let sha512Seed = Array("1234567890123456789012345678901234567890123456789012345678901234".utf8)

    @Test("RFC 6238 appendix B: every time and algorithm, 8 digits", arguments: [
        (59.0, "94287082", "46119246", "90693936"),
        (1_111_111_109, "07081804", "68084774", "25091201"),
        (1_111_111_111, "14050471", "67062674", "99943326"),
        (1_234_567_890, "89005924", "91819424", "93441116"),
        (2_000_000_000, "69279037", "90698825", "38618901"),
        (20_000_000_000, "65353130", "77737706", "47863826"),
    ])
    func rfc6238(seconds: Double, sha1: String, sha256: String, sha512: String) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(TOTP(secret: Self.sha1Seed, digits: 8).code(at: date) == sha1)
        #expect(TOTP(secret: Self.sha256Seed, digits: 8, algorithm: .sha256).code(at: date) == sha256)
        #expect(TOTP(secret: Self.sha512Seed, digits: 8, algorithm: .sha512).code(at: date) == sha512)
    }

    @Test("RFC 4226 appendix D: HOTP counts 0 to 9, 6 digits")
    func rfc4226() {
        let expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]
        let totp = TOTP(secret: Self.sha1Seed)
        #expect((0..<10).map { totp.code(step: Int64($0)) } == expected)
    }

    @Test("A code is accepted one step either side, once, and never when malformed")
    func matching() {
        let totp = TOTP(secret: Self.sha1Seed)
        let now = Date(timeIntervalSince1970: 1_234_567_890)
        let step = totp.step(at: now)
        #expect(totp.matchingStep(totp.code(step: step), at: now) == step)
        #expect(totp.matchingStep(totp.code(step: step - 1), at: now) == step - 1)
        #expect(totp.matchingStep(totp.code(step: step + 1), at: now) == step + 1)
        #expect(totp.matchingStep(totp.code(step: step - 2), at: now) == nil)
        #expect(totp.matchingStep(totp.code(step: step), at: now, after: step) == nil, "a code is good once")
        #expect(totp.matchingStep(totp.code(step: step + 1), at: now, after: step) == step + 1)
        let spaced = totp.code(step: step).enumerated().map { $0.offset == 3 ? " \($0.element)" : "\($0.element)" }.joined()
        #expect(totp.matchingStep(spaced, at: now) == step)
        for typed in ["", "12345", "1234567", "abcdef", "１２３４５６"] {
            #expect(totp.matchingStep(typed, at: now) == nil, "\(typed)")
        }
    }

    @Test("Base32: RFC 4648's vectors both ways, typed forms read, other characters refused")
    func base32() {
        let vectors = ["": "", "f": "MY", "fo": "MZXQ", "foo": "MZXW6", "foob": "MZXW6YQ", "fooba": "MZXW6YTB", "foobar": "MZXW6YTBOI"]
        for (plain, encoded) in vectors {
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
            #expect(Base32.decode(encoded) == Array(plain.utf8))
        }
        #expect(Base32.decode("mzxw 6ytb-oi==") == Array("foobar".utf8))
        #expect(Base32.decode("MZXW1") == nil)
        let secret = TOTP.newSecret()
        #expect(secret.count == 20)
        #expect(Base32.decode(Base32.encode(secret)) == secret)
    }

    @Test("The otpauth URI names the issuer and account and carries the secret")
    func uri() {
        let uri = TOTP(secret: Array("foobar".utf8)).uri(account: "mei@agency.cn", issuer: "Kefu 客服")
        #expect(uri == "otpauth://totp/Kefu%20%E5%AE%A2%E6%9C%8D:mei@agency.cn?secret=MZXW6YTBOI&issuer=Kefu%20%E5%AE%A2%E6%9C%8D&algorithm=SHA1&digits=6&period=30")
    }

    @Test("Recovery codes: ten different, readable either way typed")
    func recoveryCodes() {
        let codes = RecoveryCodes.generate()
        #expect(Set(codes).count == 10)
        for code in codes {
            #expect(code.count == 9 && code.dropFirst(4).first == "-")
            #expect(RecoveryCodes.looksLikeOne(code.uppercased()))
            #expect(RecoveryCodes.normalized(" " + code.uppercased()) == code.replacingOccurrences(of: "-", with: ""))
        }
        #expect(!RecoveryCodes.looksLikeOne("123456"))
    }
}
