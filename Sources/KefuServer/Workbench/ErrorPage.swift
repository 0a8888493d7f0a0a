import Foundation
import KefuCore
import Vapor

/// An error shown to a person in a browser: a page in their language with the way back, instead of the API's JSON.
/// Written by hand rather than with Leaf, so a broken template cannot hide the error it should show.
struct ErrorPage {
    let error: KefuError
    let language: UILanguage
    let strings: PageStrings

    /// Pages are for browsers asking for HTML outside the API; the API always answers JSON.
    static func wanted(by request: Request) -> Bool {
        !request.url.path.hasPrefix("/api/") && request.headers.accept.contains { $0.mediaType == .html }
    }

    func response() -> Response {
        let status = HTTPResponseStatus(statusCode: error.status)
        let known = [403, 404, 500].contains(error.status) ? String(error.status) : "other"
        let heading = strings.text("errorPage.heading.\(known)", language)
        // Internal errors' messages are for the log; people get a sentence of their own language.
        let message =
            error.status >= 500
            ? strings.text("errorPage.internal", language)
            : strings.tables[language]?["error.code.\(error.code)"] ?? error.message
        var html = HTML(reservingCapacity: 1_024)
        html.raw("<!doctype html>\n<html lang=\"")
        html.text(language.rawValue)
        html.raw("\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
        html.text(strings.text("errorPage.title", language, ["status": "\(error.status)"]))
        html.raw("</title><link rel=\"stylesheet\" href=\"/css/kefu.css\"></head><body><main class=\"home error-page\"><h1>")
        html.text(heading)
        html.raw("</h1><p class=\"error\" role=\"alert\">")
        html.text(message)
        html.raw("</p><p><a href=\"")
        html.text(SitePath.inbox)
        html.raw("\">")
        html.text(strings.text("errorPage.back", language))
        html.raw("</a></p></main></body></html>\n")
        let response = Response(status: status, body: .init(string: html.text))
        response.headers.contentType = .html
        return response
    }
}
