#!/usr/bin/env python3
"""hold: a message to a typo recipient waits in Postfix's hold queue.

The milter quarantines it at end of message and logs the queue id and
why; an admin's `postsuper -H` releases it and it is delivered once.
"""
import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pflab  # noqa: E402

CONF = pflab.milter_config("Protect hold army.mil")


def queue_id(text):
    m = re.search(r"queued as ([0-9A-Za-z]+)", text)
    return m.group(1) if m else None


def main(tap):
    lab = pflab.Lab(milter=pflab.milter_arg(tap), milter_conf=CONF, tap=tap)
    with lab:
        r = lab.swaks("bob@army.ml")
        tap.eq(r.rcpt("bob@army.ml")[0], 250, "RCPT accepted (hold decides "
               "at end of message)")
        code, text = r.data_end()
        tap.eq(code, 250, "message accepted")
        qid = queue_id(text)
        tap.ok(qid is not None, "reply names the queue id", text)

        # A second one with a good recipient too: held as a whole.
        s = lab.send(["bob@army.ml", "carol@example.com"], subject="two")
        tap.ok(s.accepted, "message to a typo and a good recipient accepted",
               repr(s))
        qid2 = queue_id(s.final[1])
        tap.ok(lab.wait_queue_empty(), "nothing left outside the hold queue")
        held = {q["queue_id"]: q for q in lab.held()}
        tap.eq(sorted(held), sorted([qid, qid2]),
               "both messages in the hold queue")
        tap.eq(lab.sink(), [], "nothing delivered while held")
        rc = sorted(x["address"] for x in held.get(qid2, {})
                    .get("recipients", []))
        tap.eq(rc, ["bob@army.ml", "carol@example.com"],
               "the held message keeps all its recipients")

        log = lab.wait_milter_log(rf"{qid}: .*action=hold")
        line = log[0] if log else ""
        tap.ok(bool(line), "milter logs action=hold with the queue id",
               lab.milter_log()[-2000:])
        for key in ("rcpt=<bob@army.ml>", "intended=army.mil"):
            tap.ok(key in line, f"hold log line has {key}", line)
        tap.ok(re.search(rf"{qid}: milter-hold: ", lab.maillog()) is not None,
               "Postfix logs milter-hold for it")

        lab.release_hold(qid)
        tap.ok(lab.wait_queue_empty(), "released message leaves the queue")
        tap.eq(len(lab.sink_to("bob@army.ml")), 1,
               "released message delivered once")
        tap.eq([q["queue_id"] for q in lab.held()], [qid2],
               "the other one is still held")
        lab.release_hold()
        tap.ok(lab.wait_queue_empty(hold_too=True), "all queues empty")
        got = lab.sink_to("carol@example.com")
        tap.eq(len(got), 1, "second message delivered once")
        tap.eq(got[0].rcpts if got else [], ["bob@army.ml",
               "carol@example.com"], "to both its recipients")
        tap.eq(len(lab.sink()), 2, "two messages at the sink in all")
        lab.finish_milter(tap)
    pflab.check_teardown(tap, lab)


pflab.run(main)
