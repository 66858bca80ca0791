import Foundation
import Hummingbird

/// CSS, JS and fonts from Resources/static, read and gzipped once at start-up (they are
/// small: KaTeX is the bulk), then served from memory with ETags.
struct StaticAssets: Sendable {
    private let files: [String: Reply]

    init(directory: URL) throws {
        var files: [String: Reply] = [:]
        let root = directory.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: root) else {
            throw WebStartupError("cannot read static assets in \(root)")
        }
        let started = Date()
        while let relative = walker.nextObject() as? String {
            let url = URL(fileURLWithPath: root).appendingPathComponent(relative)
            guard let type = Self.contentType(url.pathExtension) else { continue }
            let bytes = try [UInt8](Data(contentsOf: url))
            files["/" + relative] = Reply(contentType: type, bytes: bytes, cacheControl: CachePolicy.asset, lastModified: started).compressed()
        }
        self.files = files
    }

    /// Only types we mean to serve; licence texts and READMEs stay in the repository.
    static func contentType(_ ext: String) -> String? {
        switch ext {
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "woff2": return "font/woff2"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "ico": return "image/x-icon"
        default: return nil
        }
    }

    func reply(_ path: String) -> Reply? { files[path] }
}
