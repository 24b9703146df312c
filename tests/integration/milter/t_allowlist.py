#!/usr/bin/env python3
"""allowlist: a look-alike that is a genuine correspondent is delivered.

army.ml is on the AllowList: mail to it is accepted and delivered, the
milter logs action=allowed; another typo of army.mil is still refused.
"""
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pflab  # noqa: E402

CONF = pflab.milter_config("Protect reject army.mil",
                           "AllowList @LAB@/allow.list")
ALLOW = "# genuine correspondents\narmy.ml\n"


def main(tap):
    lab = pflab.Lab(milter=pflab.milter_arg(tap), milter_conf=CONF,
                    files={"allow.list": ALLOW}, tap=tap)
    with lab:
        r = lab.swaks("bob@army.ml")
        tap.eq(r.rcpt("bob@army.ml")[0], 250,
               "allowlisted look-alike accepted at RCPT")
        tap.eq(r.data_end()[0], 250, "message accepted")
        r2 = lab.swaks("bob@arny.mil")
        code, text = r2.rcpt("bob@arny.mil")
        tap.ok(code is not None and 500 <= code < 600,
               "a typo not on the allowlist is still refused", r2.out)
        tap.ok(lab.wait_queue_empty(), "queue drains")
        tap.eq(len(lab.sink_to("bob@army.ml")), 1,
               "allowlisted recipient delivered once")
        tap.eq(lab.sink_to("bob@arny.mil"), [], "refused one not delivered")
        tap.ok(lab.wait_milter_log(r"action=allowed .*rcpt=<bob@army\.ml>"),
               "milter logs action=allowed", lab.milter_log()[-2000:])
        lab.finish_milter(tap)
    pflab.check_teardown(tap, lab)


pflab.run(main)
