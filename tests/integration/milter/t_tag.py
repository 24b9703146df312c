#!/usr/bin/env python3
"""tag: a message to a typo recipient gets a header naming the finding.

Nothing is blocked; the copy at the sink carries TagHeader (a non-default
name here, so the key is honoured) with the recipient and the intended
domain; a message without a typo carries no such header.
"""
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pflab  # noqa: E402

HDR = "X-Lab-Recipient-Check"
CONF = pflab.milter_config("Protect tag army.mil gmail.com",
                           f"TagHeader {HDR}")


def main(tap):
    lab = pflab.Lab(milter=pflab.milter_arg(tap), milter_conf=CONF, tap=tap)
    with lab:
        r = lab.swaks("bob@army.ml")
        tap.eq(r.rcpt("bob@army.ml")[0], 250, "typo recipient accepted")
        tap.eq(r.data_end()[0], 250, "message accepted")
        s = lab.send(["ann@gmial.com", "carol@example.com"], subject="two")
        tap.ok(s.accepted, "typo + good recipient accepted", repr(s))
        s = lab.send(["dave@example.com"], subject="clean")
        tap.ok(s.accepted, "message without a typo accepted", repr(s))
        tap.ok(lab.wait_queue_empty(), "queue drains")

        got = lab.sink_to("bob@army.ml")
        tap.eq(len(got), 1, "tagged message delivered once")
        h = got[0].header(HDR) if got else []
        tap.eq(len(h), 1, f"one {HDR} header", got[0].message[:800]
               if got else None)
        v = h[0] if h else ""
        tap.ok("bob@army.ml" in v, "header names the recipient", v)
        tap.ok("army.mil" in v, "header names the intended domain", v)

        got = lab.sink_to("carol@example.com")
        h = got[0].header(HDR) if got else []
        tap.eq(len(h), 1, "message with one typo of two recipients tagged "
               "once", h)
        v = h[0] if h else ""
        tap.ok("ann@gmial.com" in v and "gmail.com" in v,
               "header names that recipient and gmail.com", v)
        tap.ok("carol@example.com" not in v, "header leaves the good "
               "recipient out", v)

        got = lab.sink_to("dave@example.com")
        tap.eq(got[0].header(HDR) if got else None, [],
               "message without a typo is not tagged")
        tap.ok(lab.wait_milter_log(r"action=tag .*rcpt=<bob@army\.ml>"),
               "milter logs action=tag")
        lab.finish_milter(tap)
    pflab.check_teardown(tap, lab)


pflab.run(main)
