import Foundation
import Mustache

/// The Mustache templates in Resources/templates, loaded once at start-up.
struct Templates: Sendable {
    private let library: MustacheLibrary

    init(directory: URL) async throws {
        library = try await MustacheLibrary(directory: directory.path)
        for name in ["layout", "listing", "search", "paper", "error", "card", "vote", "filter", "pager", "collections", "collection", "notifications", "comment-history", "moderation", "about-ranking", "account-form", "settings", "profile", "links-form"] where library.getTemplate(named: name) == nil {
            throw WebStartupError("template \(name).mustache is missing from \(directory.path)")
        }
    }

    func render(_ view: Any, _ name: String) -> String {
        // Presence was checked at start-up, so a nil here cannot happen.
        library.render(view, withTemplate: name) ?? ""
    }
}

/// The app cannot start: a resource is missing or unreadable.
public struct WebStartupError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Where the `.copy("Resources")` folder ends up next to the binary.
enum ResourceLocation {
    static func folder() throws -> URL {
        guard let url = Bundle.module.url(forResource: "Resources", withExtension: nil) else {
            throw WebStartupError("the Web module's Resources folder is missing from its bundle")
        }
        return url
    }
}
