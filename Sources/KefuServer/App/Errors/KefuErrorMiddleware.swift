import Foundation
import KefuCore
import Vapor

/// Renders every error as `{"error": {"code", "message"}}` with the right status, so clients can act on `code`; a
/// browser that asked for a page gets the same error as a page in the reader's language.
struct KefuErrorMiddleware: Middleware {
    let strings: PageStrings

    struct Body: Content {
        struct Detail: Content {
            let code: String
            let message: String
        }
        let error: Detail
    }

    /// A reply the compliance guard stopped: the error, and the findings to underline.
    struct RejectionBody: Content {
        struct Detail: Content {
            let code: String
            let message: String
            let verdict: Verdict
            let findings: [FindingDTO]
            /// The platform whose rules it broke, when it was checked against several.
            let platform: Platform?
        }
        let error: Detail
    }

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).flatMapErrorThrowing { [strings] error in
            try Self.response(for: error, to: request, strings: strings)
        }
    }

    private static func response(for error: any Error, to request: Request, strings: PageStrings) throws -> Response {
        if let rejection = error as? ComplianceRejection {
            let language = request.readerLanguage
            let response = Response(status: .unprocessableEntity)
            try response.content.encode(RejectionBody(error: .init(
                code: rejection.error.code, message: rejection.error.message, verdict: rejection.report.verdict,
                findings: rejection.report.findings.map { FindingDTO($0, language: language) },
                platform: rejection.platform)))
            return response
        }
        let kefuError = translate(error)
        if kefuError.status >= 500 {
            request.logger.report(error: error)
        }
        if ErrorPage.wanted(by: request) {
            return ErrorPage(error: kefuError, language: request.uiLanguage, strings: strings).response()
        }
        let response = Response(status: HTTPResponseStatus(statusCode: kefuError.status))
        try response.content.encode(Body(error: .init(code: kefuError.code, message: kefuError.message)))
        if kefuError.status == 401 {
            response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer")
        }
        if let throttled = error as? SignInThrottled {
            response.headers.replaceOrAdd(name: .retryAfter, value: "\(throttled.retryAfter)")
        }
        return response
    }

    static func translate(_ error: any Error) -> KefuError {
        switch error {
        case let error as KefuError:
            return error
        case let error as SignInThrottled:
            return error.error
        case let error as DecodingError:
            return .invalid("invalid_json", describe(error))
        case let error as any AbortError:
            return KefuError(code: code(for: error.status), status: Int(error.status.code), message: error.reason)
        default:
            if let failure = DatabaseFailure.kefuError(for: error) { return failure }
            return KefuError(
                code: "internal_error", status: 500, message: "Something went wrong on the server; it has been logged.")
        }
    }

    private static func code(for status: HTTPResponseStatus) -> String {
        switch status {
        case .notFound: "not_found"
        case .payloadTooLarge: "payload_too_large"
        case .unsupportedMediaType: "unsupported_media_type"
        case .methodNotAllowed: "method_not_allowed"
        case .unauthorized: "unauthorized"
        case .forbidden: "forbidden"
        default: status.code < 500 ? "invalid_request" : "internal_error"
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let joined = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            let trimmed = joined.hasPrefix(".") ? String(joined.dropFirst()) : joined
            return trimmed.isEmpty ? "the body" : trimmed
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "\(parent == "the body" ? key.stringValue : parent + "." + key.stringValue) is required."
        case .typeMismatch(let type, let context):
            return "\(path(context)) has the wrong type; expected \(type)."
        case .valueNotFound(_, let context):
            return "\(path(context)) must not be null."
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "The body is not valid JSON in UTF-8." : "\(path(context)) is invalid: \(context.debugDescription)"
        @unknown default:
            return "The body could not be read."
        }
    }
}
