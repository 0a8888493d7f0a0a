import Foundation
import KefuCore
import Testing

/// Context decides, not the word alone: a rule's `unless` words, clause breaks that no term runs across, platforms'
/// own payment methods, and one verdict per behaviour.
@Suite("Compliance guard in context")
struct ComplianceContextRuleTests {
    static let rule = TermRule(
        id: "test.call", category: .contactInfo, severity: .block,
        message: LocalizedText(zh: "不要", en: "Do not"), terms: ["电话联系"],
        unless: [
            ContextCondition(before: ["快递员"], within: 4),
            ContextCondition(after: ["站点"], within: 2),
        ])
    let guardian = ComplianceGuard(rules: [Self.rule])

    @Test("A context word before the term, within its window and in the same clause, excuses it")
    func before() {
        #expect(guardian.check("快递员会与您电话联系").verdict == .pass)
        #expect(guardian.check("快递员今天下午会与您电话联系").verdict == .block, "too far: 今天下午会与您 is 7 characters")
        #expect(guardian.check("快递员到了。电话联系我").verdict == .block, "a sentence break ends the context")
        #expect(guardian.check("请电话联系我").verdict == .block)
    }

    @Test("A context word after the term excuses it the same way")
    func after() {
        #expect(guardian.check("我电话联系下站点").verdict == .pass)
        #expect(guardian.check("我电话联系您，站点关门了").verdict == .block)
    }

    @Test("Separators inside a term are skipped as obfuscation; a clause break is not", arguments: [
        ("微❤信", true), ("微 信", true), ("微.信", true), ("快~ (手机APP用户", false), ("快。手", false), ("快！手", false),
        ("快 - ~ 手", false),
    ])
    func separators(text: String, blocked: Bool) {
        let names = TermRule(
            id: "test.names", category: .thirdPartyPlatform, severity: .block, message: LocalizedText(zh: "不要", en: "No"),
            terms: ["快手", "微信"])
        let report = ComplianceGuard(rules: [names]).check(text)
        #expect((report.verdict == .block) == blocked, "\(text): \(report.findings.map(\.matched))")
    }

    @Test("A pack's context condition must say how far it reaches and what it looks for")
    func validation() {
        var bad = Self.rule
        bad.unless = [ContextCondition(before: ["x"], within: 0)]
        let library = TermLibrary(id: "t", description: "t", rules: [bad])
        let data = try! JSONEncoder().encode(library)
        #expect(throws: KefuError.self) { try TermLibrary.decode(data) }
    }

    @Test("Someone else calling the buyer is not an invitation off the platform; the shop's own number is", arguments: [
        ("配送员会与您电话联系，请保持电话畅通", Verdict.pass), ("快递员送货前电话联系您", .pass),
        ("安装师傅会电话联系您预约时间", .pass), ("建议您电话联系配送小哥", .pass), ("我电话联系下站点", .pass),
        ("有问题直接电话联系我", .block), ("给我打电话吧", .block),
    ])
    func courierCalls(text: String, expected: Verdict) {
        #expect(ShippedRules.check(.jd, text).verdict == expected, "\(text): \(ShippedRules.check(.jd, text).findings.map(\.matched))")
    }

    @Test("WeChat Pay and cash on delivery are JD's own; WeChat money is off-platform on Tmall")
    func nativePayments() {
        for text in ["退款会原路退回到您的微信零钱", "这个订单是货到付款的", "您是微信支付的，退款会原路退回"] {
            #expect(ShippedRules.check(.jd, text).verdict == .pass, "\(text): \(ShippedRules.check(.jd, text).findings.map(\.matched))")
        }
        #expect(ShippedRules.check(.pinduoduo, "退款会原路退回到您的微信零钱哦").verdict == .pass)
        #expect(ShippedRules.check(.pinduoduo, "支持货到付款").verdict == .block)
        #expect(ShippedRules.check(.tmall, "退款退到您的微信零钱").verdict == .block)
        #expect(ShippedRules.check(.pinduoduo, "退款走微信红包").verdict == .block)
    }

    @Test("Ordinals are not superlatives; rankings are", arguments: [
        ("这是您的第一笔订单", Verdict.pass), ("第一款是黑色的", .pass), ("包裹在第一车队", .pass), ("全网通版本", .pass),
        ("全网第一品牌", .block), ("销量第一", .block),
    ])
    func ordinals(text: String, expected: Verdict) {
        #expect(ShippedRules.check(.jd, text).verdict == expected, "\(text)")
    }

    @Test("Asking for the buyer's phone is one warning, whatever the wording; a verification code is never asked for", arguments: [
        "您方便留下电话吗", "您把您的手机号留一下给我哦", "麻烦留个电话", "您的手机号是多少呢", "告诉我您的电话",
    ])
    func askBuyerPhone(text: String) {
        let report = ShippedRules.check(.taobao, text)
        #expect(report.verdict == .warn, "\(text): \(report.findings.map(\.rule))")
    }

    @Test("Verification codes, paid reviews in English and Russian, and WhatsApp in Arabic are stopped", arguments: [
        (Platform.taobao, "请您告知验证码"), (.jd, "把验证码发给我一下"),
        (.amazonUS, "Please leave us a 5-star review and we will send you a $10 gift card"),
        (.ozon, "Оставьте, пожалуйста, отзыв с 5 звёздами, и мы вернём 200 рублей на карту"),
        (.noon, "تواصل معنا على الواتساب"),
    ])
    func stopped(platform: Platform, text: String) {
        let report = ShippedRules.check(platform, text)
        #expect(report.verdict == .block, "\(platform) \(text): \(report.findings.map(\.rule))")
    }
}

@Suite("Compliance guard: quotes and scam warnings")
struct ComplianceQuoteTests {
    @Test("Warning the buyer about a scam or quoting them warns at most; the same words as the agent's own invitation block", arguments: [
        ("是有人通过微信联系您刷单吗？请不要相信", Verdict.warn),
        ("您是说刚才有人给我打电话让您加微信？", .warn),
        ("谨防诈骗：官方不会让您私下转账", .warn),
        ("加我微信，私下转账更便宜", .block),
        // Quoting the buyer, in any quotation marks, after a word that says they said it.
        ("您说的“加微信返现”是什么意思呢？我们这边没有这个活动", .warn),
        ("您留言里写的「淘宝更便宜」，我们核实一下", .warn),
        ("您提到：“快递员让我加他微信”，请不要添加", .warn),
        // A quotation nobody is said to have said, or a quote followed by the agent's own words, is no excuse.
        ("温馨提示“加微信领红包”", .block),
        ("您说的“发货慢”我们会改进，有问题加我微信", .block),
    ])
    func frames(text: String, expected: Verdict) {
        let report = ShippedRules.check(.pinduoduo, text)
        #expect(report.verdict == expected, "\(text): \(report.findings.map { "\($0.rule) \($0.severity)" })")
    }
}

@Suite("Compliance guard: fixes that read well")
struct ComplianceRewriteTests {
    /// Applies the first offered fix and checks again, as the reply box does, until nothing is offered.
    static func applyingFixes(_ text: String, on platform: Platform) -> (String, ComplianceReport) {
        var current = text
        for _ in 0..<10 {
            let report = ShippedRules.guardFor(platform).checkOfferingFixes(current)
            guard let fix = report.findings.lazy.compactMap(\.fix).first else { return (current, report) }
            current = fix.applied(to: Array(current.utf16))
        }
        return (current, ShippedRules.check(platform, current))
    }

    @Test("Every offered fix applied leaves a whole sentence the guard passes", arguments: [
        (Platform.pinduoduo, "亲，可以加微信详聊哦，宝贝保证明天到", "亲，可以在这里详聊哦，商品预计明天到"),
        (.taobao, "加我微信，明天一定到", "在这里给我留言，预计明天到"),
        (.jd, "有问题微信联系，保证明天到", "有问题在这里联系，预计明天到"),
        // No rewrite of its own: the clause goes, with its comma, and the rest still reads.
        (.pinduoduo, "亲，加我薇信 abc12345，发您实拍图", "亲，发您实拍图"),
        (.tmall, "亲，您好，京东上同款卖得贵多了。", "亲，您好。"),
        (.jd, "您好。有问题打我电话：13800138000。", "您好。"),
        (.taobao, "亲，去 www.shop-outlet.com 下单更便宜，今天发货", "亲，今天发货"),
        (.pinduoduo, "亲，收到了哦，五星好评截图发给客服返现3元", "亲，收到了哦"),
        (.walmartUS, "Thanks for your order. Call me at 212-555-0147 and I will sort it out", "Thanks for your order."),
        // A span rewrite that would leave the chat ID behind is not offered; the clause goes instead.
        (.taobao, "亲，有事加我微信 shop_2024，谢谢", "亲，谢谢"),
        (.jd, "这是全国最好的，放心买", "这是全国很受欢迎的，放心买"),
    ])
    func fixes(platform: Platform, text: String, expected: String) {
        let (fixed, report) = Self.applyingFixes(text, on: platform)
        #expect(fixed == expected)
        #expect(report.verdict == .pass, "\(fixed): \(report.findings.map(\.matched))")
    }

    @Test("No fix is offered where none leaves a sentence: the whole message, or a promise to rephrase", arguments: [
        (Platform.jd, "有事直接打我私人电话"),
        (.pinduoduo, "爱买不买"),
        (.tmall, "亲，这款一定好用"),
    ])
    func noFix(platform: Platform, text: String) {
        let report = ShippedRules.guardFor(platform).checkOfferingFixes(text)
        #expect(!report.findings.isEmpty)
        #expect(report.findings.allSatisfy { $0.fix == nil }, "\(report.findings.map { "\($0.matched) → \(String(describing: $0.fix))" })")
    }

    @Test("Every fix offered on the labelled set's violations leaves fewer findings and nothing new")
    func labelledFixesAreSafe() {
        var offered = 0
        for sample in LabelledSetTests.samples where sample.expected != .pass {
            let guarded = ShippedRules.guardFor(sample.platform)
            let report = guarded.checkOfferingFixes(sample.text, context: sample.context)
            let utf16 = Array(sample.text.utf16)
            for fix in report.findings.compactMap(\.fix) {
                offered += 1
                let fixed = guarded.check(fix.applied(to: utf16), context: sample.context)
                #expect(fixed.findings.count < report.findings.count, "\(sample.text) → \(fix.applied(to: utf16))")
                let before = Set(report.findings.map(\.rule))
                #expect(fixed.findings.allSatisfy { before.contains($0.rule) }, "\(sample.text) → \(fix.applied(to: utf16))")
            }
        }
        print("labelled set: \(offered) fixes offered on the violations, each checked again")
        #expect(offered > 150)
    }
}
