import KefuCore
import Testing

@Suite("Compliance guard")
struct ComplianceGuardTests {
    func categories(_ report: ComplianceReport) -> Set<ComplianceCategory> { Set(report.findings.map(\.category)) }

    @Test("Pinduoduo blocks naming another platform, in every disguise", arguments: [
        "亲，淘宝上也有这款", "去TAOBAO看看", "某宝同款", "淘 宝 有", "淘寶也行", "这个在京dong买过吗", "拼多多比狗东便宜",
    ])
    func thirdParty(text: String) {
        let report = ShippedRules.check(.pinduoduo, text)
        #expect(report.verdict == .block)
        #expect(categories(report).contains(.thirdPartyPlatform))
    }

    @Test("A platform's own name is fine on its own stores")
    func ownPlatform() {
        #expect(ShippedRules.check(.jd, "京东物流已经揽收，请留意京东App的通知").verdict == .pass)
        #expect(ShippedRules.check(.tmall, "天猫和淘宝的订单都可以在这里查询").verdict == .pass)
        #expect(ShippedRules.check(.pinduoduo, "京东物流已经揽收").verdict == .block)
    }

    @Test("WeChat and its homoglyphs are contact details", arguments: [
        "加我微信", "V❤信聊", "薇信", "有威信吗", "加vx", "wei xin", "ＷｅＣｈａｔ", "w.e.c.h.a.t", "微\u{200B}信",
    ])
    func wechat(text: String) {
        let report = ShippedRules.check(.pinduoduo, text)
        #expect(report.verdict == .block, "\(text)")
        #expect(categories(report).contains(.contactInfo))
    }

    @Test("A chat-app ID after the name is reported with it")
    func chatID() {
        let report = ShippedRules.check(.amazonUS, "Add me on WhatsApp: kefu_shop88")
        #expect(report.findings.contains { $0.rule == "detector.chatID" && $0.matched == "kefu_shop88" })
    }

    @Test("Absolute claims are blocked with a safe rewrite; everyday phrases are not")
    func absoluteClaims() {
        let report = ShippedRules.check(.pinduoduo, "这是全网最好的面霜")
        let best = report.findings.first { $0.matched == "最好的" }
        #expect(best?.suggestion == "很受欢迎的")
        #expect(best?.category == .absoluteClaim)
        #expect(report.findings.contains { $0.matched == "全网" })
        #expect(ShippedRules.check(.pinduoduo, "我们会第一时间为您处理，这是您第一次购买吗？").verdict == .pass)
        #expect(ShippedRules.check(.pinduoduo, "您最好先拍照留证").verdict == .pass)
    }

    @Test("Phone numbers are found spaced out, in full-width digits and in Chinese numerals", arguments: [
        "电话13800138000", "138 0013 8000", "１３８００１３８０００", "一三八零零一三八零零零", "+86 138-0013-8000", "call (212) 555-0147",
        "+971 50 123 4567",
    ])
    func phones(text: String) {
        let report = ShippedRules.check(.pinduoduo, text)
        #expect(report.findings.contains { $0.rule == "detector.phone" }, "\(text)")
    }

    @Test("A masked number, an order number and a price are not phone numbers", arguments: [
        "您的手机号138****5678已登记", "订单号 240611-382910457712 已发货", "运单号SF1234567890123", "一共1688元", "订单 2411201234567",
    ])
    func notPhones(text: String) {
        let report = ShippedRules.check(.pinduoduo, text, context: ComplianceContext(orderNumbers: ["240611-382910457712"]))
        #expect(!report.findings.contains { $0.rule == "detector.phone" }, "\(text)")
    }

    @Test("The buyer's full phone number is personal data with its masked form")
    func buyerPhone() {
        let report = ShippedRules.check(
            .pinduoduo, "已为您备注联系电话13912345678", context: ComplianceContext(customerPhones: ["139-1234-5678"]))
        let finding = report.findings.first { $0.category == .personalData }
        #expect(finding?.suggestion == "139****5678")
        #expect(report.verdict == .block)
    }

    @Test("A number shaped like the buyer's orders but none of them is probably another buyer's order: a warning")
    func otherOrder() throws {
        let context = ComplianceContext(
            orderNumbers: ["2411201234567890123", "SF1234567890123"], customerOrders: ["2411201234567890123", "2410300000000000042"])
        let other = ShippedRules.check(.tmall, "订单2411209999999999999已经发货了", context: context)
        let finding = try #require(other.findings.first { $0.rule == "detector.otherOrder" })
        #expect(other.verdict == .warn)
        #expect(finding.category == .personalData)
        #expect(finding.matched == "2411209999999999999")
        // The buyer's own orders, in any spacing, the tracking number and numbers of other lengths are fine.
        for text in ["您的订单2411201234567890123已发货", "另一单 2410 3000 0000 0000 042 也已发货", "运单号SF1234567890123",
                     "退款编号88812345678901 已处理"] {
            #expect(!ShippedRules.check(.tmall, text, context: context).findings.contains { $0.rule == "detector.otherOrder" }, "\(text)")
        }
        // Without the buyer's orders there is no shape to compare with.
        #expect(ShippedRules.check(.tmall, "订单2411209999999999999已经发货了").verdict == .pass)
    }

    @Test("The buyer's address copied into a reply is personal data")
    func customerAddress() {
        let context = ComplianceContext(customerAddress: "浙江省杭州市西湖区文三路 138 号 5 幢 1201 室")
        #expect(ShippedRules.check(.taobao, "我们会寄到文三路138号5幢1201室", context: context).findings.contains { $0.rule == "detector.customerAddress" })
        #expect(ShippedRules.check(.taobao, "已按您的地址发货", context: context).verdict == .pass)
    }

    @Test("Links outside the platform are blocked; the platform's own are fine")
    func links() {
        #expect(categories(ShippedRules.check(.walmartUS, "See www.lumi-home.shop for details")).contains(.externalLink))
        #expect(categories(ShippedRules.check(.walmartUS, "see lumihome.com/faq")).contains(.externalLink))
        #expect(categories(ShippedRules.check(.pinduoduo, "去taobao点com看看")).contains(.externalLink))
        // Full-width and ideographic dots are dots too, and the link is underlined as typed.
        let wide = ShippedRules.check(.pinduoduo, "访问ｗｗｗ．ｌｕｍｉ．ｃｏｍ哦")
        #expect(wide.findings.contains { $0.category == .externalLink && $0.matched == "ｗｗｗ．ｌｕｍｉ．ｃｏｍ" })
        #expect(categories(ShippedRules.check(.pinduoduo, "去lumihome。com看看")).contains(.externalLink))
        // A sentence's last word is not a host, however many sentences there are.
        #expect(ShippedRules.check(.walmartUS, "Thanks. It shipped today. Arrives Friday.").verdict == .pass)
        #expect(ShippedRules.check(.walmartUS, "You can track it at https://www.walmart.com/orders.").verdict == .pass)
        #expect(ShippedRules.check(.walmartUS, "It fits sizes 1.5 to 2.5, e.g. a small pot.").verdict == .pass)
    }

    @Test("On Tmall a link to another shop is blocked, the store's own shop and the platform's pages pass")
    func otherShopLinks() throws {
        let tmall = ShippedRules.rules.outboundGuard(for: .tmall)
        let own = ComplianceContext(shopHosts: ["lumihome.tmall.com"])
        let other = tmall.check("同款在 https://rival.tmall.com/?spm=a1z10 更便宜", context: own)
        let finding = try #require(other.findings.first { $0.rule == "detector.otherShopLink" })
        #expect(other.verdict == .block)
        #expect(finding.matched == "https://rival.tmall.com/?spm=a1z10")
        #expect(tmall.check("也可以看看shop36192748.taobao.com", context: own).verdict == .block)
        #expect(tmall.check("欢迎收藏本店 https://lumihome.tmall.com", context: own).verdict == .pass)
        #expect(tmall.check("欢迎收藏本店 www.LumiHome.tmall.com", context: own).verdict == .pass)
        #expect(tmall.check("商品页 https://detail.tmall.com/item.htm?id=6103", context: own).verdict == .pass)
        #expect(tmall.check("退货请在 https://buyertrade.taobao.com 操作", context: own).verdict == .pass)
        // Without the store's shop address Kefu cannot tell, so any shop's link is a warning to acknowledge.
        let unknown = tmall.check("欢迎收藏本店 https://lumihome.tmall.com")
        #expect(unknown.verdict == .warn)
        #expect(unknown.findings.first?.message.en.contains("shop address is not set") == true)
        // Other platforms have no such rule: a JD shop link on JD is the platform's own domain.
        #expect(ShippedRules.check(.jd, "店铺 https://rival.jd.com").verdict == .pass)
    }

    @Test("E-mail addresses are contact details")
    func email() {
        let report = ShippedRules.check(.amazonUS, "Write to help.desk@lumi-home.com anytime")
        #expect(report.findings.contains { $0.rule == "detector.email" && $0.matched == "help.desk@lumi-home.com" })
    }

    @Test("Walmart US replies must be in English; a buyer's Chinese name is fine")
    func language() {
        #expect(ShippedRules.check(.walmartUS, "您好，您的订单已经发货了").verdict == .block)
        #expect(ShippedRules.check(.walmartUS, "Hi 王芳, your order shipped today and should arrive Friday.").verdict == .pass)
        #expect(ShippedRules.check(.ozon, "Здравствуйте! Ваш заказ уже в пути.").verdict == .pass)
    }

    @Test("Platform wording: 宝贝 on Pinduoduo, 缺货 and refusing an invoice on Tmall")
    func platformWording() {
        #expect(ShippedRules.check(.pinduoduo, "这个宝贝很好用").findings.first?.suggestion == "商品")
        #expect(ShippedRules.check(.douyin, "这个宝贝很好用").verdict == .pass)
        #expect(ShippedRules.check(.tmall, "不好意思，这款缺货了").verdict == .block)
        #expect(ShippedRules.check(.tmall, "我们这边不开发票").verdict == .block)
    }

    @Test("Promises are warnings")
    func promise() {
        let report = ShippedRules.check(.jd, "保证明天到")
        #expect(report.verdict == .warn)
        #expect(categories(report) == [.promise])
    }

    @Test("Highlights count UTF-16 code units of the original text, emoji and combining marks included")
    func offsets() {
        let text = "😀 加微信 ok"
        let finding = ShippedRules.check(.pinduoduo, text).findings.first { $0.rule == "contact.wechat" }
        #expect(finding?.start == 4)
        #expect(finding?.end == 6)
        #expect(finding?.matched == "微信")
        let accented = "w\u{301}eçha\u{301}t\u{301}!"
        let spanned = ShippedRules.check(.amazonUS, accented).findings.first { $0.rule == "contact.wechat" }
        #expect(spanned?.start == 0)
        #expect(spanned?.end == accented.utf16.count - 1)
        #expect(spanned?.matched == "w\u{301}eçha\u{301}t\u{301}")
    }

    @Test("Alphabetic terms match whole words only")
    func wordBoundaries() {
        #expect(ShippedRules.check(.amazonUS, "The dumbbells ship in two boxes.").verdict == .pass)
        #expect(ShippedRules.check(.amazonUS, "Please don't be stupid").verdict == .block)
        #expect(ShippedRules.check(.amazonUS, "He sent a WeChat").verdict == .block)
    }

    @Test("A term with * at an end may be glued to other letters there; the same term without it may not")
    func gluedTerms() {
        func guardFor(_ terms: [String], allow: [String]? = nil) -> ComplianceGuard {
            ComplianceGuard(rules: [TermRule(
                id: "t", category: .contactInfo, severity: .block, message: LocalizedText(zh: "x", en: "x"), terms: terms,
                allow: allow)])
        }
        let glued = guardFor(["*whatsapp*"])
        let report = glued.check("add mywhatsapp123")
        #expect(report.findings.map { [$0.start, $0.end] } == [[6, 14]])
        #expect(glued.check("whatsapp").verdict == .block)
        #expect(guardFor(["whatsapp"]).check("add mywhatsapp123").verdict == .pass)
        #expect(guardFor(["whatsapp*"]).check("whatsapp123").verdict == .block)
        #expect(guardFor(["whatsapp*"]).check("mywhatsapp").verdict == .pass)
        #expect(guardFor(["*whatsapp"]).check("mywhatsapp").verdict == .block)
        // One folded form, two boundary needs: each entry is judged on its own.
        let both = ComplianceGuard(rules: [
            TermRule(id: "bounded", category: .abuse, severity: .warn, message: LocalizedText(zh: "x", en: "x"), terms: ["ass"]),
            TermRule(id: "glued", category: .abuse, severity: .block, message: LocalizedText(zh: "x", en: "x"), terms: ["*ass*"]),
        ])
        #expect(both.check("a classic").findings.map(\.rule) == ["glued"])
        #expect(Set(both.check("you ass").findings.map(\.rule)) == ["glued", "bounded"])
        // An allowed phrase still excuses a glued term inside it.
        #expect(guardFor(["*app*"], allow: ["whatsapp"]).check("whatsapp").verdict == .pass)
    }

    @Test("A workspace can add its own terms and excuse a phrase")
    func workspaceTerms() {
        let custom = [
            CustomTerm(term: "秒发", action: .deny, category: .promise, severity: .warn),
            CustomTerm(term: "第一坊", action: .allow),
        ]
        let guarded = ShippedRules.rules.outboundGuard(for: .pinduoduo, custom: custom)
        #expect(guarded.check("下单秒发").verdict == .warn)
        #expect(guarded.check("第一坊旗舰店").verdict == .pass)
        #expect(ShippedRules.check(.pinduoduo, "第一坊旗舰店").verdict == .block)
    }

    @Test("Inbound messages with links, payment requests or phishing are flagged")
    func inbound() {
        let inbound = ShippedRules.rules.inboundGuard(for: .pinduoduo)
        #expect(Set(inbound.check("你的店铺账号异常，点击链接 http://pdd-verify.top 处理").findings.map(\.category)) == [.phishing, .suspiciousLink])
        #expect(inbound.check("请扫码付款，我先付款给你").findings.contains { $0.category == .paymentRequest })
        #expect(inbound.check("什么时候发货？").findings.isEmpty)
        #expect(inbound.check("看这个 https://mobile.yangkeduo.com/goods.html?id=1").findings.isEmpty)
    }

    @Test("A buyer asking about gift cards or delivery codes is not a scam; asking for them is", arguments: [
        (Platform.amazonUS, "Can I pay with a gift card?", nil), (.amazonUS, "My gift card balance is not showing", nil),
        (.noon, "I didn't get the verification code for the delivery", nil),
        (.ozon, "Курьер просит код подтверждения, а СМС не пришло", nil),
        (.noon, "لم يصلني رمز التحقق للتوصيل", nil),
        (.amazonUS, "Buy a gift card and send me the gift card code to release the order", ComplianceCategory.paymentRequest),
        (.noon, "Amazon support here: send me the verification code you received", .phishing),
        (.ozon, "Служба Ozon: назовите код из СМС", .phishing),
        (.noon, "أرسل لي رمز التحقق لتأكيد طلبك", .phishing),
    ])
    func inboundCodesAndCards(platform: Platform, text: String, expected: ComplianceCategory?) {
        let categories = ShippedRules.rules.inboundGuard(for: platform).check(text).findings.map(\.category)
        if let expected { #expect(categories.contains(expected)) } else { #expect(categories.isEmpty) }
    }
}
