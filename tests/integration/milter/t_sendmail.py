#!/usr/bin/env python3
"""sendmail: local submission (sendmail -> postdrop -> pickup) to a typo.

Postfix cannot refuse one recipient of a non-SMTP submission: a RCPT-time
reject leaves the file in maildrop for ever.  The milter decides at end of
message instead.  LocalSubmission reject: the message is refused, the
sender gets a bounce that says why, nothing stays in maildrop.
LocalSubmission hold: the message waits in the hold queue, then is
delivered once when released.
"""
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pflab  # noqa: E402

REJECT = pflab.milter_config("Protect reject army.mil",
                             "LocalSubmission reject")
HOLD = pflab.milter_config("Protect reject army.mil", "LocalSubmission hold")
SENDER = "alice@example.org"


def bounces(lab):
    return [m for m in lab.sink_to(SENDER) if m.mail_from == ""]


def main(tap):
    lab = pflab.Lab(milter=pflab.milter_arg(tap), milter_conf=REJECT,
                    tap=tap)
    with lab:
        r = lab.sendmail(["bob@army.ml"], frm=SENDER)
        tap.eq(r.returncode, 0, "sendmail takes the message", r.stderr)
        if not tap.ok(lab.wait_queue_empty(), "nothing stuck in maildrop "
                      "or the queue", str(lab.queue_files())):
            lab.purge()
        tap.eq(lab.sink_to("bob@army.ml"), [], "typo recipient got nothing")
        b = bounces(lab)
        tap.eq(len(b), 1, "the sender gets one bounce")
        text = b[0].message if b else ""
        tap.ok("bob@army.mil" in text, "the bounce names the suggestion",
               text[:3000])
        log = lab.wait_milter_log(r"action=reject .*rcpt=<bob@army\.ml>")
        line = log[0] if log else ""
        tap.ok(bool(line), "milter logs the reject", lab.milter_log()[-2000:])
        tap.ok(line and "NOQUEUE" not in line,
               "decided at end of message (with a queue id)", line)
        tap.ok("can't reject recipient" not in lab.maillog(),
               "no RCPT-time reject of a non-SMTP submission")

        r = lab.sendmail(["bob@army.ml", "carol@example.com"], frm=SENDER)
        tap.eq(r.returncode, 0, "typo + good recipient: sendmail takes it")
        if not tap.ok(lab.wait_queue_empty(), "queue drains"):
            lab.purge()
        tap.eq(len(bounces(lab)), 2, "the sender gets a bounce for it")
        tap.eq(lab.sink_to("carol@example.com"), [],
               "the whole message is refused, not half of it")

        r = lab.sendmail(["carol@army.mil"], frm=SENDER)
        tap.eq(r.returncode, 0, "good recipient: sendmail takes it")
        tap.ok(lab.wait_queue_empty(), "queue drains")
        tap.eq(len(lab.sink_to("carol@army.mil")), 1,
               "good local submission delivered once")

        # LocalSubmission hold (a fresh milter on the new config).
        lab.stop_milter()
        lab.write_milter_conf(HOLD)
        lab.start_milter()
        before = len(bounces(lab))
        r = lab.sendmail(["bob@army.ml"], frm=SENDER,
                         message="Subject: hold me\n\nlocal\n")
        tap.eq(r.returncode, 0, "hold: sendmail takes the message")
        if not tap.ok(lab.wait_queue_empty(), "hold: nothing stuck in "
                      "maildrop"):
            lab.purge()
        held = lab.held()
        tap.eq([x["address"] for q in held for x in q["recipients"]],
               ["bob@army.ml"], "hold: the message is in the hold queue")
        qid = held[0]["queue_id"] if held else "NONE"
        tap.ok(lab.wait_milter_log(rf"{qid}: .*action=hold"),
               "hold: milter logs it with the queue id")
        tap.eq(len(bounces(lab)), before, "hold: no bounce")
        lab.release_hold()
        tap.ok(lab.wait_queue_empty(hold_too=True), "released: queue empty")
        got = lab.sink_to("bob@army.ml")
        tap.eq(len(got), 1, "released: delivered once")
        tap.eq(got[0].header("Subject") if got else None, ["hold me"],
               "released: the message itself")
        lab.finish_milter(tap)
    pflab.check_teardown(tap, lab)


pflab.run(main)
