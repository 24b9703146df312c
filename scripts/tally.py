#!/usr/bin/env python3
"""Count test results across meson build directories.

Every TAP line ("ok N" / "not ok N") counts one ("ok N # SKIP" as skipped); a non-TAP test counts one;
a TAP test that failed without a "not ok" line (a crash, a timeout) counts
one failure more.  Prints a line per build and, last, "N passed, N failed".
Exits 1 when anything failed or when no test ran at all.
"""
import json
import os
import re
import sys

OK = re.compile(r"^ok\b")
SKIP = re.compile(r"^ok\b.*#\s*skip", re.IGNORECASE)
NOT_OK = re.compile(r"^not ok\b")
PASSING = {"OK", "EXPECTEDFAIL"}


def tally(build):
    path = os.path.join(build, "meson-logs", "testlog.json")
    passed = failed = skipped = 0
    if not os.path.exists(path):
        print(f"{build}: no test log (build failed?)")
        return 0, 1, 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            t = json.loads(line)
            out = (t.get("stdout") or "").splitlines()
            skips = sum(1 for l in out if SKIP.match(l))
            oks = sum(1 for l in out if OK.match(l)) - skips
            bad = sum(1 for l in out if NOT_OK.match(l))
            res = t.get("result")
            if res == "SKIP":
                skipped += 1
                continue
            if oks or bad or skips:
                passed += oks
                skipped += skips
                failed += bad
                if res not in PASSING and bad == 0:
                    failed += 1
            elif res in PASSING:
                passed += 1
            else:
                failed += 1
                print(f"{build}: {t.get('name')}: {res}")
    print(f"{build}: {passed} passed, {failed} failed, {skipped} skipped")
    return passed, failed, skipped


def main():
    tp = tf = ts = 0
    for b in sys.argv[1:]:
        p, f, s = tally(b)
        tp += p
        tf += f
        ts += s
    print(f"{tp} passed, {tf} failed, {ts} skipped" if ts else
          f"{tp} passed, {tf} failed")
    return 1 if tf or not tp else 0


if __name__ == "__main__":
    sys.exit(main())
