"""The guard on text Kefu's authors did not write: Bitext's customer-support utterances (CDLA-Sharing 1.0, in
../shared/data; not shipped). They are buyers' words, so two questions:
  - inbound: how many ordinary buyer messages would ingest flag as risky (a false flag distracts the agent)?
  - outbound: if an agent wrote the same sentence on an English-language marketplace, what would the guard stop?

    python3 Benchmarks/compliance/outside_set.py [KEFU_BINARY] [BITEXT_DIR]

Prints one JSON line per question: verdict counts, findings per rule, and a few examples of each rule.
"""
import collections
import csv
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
binary = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / ".build/release/kefu")
source = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT.parent / "shared/data/utterances/bitext"
files = sorted(source.glob("bitext_*utterances.csv"))
if not files:
    sys.exit(f"no Bitext utterances in {source}")

utterances = []
for path in files:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        utterances += [" ".join(row["utterance"].split()) for row in csv.DictReader(handle)]
utterances = [text for text in utterances if text]
lines = "\n".join(utterances) + "\n"

for label, args in [("inbound, amazon-us", ["--inbound"]), ("outbound, amazon-us", []), ("outbound, walmart-us", [])]:
    platform = label.split(", ")[1]
    result = subprocess.run([binary, "lint", "--platform", platform, "--file", "-", "--json", *args],
                            input=lines, capture_output=True, text=True, timeout=600)
    if result.returncode not in (0, 1, 2):
        sys.exit(result.stderr)
    verdicts, rules, examples = collections.Counter(), collections.Counter(), collections.defaultdict(list)
    for line in result.stdout.splitlines():
        report = json.loads(line)
        verdicts[report["verdict"]] += 1
        for rule in {finding["rule"] for finding in report["findings"]}:
            rules[rule] += 1
            if len(examples[rule]) < 3:
                examples[rule].append(report["text"][:100])
    print(json.dumps({"label": label, "messages": len(utterances), "verdicts": verdicts, "rules": rules,
                      "examples": examples}, ensure_ascii=False))
