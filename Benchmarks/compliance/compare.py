#!/usr/bin/env python3
"""Times the Python Aho–Corasick packages on the compliance corpus (make_corpus.py), one core, all matches.

  compare.py CORPUS_DIR   → one JSON line per package: messages/s and MB/s of UTF-8 text, and matches found
"""
import json, os, sys, time

corpus = sys.argv[1]
terms = [t for t in open(os.path.join(corpus, "terms.txt"), encoding="utf-8").read().split("\n") if t]
messages = [m for m in open(os.path.join(corpus, "messages.txt"), encoding="utf-8").read().split("\n") if m]
encoded = [m.encode("utf-8") for m in messages]
total_bytes = sum(len(m) for m in encoded)

def timed(name, scan, rounds=5):
    best = None
    found = 0
    for _ in range(rounds):
        start = time.perf_counter()
        found = scan()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    print(json.dumps({"label": name, "messages_per_s": round(len(messages) / best), "mb_per_s": round(total_bytes / best / 1e6, 1),
                      "matches": found}))

try:
    import ahocorasick
    automaton = ahocorasick.Automaton()
    for index, term in enumerate(terms):
        automaton.add_word(term, index)
    automaton.make_automaton()
    timed("pyahocorasick", lambda: sum(1 for m in messages for _ in automaton.iter(m)))
except ImportError as error:
    print(json.dumps({"label": "pyahocorasick", "error": str(error)}))

try:
    import ahocorasick_rs
    matcher = ahocorasick_rs.AhoCorasick(terms)
    timed("ahocorasick-rs", lambda: sum(len(matcher.find_matches_as_indexes(m, overlapping=True)) for m in messages))
    byte_matcher = ahocorasick_rs.BytesAhoCorasick([t.encode("utf-8") for t in terms])
    timed("ahocorasick-rs bytes", lambda: sum(len(byte_matcher.find_matches_as_indexes(m, overlapping=True)) for m in encoded))
except ImportError as error:
    print(json.dumps({"label": "ahocorasick-rs", "error": str(error)}))

try:
    import hyperscan
    database = hyperscan.Database()
    patterns = [t.encode("utf-8") for t in terms]
    database.compile(expressions=patterns, ids=list(range(len(patterns))), elements=len(patterns),
                     flags=[0] * len(patterns), literal=True)
    def scan():
        count = [0]
        def on_match(pattern, start, end, flags, context):
            count[0] += 1
        for m in encoded:
            database.scan(m, match_event_handler=on_match)
        return count[0]
    timed("hyperscan", scan)
except Exception as error:
    print(json.dumps({"label": "hyperscan", "error": str(error)}))
