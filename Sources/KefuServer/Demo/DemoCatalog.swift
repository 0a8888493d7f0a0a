import KefuCore

/// The demo workspace: an agency answering for three merchants on eight marketplaces, with buyer messages in the
/// languages those marketplaces are used in.
enum DemoCatalog {
    struct StoreSpec {
        let merchant: String
        let platform: Platform
        let name: String
        let region: String
        let timeZone: String
        let language: String
        let currency: String
        let products: [String]
        let buyers: [String]
    }

    /// A conversation pattern: what the buyer writes, optionally what the store answered on the platform, and what
    /// the buyer wrote after. `{product}` and `{order}` are filled in.
    struct Script {
        let subject: String?
        let afterSale: Bool
        let turns: [(MessageAuthor, String)]
    }

    static let workspace = "Kefu Demo Agency"

    /// The store a demo channel plays, by its name; a renamed one plays the first store of its platform.
    static func spec(named name: String, platform: Platform) -> StoreSpec {
        stores.first { $0.name == name } ?? stores.first { $0.platform == platform } ?? stores[0]
    }
    static let password = "kefu-demo-2026"

    /// A demo template: its own text and its translations, by language.
    struct Template {
        let input: ReplyTemplates.Input
        let translations: [(language: String, title: String, body: String)]
    }

    static let templates: [Template] = [
        Template(
            input: .init(title: "发货进度 Shipping update", body: "{buyerName}您好，您的订单{orderNumber}已经发货，物流信息会在24小时内更新，请耐心等待。", platform: nil, language: "zh-CN"),
            translations: [
                ("en", "Shipping update", "Hi {buyerName}, your order {orderNumber} has shipped. Tracking updates within 24 hours."),
                ("ru", "Заказ отправлен", "Здравствуйте, {buyerName}! Ваш заказ {orderNumber} отправлен, отслеживание обновится в течение 24 часов."),
                ("ar", "تحديث الشحن", "مرحبًا {buyerName}، تم شحن طلبك {orderNumber}. سيتم تحديث التتبع خلال 24 ساعة."),
            ]),
        Template(
            input: .init(title: "退换货 Returns", body: "亲，收到商品后如有问题，可以在订单页面申请退换货，我们会尽快为您处理。", platform: nil, language: "zh-CN"),
            translations: [
                ("en", "Return request received", "Hi {buyerName}, thank you for reaching out. Please start the return from your order page for {orderNumber}; we will process it as soon as it arrives."),
            ]),
        Template(
            input: .init(title: "感谢咨询 Thanks (Pinduoduo)", body: "感谢您的咨询，商品有任何问题随时联系我们，{storeName}客服{agentName}为您服务。", platform: "pinduoduo", language: "zh-CN"),
            translations: []),
    ]

    static let stores: [StoreSpec] = [
        StoreSpec(
            merchant: "Lumi Home", platform: .walmartUS, name: "Lumi Home Walmart", region: "US",
            timeZone: "America/Chicago", language: "en", currency: "USD",
            products: ["LumiBlend 1200W Blender", "LumiBrew Drip Coffee Maker", "LumiAir 5.8QT Air Fryer"],
            buyers: ["Emily Johnson", "Michael Brown", "Jessica Davis", "Chris Miller", "Ashley Wilson", "David Moore"]),
        StoreSpec(
            merchant: "Lumi Home", platform: .amazonUS, name: "Lumi Home Amazon", region: "US",
            timeZone: "America/Los_Angeles", language: "en", currency: "USD",
            products: ["LumiBlend Personal Blender", "LumiKettle Electric Kettle", "LumiAir Fryer Liners (100 pcs)"],
            buyers: ["Sarah Taylor", "James Anderson", "Olivia Thomas", "Daniel Jackson", "Sophia White"]),
        StoreSpec(
            merchant: "Lumi Home", platform: .noon, name: "Lumi Home Noon", region: "AE",
            timeZone: "Asia/Dubai", language: "ar", currency: "AED",
            products: ["خلاط لومي 1200 واط", "قلاية هوائية لومي", "غلاية كهربائية لومي"],
            buyers: ["أحمد الفارسي", "فاطمة الزهراء", "محمد العتيبي", "مريم الحمادي"]),
        StoreSpec(
            merchant: "Taiga Outdoor", platform: .ozon, name: "Taiga Outdoor Ozon", region: "RU",
            timeZone: "Europe/Moscow", language: "ru", currency: "RUB",
            products: ["Палатка Taiga 3-местная", "Спальный мешок Taiga −15°C", "Термос Taiga 1 л"],
            buyers: ["Иван Петров", "Анна Смирнова", "Дмитрий Козлов", "Ольга Новикова", "Сергей Волков"]),
        StoreSpec(
            merchant: "茶语 TeaWords", platform: .pinduoduo, name: "茶语旗舰店（拼多多）", region: "CN",
            timeZone: "Asia/Shanghai", language: "zh", currency: "CNY",
            products: ["明前龙井 250g", "云南普洱熟茶饼 357g", "正山小种红茶礼盒"],
            buyers: ["王芳", "李娜", "张伟", "刘洋", "陈静", "杨磊"]),
        StoreSpec(
            merchant: "茶语 TeaWords", platform: .tmall, name: "茶语天猫旗舰店", region: "CN",
            timeZone: "Asia/Shanghai", language: "zh", currency: "CNY",
            products: ["西湖龙井特级 礼盒装", "安吉白茶 100g", "铁观音清香型 500g"],
            buyers: ["赵敏", "周杰", "吴昊", "郑爽", "孙丽"]),
        StoreSpec(
            merchant: "茶语 TeaWords", platform: .jd, name: "茶语京东自营旗舰店", region: "CN",
            timeZone: "Asia/Shanghai", language: "zh", currency: "CNY",
            products: ["金骏眉红茶 200g", "茉莉花茶 罐装", "白毫银针 100g"],
            buyers: ["马超", "胡静", "林峰", "何雪"]),
        StoreSpec(
            merchant: "茶语 TeaWords", platform: .douyin, name: "茶语抖音小店", region: "CN",
            timeZone: "Asia/Shanghai", language: "zh", currency: "CNY",
            products: ["直播间专享 龙井尝鲜装", "冷泡茶 12 袋装", "桂花乌龙 三角茶包"],
            buyers: ["小鱼儿", "阿杰", "Cici", "茶友老王", "甜甜圈"]),
    ]

    static let scripts: [String: [Script]] = [
        "en": [
            Script(subject: "Question about {product}", afterSale: false, turns: [
                (.customer, "Hi, does the {product} come with a warranty? How long is it?")]),
            Script(subject: "Is this dishwasher safe?", afterSale: false, turns: [
                (.customer, "Are the parts of the {product} dishwasher safe?"),
                (.agent, "Hi! Yes, the jar and lid are top-rack dishwasher safe."),
                (.customer, "Great, and the blade assembly too?")]),
            Script(subject: "Where is my order {order}?", afterSale: true, turns: [
                (.customer, "I ordered the {product} a week ago (order {order}) and tracking has not updated in 4 days. Can you check?")]),
            Script(subject: "Item arrived damaged", afterSale: true, turns: [
                (.customer, "The {product} arrived with a cracked jar. I'd like a replacement please. Photos attached."),
                (.agent, "We're sorry to hear that! Could you confirm the crack is on the jar and not the base?"),
                (.customer, "Yes it's the jar. The base works fine.")]),
            Script(subject: "Refund not received", afterSale: true, turns: [
                (.platformCare, "Hello Seller, the customer on order {order} reports that the refund for the returned {product} has not been received. Please respond within 48 hours.")]),
            Script(subject: "Return request", afterSale: true, turns: [
                (.customer, "I want to return the {product}, it is too loud for my apartment. Do I pay for return shipping?")]),
            Script(subject: "Wrong color", afterSale: true, turns: [
                (.customer, "I ordered black but received white. Order {order}. Please advise.")]),
            Script(subject: nil, afterSale: false, turns: [
                (.customer, "Do you ship to Alaska? Estimated delivery time for the {product}?")]),
        ],
        "zh": [
            Script(subject: nil, afterSale: false, turns: [(.customer, "亲，{product}还有货吗？今天下单什么时候发货？")]),
            Script(subject: nil, afterSale: false, turns: [
                (.customer, "这个{product}是今年的新茶吗？保质期多久？"),
                (.agent, "您好，是今年的新茶哦，保质期18个月，建议密封避光保存～"),
                (.customer, "好的，能开发票吗？")]),
            Script(subject: nil, afterSale: true, turns: [(.customer, "订单{order}三天了还没发货，什么时候能发？着急送人")]),
            Script(subject: nil, afterSale: true, turns: [
                (.customer, "收到的{product}包装破了，茶叶洒了一些，怎么处理？"),
                (.agent, "非常抱歉给您带来不便，麻烦拍一下外包装和内包装的照片给我们～"),
                (.customer, "照片已经发了，要退款还是补发？")]),
            Script(subject: nil, afterSale: true, turns: [(.customer, "我要申请退款，买错了，还没拆封，订单号{order}")]),
            Script(subject: nil, afterSale: true, turns: [
                (.platformCare, "【平台客服】消费者反馈订单{order}物流信息长时间未更新，请商家尽快核实处理并回复消费者。")]),
            Script(subject: nil, afterSale: true, turns: [(.customer, "快递显示已签收但是我没收到，{order}，帮忙查一下")]),
            Script(subject: nil, afterSale: false, turns: [(.customer, "两盒{product}能便宜点吗？有没有优惠券")]),
        ],
        "ar": [
            Script(subject: nil, afterSale: false, turns: [(.customer, "مرحبا، هل {product} متوفر باللون الأسود؟ ومتى يصل إلى دبي؟")]),
            Script(subject: nil, afterSale: true, turns: [(.customer, "طلبي رقم {order} لم يصل بعد، متى سيتم التوصيل؟")]),
            Script(subject: nil, afterSale: true, turns: [
                (.customer, "وصل {product} مكسوراً، أريد استرجاع المبلغ من فضلك."),
                (.agent, "نعتذر عن ذلك. هل يمكنك إرسال صورة للمنتج؟"),
                (.customer, "أرسلت الصور، شكراً")]),
            Script(subject: nil, afterSale: true, turns: [(.platformCare, "فريق نون: العميل يطلب تحديث حالة الإرجاع للطلب {order}. يرجى الرد خلال 48 ساعة.")]),
        ],
        "ru": [
            Script(subject: nil, afterSale: false, turns: [(.customer, "Здравствуйте! {product} подойдёт для зимнего похода? Какой вес?")]),
            Script(subject: nil, afterSale: true, turns: [(.customer, "Где мой заказ {order}? Статус не меняется уже неделю.")]),
            Script(subject: nil, afterSale: true, turns: [
                (.customer, "Пришёл {product} с дефектом — молния не застёгивается. Хочу возврат."),
                (.agent, "Добрый день! Приносим извинения. Пришлите, пожалуйста, фото дефекта."),
                (.customer, "Фото отправил. Когда вернут деньги?")]),
            Script(subject: nil, afterSale: false, turns: [(.customer, "Есть ли в наличии {product}? Когда будет поставка?")]),
        ],
    ]

    /// The store's last word in a conversation an agent already answered (yesterday's work, before the demo's morning).
    static let answers: [String: String] = [
        "zh": "好的亲，已经为您处理好了，后续有任何问题随时联系我们～",
        "en": "Thanks for your patience — this is taken care of. Let us know if there is anything else we can do.",
        "ar": "شكرًا لصبرك، تمت معالجة طلبك. لا تتردد في مراسلتنا إذا احتجت إلى أي شيء آخر.",
        "ru": "Спасибо за терпение, всё решили. Пишите, если понадобится что-то ещё.",
    ]

    /// Messages no seller wants: the marketplaces let sellers flag these as spam, fraud or inappropriate.
    static let spam: [String: [String]] = [
        "en": ["Get 10,000 followers for $5!!! Visit cheap-followers.example now", "Congratulations, you won a gift card, click here to claim"],
        "zh": ["加微信 vx123456 低价代发货源，一件代发", "刷单兼职日赚300，详情私聊"],
        "ar": ["اربح جائزة الآن! اضغط على الرابط"],
        "ru": ["Лучшие цены на подписчиков! Пишите в Telegram @cheap_promo"],
    ]
}
