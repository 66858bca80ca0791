import Mustache

// Field lookup for the templates without reflection. Mustache reads a plain struct through
// `Mirror`, which built and searched the list of every field for every `{{name}}`: half of the
// CPU time of an uncached daily page. `MustacheParent` answers by name directly. A name left
// out here would render as empty, so ViewModelTests checks every stored field is reachable.
// Optionals convert to `Any?` as nil when empty, as Mirror's lookup did (Mustache then looks
// further up the context stack, the same as before).

extension LayoutView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "description": description
        case "canonical": canonical
        case "feeds": feeds
        case "subscribe": subscribe
        case "searchQuery": searchQuery
        case "filterItems": filterItems
        default: nil
        }
    }
}

extension FeedLinkView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "type": type
        case "href": href
        case "label": label
        default: nil
        }
    }
}

extension HiddenField: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "value": value
        default: nil
        }
    }
}

extension LinkView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "href": href
        case "active": active
        default: nil
        }
    }
}

extension AuthorView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "href": href
        case "last": last
        default: nil
        }
    }
}

extension PaperCardView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "href": href
        case "titleHTML": titleHTML
        case "abstractHTML": abstractHTML
        case "authors": authors
        case "moreAuthors": moreAuthors
        case "categories": categories
        case "date": date
        case "votes": votes
        case "upvoted": upvoted
        case "voteAction": voteAction
        case "commentsLabel": commentsLabel
        case "absURL": absURL
        case "pdfURL": pdfURL
        case "codeLinks": codeLinks
        case "reason": reason
        case "dismissAction": dismissAction
        case "pickAction": pickAction
        default: nil
        }
    }
}

extension PagerView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "previous": previous
        case "next": next
        case "current": current
        case "pages": pages
        default: nil
        }
    }
}

extension FilterView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "action": action
        case "cat": cat
        case "exclude": exclude
        case "code": code
        case "hidden": hidden
        case "active": active
        case "clearHref": clearHref
        default: nil
        }
    }
}

extension ListingView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "layout": layout
        case "heading": heading
        case "subheading": subheading
        case "rangeTabs": rangeTabs
        case "previous": previous
        case "next": next
        case "sortTabs": sortTabs
        case "viewTabs": viewTabs
        case "community": community
        case "forYou": forYou
        case "filter": filter
        case "papers": papers
        case "total": total
        case "pager": pager
        default: nil
        }
    }
}

extension SearchView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "layout": layout
        case "query": query
        case "notes": notes
        case "showModes": showModes
        case "modeTabs": modeTabs
        case "sortTabs": sortTabs
        case "filter": filter
        case "papers": papers
        case "total": total
        case "searched": searched
        case "pager": pager
        case "embedding": embedding
        default: nil
        }
    }
}

extension EmbeddingView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "embedded": embedded
        case "total": total
        case "complete": complete
        case "running": running
        default: nil
        }
    }
}

extension PaperView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "layout": layout
        case "card": card
        case "authors": authors
        case "published": published
        case "updated": updated
        case "announced": announced
        case "announcedHref": announcedHref
        case "version": version
        case "comments": comments
        case "journalRef": journalRef
        case "doi": doi
        case "doiURL": doiURL
        case "license": license
        case "hub": hub
        case "submission": submission
        case "save": save
        case "discussion": discussion
        case "linksForm": linksForm
        case "markdownHref": markdownHref
        case "apiHref": apiHref
        case "similarEnabled": similarEnabled
        case "similar": similar
        default: nil
        }
    }
}

extension SubmissionView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "by": by
        case "byHref": byHref
        case "on": on
        case "removeAction": removeAction
        default: nil
        }
    }
}

extension HubView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "upvotes": upvotes
        case "aiSummary": aiSummary
        default: nil
        }
    }
}

extension ErrorView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "layout": layout
        case "status": status
        case "reason": reason
        case "message": message
        default: nil
        }
    }
}

extension ForYouNoteView: MustacheParent {
    func child(named name: String) -> Any? {
        name == "text" ? text : nil
    }
}

extension ReasonView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "href": href
        case "context": context
        default: nil
        }
    }
}

extension ForYouSetupView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "layout": layout
        case "csrf": csrf
        case "error": error
        case "categories": categories
        case "query": query
        case "searched": searched
        case "found": found
        case "liked": liked
        case "notInterested": notInterested
        case "forYouHref": forYouHref
        case "available": available
        default: nil
        }
    }
}

extension SignalView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "href": href
        case "action": action
        case "context": context
        case "removable": removable
        default: nil
        }
    }
}
