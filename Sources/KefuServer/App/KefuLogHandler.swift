import Foundation
import Logging

/// Standard error, as `StreamLogHandler` writes it, but with metadata formatted when a line is written rather than
/// whenever it changes: Vapor gives every request's logger a request id, so each request paid for formatting a line
/// that is almost never written. With `KEFU_LOG_FORMAT=json` each line is one JSON object instead, for a log
/// collector: `time`, `level`, `label`, `message`, `source` and the metadata as `metadata`.
public struct KefuLogHandler: LogHandler {
    private var output: StreamLogHandler
    private let json: Bool
    public var metadata: Logger.Metadata = [:]

    public init(label: String, level: Logger.Level, json: Bool = false) {
        output = StreamLogHandler.standardError(label: label)
        output.logLevel = level
        self.json = json
        self.label = label
    }

    private let label: String

    /// Whether `KEFU_LOG_FORMAT` asks for JSON lines.
    public static func wantsJSON(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        environment["KEFU_LOG_FORMAT"]?.lowercased() == "json"
    }

    public var logLevel: Logger.Level {
        get { output.logLevel }
        set { output.logLevel = newValue }
    }

    public var metadataProvider: Logger.MetadataProvider? {
        get { output.metadataProvider }
        set { output.metadataProvider = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var event = event
        if !metadata.isEmpty {
            event.metadata = metadata.merging(event.metadata ?? [:]) { _, explicit in explicit }
        }
        guard json else {
            output.log(event: event)
            return
        }
        FileHandle.standardError.write(Self.jsonLine(event, label: label, at: Date()))
    }

    static func jsonLine(_ event: LogEvent, label: String, at date: Date) -> Data {
        var object: [String: Any] = [
            "time": date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true)),
            "level": event.level.rawValue, "label": label, "message": event.message.description,
            "source": event.source,
        ]
        if let metadata = event.metadata, !metadata.isEmpty {
            object["metadata"] = metadata.mapValues(\.description)
        }
        var line = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        line.append(0x0A)
        return line
    }
}
