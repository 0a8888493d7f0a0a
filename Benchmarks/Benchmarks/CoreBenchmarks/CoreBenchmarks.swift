import Benchmark
import Foundation
import KefuCore

/// Buyer messages of real length: English customer-support utterances from ../shared/data when this checkout sits
/// beside it (CDLA-Sharing, not copied into the repo), and Chinese messages built from common after-sale phrases.
let corpus: [String] = {
    var texts: [String] = []
    let bitext = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().appendingPathComponent("../../../../shared/data/utterances/bitext/bitext_customer_support_20k_utterances.csv")
        .standardizedFileURL
    if let csv = try? String(contentsOf: bitext, encoding: .utf8) {
        for line in csv.split(separator: "\n").dropFirst().prefix(2_000) {
            if let text = line.split(separator: ",").dropFirst().first { texts.append(String(text)) }
        }
    }
    let phrases = ["亲，请问什么时候发货", "我的快递三天没更新了", "收到的东西有破损，要退款", "能不能开发票", "颜色发错了帮我换一下",
                   "赠品没有收到", "退货地址是哪里", "尺码偏大还是偏小", "好的谢谢客服", "订单号 241120-55512345 麻烦查一下"]
    var random = SystemRandomNumberGenerator()
    for _ in 0..<2_000 {
        texts.append((0..<Int.random(in: 1...4, using: &random)).map { _ in phrases.randomElement(using: &random)! }.joined(separator: "，"))
    }
    return texts
}()

/// Ten thousand instants over 2026, so clock evaluations see every hour, weekday and a DST change.
let instants: [Date] = {
    var random = SeededGenerator(seed: 7)
    return (0..<10_000).map { _ in Date(timeIntervalSince1970: 1_767_225_600 + Double(random.next() % 31_536_000)) }
}()

func clock(_ rule: FirstResponseRule, zone: String) -> SLAClock {
    do {
        return try SLAClock(rule, zone: ZoneOffsets(TimeZone(identifier: zone) ?? .gmt))
    } catch {
        fatalError("benchmark policy is invalid: \(error)")
    }
}

let pinduoduo = clock(
    FirstResponseRule(seconds: 180, clock: .window, windows: [ServiceWindow(days: Weekday.everyDay, start: "08:00", end: "23:00")]),
    zone: "Asia/Shanghai")
let businessDays = clock(
    FirstResponseRule(
        seconds: 3 * 86_400, clock: .window, windows: [ServiceWindow(days: Weekday.workdays, start: "09:00", end: "17:00")],
        holidays: ["2026-11-26", "2026-12-25"]),
    zone: "America/New_York")
let walmart = clock(FirstResponseRule(seconds: 172_800, clock: .calendar), zone: "America/Chicago")

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.throughput, .wallClock, .mallocCountTotal], maxDuration: .seconds(3))

    Benchmark("SearchTerms.indexed (one message)", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for index in benchmark.scaledIterations {
            blackHole(SearchTerms.indexed(corpus[index % corpus.count]))
        }
    }

    Benchmark("SearchTerms.query (2–4 character terms)", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let terms = ["发货", "退款", "什么时候", "refund", "没有发货", "Где заказ"]
        for index in benchmark.scaledIterations {
            blackHole(try? SearchTerms.query(terms[index % terms.count]))
        }
    }

    Benchmark("ConversationState: buyer message then reply", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let start = Date(timeIntervalSince1970: 1_763_600_000)
        for index in benchmark.scaledIterations {
            var state = ConversationState(createdAt: start)
            state.receive(author: .customer, sentAt: start, body: corpus[index % corpus.count], orderNumber: "W-1", subject: nil)
            state.reply(at: start + 60, body: "On its way")
            blackHole(state)
        }
    }

    Benchmark("SLAClock.dueDate: Pinduoduo 3 min in 08:00–23:00 Asia/Shanghai", configuration: .init(scalingFactor: .mega)) { benchmark in
        for index in benchmark.scaledIterations {
            blackHole(pinduoduo.dueDate(forMessageReceivedAt: instants[index % instants.count]))
        }
    }

    Benchmark("SLAClock.dueDate: 3 business days 09:00–17:00 New York, holidays", configuration: .init(scalingFactor: .mega)) { benchmark in
        for index in benchmark.scaledIterations {
            blackHole(businessDays.dueDate(forMessageReceivedAt: instants[index % instants.count]))
        }
    }

    Benchmark("SLAClock.dueDate: Walmart 48 h calendar", configuration: .init(scalingFactor: .mega)) { benchmark in
        for index in benchmark.scaledIterations {
            blackHole(walmart.dueDate(forMessageReceivedAt: instants[index % instants.count]))
        }
    }

    Benchmark("SLAClock.countedSeconds: 14 days of Pinduoduo windows", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for index in benchmark.scaledIterations {
            let start = instants[index % instants.count]
            blackHole(pinduoduo.countedSeconds(from: start, to: start + 14 * 86_400))
        }
    }

    // Timed without counting allocations: the malloc interposer's bookkeeping on every allocation (a report, its
    // findings, the hits of a matching text) added about a fifth to the guard's time. Allocations are counted apart.
    Benchmark(
        "ComplianceGuard.check: whole guard, 5,000 terms, detectors on (messages)",
        configuration: .init(metrics: [.throughput, .wallClock], scalingFactor: .mega)
    ) { benchmark in
        checkCorpus(benchmark)
    }

    Benchmark(
        "ComplianceGuard.check: allocations over the corpus (messages)",
        configuration: .init(metrics: [.mallocCountTotal], scalingFactor: .kilo, maxIterations: 20)
    ) { benchmark in
        checkCorpus(benchmark)
    }

    Benchmark(
        "TermAutomaton.countMatches: raw matching, 5,000 terms (messages)",
        configuration: .init(metrics: [.throughput, .wallClock], scalingFactor: .mega)
    ) {
        benchmark in
        let automaton = ComplianceCorpus.raw
        let messages = ComplianceCorpus.messages
        benchmark.startMeasurement()
        for index in benchmark.scaledIterations {
            blackHole(automaton.countMatches(in: messages[index % messages.count]))
        }
    }

    Benchmark("Shipped Pinduoduo guard: check a chat message", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let messages = ComplianceCorpus.messages
        let rules = TermRule(
            id: "bench", category: .abuse, severity: .block, message: LocalizedText(zh: "x", en: "x"), terms: ["傻逼", "最好的", "微信"])
        let guarded = ComplianceGuard(rules: [rules], detectors: DetectorSettings(phone: .block, email: .block, externalLink: .block))
        benchmark.startMeasurement()
        for index in benchmark.scaledIterations {
            blackHole(guarded.check(messages[index % messages.count]))
        }
    }

    Benchmark(
        "Lexicon load: houbb 64,000 terms into a guard",
        configuration: .init(metrics: [.wallClock, .peakMemoryResident, .mallocCountTotal], maxIterations: 5)
    ) { benchmark in
        guard let terms = ComplianceCorpus.largeLexicon else { return }
        _ = TextFolding.standard  // built once per process; measured apart from the lexicon
        benchmark.startMeasurement()
        blackHole(ComplianceGuard(rules: [
            TermRule(id: "houbb", category: .forbiddenWording, severity: .block, message: LocalizedText(zh: "x", en: "x"), terms: terms)
        ]))
    }

    Benchmark(
        "Lexicon load baseline: the 64,000 terms read, no guard built",
        configuration: .init(metrics: [.wallClock, .peakMemoryResident], maxIterations: 5)
    ) { benchmark in
        benchmark.startMeasurement()
        blackHole(ComplianceCorpus.largeLexicon?.count)
    }

    Benchmark("TextFolding table: built once per process", configuration: .init(metrics: [.wallClock], maxIterations: 3)) { benchmark in
        benchmark.startMeasurement()
        blackHole(TextFolding.makeForBenchmark())
    }
}

/// The whole guard over the corpus, one message per iteration.
func checkCorpus(_ benchmark: Benchmark) {
    let guarded = ComplianceCorpus.guarded
    let messages = ComplianceCorpus.messages
    benchmark.startMeasurement()
    for index in benchmark.scaledIterations {
        blackHole(guarded.check(messages[index % messages.count]))
    }
}
