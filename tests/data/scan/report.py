#!/usr/bin/env python3
"""report.py - precision and recall of `typoguard scan` on the corpus.

    tests/data/scan/report.py TYPOGUARD [DIR]

Scans every message of DIR/MANIFEST.tsv (DIR defaults to this script's
directory) and prints, per category, how many messages hold it
(labelled), how many the scan says hold it, true positives, precision
and recall; then the share of negatives (messages labelled "-" and not
hostile) with any finding, and whether the goals hold: recall >= 90% per
category, false positives <= 5% of negatives.  Exit 0 when they do.
"""
import json
import os
import subprocess
import sys

CATEGORIES = ["credentials", "medical", "identity", "travel", "personnel",
              "financial", "markings", "legal", "location"]


def load(d):
    rows = []
    with open(os.path.join(d, "MANIFEST.tsv")) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            name, sev, cats, note = line.rstrip("\n").split("\t")
            rows.append((name, sev, set() if cats == "-" else set(cats.split(",")),
                         note))
    return rows


def scan(tg, d, rows):
    files = [os.path.join(d, "messages", r[0]) for r in rows]
    p = subprocess.run([tg, "scan", "--json", "--threshold", "critical"] + files,
                       capture_output=True, text=True)
    out = [json.loads(line) for line in p.stdout.splitlines()]
    if len(out) != len(rows):
        sys.exit("report.py: %d results for %d messages" % (len(out), len(rows)))
    return out


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__.strip().splitlines()[2].strip())
    tg = sys.argv[1]
    d = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(os.path.abspath(__file__))
    rows = load(d)
    res = scan(tg, d, rows)
    ok = True
    print("%-12s %8s %8s %6s %10s %8s" % ("category", "labelled", "found", "tp",
                                          "precision", "recall"))
    for c in CATEGORIES:
        lab = sum(1 for r in rows if c in r[2])
        got = sum(1 for o in res if c in o["categories"])
        tp = sum(1 for r, o in zip(rows, res) if c in r[2] and c in o["categories"])
        prec = tp / got if got else 1.0
        rec = tp / lab if lab else 1.0
        ok &= rec >= 0.9
        print("%-12s %8d %8d %6d %9.0f%% %7.0f%%" % (c, lab, got, tp, 100 * prec,
                                                    100 * rec))
    neg = [(r, o) for r, o in zip(rows, res)
           if not r[2] and not r[0].startswith("hostile-")]
    fp = sum(1 for r, o in neg if o["severity"] and o["severity"] > 0)
    share = fp / len(neg) if neg else 0.0
    ok &= share <= 0.05
    print("negatives: %d, with a finding: %d (%.1f%%)" % (len(neg), fp, 100 * share))
    sev_ok = 0
    for r, o in zip(rows, res):
        lo, _, hi = r[1].partition("-")
        hi = hi or lo
        sev_ok += o["severity"] is not None and int(lo) <= o["severity"] <= int(hi)
    print("severity as labelled: %d of %d messages" % (sev_ok, len(rows)))
    print("goals (recall >= 90%% per category, false positives <= 5%%): %s"
          % ("met" if ok else "NOT met"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
