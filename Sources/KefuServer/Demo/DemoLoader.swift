import Fluent
import Foundation
import KefuCore
import Vapor

/// Loads `DemoCatalog` into a fresh workspace through the same services connectors and admins use.
struct DemoLoader {
    let deps: Dependencies
    let db: any Database

    struct Login: Encodable {
        let email: String
        let role: String
        let sees: String
    }

    struct Summary: Encodable {
        let workspace: String
        let password: String
        let logins: [Login]
        let conversations: Int
        let messages: Int
    }

    /// `liveEverySeconds`: how often a buyer writes in each store once `kefu serve` runs (nil: only when served with
    /// `--demo-live`).
    func load(now: Date, liveEverySeconds: Int? = nil) async throws -> Summary {
        let tenancy = deps.tenancy(on: db)
        let workspace = try await tenancy.addWorkspace(named: DemoCatalog.workspace)
        var random = SeededGenerator(seed: 2026)
        var storesByMerchant: [String: [UUID]] = [:]
        var conversations = 0
        var messages = 0
        var batches: [(IngestingStore, [IncomingMessage])] = []
        for spec in DemoCatalog.stores {
            let created = try await tenancy.addStore(
                workspace: workspace, merchantName: spec.merchant, platform: spec.platform, name: spec.name,
                region: spec.region, timeZone: spec.timeZone)
            storesByMerchant[spec.merchant, default: []].append(created.id)
            let merchant = try await tenancy.merchant(named: spec.merchant, in: workspace)
            let store = IngestingStore(
                storeID: created.id, workspaceID: try workspace.requireID(), merchantID: try merchant.requireID(),
                platform: spec.platform)
            let (orders, batch) = Self.conversations(for: spec, now: now, using: &random)
            _ = try await deps.orders(on: db).upsert(orders, for: store)
            batches.append((store, batch))
            conversations += Set(batch.map(\.conversationExternalID)).count
            _ = try await deps.channels(on: db).add(
                to: created.id, input: .demo(DemoChannelInput(store: spec.name, liveEverySeconds: liveEverySeconds)),
                by: .commandLine)
        }
        // The stores' messages in the order they were written, a few hours at a time, as a live inbox would have
        // stored them: search ranks by arrival, and a store loaded after another would come first in every search.
        let slice: TimeInterval = 3 * 3_600
        let oldest = batches.flatMap { $0.1.map(\.sentAt) }.min() ?? now
        var from = oldest
        while from <= now {
            let to = from + slice
            for (store, batch) in batches {
                let due = batch.filter { $0.sentAt >= from && ($0.sentAt < to || to > now) }
                if !due.isEmpty { messages += try await deps.ingestService().ingest(due, into: store).accepted }
            }
            from = to
        }
        let merchantIDs = try await merchantIDs(in: workspace)
        let logins: [(String, Role, [UUID], String)] = [
            ("admin@kefu.demo", .admin, [], "everything"),
            ("lead@kefu.demo", .supervisor, [], "every store"),
            ("agent.cn@kefu.demo", .agent, [merchantIDs["茶语 TeaWords"]].compactMap { $0 }, "茶语 TeaWords (Pinduoduo, Tmall, JD, Douyin)"),
            ("agent.global@kefu.demo", .agent, [merchantIDs["Lumi Home"], merchantIDs["Taiga Outdoor"]].compactMap { $0 },
             "Lumi Home and Taiga Outdoor (Walmart, Amazon, Noon, Ozon)"),
            ("qa@kefu.demo", .qa, Array(merchantIDs.values), "every merchant, for quality inspection"),
            ("viewer@lumi.demo", .merchantViewer, [merchantIDs["Lumi Home"]].compactMap { $0 }, "Lumi Home, read-only"),
        ]
        for (email, role, merchants, _) in logins {
            _ = try await tenancy.addUser(
                workspace: workspace, email: email, name: nil, role: role, password: DemoCatalog.password, storeIDs: [],
                merchantIDs: merchants)
        }
        try await flagFirstSpam(in: workspace)
        try await addTemplates()
        return Summary(
            workspace: workspace.name, password: DemoCatalog.password,
            logins: logins.map { Login(email: $0.0, role: $0.1.rawValue, sees: $0.3) },
            conversations: conversations, messages: messages)
    }

    /// The team lead's canned replies in their languages, each text checked against its platform's rules as any
    /// template is.
    private func addTemplates() async throws {
        guard let lead = try await UserModel.query(on: db).filter(\.$email == "lead@kefu.demo").first() else { return }
        let viewer = try await Viewer.load(lead, on: db)
        let templates = deps.templates(on: db)
        for template in DemoCatalog.templates {
            let added = try await templates.add(template.input, by: viewer)
            for translation in template.translations {
                _ = try await templates.translate(
                    added.id, into: translation.language, .init(title: translation.title, body: translation.body, version: nil),
                    by: viewer)
            }
        }
    }

    /// Flags one spam conversation per store as the team lead would, and leaves the others for agents to flag.
    private func flagFirstSpam(in workspace: WorkspaceModel) async throws {
        guard let lead = try await UserModel.query(on: db).filter(\.$email == "lead@kefu.demo").first() else { return }
        let viewer = try await Viewer.load(lead, on: db)
        let rows = try await db.sql.raw(
            "SELECT id FROM conversations WHERE workspace_id = \(bind: try workspace.requireID()) AND external_id LIKE '%-spam-conv-0'"
        ).all()
        for row in rows {
            _ = try await deps.conversationService(for: viewer, on: db).flag(try row.decode(column: "id", as: UUID.self), reason: .spam)
        }
    }

    private func merchantIDs(in workspace: WorkspaceModel) async throws -> [String: UUID] {
        let workspaceID = try workspace.requireID()
        let merchants = try await MerchantModel.query(on: db).filter(\.$workspaceID == workspaceID).all()
        return Dictionary(uniqueKeysWithValues: merchants.compactMap { m in m.id.map { (m.name, $0) } })
    }

    static let conversationsPerStore = 38

    /// The orders and messages of one store: scripted conversations spread over the last three days, plus spam.
    static func conversations(
        for spec: DemoCatalog.StoreSpec, now: Date, using random: inout SeededGenerator
    ) -> ([OrderInput], [IncomingMessage]) {
        let scripts = DemoCatalog.scripts[spec.language] ?? []
        var orders: [OrderInput] = []
        var messages: [IncomingMessage] = []
        for index in 0..<conversationsPerStore {
            let script = scripts[index % scripts.count]
            // A third came in over the last two and a half minutes, so even a chat platform's 3-minute clock shows
            // some running and some at risk beside the overdue; the rest over the last three days, of which agents
            // answered half (the morning after yesterday's work) and missed half.
            let sentAt = index % 3 == 0
                ? now.addingTimeInterval(-Double(Int.random(in: 5...150, using: &random)))
                : now.addingTimeInterval(-Double(Int.random(in: 10...(72 * 60), using: &random)) * 60)
            var (order, turns) = conversation(
                script, key: "\(index)", spec: spec, startingAt: sentAt, now: now, using: &random)
            if index % 3 == 1, let last = turns.last, last.author != .agent, let answer = DemoCatalog.answers[spec.language] {
                let answeredAt = min(last.sentAt.addingTimeInterval(Double(Int.random(in: 1...3, using: &random)) * 60), now)
                turns.append(IncomingMessage(
                    externalID: "\(last.externalID)-answer", conversationExternalID: last.conversationExternalID,
                    customer: last.customer, orderNumber: last.orderNumber, subject: last.subject, body: answer,
                    sentAt: answeredAt, author: .agent))
            }
            if let order { orders.append(order) }
            messages += turns
        }
        for (index, body) in (DemoCatalog.spam[spec.language] ?? []).enumerated() {
            messages.append(
                IncomingMessage(
                    externalID: "\(spec.platform.rawValue)-spam-\(index)",
                    conversationExternalID: "\(spec.platform.rawValue)-spam-conv-\(index)",
                    customer: .init(externalID: "\(spec.platform.rawValue)-spammer-\(index)", name: "promo\(index + 1)"),
                    body: body, sentAt: now.addingTimeInterval(-Double(index + 1) * 5_400)))
        }
        return (orders, messages)
    }

    /// A buyer writing now, for the demo's live channel: a new conversation whose turns are the buyer's opening
    /// messages of a script (what the store answered is left for the agent).
    static func liveConversation(
        for spec: DemoCatalog.StoreSpec, now: Date, using random: inout SeededGenerator
    ) -> (OrderInput?, [IncomingMessage]) {
        let scripts = DemoCatalog.scripts[spec.language] ?? []
        guard let picked = scripts.randomElement(using: &random) else { return (nil, []) }
        let opening = DemoCatalog.Script(
            subject: picked.subject, afterSale: picked.afterSale,
            turns: Array(picked.turns.prefix { $0.0 == .customer }))
        let key = "live-\(UInt32.random(in: 0...UInt32.max, using: &random))"
        return conversation(opening, key: key, spec: spec, startingAt: now.addingTimeInterval(-Double(opening.turns.count - 1) * 20),
                            now: now, using: &random)
    }

    /// One scripted conversation and its order: `key` makes its ids (`<platform>-conv-<key>`), turns a few minutes
    /// apart from `startingAt`.
    static func conversation(
        _ script: DemoCatalog.Script, key: String, spec: DemoCatalog.StoreSpec, startingAt start: Date, now: Date,
        using random: inout SeededGenerator
    ) -> (OrderInput?, [IncomingMessage]) {
        let index = Int(key) ?? Int.random(in: 0..<1_000, using: &random)
        var messages: [IncomingMessage] = []
        var orderInput: OrderInput?
        let product = spec.products[Int.random(in: 0..<spec.products.count, using: &random)]
        // A few regular buyers per store, each writing about several orders, as a shop's customers do.
        let buyerIndex = Int.random(in: 0..<spec.buyers.count, using: &random)
        let buyer = spec.buyers[buyerIndex]
        let buyerID = "\(spec.platform.rawValue)-buyer-\(buyerIndex)"
        let order = script.afterSale ? orderNumber(for: spec.platform, index: index, using: &random) : nil
        if let order {
            let placed = now.addingTimeInterval(-Double(Int.random(in: 3...20, using: &random)) * 86_400)
            let price = Int64(Int.random(in: 20...300, using: &random)) * 100 - 1
            orderInput = OrderInput(
                    number: order, status: ["shipped", "delivered", "processing"][index % 3], currency: spec.currency,
                    totalMinor: price, items: [.init(sku: "SKU-\(index % 7)", title: product, quantity: 1, priceMinor: price)],
                    customer: .init(externalID: buyerID, name: buyer), carrier: carrier(spec.platform),
                    trackingNumber: "TRK\(Int.random(in: 100_000_000...999_999_999, using: &random))",
                    placedAt: placed, shippedAt: placed.addingTimeInterval(86_400), deliveredAt: nil,
                    buyerPhone: spec.currency == "CNY" ? "139\(Int.random(in: 10_000_000...99_999_999, using: &random))" : nil,
                    shippingAddress: spec.currency == "CNY" ? "浙江省杭州市西湖区文三路\(100 + index)号\(index % 9 + 1)幢" : nil)
        }
        var sentAt = start
        for (turn, (author, template)) in script.turns.enumerated() {
            let body = template.replacingOccurrences(of: "{product}", with: product)
                .replacingOccurrences(of: "{order}", with: order ?? "")
            let name = author == .platformCare ? "\(spec.platform.displayName) Care" : buyer
            messages.append(
                IncomingMessage(
                    externalID: "\(spec.platform.rawValue)-\(key)-\(turn)",
                    conversationExternalID: "\(spec.platform.rawValue)-conv-\(key)",
                    customer: .init(externalID: buyerID, name: name, language: spec.language), orderNumber: order,
                    subject: script.subject?.replacingOccurrences(of: "{product}", with: product)
                        .replacingOccurrences(of: "{order}", with: order ?? ""),
                    body: body, sentAt: min(sentAt, now), author: author))
            sentAt = sentAt.addingTimeInterval(Double(Int.random(in: 3...240, using: &random)) * 60)
        }
        return (orderInput, messages)
    }

    /// Order numbers in each marketplace's own format, so searching by order number looks real.
    static func orderNumber(for platform: Platform, index: Int, using random: inout SeededGenerator) -> String {
        func digits(_ count: Int) -> String {
            (0..<count).map { _ in String(Int.random(in: 0...9, using: &random)) }.joined()
        }
        switch platform {
        case .walmartUS: return "1" + digits(14)
        case .amazonUS: return "11\(Int.random(in: 1...4, using: &random))-\(digits(7))-\(digits(7))"
        case .noon: return "NAE" + digits(11)
        case .ozon: return "\(digits(8))-\(digits(4))-\(index % 3 + 1)"
        case .pinduoduo: return "241\(digits(3))-\(digits(15))"
        case .tmall, .taobao, .douyin: return digits(19)
        case .jd: return digits(12)
        case .ebay: return "\(digits(2))-\(digits(5))-\(digits(5))"
        }
    }

    static func carrier(_ platform: Platform) -> String {
        switch platform {
        case .walmartUS, .amazonUS, .ebay: "UPS"
        case .noon: "Aramex"
        case .ozon: "Ozon Logistics"
        case .pinduoduo, .tmall, .taobao, .jd, .douyin: "中通快递"
        }
    }
}
