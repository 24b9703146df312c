#!/usr/bin/env python3
"""generate.py - write the labelled test corpus of `typoguard scan`.

    tests/data/scan/generate.py [DIR]

Writes DIR/messages/*.eml (DIR defaults to this script's directory) and
DIR/MANIFEST.tsv, one line per message:

    FILE  SEVERITY  CATEGORIES  NOTE

SEVERITY is the expected severity, exact ("3") or a range ("3-4");
CATEGORIES the categories the message holds, comma-separated, or "-".
Every person, number, address and organisation is fictional; check digits
(Luhn, IBAN mod 97, ABA, ICAO 9303) are computed here, so the numbers are
valid without being anyone's.  The output is the same on every run (fixed
seed): regenerate after editing and commit both.
"""
import base64
import os
import random
import sys

R = random.Random(20240611)
DOMAINS = ["example.com", "example.org", "example.net", "mail.example.mil",
           "corp.example", "fleet.example"]
FIRST = ["Alice", "Brian", "Carmen", "Dmitri", "Elena", "Farid", "Grace",
         "Hiro", "Ines", "Jonas", "Kofi", "Lena", "Marek", "Nadia", "Oscar",
         "Priya", "Quinn", "Rosa", "Sven", "Tara"]
LAST = ["Abbott", "Berger", "Castillo", "Dunmore", "Eklund", "Fairfax",
        "Gallo", "Hartley", "Ivers", "Jansen", "Kowalski", "Lindqvist",
        "Moreau", "Novak", "Okafor", "Pryce", "Quintero", "Rask", "Sato",
        "Thorne"]


# ---------------------------------------------------------------- numbers

def luhn_digit(body):
    total = 0
    for i, ch in enumerate(reversed(body)):
        v = int(ch)
        if i % 2 == 0:
            v *= 2
            if v > 9:
                v -= 9
        total += v
    return str((10 - total % 10) % 10)


def card(prefix, length=16):
    body = prefix + "".join(R.choice("0123456789")
                            for _ in range(length - len(prefix) - 1))
    return body + luhn_digit(body)


def not_luhn(prefix="4", length=16):
    n = card(prefix, length)
    return n[:-1] + str((int(n[-1]) + 1) % 10)


def grouped(n, size=4, sep=" "):
    return sep.join(n[i:i + size] for i in range(0, len(n), size))


def iban(country, bban):
    digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    check = 98 - int(digits) % 97
    return "%s%02d%s" % (country, check, bban)


def aba():
    while True:
        d = [R.choice([0, 1]), R.randint(0, 9)]
        if not (0 <= d[0] * 10 + d[1] <= 12):
            continue
        d += [R.randint(0, 9) for _ in range(6)]
        s = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + \
            (d[2] + d[5])
        d.append((10 - s % 10) % 10)
        return "".join(map(str, d))


def ssn():
    area = R.choice(list(range(1, 666)) + list(range(667, 900)))
    return "%03d-%02d-%04d" % (area, R.randint(1, 99), R.randint(1, 9999))


def mrz_digit(s):
    w = [7, 3, 1]
    total = 0
    for i, ch in enumerate(s):
        if ch.isdigit():
            v = int(ch)
        elif ch == "<":
            v = 0
        else:
            v = ord(ch) - ord("A") + 10
        total += v * w[i % 3]
    return str(total % 10)


def td3(docnum, nat, birth, sex, expiry, optional=""):
    docnum = docnum.ljust(9, "<")
    optional = optional.ljust(14, "<")
    line = docnum + mrz_digit(docnum) + nat + birth + mrz_digit(birth) + \
        sex + expiry + mrz_digit(expiry) + optional + mrz_digit(optional)
    comp = line[0:10] + line[13:20] + line[21:43]
    return line + mrz_digit(comp)


def td1(issuer, docnum, birth, sex, expiry, nat):
    l1 = ("I<" + issuer + docnum + mrz_digit(docnum)).ljust(30, "<")
    l2 = birth + mrz_digit(birth) + sex + expiry + mrz_digit(expiry) + nat
    l2 = l2.ljust(29, "<")
    comp = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
    return l1, l2 + mrz_digit(comp)


def token(n=32):
    return "".join(R.choice("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
                   for _ in range(n))


def password():
    return R.choice(["Tr4vel!", "Bl0ckH0use#", "Kx9$mQ2v", "Winter2024!",
                     "Sentry#771", "pR0v1s10n"]) + str(R.randint(10, 99))


def name():
    return R.choice(FIRST) + " " + R.choice(LAST)


def phone():
    return "%03d-%03d-%04d" % (R.randint(201, 989), R.randint(200, 999),
                               R.randint(0, 9999))


# --------------------------------------------------------------- messages

class Msg:
    def __init__(self, subject, frm=None, to=None):
        self.subject = subject
        self.frm = frm or "%s <%s@%s>" % (name(), R.choice(LAST).lower(),
                                          R.choice(DOMAINS))
        self.to = to or "%s@%s" % (R.choice(LAST).lower(), R.choice(DOMAINS))
        self.parts = []

    def text(self, body, ctype="text/plain", cte="7bit", filename=None):
        self.parts.append((ctype, cte, body, filename))
        return self

    def render(self, serial):
        head = ("From: %s\r\nTo: %s\r\nSubject: %s\r\n"
                "Date: Tue, 11 Jun 2024 09:%02d:00 +0000\r\n"
                "Message-ID: <corpus-%04d@example.com>\r\nMIME-Version: 1.0\r\n"
                % (self.frm, self.to, self.subject, serial % 60, serial))
        if len(self.parts) == 1 and self.parts[0][3] is None:
            ctype, cte, body, _ = self.parts[0]
            return head + part_head(ctype, cte, None) + "\r\n" + \
                encode(body, cte)
        b = "=_b%04d" % serial
        out = head + 'Content-Type: multipart/mixed; boundary="%s"\r\n\r\n' % b
        out += "This is a multi-part message in MIME format.\r\n"
        for ctype, cte, body, fn in self.parts:
            out += "\r\n--%s\r\n" % b + part_head(ctype, cte, fn) + "\r\n" + \
                encode(body, cte)
        return out + "\r\n--%s--\r\n" % b


def part_head(ctype, cte, filename):
    h = "Content-Type: %s; charset=utf-8\r\n" % ctype
    h += "Content-Transfer-Encoding: %s\r\n" % cte
    if filename:
        h += 'Content-Disposition: attachment; filename="%s"\r\n' % filename
    return h


def encode(body, cte):
    body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    if cte == "base64":
        raw = base64.b64encode(body.encode("utf-8")).decode("ascii")
        return "\r\n".join(raw[i:i + 76] for i in range(0, len(raw), 76)) + \
            "\r\n"
    if cte == "quoted-printable":
        import quopri
        return quopri.encodestring(body.encode("utf-8")).decode("ascii")
    return body


CORPUS = []


def add(fname, sev, cats, note, msg=None, raw=None):
    CORPUS.append((fname, sev, cats, note, msg, raw))


def sig():
    return "\n--\n%s\n%s\n" % (name(), phone())


# credentials ------------------------------------------------------------

add("cred-temp-password.eml", "3", "credentials", "temporary password in a sentence",
    Msg("Your DoD SAFE account").text(
        "Hello,\n\nAn account was created for you on the file exchange.\n"
        "Your temporary password is %s and must be changed at first logon.\n"
        "The pick-up link expires in 7 days.%s" % (password(), sig())))
add("cred-reset-link.eml", "3", "credentials", "password reset link with token (HTML)",
    Msg("Password recovery for INTELINK account").text(
        "<html><body><p>We received a request to reset your password.</p>"
        "<p><a href=\"https://portal.example.org/account/reset-password?token=%s\">"
        "Reset password</a></p><p>If the button does not work, copy this link: "
        "https://portal.example.org/account/reset-password?token=%s</p>"
        "<p>If you did not ask, ignore this mail.</p>"
        "</body></html>" % ((token(40),) * 2), "text/html", "quoted-printable"))
add("cred-aws-config.eml", "4", "credentials", "AWS keys pasted into mail",
    Msg("deploy config").text(
        "Here is the config for the staging bucket:\n\n[default]\n"
        "aws_access_key_id = AKIA%s\naws_secret_access_key = %s\n"
        "region = us-east-1\n" % ("".join(R.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
                                          for _ in range(16)),
                                  token(40).replace("Z", "/"))))
add("cred-private-key.eml", "4", "credentials", "private key as an attachment",
    Msg("server key").text("Key attached, please install on the gateway.\n")
    .text("-----BEGIN OPENSSH PRIVATE KEY-----\n%s\n%s\n"
          "-----END OPENSSH PRIVATE KEY-----\n" % (token(70), token(70)),
          "text/plain", "base64", "id_ed25519"))
add("cred-connection-string.eml", "3", "credentials", "database password in a connection string",
    Msg("RE: reporting job fails").text(
        "Try this connection string:\n\nServer=db01.corp.example;Database=hr;"
        "User Id=svc_report; Password=%s;\n\nThanks" % password()))
add("cred-github-token.eml", "4", "credentials", "GitHub token in a chat paste",
    Msg("CI broken").text("use this token for now: ghp_%s (revoke later)\n"
                          % token(36)))
add("cred-pwd-url.eml", "3", "credentials", "pwd= in a link",
    Msg("camera access").text(
        "Live view: http://192.0.2.44/cgi-bin/view.cgi?user=admin&pwd=%s\n"
        % password()))
add("cred-slack-token.eml", "4", "credentials", "Slack bot token",
    Msg("bot setup").text("SLACK_BOT_TOKEN=xoxb-%d-%d-%s\n"
                          % (R.randint(10**11, 10**12), R.randint(10**11, 10**12),
                             token(24))))

# medical ----------------------------------------------------------------

add("med-discharge.eml", "3", "medical", "discharge summary with ICD-10 codes",
    Msg("Discharge summary %s" % R.choice(LAST)).text(
        "DISCHARGE SUMMARY\n\nAdmitted: 02 June 2024\nDischarged: 06 June 2024\n"
        "Principal diagnosis: J18.9 Pneumonia, unspecified organism\n"
        "Secondary diagnoses: E11.9, I10\nFollow up with primary care in 2 weeks.\n"))
add("med-mrn.eml", "3", "medical", "medical record number",
    Msg("lab results").text("Results for MRN: %d are back; see the portal.\n"
                            % R.randint(10**7, 10**8)))
add("med-xray-html.eml", "3", "medical", "radiology report in HTML",
    Msg("Radiology report").text(
        "<html><body><h2>Radiology</h2><table><tr><td>Patient Name:</td><td>%s</td></tr>"
        "<tr><td>Exam</td><td>X-ray left forearm, 2 views</td></tr>"
        "<tr><td>Dx</td><td>S52.501A</td></tr></table></body></html>" % name(),
        "text/html"))
add("med-patient-csv.eml", "3", "medical", "patient list as CSV attachment",
    Msg("clinic list").text("List for Thursday attached.\n").text(
        "patient,dob,icd10\n" + "".join("%s,19%02d-0%d-1%d,%s\n" % (
            name(), R.randint(50, 99), R.randint(1, 9), R.randint(0, 9),
            R.choice(["M54.5", "J45.909", "K21.9", "F41.1"]))
            for _ in range(5)), "text/csv", "7bit", "patients.csv"))
add("med-patient-record.eml", "3", "medical", "patient record fields",
    Msg("referral").text("Patient Name: %s\nDate of birth: 1971-03-14\n"
                         "Reason: chronic knee pain, assessment requested\n" % name()))

# identity ---------------------------------------------------------------

add("id-ssn.eml", "3", "identity", "SSN with context",
    Msg("HR onboarding").text("Employee: %s\nSSN: %s\nStart date: 1 July\n"
                              % (name(), ssn())))
add("id-ssn-bare-context.eml", "3", "identity", "unformatted SSN after 'social security number'",
    Msg("form").text("My social security number is %s, thanks.\n"
                     % ssn().replace("-", "")))
add("id-passport-mrz.eml", "3", "identity", "passport MRZ (TD3)",
    Msg("passport scan").text(
        "Passport data as read by the kiosk:\n\nP<UTOHARTLEY<<GRACE<ANN<<<<<<<<<<<<<<<<<<<<<\n%s\n"
        % td3("X4%07d" % R.randint(0, 10**7 - 1), "UTO", "790312", "F", "310521")))
add("id-card-mrz.eml", "3", "identity", "ID card MRZ (TD1)",
    Msg("ID copy").text("ID card back side:\n\n%s\n%s\nOKAFOR<<KOFI<<<<<<<<<<<<<<<<<\n"
                        % td1("UTO", "D2%07d" % R.randint(0, 10**7 - 1),
                              "850101", "M", "300101", "UTO")))
add("id-passport-number.eml", "3", "identity", "passport number near 'passport'",
    Msg("visa application").text("Traveller: %s\nPassport No.: %d\nNationality: UTO\n"
                                 % (name(), R.randint(10**8, 10**9 - 1))))
add("id-edipi.eml", "3", "identity", "DoD ID (EDIPI)",
    Msg("CAC reissue").text("Please reissue the CAC for %s, DoD ID %d.\n"
                            % (name(), R.randint(10**9, 10**10 - 1))))

# travel -----------------------------------------------------------------

loc = "".join(R.choice("BCDFGHJKLMNPQRSTVWXZ23456789") for _ in range(6))
add("travel-itinerary.eml", "3", "travel", "general's itinerary: flights and locator",
    Msg("Itinerary for the Commanding General").text(
        "ITINERARY\n\nTue 18 Jun: Flight UA 1734 departs IAD 0710, arrives FRA 2130.\n"
        "Booking reference: %s\nThu 20 Jun: LH 418 departs FRA 1305.\n" % loc))
add("travel-hotel.eml", "3", "travel", "hotel room number and key pickup",
    Msg("Lodging").text(
        "Lodging at the Marriott Frankfurt confirmed. Room 1412 is reserved;\n"
        "key pickup at the front desk after 1500. Flight LH 401 arrives 0950.\n"))
add("travel-html-itinerary.eml", "3", "travel", "itinerary in HTML",
    Msg("Your trip").text(
        "<html><body><p>Flight: <b>DL 2216</b> departs ATL gate B12 at 08:40</p>"
        "<p>Hotel: Hilton Garden Inn, room 507, check-in 15:00</p></body></html>",
        "text/html", "base64"))
add("travel-booking.eml", "2", "travel", "booking reference only",
    Msg("booking confirmation").text("Your booking reference is %s. Have a good trip.\n"
                                     % "".join(R.choice("BCDFGHJKLMNPQRSTVWXZ") for _ in range(6))))

# personnel --------------------------------------------------------------

ranks = ["SGT", "SSG", "SFC", "CPT", "1LT", "MAJ", "SPC", "PFC"]
add("pers-staff-list.eml", "3", "personnel", "base staff list with ranks and phones",
    Msg("S1 staff roster").text("Staff roster, HQ company\n\n" + "".join(
        "%-4s %-22s %s\n" % (R.choice(ranks), name(), phone()) for _ in range(8))))
add("pers-crew-csv.eml", "3", "personnel", "ship crew list as CSV",
    Msg("crew list MV Example Star").text("Crew list attached.\n").text(
        "name,role,nationality,email\n" + "".join(
            "%s,%s,UTO,%s@fleet.example\n" % (name(), role, R.choice(LAST).lower())
            for role in ["Master", "Chief Officer", "Second Officer", "Chief Engineer",
                         "Bosun", "Able Seaman", "Oiler", "Cook"]),
        "text/csv", "7bit", "crew.csv"))
add("pers-html-table.eml", "3", "personnel", "staff table in HTML with DSN numbers",
    Msg("recall roster").text("<html><body><table>" + "".join(
        "<tr><td>%s</td><td>%s</td><td>DSN 314-%03d-%04d</td></tr>" % (
            R.choice(ranks), name(), R.randint(200, 999), R.randint(0, 9999))
        for _ in range(6)) + "</table></body></html>", "text/html"))
add("pers-emails.eml", "3", "personnel", "roster with e-mail addresses",
    Msg("duty roster").text("".join(
        "%s %s  %s.%s@mail.example.mil\n" % (
            R.choice(["Capt", "Maj", "Lt Col", "SSgt", "TSgt"]), name(),
            R.choice(FIRST).lower(), R.choice(LAST).lower()) for _ in range(5))))

# financial --------------------------------------------------------------

add("fin-card.eml", "3", "financial", "card number with expiry and CVV",
    Msg("booking payment").text("Please charge the Visa card %s, exp 09/27, CVV 412.\n"
                                % grouped(card("4539"))))
add("fin-iban.eml", "3", "financial", "IBAN wire instructions",
    Msg("wire details").text("Beneficiary: Example Trading GmbH\nIBAN: %s\nBIC: EXAMDEFFXXX\n"
                             % grouped(iban("DE", "%08d%010d" % (R.randint(0, 10**8 - 1),
                                                                R.randint(0, 10**10 - 1))))))
add("fin-aba.eml", "2", "financial", "ABA routing number for direct deposit",
    Msg("direct deposit").text("Routing number: %s\nAccount: on file\n" % aba()))
add("fin-cards-csv.eml", "4", "financial", "CSV with many card numbers (bulk)",
    Msg("export").text("export attached\n").text("name,card,exp\n" + "".join(
        "%s,%s,0%d/2%d\n" % (name(), R.choice([card("4"), card("51"), card("37", 15)]),
                              R.randint(1, 9), R.randint(5, 9)) for _ in range(12)),
        "text/csv", "base64", "cards.csv"))
add("fin-iban-gb.eml", "3", "financial", "UK IBAN in electronic form",
    Msg("invoice 4471").text("Please pay to IBAN %s (account name Example Ltd).\n"
                             % iban("GB", "EXMP" + "%06d%08d" % (R.randint(0, 10**6 - 1),
                                                               R.randint(0, 10**8 - 1)))))

# markings ---------------------------------------------------------------

add("mark-fouo.eml", "3", "markings", "FOUO briefing",
    Msg("Briefing slides").text("UNCLASSIFIED//FOR OFFICIAL USE ONLY\n\n"
                                "Slides for the Monday briefing are attached.\n\n"
                                "UNCLASSIFIED//FOR OFFICIAL USE ONLY\n"))
add("mark-cui.eml", "3", "markings", "CUI banner with category",
    Msg("roster update").text("CUI//SP-PRVCY\n\nThe updated list is on the share.\n\nCUI//SP-PRVCY\n"))
add("mark-secret.eml", "4", "markings", "classification banner",
    Msg("cable").text("SECRET//NOFORN\n\n(S//NF) Summary of the meeting follows.\n\nSECRET//NOFORN\n"))
add("mark-not-releasable.eml", "3", "markings", "diplomatic letter marking",
    Msg("letter").text("Not Releasable to the Public or Foreign Governments\n\n"
                       "Excellency, we acknowledge receipt of your note of 3 June.\n"))
add("mark-les.eml", "3", "markings", "law enforcement sensitive",
    Msg("BOLO").text("UNCLASSIFIED//LAW ENFORCEMENT SENSITIVE\nSubject vehicle: grey sedan.\n"))
add("mark-cui-card.eml", "4", "markings,financial", "the issue's case: CUI banner and a card number",
    Msg("travel card").text("CUI\n\nGovernment travel card for the trip: %s, expires 11/26.\n\nCUI\n"
                            % card("4486")))
add("mark-topsecret-subject.eml", "4", "markings", "classification in the subject line",
    Msg("TOP SECRET//SCI").text("see attached\n"))

# legal ------------------------------------------------------------------

add("legal-complaint.eml", "3", "legal", "criminal complaint with case number",
    Msg("draft complaint").text(
        "UNITED STATES DISTRICT COURT\nCase No. 1:24-mj-00%d\n\nCRIMINAL COMPLAINT\n\n"
        "I, the complainant, state that the following is true.\n" % R.randint(100, 999)))
add("legal-investigation.eml", "3", "legal", "report of investigation",
    Msg("ROI").text("Attached is the Report of Investigation. The allegation against the "
                    "subject was substantiated.\n"))
add("legal-privileged.eml", "2", "legal", "attorney-client privilege",
    Msg("advice").text("PRIVILEGED & CONFIDENTIAL - ATTORNEY-CLIENT PRIVILEGED\n\n"
                       "Our view on the settlement follows.\n"))
add("legal-contract.eml", "2", "legal", "ammunition production update with contract number",
    Msg("production update").text(
        "Production update under contract W52P1J-23-C-%04d: lot 7 of 155mm "
        "projectiles passed acceptance.\n" % R.randint(0, 9999)))
add("legal-15-6.eml", "3", "legal", "AR 15-6 investigation",
    Msg("IO appointment").text("You are appointed investigating officer for the AR 15-6 "
                               "investigation into the incident of 2 May; interview every witness.\n"))

# location ---------------------------------------------------------------

add("loc-decimal.eml", "2", "location", "coordinates of an installation",
    Msg("site survey").text("Generator shelter at 38.87194, -77.05631; photos attached.\n"))
add("loc-dms.eml", "2", "location", "degrees minutes seconds",
    Msg("range").text("Observation post at 31\u00b047'12\"N 35\u00b013'44\"E.\n"))
add("loc-mgrs.eml", "2", "location", "MGRS grid",
    Msg("LZ").text("LZ Falcon at grid 18S UJ 23383 08450, approach from the north.\n"))
add("loc-hemisphere.eml", "2", "location", "decimal with hemisphere letters",
    Msg("gps fix").text("GPS fix: 36.1699 N, 115.1398 W at 0400Z.\n"))

# negatives --------------------------------------------------------------

add("neg-newsletter.eml", "0", "-", "newsletter with prices, dates and an unsubscribe token",
    Msg("This week's deals").text(
        "<html><body><h1>Summer sale</h1><p>Save 25%% on 4K TVs from $499.99.</p>"
        "<p>Offer ends 06/30/2024. Call 1-800-555-0199.</p>"
        "<p>Never share your password with anyone. Forgot your password? Reset it in Settings.</p>"
        "<p><a href=\"https://news.example.com/unsubscribe?u=%s\">Unsubscribe</a></p>"
        "</body></html>" % token(32), "text/html", "quoted-printable"))
add("neg-order.eml", "0", "-", "order with a 16-digit order number failing Luhn",
    Msg("Order confirmation").text("Order number %s\nTotal: 129.95 USD\n"
                                   % not_luhn("4")))
add("neg-tracking.eml", "0", "-", "tracking numbers (UPS, USPS, FedEx)",
    Msg("Your package is on its way").text(
        "UPS: 1Z999AA10123456784\nUSPS: 9400 1000 0000 0000 0000 00\nFedEx: 7489 3728 1234\n"))
add("neg-invoice.eml", "0", "-", "nine-digit invoice numbers in invalid SSN ranges",
    Msg("Invoice 900123456").text("Invoice 900123456 and 666120034 are due. Ref 000451234.\n"))
add("neg-nine-digits.eml", "0", "-", "valid-looking nine-digit number without context",
    Msg("ticket").text("Your support ticket %s has been closed.\n"
                       % ssn().replace("-", "")))
add("neg-password-policy.eml", "0", "-", "benign password mentions",
    Msg("Password policy reminder").text(
        "Password: must be at least 12 characters.\nPassword: required for VPN.\n"
        "Your password is about to expire. Your password is case-sensitive.\n"
        "Enter your password: ********\nPassword: [REDACTED]\n"))
add("neg-meeting.eml", "0", "-", "meeting invite with conference room numbers",
    Msg("Sync").text("Sync moved to conference room 204, building 3. Dial-in code 493 221.\n"
                     "Reservation for the room is confirmed.\n"))
add("neg-clearance-job.eml", "0", "-", "job posting mentioning SECRET clearance",
    Msg("Job opening").text("Analyst position. Must be able to obtain a SECRET clearance.\n"
                            "CUI training is mandatory for all staff. The secret to success is preparation.\n"))
add("neg-release-notes.eml", "0", "-", "release notes with versions, hashes and UUIDs",
    Msg("v2.14.0 released").text(
        "Version 2.14.0 (build 20240611.1532)\ncommit 3f2a9c1e8b4d4a6f9e2b1c3d5e7f9a0b12345678\n"
        "id 3f2a9c1e-8b4d-4a6f-9e2b-1c3d5e7f9a0b\nFixes #4471, #4480.\n"))
add("neg-french.eml", "0", "-", "French newsletter with capitalised LES",
    Msg("LES SOLDES").text("LES SOLDES D'ETE COMMENCENT ! Profitez de -30 % sur LES chaussures.\n"))
add("neg-sports.eml", "0", "-", "sports scores and times",
    Msg("Scores").text("Final: Hawks 112 - 108 Lions. Next game Sat 7:30 PM at the arena.\n"))
add("neg-recipe.eml", "0", "-", "recipe with 'top secret' in prose",
    Msg("Grandma's top secret sauce").text("Our top secret sauce: 2 cups tomatoes, 1 tbsp salt.\n"))
add("neg-product.eml", "0", "-", "product codes that look like flight numbers",
    Msg("Printer supplies").text("Toner for model AB1234 and HP 4050 in stock.\n"))
add("neg-ssn-mention.eml", "0", "-", "mentions SSN, no number",
    Msg("Security notice").text("We will never ask for your SSN or passport number by e-mail.\n"))
add("neg-phone-list.eml", "0", "-", "a contact list without ranks or roles",
    Msg("Contacts").text("".join("%s  %s\n" % (name(), phone()) for _ in range(6))))
add("neg-news-digest.eml", "0", "-", "news digest",
    Msg("Morning digest").text(
        "The council met on Tuesday. The budget passed 7 to 2.\n"
        "Weather: 24 C, light winds. Markets: index up 1.25%.\n"))
add("neg-shipping-html.eml", "0", "-", "shipping notice in HTML",
    Msg("Shipped").text("<html><body><p>Order #112-4471234-5567890 shipped.</p>"
                        "<p>Estimated delivery: June 14.</p></body></html>", "text/html"))
add("neg-base64-image.eml", "0", "-", "an image attachment (not extracted)",
    Msg("photo").text("Photo from the picnic.\n").text("GIF89a" + "x" * 60, "image/gif", "base64",
                                                       "picnic.gif"))
add("neg-classified-ads.eml", "0", "-", "'classified' ads and 'confidential' in prose",
    Msg("Classified ads").text("Classified ads: bike for sale, $120. Replies are confidential.\n"))
add("neg-math.eml", "0", "-", "numbers with decimals that are not coordinates",
    Msg("Results").text("Mean 12.34567, sd 0.98765; p = 0.0412.\n"))

# hostile ----------------------------------------------------------------


def nested(depth):
    out = ""
    for i in range(depth):
        out += 'Content-Type: multipart/mixed; boundary="n%d"\r\n\r\n--n%d\r\n' % (i, i)
    out += "Content-Type: text/plain\r\n\r\ninner\r\n"
    for i in reversed(range(depth)):
        out += "--n%d--\r\n" % i
    return ("From: a@example.com\r\nTo: b@example.com\r\nSubject: nested\r\n"
            "MIME-Version: 1.0\r\n" + out)


def many_parts(n):
    out = ("From: a@example.com\r\nTo: b@example.com\r\nSubject: parts\r\n"
           'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="p"\r\n\r\n')
    for i in range(n):
        out += "--p\r\nContent-Type: text/plain\r\n\r\n%d\r\n" % i
    return out + "--p--\r\n"


add("hostile-deep.eml", "3", "-", "nesting deeper than the limit: truncated",
    raw=nested(60))
add("hostile-parts.eml", "3", "-", "more parts than the limit: truncated",
    raw=many_parts(1100))
add("hostile-garbage.eml", "0", "-", "random bytes",
    raw="".join(chr(R.randint(0, 255)) for _ in range(4000)))
add("hostile-nul.eml", "0", "-", "NUL bytes in header and body",
    raw="From: a@example.com\r\nSubject: n\x00ul\r\n\r\nbody\x00with\x00nuls\r\n")
add("hostile-bad-base64.eml", "0", "-", "broken base64 and an unclosed boundary",
    raw=("From: a@example.com\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
         'Content-Type: multipart/mixed; boundary="q"\r\n\r\n--q\r\n'
         "Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n"
         "!!!!not base64****\r\n--q\r\nContent-Type: text/plain\r\n\r\nno end"))
add("hostile-empty.eml", "0", "-", "empty file", raw="")
add("hostile-long-header.eml", "0-3", "-", "one 300 KB header line",
    raw="From: a@example.com\r\nX-Long: " + "a" * 300000 + "\r\n\r\nbody\r\n")
hidden = card("5412")
add("hostile-hidden-card.eml", "3", "financial",
    "card number inside a nested message/rfc822, split by a QP soft break",
    raw=("From: a@example.com\r\nSubject: fwd\r\nMIME-Version: 1.0\r\n"
         'Content-Type: multipart/mixed; boundary="o"\r\n\r\n--o\r\n'
         "Content-Type: message/rfc822\r\n\r\nFrom: c@example.com\r\n"
         "Subject: inner\r\nContent-Type: text/plain\r\n"
         "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
         "credit card number %s=\r\n%s exp 01/29\r\n--o--\r\n")
    % (hidden[:8], hidden[8:]))


# attachments ------------------------------------------------------------
# Binary files from tests/data/extract (its generate.py builds them);
# the extractors find what they hold by their magic bytes.

EXTRACT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                           "extract")


def attached(subject, text, fname, ctype, file):
    with open(os.path.join(EXTRACT_DIR, file), "rb") as f:
        b64 = base64.b64encode(f.read()).decode("ascii")
    body = "\r\n".join(b64[i:i + 76] for i in range(0, len(b64), 76))
    return ("From: Radiology Desk <desk@example.org>\r\nTo: ivers@example.com\r\n"
            "Subject: %s\r\nMIME-Version: 1.0\r\n"
            'Content-Type: multipart/mixed; boundary="att"\r\n\r\n--att\r\n'
            "Content-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n--att\r\n"
            "Content-Type: %s\r\nContent-Transfer-Encoding: base64\r\n"
            'Content-Disposition: attachment; filename="%s"\r\n\r\n%s\r\n--att--\r\n'
            % (subject, text, ctype, fname, body))


add("med-dicom-xray.eml", "3", "medical", "DICOM X-ray attached: patient name and ID",
    raw=attached("Images", "Here are the films from Tuesday.", "IM0001.dcm",
                 "application/dicom", "patient.dcm"))
add("med-dicom-octet.eml", "3", "medical",
    "DICOM (implicit VR) as application/octet-stream named .bin",
    raw=attached("files", "As requested.", "export.bin", "application/octet-stream",
                 "patient-implicit.dcm"))
add("loc-exif-jpeg.eml", "2", "location", "JPEG photo with an EXIF GPS position",
    raw=attached("site photo", "Photo from this morning.", "IMG_2041.jpg",
                 "image/jpeg", "gps.jpg"))
add("loc-exif-png.eml", "2", "location", "PNG with an eXIf chunk holding a GPS position",
    raw=attached("screenshot", "See the attached.", "capture.png", "image/png",
                 "gps.png"))
add("neg-photo-no-gps.eml", "0", "-", "JPEG photo with EXIF but no GPS position",
    raw=attached("cake", "Happy birthday!", "cake.jpg", "image/jpeg", "no-gps.jpg"))
add("neg-dicom-phantom.eml", "0", "-", "DICOM of a test phantom: no patient fields",
    raw=attached("QA run", "Weekly QA scan attached.", "phantom.dcm",
                 "application/dicom", "no-patient.dcm"))
add("pers-xlsx-roster.eml", "3", "personnel",
    "Excel roster: ranks, names, phones in shared strings",
    raw=attached("roster", "Updated roster attached.", "roster.xlsx",
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "roster.xlsx"))
add("loc-pptx-grid.eml", "2", "location", "PowerPoint slide with coordinates",
    raw=attached("survey brief", "Slides for tomorrow.", "survey.pptx",
                 "application/octet-stream", "survey.pptx"))
add("mark-docx-header.eml", "4", "markings,identity",
    "Word document: CUI banner in the page header, an SSN in the body",
    raw=attached("review", "Draft attached.", "review.docx",
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "report.docx"))
add("neg-zip-archive.eml", "0", "-", "a zip archive that is not an Office document",
    raw=attached("notes", "Zipped notes.", "notes.zip", "application/zip",
                 "archive.zip"))


# PDF attachments ---------------------------------------------------------
# Written by tests/data/pdf/makepdf.py; typoguard-pdftext reads their text.

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                "pdf"))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import makepdf  # noqa: E402


def pdf_mail(subject, text, fname, ctype, data):
    b64 = base64.b64encode(data).decode("ascii")
    body = "\r\n".join(b64[i:i + 76] for i in range(0, len(b64), 76))
    return ("From: Travel Office <travel@example.mil>\r\nTo: rask@example.com\r\n"
            "Subject: %s\r\nMIME-Version: 1.0\r\n"
            'Content-Type: multipart/mixed; boundary="pdf"\r\n\r\n--pdf\r\n'
            "Content-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n--pdf\r\n"
            "Content-Type: %s\r\nContent-Transfer-Encoding: base64\r\n"
            'Content-Disposition: attachment; filename="%s"\r\n\r\n%s\r\n--pdf--\r\n'
            % (subject, text, ctype, fname, body))


add("mark-cui-card-pdf.eml", "4", "markings,financial",
    "PDF attached: CUI banner and a card number",
    raw=pdf_mail("trip paperwork", "Paperwork for the trip attached.", "travel.pdf",
                 "application/pdf", makepdf.pdf([[
                     "CUI", "", "Travel authorization TA-2024-0611",
                     "Government travel card for the trip: %s, expires 11/26."
                     % grouped(card("4486")), "", "CUI"]])))
add("fin-iban-pdf.eml", "3", "financial",
    "two-page compressed PDF named .bin, IBAN on page 2",
    raw=pdf_mail("invoice", "Invoice attached.", "invoice.bin",
                 "application/octet-stream", makepdf.pdf([
                     ["Invoice 2024-117", "Example Trading GmbH"],
                     ["Please pay to IBAN %s within 30 days."
                      % grouped(iban("DE", "%08d%010d" % (R.randint(0, 10**8 - 1),
                                                         R.randint(0, 10**10 - 1))))]],
                     flate=True)))
add("neg-pdf-brochure.eml", "0", "-", "PDF brochure with prices and dates",
    raw=pdf_mail("brochure", "Our new brochure.", "brochure.pdf", "application/pdf",
                 makepdf.pdf([["Summer catalogue", "Garden chairs from $49.99",
                               "Offer valid until 06/30/2024. Call 1-800-555-0199."]],
                             flate=True)))
add("hostile-pdf-encrypted.eml", "0", "-", "password-protected PDF: not readable",
    raw=pdf_mail("scan", "The scan.", "scan.pdf", "application/pdf",
                 makepdf.pdf([["CUI", "Hidden card %s" % card("4539")]],
                             user_pw=b"secret")))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    mdir = os.path.join(out, "messages")
    os.makedirs(mdir, exist_ok=True)
    lines = ["# file\tseverity\tcategories\tnote (generated by generate.py)"]
    for i, (fname, sev, cats, note, msg, raw) in enumerate(CORPUS):
        data = raw if raw is not None else msg.render(i)
        with open(os.path.join(mdir, fname), "wb") as f:
            f.write(data.encode("latin-1") if raw is not None else data.encode("utf-8"))
        lines.append("%s\t%s\t%s\t%s" % (fname, sev, cats, note))
    with open(os.path.join(out, "MANIFEST.tsv"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
