/// The version Kefu reports in `/api/v1/health` and `kefu --version`.
public enum KefuVersion {
    public static let current = "0.1.0"
}
