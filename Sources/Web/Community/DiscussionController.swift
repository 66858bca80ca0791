import Foundation
import Hummingbird
import PaperboyCore
import PaperboyStore

/// Comments under papers: written, replied to, edited (with history) and deleted from the
/// paper page's forms or the API (`GET`/`POST /api/papers/{id}/comments`), reported by anyone
/// signed in. Markdown is rendered and sanitised once, when a comment is written.
struct DiscussionController: Controller {
    let app: WebApp
    static let maxLength = 10_000
    /// Per person: a burst for a real conversation, not a flood.
    static let commentsPerMinute = 5

    func addRoutes(to routes: Routes) {
        routes.add("/papers/:id/comments", post: { r, c in try await formComment(r, c, rawID: try c.parameters.require("id")) })
        routes.add("/papers/:id/:number/comments", post: { r, c in try await formComment(r, c, rawID: try oldStyleID(c)) })
        routes.add("/api/papers/:id/comments", get: { r, c in try await apiComments(r, c, rawID: try c.parameters.require("id")) },
                   post: { r, c in try await apiComment(r, c, rawID: try c.parameters.require("id")) })
        routes.add("/api/papers/:id/:number/comments", get: { r, c in try await apiComments(r, c, rawID: try oldStyleID(c)) },
                   post: { r, c in try await apiComment(r, c, rawID: try oldStyleID(c)) })
        routes.add("/comments/:id/edit", post: { r, c in try await edit(r, c) })
        routes.add("/comments/:id/delete", post: { r, c in try await delete(r, c) })
        routes.add("/comments/:id/history", get: { r, c in try await history(r, c) })
    }

    // MARK: - Writing

    func formComment(_ request: Request, _ context: AppRequestContext, rawID: String) async throws -> Response {
        let paper = try await lookUp(try PathSegment.decode(rawID))
        let page = CardBuilder.paperPath(paper.id)
        return try await signedIn(context, page) { viewer in
            let parent = try context.form["parent"].flatMap { $0.isEmpty ? nil : $0 }.map(Self.commentID)
            let comment = try await write(context.form["text"] ?? "", on: paper, parent: parent, by: viewer)
            return redirect(page + "#c\(comment.id)")
        }
    }

    func apiComment(_ request: Request, _ context: AppRequestContext, rawID: String) async throws -> Response {
        guard let viewer = context.viewer else { throw APIController.unauthorized }
        let paper = try await lookUp(try PathSegment.decode(rawID))
        struct Body: Decodable { var text: String; var parent: Int64? }
        var request = request
        let body: Body
        do {
            body = try JSONDecoder().decode(Body.self, from: Data(buffer: try await request.collectBody(upTo: config.maxBodyBytes)))
        } catch let error as DecodingError {
            throw WebError.badRequest("send JSON like {\"text\": \"…\", \"parent\": 12} (parent optional): \(JSONErrors.describe(error))")
        }
        let comment = try await write(body.text, on: paper, parent: body.parent, by: viewer)
        var reply = json(APIComment(comment, replies: []))
        reply.cacheControl = CachePolicy.none
        return reply.response(for: request, status: .created)
    }

    /// Checks, renders and stores a comment; what is wrong comes back as 4xx with the reason.
    private func write(_ raw: String, on paper: Paper, parent: Int64?, by viewer: Viewer) async throws -> Comment {
        let text = try Self.checkedText(raw)
        let key = "comment:\(viewer.user.id)"
        try await app.throttles.comments.fail(key)
        if let wait = try await app.throttles.comments.wait(key) { throw throttled(wait, what: "comments") }
        do {
            let posted = try await community.addComment(
                NewComment(paperID: paper.id, parentID: parent, authorID: viewer.user.id, text: text,
                           html: CommentMarkdown.html(text), mentions: Mentions.find(in: text)), now: Date())
            try await app.notifier.mail(posted, paperTitle: paper.title)
            return posted.comment
        } catch CommunityError.noSuchComment {
            throw WebError.badRequest("the comment you answer does not exist")
        } catch CommunityError.parentOnAnotherPaper {
            throw WebError.badRequest(CommunityError.parentOnAnotherPaper.description)
        }
    }

    func edit(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await ownComment(context) { id, viewer in
            let text = try Self.checkedText(context.form["text"] ?? "")
            return try await community.editComment(id: id, authorID: viewer.user.id, text: text, html: CommentMarkdown.html(text), now: Date())
        }
    }

    func delete(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await ownComment(context) { id, viewer in
            let comment = try await community.comment(id: id)
            try await community.deleteComment(id: id, authorID: viewer.user.id, now: Date())
            return comment
        }
    }

    /// An author's change to their comment, then back to it on the paper page.
    private func ownComment(_ context: AppRequestContext,
                            _ body: (Int64, Viewer) async throws -> Comment?) async throws -> Response {
        let id = try Self.commentID(context.parameters.get("id") ?? "")
        return try await signedIn(context, "/") { viewer in
            do {
                guard let comment = try await body(id, viewer) else { throw CommunityError.noSuchComment }
                return redirect(CardBuilder.paperPath(comment.paperID) + "#c\(id)")
            } catch CommunityError.noSuchComment {
                throw WebError.notFound("no comment \(id) of yours to change")
            }
        }
    }

    // MARK: - Reading

    func apiComments(_ request: Request, _ context: AppRequestContext, rawID: String) async throws -> Response {
        let paper = try await lookUp(try PathSegment.decode(rawID))
        return try await cached(request) {
            json(APIComment.threads(try await community.comments(paperID: paper.id)))
        }
    }

    func history(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let id = try Self.commentID(context.parameters.get("id") ?? "")
        guard let comment = try await community.comment(id: id),
              let current = CommentView.threads([comment], viewer: context.viewer).first, !current.isPlaceholder else {
            throw WebError.notFound("no comment \(id)")
        }
        let revisions = try await community.revisions(commentID: id).map {
            RevisionView(html: $0.html, replaced: CardBuilder.displayDate(Day($0.replacedAt)))
        }
        let view = HistoryView(layout: layout("Comment history", path: "/comments/\(id)/history"),
                               paperHref: CardBuilder.paperPath(comment.paperID) + "#c\(id)", current: current, revisions: revisions)
        var reply = html(view, "comment-history", context.viewer)
        reply.cacheControl = CachePolicy.privatePage
        return reply.response(for: request)
    }

    // MARK: - Input

    static func checkedText(_ raw: String) throws -> String {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\0", with: "")
        guard !text.isEmpty else { throw WebError(.unprocessableContent, "a comment needs some text") }
        guard text.count <= maxLength else { throw WebError(.unprocessableContent, "a comment has at most \(maxLength) characters") }
        return text
    }

    static func commentID(_ raw: String) throws -> Int64 {
        guard raw.count <= 19, let id = Int64(raw), id > 0 else { throw WebError.badRequest("'\(raw.prefix(40))' is not a comment id") }
        return id
    }
}
