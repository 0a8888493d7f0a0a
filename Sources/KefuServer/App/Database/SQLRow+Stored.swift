import Foundation
import KefuCore
import SQLKit

extension SQLRow {
    /// A column holding one of an enumeration's raw values. A value this Kefu does not know means the row was written
    /// by a newer version or by hand: an error to report, never a default to guess (a conversation read as pre-sale,
    /// or a message as the customer's, would change what agents may do with it).
    func decodeStored<Value: RawRepresentable>(column: String, as type: Value.Type) throws -> Value where Value.RawValue == String {
        let raw = try decode(column: column, as: String.self)
        guard let value = Value(rawValue: raw) else {
            throw KefuError(
                code: "unknown_stored_value", status: 500,
                message: "The column \(column) holds \(raw), which this Kefu does not know.")
        }
        return value
    }
}
