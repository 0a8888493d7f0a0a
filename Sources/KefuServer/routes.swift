import Vapor

/// The one route table, grouped by who calls it.
func routes(_ app: Application) throws {
    // Web pages: signed in by the session cookie where there is one.
    let pages = app.grouped(SessionCookieAuthenticator())
    try pages.register(collection: HomeController())
    try pages.register(collection: SignInController())

    let api = app.grouped("api", "v1")
    try api.register(collection: HealthController())
    try api.register(collection: AuthController())

    // Connectors: authenticated by a store's ingestion key.
    let connector = api.grouped(StoreKeyAuthenticator(), RequireIngestingStore())
    try connector.register(collection: IngestController())

    // People: authenticated by a bearer token from /auth/login.
    let signedIn = api.grouped(BearerUserAuthenticator(), RequireViewer())
    AuthController().bootSignedIn(routes: signedIn)
    try signedIn.register(collection: ConversationController())
    try signedIn.register(collection: ConversationActionController())
    try signedIn.register(collection: OrderController())
    try signedIn.register(collection: StoreController())
    try signedIn.register(collection: PolicyController())
    try signedIn.register(collection: ComplianceController())

    // The live stream: browsers send the session cookie on a WebSocket, programs a bearer token.
    let live = api.grouped(SessionCookieAuthenticator(), BearerUserAuthenticator(), RequireViewer())
    try live.register(collection: LiveController())
}
