#!/usr/bin/env python3
"""reload: SIGUSR1 reloads the config; a bad one keeps the old serving.

Three bad configs (unknown key, bad value, missing list) are each refused
with `reload failed` naming the place, and typos are still refused by the
old config; a good one then takes effect (reject -> tag).  Then repeated
reloads while smtp-source sends 1,000 messages: every message arrives,
and a typo checked between reloads is refused every time.
"""
import os
import signal
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pflab  # noqa: E402

REJECT = pflab.milter_config("Protect reject army.mil")
BAD = [
    ("unknown key", pflab.milter_config("Protect reject army.mil",
                                        "NoSuchKey yes"), "NoSuchKey"),
    ("bad value", pflab.milter_config("Protect reject army.mil",
                                      "Threshold 7"), "Threshold"),
    ("missing list", pflab.milter_config(
        "ProtectedList reject @LAB@/no-such.list"), "no-such.list"),
]
TAG = pflab.milter_config("Protect tag army.mil",
                          "TagHeader X-Typoguard-Recipient")
# Two good configs that both refuse army.ml, for reloads under load.
VARIANTS = [
    pflab.milter_config("Protect reject army.mil", "Threshold 0.1"),
    pflab.milter_config("Protect reject army.mil army.nl", "Threshold 0.2"),
]
LOAD = 1000


def refused(lab, rcpt="bob@army.ml"):
    r = lab.send(rcpt)
    c = r.rcpt.get(rcpt, (None,))[0]
    return c is not None and 500 <= c < 600, r


def reload(lab, pattern, seconds=30):
    since = lab.milter_log_size()
    lab.signal_milter(signal.SIGUSR1)
    return lab.wait_milter_log(pattern, since=since, seconds=seconds)


def main(tap):
    lab = pflab.Lab(milter=pflab.milter_arg(tap), milter_conf=REJECT,
                    tap=tap)
    with lab:
        ok, r = refused(lab)
        tap.ok(ok, "typo refused with the first config", repr(r))
        nlines = len(REJECT.splitlines())
        for what, text, needle in BAD:
            lab.write_milter_conf(text)
            hits = reload(lab, r"reload failed")
            line = hits[0] if hits else ""
            tap.ok(bool(line), f"{what}: `reload failed` logged",
                   lab.milter_log()[-1500:])
            tap.ok(needle in line, f"{what}: the log line names "
                   f"{needle}", line)
            if what == "unknown key":
                tap.ok(f"milter.conf:{nlines + 1}" in line,
                       f"{what}: and the place (file:line)", line)
            tap.ok(lab.milter_proc.poll() is None, f"{what}: milter still "
                   "running")
            ok, r = refused(lab)
            tap.ok(ok, f"{what}: the old config keeps refusing the typo",
                   repr(r))

        lab.write_milter_conf(TAG)
        tap.ok(bool(reload(lab, r"reloaded")), "good config: `reloaded`")
        r = lab.send("bob@army.ml", subject="after reload")
        tap.ok(r.accepted, "new config serves: typo accepted (tag)", repr(r))
        tap.ok(lab.wait_queue_empty(), "queue drains")
        got = lab.sink_to("bob@army.ml")
        tap.ok(len(got) == 1 and got[0].header("X-Typoguard-Recipient"),
               "and tagged")

        # Reloads under load.
        lab.write_milter_conf(VARIANTS[0])
        tap.ok(bool(reload(lab, r"reloaded")), "back to reject")
        base = lab.sink_count()
        src = lab.smtp_source(LOAD, to="load@example.com", sessions=4,
                              background=True)
        reloads = failed_reloads = not_refused = 0
        while src.poll() is None:
            lab.write_milter_conf(VARIANTS[(reloads + 1) % 2])
            if reload(lab, r"reloaded"):
                reloads += 1
            else:
                failed_reloads += 1
                break
            ok, _ = refused(lab)
            not_refused += not ok
        out = src.communicate()[0]
        tap.eq(src.returncode, 0, "smtp-source: every message got 250", out)
        tap.ok(reloads >= 5, f"reloads while sending ({reloads})")
        tap.eq(failed_reloads, 0, "every reload logged `reloaded`")
        tap.eq(not_refused, 0, "the typo was refused after every reload")
        tap.ok(lab.wait_queue_empty(120), "queue drains")
        tap.eq(len(lab.sink_to("load@example.com")), LOAD,
               f"all {LOAD} messages at the sink")
        tap.eq(lab.sink_count() - base, LOAD, "and nothing else")
        tap.ok(lab.milter_proc.poll() is None, "milter still running")
        lab.finish_milter(tap)
    pflab.check_teardown(tap, lab)


pflab.run(main)
