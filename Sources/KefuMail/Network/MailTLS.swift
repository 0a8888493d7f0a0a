import NIOSSL

/// How Kefu trusts mail servers' certificates: the system's roots, plus a CA file for a company's own mail server
/// (`KEFU_MAIL_CA_FILE`). Hostnames are always verified; there is no switch to turn verification off.
public struct MailTLS: Sendable {
    public let extraCAFile: String?

    public init(extraCAFile: String? = nil) {
        self.extraCAFile = extraCAFile?.isEmpty == true ? nil : extraCAFile
    }

    func context() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let extraCAFile { configuration.additionalTrustRoots = [.file(extraCAFile)] }
        return try NIOSSLContext(configuration: configuration)
    }

    /// SNI cannot carry an IP address; NIOSSL then checks the certificate against the address it connected to.
    static func serverName(_ host: String) -> String? {
        host.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" } ? nil : host
    }
}
