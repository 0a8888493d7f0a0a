import Foundation

/// Reads a JSON document people edit (a policy, a compliance pack), naming the field at fault: `invalid` turns the place
/// and problem into the document's own error.
func decodeDocument<T: Decodable>(
    _ type: T.Type, from data: Data, invalid: (String) -> KefuError, notJSON: String = "the top level: not valid JSON"
) throws(KefuError) -> T {
    do {
        return try JSONDecoder().decode(type, from: data)
    } catch let error as DecodingError {
        throw invalid(error.fieldDescription)
    } catch {
        throw invalid(notJSON)
    }
}

extension DecodingError {
    /// Where a document went wrong, as the field path a person edits (`firstResponse.windows[0].start: is required`).
    var fieldDescription: String {
        func path(_ keys: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
            let all = keys + (last.map { [$0] } ?? [])
            guard !all.isEmpty else { return "the top level" }
            return all.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
                .replacingOccurrences(of: ".[", with: "[").trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch self {
        case .keyNotFound(let key, let context): return "\(path(context.codingPath, key)): is required"
        case .typeMismatch(_, let context): return "\(path(context.codingPath)): \(context.debugDescription)"
        case .valueNotFound(_, let context): return "\(path(context.codingPath)): must not be null"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "the top level: not valid JSON" : "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "an unknown place"
        }
    }
}
