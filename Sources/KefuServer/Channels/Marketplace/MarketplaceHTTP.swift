import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// A channel's JSON conversation with one marketplace API: every request waits for the channel's rate, a 429 is
/// honoured (`Retry-After`, else back-off) and a 5xx or a timeout is tried again a few times before it becomes a
/// `MarketplaceError`.
struct MarketplaceHTTP: Sendable {
    let client: HTTPClient
    let baseURL: String
    let bucket: TokenBucket
    let logger: Logger
    var timeout: TimeAmount = .seconds(30)
    /// Attempts for a request the platform did not answer or answered with a 5xx; 429s are waited out separately.
    var attempts = 4
    /// How many 429s in a row one request waits out before giving up for now.
    var rateLimitPatience = 20

    enum Body {
        case json(Data)
        case form(String)
    }

    /// Sends one request and returns the response body of a 2xx. `retrying: false` is for requests that must not be
    /// repeated once the platform may have acted on them (sending a message): only a 429 is waited out.
    func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: Body? = nil,
        headers: HTTPHeaders, retrying: Bool = true
    ) async throws -> Data {
        var failures = 0
        var refusals = 0
        var backoff = Backoff(base: .milliseconds(500), cap: .seconds(30))
        while true {
            try await bucket.take()
            let outcome: (status: Int, body: Data, retryAfter: String?)
            do {
                outcome = try await attempt(method, path, query: query, body: body, headers: headers)
            } catch {
                failures += 1
                let reason = "\(method.rawValue) \(path): \(Self.describe(error))"
                guard retrying, failures < attempts else { throw MarketplaceError(.transient, reason) }
                logger.debug("retrying after \(reason)")
                try await Task.sleep(for: backoff.next())
                continue
            }
            switch outcome.status {
            case 200..<300:
                return outcome.body
            case 429:
                refusals += 1
                let wait = outcome.retryAfter.flatMap(Double.init).map { min(max($0, 0.05), 120) }
                    ?? Backoff.delay(attempt: refusals, base: 0.5, cap: 30)
                await bucket.pause(for: wait)
                guard refusals < rateLimitPatience else {
                    throw MarketplaceError(.transient, status: 429, "\(path): the platform keeps refusing: too many requests.")
                }
            case 401, 403:
                throw MarketplaceError(
                    .authentication, status: outcome.status,
                    MarketplaceError.platformMessage(in: outcome.body) ?? "The platform refused the credentials (HTTP \(outcome.status)).")
            case 400..<500:
                throw MarketplaceError(
                    .rejected, status: outcome.status,
                    MarketplaceError.platformMessage(in: outcome.body) ?? "The platform refused the request (HTTP \(outcome.status)).")
            default:
                failures += 1
                let message = MarketplaceError.platformMessage(in: outcome.body) ?? "HTTP \(outcome.status)"
                guard retrying, failures < attempts else {
                    throw MarketplaceError(.transient, status: outcome.status, "\(path): \(message)")
                }
                try await Task.sleep(for: backoff.next())
            }
        }
    }

    private func attempt(
        _ method: HTTPMethod, _ path: String, query: [(String, String)], body: Body?, headers: HTTPHeaders
    ) async throws -> (status: Int, body: Data, retryAfter: String?) {
        var components = URLComponents(string: baseURL + path)
        if !query.isEmpty { components?.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        guard let url = components?.string else { throw MarketplaceError(.rejected, "Bad address \(baseURL + path)") }
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers = headers
        request.headers.replaceOrAdd(name: "Accept", value: "application/json")
        switch body {
        case .json(let data):
            request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: data))
        case .form(let text):
            request.headers.replaceOrAdd(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: text))
        case nil:
            break
        }
        let response = try await client.execute(request, timeout: timeout)
        let buffer = try await response.body.collect(upTo: 32 << 20)
        return (Int(response.status.code), Data(buffer.readableBytesView), response.headers.first(name: "Retry-After"))
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout: return "timed out"
            case .remoteConnectionClosed: return "the connection was closed"
            default: return "\(error)"
            }
        }
        if let error = error as? MarketplaceError { return error.message }
        return "\(error)"
    }
}
