import AsyncHTTPClient
import Fluent
import KefuMail
import Foundation
import KefuCore
import NIOConcurrencyHelpers
import Vapor

/// What Kefu's services are made of, built once by `configure` and handed to the routes, middleware, commands and
/// background work that use them. Each service receives only the parts it uses; nothing reads `Application` storage.
/// Tests get the same value back from `configure`.
struct Dependencies: Sendable {
    let settings: KefuConfiguration
    let resources: KefuResources
    let clock: KefuClock
    /// A database handle for work without a request to borrow one from.
    let database: DatabaseAccess
    let policies: PolicyBook
    let compliance: ComplianceBook
    let transactions: WriteTransactions
    /// The one writer of conversations.
    let conversations: ConversationStore
    let search: any SearchIndex
    let live: LiveEvents
    let ingest: IngestCoalescer
    let viewers: ViewerCache
    /// Sign-ins this instance turned away in the last seconds.
    let signInRefusals: SignInRefusals
    /// Ingestion-key hashes already resolved to their store.
    let storeKeys: NIOLockedValueBox<[String: IngestingStore]>
    let passwords: PasswordHashing
    /// What a new password must be.
    let passwordPolicy: PasswordPolicy
    let pageStrings: PageStrings
    /// Seals and opens channels' passwords and tokens.
    let secrets: SecretBox
    /// Which certificates mail servers may present.
    let mailTLS: MailTLS
    /// The HTTP client marketplace channels call their platforms with.
    let http: HTTPClient
    /// Wakes a marketplace channel when its platform pushed news to this instance.
    let channelBells: ChannelBells
    /// What `GET /metrics` reports.
    let metrics: KefuMetrics
}

// The services a request uses, each made with what it needs.
extension Dependencies {
    func sessions(on db: any Database) -> SessionService {
        SessionService(
            db: db, transactions: transactions, clock: clock, viewers: viewers, passwords: passwords, policy: passwordPolicy,
            throttle: .standard, refusals: signInRefusals, twoFactor: twoFactor(on: db),
            tokenLifetimeDays: settings.tokenLifetimeDays)
    }

    func customerPrivacy(on db: any Database) -> CustomerPrivacy {
        CustomerPrivacy(db: db, transactions: transactions, search: search)
    }

    func twoFactor(on db: any Database) -> TwoFactor {
        TwoFactor(db: db, transactions: transactions, secrets: secrets, clock: clock, viewers: viewers)
    }

    func signInFailures(on db: any Database) -> SignInFailures {
        SignInFailures(database: db, transactions: transactions, throttle: .standard, refusals: signInRefusals)
    }

    func complianceService(on db: any Database) -> ComplianceService {
        ComplianceService(db: db, book: compliance)
    }

    func conversationService(for viewer: Viewer, on db: any Database) -> ConversationService {
        ConversationService(
            viewer: viewer, db: db, transactions: transactions, conversations: conversations,
            compliance: complianceService(on: db), policies: policies)
    }

    func queries(on db: any Database) -> ConversationQueryService {
        ConversationQueryService(db: db.sql, search: search)
    }

    func slaReader(for storeIDs: some Sequence<UUID>, on db: any Database) async throws -> SLAReader {
        try await SLAReader.load(for: storeIDs, policies: policies, at: clock.now(), on: db.sql)
    }

    func conversationDetails(for viewer: Viewer, on db: any Database) -> ConversationDetailService {
        ConversationDetailService(viewer: viewer, db: db, queries: queries(on: db), policies: policies, clock: clock)
    }

    func orders(on db: any Database) -> OrderService {
        OrderService(db: db, transactions: transactions, conversations: conversations)
    }

    func outbox(on db: any Database) -> OutboxService {
        OutboxService(db: db, transactions: transactions, conversations: conversations, clock: clock)
    }

    func tenancy(on db: any Database) -> TenancyService {
        TenancyService(
            db: db, transactions: transactions, passwords: passwords, passwordPolicy: passwordPolicy, compliance: compliance)
    }

    func storePolicies(for viewer: Viewer, on db: any Database) -> StorePolicyService {
        StorePolicyService(viewer: viewer, db: db, policies: policies, transactions: transactions, conversations: conversations)
    }

    func performance(for viewer: Viewer, on db: any Database) -> PerformanceService {
        PerformanceService(db: db, policies: policies, clock: clock, viewer: viewer)
    }

    func customers(on db: any Database) -> CustomerService {
        CustomerService(db: db, transactions: transactions)
    }

    func templates(on db: any Database) -> ReplyTemplates {
        ReplyTemplates(db: db, transactions: transactions, compliance: compliance)
    }

    func complianceTerms(on db: any Database) -> ComplianceTerms {
        ComplianceTerms(db: db, transactions: transactions, book: compliance)
    }

    func exports(for viewer: Viewer, on db: any Database) -> ExportService {
        ExportService(details: conversationDetails(for: viewer, on: db), db: db, clock: clock)
    }

    func bulkExports(on db: any Database) -> BulkExports {
        BulkExports(db: db, transactions: transactions)
    }

    func channels(on db: any Database) -> ChannelService {
        ChannelService(db: db, transactions: transactions, secrets: secrets)
    }

    func ingestService() -> IngestService {
        IngestService(coalescer: ingest, clock: clock)
    }
}
