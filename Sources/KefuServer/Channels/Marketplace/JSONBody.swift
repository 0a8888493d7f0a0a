import Foundation

/// A request body built in place, for APIs whose bodies are a handful of fields.
enum JSONBody: Encodable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByDictionaryLiteral
{
    case string(String)
    case number(UInt64)
    case bool(Bool)
    case object([String: JSONBody])

    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: UInt64) { self = .number(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(dictionaryLiteral elements: (String, JSONBody)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { $1 }))
    }

    /// A platform id: a number when it is one, as the platform sent it.
    static func id(_ text: String) -> JSONBody {
        UInt64(text).map(JSONBody.number) ?? .string(text)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    var data: Data {
        get throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return try encoder.encode(self)
        }
    }
}
