import Foundation
import KefuCore
import KefuServer
import Logging
import NIOCore
import NIOPosix
import Vapor

// Async handlers run on Vapor's event loops instead of hopping to Swift's own thread pool and back for every request
// (check endpoint at 32 clients: see docs/BENCHMARKS.md). Must happen before any other concurrency.
NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()

// Logs go to standard error so commands that print JSON (`kefu store add --json`) stay machine-readable.
// Vapor makes a logger per request: the level is read once, not from the environment each time (that was a sixth of
// a compliance check's time), and metadata is formatted only for lines written (`KefuLogHandler`).
// `kefu serve --demo-live`: buyers write in the demo workspace's stores every few seconds (`KEFU_DEMO_LIVE`).
var arguments = ProcessInfo.processInfo.arguments
if let flag = arguments.firstIndex(of: "--demo-live") {
    arguments.remove(at: flag)
    setenv("KEFU_DEMO_LIVE", "on", 0)
}
let env = try Environment.detect(arguments: arguments)
let logLevel = Environment.get("LOG_LEVEL").flatMap(Logger.Level.init(rawValue:)) ?? .notice
let jsonLogs = KefuLogHandler.wantsJSON()
LoggingSystem.bootstrap { label in KefuLogHandler(label: label, level: logLevel, json: jsonLogs) }
let app = try await Application.make(env)
var status: Int32 = 0
do {
    try await configure(app)
    // What `app.execute()` does, without its logging every thrown error as a warning: a command's error is printed
    // once, below, and `kefu lint`'s verdict (a `CommandExit`) is not an error at all.
    try await app.startup()
    try await app.running?.onStop.get()
} catch let answer as CommandExit {
    status = answer.status
} catch let error as KefuError {
    FileHandle.standardError.write(Data("kefu: \(error.message)\n".utf8))
    status = 1
} catch {
    FileHandle.standardError.write(Data("kefu: \(error)\n".utf8))
    status = 1
}
try await app.asyncShutdown()
if status != 0 { exit(status) }
