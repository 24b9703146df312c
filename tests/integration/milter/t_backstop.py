#!/usr/bin/env python3
"""backstop: recipients added after the milter meet a transport table.

A virtual alias (the self-forward story) turns carol@example.com, which
the milter passes, into bob@army.ml after the milter has spoken.  The
transport_maps table from `typoguard variants --format postfix-transport`
sends it to the error transport: the sender gets a bounce naming the
protected domain, nothing reaches army.ml.  An alias to the protected
domain itself is delivered.
"""
import os
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pflab  # noqa: E402

CONF = pflab.milter_config("Protect reject army.mil")
VIRTUAL = ("carol@example.com bob@army.ml\n"
           "erin@example.com erin@army.mil\n")
SENDER = "alice@example.org"


def main(tap):
    milter = pflab.milter_arg(tap)
    cli = sys.argv[2] if len(sys.argv) > 2 else ""
    psl = os.environ.get("TYPOGUARD_TEST_PSL")
    r = subprocess.run([cli, "variants", "--format", "postfix-transport",
                        *(["--psl", psl] if psl else []), "army.mil"],
                       capture_output=True, text=True, timeout=300)
    tap.eq(r.returncode, 0, "typoguard variants --format postfix-transport",
           r.stderr)
    tap.ok("\narmy.ml error:" in r.stdout, "the table has army.ml")
    lab = pflab.Lab(milter=milter, milter_conf=CONF, tap=tap,
                    files={"virtual": VIRTUAL, "transport": r.stdout},
                    main_cf={"virtual_alias_domains": "",
                             "virtual_alias_maps": "texthash:@LAB@/virtual",
                             "transport_maps": "texthash:@LAB@/transport"})
    with lab:
        s = lab.send(["carol@example.com"], frm=SENDER, subject="aliased")
        tap.ok(s.accepted, "the milter passes carol@example.com", repr(s))
        s = lab.send(["erin@example.com"], frm=SENDER, subject="good alias")
        tap.ok(s.accepted, "and erin@example.com", repr(s))
        tap.ok(lab.wait_queue_empty(), "queue drains")
        tap.eq(lab.sink_to("bob@army.ml"), [],
               "nothing delivered to the typo domain")
        tap.eq(len(lab.sink_to("erin@army.mil")), 1,
               "the alias to the protected domain is delivered")
        b = [m for m in lab.sink_to(SENDER) if m.mail_from == ""]
        tap.eq(len(b), 1, "the sender gets a bounce")
        text = b[0].message if b else ""
        tap.ok("bob@army.ml" in text and "typo of army.mil" in text,
               "the bounce names the address and the protected domain",
               text[:2000])
        tap.eq([l for l in lab.milter_log().splitlines() if "action=" in l],
               [], "the milter never saw the aliased recipient")
        lab.finish_milter(tap)
    pflab.check_teardown(tap, lab)


pflab.run(main)
