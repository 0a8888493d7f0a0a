import Foundation
import KefuCore
import Testing

@Suite("Cursors, CSV, validation, roles")
struct SupportTests {
    @Test("A cursor survives its token exactly, and a forged one is refused")
    func cursor() throws {
        let cursor = ConversationCursor(lastMessageAt: Date(timeIntervalSince1970: 1_763_600_000.123456), id: UUID())
        #expect(try ConversationCursor(token: cursor.token) == cursor)
        #expect(throws: KefuError.self) { try ConversationCursor(token: "bm9wZQ") }
    }

    @Test("CSV quotes separators and defuses formulas")
    func csv() {
        var table = CSVTable(header: ["a", "b"])
        table.append(["x,y", "say \"hi\""])
        table.append(["=1+1", "line\nbreak"])
        #expect(table.text == "a,b\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n'=1+1,\"line\nbreak\"\r\n")
    }

    @Test("Length limits count characters, blank means only white space, trimming keeps inner spaces")
    func textLimits() {
        #expect(!"abc".hasMoreCharacters(than: 3))
        #expect("abcd".hasMoreCharacters(than: 3))
        // Three characters, thirteen UTF-8 bytes: the byte count alone would call it too long.
        let composed = "e\u{301}😀👍🏽"
        #expect(composed.utf8.count > 3)
        #expect(!composed.hasMoreCharacters(than: 3))
        #expect(composed.hasMoreCharacters(than: 2))
        #expect("".isBlank && " \n\t\u{3000}".isBlank && !" a ".isBlank)
        #expect("\u{3000} 你 好 \n".trimmedOfWhitespace == "你 好")
        #expect("你 好".trimmedOfWhitespace == "你 好")
        #expect(" ".trimmedOfWhitespace.isEmpty && "".trimmedOfWhitespace.isEmpty)
    }

    @Test("Ingest validation names the field at fault")
    func validation() {
        let good = IncomingMessage(
            externalID: "m1", conversationExternalID: "c1", customer: .init(externalID: "b", name: "B"), body: "hi",
            sentAt: Date())
        #expect(throws: Never.self) { try IngestLimits.validate(good, at: "message") }
        var blank = good
        blank.body = " \n"
        #expect(throws: KefuError.invalid("missing_field", "messages[2].body is required and must not be blank.")) {
            try IngestLimits.validate(blank, at: "messages[2]")
        }
        var control = good
        control.externalID = "m\u{0}1"
        #expect(throws: KefuError.self) { try IngestLimits.validate(control, at: "message") }
        var long = good
        long.body = String(repeating: "x", count: IngestLimits.maxBodyCharacters + 1)
        #expect(throws: KefuError.self) { try IngestLimits.validate(long, at: "message") }
    }

    @Test("Roles: viewers read, QA writes notes, agents reply, only leads assign others")
    func roles() {
        #expect(Role.merchantViewer.may(.read) && !Role.merchantViewer.may(.writeNote))
        #expect(Role.qa.may(.writeNote) && !Role.qa.may(.reply))
        #expect(Role.agent.may(.reply) && !Role.agent.may(.assignOthers))
        #expect(Role.supervisor.may(.assignOthers) && !Role.supervisor.may(.administer))
        #expect(!Role.agent.seesWholeWorkspaceByDefault && Role.supervisor.seesWholeWorkspaceByDefault)
    }

    @Test("Platforms parse from their identifiers and common spellings")
    func platforms() throws {
        #expect(Platform(identifier: "walmart-us") == .walmartUS)
        #expect(Platform(identifier: "PDD") == .pinduoduo)
        #expect(Platform(identifier: "etsy") == nil)
        #expect(try Platform.named("Amazon") == .amazonUS)
        #expect {
            try Platform.named("etsy")
        } throws: { error in
            let error = error as? KefuError
            return error?.code == "unknown_platform" && error?.status == 400 && error?.message.contains("walmart-us") == true
        }
    }

    @Test("Script guesses the language for display", arguments: [
        ("你好，请问发货了吗", "zh"), ("مرحبا، أين طلبي؟", "ar"), ("Где мой заказ?", "ru"), ("Where is it?", "en"), ("123", nil),
    ])
    func language(text: String, expected: String?) {
        #expect(ScriptLanguage.guess(text) == expected)
    }
}

@Suite("Search cursors")
struct SearchCursorTests {
    @Test("A search cursor survives its token, and list cursors or garbage are refused", arguments: ["", "s", "s-1", "sZZZZZZZZZZZZZZZZ", "x12"])
    func refuses(token: String) {
        #expect(throws: KefuError.self) { try SearchCursor(token: token) }
    }

    @Test("Round trip")
    func roundTrip() throws {
        let cursor = SearchCursor(before: 1_234_567)
        #expect(try SearchCursor(token: cursor.token) == cursor)
    }
}

@Suite("One-box search parts")
struct OneBoxPartsTests {
    @Test("Urgency offsets and one-box cursors survive their tokens; an offset past the ranked ones is refused")
    func cursors() throws {
        let offset = SearchCursor(offset: 50)
        #expect(try SearchCursor(token: offset.token) == offset)
        #expect(throws: KefuError.self) { try SearchCursor(token: "u" + String(SearchCursor.urgencyRanked, radix: 36)) }
        let list = ConversationCursor(lastMessageAt: Date(timeIntervalSince1970: 1_763_600_000), id: UUID())
        for cursor in [FindCursor.identifiers(list), .messages(nil), .messages(SearchCursor(before: 99)), .messages(offset)] {
            #expect(try FindCursor(token: cursor.token) == cursor)
        }
        #expect(throws: KefuError.self) { try FindCursor(token: "s99") }
    }

    @Test("Order numbers: full-width folded, runs of four digits or more, longest first", arguments: [
        ("  112-3345678-9012345 ", ["3345678", "9012345"]),
        ("尾号５６７８", ["5678"]),
        ("5678", ["5678"]),
        ("W-100", []),
        ("12 3456 789012", ["789012", "3456"]),
    ])
    func orderNumbers(typed: String, runs: [String]) {
        #expect(OrderNumberQuery(typed).digitRuns == runs)
    }

    @Test("Conversation keys: name and subject terms, each CJK character of a name, the order number and its digits' tails")
    func keys() {
        let keys = ConversationKeys.keys(customerName: "王芳", subject: "灯罩坏了", orderNumber: "１１２-3345678-9012345")
        for key in ["n王芳", "n王", "n芳", "n灯罩", "n罩坏", "o112-3345678-9012345", "r3345678", "r5678", "r9012345", "r2345"] {
            #expect(keys.contains(key), "\(key)")
        }
        // Tails never cross the dashes, nor are shorter than four; the subject's characters are not keys on their own.
        #expect(!keys.contains("r1123345678") && !keys.contains("r345") && !keys.contains("n灯"))
        let query = ConversationKeys.query("Emma St")
        #expect(query.words == ["nemma"] && query.lastWordPrefix == "nst" && query.orderPrefix == "oemma st")
        #expect(query.digitRuns.isEmpty)
        let digits = ConversationKeys.query("尾号 345678")
        #expect(digits.digitRuns == ["r345678"])
        #expect(ConversationKeys.query("5").orderPrefix == nil)
    }
}
