/// What the detectors tell an agent.
enum Messages {
    static let phone = LocalizedText(
        zh: "不要在消息中发送电话号码：平台禁止引导买家到站外联系。",
        en: "Do not send phone numbers: the platform forbids moving the buyer to contact outside its messages.")
    static let email = LocalizedText(
        zh: "不要在消息中发送邮箱地址：平台禁止站外联系方式。",
        en: "Do not send e-mail addresses: the platform forbids contact details outside its messages.")
    static let externalLink = LocalizedText(
        zh: "不要发送平台以外的链接或网址。",
        en: "Do not link to sites outside the platform.")
    static let suspiciousLink = LocalizedText(
        zh: "买家发来了平台以外的链接：不要打开，可能是钓鱼或诈骗。",
        en: "The buyer sent a link outside the platform: do not open it; it may be phishing or a scam.")
    static let chatID = LocalizedText(
        zh: "不要发送聊天软件账号：平台禁止引导买家到站外沟通。",
        en: "Do not send chat-app account IDs: the platform forbids moving the buyer to another channel.")
    static let buyerPhone = LocalizedText(
        zh: "不要完整发送买家的手机号：请使用打码形式。",
        en: "Do not repeat the buyer's full phone number: use its masked form.")
    /// The platform's rule on other shops' links, when Kefu cannot tell whether the linked shop is the store's own.
    static func unknownShopLink(_ rule: LocalizedText) -> LocalizedText {
        LocalizedText(
            zh: rule.zh + "本店铺的地址未设置，无法确认这是否是本店的链接。",
            en: rule.en + " This store's shop address is not set, so Kefu cannot tell whether the link is to this store.")
    }
    static let otherOrder = LocalizedText(
        zh: "这个号码像是其他买家的订单号：不要向买家透露其他买家的订单信息。",
        en: "This looks like the number of an order that is not this buyer's: never tell one buyer about another's order.")
    static let customerAddress = LocalizedText(
        zh: "不要在消息中完整复述买家的收货地址。",
        en: "Do not repeat the buyer's full address in a message.")
}
