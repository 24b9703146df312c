#!/usr/bin/env python3
"""scan_test.py - `typoguard scan`: the labelled corpus and the command line.

    scan_test.py TYPOGUARD CORPUSDIR

Prints TAP.  For every message of CORPUSDIR/MANIFEST.tsv the categories
found must be exactly the labelled ones and the severity within the
labelled range; then the command line: JSON Lines keys, text output,
--threshold and exit codes, standard input, a missing file among found
ones, redacted evidence, bad options.
"""
import json
import os
import subprocess
import sys
import tempfile

TG, CORPUS = sys.argv[1], sys.argv[2]
results = []


def report(name, ok, diag=""):
    results.append((name, ok, diag))


def run(args, stdin=b""):
    p = subprocess.run([TG] + args, input=stdin, capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def msg(name):
    return os.path.join(CORPUS, "messages", name)


# The corpus, one result per message.
rows = []
with open(os.path.join(CORPUS, "MANIFEST.tsv")) as f:
    for line in f:
        if not line.startswith("#") and line.strip():
            rows.append(line.rstrip("\n").split("\t"))
rc, out, err = run(["scan", "--json"] + [msg(r[0]) for r in rows])
lines = out.splitlines()
report("one JSON line per message", len(lines) == len(rows),
       "%d lines for %d messages\n%s" % (len(lines), len(rows), err))
# Built without poppler (TG_HAVE_PDF=0 from meson), PDF attachments are
# flagged not-extracted and their rows only check that.
have_pdf = os.environ.get("TG_HAVE_PDF", "1") != "0"
for r, line in zip(rows, lines):
    o = json.loads(line)
    if not have_pdf and r[0].endswith("-pdf.eml"):
        report("corpus %s, without PDF support: not-extracted" % r[0],
               "not-extracted" in o["flags"], line)
        continue
    want = set() if r[2] == "-" else set(r[2].split(","))
    lo, _, hi = r[1].partition("-")
    hi = hi or lo
    got = set(o["categories"])
    ok = got == want and int(lo) <= o["severity"] <= int(hi)
    report("corpus %s (%s)" % (r[0], r[3]), ok,
           "want severity %s categories %s, got %s %s (%s), findings %s, flags %s"
           % (r[1], sorted(want), o["severity"], sorted(got), o["rule"],
              [(x["detector"], x["evidence"]) for x in o["findings"]], o["flags"]))

# JSON keys and types.
rc, out, err = run(["scan", "--json", msg("mark-cui-card.eml")])
o = json.loads(out)
keys = {"file", "severity", "categories", "findings", "truncated", "error"}
report("json keys", keys <= set(o) and isinstance(o["truncated"], bool)
       and o["error"] is None and o["file"] == msg("mark-cui-card.eml"), out)
f = o["findings"][0] if o["findings"] else {}
report("json finding keys", {"detector", "category", "part", "offset",
                             "evidence"} <= set(f), out)
report("issue case: financial and markings, severity >= 3, redacted",
       {"financial", "markings"} <= set(o["categories"]) and o["severity"] >= 3
       and any(x["detector"] == "card-number" and "****" in x["evidence"]
               for x in o["findings"]), out)
report("exit 1 at the default threshold", rc == 1, "exit %d" % rc)

# The full card number never appears in any output.
with open(msg("mark-cui-card.eml")) as fh:
    text = fh.read()
card = [w.rstrip(",") for w in text.split() if w.rstrip(",").isdigit() and len(w.rstrip(",")) >= 13]
rc1, out1, _ = run(["scan", msg("mark-cui-card.eml")])
report("evidence redacted", card and all(c not in out + out1 for c in card),
       "card %s in output" % card)

# Threshold and exit codes.
rc, out, err = run(["scan", "--threshold", "critical", msg("fin-iban.eml")])
report("below --threshold critical: exit 0", rc == 0, "exit %d %s" % (rc, err))
rc, out, err = run(["scan", "--threshold", "3", msg("fin-iban.eml")])
report("at --threshold 3: exit 1", rc == 1, "exit %d %s" % (rc, err))
rc, out, err = run(["scan", msg("neg-newsletter.eml")])
report("newsletter: severity 0, exit 0", rc == 0 and ": none (0" in out, out + err)
rc, out, err = run(["scan", "--threshold", "urgent", msg("neg-newsletter.eml")])
report("bad --threshold: exit 64", rc == 64 and "--threshold" in err, err)
rc, out, err = run(["scan", "--bogus"])
report("unknown option: exit 64", rc == 64, err)

# Missing files: 66 alone, 1 when another input reaches the threshold.
rc, out, err = run(["scan", "/nonexistent/x.eml"])
report("missing file: exit 66", rc == 66 and "/nonexistent/x.eml: error:" in out,
       "exit %d %s %s" % (rc, out, err))
rc, out, err = run(["scan", "--json", "/nonexistent/x.eml", msg("fin-card.eml")])
js = [json.loads(x) for x in out.splitlines()]
report("missing file and a finding: exit 1, both reported",
       rc == 1 and len(js) == 2 and js[0]["error"]["code"] == "TG_ENOENT"
       and js[1]["severity"] >= 1, "exit %d %s" % (rc, out))

# Standard input, and --text.
with open(msg("fin-card.eml"), "rb") as fh:
    data = fh.read()
rc, out, err = run(["scan", "--json", "-"], data)
report("standard input", rc == 1 and json.loads(out)["file"] == "-"
       and "financial" in json.loads(out)["categories"], out + err)
rc, out, err = run(["scan", "--json", "--text"], b"SSN: 536-22-1487\n")
report("--text from standard input without FILE",
       rc == 1 and "identity" in json.loads(out)["categories"], out + err)

# Text output names severity, rule, categories and findings.
rc, out, err = run(["scan", msg("fin-card.eml")])
report("text output", out.startswith(msg("fin-card.eml") + ": high (3, ")
       and "financial=1" in out and "card-number (financial, high)" in out, out)

# A message over the byte limit is cut and flagged (here: a hostile one).
rc, out, err = run(["scan", "--json", msg("hostile-deep.eml")])
o = json.loads(out)
report("hostile nesting: truncated, high", o["truncated"] and o["severity"] >= 3
       and "depth" in o["flags"], out)

# --list names every detector once.
rc, out, err = run(["scan", "--list"])
ids = [line.split("\t")[0] for line in out.splitlines()]
report("--list", rc == 0 and len(ids) == len(set(ids)) > 30 and "card-number" in ids,
       out)

print("1..%d" % len(results))
for i, (name, ok, diag) in enumerate(results, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
    if not ok and diag:
        for line in str(diag).splitlines():
            print("# " + line)
sys.exit(0 if all(ok for _, ok, _ in results) else 1)
