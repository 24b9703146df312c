#!/usr/bin/env python3
"""Build data/legit-domains.txt: real mail domains that look like typos.

The list tells typoguard which recipient domains are known legitimate
although they are one slip from a protected domain (mail.com is one
letter from gmail.com).  It is merged from two npm packages:

  free-email-domains  (MIT)  domains.json
  email-providers     (ISC)  all.json

Both lists also carry typo-catching domains (gmial.com, hotmial.com,
yahooo.com ...), registered because people mistype.  A legitimate list
that contained gmial.com would make typoguard call a real typo
"allowed", so every entry that is one slip from an entry of
data/protected-default.list is left out, unless it is on KEEP below with
the reason it is real.  KEEP also adds domains that are in neither
source (famous corporate domains one slip from a protected one).

Usage (from the top of the repository):

  scripts/gen-legit.py FREE_EMAIL_DOMAINS.tgz EMAIL_PROVIDERS.tgz
  scripts/gen-legit.py --fetch DIR     # download the latest tarballs
                                       # into DIR first (npm registry)

The tarballs are read as downloaded (npm pack format); nothing else is
fetched unless --fetch is given.  Writes data/legit-domains.txt (-o to
change) and prints a report to standard error (--report FILE to keep it).

Internationalised names are converted to A-labels with libidn2 (UTS #46,
non-transitional: what libtypoguard uses), loaded with ctypes.  Without
libidn2 the few non-ASCII entries are dropped and the header says so.

Python 3 standard library only.
"""

import argparse
import ctypes
import ctypes.util
import datetime
import hashlib
import io
import json
import os
import sys
import tarfile
import unicodedata
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)

# ---------------------------------------------------------------------------
# The keep-list.  Each entry: domain -> why it is real.  An entry here is
# written even when a check below would exclude it, and even when neither
# source lists it.  Add an entry only with evidence.  The tags:
#   [MC]   Mailcheck's list of popular mail domains
#          (github.com/mailcheck/mailcheck/wiki/List-of-Popular-Domains)
#   [FED]  free-email-domains; [FEDc] in the domains its maintainer adds
#          by hand (scripts/postinstall.mjs, DOMAINS)
#   [EP]   email-providers all.json; [EPc] its common.json (Majestic
#          Million rank below 100,000)
# Policy.  One edit from a protected name: kept only with evidence beyond
# being in a source list ([MC] or [FEDc]), since the typo catchers are in
# the sources too.  A protected name under another TLD or public suffix
# (tld-swap, suffix-swap): kept when it is the same provider's domain in
# another country, or another provider whose generic name only shares a
# word with a protected one (mail.ch and mail.mil), and [MC], [FEDc] or
# both lists vouch for it; never when the name is that of a protected
# organisation (army.net, navy.org): that is the slip tld-swap exists for.
KEEP = {
    # One edit from a protected name
    "mail.com": "mail.com (United Internet), a large independent provider [MC default set][FED][EP][EPc]; one letter from gmail.com",
    "email.com": "a mail.com domain [MC][FED][EP]; one letter from gmail.com",
    "ymail.com": "Yahoo's own domain, so marked in [MC] [FED][EP]; one letter from gmail.com",
    "love.com": "AOL's own domain, so marked in [MC] [EP]; one letter from live.com",
    "gmx.ie": "GMX's Irish domain, hand-added with gmx.ca, gmx.co.uk, gmx.fr ... [FEDc]; one letter from gmx.de",
    # The provider's own domains under another TLD or suffix
    "gmx.com": "GMX international [MC default set][FED][EP][EPc]",
    "gmx.co.uk": "GMX UK [FEDc]",
    "gmx.fr": "GMX France [MC][FEDc][EP]",
    "gmx.us": "GMX US [FEDc]",
    "aol.co.uk": "AOL UK [FEDc][EP][EPc]",
    "aol.de": "AOL Germany [FEDc]",
    "aol.fr": "AOL France [FEDc]",
    "hotmail.de": "Microsoft, Germany [MC][FED][EP]",
    "hotmail.fr": "Microsoft, France [MC][FED][EP]",
    "hotmail.nl": "Microsoft, Netherlands [FED][EP]",
    "hotmail.ru": "Microsoft, Russia [FED][EP][EPc]",
    "hotmail.com.br": "Microsoft, Brazil [FED][EP]",
    "hotmail.com.au": "Microsoft, Australia [FED][EP]",
    "live.de": "Microsoft, Germany [MC][FED][EP]",
    "live.fr": "Microsoft, France [MC][FED][EP]",
    "live.co.uk": "Microsoft, UK [MC][FED][EP]",
    "live.nl": "Microsoft, Netherlands [FED][EP]",
    "live.cn": "Microsoft, China [FED][EP]",
    "live.com.au": "Microsoft, Australia [FED][EP]",
    "outlook.de": "Microsoft, Germany [FED][EP]",
    "outlook.fr": "Microsoft, France [FED][EP]",
    "outlook.com.br": "Microsoft, Brazil [FED][EP]",
    "outlook.com.au": "Microsoft, Australia [FED][EP]",
    "msn.co.uk": "Microsoft, UK [FEDc][EP][EPc]",
    "yahoo.de": "Yahoo, Germany [MC][FED][EP][EPc]",
    "yahoo.fr": "Yahoo, France [MC][FED][EP][EPc]",
    "yahoo.ru": "Yahoo, Russia [FED][EP]",
    "yahoo.cn": "Yahoo, China [FED][EP]",
    "yahoo.com.cn": "Yahoo, China [FED][EP][EPc]",
    "yahoo.com.br": "Yahoo, Brazil [FED][EP][EPc]",
    "yahoo.com.au": "Yahoo, Australia [FED][EP]",
    "yandex.com": "Yandex international [FED][EP][EPc]",
    "orange.net": "Orange's UK mail domain [MC][EP]",
    # Generated from the sources with the evidence tags above, then read
    # through: the same provider's domains in other countries, and
    # providers with a generic name (mail.ch) that only share a word
    # with a protected name.  Left out on purpose although the sources
    # carry them: army.net, navy.org, usmc.net, fbi.hu (the name of a
    # protected organisation under another TLD: the tld-swap slip itself),
    # mailru.com (the tld-in-label slip), hotmail.kg, hotmail.kz,
    # yahoo.com.is (not countries the providers are known to have served;
    # unverified), mail.nu (one edit from mail.ru, no evidence beyond
    # the lists).
    "free.com.pe": "a provider named 'free', not the owner of the protected name [FED][EP]",
    "freenet.kg": "a provider named 'freenet', not the owner of the protected name [FED][EP]",
    "gmx.at": "GMX [FED][EPc]",
    "gmx.ca": "GMX [FEDc]",
    "gmx.es": "GMX [FEDc]",
    "gmx.hk": "GMX [FEDc]",
    "gmx.li": "GMX [FED][EP]",
    "gmx.pt": "GMX [FEDc]",
    "gmx.sg": "GMX [FEDc]",
    "gmx.tw": "GMX [FEDc]",
    "hotmail.be": "Microsoft [MC][FEDc][EP]",
    "hotmail.ca": "Microsoft [FED][EP]",
    "hotmail.co.il": "Microsoft [FED][EP]",
    "hotmail.co.in": "Microsoft [FEDc]",
    "hotmail.co.jp": "Microsoft [FED][EP]",
    "hotmail.co.kr": "Microsoft [FEDc][EP]",
    "hotmail.co.nz": "Microsoft [FED][EP]",
    "hotmail.co.th": "Microsoft [FEDc][EP]",
    "hotmail.com.ar": "Microsoft [MC][EP]",
    "hotmail.cz": "Microsoft [FEDc]",
    "hotmail.dk": "Microsoft [FEDc][EP]",
    "hotmail.es": "Microsoft [FED][EP]",
    "hotmail.gr": "Microsoft [FEDc][EP]",
    "hotmail.hu": "Microsoft [FEDc]",
    "hotmail.it": "Microsoft [FED][EP]",
    "hotmail.jp": "Microsoft [FEDc]",
    "hotmail.my": "Microsoft [FEDc]",
    "hotmail.no": "Microsoft [FEDc]",
    "hotmail.ph": "Microsoft [FEDc]",
    "hotmail.sg": "Microsoft [FEDc][EP]",
    "live.be": "Microsoft [MC][FED][EP]",
    "live.ca": "Microsoft [FED][EP]",
    "live.co.kr": "Microsoft [FEDc][EP]",
    "live.com.ar": "Microsoft [MC][FED][EP]",
    "live.com.mx": "Microsoft [FED][EP]",
    "live.com.sg": "Microsoft [FED][EP]",
    "live.dk": "Microsoft [FED][EP]",
    "live.hk": "Microsoft [FEDc][EP]",
    "live.ie": "Microsoft [FED][EP]",
    "live.it": "Microsoft [FED][EP]",
    "live.jp": "Microsoft [FED][EP]",
    "mail.az": "a provider named 'mail', not the owner of the protected name [FED][EP]",
    "mail.be": "a provider named 'mail', not the owner of the protected name [FED][EP]",
    "mail.by": "a provider named 'mail', not the owner of the protected name [FED][EP]",
    "mail.ch": "a provider named 'mail', not the owner of the protected name [FEDc]",
    "mail.co.za": "a provider named 'mail', not the owner of the protected name [FED][EP]",
    "mail.dk": "a provider named 'mail', not the owner of the protected name [FEDc]",
    "mail.ee": "a provider named 'mail', not the owner of the protected name [FED][EP]",
    "mail.fr": "a provider named 'mail', not the owner of the protected name [FEDc]",
    "mail.gr": "a provider named 'mail', not the owner of the protected name [FED][EP]",
    "mail.lv": "a provider named 'mail', not the owner of the protected name [FEDc]",
    "mail.md": "a provider named 'mail', not the owner of the protected name [FED][EP]",
    "mail.org.uk": "a provider named 'mail', not the owner of the protected name [FED][EP]",
    "mail.pf": "a provider named 'mail', not the owner of the protected name [FED][EP]",
    "mail.pt": "a provider named 'mail', not the owner of the protected name [FED][EP]",
    "mail.vu": "a provider named 'mail', not the owner of the protected name [FEDc]",
    "mail.wtf": "a provider named 'mail', not the owner of the protected name [FED][EP]",
    "outlook.at": "Microsoft [FED][EP]",
    "outlook.be": "Microsoft [FED][EP]",
    "outlook.cl": "Microsoft [FED][EP]",
    "outlook.co.id": "Microsoft [FED][EP]",
    "outlook.co.il": "Microsoft [FED][EP]",
    "outlook.co.nz": "Microsoft [FED][EP]",
    "outlook.co.th": "Microsoft [FED][EP]",
    "outlook.com.gr": "Microsoft [FED][EP]",
    "outlook.com.pe": "Microsoft [FED][EP]",
    "outlook.com.tr": "Microsoft [FED][EP]",
    "outlook.com.vn": "Microsoft [FED][EP]",
    "outlook.cz": "Microsoft [FED][EP]",
    "outlook.dk": "Microsoft [FED][EP]",
    "outlook.es": "Microsoft [FED][EP]",
    "outlook.hu": "Microsoft [FED][EP]",
    "outlook.ie": "Microsoft [FED][EP]",
    "outlook.in": "Microsoft [FED][EP]",
    "outlook.it": "Microsoft [FED][EP]",
    "outlook.jp": "Microsoft [FED][EP]",
    "outlook.kr": "Microsoft [FED][EP]",
    "outlook.lv": "Microsoft [FED][EP]",
    "outlook.my": "Microsoft [FED][EP]",
    "outlook.ph": "Microsoft [FED][EP]",
    "outlook.pt": "Microsoft [FED][EP]",
    "outlook.sa": "Microsoft [FED][EP]",
    "outlook.sg": "Microsoft [FED][EP]",
    "outlook.sk": "Microsoft [FED][EP]",
    "protonmail.ch": "Proton [FEDc][EP]",
    "t-online.hu": "Magyar Telekom (Deutsche Telekom group), T-Online Hungary [FEDc][EP]",
    "yahoo.ca": "Yahoo [FED][EPc]",
    "yahoo.co.id": "Yahoo [FED][EP]",
    "yahoo.co.in": "Yahoo [FED][EP]",
    "yahoo.co.jp": "Yahoo [FED][EPc]",
    "yahoo.co.kr": "Yahoo [FED][EP]",
    "yahoo.co.nz": "Yahoo [FED][EP]",
    "yahoo.co.th": "Yahoo [FED][EP]",
    "yahoo.com.ar": "Yahoo [MC][FED][EP]",
    "yahoo.com.hk": "Yahoo [FED][EP]",
    "yahoo.com.mx": "Yahoo [FED][EP]",
    "yahoo.com.my": "Yahoo [FED][EP]",
    "yahoo.com.ph": "Yahoo [FED][EP]",
    "yahoo.com.sg": "Yahoo [FED][EP]",
    "yahoo.com.tw": "Yahoo [FED][EPc]",
    "yahoo.com.vn": "Yahoo [FED][EP]",
    "yahoo.dk": "Yahoo [FED][EP]",
    "yahoo.es": "Yahoo [FED][EP]",
    "yahoo.gr": "Yahoo [FED][EP]",
    "yahoo.ie": "Yahoo [FED][EP]",
    "yahoo.in": "Yahoo [FED][EP]",
    "yahoo.it": "Yahoo [FED][EP]",
    "yahoo.jp": "Yahoo [FED][EPc]",
    "yahoo.ro": "Yahoo [FED][EP]",
    "yahoo.se": "Yahoo [FED][EP]",
    "yandex.by": "Yandex [FEDc]",
    "yandex.kz": "Yandex [FEDc]",
    # Famous corporate domains one slip from a protected one: real
    # organisations, not mail providers; in neither source.
    "ao.com": "AO World plc, UK electrical retailer (its site is ao.com; listed on the London Stock Exchange); omission of l from aol.com",
    "man.com": "Man Group plc, investment manager (www.man.com in its annual reports); s->a slip from msn.com",
    "cloud.com": "Cloud Software Group (Citrix): Citrix Cloud signs in at citrix.cloud.com (docs.citrix.com); omission of i from icloud.com",
}

# ---------------------------------------------------------------------------
# libidn2 through ctypes

IDN2_NONTRANSITIONAL = 8
_idn2 = None


def idn2():
    global _idn2
    if _idn2 is None:
        name = ctypes.util.find_library("idn2")
        try:
            lib = ctypes.CDLL(name or "libidn2.so.0")
            lib.idn2_to_ascii_8z.argtypes = [ctypes.c_char_p,
                                             ctypes.POINTER(ctypes.c_void_p),
                                             ctypes.c_int]
            lib.idn2_to_ascii_8z.restype = ctypes.c_int
            lib.idn2_free.argtypes = [ctypes.c_void_p]
            lib.idn2_check_version.restype = ctypes.c_char_p
            lib.idn2_check_version.argtypes = [ctypes.c_char_p]
            _idn2 = lib
        except OSError:
            _idn2 = False
    return _idn2


def idn2_version():
    lib = idn2()
    return lib.idn2_check_version(None).decode() if lib else None


def to_alabel(name):
    """A-label form of name, or None when it cannot be converted (or, for
    a name already in A-labels, when its labels are not valid IDNA2008:
    the sources carry emoji names such as xn--o38h, which libtypoguard
    refuses)."""
    if name.isascii():
        name = name.lower()
        if "xn--" not in name:
            return name
        try:
            u = ".".join(l[4:].encode("ascii").decode("punycode")
                         if l.startswith("xn--") else l
                         for l in name.split("."))
        except UnicodeError:
            return None
        return name if to_alabel(u) == name else None
    lib = idn2()
    if not lib:
        return None
    out = ctypes.c_void_p()
    rc = lib.idn2_to_ascii_8z(name.encode("utf-8"), ctypes.byref(out),
                              IDN2_NONTRANSITIONAL)
    if rc != 0:
        return None
    s = ctypes.string_at(out).decode("ascii")
    lib.idn2_free(out)
    return s.lower()


# ---------------------------------------------------------------------------
# Public suffix list (ICANN section): suffix of a name, delegated TLDs


class PSL:
    def __init__(self, path):
        self.rules, self.wild, self.exc = set(), set(), set()
        icann = False
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if "===BEGIN ICANN DOMAINS===" in line:
                    icann = True
                elif "===END ICANN DOMAINS===" in line:
                    icann = False
                if not icann or not line or line.startswith("//"):
                    continue
                rule = line.split()[0]
                if rule.startswith("!"):
                    a = to_alabel(rule[1:])
                    if a:
                        self.exc.add(a)
                elif rule.startswith("*."):
                    a = to_alabel(rule[2:])
                    if a:
                        self.wild.add(a)
                else:
                    a = to_alabel(rule)
                    if a:
                        self.rules.add(a)
        # Every TLD that ends some ICANN rule.  Not only one-label rules:
        # the list has no rule "za", only "co.za", "org.za" ...
        self.tlds = {r.rsplit(".", 1)[-1]
                     for r in self.rules | self.wild | self.exc}

    def suffix(self, name):
        """The ICANN public suffix of name (default rule: its last label)."""
        labels = name.split(".")
        for i in range(len(labels)):
            cand = ".".join(labels[i:])
            if cand in self.exc:
                return ".".join(labels[i + 1:])
            if cand in self.rules:
                return cand
            if i + 1 < len(labels) and ".".join(labels[i + 1:]) in self.wild:
                return cand
        return labels[-1]

    def split(self, name):
        """(left, label, suffix): left of the registrable label, the
        registrable label, the suffix.  label is "" for a suffix."""
        suf = self.suffix(name)
        if name == suf:
            return ("", "", suf)
        head = name[: -len(suf) - 1]
        left, _, label = head.rpartition(".")
        return (left, label, suf)


def valid_host(name):
    if not name or len(name) > 253 or "." not in name:
        return False
    for lab in name.split("."):
        if not 1 <= len(lab) <= 63 or lab[0] == "-" or lab[-1] == "-":
            return False
        if not all(c.isascii() and (c.isalnum() or c == "-") for c in lab):
            return False
        if lab[2:4] == "--" and not lab.startswith("xn--"):
            return False
    return True


# ---------------------------------------------------------------------------
# Distances and look-alikes


def dl1(a, b):
    """Whether a and b are exactly one Damerau-Levenshtein edit apart
    (insertion, deletion, substitution, or transposition of neighbours)."""
    if a == b:
        return False
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la == lb:
        if a[i + 1:] == b[i + 1:]:
            return True  # substitution
        return (i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i]
                and a[i + 2:] == b[i + 2:])  # transposition
    if la > lb:
        return a[i + 1:] == b[i:]  # a has one more character
    return a[i:] == b[i + 1:]


FOLD = [("rn", "m"), ("vv", "w"), ("cl", "d"), ("0", "o"), ("1", "l"),
        ("i", "l")]


def fold(name):
    """A rough visual skeleton: multi-character and digit look-alikes
    (rn/m, vv/w, cl/d, 0/o, 1/l/i) and, for IDN, diacritics removed."""
    if "xn--" in name:
        try:
            u = ".".join(l.encode("ascii").decode("idna") if l.startswith("xn--")
                         else l for l in name.split("."))
            name = "".join(c for c in unicodedata.normalize("NFKD", u)
                           if not unicodedata.combining(c))
        except (UnicodeError, ValueError):
            pass
    for a, b in FOLD:
        name = name.replace(a, b)
    return name


class Protected:
    """The entries of a protected list file."""

    def __init__(self, path, psl):
        self.names = []      # (domain, left, label, suffix)
        self.tlds = {}       # tld -> set of strict TLDs
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                line = line.split("#", 1)[0].split()
                if not line:
                    continue
                entry, opts = line[0].lower(), line[1:]
                if entry.startswith("."):
                    strict = set()
                    for o in opts:
                        k, _, v = o.partition("=")
                        if k == "strict":
                            strict |= {to_alabel(t) for t in v.split(",") if t}
                    self.tlds[to_alabel(entry[1:])] = strict
                    continue
                d = to_alabel(entry)
                if not d or not valid_host(d):
                    sys.exit(f"{path}:{n}: bad entry {entry!r}")
                self.names.append((d,) + psl.split(d))
        self.domains = {n[0] for n in self.names}


def slip(cand, prot, psl):
    """Why cand is one slip from a protected entry, or None."""
    left, label, suf = psl.split(cand)
    tld = suf.rsplit(".", 1)[-1]
    reg = f"{label}.{suf}" if label else cand
    forms = {cand, reg}
    if cand in prot.domains:
        return None
    for t, strict in prot.tlds.items():
        if tld == t:
            return f"inside protected TLD .{t}"
        if tld not in strict and dl1(tld, t):
            return f"tld-typo of .{t}"
    for d, pl, plab, psuf in prot.names:
        preg = f"{plab}.{psuf}"
        for f in forms:
            if f == d or f == preg:
                continue
            if dl1(f, d):
                return f"one edit from {d}"
            if fold(f) == fold(d):
                return f"look-alike of {d}"
        if label == plab and suf != psuf:
            if suf.rsplit(".", 1)[-1] == psuf.rsplit(".", 1)[-1]:
                return f"suffix-swap of {d}"
            return f"tld-swap of {d}"
        flat = psuf.replace(".", "")
        if label and label in (plab + flat, f"{plab}-{flat}",
                               plab + "-" + psuf.replace(".", "-")):
            return f"tld-in-label of {d}"
        if label and suf == psuf and (label in (plab + "s", plab + "es") or
                                      plab in (label + "s", label + "es")):
            return f"plural of {d}"
    return None


# ---------------------------------------------------------------------------
# Sources

SOURCES = [
    # (npm name, file inside the package, licence file)
    ("free-email-domains", "package/domains.json", "package/LICENSE.md"),
    ("email-providers", "package/all.json", "package/license.md"),
]


def fetch(dest):
    os.makedirs(dest, exist_ok=True)
    paths = []
    for name, _, _ in SOURCES:
        with urllib.request.urlopen(
                f"https://registry.npmjs.org/{name}/latest") as r:
            meta = json.load(r)
        url = meta["dist"]["tarball"]
        path = os.path.join(dest, os.path.basename(url))
        with urllib.request.urlopen(url) as r:
            data = r.read()
        sha1 = hashlib.sha1(data).hexdigest()
        if sha1 != meta["dist"]["shasum"]:
            sys.exit(f"{url}: shasum {sha1} != registry {meta['dist']['shasum']}")
        with open(path, "wb") as f:
            f.write(data)
        print(f"fetched {url}", file=sys.stderr)
        paths.append(path)
    return paths


def read_source(path, member, licence):
    with open(path, "rb") as f:
        data = f.read()
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as t:
        pkg = json.load(t.extractfile("package/package.json"))
        names = json.load(t.extractfile(member))
        lic = t.extractfile(licence).read().decode("utf-8")
    return {
        "name": pkg["name"], "version": pkg["version"],
        "license": pkg.get("license", "?"), "member": member,
        "file": os.path.basename(path),
        "sha256": hashlib.sha256(data).hexdigest(),
        "domains": names, "licence_text": lic,
        "copyright": next((l.strip() for l in lic.splitlines()
                           if l.strip().lower().startswith("copyright")), "?"),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("tarballs", nargs="*",
                    help="free-email-domains-*.tgz email-providers-*.tgz")
    ap.add_argument("--fetch", metavar="DIR",
                    help="download the latest tarballs into DIR and use them")
    ap.add_argument("--protected",
                    default=os.path.join(TOP, "data", "protected-default.list"))
    ap.add_argument("--psl",
                    default=os.path.join(TOP, "data", "public_suffix_list.dat"))
    ap.add_argument("-o", "--output",
                    default=os.path.join(TOP, "data", "legit-domains.txt"))
    ap.add_argument("--licenses", default=os.path.join(TOP, "data", "LICENSES"),
                    help="directory for the sources' licence texts")
    ap.add_argument("--report", help="also write the report to this file")
    ap.add_argument("--date", help="date for the header (default: "
                    "SOURCE_DATE_EPOCH, else today, UTC)")
    a = ap.parse_args()

    paths = fetch(a.fetch) if a.fetch else a.tarballs
    if len(paths) != len(SOURCES):
        ap.error("give the two tarballs, free-email-domains first "
                 "(or --fetch DIR)")
    srcs = [read_source(p, m, l) for p, (_, m, l) in zip(paths, SOURCES)]
    for s, (name, _, _) in zip(srcs, SOURCES):
        if s["name"] != name:
            ap.error(f"{s['file']} is {s['name']}, expected {name}")

    if a.date:
        date = a.date
    elif os.environ.get("SOURCE_DATE_EPOCH"):
        date = datetime.datetime.fromtimestamp(
            int(os.environ["SOURCE_DATE_EPOCH"]),
            datetime.timezone.utc).strftime("%Y-%m-%d")
    else:
        date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")

    psl = PSL(a.psl)
    prot = Protected(a.protected, psl)

    raw = set()
    for s in srcs:
        raw |= {d.strip().lower().rstrip(".") for d in s["domains"]}
    stats = {"raw": sum(len(s["domains"]) for s in srcs),
             "distinct": len(raw)}
    nonascii = sorted(d for d in raw if not d.isascii())
    cand, dropped = {}, {"not valid IDNA2008 (A-labels)": [],
                         "not a valid host name": [],
                         "TLD not delegated": [],
                         "a public suffix itself": []}
    for d in sorted(raw):
        al = to_alabel(d)
        if al is None:
            dropped["not valid IDNA2008 (A-labels)"].append(d)
            continue
        if not valid_host(al):
            dropped["not a valid host name"].append(d)
            continue
        if al.rsplit(".", 1)[-1] not in psl.tlds:
            dropped["TLD not delegated"].append(d)
            continue
        if not psl.split(al)[1]:
            dropped["a public suffix itself"].append(d)
            continue
        cand[al] = d

    excluded = {}
    for al in sorted(cand):
        why = slip(al, prot, psl)
        if why and al not in KEEP:
            excluded[al] = why
    kept_excl = sorted(k for k in KEEP if k in cand and slip(k, prot, psl))
    for k in KEEP:
        al = to_alabel(k)
        if al != k or not valid_host(k):
            sys.exit(f"KEEP entry {k!r} is not a lowercase A-label host name")
    out = sorted((set(cand) - set(excluded)) | set(KEEP))

    # Licence texts, as both licences require with copies of the data.
    os.makedirs(a.licenses, exist_ok=True)
    for s in srcs:
        with open(os.path.join(a.licenses, f"{s['name']}.txt"), "w",
                  encoding="utf-8") as f:
            f.write(s["licence_text"].rstrip("\n") + "\n")

    idnv = idn2_version()
    lines = [
        "# legit-domains.txt - known legitimate domains that look like typos.",
        "#",
        "# Generated by scripts/gen-legit.py; do not edit by hand (hand",
        "# additions go in the script's KEEP list).  Format: one domain per",
        "# line, lowercase A-labels, as a typoguard list file.",
        "#",
        f"# Generated {date}.  {len(out)} domains.",
        "#",
        "# Sources (npm registry tarballs):",
    ]
    for s in srcs:
        lines += [
            f"#   {s['name']} {s['version']} ({s['license']}), {s['member'][8:]},"
            f" {len(s['domains'])} entries",
            f"#     https://www.npmjs.com/package/{s['name']}",
            f"#     {s['file']} sha256 {s['sha256']}",
        ]
    lines += ["# Licences (full texts with the permission notices in data/LICENSES/):"]
    for s in srcs:
        lines.append(f"#   {s['name']}: {s['license']}, {s['copyright']}")
    lines += [
        "#",
        "# Processing: merged, lowercased, internationalised names converted",
        ("#   to A-labels with libidn2 " + idnv + " (UTS #46 non-transitional)"
         if idnv else
         "#   to A-labels: libidn2 not found, non-ASCII entries dropped"),
        "#   (non-ASCII in the sources: " + str(len(nonascii)) + "),",
        "#   invalid host names and names in TLDs missing from the bundled",
        "#   public suffix list dropped, deduplicated, sorted.",
        f"# Left out as one slip from data/protected-default.list: {len(excluded)}",
        "#   (typo-catching domains such as gmial.com are in both sources).",
        f"# Added or kept by hand (KEEP in the script): {len(KEEP)}.",
        "",
    ]
    with open(a.output, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
        f.write("\n".join(out) + "\n")

    # Report
    rep = []
    rep.append(f"sources: {stats['raw']} entries, {stats['distinct']} distinct")
    rep.append(f"non-ASCII: {len(nonascii)} {nonascii}")
    for k, v in dropped.items():
        rep.append(f"dropped, {k}: {len(v)} {v[:15]}{' ...' if len(v) > 15 else ''}")
    rep.append(f"candidates: {len(cand)}")
    by = {}
    for d, why in excluded.items():
        by.setdefault(why.split(" of ")[0].split(" from ")[0], []).append(d)
    rep.append(f"excluded: {len(excluded)}")
    for k, v in sorted(by.items()):
        rep.append(f"  {k}: {len(v)}")
    rep.append("excluded, all but the TLD-typo and inside-TLD ones:")
    for d, why in sorted(excluded.items()):
        if not why.startswith(("tld-typo of .", "inside protected")):
            rep.append(f"  {d:32} {why}")
    ml = sorted(d for d, w in excluded.items() if w.startswith("tld-typo of ."))
    rep.append(f"excluded as TLD typos of a protected TLD: {len(ml)}, e.g. {ml[:10]}")
    rep.append(f"kept although one slip away: {len(kept_excl)}")
    for k in kept_excl:
        rep.append(f"  {k:20} {slip(k, prot, psl)}; {KEEP[k]}")
    added = sorted(k for k in KEEP if k not in cand)
    rep.append(f"added (in neither source): {added}")
    rep.append(f"written: {len(out)} to {a.output}")
    text = "\n".join(rep) + "\n"
    sys.stderr.write(text)
    if a.report:
        with open(a.report, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
