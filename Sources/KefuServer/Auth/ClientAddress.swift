import Vapor

extension Request {
    /// The address a request came from, for counting failed sign-ins and showing a user their sessions.
    ///
    /// Behind a reverse proxy every request comes from the proxy; with `KEFU_TRUST_PROXY=1` the last address the proxy
    /// appended to `X-Forwarded-For` is used instead. Earlier entries are the client's own claims and never trusted.
    func clientAddress(trustingProxy: Bool) -> String {
        if trustingProxy,
            let forwarded = headers[.xForwardedFor].last?.split(separator: ",").last?.trimmingCharacters(in: .whitespaces),
            !forwarded.isEmpty
        {
            return String(forwarded.prefix(64))
        }
        return remoteAddress?.ipAddress ?? "unknown"
    }
}
