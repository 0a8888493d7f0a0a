extension RawRepresentable where RawValue == String {
    /// A value read back from storage (`field` names the column). An unknown one means the row was written by a newer
    /// Kefu or by hand: an error to report, never a default to guess (a conversation read as pre-sale, a message as the
    /// customer's, or a store as Walmart's would change what agents may do with it).
    public static func stored(_ raw: String, in field: String) throws(KefuError) -> Self {
        guard let value = Self(rawValue: raw) else {
            throw KefuError(
                code: "unknown_stored_value", status: 500,
                message: "The column \(field) holds \(raw), which this Kefu does not know.")
        }
        return value
    }
}
