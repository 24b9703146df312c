#!/usr/bin/env python3
"""makepdf.py - write the small PDF files of the PDF text tests.

    tests/data/pdf/makepdf.py [DIR]

Writes DIR/*.pdf (DIR defaults to this script's directory).  Each file is
built object by object with a correct cross-reference table, text drawn
with a standard Type 1 font (Helvetica, not embedded), so a reader needs
no font files.  The output is the same on every run: regenerate after
editing and commit both.  tests/data/scan/generate.py imports pdf() to
put a PDF into a message.

    plain.pdf      one page, uncompressed content stream
    flate.pdf      one page, FlateDecode content stream
    two-pages.pdf  two pages, text on each
    encrypted.pdf  RC4 40-bit standard security handler, user password set
    broken.pdf     a header and a truncated object, no cross references
    not-pdf.pdf    a PDF header and then random bytes
"""
import hashlib
import os
import random
import sys
import zlib

PAD = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")
FILE_ID = bytes.fromhex("8c3f1a5e0d2b4c6f9a7e1d3c5b7a9f01")


def rc4(key, data):
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for b in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(b ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def padded(pw):
    return (pw + PAD)[:32]


def escape(s):
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def content(lines):
    """A content stream showing lines of text, one under the other."""
    out = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
    for line in lines:
        out.append("(%s) Tj T*" % escape(line))
    out.append("ET")
    return ("\n".join(out) + "\n").encode("latin-1")


def pdf(pages, flate=False, user_pw=None):
    """The bytes of a PDF with one page per list of lines in pages."""
    n = len(pages)
    font = 3 + 2 * n
    objs = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: ("<< /Type /Pages /Kids [%s] /Count %d >>" % (
                " ".join("%d 0 R" % (3 + 2 * i) for i in range(n)), n)).encode(),
            font: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica"
                  b" /Encoding /WinAnsiEncoding >>"}
    key = None
    if user_pw is not None:
        perms = -44  # print and copy withheld; any value will do
        o = rc4(hashlib.md5(padded(b"owner")).digest()[:5], padded(user_pw))
        key = hashlib.md5(padded(user_pw) + o + perms.to_bytes(4, "little", signed=True)
                          + FILE_ID).digest()[:5]
        u = rc4(key, PAD)
        enc = font + 1
        objs[enc] = ("<< /Filter /Standard /V 1 /R 2 /Length 40 /P %d /O <%s> /U <%s> >>"
                     % (perms, o.hex(), u.hex())).encode()
    for i, lines in enumerate(pages):
        page, cont = 3 + 2 * i, 4 + 2 * i
        objs[page] = ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
                      " /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                      % (font, cont)).encode()
        data = content(lines)
        extra = ""
        if flate:
            data = zlib.compress(data, 9)
            extra = " /Filter /FlateDecode"
        if key is not None:
            okey = hashlib.md5(key + cont.to_bytes(3, "little") + b"\0\0").digest()[:10]
            data = rc4(okey, data)
        objs[cont] = b"<< /Length %d%s >>\nstream\n" % (len(data), extra.encode()) + \
            data + b"\nendstream"
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n"
    size = max(objs) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        out += b"%010d 00000 n \n" % offsets[num]
    trailer = "trailer\n<< /Size %d /Root 1 0 R /ID [<%s> <%s>]" % (size, FILE_ID.hex(), FILE_ID.hex())
    if key is not None:
        trailer += " /Encrypt %d 0 R" % (font + 1)
    out += (trailer + " >>\nstartxref\n%d\n%%%%EOF\n" % xref).encode()
    return bytes(out)


FILES = {
    "plain.pdf": lambda: pdf([["Quarterly report for the harbour office",
                               "Plain text marker: alpha-7431"]]),
    "flate.pdf": lambda: pdf([["Compressed stream marker: bravo-5520",
                               "Second line of the compressed page"]], flate=True),
    "two-pages.pdf": lambda: pdf([["First page marker: charlie-1187"],
                                  ["Second page marker: delta-9043"]]),
    "encrypted.pdf": lambda: pdf([["Hidden marker: echo-3310"]], user_pw=b"secret"),
    "broken.pdf": lambda: b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\n",
    "not-pdf.pdf": lambda: b"%PDF-1.7\n" + bytes(random.Random(7).randrange(256)
                                                  for _ in range(2000)),
}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    for name, make in sorted(FILES.items()):
        with open(os.path.join(out, name), "wb") as f:
            f.write(make())


if __name__ == "__main__":
    main()
