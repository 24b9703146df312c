#!/usr/bin/env python3
"""inbound: mail from a host outside InternalHosts passes untouched.

InternalHosts is 127.0.0.1/32 only.  From 127.0.0.2 (swaks
--local-interface) a typo recipient is accepted, delivered, not tagged
and not logged per recipient; the same mail from 127.0.0.1 is refused
(reject) or tagged (tag), so the narrow list is what made the difference.
"""
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pflab  # noqa: E402

HDR = "X-Typoguard-Recipient"
CONF = pflab.milter_config("Protect reject army.mil", "Protect tag gmail.com",
                           f"TagHeader {HDR}", internal="127.0.0.1/32")


def main(tap):
    lab = pflab.Lab(milter=pflab.milter_arg(tap), milter_conf=CONF, tap=tap)
    with lab:
        r = lab.swaks(["bob@army.ml", "ann@gmial.com"], local="127.0.0.2",
                      headers=["Subject: inbound"])
        tap.eq(r.rcpt("bob@army.ml")[0], 250,
               "inbound: reject-listed typo accepted")
        tap.eq(r.rcpt("ann@gmial.com")[0], 250,
               "inbound: tag-listed typo accepted")
        tap.eq(r.data_end()[0], 250, "inbound: message accepted")
        tap.ok(lab.wait_queue_empty(), "queue drains")
        got = lab.sink_to("bob@army.ml")
        tap.eq(len(got), 1, "inbound message delivered once")
        m = got[0] if got else None
        tap.ok(m is not None and "[127.0.0.2]" in " ".join(
            m.header("Received")), "it came from 127.0.0.2",
            m.message[:600] if m else None)
        tap.eq(m.header(HDR) if m else None, [], "inbound message not tagged")
        tap.eq(sorted(m.rcpts) if m else None,
               ["ann@gmial.com", "bob@army.ml"], "to both recipients")
        acts = [l for l in lab.milter_log().splitlines()
                if "action=" in l and "127.0.0.2" in l]
        tap.eq(acts, [], "no decision logged for inbound mail")

        # The same from the internal address.
        r = lab.swaks(["bob@army.ml", "ann@gmial.com"], local="127.0.0.1",
                      headers=["Subject: outbound"])
        code = r.rcpt("bob@army.ml")[0]
        tap.ok(code is not None and 500 <= code < 600,
               "outbound: reject-listed typo refused", r.out)
        tap.eq(r.data_end()[0], 250, "outbound: accepted for the other")
        tap.ok(lab.wait_queue_empty(), "queue drains")
        got = [m for m in lab.sink_to("ann@gmial.com")
               if m.header("Subject") == ["outbound"]]
        tap.eq(len(got), 1, "outbound message delivered once")
        tap.eq(len(got[0].header(HDR)) if got else None, 1,
               "outbound message tagged")
        lab.finish_milter(tap)
    pflab.check_teardown(tap, lab)


pflab.run(main)
