import Foundation
import KefuCore
import NIOCore
import Vapor

/// Refuses text with the NUL character (U+0000) wherever a request can carry it — JSON bodies, forms, query strings —
/// before it reaches a database: PostgreSQL cannot store it in text and failed the whole request with a 500, while
/// SQLite kept it. Both now answer 400 `invalid_text`, and nothing is stored.
enum NULRejection {
    static let error = KefuError.invalid(
        "invalid_text", "Text must not contain the NUL character (U+0000); remove it and send again.")

    /// Installs the refusing decoders as Vapor's defaults for JSON and form bodies. Idempotent. Query strings are
    /// checked by `QueryCheck` instead: `req.query[String.self, at:]` turns a decoder's error into nil, which would
    /// quietly drop a search term rather than refuse it.
    static func install() {
        var content = ContentConfiguration.global
        content.use(decoder: Checking.json(.custom(dates: .iso8601)), for: .json)
        content.use(decoder: Checking.json(.custom(dates: .iso8601)), for: .jsonAPI)
        content.use(decoder: Checking.form(), for: .urlEncodedForm)
        ContentConfiguration.global = content
    }

    /// Refuses a query string with `%00` before any route reads it.
    struct QueryCheck: Middleware {
        func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
            if let query = request.url.query, NULRejection.hasPercentEncodedNUL(query.utf8) {
                return request.eventLoop.makeFailedFuture(NULRejection.error)
            }
            return next.respond(to: request)
        }
    }

    /// Whether a JSON text has a `\u0000` escape: the only way JSON can carry NUL inside a string. A backslash that is
    /// itself escaped (`\\u0000`, the six characters `\u0000` as text) does not count.
    static func hasEscapedNUL(_ bytes: some Collection<UInt8>) -> Bool {
        let pattern = Array("u0000".utf8)
        var backslashes = 0
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") {
                backslashes += 1
            } else {
                if byte == UInt8(ascii: "u"), backslashes % 2 == 1, bytes[index...].starts(with: pattern) { return true }
                backslashes = 0
            }
            index = bytes.index(after: index)
        }
        return false
    }

    /// Whether URL-encoded text has `%00`.
    static func hasPercentEncodedNUL(_ bytes: some Collection<UInt8>) -> Bool {
        var index = bytes.startIndex
        while let percent = bytes[index...].firstIndex(of: UInt8(ascii: "%")) {
            if bytes[bytes.index(after: percent)...].starts(with: [UInt8(ascii: "0"), UInt8(ascii: "0")]) { return true }
            index = bytes.index(after: percent)
        }
        return false
    }

    /// A body decoder of Vapor's, behind the check that suits its format.
    struct Checking: ContentDecoder {
        let decoder: any ContentDecoder
        let refuses: @Sendable (UnsafeRawBufferPointer) -> Bool

        static func json(_ decoder: JSONDecoder) -> Checking {
            Checking(decoder: decoder) { NULRejection.hasEscapedNUL($0) }
        }

        static func form() -> Checking {
            Checking(decoder: URLEncodedFormDecoder()) { NULRejection.hasPercentEncodedNUL($0) }
        }

        func decode<D: Decodable>(_ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders) throws -> D {
            try decode(decodable, from: body, headers: headers, userInfo: [:])
        }

        func decode<D: Decodable>(
            _ decodable: D.Type, from body: ByteBuffer, headers: HTTPHeaders, userInfo: [CodingUserInfoKey: Sendable]
        ) throws -> D {
            if body.withUnsafeReadableBytes(refuses) { throw NULRejection.error }
            return try decoder.decode(decodable, from: body, headers: headers, userInfo: userInfo)
        }
    }
}
