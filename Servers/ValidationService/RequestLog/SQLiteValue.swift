/// A value bound to a `?` parameter of a prepared statement.
///
/// Binding instead of splicing text into SQL is what keeps request ids, URLs and messages
/// from ever being read as SQL.
enum SQLiteValue: Sendable {
    case integer(Int64)
    case text(String)
    case null

    /// `.text` for a string, `.null` for nil.
    static func optionalText(_ value: String?) -> SQLiteValue { value.map(SQLiteValue.text) ?? .null }
    /// `.integer` for a number, `.null` for nil.
    static func optionalInteger(_ value: Int?) -> SQLiteValue { value.map { .integer(Int64($0)) } ?? .null }
}
