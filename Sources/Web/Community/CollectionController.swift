import Foundation
import Hummingbird
import PaperboyCore
import PaperboyStore

/// Collections: `/collections` (yours, and a form for a new one), `/collections/{id}` with
/// its feeds (`.rss`, `.atom`, `.json`) and BibTeX (`.bib`), the owner's changes, and
/// `/collections/save` behind every "Save" button. A private collection answers 404 to
/// anyone but its owner, everywhere, so nobody learns that it exists.
struct CollectionController: Controller {
    let app: WebApp
    static let defaultName = "Reading list"
    static let maxName = 80, maxDescription = 500, maxNote = 2000
    static let similarShown = 10

    static func path(_ id: Int64) -> String { "/collections/\(id)" }

    func addRoutes(to routes: Routes) {
        routes.add("/collections", get: { r, c in try await mine(r, c) }, post: { r, c in try await create(r, c) })
        routes.add("/collections/save", post: { r, c in try await save(r, c) })
        // `:id` may carry a format: `12.rss`, `12.bib` (one parameter name per trie level).
        routes.add("/collections/:id", get: { r, c in try await show(r, c, file: try c.parameters.require("id")) })
        routes.add("/collections/:id/settings", post: { r, c in try await change(r, c) { id, viewer, form in
            let (name, description) = try Self.nameAndDescription(form)
            try await community.updateCollection(id: id, ownerID: viewer.user.id, name: name, description: description,
                                                 isPublic: form["public"] == "1", now: Date())
        } })
        routes.add("/collections/:id/delete", post: { r, c in try await delete(r, c) })
        routes.add("/collections/:id/papers/remove", post: { r, c in try await change(r, c) { id, viewer, form in
            try await community.removePaper(try Self.paper(form), fromCollection: id, ownerID: viewer.user.id, now: Date())
        } })
        routes.add("/collections/:id/papers/note", post: { r, c in try await change(r, c) { id, viewer, form in
            let note = (form["note"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard note.count <= Self.maxNote else { throw FormError("A note has at most \(Self.maxNote) characters") }
            try await community.setNote(note, paper: try Self.paper(form), collection: id, ownerID: viewer.user.id, now: Date())
        } })
        routes.add("/collections/:id/papers/move", post: { r, c in try await change(r, c) { id, viewer, form in
            guard let position = form["position"].flatMap(Int.init) else { throw FormError("A position is a whole number") }
            try await community.movePaper(try Self.paper(form), to: position, collection: id, ownerID: viewer.user.id, now: Date())
        } })
    }

    // MARK: - Pages

    func mine(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await signedIn(context, "/collections") { viewer in
            accountPage(request, try await collectionsView(viewer), "collections", viewer: viewer)
        }
    }

    func create(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await signedIn(context, "/collections") { viewer in
            do {
                let (name, description) = try Self.nameAndDescription(context.form)
                let made = try await community.createCollection(ownerID: viewer.user.id, name: name, description: description,
                                                                isPublic: context.form["public"] == "1", now: Date())
                return redirect(Self.path(made.id))
            } catch let error as FormError {
                var view = try await collectionsView(viewer)
                view.error = error.message; view.name = context.form["name"] ?? ""
                return accountPage(request, view, "collections", viewer: viewer, status: .unprocessableContent)
            } catch let error as CommunityError {
                var view = try await collectionsView(viewer)
                view.error = error.description; view.name = context.form["name"] ?? ""
                return accountPage(request, view, "collections", viewer: viewer, status: .conflict)
            }
        }
    }

    /// `/collections/12`, `/collections/12.bib`, `/collections/12.rss` and so on.
    func show(_ request: Request, _ context: AppRequestContext, file: String) async throws -> Response {
        let parts = file.split(separator: ".", maxSplits: 1).map(String.init)
        let collection = try await visible(parts[0], to: context.viewer)
        let items = try await community.items(collection: collection.id)
        var reply: Reply
        switch parts.count == 2 ? parts[1] : nil {
        case nil:
            reply = html(try await collectionView(collection, items, viewer: context.viewer), "collection", context.viewer)
        case "bib":
            reply = Reply(contentType: "application/x-bibtex; charset=utf-8", body: BibTeX.entries(items.map(\.paper)))
        case let ext?:
            guard let format = FeedFormat(rawValue: ext) else {
                throw WebError.notFound("no \(ext.prefix(20)) version of a collection; try .rss, .atom, .json or .bib")
            }
            reply = Reply(contentType: format.contentType, body: format.render(feed(collection, items, selfURL: absolute(request.uri.path))))
        }
        // Public ones may change any moment and private ones are the owner's: no shared cache.
        reply.cacheControl = collection.isPublic ? CachePolicy.privatePage : CachePolicy.none
        return reply.response(for: request)
    }

    // MARK: - Changes

    /// "Save" on a card or the paper page: into the chosen collection, or into the person's
    /// reading list (made, private, on first use).
    func save(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await signedIn(context, VoteController.returnPath(request, fallback: "/collections")) { viewer in
            let paperID: String
            do { paperID = try Self.paper(context.form) } catch let error as FormError {
                throw WebError(.unprocessableContent, error.message)
            }
            let target: Int64
            if let chosen = context.form["collection"].flatMap(Int64.init) {
                target = chosen
            } else if let reading = try await community.collections(ownerID: viewer.user.id).first(where: { $0.name == Self.defaultName }) {
                target = reading.id
            } else {
                target = try await community.createCollection(ownerID: viewer.user.id, name: Self.defaultName, description: "",
                                                              isPublic: false, now: Date()).id
            }
            do {
                if context.form["remove"] == "1" {
                    try await community.removePaper(paperID, fromCollection: target, ownerID: viewer.user.id, now: Date())
                } else {
                    try await community.addPaper(paperID, toCollection: target, ownerID: viewer.user.id, now: Date())
                }
            } catch let error as CommunityError {
                throw WebError.notFound(error.description)
            }
            return redirect(VoteController.returnPath(request, fallback: CardBuilder.paperPath(paperID)))
        }
    }

    func delete(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await signedIn(context, "/collections") { viewer in
            guard let id = context.parameters.get("id").flatMap(Int64.init),
                  try await community.deleteCollection(id: id, ownerID: viewer.user.id) else {
                throw WebError.notFound(CommunityError.noSuchCollection.description)
            }
            return redirect("/collections")
        }
    }

    /// An owner's change to collection `:id`; back to its page, or the page again with what
    /// was wrong.
    private func change(_ request: Request, _ context: AppRequestContext,
                        _ body: @escaping @Sendable (Int64, Viewer, FormData) async throws -> Void) async throws -> Response {
        let raw = context.parameters.get("id") ?? ""
        return try await signedIn(context, "/collections/" + raw) { viewer in
            guard let id = Int64(raw) else { throw WebError.notFound(CommunityError.noSuchCollection.description) }
            do {
                try await body(id, viewer, context.form)
                return redirect(Self.path(id))
            } catch CommunityError.noSuchCollection {
                throw WebError.notFound(CommunityError.noSuchCollection.description)
            } catch let error as FormError {
                return try await refused(request, id, viewer, error.message, .unprocessableContent)
            } catch let error as CommunityError {
                return try await refused(request, id, viewer, error.description, .conflict)
            }
        }
    }

    private func refused(_ request: Request, _ id: Int64, _ viewer: Viewer, _ message: String,
                         _ status: HTTPResponse.Status) async throws -> Response {
        let collection = try await visible(String(id), to: viewer)
        var view = try await collectionView(collection, try await community.items(collection: id), viewer: viewer)
        view.error = message
        return accountPage(request, view, "collection", viewer: viewer, status: status)
    }

    // MARK: - Reading

    /// The collection `raw` names if `viewer` may see it; 404 alike for unknown and private.
    func visible(_ raw: String, to viewer: Viewer?) async throws -> PaperCollection {
        guard raw.count <= 19, let id = Int64(raw), let collection = try await community.collection(id: id),
              collection.isVisible(to: viewer?.user.id) else {
            throw WebError.notFound(CommunityError.noSuchCollection.description)
        }
        return collection
    }

    static func paper(_ form: FormData) throws -> String {
        guard let raw = form["paper"], let id = ArxivID(raw) else { throw FormError("Name a paper by its arXiv id") }
        return id.base
    }

    static func nameAndDescription(_ form: FormData) throws -> (String, String) {
        let name = try form.required("name", label: "Name", maxLength: maxName)
        let description = (form["description"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard description.count <= maxDescription else { throw FormError("A description has at most \(maxDescription) characters") }
        return (name, description)
    }

    private func collectionsView(_ viewer: Viewer) async throws -> CollectionsView {
        CollectionsView(layout: layout("Your collections", path: "/collections"), csrf: viewer.csrfToken ?? "",
                        collections: try await community.collections(ownerID: viewer.user.id).map(CollectionSummaryView.init))
    }

    private func collectionView(_ c: PaperCollection, _ items: [CollectionItem], viewer: Viewer?) async throws -> CollectionView {
        let base = Self.path(c.id)
        var layout = layout(c.name, path: base)
        layout.description = c.description.isEmpty ? "\(c.name), a collection by \(c.ownerName)" : c.description
        layout.feeds = c.isPublic ? FeedFormat.allCases.map { f in
            FeedLinkView(title: "\(c.name) (\(f.rawValue.uppercased()))", type: f.contentType.components(separatedBy: ";")[0],
                         href: base + "." + f.rawValue, label: f.rawValue.uppercased())
        } : []
        let similar = moreLikeThis(c, items)
        let extras = try await cardExtras(items.map(\.paper.id) + similar.ids, viewer: viewer)
        let similarPapers = try await store.papers(ids: similar.ids)
        return CollectionView(
            layout: layout, name: c.name, description: c.description.isEmpty ? nil : c.description, owner: c.ownerName, ownerHref: "/u/" + c.ownerName,
            isPublic: c.isPublic, isOwner: viewer?.user.id == c.ownerID, csrf: viewer?.csrfToken ?? "", base: base,
            items: items.enumerated().map { i, item in
                CollectionItemView(card: extras.card(item.paper),
                                   paperID: item.paper.id, note: item.note, shownNote: item.note.isEmpty ? nil : item.note, position: i,
                                   up: i > 0 ? i - 1 : nil, down: i < items.count - 1 ? i + 1 : nil)
            },
            formats: [LinkView(label: "BibTeX", href: base + ".bib")]
                + (c.isPublic ? FeedFormat.allCases.map { LinkView(label: $0.rawValue.uppercased(), href: base + "." + $0.rawValue) }
                    + [LinkView(label: "New papers by mail", href: "/subscribe?collection=\(c.id)")] : []),
            similar: similarPapers.map { paper in
                var card = extras.card(paper)
                card.reason = similar.reasons[paper.id]
                return card
            },
            hasSimilar: !similarPapers.isEmpty)
    }

    /// "More like this collection": the papers of the hub its items' model ranks first. Only
    /// this collection's own papers teach the model, so nobody else's signals (private
    /// collections above all) reach a page others can see.
    private func moreLikeThis(_ c: PaperCollection, _ items: [CollectionItem]) -> (ids: [String], reasons: [String: ReasonView]) {
        let signals = InterestSignals(liked: items.map { LikedPaper(paperID: $0.paper.id, title: $0.paper.title, sources: []) })
        guard let ranking = PersonalRanking(semantic?.recommender, signals: signals, pool: nil, seed: c.id) else { return ([], [:]) }
        let ids = ranking.top(Self.similarShown)
        return (ids, ranking.reasons(for: ids))
    }

    private func feed(_ c: PaperCollection, _ items: [CollectionItem], selfURL: String) -> FeedDocument {
        FeedDocument(title: "\(c.name) · a Paperboy collection by \(c.ownerName)",
                     description: c.description.isEmpty ? "Papers collected by \(c.ownerName)" : c.description,
                     homeURL: absolute(Self.path(c.id)), selfURL: selfURL, updated: c.updatedAt,
                     items: items.map { item in
                         var entry = FeedDocument.item(item.paper, publicURL: config.publicURL)
                         // Readers show the newest additions: an item dates from when it was collected.
                         entry.published = item.addedAt; entry.updated = max(item.addedAt, entry.updated)
                         if !item.note.isEmpty { entry.summary = "Note: \(item.note)\n\n" + entry.summary }
                         return entry
                     })
    }
}
