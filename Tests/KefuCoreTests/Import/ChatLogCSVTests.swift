import Foundation
import KefuCore
import Testing

@Suite("Chat logs from CSV")
struct ChatLogCSVTests {
    @Test("Quoted fields keep commas, quotes and line breaks; CRLF and LF rows; a byte-order mark; Kefu's own formula guard undone")
    func reader() {
        let text = "\u{FEFF}a,b,c\r\n\"1, one\",\"say \"\"hi\"\"\",\"two\nlines\"\n'=SUM(A1),'plain,\"'=kept\"\r\n\r\nlast,,\n"
        #expect(CSVReader.rows(text) == [
            ["a", "b", "c"], ["1, one", "say \"hi\"", "two\nlines"], ["=SUM(A1)", "'plain", "'=kept"], ["last", "", ""],
        ])
        #expect(CSVReader.rows("") == [])
        #expect(CSVReader.rows("x") == [["x"]])
    }

    @Test("Headers are found by name in any order, English or Chinese; authors, times and orders read")
    func mapping() throws {
        let log = try ChatLogCSV("""
            时间,发送方,买家,会话ID,内容,订单号,买家昵称
            2026-11-24 09:15:02,买家,buyer-1,c-1,"你好，还没发货",PDD-1,王芳
            2026-11-24T09:20:00+08:00,客服,buyer-1,c-1,亲，今天发出,,
            1764000000,agent,buyer-2,c-2,On its way,,
            """)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let first = try log.message(0, receivedAt: now)
        #expect(first.conversationExternalID == "c-1" && first.customer.externalID == "buyer-1" && first.customer.name == "王芳")
        #expect(first.author == .customer && first.orderNumber == "PDD-1" && first.body == "你好，还没发货")
        #expect(first.sentAt == ISO8601DateFormatter().date(from: "2026-11-24T09:15:02Z"))
        let second = try log.message(1, receivedAt: now)
        #expect(second.author == .agent && second.orderNumber == nil && second.customer.name == "buyer-1")
        #expect(second.sentAt == ISO8601DateFormatter().date(from: "2026-11-24T01:20:00Z"))
        #expect(try log.message(2, receivedAt: now).sentAt == Date(timeIntervalSince1970: 1_764_000_000))
        // A row without an id gets the same id every time it is read.
        #expect(first.externalID.hasPrefix("csv:"))
        #expect(try ChatLogCSV(log.rowsText).message(0, receivedAt: now).externalID == first.externalID)
    }

    @Test("A missing column, a bad time or an unknown author names the line and the fix")
    func problems() throws {
        #expect(throws: ChatLogCSV.Problem.self) { try ChatLogCSV("customer,body\nb,hi\n") }
        do {
            _ = try ChatLogCSV("customer,body\nb,hi\n")
        } catch {
            #expect(error.description.contains("conversation"))
        }
        let log = try ChatLogCSV("conversation,customer,body,time,author\nc,b,hi,yesterday,customer\nc,b,hi,,robotic\n")
        #expect(throws: ChatLogCSV.Problem(description: "Line 2: yesterday is not a time (ISO 8601, 2026-11-24 09:15:02, or Unix seconds).")) {
            try log.message(0, receivedAt: Date())
        }
        #expect(throws: ChatLogCSV.Problem(description: "Line 3: author robotic is not customer, agent, platformCare or bot.")) {
            try log.message(1, receivedAt: Date())
        }
    }
}

extension ChatLogCSV {
    /// The file again, header first, for reading a second time.
    var rowsText: String {
        "时间,发送方,买家,会话ID,内容,订单号,买家昵称\n" + rows.map { $0.map { "\"\($0)\"" }.joined(separator: ",") }.joined(separator: "\n")
    }
}
