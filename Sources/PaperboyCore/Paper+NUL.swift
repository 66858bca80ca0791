/// SQLite's text binding (GRDB's and `RowBinder`'s) ends a string at its first NUL, so a title
/// "Before\0After" would be stored as "Before". NUL is never meaningful in paper metadata:
/// every text field loses its NULs (and nothing else) before it is bound.
extension Paper {
    /// The paper with every NUL character removed from every text field; `self` (no copy)
    /// when there is none, which is all real papers.
    public func removingNULs() -> Paper {
        guard hasNUL else { return self }
        var p = self
        p.id = id.removingNULs(); p.title = title.removingNULs(); p.abstract = abstract.removingNULs()
        p.authors = authors.map { $0.removingNULs() }
        p.categories = categories.map { $0.removingNULs() }
        p.comments = comments?.removingNULs(); p.journalRef = journalRef?.removingNULs(); p.doi = doi?.removingNULs()
        p.license = license?.removingNULs(); p.reportNo = reportNo?.removingNULs(); p.submitter = submitter?.removingNULs()
        p.hub = hub.map { h in
            var h = h
            h.submittedBy = h.submittedBy?.removingNULs(); h.githubRepo = h.githubRepo?.removingNULs()
            h.projectPage = h.projectPage?.removingNULs(); h.aiSummary = h.aiSummary?.removingNULs()
            h.aiKeywords = h.aiKeywords?.map { $0.removingNULs() }
            return h
        }
        return p
    }

    private var hasNUL: Bool {
        let texts: [String?] = [id, title, abstract, comments, journalRef, doi, license, reportNo, submitter,
                                hub?.submittedBy, hub?.githubRepo, hub?.projectPage, hub?.aiSummary]
        return texts.contains { $0?.hasNUL == true } || categories.contains(where: \.hasNUL)
            || authors.contains { [$0.name, $0.keyname, $0.forenames, $0.suffix, $0.affiliation].contains { $0?.hasNUL == true } }
            || hub?.aiKeywords?.contains(where: \.hasNUL) == true
    }
}

extension Author {
    func removingNULs() -> Author {
        Author(name: name.removingNULs(), keyname: keyname?.removingNULs(), forenames: forenames?.removingNULs(),
               suffix: suffix?.removingNULs(), affiliation: affiliation?.removingNULs())
    }
}

extension String {
    var hasNUL: Bool { utf8.contains(0) }

    /// The string without NUL characters (U+0000), everything else kept.
    public func removingNULs() -> String {
        hasNUL ? String(decoding: utf8.filter { $0 != 0 }, as: UTF8.self) : self
    }
}
