import Foundation

/// Where a paper's code, models and project page live: found in its abstract and arXiv
/// comments when it is imported (Hugging Face's own fields first), shown as buttons, and what
/// the "has code" filter keeps. Every link is an http(s) URL in normal form (`CodeLinks+Scanning.swift`).
public struct CodeLinks: Codable, Hashable, Sendable {
    /// `https://github.com/owner/repo`
    public var github: String?
    /// `https://gitlab.com/group/project` (subgroups kept)
    public var gitlab: String?
    /// `https://huggingface.co/org/model`, `…/datasets/org/name` or `…/spaces/org/name`
    public var huggingFace: String?
    public var projectPage: String?

    public init(github: String? = nil, gitlab: String? = nil, huggingFace: String? = nil, projectPage: String? = nil) {
        self.github = github; self.gitlab = gitlab; self.huggingFace = huggingFace; self.projectPage = projectPage
    }

    /// A repository to read and run. A model on Hugging Face or a project page alone is not
    /// code, and keeping the test to the repository lets a correction of the repository decide it.
    public var hasCode: Bool { github != nil || gitlab != nil }

    public var isEmpty: Bool { github == nil && gitlab == nil && huggingFace == nil && projectPage == nil }

    /// What a paper links to: Hugging Face's repository and project page where it names them
    /// (checked like any other link), else the first of each kind in the abstract, then the comments.
    public init(_ paper: Paper) {
        self.init(abstract: paper.abstract, comments: paper.comments, hub: paper.hub)
    }

    public init(abstract: String, comments: String?, hub: HubInfo?) {
        self.init(scanning: [abstract, comments ?? ""])
        if let repository = hub?.githubRepo.flatMap(Self.repository) { self.repository = repository }
        if let page = hub?.projectPage.flatMap(Self.projectPage) { projectPage = page }
    }

    /// These links as a person corrected them (`LinkCorrection`): the repository (or none)
    /// replaces GitHub and GitLab, the project page (or none) the project page; Hugging Face
    /// stays as found.
    public func correcting(repository: String?, projectPage: String?) -> CodeLinks {
        var corrected = self
        corrected.repository = repository.flatMap(Self.repository)
        corrected.projectPage = projectPage.flatMap(Self.projectPage)
        return corrected
    }

    /// The GitHub or GitLab repository, GitHub first; setting it replaces both.
    public var repository: Repository? {
        get { github.map(Repository.github) ?? gitlab.map(Repository.gitlab) }
        set {
            github = nil; gitlab = nil
            switch newValue {
            case .github(let url): github = url
            case .gitlab(let url): gitlab = url
            case nil: break
            }
        }
    }

    public enum Repository: Hashable, Sendable {
        case github(String), gitlab(String)
        public var url: String {
            switch self { case .github(let url), .gitlab(let url): return url }
        }
    }

    /// `text` as a repository in normal form, when it is one URL of a GitHub or GitLab
    /// repository (or a page inside one); `github.com/owner/repo` without a scheme counts.
    public static func repository(_ text: String) -> Repository? {
        switch LinkScanner.link(text) {
        case .github(let url): return .github(url)
        case .gitlab(let url): return .gitlab(url)
        default: return nil
        }
    }

    /// `text` as a project page, when it is one http(s) URL with a host name.
    public static func projectPage(_ text: String) -> String? {
        LinkScanner.webPage(text)
    }
}

/// A person's correction of the links a paper shows (`CodeLinks.correcting`): both fields are
/// set at once, nil clearing one. The latest correction of a paper stands.
public struct LinkCorrection: Sendable, Equatable {
    public var paperID: String
    public var repository: String?
    public var projectPage: String?
    /// Who made it; nil once that account is deleted (the correction stays).
    public var userID: Int64?
    public var username: String?
    public var correctedAt: Date

    public init(paperID: String, repository: String?, projectPage: String?, userID: Int64?, username: String?, correctedAt: Date) {
        self.paperID = paperID; self.repository = repository; self.projectPage = projectPage
        self.userID = userID; self.username = username; self.correctedAt = correctedAt
    }
}
