import Foundation
import Testing
import VaporTesting

/// A parsed JSON response, read with subscripts: `json["items"][0]["id"].string`.
struct JSON: @unchecked Sendable {
    let value: Any?

    init(_ value: Any?) { self.value = value }

    subscript(key: String) -> JSON { JSON((value as? [String: Any])?[key]) }
    subscript(index: Int) -> JSON {
        guard let array = value as? [Any], array.indices.contains(index) else { return JSON(nil) }
        return JSON(array[index])
    }

    var string: String? { value as? String }
    var int: Int? { (value as? NSNumber)?.intValue }
    var bool: Bool? { (value as? NSNumber)?.boolValue }
    var array: [JSON] { (value as? [Any])?.map(JSON.init) ?? [] }
    var isNull: Bool { value == nil || value is NSNull }
    var strings: [String] { array.compactMap(\.string) }
}

extension TestingHTTPResponse {
    func json() throws -> JSON {
        JSON(try JSONSerialization.jsonObject(with: Data(buffer: body), options: [.fragmentsAllowed]))
    }

    /// The `error.code` of Kefu's error body.
    var errorCode: String? { (try? json())?["error"]["code"].string }
}
