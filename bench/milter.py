#!/usr/bin/env python3
"""milter.py - what typoguard-milter costs Postfix.

Three private Postfix instances on loopback (the integration tests' lab,
tests/integration/milter/pflab.py), each relaying to its own smtp-sink:

  none    no milter
  noop    bench/noop_milter: registers the same steps as typoguard-milter,
          negotiates the same ones away and accepts everything (the price
          of the milter protocol itself)
  typo    typoguard-milter on its bundled default configuration

smtp-source pushes the same messages (alice@example.org to
bob@example.com, internal client, so every recipient is checked) into
each, in interleaved rounds whose order rotates; a round ends when the
sink holds every message and the queue is empty.  Two modes: one message
per connection, and sessions reused (smtp-source -d).  Reported: the
median messages/s per instance and mode, and the ratios typo/noop and
typo/none.  Then typoguard-milter's own time per RCPT callback, p50 and
p99, from its debug log (LogLevel debug, measured after the timed rounds
so that logging does not slow them): clean recipients, and typo
recipients that it rejects.

    bench/milter.py BUILD_DIR [MESSAGES [ROUNDS [SESSIONS]]]

Must run as root (Postfix).  Defaults: 2000 messages, 5 rounds, 8
parallel sessions.
"""
import os
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(TOP, "tests", "integration", "milter"))
import pflab  # noqa: E402


def run_round(lab, count, sessions, reuse):
    """Push count messages; seconds until all are in the sink."""
    for f in os.listdir(lab.path("sink")):
        os.unlink(lab.path("sink", f))
    argv = [lab.tools["smtp-source"], "-s", str(sessions), "-m", str(count),
            "-f", "alice@example.org", "-t", "bob@example.com",
            "-M", "client.lab.test", "-l", "2000"]
    if reuse:
        argv.append("-d")
    argv.append(f"127.0.0.1:{lab.port}")
    t0 = time.monotonic()
    r = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True,
                       text=True)
    if r.returncode != 0:
        raise RuntimeError(f"smtp-source failed: {r.stderr.strip()}")

    def drained():
        return (lab.sink_count() >= count and
                sum(lab.queue_files(lab.QUEUES[:-1]).values()) == 0)
    if not pflab.wait_for(drained, 120 + count / 20, 0.02):
        raise RuntimeError(f"only {lab.sink_count()} of {count} delivered")
    return time.monotonic() - t0


def rcpt_times(lab, conf, count):
    """ns per RCPT callback from the debug log: clean, then typo."""
    since = lab.milter_log_size()
    lab.write_milter_conf(re.sub(r"(?mi)^LogLevel\s.*$", "LogLevel debug",
                                 conf))
    lab.signal_milter(pflab.signal.SIGUSR1)
    if not lab.wait_milter_log(r"reloaded", since):
        raise RuntimeError("typoguard-milter did not reload")
    out = {}
    for kind, rcpt in (("clean", "bob@example.com"),
                       ("typo", "bob@army.ml")):
        since = lab.milter_log_size()
        for i in range(count):
            pflab.smtp_send(lab.port, "alice@example.org", [rcpt],
                            pflab.message("alice@example.org", [rcpt]))
        lines = lab.wait_milter_log(r"rcpt callback ns=", since,
                                    count=count)
        ns = sorted(int(re.search(r"ns=(\d+)", l).group(1)) for l in lines)
        if len(ns) < count:
            raise RuntimeError(f"{len(ns)} of {count} timing lines")
        out[kind] = (ns[len(ns) // 2], ns[min(len(ns) - 1,
                                             (len(ns) * 99) // 100)])
    return out


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 64
    build = os.path.abspath(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    sessions = int(sys.argv[4]) if len(sys.argv) > 4 else 8
    inet = os.environ.get("TG_BENCH_SOCKET") == "inet"
    if os.geteuid() != 0:
        print("milter.py: must run as root (Postfix)", file=sys.stderr)
        return 77
    with open(os.path.join(TOP, "data", "typoguard-milter.conf")) as f:
        conf = f.read()
    os.environ.setdefault("TYPOGUARD_DATADIR", os.path.join(TOP, "data"))
    labs = {
        "none": pflab.Lab(),
        "noop": pflab.Lab(milter=os.path.join(build, "bench", "noop_milter"),
                          milter_conf="", milter_inet=inet),
        "typo": pflab.Lab(milter=os.path.join(build, "src", "milter",
                                              "typoguard-milter"),
                          milter_conf=conf, milter_inet=inet),
    }
    names = list(labs)
    started = []
    try:
        for lab in labs.values():
            lab.__enter__()
            started.append(lab)
        print(f"== milter: {count} messages of 2000 bytes, {sessions} "
              f"sessions, {rounds} rounds, order rotating; median")
        res = {}
        for reuse in (False, True):
            times = {n: [] for n in names}
            for lab in labs.values():          # warm-up, not counted
                run_round(lab, min(count, 200), sessions, reuse)
            for r in range(rounds):
                order = names[r % 3:] + names[:r % 3]
                for n in order:
                    times[n].append(run_round(labs[n], count, sessions,
                                              reuse))
            mode = "reused sessions" if reuse else "message per connection"
            med = {n: count / statistics.median(t) for n, t in times.items()}
            res[mode] = med
            print(f"\n{mode}:")
            print(f"{'instance':10} {'msgs/s':>10} {'spread':>8}  "
                  "times (s)")
            for n in names:
                t = times[n]
                spread = (max(t) - min(t)) / statistics.median(t)
                print(f"{n:10} {med[n]:10.1f} {spread:7.1%}  " +
                      " ".join(f"{x:.2f}" for x in t))
            print(f"typo/noop = {med['typo'] / med['noop']:.3f}   "
                  f"typo/none = {med['typo'] / med['none']:.3f}   "
                  f"noop/none = {med['noop'] / med['none']:.3f}")
        rt = rcpt_times(labs["typo"], conf, 300)
        print("\ntypoguard-milter, time per RCPT callback (debug log, "
              "300 each):")
        for kind, (p50, p99) in rt.items():
            print(f"{kind:6} p50 {p50 / 1000:8.1f} us   p99 "
                  f"{p99 / 1000:8.1f} us")
    finally:
        for lab in started:
            lab.__exit__(None, None, None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
