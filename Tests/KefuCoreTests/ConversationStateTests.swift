import Foundation
import KefuCore
import Testing

@Suite("Conversation state follows the marketplaces' message-center rules")
struct ConversationStateTests {
    let t0 = Date(timeIntervalSince1970: 1_763_600_000)

    @Test("A buyer message needs a response and is unread")
    func buyerMessage() {
        var state = ConversationState(createdAt: t0)
        state.receive(author: .customer, sentAt: t0, body: "Hi", orderNumber: nil, subject: nil)
        #expect(state.responseNeeded)
        #expect(state.unread)
        #expect(state.awaitingSince == t0)
        #expect(state.systemLabels == [.responseNeeded])
        #expect(state.isIn(.responseNeeded) && state.isIn(.unread) && state.isIn(.all))
    }

    @Test("A reply written on the platform by a person reads the conversation; a robot's does not, nor an older one")
    func historyReplyReads() {
        var state = ConversationState(createdAt: t0)
        state.receive(author: .customer, sentAt: t0, body: "Hi", orderNumber: nil, subject: nil)
        state.receive(author: .bot, sentAt: t0 + 5, body: "亲，稍等", orderNumber: nil, subject: nil, counting: .botsCount)
        #expect(state.unread)
        state.receive(author: .agent, sentAt: t0 + 60, body: "Hello!", orderNumber: nil, subject: nil)
        #expect(!state.unread && !state.responseNeeded)
        state.receive(author: .customer, sentAt: t0 + 120, body: "Thanks, one more thing", orderNumber: nil, subject: nil)
        #expect(state.unread)
        // An older reply arriving late (history out of order) leaves the newer question unread.
        state.receive(author: .agent, sentAt: t0 + 90, body: "Anything else?", orderNumber: nil, subject: nil)
        #expect(state.unread && state.responseNeeded)
    }

    @Test("A second buyer message keeps the wait running from the first")
    func waitStartsAtFirstUnanswered() {
        var state = ConversationState(createdAt: t0)
        state.receive(author: .customer, sentAt: t0, body: "Hi", orderNumber: nil, subject: nil)
        state.receive(author: .customer, sentAt: t0 + 60, body: "Hello?", orderNumber: nil, subject: nil)
        #expect(state.awaitingSince == t0)
        #expect(state.messageCount == 2)
    }

    @Test("A courier's note or a platform notice is shown, and neither starts nor stops the buyer's wait")
    func thirdParties() {
        var state = ConversationState(createdAt: t0)
        state.receive(author: .customer, sentAt: t0, body: "Where is it?", orderNumber: nil, subject: nil)
        state.receive(author: .courier, sentAt: t0 + 60, body: "Курьер: буду через час", orderNumber: nil, subject: nil)
        #expect(state.responseNeeded && state.awaitingSince == t0 && state.firstResponseAt == nil)
        #expect(state.preview == "Курьер: буду через час")
        var quiet = ConversationState(createdAt: t0)
        quiet.receive(author: .platformNotice, sentAt: t0, body: "Заказ доставлен", orderNumber: nil, subject: nil)
        #expect(!quiet.responseNeeded && quiet.awaitingSince == nil)
        #expect(QualifyingReplies.botsCount.stopsClock(.courier) == false)
    }

    @Test("An order number makes the conversation after-sale")
    func orderMakesAfterSale() {
        var state = ConversationState(createdAt: t0)
        state.receive(author: .customer, sentAt: t0, body: "Hi", orderNumber: nil, subject: nil)
        #expect(state.kind == .preSale)
        state.receive(author: .customer, sentAt: t0 + 1, body: "I ordered", orderNumber: "123", subject: nil)
        #expect(state.kind == .afterSale)
        #expect(state.orderNumber == "123")
    }

    @Test("A care-team message adds the customerCare label for good")
    func careTeam() {
        var state = ConversationState(createdAt: t0)
        state.receive(author: .platformCare, sentAt: t0, body: "Escalation", orderNumber: "1", subject: nil)
        state.reply(at: t0 + 10, body: "Handled")
        #expect(state.systemLabels == [.customerCare])
    }

    @Test("A reply answers, reads, and takes a conversation out of spam")
    func reply() throws {
        var state = ConversationState(createdAt: t0)
        state.receive(author: .customer, sentAt: t0, body: "Spam", orderNumber: nil, subject: nil)
        try state.flag(.spam)
        #expect(state.isIn(.spam) && !state.isIn(.all))
        state.reply(at: t0 + 5, body: "Hello")
        #expect(state.status == .open && state.spamReason == nil)
        #expect(!state.responseNeeded && !state.unread && state.answered)
        #expect(state.awaitingSince == nil)
    }

    @Test("Only unanswered pre-sale conversations can be flagged")
    func flagRules() {
        var afterSale = ConversationState(createdAt: t0)
        afterSale.receive(author: .customer, sentAt: t0, body: "x", orderNumber: "9", subject: nil)
        #expect(throws: KefuError.self) { try afterSale.flag(.fraud) }

        var answered = ConversationState(createdAt: t0)
        answered.receive(author: .customer, sentAt: t0, body: "x", orderNumber: nil, subject: nil)
        answered.reply(at: t0 + 1, body: "y")
        #expect(throws: KefuError.self) { try answered.flag(.spam) }
    }

    @Test("Imported history older than the newest message does not reopen the wait")
    func outOfOrderHistory() {
        var state = ConversationState(createdAt: t0)
        state.receive(author: .customer, sentAt: t0 + 100, body: "Newest", orderNumber: nil, subject: nil)
        state.receive(author: .agent, sentAt: t0 + 200, body: "Answer", orderNumber: nil, subject: nil)
        state.receive(author: .customer, sentAt: t0 + 50, body: "Older", orderNumber: nil, subject: nil)
        #expect(!state.responseNeeded)
        #expect(state.preview == "Answer")
    }

    @Test("A buyer message reopens a resolved conversation")
    func reopen() throws {
        var state = ConversationState(createdAt: t0)
        state.receive(author: .customer, sentAt: t0, body: "x", orderNumber: nil, subject: nil)
        try state.setStatus(.resolved)
        state.receive(author: .customer, sentAt: t0 + 1, body: "again", orderNumber: nil, subject: nil)
        #expect(state.status == .open)
    }

    @Test("Previews are one line and at most 140 characters")
    func preview() {
        var state = ConversationState(createdAt: t0)
        state.receive(author: .customer, sentAt: t0, body: "a\nb\n" + String(repeating: "长", count: 300), orderNumber: nil, subject: nil)
        #expect(!state.preview.contains("\n"))
        #expect(state.preview.count == 140)
    }
}
