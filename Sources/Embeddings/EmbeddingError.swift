/// Why a model folder could not be loaded. Every case names the file at fault so the message
/// tells the user what to fix (usually: run scripts/setup-model.sh).
public enum EmbeddingError: Error, CustomStringConvertible, Sendable {
    case missingFile(String)
    case badFile(String, String)
    /// Memory for the named derived weights (such as the int8 copies) could not be had.
    case outOfMemory(String)

    public var description: String {
        switch self {
        case .missingFile(let path):
            return "model file missing: \(path) (install the model with scripts/setup-model.sh)"
        case .badFile(let path, let reason):
            return "bad model file \(path): \(reason)"
        case .outOfMemory(let what):
            return "out of memory for \(what)"
        }
    }
}
