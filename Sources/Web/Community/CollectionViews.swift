import Foundation
import PaperboyCore

// Views of the collection pages, read by reflection (see `PageContext`): rendered per
// request, never from the shared cache.

struct CollectionsView {
    var layout: LayoutView
    var csrf: String
    var error: String? = nil
    var name = ""
    var collections: [CollectionSummaryView]
}

struct CollectionSummaryView {
    var name: String
    var href: String
    var papers: Int
    var isPublic: Bool
    var updated: String

    init(_ c: PaperCollection) {
        name = c.name; href = CollectionController.path(c.id); papers = c.paperCount; isPublic = c.isPublic
        updated = CardBuilder.displayDate(Day(c.updatedAt))
    }
}

struct CollectionView {
    var layout: LayoutView
    var name: String
    /// Nil when empty: Mustache shows a section for an empty string.
    var description: String?
    var owner: String
    var ownerHref: String
    var isPublic: Bool
    var isOwner: Bool
    var csrf: String
    var error: String? = nil
    var base: String
    var items: [CollectionItemView]
    var formats: [LinkView]
    /// More like this collection.
    var similar: [PaperCardView]
    /// Stored, not computed: templates read views by reflection, which sees stored fields only.
    var hasSimilar: Bool
}

struct CollectionItemView {
    var card: PaperCardView
    var paperID: String
    /// What the owner's note field holds; `shownNote` is nil without a note (see `description`).
    var note: String
    var shownNote: String?
    var position: Int
    var up: Int?
    var down: Int?
}

/// The save form on a paper page: the viewer's collections, ticked where the paper is.
struct SaveView {
    var paperID: String
    var csrf: String
    var collections: [SaveChoiceView]
}

struct SaveChoiceView { var id: Int64; var name: String; var holds: Bool; var href: String }
