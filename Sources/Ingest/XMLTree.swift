import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A small element tree built with `XMLParser` (SAX). arXiv responses are at most a few MB
/// per page, and walking a tree keeps each format's parser short. Element names are local
/// names (`arxiv:primary_category` → `primary_category`): arXiv never reuses a local name
/// with a different meaning inside one format.
final class XNode {
    let name: String
    let attributes: [String: String]
    fileprivate(set) var children: [XNode] = []
    fileprivate var textParts: [String] = []

    init(name: String, attributes: [String: String]) { self.name = name; self.attributes = attributes }

    /// The element's own character data (not its children's).
    var text: String { textParts.joined() }
    var trimmedText: String { text.trimmingWhitespace() }

    func child(_ name: String) -> XNode? { children.first { $0.name == name } }
    func children(_ name: String) -> [XNode] { children.filter { $0.name == name } }
    /// Trimmed text of the first child called `name`, nil when absent or empty.
    func string(_ name: String) -> String? {
        guard let t = child(name)?.trimmedText, !t.isEmpty else { return nil }
        return t
    }
}

struct XMLSyntaxError: Error {
    let line: Int, column: Int, reason: String
}

enum XMLTree {
    static func parse(_ data: Data) throws(XMLSyntaxError) -> XNode {
        if let bad = XMLEntityGuard.firstInvalidByte(data) {
            let before = data.prefix(bad)
            let line = before.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            let column = bad - (before.lastIndex(of: 0x0A).map { $0 - data.startIndex + 1 } ?? 0) + 1
            throw XMLSyntaxError(line: line, column: column, reason: "byte \(bad + 1) is not UTF-8 text (or is NUL); arXiv documents are UTF-8")
        }
        let parser = XMLParser(data: XMLEntityGuard.neutralize(data))
        let builder = Builder()
        parser.delegate = builder
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        let ok = parser.parse()
        guard ok, let root = builder.root, builder.stack.isEmpty else {
            let reason = parser.parserError.map { describe($0) } ?? (builder.root == nil ? "no root element" : "unexpected end of document")
            throw XMLSyntaxError(line: parser.lineNumber, column: parser.columnNumber, reason: reason)
        }
        return root
    }

    private static func describe(_ error: Error) -> String {
        let ns = error as NSError
        if let desc = ns.userInfo[NSLocalizedDescriptionKey] as? String, !desc.isEmpty, !desc.hasPrefix("The operation") { return desc }
        return describe(code: ns.code)
    }

    static func describe(code: Int) -> String {
        // Linux's XMLParser reports libxml2's error numbers (the same as Apple's NSXMLParserError
        // values) without text; name the ones bad downloads produce.
        // `XMLEntityGuard` keeps entities away from libxml2, so 26 and 89 mean it missed one.
        let names = [1: "document too large for the XML parser (a text node over 10 MB?)", 4: "empty document",
                     5: "unexpected end of document (truncated or unclosed elements)", 9: "invalid character",
                     26: "reference to an undeclared entity or a parameter entity (refused)",
                     73: "'>' expected", 76: "mismatched closing tag", 77: "unfinished tag (truncated?)",
                     89: "entity expansion refused (entities nest or loop, as in a billion-laughs attack)"]
        return names[code].map { "\($0) (libxml2 error \(code))" } ?? "libxml2 error \(code)"
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: XNode?
        var stack: [XNode] = []

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
            let node = XNode(name: local, attributes: attributeDict)
            if let parent = stack.last { parent.children.append(node) } else if root == nil { root = node }
            stack.append(node)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            _ = stack.popLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.textParts.append(string)
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            stack.last?.textParts.append(String(decoding: CDATABlock, as: UTF8.self))
        }
    }
}
