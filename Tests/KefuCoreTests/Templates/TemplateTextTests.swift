import KefuCore
import Testing

@Suite("Template placeholders")
struct TemplateTextTests {
    @Test("Known placeholders fill in, in order of use; missing values and unknown braces stay visible")
    func fill() {
        let text = TemplateText("{buyerName}您好，订单{orderNumber}已发货。{storeName}客服{agentName}｛备注｝{coupon}")
        #expect(text.variables == [.buyerName, .orderNumber, .storeName, .agentName])
        let filled = text.filled([.buyerName: "王芳", .orderNumber: "PDD-1", .agentName: ""])
        #expect(filled == "王芳您好，订单PDD-1已发货。{storeName}客服{agentName}｛备注｝{coupon}")
        #expect(TemplateText("Hi {orderNumber} / {buyerName}").variables == [.orderNumber, .buyerName])
    }
}
