import Testing

@testable import KefuServer

@Suite("Query strings read once")
struct QueryValuesTests {
    @Test("Names and values decode as a form's; the first of a repeated name counts; broken escapes stay as written")
    func decoding() {
        let query = QueryValues("find=%E5%8F%91%E8%B4%A7+%E9%80%80%E6%AC%BE&folder=unread&folder=spam&flag&q=100%25&bad=%ZZ&=x&a+b=c%2Bd")
        #expect(query["find"] == "发货 退款")
        #expect(query["folder"] == "unread")
        #expect(query["flag"] == "")
        #expect(query["q"] == "100%")
        #expect(query["bad"] == "%ZZ")
        #expect(query[""] == nil)
        #expect(query["a b"] == "c+d")
        #expect(query["missing"] == nil)
        #expect(QueryValues(nil)["find"] == nil)
    }
}
