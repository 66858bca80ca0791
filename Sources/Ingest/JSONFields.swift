import PaperboyCore

extension JSONValue {
    /// The string at `key`; nil when absent or null. Any other type is an error that says so
    /// ("id" must be a string, not a number), not a "missing" field.
    func text(_ key: String, of id: String?) throws -> String? {
        guard let value = self[key], !value.isNull else { return nil }
        guard let s = value.string else {
            throw RecordProblem((id.map { "\($0): " } ?? "") + "\"\(key)\" must be a string, not \(value.typeName)")
        }
        return s
    }
}
