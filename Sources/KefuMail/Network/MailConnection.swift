import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// A TCP connection to a mail server, TLS from the start or after STARTTLS, read as CRLF lines and counted bytes
/// (IMAP literals). One task uses a connection at a time; the IMAP and SMTP clients are built on it.
final class MailConnection {
    private let channel: any Channel
    private var incoming: AsyncThrowingStream<ByteBuffer, any Error>.AsyncIterator
    private var buffer = ByteBuffer()
    private let arrivals: NIOLockedValueBox<Int>
    private var taken = 0
    private let host: String
    let timeout: TimeAmount

    /// The longest line a server may send; more is a broken or hostile server, not mail.
    static let maximumLine = 1 << 20

    private init(
        channel: any Channel, incoming: AsyncThrowingStream<ByteBuffer, any Error>, arrivals: NIOLockedValueBox<Int>,
        host: String, timeout: TimeAmount
    ) {
        self.channel = channel
        self.incoming = incoming.makeAsyncIterator()
        self.arrivals = arrivals
        self.host = host
        self.timeout = timeout
    }

    static func open(
        host: String, port: Int, implicitTLS: Bool, tls: MailTLS, timeout: TimeAmount,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> MailConnection {
        let (stream, continuation) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
        let arrivals = NIOLockedValueBox(0)
        let sslContext = implicitTLS ? try tls.context() : nil
        let serverName = MailTLS.serverName(host)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(timeout)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let sslContext {
                            try channel.pipeline.syncOperations.addHandler(
                                try NIOSSLClientHandler(context: sslContext, serverHostname: serverName))
                        }
                        try channel.pipeline.syncOperations.addHandler(StreamingHandler(continuation, arrivals: arrivals))
                    }
                }
                .connect(host: host, port: port).get()
        } catch {
            throw MailProtocolError(.connection, "Cannot connect to \(host):\(port): \(describe(error)).")
        }
        // A task cancelled while it waits ends the stream; the connection then goes too.
        continuation.onTermination = { _ in channel.close(promise: nil) }
        return MailConnection(channel: channel, incoming: stream, arrivals: arrivals, host: host, timeout: timeout)
    }

    /// Turns a plain connection into TLS after the server agreed to STARTTLS.
    func startTLS(_ tls: MailTLS) async throws {
        guard buffer.readableBytes == 0 else {
            throw MailProtocolError(.protocolViolation, "The server sent data before the TLS handshake (STARTTLS injection).")
        }
        let context = try tls.context()
        let serverName = MailTLS.serverName(host)
        try await channel.eventLoop.submit { [channel] in
            try channel.pipeline.syncOperations.addHandler(
                try NIOSSLClientHandler(context: context, serverHostname: serverName), position: .first)
        }.get()
    }

    func write(_ text: String) async throws {
        try await write(Array(text.utf8))
    }

    func write(_ bytes: [UInt8]) async throws {
        do {
            try await channel.writeAndFlush(ByteBuffer(bytes: bytes)).get()
        } catch {
            throw MailProtocolError(.connection, "The connection to \(host) broke while sending: \(describe(error)).")
        }
    }

    /// The next line without its CRLF, as bytes (headers and literals may hold any charset).
    func readLineBytes(timeout: TimeAmount? = nil) async throws -> [UInt8] {
        while true {
            if let view = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
                let length = view - buffer.readerIndex
                var line = buffer.readBytes(length: length + 1) ?? []
                line.removeLast()
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return line
            }
            guard buffer.readableBytes <= Self.maximumLine else {
                throw MailProtocolError(.protocolViolation, "\(host) sent a line longer than 1 MiB.")
            }
            try await fill(timeout: timeout ?? self.timeout)
        }
    }

    func readLine(timeout: TimeAmount? = nil) async throws -> String {
        String(decoding: try await readLineBytes(timeout: timeout), as: UTF8.self)
    }

    func readBytes(_ count: Int) async throws -> [UInt8] {
        while buffer.readableBytes < count { try await fill(timeout: timeout) }
        return buffer.readBytes(length: count) ?? []
    }

    /// Writes `bytes` after `delay` unless cancelled first, once even if `writeNow` races the timer (IMAP's DONE).
    func writeLater(_ bytes: [UInt8], after delay: TimeAmount) -> OnceWriter {
        let writer = OnceWriter(channel: channel, bytes: bytes)
        writer.timer = channel.eventLoop.scheduleTask(in: delay) { writer.writeNow() }
        return writer
    }

    func close() async {
        try? await channel.close().get()
    }

    /// Waits for more bytes; a timer closes the channel when none come in time, which ends the wait.
    /// Bytes that arrived before the timer fired keep the connection open even when this task (starved by a busy
    /// process) has not taken them yet: the server did answer in time.
    private func fill(timeout: TimeAmount) async throws {
        let timedOut = NIOLockedValueBox(false)
        let takenBefore = taken
        let timer = channel.eventLoop.scheduleTask(in: timeout) { [channel, arrivals] in
            guard arrivals.withLockedValue({ $0 }) == takenBefore else { return }
            timedOut.withLockedValue { $0 = true }
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        let next: ByteBuffer?
        do {
            next = try await incoming.next()
        } catch {
            throw MailProtocolError(.connection, "The connection to \(host) broke: \(describe(error)).")
        }
        guard var bytes = next else {
            if timedOut.withLockedValue({ $0 }) {
                throw MailProtocolError(.timeout, "\(host) did not answer within \(timeout.nanoseconds / 1_000_000_000) s.")
            }
            throw MailProtocolError(.connection, "\(host) closed the connection.")
        }
        taken += 1
        buffer.writeBuffer(&bytes)
    }
}

/// Hands what the server sends to the connection's reader.
private final class StreamingHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    let continuation: AsyncThrowingStream<ByteBuffer, any Error>.Continuation
    let arrivals: NIOLockedValueBox<Int>

    init(_ continuation: AsyncThrowingStream<ByteBuffer, any Error>.Continuation, arrivals: NIOLockedValueBox<Int>) {
        self.continuation = continuation
        self.arrivals = arrivals
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        arrivals.withLockedValue { $0 += 1 }
        continuation.yield(unwrapInboundIn(data))
    }

    func channelInactive(context: ChannelHandlerContext) {
        continuation.finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        continuation.finish(throwing: error)
        context.close(promise: nil)
    }
}

/// A write that happens once: when its timer fires or when asked, whichever is first.
final class OnceWriter: Sendable {
    private let channel: any Channel
    private let bytes: [UInt8]
    private let written = NIOLockedValueBox(false)
    private let scheduled = NIOLockedValueBox<Scheduled<Void>?>(nil)

    init(channel: any Channel, bytes: [UInt8]) {
        self.channel = channel
        self.bytes = bytes
    }

    var timer: Scheduled<Void>? {
        get { scheduled.withLockedValue { $0 } }
        set { scheduled.withLockedValue { $0 = newValue } }
    }

    func writeNow() {
        guard written.withLockedValue({ done in defer { done = true }; return !done }) else { return }
        timer?.cancel()
        channel.writeAndFlush(ByteBuffer(bytes: bytes), promise: nil)
    }
}

func describe(_ error: any Error) -> String {
    if let error = error as? MailProtocolError { return error.message }
    if let error = error as? NIOSSLError { return "TLS: \(error)" }
    return String(describing: error)
}
