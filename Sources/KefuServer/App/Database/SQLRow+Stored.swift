import Foundation
import KefuCore
import SQLKit

extension SQLRow {
    /// A column holding one of an enumeration's raw values, strictly (`RawRepresentable.stored`).
    func decodeStored<Value: RawRepresentable>(column: String, as type: Value.Type) throws -> Value where Value.RawValue == String {
        try Value.stored(try decode(column: column, as: String.self), in: column)
    }
}
