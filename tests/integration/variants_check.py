#!/usr/bin/env python3
"""variants_check.py - typoguard variants and typoguard check agree.

    variants_check.py TYPOGUARD

For each domain D below: every variant that `typoguard variants --format
json D` writes is fed to `typoguard check -P D --json -`, which must call
it a typo of D (a candidate whose entry is D) with the variant's kind among
that candidate's kinds.  A negative control runs the same comparison
against a wrong protected domain and must find mismatches, so the test
cannot pass by checking nothing.  TAP output.  The bundled public suffix
list comes in TYPOGUARD_TEST_PSL.
"""
import json
import os
import subprocess
import sys

DOMAINS = ["gmail.com", "army.mil", "army.nl", "bücher.de", "mail.army.mil",
           "example.co.uk", ".mil"]
# A suffix variant (".ml") is checked as a name under it.  Not "x": x.se
# is itself a public suffix.
LABEL = "typoguard-test"
# A domain to check against instead, for the negative control.
WRONG = "example.net"
MAX_DIAG = 12


def run(args, stdin=None):
    return subprocess.run(args, input=stdin, capture_output=True)


def variants(tg, psl, domain):
    p = run([tg, "variants", "--psl", psl, "--format", "json", domain])
    if p.returncode != 0:
        raise RuntimeError("variants %s: exit %d: %s" % (
            domain, p.returncode, p.stderr.decode(errors="replace")))
    return [json.loads(line) for line in p.stdout.decode().splitlines()]


def compare(tg, psl, protect, vs):
    """Checks each variant against -P protect; returns a list of problems."""
    # A suffix variant (".ml") stands for every name under it.
    inputs = [(LABEL + v["variant"]) if v["suffix"] else v["variant"]
              for v in vs]
    p = run([tg, "check", "--psl", psl, "-P", protect, "--json", "-"],
            stdin=("\n".join(inputs) + "\n").encode())
    if p.returncode not in (0, 1, 65):
        return ["check exit %d: %s" % (p.returncode,
                                       p.stderr.decode(errors="replace"))]
    results = [json.loads(line) for line in p.stdout.decode().splitlines()]
    if len(results) != len(inputs):
        return ["%d variants, %d check results" % (len(inputs),
                                                    len(results))]
    # The entry as check writes it: A-labels, as the variants' source.
    entry = vs[0]["domain"] if vs else protect
    bad = []
    for v, inp, r in zip(vs, inputs, results):
        if r["verdict"] != "typo":
            bad.append("%s (%s): verdict %s, score %s, candidates %s" % (
                inp, v["kind"], r["verdict"], r["score"],
                [(c["entry"], c["kinds"]) for c in r["candidates"]]))
            continue
        ours = [c for c in r["candidates"] if c["entry"] == entry]
        if not ours:
            bad.append("%s (%s): typo, but of %s, not %s" % (
                inp, v["kind"], r["intended"], entry))
        elif not any(v["kind"] in c["kinds"] for c in ours):
            bad.append("%s (%s): typo of %s with kinds %s" % (
                inp, v["kind"], entry, ours[0]["kinds"]))
    return bad


def main():
    tg = sys.argv[1]
    psl = os.environ.get("TYPOGUARD_TEST_PSL")
    if not psl:
        print("Bail out! set TYPOGUARD_TEST_PSL to the bundled list")
        return 1
    n = fail = 0
    out = []

    def report(ok, name, diag=()):
        nonlocal n, fail
        n += 1
        if not ok:
            fail += 1
        out.append("%s %d - %s" % ("ok" if ok else "not ok", n, name))
        for line in list(diag)[:MAX_DIAG]:
            out.append("# " + line)
        if len(diag) > MAX_DIAG:
            out.append("# ... and %d more" % (len(diag) - MAX_DIAG))

    for d in DOMAINS:
        name = "every variant of %s is a typo of it, of its kind" % d
        try:
            vs = variants(tg, psl, d)
        except RuntimeError as e:
            report(False, name, [str(e)])
            continue
        if not vs:
            report(False, name, ["no variants at all"])
            continue
        bad = compare(tg, psl, d, vs)
        report(not bad, "%s (%d variants)" % (name, len(vs)), bad)

    # Negative control: the same comparison against the wrong domain must
    # fail for every variant, or the comparison above proves nothing.
    vs = variants(tg, psl, DOMAINS[0])
    bad = compare(tg, psl, WRONG, vs)
    report(len(bad) == len(vs),
           "negative control: variants of %s checked against -P %s all "
           "mismatch (%d of %d)" % (DOMAINS[0], WRONG, len(bad), len(vs)))

    print("1..%d" % n)
    print("\n".join(out))
    return 1 if fail else 0


if __name__ == "__main__":
    sys.exit(main())
