#!/usr/bin/env python3
"""smoke: the harness alone, Postfix without a milter.

Start, send with swaks, smtp-source and sendmail, count at the sink, hold
a message (an access table's HOLD) and release it, tear down leaving no
process and no listening port behind.
"""
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pflab  # noqa: E402


def main(tap):
    pflab.preflight(tap)
    extra = {"smtpd_recipient_restrictions":
             "check_recipient_access inline:{ hold@example.com=HOLD }, "
             "permit_mynetworks, reject"}
    lab = pflab.Lab(main_cf=extra, tap=tap)
    with lab:
        r = lab.swaks("bob@example.com")
        tap.eq(r.data_end()[0], 250, "swaks: message accepted")
        tap.ok(lab.wait_queue_empty(), "queue drains")
        got = lab.sink_to("bob@example.com")
        tap.eq(len(got), 1, "sink has the message once")
        tap.ok(got and got[0].header("Subject"), "sink copy has its headers")

        p = lab.smtp_source(50, to="carol@example.com")
        tap.eq(p.returncode, 0, "smtp-source: 50 messages sent")
        tap.ok(lab.wait_queue_empty(), "queue drains")
        tap.eq(len(lab.sink_to("carol@example.com")), 50,
               "sink has the 50 messages")

        s = lab.sendmail(["dave@example.com"])
        tap.eq(s.returncode, 0, "sendmail -C: submitted")
        tap.ok(lab.wait_queue_empty(), "maildrop drains")
        tap.eq(len(lab.sink_to("dave@example.com")), 1,
               "sink has the local submission")

        r = lab.swaks("hold@example.com")
        tap.eq(r.data_end()[0], 250, "message for HOLD accepted")
        tap.ok(lab.wait_queue_empty(), "other queues drain")
        held = lab.held()
        tap.eq(len(held), 1, "one message in the hold queue")
        tap.eq(lab.sink_to("hold@example.com"), [], "held one not delivered")
        lab.release_hold()
        tap.ok(lab.wait_queue_empty(hold_too=True), "released message leaves")
        tap.eq(len(lab.sink_to("hold@example.com")), 1,
               "released message delivered once")
        lab.purge()
        tap.eq(sum(lab.queue_files().values()), 0, "purge leaves no queue "
               "file")
        top = lab.dir
    pflab.check_teardown(tap, lab)
    tap.ok(not os.path.exists(top), "teardown: directory removed")


pflab.run(main)
