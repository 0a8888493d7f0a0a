import Vapor

/// The one route table, grouped by who calls it; sign-in is checked by the groups' middleware, never in handlers.
func routes(_ app: Application, _ deps: Dependencies) throws {
    // Web pages: signed in by the session cookie where there is one. Anonymous visitors reach the sign-in page and
    // nothing else; every other page sends them there (`/login?next=…`).
    let pages = app.grouped(SessionCookieAuthenticator(sessions: deps))
    try pages.register(collection: SignInController(deps: deps))
    try pages.register(collection: LanguageController(viewers: deps.viewers))
    let signedInPages = pages.grouped(RedirectToSignIn())
    try signedInPages.register(collection: HomeController())
    try signedInPages.register(collection: InboxController(deps: deps))
    try signedInPages.register(collection: ConversationPageController(deps: deps))
    try signedInPages.register(collection: CustomerPageController(deps: deps))
    try signedInPages.register(collection: PerformanceController(deps: deps))
    try signedInPages.register(collection: TemplatesPageController(deps: deps))
    try signedInPages.register(collection: ChannelsPageController(deps: deps))
    try signedInPages.register(collection: SecurityPageController(deps: deps))
    try signedInPages.register(collection: AttachmentController(deps: deps))

    // Marketplaces' push notifications: each checks what it can of the sender itself.
    try app.register(collection: OzonPushController(deps: deps))
    if let token = deps.settings.metricsToken {
        try app.register(collection: MetricsController(metrics: deps.metrics, token: token))
    }

    let api = app.grouped("api", "v1")
    try api.register(collection: HealthController(database: deps.settings.databaseKind, openAPI: deps.resources.openAPI))
    try api.register(collection: AuthController(deps: deps))

    // Connectors: authenticated by a store's ingestion key.
    let connector = api.grouped(StoreKeyAuthenticator(known: deps.storeKeys), RequireIngestingStore())
    try connector.register(collection: IngestController(deps: deps))

    // People: authenticated by a bearer token from /auth/login.
    // The workbench's scripts call the same API with the session cookie; `WebClientCookieAuthenticator` accepts the
    // cookie only with a header other sites' pages cannot send.
    let signedIn = api.grouped(
        BearerUserAuthenticator(sessions: deps), WebClientCookieAuthenticator(sessions: deps), RequireViewer())
    AuthController(deps: deps).bootSignedIn(routes: signedIn)
    try signedIn.register(collection: ConversationController(deps: deps))
    try signedIn.register(collection: ConversationActionController(deps: deps))
    try signedIn.register(collection: OrderController(deps: deps))
    try signedIn.register(collection: StoreController(deps: deps))
    try signedIn.register(collection: PolicyController(deps: deps))
    try signedIn.register(collection: ComplianceController(deps: deps))
    try signedIn.register(collection: TemplateController(deps: deps))
    try signedIn.register(collection: CustomerController(deps: deps))
    try signedIn.register(collection: ExportController(deps: deps))
    try signedIn.register(collection: ChannelController(deps: deps))
    try signedIn.register(collection: AttachmentController(deps: deps))
    try signedIn.register(collection: UserController(deps: deps))
    try signedIn.register(collection: TwoFactorController(deps: deps))

    // The live stream: browsers send the session cookie on a WebSocket, programs a bearer token.
    let live = api.grouped(SessionCookieAuthenticator(sessions: deps), BearerUserAuthenticator(sessions: deps), RequireViewer())
    try live.register(collection: LiveController(events: deps.live))
}
