import Foundation
import KefuCore
import Vapor

/// `GET /api/v1/attachments/{id}` for programs and `GET /attachments/{id}` for the workbench's links (a link cannot
/// send the header the API wants with a cookie). Always a download, typed as bytes, sandboxed if opened anyway.
struct AttachmentController: RouteCollection {
    let deps: Dependencies

    func boot(routes: any RoutesBuilder) throws {
        routes.get(SitePage.attachment.components, use: download)
    }

    @Sendable func download(req: Request) async throws -> Response {
        let viewer = try req.viewer
        try viewer.require(.read)
        let (info, bytes) = try await Attachments.download(
            try req.parameters.requireUUID("attachmentID"), for: viewer, on: req.db.sql)
        var headers = HTTPHeaders()
        headers.contentType = .binary
        headers.replaceOrAdd(name: .contentDisposition, value: Self.disposition(info.filename))
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        headers.replaceOrAdd(name: "Content-Security-Policy", value: "sandbox; default-src 'none'")
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return Response(status: .ok, headers: headers, body: .init(data: bytes))
    }

    /// `attachment; filename="ascii"; filename*=UTF-8''%E7%A0%B4…` (RFC 6266): every browser gets a usable name.
    static func disposition(_ filename: String) -> String {
        let ascii = String(filename.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" && $0.value >= 32 ? Character($0) : "_" })
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let encoded = filename.addingPercentEncoding(withAllowedCharacters: allowed) ?? ascii
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }
}
