/// What a lexicon term may be, for the shipped packs and for a workspace's own terms alike.
///
/// A term must keep letters or digits once folded. `*` at an end lets the term match glued to other letters there
/// (`*whatsapp*` in `mywhatsapp123`); that only suits distinctive words, so such a term needs `shortestGlued` letters
/// or digits: `*qq*` or `*ass*` would flag ordinary words (`classic`).
public enum TermSyntax {
    public static let shortestGlued = 4

    /// Why `term` cannot be matched as written, or nil when it can.
    public static func problem(with term: String) -> String? {
        let folded = TextFolding.standard.fold(term)
        guard !folded.isEmpty else { return "\"\(term)\" has no letters or digits to match" }
        let inner = term.dropFirst().dropLast()
        if term.count > 1, inner.contains("*") {
            return "\"\(term)\": * may only stand at a term's start or end"
        }
        if term.hasPrefix("*") || term.hasSuffix("*"), folded.count < shortestGlued {
            return "\"\(term)\": a term matched inside other words (*) needs \(shortestGlued) letters or digits or more"
        }
        return nil
    }
}
