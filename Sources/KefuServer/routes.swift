import Vapor

/// The one route table, grouped by who calls it.
func routes(_ app: Application) throws {
    // Web pages: signed in by the session cookie where there is one.
    let pages = app.grouped(SessionCookieAuthenticator())
    try pages.register(collection: HomeController())
    try pages.register(collection: SignInController())
    try pages.register(collection: LanguageController())
    try pages.register(collection: InboxController())
    try pages.register(collection: ThreadController())
    try pages.register(collection: PerformanceController())
    try pages.register(collection: TemplatesPageController())

    let api = app.grouped("api", "v1")
    try api.register(collection: HealthController())
    try api.register(collection: AuthController())

    // Connectors: authenticated by a store's ingestion key.
    let connector = api.grouped(StoreKeyAuthenticator(), RequireIngestingStore())
    try connector.register(collection: IngestController())

    // People: authenticated by a bearer token from /auth/login.
    // The workbench's scripts call the same API with the session cookie; `WebClientCookieAuthenticator` accepts the
    // cookie only with a header other sites' pages cannot send.
    let signedIn = api.grouped(BearerUserAuthenticator(), WebClientCookieAuthenticator(), RequireViewer())
    AuthController().bootSignedIn(routes: signedIn)
    try signedIn.register(collection: ConversationController())
    try signedIn.register(collection: ConversationActionController())
    try signedIn.register(collection: OrderController())
    try signedIn.register(collection: StoreController())
    try signedIn.register(collection: PolicyController())
    try signedIn.register(collection: ComplianceController())
    try signedIn.register(collection: TemplateController())

    // The live stream: browsers send the session cookie on a WebSocket, programs a bearer token.
    let live = api.grouped(SessionCookieAuthenticator(), BearerUserAuthenticator(), RequireViewer())
    try live.register(collection: LiveController())
}
