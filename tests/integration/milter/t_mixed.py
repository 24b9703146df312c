#!/usr/bin/env python3
"""mixed: one message to a typo and to good recipients.

Only the typo is refused (5xx at its RCPT); the message goes on to the
others and each good recipient is delivered exactly once.  The milter
listens on a TCP port here (the other tests use a unix socket).
"""
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pflab  # noqa: E402

CONF = pflab.milter_config("Protect reject army.mil")
GOOD1, TYPO, GOOD2 = "carol@army.mil", "bob@army.ml", "dave@example.com"


def main(tap):
    lab = pflab.Lab(milter=pflab.milter_arg(tap), milter_conf=CONF,
                    milter_inet=True, tap=tap)
    with lab:
        r = lab.swaks([GOOD1, TYPO, GOOD2])
        tap.eq(r.rcpt(GOOD1)[0], 250, "first good recipient accepted")
        code, text = r.rcpt(TYPO)
        tap.ok(code is not None and 500 <= code < 600,
               "typo recipient refused with a 5xx", r.out)
        tap.ok("bob@army.mil" in text, "its reply has the suggestion", text)
        tap.eq(r.rcpt(GOOD2)[0], 250, "recipient after the typo accepted")
        tap.eq(r.data_end()[0], 250, "message accepted for the others")

        # The same with smtplib, the typo first.
        s = lab.send([TYPO, GOOD2], subject="typo first")
        tap.ok(500 <= (s.rcpt.get(TYPO, (0,))[0] or 0) < 600,
               "typo first: refused", repr(s))
        tap.ok(s.accepted, "typo first: message accepted for the other",
               repr(s))

        tap.ok(lab.wait_queue_empty(), "queue drains")
        sink = lab.sink()
        tap.eq(len(sink), 2, "two messages at the sink")
        tap.eq(len(lab.sink_to(GOOD1)), 1, f"{GOOD1} delivered once")
        tap.eq(len(lab.sink_to(GOOD2)), 2, f"{GOOD2} delivered once per "
               "message")
        tap.eq(lab.sink_to(TYPO), [], "the typo recipient got nothing")
        rejects = [l for l in lab.milter_log().splitlines()
                   if "action=reject" in l]
        tap.eq(len(rejects), 2, "one reject log line per refused RCPT")
        lab.finish_milter(tap)
    pflab.check_teardown(tap, lab)


pflab.run(main)
