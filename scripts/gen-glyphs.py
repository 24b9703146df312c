#!/usr/bin/env python3
"""gen-glyphs.py - write data/glyphs.tsv, the look-alike tables.

Dev-time only: the build reads the committed data/glyphs.tsv and never runs
this.  To regenerate (Debian 12):

    d=$(mktemp -d) && (cd "$d" &&
        apt-get download python3-confusable-homoglyphs python3-idna)
    scripts/gen-glyphs.py "$d"/python3-confusable-homoglyphs_*.deb \\
        "$d"/python3-idna_*.deb > data/glyphs.tsv

The first package ships the UTS #39 confusables as JSON, the second the
IDNA2008 code point classes (RFC 5892) that decide which code points may
appear in a host name.  Both are unpacked with dpkg-deb into a temporary
directory; nothing is installed.  libidn2 (the library typoguard uses at
run time) must also accept every code point kept: it is loaded through
ctypes and asked about "x<cp>y.com".

Three tables (see src/lib/glyph_int.h):
  ascii       hand-written below, each pair with the reason a reader
              confuses it
  latin       Latin letters derived from Unicode decompositions and names
              (Python's unicodedata), plus Latin-script UTS #39 confusables
              of an ASCII letter, plus a short hand-written list
  confusable  other code points whose UTS #39 skeleton class holds an ASCII
              letter or digit string, or the class of one of that string's
              latin look-alikes; plus a short hand-written list

Every non-ASCII code point kept is lowercase, NFC, IDNA2008 PVALID, a
letter or digit (no combining marks) and left-to-right (so that it can
stand in a label of ASCII letters without breaking the RFC 5893 bidi rule).

Output: one pair per line, "from<TAB>to<TAB>table[<TAB>weak]".  "weak"
marks a single-character pair that generates variants but is kept out of
the skeleton classes, because it would chain letters that do not look
alike (m~n and n~r would make m~r); glyph_int.h says how such pairs are
used.
"""
import ctypes
import json
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import unicodedata

# The Unicode version of the confusables data in the package version below,
# checked by hand: it has U+1FBF0..U+1FBF9 (SEGMENTED DIGIT ZERO..NINE, new
# in 13.0) and nothing new in 14.0.  A different package version stops the
# script until this is checked again.
CONFUSABLES_PKG_VERSION = "3.2.0-2"
CONFUSABLES_UNICODE = "13.0.0"

# ASCII look-alikes: (a, b, weak, reason).  Both directions are written.
# The strong pairs are the l/1/i and o/0 shapes, which differ by little more
# than a serif or the width of a bowl in most sans-serif faces; the weak
# ones are real reading slips but would chain unrelated letters if merged
# into one skeleton class (m~n~r, b~d~8~3, 6~9~q~g).
ASCII_PAIRS = [
    ("0", "o", False, "a zero is an o drawn narrower"),
    ("1", "l", False, "in sans-serif faces l, 1 and I are one stroke"),
    ("1", "i", False, "a 1 with a short flag reads as a dotted i"),
    ("l", "i", False, "i is a short l with a dot; small sizes lose the dot"),
    ("rn", "m", False, "r followed by n closes up into the three legs of m"),
    ("nn", "m", False, "two n side by side read as an m with an extra leg"),
    ("vv", "w", False, "two v side by side are a w"),
    ("cl", "d", False, "c against l closes into the bowl and stem of d"),
    ("dl", "d", False, "a stray l after d merges into d's stem"),
    ("lb", "b", False, "an l before b doubles b's stem"),
    ("lh", "h", False, "an l before h doubles h's stem"),
    ("ln", "h", False, "l against n is h with a gap"),
    ("lc", "k", False, "l against c reads as the stem and arms of k"),
    ("m", "n", True, "m and n differ by one arch"),
    ("n", "r", True, "r is n without its right leg"),
    ("b", "d", True, "mirror images, often swapped in reading"),
    ("c", "e", True, "e is c with a bar"),
    ("g", "q", True, "single-storey g and q are both a bowl with a descender"),
    ("u", "v", True, "v is u with a pointed base"),
    ("5", "s", True, "5 is an s with a square top"),
    ("8", "b", True, "8 and b are stacked bowls"),
    ("3", "8", True, "3 is an 8 open on the left"),
    ("6", "9", True, "6 and 9 are the same shape rotated"),
    ("9", "q", True, "9 is q with a curved tail"),
    ("2", "z", True, "2 is z with a curved top"),
]

# Latin look-alikes that no Unicode rule below derives: (from, to, weak,
# reason).
LATIN_HAND = [
    ("2", "\u01bb", False, "LATIN LETTER TWO WITH STROKE is a 2 with a bar"),
    ("3", "\u0292", False, "EZH is a 3 sitting on the baseline with a tail"),
    ("5", "\u01bd", True, "TONE FIVE is a 5 in shape; UTS #39 also puts "
     "it with s, so the pair is weak to keep 5 and s apart"),
    ("a", "\u0259", False, "SCHWA is a rotated e: the bowl of a "
     "double-storey a without its hook"),
    ("b", "\u0185", False, "TONE SIX is b with a short stem"),
    ("n", "\u014b", False, "ENG is n with a hooked right leg"),
    ("p", "\u01bf", False, "WYNN is p with a pointed bowl"),
    ("ss", "\u00df", False, "SHARP S is written for ss (strasse/straße)"),
]

# Confusables of other scripts that UTS #39 puts with a different ASCII
# letter: (from, to, weak, reason).
CONFUSABLE_HAND = [
    ("l", "\u04cf", False, "CYRILLIC PALOCHKA is a bare vertical stroke, "
     "like l; UTS #39 puts it with i, which our classes join to l"),
]

# Two-letter Latin names that are not ligatures of those letters.
NOT_LIGATURES = {
    "OI": "GHA, shaped like q with a loop, not o+i",
    "OU": "shaped like 8 (UTS #39 puts it there)",
    "ET": "a scribal abbreviation sign shaped like 3",
    "IS": "a scribal abbreviation sign",
    "UM": "a scribal abbreviation sign",
}

# Name patterns for variant forms of one letter (the letter is group 1).
LATIN_LETTER_RES = [
    re.compile(r"^LATIN SMALL LETTER ([A-Z]) WITH "),
    re.compile(r"^LATIN LETTER SMALL CAPITAL ([A-Z])( WITH .*)?$"),
    re.compile(r"^LATIN SMALL LETTER (?:DOTLESS|SCRIPT|INSULAR|"
               r"BLACKLETTER|BARRED) ([A-Z])$"),
    re.compile(r"^LATIN SMALL LETTER ([A-Z]) BAR$"),
]
# Ligatures and digraphs (the letters are group 1).
LATIN_LIGATURE_RES = [
    re.compile(r"^LATIN SMALL LIGATURE ([A-Z]{2})( WITH .*)?$"),
    re.compile(r"^LATIN SMALL LETTER ([A-Z]{2}) DIGRAPH( WITH .*)?$"),
    re.compile(r"^LATIN SMALL LETTER ([A-Z]{2})( WITH .*)?$"),
]

ASCII_FROM = re.compile(r"^[a-z0-9-]{1,2}$")

IDN2_NONTRANSITIONAL = 8  # idn2.h; 4 is TRANSITIONAL


def die(msg):
    sys.stderr.write("gen-glyphs.py: %s\n" % msg)
    sys.exit(1)


def unpack(deb, into):
    subprocess.run(["dpkg-deb", "-x", deb, into], check=True)
    out = subprocess.run(["dpkg-deb", "-f", deb, "Package", "Version"],
                         check=True, capture_output=True, text=True).stdout
    fields = dict(line.split(": ", 1) for line in out.splitlines())
    return fields["Package"], fields["Version"]


class Checker:
    """Which code points a host name may hold (the filter of the module
    docstring), by python3-idna's RFC 5892 tables and by libidn2."""

    def __init__(self, idna_dir):
        sys.path.insert(0, idna_dir)
        import idna.idnadata
        import idna.intranges
        self.idna_unicode = idna.idnadata.__version__
        self.pvalid = idna.idnadata.codepoint_classes["PVALID"]
        self.contains = idna.intranges.intranges_contain
        try:
            self.lib = ctypes.CDLL("libidn2.so.0")
        except OSError as e:
            die("cannot load libidn2: %s" % e)
        self.lib.idn2_check_version.restype = ctypes.c_char_p
        self.lib.idn2_lookup_u8.argtypes = [
            ctypes.c_char_p, ctypes.POINTER(ctypes.c_char_p), ctypes.c_int]
        self.lib.idn2_free.argtypes = [ctypes.c_void_p]
        self.idn2_version = self.lib.idn2_check_version(None).decode()
        self.idn2_rejects = []

    def idn2_ok(self, ch):
        out = ctypes.c_char_p()
        rc = self.lib.idn2_lookup_u8(("x%sy.com" % ch).encode(),
                                     ctypes.byref(out), IDN2_NONTRANSITIONAL)
        if rc == 0:
            self.lib.idn2_free(out)
        return rc == 0

    def ok(self, ch):
        if len(ch) != 1 or ord(ch) < 0x80:
            return False
        if not self.contains(ord(ch), self.pvalid):
            return False
        if unicodedata.category(ch)[0] not in "LN":
            return False
        if unicodedata.bidirectional(ch) != "L":
            return False
        if unicodedata.normalize("NFC", ch) != ch or ch.lower() != ch:
            return False
        if not self.idn2_ok(ch):
            self.idn2_rejects.append(ch)
            return False
        return True


def latin_from(ch):
    """The ASCII letters a Latin code point is a form of, or None."""
    nfd = unicodedata.normalize("NFD", ch)
    if (len(nfd) > 1 and "a" <= nfd[0] <= "z" and
            all(unicodedata.category(m) == "Mn" for m in nfd[1:])):
        return nfd[0]
    name = unicodedata.name(ch, "")
    for r in LATIN_LETTER_RES:
        m = r.match(name)
        if m:
            return m.group(1).lower()
    for r in LATIN_LIGATURE_RES:
        m = r.match(name)
        if m and m.group(1) not in NOT_LIGATURES:
            return m.group(1).lower()
    return None


def skeleton_classes(path):
    """UTS #39 classes: the package lists, for each string, the strings it
    is confusable with (source with prototype, both ways); the connected
    parts of that graph are the classes of equal skeleton."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    adj = {}
    for k, v in data.items():
        for e in v:
            adj.setdefault(k, set()).add(e["c"])
            adj.setdefault(e["c"], set()).add(k)
    cls = {}
    for start in adj:
        if start in cls:
            continue
        members, todo = set(), [start]
        while todo:
            x = todo.pop()
            if x not in members:
                members.add(x)
                todo.extend(adj[x] - members)
        fs = frozenset(members)
        for x in members:
            cls[x] = fs
    return cls


def main(argv):
    if len(argv) != 3:
        die("usage: gen-glyphs.py CONFUSABLES.deb IDNA.deb > glyphs.tsv")
    tmp = tempfile.TemporaryDirectory()
    cpkg = unpack(argv[1], os.path.join(tmp.name, "c"))
    ipkg = unpack(argv[2], os.path.join(tmp.name, "i"))
    if cpkg[0] != "python3-confusable-homoglyphs" or ipkg[0] != "python3-idna":
        die("expected python3-confusable-homoglyphs and python3-idna .debs")
    if cpkg[1] != CONFUSABLES_PKG_VERSION:
        die("%s %s: check its Unicode version, then update "
            "CONFUSABLES_PKG_VERSION and CONFUSABLES_UNICODE" % cpkg)
    dist = os.path.join("usr", "lib", "python3", "dist-packages")
    chk = Checker(os.path.join(tmp.name, "i", dist))
    uts39 = skeleton_classes(os.path.join(
        tmp.name, "c", dist, "confusable_homoglyphs", "confusables.json"))

    pairs = {}   # (from, to) -> (table, weak)
    order = {"ascii": 0, "latin": 1, "confusable": 2}

    def add(frm, to, table, weak=False):
        key = (frm, to)
        if key in pairs:
            return
        pairs[key] = (table, weak)

    for a, b, weak, _ in ASCII_PAIRS:
        add(a, b, "ascii", weak)
        add(b, a, "ascii", weak)

    # Latin: name and decomposition rules first; such a code point gets
    # one 'from', the letter it is a form of.
    latin = {}   # code point -> from
    for cp in range(0x80, 0x110000):
        ch = chr(cp)
        if not unicodedata.name(ch, "").startswith("LATIN ") or not chk.ok(ch):
            continue
        frm = latin_from(ch)
        if frm is not None:
            latin[ch] = frm
    # Latin-script code points that the rules above do not place but UTS #39
    # puts in the class of an ASCII letter (alpha, dotless i, script g).
    for ch, cls in sorted(uts39.items()):
        if (len(ch) == 1 and ch not in latin and chk.ok(ch) and
                unicodedata.name(ch, "").startswith("LATIN ")):
            froms = sorted(x for x in cls if ASCII_FROM.match(x))
            if froms:
                latin[ch] = froms[0]
    for ch, frm in latin.items():
        add(frm, ch, "latin")
    for frm, to, weak, _ in LATIN_HAND:
        if not chk.ok(to):
            die("hand-written latin U+%04X fails the filter" % ord(to))
        add(frm, to, "latin", weak)
        latin.setdefault(to, frm)

    # Confusables: for each ASCII string, the members of its UTS #39 class
    # and of the classes of its strong latin look-alikes (Cyrillic ka comes
    # with kra, Cyrillic em with small capital M) that hold no other ASCII
    # string.  Latin letters reached this way go to the latin table.
    by_from = {}
    for x, cls in uts39.items():
        if ASCII_FROM.match(x):
            by_from.setdefault(x, set()).update(cls)
    for (frm, to), (table, weak) in list(pairs.items()):
        if table != "latin" or weak or len(frm) != 1 or to not in uts39:
            continue
        # Not when UTS #39 puts that look-alike with another ASCII string
        # (V WITH HOOK is with u): that would join two letters.
        others = [x for x in uts39[to] if ASCII_FROM.match(x) and x != frm]
        if not others:
            by_from.setdefault(frm, set()).update(uts39[to])
    for frm in sorted(by_from):
        for ch in sorted(by_from[frm]):
            if ch in latin or not chk.ok(ch):
                continue
            if unicodedata.name(ch, "").startswith("LATIN "):
                add(frm, ch, "latin")
            else:
                add(frm, ch, "confusable")
    for frm, to, weak, _ in CONFUSABLE_HAND:
        if not chk.ok(to):
            die("hand-written confusable U+%04X fails the filter" % ord(to))
        add(frm, to, "confusable", weak)

    out = sys.stdout
    head = [
        "glyphs.tsv - look-alike characters for typoguard "
        "(src/lib/glyph_int.h).",
        "Generated by scripts/gen-glyphs.py; do not edit: regenerate "
        "(data/README.md).",
        "Format: from<TAB>to<TAB>table[<TAB>weak], UTF-8.  weak: a 1->1 "
        "pair kept out of the skeleton classes.",
        "Sources:",
        "  ascii: written by hand, the reason for each pair in the script.",
        "  latin: Unicode %s character names and decompositions (Python "
        "unicodedata); UTS #39 for Latin letters no name places; %d "
        "pair(s) by hand." % (unicodedata.unidata_version, len(LATIN_HAND)),
        "  confusable: UTS #39 confusables of Unicode %s, Debian package "
        "%s %s (confusables.json); %d pair(s) by hand."
        % (CONFUSABLES_UNICODE, cpkg[0], cpkg[1], len(CONFUSABLE_HAND)),
        "Filter: IDNA2008 PVALID by Debian package %s %s (RFC 5892 tables "
        "of Unicode %s) and accepted by libidn2 %s in x<cp>y.com "
        "(non-transitional); lowercase, NFC, letters and digits, bidi "
        "class L." % (ipkg[0], ipkg[1], chk.idna_unicode, chk.idn2_version),
    ]
    if chk.idn2_rejects:
        head.append("PVALID but refused by libidn2 %s, left out: %s." % (
            chk.idn2_version,
            " ".join("U+%04X" % ord(c) for c in chk.idn2_rejects)))
    for para in head:
        indent = "  " if para.startswith("  ") else ""
        for line in textwrap.wrap(para.strip(), 76, initial_indent=indent,
                                  subsequent_indent=indent + "  "):
            out.write("# %s\n" % line)
    counts = {}
    for (frm, to), (table, weak) in sorted(
            pairs.items(),
            key=lambda kv: (order[kv[1][0]], kv[0][0],
                            [ord(c) for c in kv[0][1]])):
        counts[table] = counts.get(table, 0) + 1
        out.write("%s\t%s\t%s%s\n" % (frm, to, table,
                                        "\tweak" if weak else ""))
    sys.stderr.write("gen-glyphs.py: %s\n" % ", ".join(
        "%s %d" % (t, counts.get(t, 0)) for t in order))


if __name__ == "__main__":
    main(sys.argv)
