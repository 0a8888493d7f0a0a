import Leaf
import LeafKit
import NIOCore

/// Leaf's template cache, kept on in the development environment too: `swift run kefu serve` runs there, and reading
/// and parsing the pages on every request cost more than everything else a page does. `KEFU_RELOAD_TEMPLATES=1`
/// restores Leaf's own behaviour for editing templates. (Leaf switches off the cache it is given when in
/// development; this value type lets it switch off its copy while the shared cache stays on.)
struct ParsedViews: LeafCache {
    private let parsed = DefaultLeafCache()

    var isEnabled: Bool {
        get { true }
        set {}
    }

    var count: Int { parsed.count }

    func insert(_ document: LeafAST, on loop: any EventLoop, replace: Bool) -> EventLoopFuture<LeafAST> {
        parsed.insert(document, on: loop, replace: replace)
    }

    func retrieve(documentName: String, on loop: any EventLoop) -> EventLoopFuture<LeafAST?> {
        parsed.retrieve(documentName: documentName, on: loop)
    }

    func remove(_ documentName: String, on loop: any EventLoop) -> EventLoopFuture<Bool?> {
        parsed.remove(documentName, on: loop)
    }
}
