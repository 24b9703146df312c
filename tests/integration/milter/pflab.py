"""pflab - a private Postfix on loopback for typoguard-milter's tests.

A Lab lives in a fresh temporary directory and owns everything in it:

  conf/main.cf conf/master.cf  the instance (postfix -c conf ...)
  spool/ data/                 queue_directory, data_directory
  log/maillog                  Postfix's log (postlogd, no syslog)
  sink/                        one file per message smtp-sink received
  milter.sock milter.log       typoguard-milter's socket and stderr

Postfix listens on 127.0.0.1 and relays every recipient to smtp-sink on
127.0.0.1; nothing is delivered locally and no DNS is used.  Both ports
are picked at start, so labs can run side by side.  Nothing runs
chrooted: a private queue directory has no copy of /etc for a jail.
Everything must run as root (Postfix's master and queue ownership); the
milter runs as Postfix's user, so smtpd may use its socket.

Each test script builds a Tap, starts a Lab in a `with` block (teardown
runs on exit and on SIGTERM) and asserts on SMTP replies, the sink, the
queues and the logs.  Waits are bounded polls.  A reaper process in its
own session removes what is left of a lab when the test dies without
its teardown (the test runner's SIGKILL after a timeout).

TG_KEEP_LAB=1 keeps the lab directory; TG_TAP_TIMES=1 adds the elapsed
time to each TAP line.
"""

import json
import os
import re
import shutil
import signal
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
import traceback

T0 = time.monotonic()
SBIN = ("/usr/sbin", "/usr/bin", "/sbin", "/bin")


def tool(name):
    """Absolute path of a program, looking in sbin too (not always on PATH)."""
    path = shutil.which(name)
    if path:
        return path
    for d in SBIN:
        p = os.path.join(d, name)
        if os.access(p, os.X_OK):
            return p
    return None


class Tap:
    """TAP output, one line per assertion; the plan comes last."""

    def __init__(self):
        self.n = 0
        self.failed = 0
        self.on_fail = []   # callables giving diagnostic text on a failure

    def ok(self, cond, desc, diag=None):
        self.n += 1
        if os.environ.get("TG_TAP_TIMES"):
            desc += f" [{time.monotonic() - T0:.2f}s]"
        if cond:
            print(f"ok {self.n} - {desc}", flush=True)
            return True
        self.failed += 1
        print(f"not ok {self.n} - {desc}", flush=True)
        if diag:
            self.diag(diag)
        # The logs once, at the first failure: enough to see why.
        if self.failed == 1:
            for f in self.on_fail:
                try:
                    self.diag(f())
                except Exception as e:  # diagnostics never hide the failure
                    self.diag(f"(diagnostics failed: {e})")
        return False

    def eq(self, got, want, desc, diag=None):
        d = f"got {got!r}, want {want!r}"
        return self.ok(got == want, desc, d + ("\n" + str(diag) if diag
                                                 else ""))

    def diag(self, text):
        for line in str(text).splitlines():
            print(f"# {line}", flush=True)

    def skip_all(self, reason):
        print(f"1..1\nok 1 # SKIP {reason}", flush=True)
        sys.exit(0)

    def done(self):
        print(f"1..{self.n}", flush=True)
        sys.exit(1 if self.failed else 0)


def wait_for(pred, seconds, step=0.02):
    """Poll pred() until it is true (returns its value) or time is up."""
    end = time.monotonic() + seconds
    while True:
        v = pred()
        if v or time.monotonic() >= end:
            return v or None
        time.sleep(step)


def free_port():
    """A loopback port nobody listens on now (the kernel's pick)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port, host="127.0.0.1"):
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def pid_alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def milter_arg(tap):
    """The milter executable (argv[1]) after the preflight checks."""
    exe = sys.argv[1] if len(sys.argv) > 1 else ""
    preflight(tap, exe)
    return exe


def preflight(tap, need_milter=None):
    """Skip the whole test unless root and Postfix's tools are there."""
    if os.geteuid() != 0:
        tap.skip_all("not root")
    for t in ("postfix", "postqueue", "postsuper", "sendmail", "smtp-sink",
              "smtp-source", "swaks"):
        if tool(t) is None:
            tap.skip_all(f"{t} not installed")
    if need_milter is not None and not os.access(need_milter, os.X_OK):
        tap.skip_all(f"no milter executable at {need_milter}")


def parse_swaks(out):
    """swaks' transcript as [(command, [(code, text), ...]), ...].

    Lines " -> X" are what swaks sent, "<-  X" / "<** X" what it got.
    The replies to a command are the lines received after it.
    """
    steps = []
    for line in out.splitlines():
        m = re.match(r"^\s*(->|<-|<\*\*) ?(.*)$", line)
        if not m:
            continue
        kind, text = m.group(1), m.group(2)
        if kind == "->":
            steps.append([text, []])
        else:
            r = re.match(r"^\s*(\d{3})(?:[ -](.*))?$", text)
            if r is None:
                continue
            if not steps:
                steps.append(["(banner)", []])
            steps[-1][1].append((int(r.group(1)), r.group(2) or ""))
    return steps


class SwaksResult:
    def __init__(self, rc, out):
        self.rc = rc
        self.out = out
        self.steps = parse_swaks(out)

    def reply(self, prefix):
        """(code, joined text) of the first command starting with prefix."""
        for cmd, lines in self.steps:
            if cmd.upper().startswith(prefix.upper()) and lines:
                return lines[-1][0], " ".join(t for _, t in lines)
        return None, ""

    def rcpt(self, addr):
        return self.reply(f"RCPT TO:<{addr}>")

    def data_end(self):
        """The reply to the end of DATA (the command swaks shows as '.')."""
        for cmd, lines in self.steps:
            if cmd.strip() == "." and lines:
                return lines[-1][0], " ".join(t for _, t in lines)
        return None, ""


class SinkMessage:
    """One file smtp-sink wrote: its envelope lines, then the message."""

    ENVELOPE = ("X-Client-Addr", "X-Client-Proto", "X-Helo-Args",
                "X-Mail-Args", "X-Rcpt-Args")

    def __init__(self, path, text):
        self.path = path
        self.text = text
        self.client = self.mail_from = None
        self.rcpts = []
        lines = text.split("\n")
        i = 0
        while i < len(lines):
            k, sep, v = lines[i].partition(": ")
            if not sep or k not in self.ENVELOPE:
                break
            if k == "X-Rcpt-Args":
                self.rcpts.append(envelope_addr(v))
            elif k == "X-Mail-Args":
                self.mail_from = envelope_addr(v)
            elif k == "X-Client-Addr":
                self.client = v.strip()
            i += 1
        self.message = "\n".join(lines[i:])

    def header(self, name):
        """Values of a message header (unfolded), in order."""
        vals = []
        cur = False
        for line in self.message.split("\n"):
            if line == "":
                break
            if line[:1] in (" ", "\t"):
                if cur:
                    vals[-1] += " " + line.strip()
                continue
            k, sep, v = line.partition(":")
            cur = bool(sep) and k.strip().lower() == name.lower()
            if cur:
                vals.append(v.strip())
        return vals

    def body(self):
        return self.message.partition("\n\n")[2]


def envelope_addr(args):
    m = re.search(r"<([^>]*)>", args)
    return m.group(1).lower() if m else args.strip().lower()


def milter_config(*lines, internal="127.0.0.1/32"):
    """A test configuration for typoguard-milter: the bundled public suffix
    list (from TYPOGUARD_TEST_PSL, so results do not depend on the
    system's copy), no syslog, then the given lines."""
    out = ["# typoguard-milter test configuration"]
    if os.environ.get("TYPOGUARD_TEST_PSL"):
        # The lab's copy (see Lab.copy_data).
        out.append("PublicSuffixList @LAB@/tgdata/public_suffix_list.dat")
    out.append("Syslog no")
    if internal:
        out.append(f"InternalHosts {internal}")
    out.extend(lines)
    return "\n".join(out) + "\n"


class SmtpResult:
    """What one SMTP transaction got: the reply to each step."""

    def __init__(self):
        self.steps = []         # (step, code, text)
        self.rcpt = {}          # address -> (code, text)
        self.error = None       # a transport error without a reply code

    def add(self, step, code, text):
        if isinstance(text, bytes):
            text = text.decode(errors="replace")
        self.steps.append((step, code, text))

    @property
    def final(self):
        """(code, text) of the last reply received."""
        return self.steps[-1][1:] if self.steps else (None, "")

    @property
    def accepted(self):
        """True when the end of DATA got a 250."""
        return bool(self.steps) and self.steps[-1][0] == "DATA-END" and \
            self.steps[-1][1] == 250

    @property
    def tempfailed(self):
        return self.final[0] is not None and 400 <= self.final[0] < 500

    def __repr__(self):
        return f"SmtpResult({self.steps!r}, error={self.error!r})"


def smtp_send(port, frm, rcpts, message, local=None, timeout=60):
    """One message on its own connection, stopping at the first refusal
    of MAIL or DATA (a refused recipient does not stop it while another
    was accepted).  Never raises for SMTP-level outcomes."""
    res = SmtpResult()
    # local_hostname given: without it smtplib asks the resolver for the
    # machine's name (socket.getfqdn()) at every connection, seconds each
    # where no DNS answers.
    s = smtplib.SMTP(timeout=timeout, local_hostname="client.lab.test",
                     source_address=(local, 0) if local else None)
    try:
        code, text = s.connect("127.0.0.1", port)
        res.add("CONNECT", code, text)
        if code != 220:
            return res
        code, text = s.ehlo("client.lab.test")
        res.add("EHLO", code, text)
        if code != 250:
            return res
        code, text = s.mail(frm)
        res.add("MAIL", code, text)
        if code != 250:
            return res
        good = 0
        for r in rcpts:
            code, text = s.rcpt(r)
            res.add("RCPT", code, text)
            res.rcpt[r] = (code, text.decode(errors="replace"))
            good += code in (250, 251)
        if not good:
            return res
        code, text = s.docmd("DATA")
        res.add("DATA", code, text)
        if code != 354:
            return res
        data = message.replace("\r\n", "\n").replace("\n", "\r\n")
        data = re.sub(r"(?m)^\.", "..", data)
        if not data.endswith("\r\n"):
            data += "\r\n"
        s.send(data.encode() + b".\r\n")
        code, text = s.getreply()
        res.add("DATA-END", code, text)
        try:
            s.quit()
        except (smtplib.SMTPException, OSError):
            pass
    except smtplib.SMTPServerDisconnected as e:
        res.error = f"disconnected: {e}"
    except (smtplib.SMTPException, OSError) as e:
        res.error = f"{type(e).__name__}: {e}"
    finally:
        s.close()
    return res


def message(frm, to, subject="typoguard test", headers=(), body="test\n"):
    """A small RFC 5322 message."""
    h = [f"From: <{frm}>", "To: " + ", ".join(f"<{t}>" for t in to),
         f"Subject: {subject}", *headers]
    return "\n".join(h) + "\n\n" + body


def lab_parent():
    """Where labs go: $TMPDIR if Postfix's user and nobody (the sink) can
    reach into it and a socket path in it fits sun_path, else /tmp."""
    for d in (os.environ.get("TMPDIR"), "/tmp"):
        if not d or not os.path.isdir(d) or len(d) > 60:
            continue
        d = os.path.realpath(d)
        up, ok = d, True
        while ok:
            ok = bool(os.stat(up).st_mode & 0o001)
            if up == "/":
                break
            up = os.path.dirname(up)
        if ok:
            return d
    raise RuntimeError("no temporary directory that others can search "
                       "(set TMPDIR)")


def instance_pids(lab_dir):
    """Processes of a lab: (Postfix's, whose environment has the lab's
    MAIL_CONFIG; others, whose command line names the lab directory)."""
    mine = f"MAIL_CONFIG={lab_dir}/conf".encode()
    ours = (lab_dir + "/").encode()
    skip = {os.getpid(), os.getppid()}
    postfix, other = [], []
    for d in os.listdir("/proc"):
        if not d.isdigit() or int(d) in skip:
            continue
        try:
            with open(f"/proc/{d}/environ", "rb") as f:
                env = f.read().split(b"\0")
            with open(f"/proc/{d}/cmdline", "rb") as f:
                cmd = f.read()
        except OSError:
            continue
        if mine in env:
            postfix.append(int(d))
        elif ours in cmd and b"pflab.py" not in cmd:
            other.append(int(d))
    return postfix, other


def reap(lab_dir):
    """The reaper: started in its own session when a lab starts, it waits
    for the test to close its stdin (the test ended, however: even a
    SIGKILL from the test runner), then ends whatever of the lab still
    runs and removes it.  After a clean teardown there is nothing left."""
    while sys.stdin.buffer.read(4096):
        pass
    if not os.path.isdir(lab_dir):
        return
    postfix, other = instance_pids(lab_dir)
    for pid in other:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        postfix = instance_pids(lab_dir)[0]
        for pid in postfix:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        if wait_for(lambda: not instance_pids(lab_dir)[0], wait, 0.05):
            break
    if not os.environ.get("TG_KEEP_LAB"):
        shutil.rmtree(lab_dir, ignore_errors=True)


class Lab:
    """A private Postfix (+ smtp-sink, + optionally typoguard-milter)."""

    MASTER_CF = """\
# service type  private unpriv  chroot  wakeup  maxproc command
{listen} inet n       -       n       -       -       smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
"""

    def __init__(self, milter=None, milter_conf=None, milter_args=(),
                 default_action="tempfail", non_smtpd=True, main_cf=None,
                 files=None, milter_inet=False, tap=None):
        """milter: path of typoguard-milter, or None for Postfix alone.
        milter_conf: the config text (written to milter.conf).
        files: {name: text} written into the lab before the milter starts.
        In both, @LAB@ stands for the lab's directory.
        main_cf: extra main.cf lines (dict), after the defaults.
        milter_inet: the milter listens on a loopback TCP port, not on a
        unix socket."""
        self.milter_exe = milter
        self.milter_conf_text = milter_conf
        self.milter_args = list(milter_args)
        self.default_action = default_action
        self.non_smtpd = non_smtpd
        self.extra_main = dict(main_cf or {})
        self.files = dict(files or {})
        self.milter_inet = milter_inet
        self.milter_port = None
        self.tap = tap
        self.dir = None
        self.milter_proc = None
        self.sink_proc = None
        self.port = self.sink_port = None
        self.left_behind = []
        self.open_ports = []
        self.reaper = None
        self.tools = {t: tool(t) for t in (
            "postfix", "postqueue", "postsuper", "sendmail", "smtp-sink",
            "smtp-source", "swaks")}

    # ---- paths ----
    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    @property
    def conf_dir(self):
        return self.path("conf")

    @property
    def milter_socket(self):
        return self.path("milter.sock")

    # ---- start / stop ----
    def __enter__(self):
        self._old = {}
        for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            self._old[s] = signal.signal(s, self._on_signal)
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()
        for s, h in self._old.items():
            signal.signal(s, h)
        return False

    def _on_signal(self, signum, frame):
        raise SystemExit(f"killed by signal {signum}")

    def start(self):
        self.dir = tempfile.mkdtemp(prefix="tgpf.", dir=lab_parent())
        self.reaper = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "reap", self.dir],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True)
        if self.tap is not None:
            self.tap.on_fail.append(self.diagnostics)
        os.chmod(self.dir, 0o755)
        for d in ("conf", "spool", "log"):
            os.mkdir(self.path(d), 0o755)
        os.mkdir(self.path("data"), 0o700)
        shutil.chown(self.path("data"), "postfix", "postfix")
        os.mkdir(self.path("sink"), 0o755)
        shutil.chown(self.path("sink"), "nobody")
        for name, text in self.files.items():
            self.write_file(name, text)
        self.copy_data()
        if self.milter_exe:
            if self.milter_inet:
                self.milter_port = free_port()
            self.write_milter_conf(self.milter_conf_text or "")
            self.start_milter()
        # Two ports picked by the kernel; another process can take one
        # before Postfix binds it, so a failed start is retried.
        last = None
        for attempt in range(3):
            self.port, self.sink_port = free_port(), free_port()
            if self.port == self.sink_port:
                continue
            try:
                self._start_sink()
                self._start_postfix()
                return
            except RuntimeError as e:
                last = e
                self._stop_postfix()
                self._stop_sink()
        raise RuntimeError(f"Postfix did not start: {last}")

    def main_cf(self):
        milter = ""
        if self.milter_exe and self.milter_inet:
            milter = f"inet:127.0.0.1:{self.milter_port}"
        elif self.milter_exe:
            milter = f"unix:{self.milter_socket}"
        name = "tgpf-" + os.path.basename(self.dir).split(".", 1)[1]
        p = {
            "compatibility_level": "3.6",
            "queue_directory": self.path("spool"),
            "data_directory": self.path("data"),
            "mail_owner": "postfix",
            "setgid_group": "postdrop",
            "syslog_name": name,
            "maillog_file": self.path("log", "maillog"),
            "maillog_file_prefixes": self.path("log"),
            "myhostname": "mx.lab.test",
            "mydomain": "lab.test",
            "myorigin": "$myhostname",
            "inet_interfaces": "127.0.0.1",
            "inet_protocols": "ipv4",
            "mynetworks": "127.0.0.0/8",
            # Nothing is local: every recipient goes to the sink.
            "mydestination": "",
            "local_recipient_maps": "",
            "alias_maps": "",
            "alias_database": "",
            "relay_domains": "",
            "relayhost": f"[127.0.0.1]:{self.sink_port}",
            "default_transport": "smtp",
            "smtp_dns_support_level": "disabled",
            "smtp_host_lookup": "native",
            "smtpd_relay_restrictions": "permit_mynetworks, reject",
            "smtpd_banner": "$myhostname ESMTP",
            "biff": "no",
            "append_dot_mydomain": "no",
            "smtputf8_enable": "no",
            # A message the sink refuses must not stay for days.
            "maximal_queue_lifetime": "1h",
            "bounce_queue_lifetime": "1h",
            # Retry deferred mail soon (a test waits for it).
            "queue_run_delay": "5s",
            "minimal_backoff_time": "5s",
            "maximal_backoff_time": "10s",
            "smtpd_milters": milter,
            "non_smtpd_milters": milter if self.non_smtpd else "",
            "milter_default_action": self.default_action,
        }
        p.update(self.extra_main)
        return "".join(f"{k} = {v}\n".replace("@LAB@", self.dir)
                       for k, v in p.items())

    def _start_sink(self):
        self.sink_log = open(self.path("sink.log"), "ab")
        self.sink_proc = subprocess.Popen(
            [self.tools["smtp-sink"], "-u", "nobody", "-h", "sink.lab.test",
             "-d", self.path("sink") + "/", f"127.0.0.1:{self.sink_port}",
             "256"],
            stdin=subprocess.DEVNULL, stdout=self.sink_log,
            stderr=subprocess.STDOUT)

    def _stop_sink(self):
        p, self.sink_proc = self.sink_proc, None
        if p is not None:
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
            self.sink_log.close()

    def _start_postfix(self):
        with open(self.path("conf", "main.cf"), "w") as f:
            f.write(self.main_cf())
        with open(self.path("conf", "master.cf"), "w") as f:
            f.write(self.MASTER_CF.format(listen=f"127.0.0.1:{self.port}"))
        self.postfix("check")
        self.postfix("start")
        ok = wait_for(lambda: port_open(self.port) and
                      port_open(self.sink_port), 15, 0.05)
        if not ok:
            raise RuntimeError(f"ports {self.port}/{self.sink_port} not up")

    def postfix(self, *args, check=True):
        r = subprocess.run([self.tools["postfix"], "-c", self.conf_dir, *args],
                           stdin=subprocess.DEVNULL, capture_output=True,
                           text=True)
        if check and r.returncode != 0:
            raise RuntimeError(f"postfix {' '.join(args)}: exit "
                               f"{r.returncode}: {r.stderr.strip()}")
        return r

    def _master_pid(self):
        try:
            with open(self.path("spool", "pid", "master.pid")) as f:
                return int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def _stop_postfix(self):
        if not self.dir or not os.path.exists(self.path("conf", "main.cf")):
            return
        pid = self._master_pid()
        if pid is None or not pid_alive(pid):
            return
        self.postfix("stop", check=False)
        if not wait_for(lambda: not pid_alive(pid), 20, 0.05):
            self.postfix("abort", check=False)
            wait_for(lambda: not pid_alive(pid), 10, 0.05)

    def leftovers(self):
        """Pids of processes that belong to this Postfix instance."""
        return instance_pids(self.dir)[0]

    def stop(self):
        """Teardown: Postfix, milter, sink; then nothing of ours may run."""
        if self.dir is None:
            return
        try:
            self._stop_postfix()
        finally:
            self.stop_milter()
            self._stop_sink()
            left = self.leftovers()
            self.left_behind = left
            self.open_ports = [p for p in (self.port, self.sink_port,
                                             self.milter_port)
                                 if p and port_open(p)]
            for pid in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            if left and self.tap is not None:
                self.tap.diag(f"teardown killed leftover processes {left}")
            if os.environ.get("TG_KEEP_LAB"):
                print(f"# lab kept in {self.dir}", flush=True)
            else:
                shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None
            if self.reaper is not None:
                self.reaper.stdin.close()   # nothing left for it to do
                self.reaper.wait()
                self.reaper = None

    # ---- the milter ----
    def copy_data(self):
        """The bundled data files, copied into the lab (tgdata/), where
        the milter finds them after it dropped to Postfix's user: a
        reload reads them again, and the checkout may lie under a
        directory only root can enter (/root)."""
        src = os.environ.get("TYPOGUARD_DATADIR") or os.path.join(
            os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
            "data")
        dst = self.path("tgdata")
        os.mkdir(dst, 0o755)
        for name in os.listdir(src):
            p = os.path.join(src, name)
            if os.path.isfile(p):
                shutil.copyfile(p, os.path.join(dst, name))
                os.chmod(os.path.join(dst, name), 0o644)
        psl = os.environ.get("TYPOGUARD_TEST_PSL")
        if psl:
            shutil.copyfile(psl, os.path.join(dst, "public_suffix_list.dat"))
            os.chmod(os.path.join(dst, "public_suffix_list.dat"), 0o644)

    def write_file(self, name, text):
        """Write a file in the lab, readable by all, atomically (a reload
        never sees half a file); @LAB@ becomes the lab's directory."""
        p = self.path(name)
        tmp = p + ".new"
        with open(tmp, "w") as f:
            f.write(text.replace("@LAB@", self.dir))
        os.chmod(tmp, 0o644)
        os.replace(tmp, p)
        return p

    def write_milter_conf(self, text):
        return self.write_file("milter.conf", text)

    def milter_log(self):
        try:
            with open(self.path("milter.log"), errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def milter_log_size(self):
        try:
            return os.path.getsize(self.path("milter.log"))
        except OSError:
            return 0

    def wait_milter_log(self, pattern, since=0, seconds=30, count=1):
        """Wait until regex pattern matches count lines of the milter's log
        written after byte offset since; returns the matching lines."""
        rx = re.compile(pattern)

        def found():
            with open(self.path("milter.log"), "rb") as f:
                f.seek(since)
                text = f.read().decode(errors="replace")
            hits = [l for l in text.splitlines() if rx.search(l)]
            return hits if len(hits) >= count else None
        return wait_for(found, seconds, 0.02) or []

    def start_milter(self, extra_args=()):
        """Start typoguard-milter in the foreground; wait for 'ready'."""
        if self.milter_proc is not None and self.milter_proc.poll() is None:
            raise RuntimeError("milter already running")
        since = self.milter_log_size()
        log = open(self.path("milter.log"), "ab")
        # It runs as Postfix's user: the socket (UMask 007) is then open
        # to smtpd, as when the MTA's user is in the milter's group.
        spec = (f"inet:{self.milter_port}@127.0.0.1" if self.milter_inet
                else f"unix:{self.milter_socket}")
        argv = [self.milter_exe, "-f", "-c", self.path("milter.conf"),
                "-p", spec, "-u", "postfix",
                *self.milter_args, *extra_args]
        log.write(("--- " + " ".join(argv) + "\n").encode())
        log.flush()
        env = dict(os.environ, TYPOGUARD_DATADIR=self.path("tgdata"))
        self.milter_proc = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=env)
        log.close()
        proc = self.milter_proc

        def ready():
            if proc.poll() is not None:
                return "exited"
            with open(self.path("milter.log"), "rb") as f:
                f.seek(since)
                text = f.read().decode(errors="replace")
            for l in text.splitlines():
                if "ready" in l and f"socket={spec}" in l:
                    return "ready"
            return None
        st = wait_for(ready, 30, 0.02)
        if st != "ready":
            raise RuntimeError(
                "typoguard-milter did not become ready "
                f"({st or 'timeout'}); its log:\n" +
                self.milter_log()[since:][-3000:])
        return proc.pid

    def stop_milter(self, sig=signal.SIGTERM, seconds=20):
        """Stop the milter (SIGTERM: cleanly); returns its exit status
        (killed after `seconds` if it does not stop)."""
        p, self.milter_proc = self.milter_proc, None
        if p is None:
            return None
        if p.poll() is None:
            p.send_signal(sig)
            try:
                p.wait(seconds)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        return p.returncode

    def signal_milter(self, sig):
        self.milter_proc.send_signal(sig)

    def finish_milter(self, tap):
        """Stop the milter with SIGTERM and assert it went cleanly: exit 0
        and no sanitizer report in its log (the ASan build runs these
        tests too)."""
        rc = self.stop_milter()
        tap.eq(rc, 0, "milter exits 0 on SIGTERM")
        tap.eq(self.sanitizer_reports(), [],
               "no sanitizer report in the milter's log")

    def sanitizer_reports(self):
        """ASan/UBSan/LSan reports in the milter's log."""
        pat = re.compile(r"ERROR: (Address|Leak|Thread|Memory)Sanitizer|"
                         r"runtime error:|SUMMARY: \w+Sanitizer")
        return [l for l in self.milter_log().splitlines() if pat.search(l)]

    # ---- sending ----
    def send(self, rcpts, frm="alice@example.org", local=None,
             subject="typoguard test", headers=(), body="test\n"):
        """One message with smtplib (see smtp_send)."""
        if isinstance(rcpts, str):
            rcpts = [rcpts]
        return smtp_send(self.port, frm, rcpts,
                         message(frm, rcpts, subject, headers, body), local)

    def swaks(self, to, frm="alice@example.org", local="127.0.0.1",
              headers=(), body="typoguard test message", extra=()):
        """One message with swaks; to is an address or a list of them."""
        if isinstance(to, (list, tuple)):
            to = ",".join(to)
        argv = [self.tools["swaks"], "--server", "127.0.0.1",
                "--port", str(self.port), "--from", frm, "--to", to,
                "--helo", "client.lab.test", "--timeout", "60",
                "--body", body]
        if local:
            argv += ["--local-interface", local]
        for h in headers:
            argv += ["--header", h]     # replaces a header of that name
        argv += list(extra)
        r = subprocess.run(argv, stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, timeout=120)
        return SwaksResult(r.returncode, r.stdout + r.stderr)

    def smtp_source(self, count, to="bob@example.com",
                    frm="alice@example.org", sessions=4, background=False):
        """count messages with smtp-source over `sessions` parallel
        sessions, one connection per message.  smtp-source stops at the
        first reply it did not expect, with a non-zero exit.  Returns the
        CompletedProcess, or the Popen when background."""
        argv = [self.tools["smtp-source"], "-s", str(sessions),
                "-m", str(count), "-f", frm, "-t", to,
                "-M", "client.lab.test", "-l", "512",
                f"127.0.0.1:{self.port}"]
        if background:
            return subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, text=True)
        return subprocess.run(argv, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=900)

    def sendmail(self, rcpts, frm="alice@example.org", message=None,
                 extra=()):
        """Local submission with this instance's sendmail (-C conf)."""
        if message is None:
            message = ("Subject: typoguard local submission\n"
                       f"From: <{frm}>\n\nlocal test message\n")
        r = subprocess.run(
            [self.tools["sendmail"], "-C", self.conf_dir, "-f", frm, "-i",
             *extra, "--", *rcpts],
            input=message, capture_output=True, text=True, timeout=60,
            env=dict(os.environ, MAIL_CONFIG=self.conf_dir))
        return r

    # ---- queues ----
    QUEUES = ("maildrop", "incoming", "active", "deferred", "hold")

    def queue_files(self, queues=QUEUES):
        n = {}
        for q in queues:
            c = 0
            for _, _, files in os.walk(self.path("spool", q)):
                c += len(files)
            n[q] = c
        return n

    def wait_queue_empty(self, seconds=60, hold_too=False):
        """Wait until maildrop/incoming/active/deferred (and hold when
        hold_too) are empty.  True when they are."""
        qs = self.QUEUES if hold_too else self.QUEUES[:-1]
        return bool(wait_for(
            lambda: sum(self.queue_files(qs).values()) == 0, seconds, 0.05))

    def postqueue(self):
        """The queue as postqueue -j lists it (list of dicts)."""
        r = subprocess.run([self.tools["postqueue"], "-c", self.conf_dir,
                            "-j"], stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            raise RuntimeError(f"postqueue -j: {r.stderr.strip()}")
        return [json.loads(l) for l in r.stdout.splitlines() if l.strip()]

    def held(self):
        return [q for q in self.postqueue() if q.get("queue_name") == "hold"]

    def release_hold(self, queue_id="ALL"):
        """postsuper -H moves held mail to the deferred queue; flush it so
        it is delivered now, not at the next queue run."""
        self.postsuper("-H", queue_id)
        r = subprocess.run([self.tools["postqueue"], "-c", self.conf_dir,
                            "-f"], stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            raise RuntimeError(f"postqueue -f: {r.stderr.strip()}")

    def purge(self):
        """Delete every queued message (after a failed step, so the next
        ones do not wait on its leftovers)."""
        for q in ("maildrop", "incoming", "active", "deferred", "hold"):
            self.postsuper("-d", "ALL", q)

    def postsuper(self, *args):
        r = subprocess.run([self.tools["postsuper"], "-c", self.conf_dir,
                            *args], stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            raise RuntimeError(f"postsuper {' '.join(args)}: "
                               f"{r.stderr.strip()}")
        return r

    # ---- the sink ----
    def sink(self):
        """Every message smtp-sink received, oldest first."""
        out = []
        d = self.path("sink")
        for name in os.listdir(d):
            p = os.path.join(d, name)
            try:
                with open(p, errors="replace") as f:
                    out.append((os.path.getmtime(p), SinkMessage(p, f.read())))
            except OSError:
                continue
        out.sort(key=lambda t: t[0])
        return [m for _, m in out]

    def sink_count(self):
        return len(os.listdir(self.path("sink")))

    def sink_to(self, addr):
        addr = addr.lower()
        return [m for m in self.sink() if addr in m.rcpts]

    # ---- Postfix's log ----
    def maillog(self):
        try:
            with open(self.path("log", "maillog"), errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def diagnostics(self):
        parts = []
        if self.dir is None:
            return "(lab already torn down)"
        parts.append(f"queue files: {self.queue_files()}  sink: "
                     f"{self.sink_count()}")
        parts.append("--- maillog (tail)")
        parts.append("\n".join(self.maillog().splitlines()[-25:]))
        if self.milter_exe:
            parts.append("--- milter log (tail)")
            parts.append("\n".join(self.milter_log().splitlines()[-25:]))
        return "\n".join(parts)


def check_teardown(tap, lab):
    """After the lab's `with` block: nothing of it runs or listens."""
    tap.eq(lab.left_behind, [], "teardown: no Postfix process left")
    tap.eq(lab.open_ports, [], "teardown: no port left listening")


def run(main):
    """Run a test's main(tap); an exception is a failed assertion."""
    tap = Tap()
    try:
        main(tap)
    except SystemExit:
        raise
    except BaseException:
        tap.ok(False, "test ran to the end", traceback.format_exc())
    tap.done()


if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "reap":
    reap(sys.argv[2])
