import Foundation
import KefuCore
import KefuServer
import Logging
import Vapor

// Logs go to standard error so commands that print JSON (`kefu store add --json`) stay machine-readable.
let env = try Environment.detect()
LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = Environment.get("LOG_LEVEL").flatMap(Logger.Level.init(rawValue:)) ?? .notice
    return handler
}
let app = try await Application.make(env)
var failed = false
do {
    try await configure(app)
    try await app.execute()
} catch let error as KefuError {
    FileHandle.standardError.write(Data("kefu: \(error.message)\n".utf8))
    failed = true
} catch {
    FileHandle.standardError.write(Data("kefu: \(error)\n".utf8))
    failed = true
}
try await app.asyncShutdown()
if failed { exit(1) }
