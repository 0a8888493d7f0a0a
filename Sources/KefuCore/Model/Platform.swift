/// A marketplace a store sells on. The raw value is the identifier used in the API, the command line and `policies/`.
public enum Platform: String, Codable, Sendable, CaseIterable, Hashable {
    case walmartUS = "walmart-us"
    case amazonUS = "amazon-us"
    case ebay
    case noon
    case ozon
    case pinduoduo
    case taobao
    case tmall
    case jd
    case douyin

    /// The name sellers know the marketplace by.
    public var displayName: String {
        switch self {
        case .walmartUS: "Walmart US"
        case .amazonUS: "Amazon US"
        case .ebay: "eBay"
        case .noon: "Noon"
        case .ozon: "Ozon"
        case .pinduoduo: "拼多多 Pinduoduo"
        case .taobao: "淘宝 Taobao"
        case .tmall: "天猫 Tmall"
        case .jd: "京东 JD"
        case .douyin: "抖店 Douyin"
        }
    }

    /// Parses the API identifier, accepting a few spellings people type (`walmart`, `amazon`, `pdd`).
    public init?(identifier: String) {
        let key = identifier.lowercased()
        if let exact = Platform(rawValue: key) {
            self = exact
            return
        }
        switch key {
        case "walmart", "walmart_us", "walmartus": self = .walmartUS
        case "amazon", "amazon_us", "amazonus": self = .amazonUS
        case "pdd": self = .pinduoduo
        case "tiktok", "doudian": self = .douyin
        default: return nil
        }
    }

    /// Parses an identifier a person gave, or explains which identifiers exist: the one error every interface
    /// (API, pages, command line) answers an unknown platform with.
    public static func named(_ identifier: String) throws(KefuError) -> Platform {
        guard let platform = Platform(identifier: identifier) else {
            throw KefuError.invalid(
                "unknown_platform",
                "\(identifier) is not a platform; use one of \(Platform.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return platform
    }
}
