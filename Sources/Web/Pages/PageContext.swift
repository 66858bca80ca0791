import Mustache
import PaperboyCore

/// What a template renders: the page's view, plus `viewer` for the header (who is signed in,
/// the sign-out form's CSRF token). Views of hot pages answer by name (`MustacheParent`);
/// the rare account pages are plain structs, read by reflection.
struct PageContext: MustacheParent {
    let view: Any
    let viewer: ViewerView?

    func child(named name: String) -> Any? {
        if name == "viewer" { return viewer }
        if let parent = view as? any MustacheParent { return parent.child(named: name) }
        guard let value = Mirror(reflecting: view).children.first(where: { $0.label == name })?.value else { return nil }
        // An empty optional reads as missing, as it does through `MustacheParent`.
        let mirror = Mirror(reflecting: value)
        return mirror.displayStyle == .optional ? mirror.children.first?.value : value
    }
}

/// The signed-in person as the layout shows them.
struct ViewerView: MustacheParent {
    var username: String
    var profileHref: String
    var csrf: String
    var isModerator: Bool
    /// Unread notices; nil for none (Mustache shows a section for 0).
    var unread: Int?

    init(_ viewer: Viewer) {
        username = viewer.user.username
        profileHref = "/u/" + viewer.user.username
        csrf = viewer.csrfToken ?? ""
        isModerator = viewer.user.role >= .moderator
        unread = viewer.unreadNotices > 0 ? viewer.unreadNotices : nil
    }

    func child(named name: String) -> Any? {
        switch name {
        case "username": username
        case "profileHref": profileHref
        case "csrf": csrf
        case "isModerator": isModerator
        case "unread": unread
        default: nil
        }
    }
}
