/// An error a user can act on: a stable `code` for programs, an HTTP status, and a message for people.
///
/// The domain throws these; the server renders them as `{"error": {"code", "message"}}` and the command line prints the
/// message and exits non-zero.
public struct KefuError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: String
    public let status: Int
    public let message: String

    public init(code: String, status: Int, message: String) {
        self.code = code
        self.status = status
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    /// Something the caller cannot see: absent, or in another workspace or store. Both answer the same, so a
    /// probe cannot learn that another tenant's conversation exists.
    public static func notFound(_ what: String) -> KefuError {
        KefuError(code: "not_found", status: 404, message: "No \(what) with that identifier is visible to you.")
    }

    public static func invalid(_ code: String = "invalid_request", _ message: String) -> KefuError {
        KefuError(code: code, status: 400, message: message)
    }

    public static func unprocessable(_ code: String, _ message: String) -> KefuError {
        KefuError(code: code, status: 422, message: message)
    }

    public static func conflict(_ code: String, _ message: String) -> KefuError {
        KefuError(code: code, status: 409, message: message)
    }

    public static func forbidden(_ message: String) -> KefuError {
        KefuError(code: "forbidden", status: 403, message: message)
    }

    public static let unauthorized = KefuError(
        code: "unauthorized", status: 401, message: "Sign in first: send a valid bearer token.")
}
