#!/usr/bin/env python3
"""reject: a typo recipient gets a 5xx at RCPT naming the suggestion.

Sent with swaks from an internal host; the reply names the typo and the
protected addresses in reach; the milter logs the decision with NOQUEUE;
nothing reaches the sink; a protected address itself goes through.
"""
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pflab  # noqa: E402

CONF = pflab.milter_config("Protect reject army.mil army.nl")


def main(tap):
    lab = pflab.Lab(milter=pflab.milter_arg(tap), milter_conf=CONF, tap=tap)
    with lab:
        r = lab.swaks("bob@army.ml")
        code, text = r.rcpt("bob@army.ml")
        tap.ok(code is not None and 500 <= code < 600,
               "RCPT to a typo domain gets a 5xx", r.out)
        tap.ok("bob@army.ml" in text, "reply names the typo address", text)
        tap.ok("bob@army.mil" in text, "reply names the suggested address",
               text)
        tap.ok("bob@army.nl" in text,
               "reply also names the other protected domain in reach", text)
        tap.ok(text.index("bob@army.mil") < text.index("bob@army.nl")
               if "bob@army.mil" in text and "bob@army.nl" in text
               else False, "the best suggestion comes first", text)
        tap.ok(all(ord(c) < 128 for c in text), "reply text is ASCII", text)
        tap.eq(r.data_end()[0], None, "no DATA when the only recipient is "
               "refused")

        log = lab.wait_milter_log(r"action=reject .*rcpt=<bob@army\.ml>")
        line = log[0] if log else ""
        tap.ok(bool(line), "milter logs action=reject for the recipient",
               lab.milter_log()[-2000:])
        tap.ok("NOQUEUE" in line, "log line says NOQUEUE (RCPT time)", line)
        for key in ("intended=army.mil", "suggestion=<bob@army.mil>",
                    "from=<alice@example.org>", "client=", "reply=\""):
            tap.ok(key in line, f"log line has {key}", line)
        tap.ok("milter-reject: RCPT from" in lab.maillog(),
               "Postfix logs the milter's RCPT reject")

        # A '%' in the address must survive smfi_setreply's escaping.
        r = lab.swaks("bob%x@army.ml")
        code, text = r.rcpt("bob%x@army.ml")
        tap.ok(code is not None and 500 <= code < 600,
               "typo address with '%' refused too", r.out)
        tap.ok("bob%x@army.mil" in text, "'%' shows literally in the "
               "suggestion", text)

        # The protected domain itself and an unrelated one pass.
        r = lab.swaks(["carol@army.mil", "dave@example.com"])
        tap.eq(r.data_end()[0], 250, "protected and unrelated recipients "
               "accepted")
        tap.ok(lab.wait_queue_empty(), "queue drains")
        tap.eq(sorted(r for m in lab.sink() for r in m.rcpts),
               ["carol@army.mil", "dave@example.com"],
               "the sink has only the good recipients")
        tap.eq(lab.sink_to("bob@army.ml") + lab.sink_to("bob%x@army.ml"), [],
               "no typo recipient reached the sink")
        lab.finish_milter(tap)
    pflab.check_teardown(tap, lab)


pflab.run(main)
