#!/usr/bin/env python3
"""content: severity rules for mail to a typo recipient.

With `SeverityAction high hold` and the list's `reject`, a typo recipient
is accepted at RCPT for now; at the end of the message the milter
classifies the message once and decides for the whole of it: held when
the content is high or above (a card number with a CUI banner; a body
over ContentMaxBytes, which counts as high), refused with a 5xx naming
each typo recipient and its suggestion otherwise.  A refused message
goes to nobody, not even its good recipients.  Only messages with a typo
recipient are classified, unless ClassifyAll asks for every one (then
the severity is logged and nothing else happens).  Local submission
(sendmail) follows the same rules.  Message text never reaches the log.
"""
import os
import random
import re
import signal
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pflab  # noqa: E402

CONF = pflab.milter_config("Protect reject army.mil gmail.com",
                           "SeverityAction high hold",
                           "ContentMaxBytes 64K")
MEASURE = pflab.milter_config("Protect reject army.mil", "ClassifyAll yes")
TYPO, SUGGESTION, GOOD = "bob@army.ml", "bob@army.mil", "carol@example.com"
SENDER = "alice@example.org"


def luhn_ok(digits):
    total = 0
    for i, ch in enumerate(reversed(digits)):
        v = int(ch)
        if i % 2 == 1:
            v *= 2
            if v > 9:
                v -= 9
        total += v
    return total % 10 == 0


def card_number(rng):
    """A Visa-like number with a valid check digit, grouped by four."""
    body = "4486" + "".join(rng.choice("0123456789") for _ in range(11))
    for d in "0123456789":
        if luhn_ok(body + d):
            n = body + d
            return " ".join(n[i:i + 4] for i in range(0, 16, 4))
    raise AssertionError("no check digit")


RNG = random.Random(20261124)
CARD = card_number(RNG)
SENSITIVE = ("CUI\n\nGovernment travel card (Visa) for the trip: "
             f"{CARD}, expires 11/26.\n\nCUI\n")
NEWSLETTER = ("Hello all,\n\nthe canteen menu this week: soup on Monday, "
              "fish on Friday.\nThe choir meets on Thursday.\n")
# About 100 KB of harmless text: over ContentMaxBytes (64K).
BIG = "".join(f"Paragraph {i}: the canteen serves soup and bread today.\n"
              for i in range(1800))


def queue_id(text):
    m = re.search(r"queued as ([0-9A-Za-z]+)", text)
    return m.group(1) if m else None


def bounces(lab):
    return [m for m in lab.sink_to(SENDER) if m.mail_from == ""]


def main(tap):
    tap.ok(luhn_ok(CARD.replace(" ", "")), "the card number passes Luhn")
    lab = pflab.Lab(milter=pflab.milter_arg(tap), milter_conf=CONF, tap=tap)
    with lab:
        # 1. Sensitive content to a typo: held, released once.
        since = lab.milter_log_size()
        s = lab.send([TYPO], subject="travel card", body=SENSITIVE)
        tap.eq(s.rcpt.get(TYPO, (None,))[0], 250, "sensitive: RCPT of the "
               "typo accepted for now", repr(s))
        tap.ok(s.accepted, "sensitive: message accepted (held)", repr(s))
        qid = queue_id(s.final[1])
        log = lab.wait_milter_log(r"content=classified ", since)
        line = log[0] if log else ""
        tap.ok(f"{qid}:" in line and "severity=critical" in line and
               "action=hold" in line, "sensitive: content line with the "
               "queue id, severity critical, action hold", line)
        for key in ("financial:1", "markings:2", "truncated=no",
                    "typos=1", "rule=high"):
            tap.ok(key in line, f"sensitive: content line has {key}", line)
        hold = lab.wait_milter_log(rf"{qid}: action=hold ", since)
        tap.ok(hold and "rcpt=<bob@army.ml>" in hold[0] and
               "severity=critical" in hold[0], "sensitive: hold line "
               "names the recipient and the severity", hold)
        tap.ok(lab.wait_queue_empty(), "sensitive: nothing outside hold")
        tap.eq([q["queue_id"] for q in lab.held()], [qid],
               "sensitive: the message is in the hold queue")
        tap.ok(re.search(rf"{qid}: milter-hold: ", lab.maillog())
               is not None, "sensitive: Postfix logs milter-hold for it")
        tap.eq(lab.sink(), [], "sensitive: nothing delivered while held")
        lab.release_hold(qid)
        tap.ok(lab.wait_queue_empty(hold_too=True), "sensitive: released "
               "message leaves the queue")
        got = lab.sink_to(TYPO)
        tap.eq(len(got), 1, "sensitive: released message delivered once")
        tap.ok(got and CARD in got[0].body(), "sensitive: the message "
               "itself, body intact")

        # 2. Plain content to a typo: refused at the end, naming it.
        since = lab.milter_log_size()
        s = lab.send([TYPO], subject="newsletter", body=NEWSLETTER)
        tap.eq(s.rcpt.get(TYPO, (None,))[0], 250, "plain: RCPT accepted "
               "for now")
        code, text = s.final
        tap.eq(code, 550, "plain: end of DATA refused with 550", repr(s))
        tap.ok("5.1.2" in text and f"<{TYPO}>" in text and SUGGESTION in
               text, "plain: the reply names the typo and the suggestion",
               text)
        tap.ok("not sent to any recipient" in text, "plain: the reply says "
               "nobody got it", text)
        log = lab.wait_milter_log(r"action=reject .*rcpt=<bob@army\.ml>",
                                  since)
        tap.ok(log and "NOQUEUE" not in log[0] and "severity=none" in
               log[0] and "reply=" in log[0], "plain: reject logged at end "
               "of message with the severity and the reply", log)

        # 3. A good recipient and a typo: the whole message is refused.
        since = lab.milter_log_size()
        s = lab.send([GOOD, TYPO], subject="mixed", body=NEWSLETTER)
        tap.eq(s.rcpt.get(GOOD, (None,))[0], 250, "mixed: good RCPT "
               "accepted")
        tap.eq(s.rcpt.get(TYPO, (None,))[0], 250, "mixed: typo RCPT "
               "accepted for now")
        code, text = s.final
        tap.eq(code, 550, "mixed: the message is refused", repr(s))
        tap.ok(f"<{TYPO}>" in text and SUGGESTION in text and GOOD not in
               text, "mixed: the reply names the typo only", text)

        # 4. Two typos: both named in one reply.
        s = lab.send([TYPO, "dave@gmial.com"], subject="two typos",
                     body=NEWSLETTER)
        code, text = s.final
        tap.eq(code, 550, "two typos: refused", repr(s))
        tap.ok(f"<{TYPO}>" in text and SUGGESTION in text and
               "<dave@gmial.com>" in text and "dave@gmail.com" in text,
               "two typos: the reply names both and their suggestions",
               text)

        # 5. Over ContentMaxBytes: counts as high, held.
        since = lab.milter_log_size()
        s = lab.send([TYPO], subject="big", body=BIG)
        tap.ok(s.accepted, "big: accepted (held)", repr(s))
        qbig = queue_id(s.final[1])
        log = lab.wait_milter_log(r"content=classified ", since)
        line = log[0] if log else ""
        tap.ok("truncated=yes" in line and "severity=high" in line and
               "action=hold" in line, "big: truncated, high, held", line)
        m = re.search(r"bytes=(\d+)", line)
        tap.ok(m is not None and int(m.group(1)) <= 64 * 1024 + 65536,
               "big: the body stopped soon after the limit (SMFIS_SKIP)",
               line)
        tap.ok(lab.wait_queue_empty(), "big: nothing outside hold")
        tap.eq([q["queue_id"] for q in lab.held()], [qbig],
               "big: in the hold queue")
        lab.release_hold(qbig)
        tap.ok(lab.wait_queue_empty(hold_too=True), "big: released")
        got = [m for m in lab.sink_to(TYPO) if "Paragraph 1799:" in m.text]
        tap.eq(len(got), 1, "big: delivered once, whole")

        # 6. No typo recipient: not classified, delivered.
        since = lab.milter_log_size()
        s = lab.send([GOOD], subject="clean", body=SENSITIVE)
        tap.ok(s.accepted, "no typo: accepted", repr(s))
        tap.ok(lab.wait_queue_empty(), "no typo: delivered")
        tap.eq(len(lab.sink_to(GOOD)), 1, "no typo: delivered once")
        tap.ok("content=classified" not in lab.milter_log()[since:],
               "no typo: not classified")

        # 7. Local submission: the same rules at end of message.
        before = len(bounces(lab))
        r = lab.sendmail([TYPO], frm=SENDER, message=(
            f"From: <{SENDER}>\nSubject: local card\n\n{SENSITIVE}"))
        tap.eq(r.returncode, 0, "sendmail sensitive: taken", r.stderr)
        if not tap.ok(lab.wait_queue_empty(), "sendmail sensitive: nothing "
                      "stuck in maildrop"):
            lab.purge()
        held = lab.held()
        tap.eq([x["address"] for q in held for x in q["recipients"]],
               [TYPO], "sendmail sensitive: held")
        lab.release_hold()
        tap.ok(lab.wait_queue_empty(hold_too=True), "sendmail sensitive: "
               "released")
        tap.eq(len([m for m in lab.sink_to(TYPO) if "local card" in
                    m.text]), 1, "sendmail sensitive: delivered once")
        r = lab.sendmail([TYPO], frm=SENDER, message=(
            f"From: <{SENDER}>\nSubject: local news\n\n{NEWSLETTER}"))
        tap.eq(r.returncode, 0, "sendmail plain: taken", r.stderr)
        if not tap.ok(lab.wait_queue_empty(), "sendmail plain: queue "
                      "drains"):
            lab.purge()
        b = bounces(lab)
        tap.eq(len(b), before + 1, "sendmail plain: one bounce")
        tap.ok(b and SUGGESTION in b[-1].message, "sendmail plain: the "
               "bounce names the suggestion")
        tap.eq([m for m in lab.sink_to(TYPO) if "local news" in m.text],
               [], "sendmail plain: the typo got nothing")

        # 8. ClassifyAll by reload: every message classified and logged,
        # nothing decided by it; typos refused at RCPT again.
        since = lab.milter_log_size()
        lab.write_milter_conf(MEASURE)
        lab.signal_milter(signal.SIGUSR1)
        tap.ok(lab.wait_milter_log(r"reloaded ", since), "measure: reloaded")
        since = lab.milter_log_size()
        s = lab.send(["erin@example.com"], subject="clean mail",
                     body=NEWSLETTER)
        tap.ok(s.accepted, "measure: clean mail accepted", repr(s))
        log = lab.wait_milter_log(r"content=classified .*severity=none",
                                  since)
        tap.ok(log and "action=none" in log[0] and "typos=0" in log[0],
               "measure: severity none logged, no action", log)
        s = lab.send(["erin@example.com"], subject="card", body=SENSITIVE)
        tap.ok(s.accepted, "measure: sensitive mail accepted", repr(s))
        log = lab.wait_milter_log(r"content=classified .*severity=critical",
                                  since)
        tap.ok(log and "action=none" in log[0], "measure: severity critical "
               "logged, no action", log)
        tap.ok(lab.wait_queue_empty(), "measure: delivered")
        tap.eq(len(lab.sink_to("erin@example.com")), 2,
               "measure: both delivered once")
        s = lab.send([TYPO], subject="typo", body=NEWSLETTER)
        tap.eq(s.rcpt.get(TYPO, (None,))[0], 550, "measure: the typo is "
               "refused at RCPT as without content rules", repr(s))

        text = lab.milter_log()
        tap.ok(CARD not in text and CARD.replace(" ", "") not in text and
               "canteen" not in text and "Paragraph" not in text,
               "no message text in the milter's log")
        lab.finish_milter(tap)
    pflab.check_teardown(tap, lab)


pflab.run(main)
