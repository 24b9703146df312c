#!/usr/bin/env python3
"""kill: the milter dies (SIGKILL) in the middle of 1,000 messages.

milter_default_action = tempfail.  Eight clients send 1,000 messages, one
per connection, each numbered (X-Seq).  After 300 are accepted the milter
is killed; once clients have seen temporary failures new messages wait
until it is started again.  Every message got either 250 or a 4xx
(nothing else, no dropped connection without a reply), the two add up to
1,000, and each 250 reaches the sink exactly once while no 4xx one does.
"""
import collections
import os
import re
import signal
import sys
import threading

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pflab  # noqa: E402

CONF = pflab.milter_config("Protect reject army.mil")
TOTAL, CLIENTS, KILL_AT, TEMPFAILS_SEEN = 1000, 8, 300, 20


class Run:
    def __init__(self, lab):
        self.lab = lab
        self.lock = threading.Lock()
        self.next = 0
        self.results = {}
        self.go = threading.Event()     # clients wait while it is clear
        self.go.set()

    def counts(self):
        with self.lock:
            r = list(self.results.values())
        return (sum(1 for x in r if x.accepted),
                sum(1 for x in r if not x.accepted and x.tempfailed))

    def client(self):
        while True:
            self.go.wait()
            with self.lock:
                if self.next >= TOTAL:
                    return
                seq = self.next
                self.next += 1
            res = self.lab.send(f"user{seq}@example.com",
                                subject=f"seq {seq}",
                                headers=[f"X-Seq: {seq}"])
            with self.lock:
                self.results[seq] = res


def main(tap):
    lab = pflab.Lab(milter=pflab.milter_arg(tap), milter_conf=CONF,
                    default_action="tempfail", tap=tap)
    with lab:
        run = Run(lab)
        threads = [threading.Thread(target=run.client)
                   for _ in range(CLIENTS)]
        for t in threads:
            t.start()
        try:
            up = pflab.wait_for(lambda: run.counts()[0] >= KILL_AT, 300,
                                0.01)
            tap.ok(up, f"{KILL_AT} messages accepted before the kill")
            lab.stop_milter(signal.SIGKILL)
            seen = pflab.wait_for(
                lambda: run.counts()[1] >= TEMPFAILS_SEEN, 300, 0.01)
            tap.ok(seen, "clients see temporary failures while it is down")
            # New messages wait until it is back (the rest of the run must
            # not depend on how long a start takes on a slow machine).
            run.go.clear()
            try:
                lab.start_milter()
                restarted = True
            except RuntimeError as e:
                restarted = False
                tap.diag(str(e))
            tap.ok(restarted, "milter starts again on the same socket path")
        finally:
            run.go.set()
            for t in threads:
                t.join()

        res = run.results
        acc = {s for s, r in res.items() if r.accepted}
        tmp = {s for s, r in res.items() if not r.accepted and r.tempfailed}
        other = {s: r for s, r in res.items() if s not in acc | tmp}
        tap.diag(f"250: {len(acc)}  4xx: {len(tmp)}  other: {len(other)}")
        stages = collections.Counter(r.steps[-1][0] + " " + str(r.final[0])
                                     for r in res.values()
                                     if not r.accepted and r.steps)
        tap.diag(f"refusals by step: {dict(stages)}")
        tap.eq(len(res), TOTAL, f"all {TOTAL} messages tried")
        tap.eq(dict(list(other.items())[:5]), {},
               "every message got a 250 or a 4xx")
        tap.eq(len(acc) + len(tmp), TOTAL, f"250s and 4xx add up to {TOTAL}")
        tap.ok(len(tmp) > 0, "the kill cost some messages a 4xx")
        tap.ok(any(s > max(tmp) for s in acc) if tmp else False,
               "messages accepted again after the restart")

        tap.ok(lab.wait_queue_empty(180), "queue drains")
        seen = collections.Counter()
        for m in lab.sink():
            for v in m.header("X-Seq"):
                if re.fullmatch(r"\d+", v):
                    seen[int(v)] += 1
        tap.eq(sorted(s for s in acc if seen[s] != 1), [],
               "every accepted message at the sink exactly once")
        tap.eq(sorted(s for s in tmp if seen[s]), [],
               "no temporarily refused message at the sink")
        tap.eq(sum(seen.values()), len(acc), "the sink has nothing else")
        lab.finish_milter(tap)
    pflab.check_teardown(tap, lab)


pflab.run(main)
