import Foundation
import KefuCore
import Vapor

/// Bulk exports: `POST /exports` queues one for a filtered list, `GET /exports` and `GET /exports/{id}` show progress,
/// `GET /exports/{id}/download` streams the finished file, `DELETE /exports/{id}` removes it.
struct ExportController: RouteCollection {
    let deps: Dependencies

    func boot(routes: any RoutesBuilder) throws {
        let exports = routes.grouped("exports")
        exports.post(use: request)
        exports.get(use: list)
        exports.get(":exportID", use: show)
        exports.get(":exportID", "download", use: download)
        exports.delete(":exportID", use: remove)
    }

    /// `{"format": "csv"|"jsonl", "parameters": {"storeID": …, "from": "2026-11-01", "to": "2026-12-01", …}}`.
    struct Request: Content {
        let format: String?
        let parameters: [String: String]?
    }

    struct ListResponse: Content {
        let items: [BulkExport]
    }

    @Sendable func request(req: Vapor.Request) async throws -> Response {
        let input = try req.content.decode(Request.self)
        let export = try await deps.bulkExports(on: req.db).request(
            format: input.format, parameters: input.parameters ?? [:], by: try req.viewer)
        let response = try await export.encodeResponse(status: .accepted, for: req)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/exports/\(export.id)")
        return response
    }

    @Sendable func list(req: Vapor.Request) async throws -> ListResponse {
        ListResponse(items: try await deps.bulkExports(on: req.db).list(by: try req.viewer))
    }

    @Sendable func show(req: Vapor.Request) async throws -> BulkExport {
        try await deps.bulkExports(on: req.db).get(try req.parameters.requireUUID("exportID"), by: try req.viewer)
    }

    @Sendable func remove(req: Vapor.Request) async throws -> HTTPStatus {
        try await deps.bulkExports(on: req.db).remove(try req.parameters.requireUUID("exportID"), by: try req.viewer)
        return .noContent
    }

    /// The file, read from the database one part at a time as the client takes it.
    @Sendable func download(req: Vapor.Request) async throws -> Response {
        let exports = deps.bulkExports(on: req.db)
        let (export, parts) = try await exports.download(try req.parameters.requireUUID("exportID"), by: try req.viewer)
        let response = Response(status: .ok, body: .init(asyncStream: { writer in
            for seq in 0..<parts {
                try await writer.write(.buffer(ByteBuffer(data: try await exports.part(seq, of: export.id))))
            }
            try await writer.write(.end)
        }, count: Int(export.bytes)))
        response.headers.contentType = export.format.contentType
        let stamp = export.createdAt.formatted(.iso8601.year().month().day())
        response.headers.contentDisposition = .init(.attachment, filename: "kefu-export-\(stamp)-\(export.id.uuidString.prefix(8)).\(export.format.rawValue)")
        return response
    }
}
