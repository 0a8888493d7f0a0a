import Fluent
import Foundation
import KefuCore
import KefuMail
import SQLKit

/// `kefu import`: a store's earlier conversations from a mailbox export (mbox, a folder of .eml files) or a chat log
/// (CSV), through the same ingest path as `/api/v1/ingest` and the channels, so importing twice stores nothing twice.
/// A CSV is checked whole before anything is stored: a bad row stops the import with its line number.
struct HistoryImport {
    let ingest: IngestService
    let db: any Database
    let transactions: WriteTransactions
    let clock: KefuClock

    enum Format: String, CaseIterable, Sendable {
        case mbox
        case emlDir = "eml-dir"
        case csv
    }

    struct Summary: Encodable, Sendable {
        var read = 0
        var imported = 0
        var alreadyThere = 0
        /// Why messages were left out (auto-replies, delivery reports) and how many.
        var skipped: [String: Int] = [:]
    }

    /// Messages stored per ingest call.
    static let batchSize = 500

    func run(
        _ format: Format, at path: String, into store: IngestingStore, ownAddress: String?,
        progress: (_ done: Int, _ total: Int) -> Void
    ) async throws -> Summary {
        switch format {
        case .csv: return try await importCSV(path, into: store, progress: progress)
        case .mbox, .emlDir:
            let sources = try Self.mailSources(format, at: path)
            return try await importMail(sources, into: store, ownAddress: ownAddress, progress: progress)
        }
    }

    static func mailSources(_ format: Format, at path: String) throws -> [[UInt8]] {
        let manager = FileManager.default
        if format == .mbox {
            guard let data = manager.contents(atPath: path) else { throw KefuError.invalid("unreadable_file", "Cannot read \(path).") }
            return Mbox.messages(in: data)
        }
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
            throw KefuError.invalid("not_a_folder", "\(path) is not a folder of .eml files.")
        }
        let names = try manager.contentsOfDirectory(atPath: path).filter { $0.lowercased().hasSuffix(".eml") }.sorted()
        return try names.map { name in
            guard let data = manager.contents(atPath: path + "/" + name) else {
                throw KefuError.invalid("unreadable_file", "Cannot read \(path)/\(name).")
            }
            return [UInt8](data)
        }
    }

    private func importMail(
        _ sources: [[UInt8]], into store: IngestingStore, ownAddress: String?, progress: (Int, Int) -> Void
    ) async throws -> Summary {
        var summary = Summary()
        var inbound = EmailInbound(store: store, ownAddress: ownAddress)
        inbound.ownMessagesAreReplies = true
        // Oldest first, so replies find the messages they answer.
        let ordered = sources.map { ($0, MailMessage(bytes: $0).date ?? .distantPast) }.sorted { $0.1 < $1.1 }.map(\.0)
        progress(0, ordered.count)
        for batch in ordered.chunked(by: Self.batchSize) {
            let read = EmailInbound.Batch(try await inbound.read(Array(batch), receivedAt: clock.now(), on: db.sql))
            summary.skipped.merge(read.skipped, uniquingKeysWith: +)
            try await save(read.messages, into: store, summary: &summary)
            try await transactions.run(on: db) { tx in try await Attachments.store(read.files, store: store, at: tx.now, on: tx.sql) }
            summary.read += batch.count
            progress(summary.read, ordered.count)
        }
        return summary
    }

    private func importCSV(_ path: String, into store: IngestingStore, progress: (Int, Int) -> Void) async throws -> Summary {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KefuError.invalid("unreadable_file", "Cannot read \(path).")
        }
        let log: ChatLogCSV
        do {
            log = try ChatLogCSV(String(decoding: data, as: UTF8.self))
        } catch {
            throw KefuError.invalid("invalid_csv", error.description)
        }
        let now = clock.now()
        var messages: [IncomingMessage] = []
        for index in log.rows.indices {
            do {
                let message = try log.message(index, receivedAt: now)
                try IngestLimits.validate(message, at: "line \(index + 2)")
                messages.append(message)
            } catch let error as ChatLogCSV.Problem {
                throw KefuError.invalid("invalid_csv", error.description + " Nothing was imported.")
            } catch let error as KefuError {
                throw KefuError.invalid("invalid_csv", error.message + " Nothing was imported.")
            }
        }
        messages.sort { $0.sentAt < $1.sentAt }
        var summary = Summary()
        progress(0, messages.count)
        for batch in messages.chunked(by: Self.batchSize) {
            try await save(Array(batch), into: store, summary: &summary)
            summary.read += batch.count
            progress(summary.read, messages.count)
        }
        return summary
    }

    private func save(_ messages: [IncomingMessage], into store: IngestingStore, summary: inout Summary) async throws {
        guard !messages.isEmpty else { return }
        let result = try await ingest.ingest(messages, into: store)
        summary.imported += result.accepted
        summary.alreadyThere += result.duplicates.count
    }
}
