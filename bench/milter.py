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

The price of body inspection:

    bench/milter.py --content BUILD_DIR [MESSAGES [ROUNDS [SESSIONS]]]

Two typoguard-milter instances on the bundled configuration with the
list's action set to log, so that every message is delivered, and every
message goes to a typo recipient (bob@army.ml):

  list     no content rule: the MTA sends neither header nor body
  content  the same plus "SeverityAction none log": every message is
           buffered (header fields and body through the milter
           protocol) and classified once at its end

The message is a realistic one of about 24 KB (multipart/alternative,
text and HTML, no sensitive data; written by this script).  Reported:
median messages/s per instance and mode, the ratio content/list, the
milter process's CPU time (user + system, /proc) per message, and the
classifier's time per message, p50 and p99, from the milter's
content=classified log lines (scan_us) of the timed rounds.  Then the
same message to a clean recipient (bob@example.com), which the content
instance accepts at DATA without header or body: what the rule costs
mail that has no typo.
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


def run_round(lab, count, sessions, reuse, to="bob@example.com",
              msgfile=None):
    """Push count messages; seconds until all are in the sink."""
    for f in os.listdir(lab.path("sink")):
        os.unlink(lab.path("sink", f))
    argv = [lab.tools["smtp-source"], "-s", str(sessions), "-m", str(count),
            "-f", "alice@example.org", "-t", to, "-M", "client.lab.test"]
    argv += ["-F", msgfile] if msgfile else ["-l", "2000"]
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


WORDS = ("the quarterly planning meeting moves to the large room on the "
         "third floor please bring the revised budget figures and the "
         "draft agenda for the workshop next month our partners confirmed "
         "their attendance and the catering order is placed").split()


def realistic_message(path, size=24000):
    """A multipart/alternative message of about size bytes: text and
    HTML halves of the same prose, nothing sensitive."""
    import random
    rng = random.Random(5322)
    paras = []
    n = 0
    while n < size // 2 - 600:
        p = " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 90)))
        p = p[0].upper() + p[1:] + "."
        paras.append(p)
        n += len(p) + 2
    text = "\n\n".join("\n".join(wrap76(p)) for p in paras)
    html = "\n".join("<p>" + "\n".join(wrap76(p)) + "</p>" for p in paras)
    msg = ("From: Alice Example <alice@example.org>\n"
           "To: Bob <bob@army.ml>\n"
           "Subject: Planning meeting: room change and agenda\n"
           "Date: Tue, 24 Nov 2026 09:00:00 +0000\n"
           "Message-ID: <bench.5322@example.org>\n"
           "MIME-Version: 1.0\n"
           "Content-Type: multipart/alternative; boundary=\"b1\"\n\n"
           "--b1\nContent-Type: text/plain; charset=utf-8\n\n" + text +
           "\n\n--b1\nContent-Type: text/html; charset=utf-8\n\n"
           "<html><body>\n" + html + "\n</body></html>\n--b1--\n")
    with open(path, "w") as f:
        f.write(msg)
    return len(msg)


def wrap76(p):
    lines, cur = [], ""
    for w in p.split():
        if cur and len(cur) + 1 + len(w) > 76:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    if cur:
        lines.append(cur)
    return lines


def cpu_seconds(lab):
    """User + system CPU time of the lab's milter process so far."""
    with open(f"/proc/{lab.milter_proc.pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, (len(xs) * q) // 100)] if xs else 0


def main_content(build, count, rounds, sessions):
    """The price of body inspection: list vs content (see the top)."""
    with open(os.path.join(TOP, "data", "typoguard-milter.conf")) as f:
        conf = f.read()
    conf = re.sub(r"(?m)^ProtectedList reject ", "ProtectedList log ", conf)
    exe = os.path.join(build, "src", "milter", "typoguard-milter")
    os.environ.setdefault("TYPOGUARD_DATADIR", os.path.join(TOP, "data"))
    labs = {
        "list": pflab.Lab(milter=exe, milter_conf=conf),
        "content": pflab.Lab(milter=exe, milter_conf=conf +
                             "SeverityAction none log\n"),
    }
    names = list(labs)
    started = []
    try:
        for lab in labs.values():
            lab.__enter__()
            started.append(lab)
        msgfile = labs["list"].path("bench-message.eml")
        size = realistic_message(msgfile)
        os.chmod(msgfile, 0o644)
        print(f"== milter content: {count} messages of {size} bytes to a "
              f"typo recipient (action log), {sessions} sessions, "
              f"{rounds} rounds, order rotating; median")
        scan = []
        for to, reuse in (("bob@army.ml", False), ("bob@army.ml", True),
                          ("bob@example.com", False)):
            times = {n: [] for n in names}
            cpu = {n: 0.0 for n in names}
            for lab in labs.values():          # warm-up, not counted
                run_round(lab, min(count, 200), sessions, reuse, to,
                          msgfile)
            since = labs["content"].milter_log_size()
            for r in range(rounds):
                order = names[r % 2:] + names[:r % 2]
                for n in order:
                    c0 = cpu_seconds(labs[n])
                    times[n].append(run_round(labs[n], count, sessions,
                                              reuse, to, msgfile))
                    cpu[n] += cpu_seconds(labs[n]) - c0
            if to == "bob@army.ml":
                lines = labs["content"].wait_milter_log(
                    r"content=classified ", since, count=count * rounds)
                scan += [int(re.search(r"scan_us=(\d+)", l).group(1))
                         for l in lines]
            mode = ("reused sessions" if reuse else
                    "message per connection") + f", to {to}"
            med = {n: count / statistics.median(t) for n, t in times.items()}
            print(f"\n{mode}:")
            print(f"{'instance':10} {'msgs/s':>10} {'spread':>8} "
                  f"{'milter CPU/msg':>15}  times (s)")
            for n in names:
                t = times[n]
                spread = (max(t) - min(t)) / statistics.median(t)
                per = cpu[n] / (count * rounds) * 1e6
                print(f"{n:10} {med[n]:10.1f} {spread:7.1%} "
                      f"{per:12.0f} us  " +
                      " ".join(f"{x:.2f}" for x in t))
            print(f"content/list = {med['content'] / med['list']:.3f}")
        print(f"\nclassifier time per message (scan_us, {len(scan)} "
              f"messages): p50 {pct(scan, 50) / 1000:.2f} ms   p99 "
              f"{pct(scan, 99) / 1000:.2f} ms")
    finally:
        for lab in started:
            lab.__exit__(None, None, None)
    return 0


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--content":
        if len(sys.argv) < 3:
            print(__doc__, file=sys.stderr)
            return 64
        if os.geteuid() != 0:
            print("milter.py: must run as root (Postfix)", file=sys.stderr)
            return 77
        a = sys.argv[2:]
        return main_content(os.path.abspath(a[0]),
                            int(a[1]) if len(a) > 1 else 2000,
                            int(a[2]) if len(a) > 2 else 5,
                            int(a[3]) if len(a) > 3 else 8)
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
