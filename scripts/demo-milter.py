#!/usr/bin/env python3
"""demo-milter.py - typoguard-milter in front of a real Postfix.

Starts a private Postfix on loopback (its own temporary directory and
ports, relaying everything to an smtp-sink; the system's mail setup is
never touched) with typoguard-milter on its bundled default
configuration, sends four messages as an internal client, shows what
happened to each, and tears everything down.  The lab is the integration
tests' own (tests/integration/milter/pflab.py).

    scripts/demo-milter.py BUILD_DIR        (as root)
"""
import os
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "tests", "integration", "milter"))
import pflab  # noqa: E402

SENDS = [
    ("bob@army.ml", "the slip of our story: .mil typed as .ml"),
    ("bob@army.mil", "the protected domain itself"),
    ("me@gmial.com", "forwarding to one's own webmail, mistyped"),
    ("friend@example.org", "an ordinary domain"),
]


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 64
    if os.geteuid() != 0:
        print("demo-milter.py: Postfix needs root; run it as root",
              file=sys.stderr)
        return 77
    milter = os.path.join(os.path.abspath(sys.argv[1]), "src", "milter",
                          "typoguard-milter")
    os.environ.setdefault("TYPOGUARD_DATADIR", os.path.join(TOP, "data"))
    with open(os.path.join(TOP, "data", "typoguard-milter.conf")) as f:
        conf = f.read()
    with pflab.Lab(milter=milter, milter_conf=conf) as lab:
        print(f"A private Postfix on 127.0.0.1:{lab.port} with "
              "typoguard-milter (data/typoguard-milter.conf, unchanged);")
        print("alice@example.org sends one message to each of:\n")
        for rcpt, why in SENDS:
            before = len(lab.sink_to(rcpt))
            r = lab.send(rcpt)
            code, text = r.rcpt.get(rcpt, (None, r.error or ""))
            if r.accepted:
                lab.wait_queue_empty(60)
                got = len(lab.sink_to(rcpt)) - before
                what = ("delivered" if got == 1 else
                        f"accepted, {got} copies at the sink")
            elif code is not None and code >= 500:
                what = f"rejected at RCPT: {code} {' '.join(text.split())}"
            else:
                what = f"not sent: {r.final}"
            print(f"  {rcpt:20} ({why})\n      -> {what}\n")
        print("The milter's log lines for these decisions:")
        for line in lab.milter_log().splitlines():
            if "action=" in line:
                print("  " + line)
    print("\nPostfix, the sink and the milter are stopped; the lab "
          "directory is gone.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
