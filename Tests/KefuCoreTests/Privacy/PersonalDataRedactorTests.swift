import KefuCore
import Testing

@Suite("Redacting a buyer's personal data from stored text")
struct PersonalDataRedactorTests {
    let redactor = PersonalDataRedactor(
        names: ["王小明", "Anna Petrova"], phones: ["+86 138 1234 5678"], emails: ["anna.p@mail.example"],
        addresses: ["上海市浦东新区世纪大道100号"])

    @Test("What Kefu knows of the buyer is masked wherever it appears, in any message")
    func known() {
        let reply = redactor.redact("王小明您好，已寄往上海市浦东新区世纪大道100号，联系电话 138-1234-5678。")
        #expect(reply.text == "王**您好，已寄往***，联系电话 *******5678。")
        #expect(reply.replaced == 3)
        let english = redactor.redact("Hi ANNA PETROVA, we wrote to Anna.P@mail.example. Annapolis stays.")
        #expect(english.text == "Hi A***, we wrote to a***@mail.example. Annapolis stays.")
    }

    @Test("In the buyer's own messages any phone-shaped number and e-mail goes; order numbers, dates and prices stay")
    func everyContact() {
        let text = "订单 112-1234567-1234567 于 2026-11-26 付款 199.00 元，请打 13987654321 或 +7 912 345-67-89，邮箱 x@y.example"
        let redacted = redactor.redact(text, everyContact: true)
        #expect(redacted.text == "订单 112-1234567-1234567 于 2026-11-26 付款 199.00 元，请打 *******4321 或 *******6789，邮箱 x***@y.example")
        #expect(redacted.replaced == 3)
        // An agent's reply keeps other numbers: only the buyer's own are masked there.
        #expect(redactor.redact("请拨打客服 13987654321").replaced == 0)
    }

    @Test("Masks are idempotent: redacting twice changes nothing more")
    func twice() {
        let once = redactor.redact("王小明 13812345678 anna.p@mail.example", everyContact: true)
        let again = redactor.redact(once.text, everyContact: true)
        #expect(again.text == once.text)
        #expect(again.replaced == 0, "\(again.text)")
    }
}
