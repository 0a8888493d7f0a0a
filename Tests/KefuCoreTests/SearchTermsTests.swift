import KefuCore
import Testing

@Suite("Search terms answer the two-character queries buyers and agents type")
struct SearchTermsTests {
    @Test("CJK runs become overlapping bigrams; other scripts become lower-cased words")
    func indexing() {
        #expect(SearchTerms.indexed("没有发货") == "没有 有发 发货")
        #expect(SearchTerms.indexed("iPhone 15 还没发货!") == "iphone 15 还没 没发 发货")
        #expect(SearchTerms.indexed("Где мой ЗАКАЗ?") == "где мой заказ")
        #expect(SearchTerms.indexed("好") == "好")
        #expect(SearchTerms.indexed("ＲＥＦＵＮＤ，退款") == "refund 退款")
    }

    @Test("A query becomes one phrase per whitespace-separated part")
    func queries() throws {
        #expect(try SearchTerms.query("发货").phrases == [["发货"]])
        #expect(try SearchTerms.query("没有发货").fts5 == "\"没有 有发 发货\"")
        #expect(try SearchTerms.query("Refund  发货").phrases == [["refund"], ["发货"]])
        #expect(try SearchTerms.query("退款").allTerms == ["退款"])
    }

    @Test("Queries shorter than two characters are refused", arguments: ["", " ", "a", "发", "!!"])
    func tooShort(query: String) {
        #expect(throws: KefuError.self) { try SearchTerms.query(query) }
    }

    @Test("A phrase of bigrams matches exactly the texts that contain the query")
    func phraseIsSubstring() throws {
        let texts = ["我的订单还没有发货", "发了货没有", "没有，发货了"]
        let query = try SearchTerms.query("没有发货")
        let matches = texts.filter { text in
            let terms = SearchTerms.termList(text)
            let phrase = query.phrases[0]
            return (0...(terms.count - phrase.count)).contains { Array(terms[$0..<$0 + phrase.count]) == phrase }
        }
        #expect(matches == ["我的订单还没有发货"])
    }
}
