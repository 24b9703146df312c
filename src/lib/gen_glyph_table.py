#!/usr/bin/env python3
"""gen_glyph_table.py - data/glyphs.tsv to glyph_table.h, at build time.

Usage: gen_glyph_table.py glyphs.tsv glyph_table.h

Reads the pairs (format in data/glyphs.tsv's header and glyph_int.h),
checks them, and writes the static tables that glyph.c includes:

  glyph_lists   the answers of tg__glyph_subs(), packed: for each first
                character, each second character that begins a two-letter
                'from', and each table mask, one contiguous run of the
                matching pairs (from_len 1 first, then 2).  Runs share
                storage where one is a stretch of another; within the
                from_len 1 part and within the from_len 2 part the order of
                the tables is free, and the packer picks the one that is
                already laid down.
  glyph_one     [first char][mask] -> run, when no two-letter 'from'
                applies
  glyph_two     (first, second char) -> [mask] -> run
  glyph_pair_at every pair once, as an index into glyph_lists, with its
                weak flag: the input of the classes and multi rules that
                glyph.c builds at run time
Bad input stops the build with FILE:LINE and the reason.
"""
import itertools
import re
import sys
import unicodedata

TABLES = {"ascii": 1, "latin": 2, "confusable": 4}
TABLE_ENUM = {1: "TG__GLYPH_ASCII", 2: "TG__GLYPH_LATIN",
              4: "TG__GLYPH_CONFUSABLE"}
FROM_RE = re.compile(r"^[a-z0-9-]{1,2}$")


def fail(path, line, msg):
    sys.stderr.write("%s:%d: %s\n" % (path, line, msg))
    sys.exit(1)


def read(path):
    pairs = []
    seen = {}
    with open(path, encoding="utf-8") as f:
        for no, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if line == "" or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) not in (3, 4):
                fail(path, no, "expected from<TAB>to<TAB>table[<TAB>weak]")
            frm, to, table = fields[:3]
            weak = len(fields) == 4
            if weak and fields[3] != "weak":
                fail(path, no, "fourth field must be 'weak'")
            if not FROM_RE.match(frm):
                fail(path, no, "'from' must be 1-2 of a-z 0-9 -")
            if table not in TABLES:
                fail(path, no, "unknown table '%s'" % table)
            if not 1 <= len(to) <= 2:
                fail(path, no, "'to' must be 1-2 code points")
            for ch in to:
                if ord(ch) < 0x21 or 0xd800 <= ord(ch) <= 0xdfff:
                    fail(path, no, "bad code point in 'to'")
                if unicodedata.category(ch)[0] == "M":
                    fail(path, no, "combining mark in 'to'")
            if (table == "ascii") != to.isascii():
                fail(path, no, "the ascii table, and only it, maps to ASCII")
            if table != "ascii" and len(to) != 1:
                fail(path, no, "latin and confusable pairs map to one "
                     "code point")
            if frm == to:
                fail(path, no, "'from' equals 'to'")
            if weak and (len(frm) != 1 or len(to) != 1):
                fail(path, no, "only a 1->1 pair can be weak")
            if (frm, to) in seen:
                fail(path, no, "duplicate of line %d" % seen[(frm, to)])
            seen[(frm, to)] = no
            pairs.append((frm, to, TABLES[table], weak))
    if not pairs:
        fail(path, 0, "no pairs")
    if len(pairs) > 0xd000:
        fail(path, 0, "too many pairs")
    return pairs


def candidates(ones, twos, mask):
    """Every order of the run for mask: table blocks of the from_len 1
    part in any order, then those of the from_len 2 part in any order."""
    def blocks(items):
        return [[p for p in items if p[2] == t] for t in (1, 2, 4)
                if t & mask and any(p[2] == t for p in items)]
    b1, b2 = blocks(ones), blocks(twos)
    out = []
    for o1 in itertools.permutations(b1):
        for o2 in itertools.permutations(b2):
            run = [p for b in o1 for p in b] + [p for b in o2 for p in b]
            if run not in out:
                out.append(run)
    return out


def pack(pairs):
    ident = {p: i for i, p in enumerate(pairs)}

    def code(run):
        # One character per pair, so that str.find() finds shared runs.
        return "".join(chr(0x100 + ident[p]) for p in run)

    def key(p):
        return (p[0], p[2], [ord(c) for c in p[1]])

    firsts = sorted({p[0][0] for p in pairs})
    needs = []   # (where, mask, candidate runs)
    for c0 in firsts:
        ones = sorted((p for p in pairs if p[0] == c0), key=key)
        seconds = sorted({p[0][1] for p in pairs
                          if len(p[0]) == 2 and p[0][0] == c0})
        for mask in range(1, 8):
            needs.append(((c0, None), mask, candidates(ones, [], mask)))
            for c1 in seconds:
                twos = sorted((p for p in pairs if p[0] == c0 + c1), key=key)
                needs.append(((c0, c1), mask,
                              candidates(ones, twos, mask)))
    # Longest first, so shorter runs find themselves inside longer ones.
    needs.sort(key=lambda n: (-len(n[2][0]), n[0][0], n[0][1] or "",
                              n[1]))
    store = []
    scode = ""
    spans = {}
    for i, (where, mask, cands) in enumerate(needs):
        if not cands[0]:
            spans[(where, mask)] = (0, 0)
            continue
        for run in cands:
            at = scode.find(code(run))
            if at >= 0:
                break
        else:
            # Lay down the order that holds the most runs still to come
            # for the same characters.
            later = [[code(r) for r in n[2]] for n in needs[i + 1:]
                     if n[0] == where]
            run = max(cands, key=lambda r: sum(
                any(c in code(r) for c in n) for n in later))
            at = len(store)
            store.extend(run)
            scode += code(run)
        spans[(where, mask)] = (at, len(run))
    return store, spans, firsts


def cp_list(s):
    return "{ %s }" % ", ".join(
        ["0x%04x" % ord(c) for c in s] + ["0"] * (2 - len(s)))


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: gen_glyph_table.py glyphs.tsv out.h\n")
        sys.exit(2)
    pairs = read(argv[1])
    store, spans, firsts = pack(pairs)
    if len(store) > 0xffff:
        fail(argv[1], 0, "tables too large for 16-bit offsets")
    where = {p: i for i, p in reversed(list(enumerate(store)))}
    # Non-ASCII code points: 'from' is ASCII, so only a 'to' has them; the
    # count with repeats bounds the array glyph.c sorts them into.
    ncp = sum(1 for p in pairs for c in p[1] if ord(c) >= 0x80)
    nmulti = sum(1 for p in pairs
                 if len(p[0]) == 2 or len(p[1]) == 2 or p[3])

    o = []
    o.append("/* glyph_table.h - generated from data/glyphs.tsv by "
             "src/lib/gen_glyph_table.py;\n * do not edit.  Included by "
             "glyph.c only. */\n")
    o.append("#define GLYPH_NPAIRS %d" % len(pairs))
    o.append("#define GLYPH_NCP_MAX %d /* non-ASCII 'to' code points, "
             "repeats counted */" % ncp)
    o.append("#define GLYPH_NMULTI_MAX %d\n" % (2 * nmulti))
    o.append("struct glyph_span {\n\tuint16_t off;\n\tuint16_t n;\n};\n")
    o.append("struct glyph_two {\n\tunsigned char c0;\n\tunsigned char c1;"
             "\n\tstruct glyph_span span[8];\n};\n")
    o.append("struct glyph_pair {\n\tuint16_t at;     /* in glyph_lists */"
             "\n\tunsigned char weak;\n};\n")
    o.append("static const struct tg__glyph_sub glyph_lists[%d] = {"
             % len(store))
    for frm, to, table, _ in store:
        o.append("\t{ %s, %s, %d, %d, %s }," % (
            cp_list(frm), cp_list(to), len(frm), len(to),
            TABLE_ENUM[table]))
    o.append("};\n")

    def span(w, m):
        return "{ %d, %d }" % spans[(w, m)]

    o.append("/* [first char][table mask] */")
    o.append("static const struct glyph_span glyph_one[128][8] = {")
    for c0 in firsts:
        o.append("\t['%s'] = { { 0, 0 }, %s }," % (c0, ", ".join(
            span((c0, None), m) for m in range(1, 8))))
    o.append("};\n")
    twos = sorted({(p[0][0], p[0][1]) for p in pairs if len(p[0]) == 2})
    o.append("/* Sorted by (c0, c1). */")
    o.append("static const struct glyph_two glyph_two[%d] = {" % len(twos))
    for c0, c1 in twos:
        o.append("\t{ '%s', '%s', { { 0, 0 }, %s } }," % (c0, c1, ", ".join(
            span((c0, c1), m) for m in range(1, 8))))
    o.append("};\n")
    o.append("static const struct glyph_pair glyph_pairs[GLYPH_NPAIRS] = {")
    for p in pairs:
        o.append("\t{ %d, %d }," % (where[p], 1 if p[3] else 0))
    o.append("};")
    with open(argv[2], "w", encoding="ascii") as f:
        f.write("\n".join(o) + "\n")


if __name__ == "__main__":
    main(sys.argv)
