/// One URL candidate cut into what sorting it needs (`LinkScanner`): its host and path
/// segments, and the URL in normal form (lower-case scheme and host, no trailing punctuation).
struct ParsedURL {
    /// Lower case, without `www.`.
    let host: String
    /// The path's non-empty segments, as written.
    let segments: [String]
    let text: String
    /// Found without `http(s)://` (then `text` has `https://`).
    let schemeless: Bool

    init?(_ bytes: ArraySlice<UInt8>, schemeless: Bool) {
        var rest = bytes
        var scheme = "https://"
        if !schemeless {
            guard let length = LinkScanner.schemeLength(rest) else { return nil }
            scheme = length == 8 ? "https://" : "http://"
            rest = rest.dropFirst(length)
        }
        rest = Self.trimmingTrailingPunctuation(rest)
        guard !rest.isEmpty, rest.count <= LinkScanner.maxLength else { return nil }
        let authorityEnd = rest.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        // A user part (`github.com@example.org`) would make the host another than it looks.
        guard !authority.contains(UInt8(ascii: "@")) else { return nil }
        let colon = authority.firstIndex(of: UInt8(ascii: ":"))
        if let colon {
            let digits = authority[(colon + 1)...]
            guard (1...5).contains(digits.count), digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                  let port = Int(String(decoding: digits, as: UTF8.self)), (1...65_535).contains(port) else {
                return nil
            }
        }
        guard let host = Self.hostName(authority[..<(colon ?? authority.endIndex)]) else { return nil }
        let pathEnd = rest[authorityEnd...].firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? rest.endIndex
        segments = rest[authorityEnd..<pathEnd].split(separator: UInt8(ascii: "/")).map { String(decoding: $0, as: UTF8.self) }
        self.host = host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
        self.schemeless = schemeless
        let port = colon.map { String(decoding: authority[$0...], as: UTF8.self) } ?? ""
        text = scheme + host + port + String(decoding: rest[authorityEnd...], as: UTF8.self)
    }

    private static let sentencePunctuation = Array(".,;:!?'*".utf8)

    /// Sentence punctuation after a URL is not part of it; a closing bracket is only when the
    /// URL opened one (`…/Wiki_(film)` keeps its parenthesis, `(see https://x.org/a)` loses it).
    static func trimmingTrailingPunctuation(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        func excess(_ close: Character, over open: Character) -> Int {
            bytes.count { $0 == close.asciiValue } - bytes.count { $0 == open.asciiValue }
        }
        var parentheses = excess(")", over: "("), brackets = excess("]", over: "[")
        var end = bytes.endIndex
        while end > bytes.startIndex {
            switch bytes[end - 1] {
            case let b where sentencePunctuation.contains(b): break
            case UInt8(ascii: ")") where parentheses > 0: parentheses -= 1
            case UInt8(ascii: "]") where brackets > 0: brackets -= 1
            default: return bytes[..<end]
            }
            end -= 1
        }
        return bytes[..<end]
    }

    /// A DNS name in lower case: letters, digits and hyphens in dot-separated labels, the last
    /// starting with a letter (no IP addresses, no `3.5`).
    private static func hostName(_ bytes: ArraySlice<UInt8>) -> String? {
        let lowered = bytes.map(LinkScanner.lower)
        let labels = lowered.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard lowered.count <= 253, labels.count >= 2, let last = labels.last?.first,
              last >= UInt8(ascii: "a") && last <= UInt8(ascii: "z") else { return nil }
        for label in labels {
            guard let first = label.first, let end = label.last, first != UInt8(ascii: "-"), end != UInt8(ascii: "-"),
                  label.allSatisfy({ LinkScanner.isAlphanumeric($0) || $0 == UInt8(ascii: "-") }) else { return nil }
        }
        return String(decoding: lowered, as: UTF8.self)
    }
}

extension ParsedURL {
    /// What the URL is: a repository or Hugging Face page (in canonical form), a web page, or
    /// nothing to show (arXiv and DOI links, other pages of the code sites, and schemeless
    /// text that is not a code site or a `github.io` page).
    var link: LinkScanner.Link? {
        switch host {
        case "github.com": return githubRepository.map(LinkScanner.Link.github)
        case "gitlab.com": return gitlabProject.map(LinkScanner.Link.gitlab)
        case "huggingface.co", "hf.co": return huggingFacePage.map(LinkScanner.Link.huggingFace)
        default:
            if Self.notPages.contains(where: { host == $0 || host.hasSuffix("." + $0) }) { return nil }
            return schemeless && !host.hasSuffix(".github.io") ? nil : .page(text)
        }
    }

    /// Hosts whose links are the paper itself or belong to the code sites.
    static let notPages = ["arxiv.org", "doi.org", "github.com", "githubusercontent.com", "gitlab.com", "huggingface.co", "hf.co"]

    /// First path segments of github.com that are the site's own pages, not an owner.
    static let githubPages: Set = ["about", "apps", "collections", "contact", "customer-stories", "enterprise", "events", "explore",
                                   "features", "issues", "join", "login", "marketplace", "new", "notifications", "orgs", "pricing",
                                   "pulls", "readme", "search", "security", "settings", "site", "sponsors", "team", "topics", "trending"]
    static let gitlabPages: Set = ["admin", "api", "dashboard", "explore", "groups", "help", "projects", "search", "users"]
    static let huggingFacePages: Set = ["api", "blog", "chat", "collections", "docs", "enterprise", "join", "learn", "login", "models",
                                        "new", "organizations", "papers", "posts", "pricing", "settings", "tasks"]

    /// `https://github.com/owner/repo` for any page inside the repository.
    private var githubRepository: String? {
        guard segments.count >= 2, !Self.githubPages.contains(segments[0].lowercased()),
              (1...39).contains(segments[0].utf8.count),
              segments[0].utf8.allSatisfy({ LinkScanner.isAlphanumeric($0) || $0 == UInt8(ascii: "-") }) else { return nil }
        let repo = Self.droppingGitSuffix(segments[1])
        return Self.isName(repo) ? "https://github.com/\(segments[0])/\(repo)" : nil
    }

    /// `https://gitlab.com/group/[subgroups/]project`: the path up to GitLab's `/-/` (or an
    /// old-style `tree`/`blob`).
    private var gitlabProject: String? {
        var path = Array(segments.prefix { $0 != "-" && $0 != "tree" && $0 != "blob" })
        guard path.count >= 2, !Self.gitlabPages.contains(path[0].lowercased()) else { return nil }
        path[path.count - 1] = Self.droppingGitSuffix(path[path.count - 1])
        return path.allSatisfy(Self.isName) ? "https://gitlab.com/" + path.joined(separator: "/") : nil
    }

    /// A model (`org/name`), data set (`datasets/org/name`) or Space (`spaces/org/name`).
    private var huggingFacePage: String? {
        guard let first = segments.first?.lowercased() else { return nil }
        let kind = first == "datasets" || first == "spaces" ? first + "/" : ""
        guard kind != "" || !Self.huggingFacePages.contains(first) else { return nil }
        let name = segments.dropFirst(kind.isEmpty ? 0 : 1).prefix(2)
        return name.count == 2 && name.allSatisfy(Self.isName) ? "https://huggingface.co/" + kind + name.joined(separator: "/") : nil
    }

    private static func droppingGitSuffix(_ name: String) -> String {
        name.lowercased().hasSuffix(".git") ? String(name.dropLast(4)) : name
    }

    /// A repository, group, organisation or model name as the code sites allow them.
    private static func isName(_ name: String) -> Bool {
        (1...100).contains(name.utf8.count) && name != "." && name != ".."
            && name.utf8.allSatisfy { LinkScanner.isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }
}

extension CodeLinks {
    /// A correction's links as stored: the repository's canonical URL and the project page,
    /// each checked; `CommunityError.invalidLink` names the first that is not one.
    public static func correction(repository: String?, projectPage: String?) throws -> (repository: String?, projectPage: String?) {
        let repository = try repository.map { typed in
            guard let found = Self.repository(typed) else { throw CommunityError.invalidLink(typed) }
            return found.url
        }
        let projectPage = try projectPage.map { typed in
            guard let page = Self.projectPage(typed) else { throw CommunityError.invalidLink(typed) }
            return page
        }
        return (repository, projectPage)
    }
}
