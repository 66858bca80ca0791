import Foundation
import Testing
@testable import PaperboyCore

/// Real abstracts and comments (Fixtures/code-links.jsonl, see its SOURCES.md), read as the
/// Kaggle importer builds papers, and what each must yield.
@Suite("Links: extraction from real abstracts and comments")
struct CodeLinksRealDataTests {
    static let expected: [String: CodeLinks] = [
        // "(https://gitlab.com/nativqa/nativqa-framework)."
        "2504.05995": CodeLinks(gitlab: "https://gitlab.com/nativqa/nativqa-framework"),
        // A GitLab subgroup; the comments name the workshop's github.io page.
        "2508.12755": CodeLinks(gitlab: "https://gitlab.com/icai-stroke-lab/wp3_neurointerventional_ai/claire-dsa",
                                projectPage: "https://switchmiccai.github.io/switch/"),
        // LaTeX `\_` in the repository name, a full stop after it.
        "2503.17057": CodeLinks(github: "https://github.com/13204942/SSL_Cervical_Segmentation"),
        // `\_` and `.git.`
        "2504.16237": CodeLinks(github: "https://github.com/ObedDzik/pca_segment"),
        // In the comments only, deep inside `/tree/main/…`.
        "2503.14880": CodeLinks(github: "https://github.com/hmorimitsu/ptlflow"),
        // `\url{…}` twice in the comments: project page first, then the code.
        "2503.18246": CodeLinks(github: "https://github.com/Brack-Wang/ZECO", projectPage: "https://brack-wang.github.io/ZECO_web/"),
        // `Code:https://…` and `Demo:https://huggingface.co/spaces/…` glued to their labels.
        "2503.21694": CodeLinks(github: "https://github.com/theEricMa/TriplaneTurbo",
                                huggingFace: "https://huggingface.co/spaces/ZhiyuanthePony/TriplaneTurbo"),
        // Both in parentheses: a repository and a Hugging Face data set.
        "2503.19707": CodeLinks(github: "https://github.com/stogiannidis/srbench",
                                huggingFace: "https://huggingface.co/datasets/stogiannidis/srbench"),
        // `http://` and a `/tree/develop/…` path.
        "2503.16983": CodeLinks(github: "https://github.com/PaddlePaddle/PaddleMIX"),
        // No scheme, closed by the parenthesis of the sentence.
        "2503.18886": CodeLinks(github: "https://github.com/WeichenFan/CFG-Zero-star"),
        "2503.16591": CodeLinks(github: "https://github.com/lpiccinelli-eth/unik3d"),
        "2503.13424": CodeLinks(github: "https://github.com/Intern-Nexus/Infinite-Mobility", projectPage: "https://infinite-mobility.github.io"),
        // Only an owner (`github.com/zxk688`, in `\href{…}{…}`): no repository.
        "2503.23453": CodeLinks(),
        // `\textcolor{red}{https://github.com/…/VIO-IPNet.git}.`
        "2503.12527": CodeLinks(github: "https://github.com/yiyscut/VIO-IPNet"),
        // The comments name the venue before the code: the venue is the first other page.
        "2503.12464": CodeLinks(github: "https://github.com/graphnex/privacy-from-visual-entities",
                                projectPage: "https://petsymposium.org/popets/2025/"),
        // arXiv's line wrap cut the URL after the owner (`https://github.com/SAI-`).
        "2503.21854": CodeLinks(),
        // A model: `at~\url{https://huggingface.co/inclusionAI/Ling-Coder-lite}.`
        "2503.17793": CodeLinks(huggingFace: "https://huggingface.co/inclusionAI/Ling-Coder-lite"),
    ]

    static func papers() throws -> [Paper] {
        let url = try #require(Bundle.module.url(forResource: "code-links", withExtension: "jsonl", subdirectory: "Fixtures"))
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { line in
            let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return Paper(id: try #require(record["id"] as? String), title: record["title"] as? String ?? "",
                         abstract: record["abstract"] as? String ?? "", comments: record["comments"] as? String)
        }
    }

    @Test func everyRecordYieldsItsLinks() throws {
        let papers = try Self.papers()
        #expect(papers.count == Self.expected.count)
        for paper in papers {
            #expect(CodeLinks(paper) == Self.expected[paper.id], "\(paper.id)")
        }
        #expect(papers.filter { CodeLinks($0).hasCode }.count == 14)
    }

    @Test func hubLinksWinOverTheText() throws {
        var paper = try #require(try Self.papers().first { $0.id == "2503.13424" })
        paper.hub = HubInfo(githubRepo: "https://github.com/Intern-Nexus/Infinite-Mobility-v2/", projectPage: "https://example.org/im")
        #expect(CodeLinks(paper) == CodeLinks(github: "https://github.com/Intern-Nexus/Infinite-Mobility-v2",
                                              projectPage: "https://example.org/im"))
        // What Hugging Face gives passes the same checks: a script is no link, a GitLab repository replaces GitHub.
        paper.hub = HubInfo(githubRepo: "https://gitlab.com/a/b.git", projectPage: "javascript:alert(1)")
        #expect(CodeLinks(paper) == CodeLinks(gitlab: "https://gitlab.com/a/b", projectPage: "https://infinite-mobility.github.io"))
    }
}

@Suite("Links: normal forms and hostile text")
struct CodeLinksTests {
    func links(_ text: String) -> CodeLinks { CodeLinks(scanning: [text]) }

    @Test func repositoriesAreCutToTheirRoot() {
        let cases: [(String, String?)] = [
            ("https://github.com/owner/repo", "https://github.com/owner/repo"),
            ("https://github.com/owner/repo.git", "https://github.com/owner/repo"),
            ("https://github.com/owner/repo/", "https://github.com/owner/repo"),
            ("https://github.com/owner/repo/blob/main/README.md#usage", "https://github.com/owner/repo"),
            ("https://www.github.com/owner/repo?tab=readme", "https://github.com/owner/repo"),
            ("HTTPS://GitHub.com/Owner/Repo).", "https://github.com/Owner/Repo"),
            ("see github.com/owner/repo, and", "https://github.com/owner/repo"),
            ("\\url{https://github.com/owner/my\\_repo}", "https://github.com/owner/my_repo"),
            ("\\href{https://github.com/a/b}{code}", "https://github.com/a/b"),
            ("code: https://github.com/owner/repo;", "https://github.com/owner/repo"),
            ("http://github.com/owner/repo", "https://github.com/owner/repo"),
            // Not repositories.
            ("https://github.com/owner", nil),
            ("https://github.com/features/copilot", nil),
            ("https://github.com/orgs/acme", nil),
            ("https://gist.github.com/owner/abc123", nil),
            ("https://github.com/own_er/repo", nil),
        ]
        for (text, github) in cases {
            #expect(links(text).github == github, "\(text)")
        }
    }

    @Test func gitlabAndHuggingFace() {
        #expect(links("https://gitlab.com/group/sub/project/-/tree/main").gitlab == "https://gitlab.com/group/sub/project")
        #expect(links("gitlab.com/group/project.git").gitlab == "https://gitlab.com/group/project")
        #expect(links("https://gitlab.com/explore/projects").gitlab == nil)
        #expect(links("https://huggingface.co/org/model/tree/main").huggingFace == "https://huggingface.co/org/model")
        #expect(links("https://huggingface.co/datasets/org/data/viewer").huggingFace == "https://huggingface.co/datasets/org/data")
        #expect(links("https://hf.co/spaces/org/demo").huggingFace == "https://huggingface.co/spaces/org/demo")
        #expect(links("https://huggingface.co/papers/2503.12345").isEmpty)
        #expect(links("https://huggingface.co/datasets/org").isEmpty)
        #expect(links("https://huggingface.co/org").isEmpty)
    }

    @Test func projectPageIsTheFirstOtherWebPage() {
        let text = "https://arxiv.org/abs/2401.00001 https://doi.org/10.1/x https://github.com/a/b https://huggingface.co/a/b "
            + "www.example.com https://lab.example.org/project/. https://second.example.org"
        #expect(links(text) == CodeLinks(github: "https://github.com/a/b", huggingFace: "https://huggingface.co/a/b",
                                         projectPage: "https://lab.example.org/project/"))
        // A github.io page needs no scheme; other hosts do.
        #expect(links("page: someone.github.io/proj.").projectPage == "https://someone.github.io/proj")
        #expect(links("example.org/page").projectPage == nil)
        #expect(links("https://export.arxiv.org/abs/1 http://dx.doi.org/10.1/x").isEmpty)
        #expect(links("Wiki: https://en.wikipedia.org/wiki/Film_(genre) end").projectPage == "https://en.wikipedia.org/wiki/Film_(genre)")
        #expect(links("(see https://x.example.org/a)").projectPage == "https://x.example.org/a")
    }

    @Test func hostileTextMakesNoLinks() {
        #expect(links("javascript:alert(1) JAVASCRIPT://github.com/a/b data:text/html,<script>").isEmpty)
        #expect(links("https://github.com/a/b\"onmouseover=alert(1)").github == "https://github.com/a/b")
        #expect(links("<a href=\"https://github.com/a/b\">x</a>").github == "https://github.com/a/b")
        #expect(links("https://github.com@evil.example/a/b https://evil.example@github.com/a/b").isEmpty)
        #expect(links("https://github.com:99999/a/b https://github.com:x/a/b").isEmpty)
        #expect(links("https://1.2.3.4/a https://-bad.example/ https://a..b/ https://3.5x").isEmpty)
        #expect(links("https://gíthub.com/a/b").github == nil, "a look-alike host is not GitHub")
        #expect(links("https://" + String(repeating: "a", count: 600) + ".org/").isEmpty, "past the length limit")
        for link in [links("https://ex.org/'\"><script>"), links("https://ex.org/a{b}c|d^e`f")] {
            #expect(link.projectPage.map { !$0.contains { "\"<>{}|^`".contains($0) } } ?? true)
        }
    }

    /// Megabytes of URL-like text: time grows with the length, not its square.
    @Test func longInputTakesLinearTime() {
        let shapes = ["https://github.com/", "(", "\\_", "github.com/a", ")", "https://x.org/a."]
        for shape in shapes {
            let small = String(repeating: shape, count: 3_000), large = String(repeating: shape, count: 30_000)
            let clock = ContinuousClock()
            _ = links(small)
            let t1 = clock.measure { _ = links(small) }
            let t10 = clock.measure { _ = links(large) }
            #expect(t10 < t1 * 40 + .milliseconds(50), "\(shape.prefix(20)): \(t1) for 3k, \(t10) for 30k")
        }
        let spaced = String(repeating: "https://github.com/a/b ", count: 20_000)
        #expect(links(spaced).github == "https://github.com/a/b")
    }

    @Test func typedLinksAreCheckedWhole() {
        #expect(CodeLinks.repository("  github.com/a/b  ") == .github("https://github.com/a/b"))
        #expect(CodeLinks.repository("https://gitlab.com/g/p/-/issues") == .gitlab("https://gitlab.com/g/p"))
        #expect(CodeLinks.repository("https://github.com/a/b https://github.com/c/d") == nil, "one URL only")
        #expect(CodeLinks.repository("https://example.org/a/b") == nil)
        #expect(CodeLinks.repository("https://huggingface.co/a/b") == nil)
        #expect(CodeLinks.projectPage("https://lab.example.org/p?x=1#top") == "https://lab.example.org/p?x=1#top")
        #expect(CodeLinks.projectPage("HTTP://Lab.Example.org/P") == "http://lab.example.org/P")
        #expect(CodeLinks.projectPage("lab.example.org") == nil, "a page needs its scheme")
        #expect(CodeLinks.projectPage("ftp://lab.example.org") == nil)
        #expect(CodeLinks.projectPage("javascript:alert(1)//https://x.org") == nil)
    }

    @Test func correctionsReplaceRepositoryAndPageOnly() {
        let found = CodeLinks(github: "https://github.com/a/b", gitlab: "https://gitlab.com/c/d",
                              huggingFace: "https://huggingface.co/e/f", projectPage: "https://g.example.org")
        #expect(found.correcting(repository: "https://gitlab.com/x/y", projectPage: nil)
                == CodeLinks(gitlab: "https://gitlab.com/x/y", huggingFace: "https://huggingface.co/e/f"))
        let cleared = found.correcting(repository: nil, projectPage: "https://h.example.org")
        #expect(cleared == CodeLinks(huggingFace: "https://huggingface.co/e/f", projectPage: "https://h.example.org"))
        #expect(!cleared.hasCode)
    }
}
