#!/usr/bin/env python3
"""generate.py - write the attachment test files of the extractors.

    tests/data/extract/generate.py [DIR]

Writes small DICOM Part 10 files and images with EXIF GPS positions into
DIR (default: this script's directory), byte by byte, so that every field
and offset is known, and small Office documents (zip + XML, fixed
times); without DIR also the seeds of the dicom, exif and office fuzz
targets (tests/fuzz/TARGET/seed-*).  The unit tests (tests/unit/test_extract.c), the
scan corpus (tests/data/scan/generate.py) and the fuzz seeds
(tests/fuzz/dicom, tests/fuzz/exif) use them.  The patients, places and
institutions are fictional.  The output is the same on every run:
regenerate after editing and commit both.
"""
import io
import os
import struct
import sys
import zipfile
import zlib

# ------------------------------------------------------------------ DICOM

EXPLICIT_LE = "1.2.840.10008.1.2.1"
IMPLICIT_LE = "1.2.840.10008.1.2"
EXPLICIT_BE = "1.2.840.10008.1.2.2"
JPEG_BASELINE = "1.2.840.10008.1.2.4.50"
DEFLATED = "1.2.840.10008.1.2.1.99"

LONG_VRS = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN",
            "UR", "UT", "UV"}
UNDEF = 0xFFFFFFFF


def pad(value, vr):
    """Values have even length: UIDs pad with NUL, strings with space."""
    if isinstance(value, str):
        value = value.encode("latin-1")
    if len(value) % 2:
        value += b"\0" if vr in ("UI", "OB", "UN") else b" "
    return value


def elem(group, el, vr, value, syntax="explicit-le", length=None):
    """One data element; length overrides the real one (hostile files)."""
    value = pad(value, vr) if value is not None else b""
    n = len(value) if length is None else length
    be = syntax == "explicit-be"
    e = ">" if be else "<"
    out = struct.pack(e + "HH", group, el)
    if syntax == "implicit-le":
        return out + struct.pack("<I", n) + value
    out += vr.encode("ascii")
    if vr in LONG_VRS:
        return out + b"\0\0" + struct.pack(e + "I", n) + value
    return out + struct.pack(e + "H", n) + value


def item_tag(el, n, be=False):
    return struct.pack(">HHI" if be else "<HHI", 0xFFFE, el, n)


def item(body, be=False):
    """An item of undefined length and its delimiter."""
    return item_tag(0xE000, UNDEF, be) + body + item_tag(0xE00D, 0, be)


def seq(group, el, items, syntax="explicit-le"):
    """A sequence of undefined length: items, then the delimiter."""
    be = syntax == "explicit-be"
    head = elem(group, el, "SQ", None, syntax, length=UNDEF)
    return head + b"".join(items) + item_tag(0xE0DD, 0, be)


def meta(ts):
    """The file meta group, always explicit VR little endian."""
    body = elem(0x0002, 0x0001, "OB", b"\0\1")
    body += elem(0x0002, 0x0002, "UI", "1.2.840.10008.5.1.4.1.1.1")
    body += elem(0x0002, 0x0003, "UI", "1.2.826.0.1.3680043.2.1125.1.1")
    body += elem(0x0002, 0x0010, "UI", ts)
    return elem(0x0002, 0x0000, "UL", struct.pack("<I", len(body))) + body


def part10(ts, dataset):
    return b"\0" * 128 + b"DICM" + meta(ts) + dataset


PATIENT = [
    (0x0008, 0x0005, "CS", "ISO_IR 100"),
    (0x0008, 0x0020, "DA", "20240611"),
    (0x0008, 0x0050, "SH", "ACC20240611"),
    (0x0008, 0x0060, "CS", "CR"),
    (0x0008, 0x0080, "LO", "Example County Hospital"),
    (0x0008, 0x0090, "PN", "HARTLEY^GRACE^^DR"),
    (0x0008, 0x1030, "LO", "CHEST PA AND LATERAL"),
    (0x0010, 0x0010, "PN", "DOE^JOHN"),
    (0x0010, 0x0020, "LO", "PID-4471-2093"),
    (0x0010, 0x0030, "DA", "19700101"),
    (0x0010, 0x0040, "CS", "M"),
    (0x0018, 0x0015, "CS", "CHEST"),
]


def fields(rows, syntax):
    return b"".join(elem(g, e, vr, v, syntax) for g, e, vr, v in rows)


def pixels(syntax):
    """Eight 16-bit pixels: stepped over, never read."""
    return elem(0x7FE0, 0x0010, "OW", bytes(range(16)), syntax)


def dicom_explicit():
    # a sequence of undefined length before the patient: its nested
    # PatientName must not replace the top-level one
    ref = seq(0x0008, 0x1110, [item(elem(0x0010, 0x0010, "PN", "NESTED^NAME"))])
    rows = fields(PATIENT[:7], "explicit-le") + ref + \
        fields(PATIENT[7:], "explicit-le")
    return part10(EXPLICIT_LE, rows + pixels("explicit-le"))


def dicom_implicit():
    ref = seq(0x0008, 0x1110, [item(elem(0x0008, 0x1150, "UI",
                                         "1.2.3", "implicit-le"))],
              "implicit-le")
    rows = fields(PATIENT[:7], "implicit-le") + ref + \
        fields(PATIENT[7:], "implicit-le")
    return part10(IMPLICIT_LE, rows + pixels("implicit-le"))


def dicom_big_endian():
    rows = [r for r in PATIENT if r[0] != 0x0010 or r[1] != 0x0010]
    rows = sorted(rows + [(0x0010, 0x0010, "PN", "ROE^JANE")])
    ref = seq(0x0008, 0x1110, [item(elem(0x0008, 0x1150, "UI", "1.2.3",
                                         "explicit-be"), be=True)],
              "explicit-be")
    return part10(EXPLICIT_BE, fields(rows[:7], "explicit-be") + ref +
                  fields(rows[7:], "explicit-be") + pixels("explicit-be"))


def dicom_encapsulated():
    """JPEG baseline: pixel data of undefined length, in fragments."""
    frags = item_tag(0xE000, 0) + item_tag(0xE000, 8) + b"\xff\xd8\xff\xe0" \
        b"\0\0\xff\xd9" + item_tag(0xE0DD, 0)
    pix = elem(0x7FE0, 0x0010, "OB", None, length=UNDEF) + frags
    # a field after the pixel data is still read
    tail = elem(0x0040, 0x0254, "LO", "after pixels")
    return part10(JPEG_BASELINE, fields(PATIENT, "explicit-le") + pix + tail)


def dicom_latin1():
    rows = [r for r in PATIENT if r[:2] != (0x0010, 0x0010)]
    rows.append((0x0010, 0x0010, "PN", "M\xdcLLER^J\xdcRGEN"))
    return part10(EXPLICIT_LE, fields(sorted(rows), "explicit-le"))


def dicom_no_patient():
    """A phantom scan: modality and study, no patient."""
    rows = [(0x0008, 0x0060, "CS", "CT"), (0x0008, 0x1030, "LO", "PHANTOM QA")]
    return part10(EXPLICIT_LE, fields(rows, "explicit-le") + pixels("explicit-le"))


def dicom_deflated():
    return part10(DEFLATED, zlib.compress(fields(PATIENT, "explicit-le")))


def dicom_no_syntax():
    """No transfer syntax in the meta group: implicit, found by looking."""
    body = elem(0x0002, 0x0001, "OB", b"\0\1")
    return b"\0" * 128 + b"DICM" + body + fields(PATIENT, "implicit-le")


# hostile DICOM: the parser must stop cleanly, keeping what came before

def dicom_truncated():
    d = dicom_explicit()
    return d[:len(d) - 40]


def dicom_huge_length():
    """PatientID claims 4 GB - 2."""
    rows = fields(PATIENT[:8], "explicit-le")
    bad = struct.pack("<HH", 0x0010, 0x0020) + b"UT\0\0" + \
        struct.pack("<I", 0xFFFFFFFE) + b"PID"
    return part10(EXPLICIT_LE, rows + bad)


def dicom_deep(depth=200):
    """Sequences of undefined length nested 200 deep, never closed."""
    open_ = (elem(0x0008, 0x1110, "SQ", None, length=UNDEF) +
             item_tag(0xE000, UNDEF)) * depth
    return part10(EXPLICIT_LE, fields(PATIENT[7:9], "explicit-le") + open_)


def dicom_bad_delimiter():
    """An item delimiter at the top level."""
    return part10(EXPLICIT_LE, fields(PATIENT[7:9], "explicit-le") +
                  item_tag(0xE00D, 0) + fields(PATIENT[9:], "explicit-le"))


# ------------------------------------------------------------------- EXIF

def rational(num, den):
    return (num, den)


def ifd(entries, be, base, next_ifd=0):
    """An IFD at offset base: entries are (tag, type, count, payload)."""
    e = ">" if be else "<"
    n = len(entries)
    out_of_line = bytearray()
    data_at = base + 2 + 12 * n + 4
    body = struct.pack(e + "H", n)
    for tag, typ, count, payload in entries:
        if len(payload) <= 4:
            body += struct.pack(e + "HHI", tag, typ, count) + \
                payload.ljust(4, b"\0")
        else:
            body += struct.pack(e + "HHII", tag, typ, count,
                                data_at + len(out_of_line))
            out_of_line += payload
            if len(out_of_line) % 2:
                out_of_line += b"\0"
    body += struct.pack(e + "I", next_ifd)
    return body + bytes(out_of_line)


ASCII, BYTE, LONG, RATIONAL = 2, 1, 4, 5


def rationals(vals, be):
    e = ">" if be else "<"
    return b"".join(struct.pack(e + "II", n, d) for n, d in vals)


def tiff(gps, be=False, make=b"ExampleCam\0"):
    """A TIFF structure: IFD0 (Make, GPS pointer), the GPS IFD."""
    e = ">" if be else "<"
    head = (b"MM" if be else b"II") + struct.pack(e + "HI", 42, 8)
    ifd0_entries = [(0x010F, ASCII, len(make), make)]
    if gps is not None:
        ifd0_entries.append((0x8825, LONG, 1, b""))
    # lay IFD0 out once to learn where the GPS IFD goes
    size0 = len(ifd(ifd0_entries, be, 8))
    if gps is not None:
        gps_at = 8 + size0
        ifd0_entries[-1] = (0x8825, LONG, 1, struct.pack(e + "I", gps_at))
    out = head + ifd(ifd0_entries, be, 8)
    if gps is not None:
        out += ifd(gps(be), be, gps_at)
    return out


def gps_arlington(be):
    """38 52' 18.8" N, 77 3' 21.5" W, 12 m, 2024-06-11 09:30:00 UTC."""
    return [
        (0x0000, BYTE, 4, b"\2\3\0\0"),
        (0x0001, ASCII, 2, b"N\0"),
        (0x0002, RATIONAL, 3, rationals([(38, 1), (52, 1), (1880, 100)], be)),
        (0x0003, ASCII, 2, b"W\0"),
        (0x0004, RATIONAL, 3, rationals([(77, 1), (3, 1), (215, 10)], be)),
        (0x0005, BYTE, 1, b"\0"),
        (0x0006, RATIONAL, 1, rationals([(12, 1)], be)),
        (0x0007, RATIONAL, 3, rationals([(9, 1), (30, 1), (0, 1)], be)),
        (0x001D, ASCII, 11, b"2024:06:11\0"),
    ]


def gps_south(be):
    """33 51' 35.9" S, 151 12' 40" E (decimal 33.859972, 151.211111)."""
    return [
        (0x0001, ASCII, 2, b"S\0"),
        (0x0002, RATIONAL, 3, rationals([(33, 1), (51, 1), (359, 10)], be)),
        (0x0003, ASCII, 2, b"E\0"),
        (0x0004, RATIONAL, 3, rationals([(151, 1), (12, 1), (40, 1)], be)),
    ]


def gps_zero_den(be):
    return [
        (0x0001, ASCII, 2, b"N\0"),
        (0x0002, RATIONAL, 3, rationals([(38, 0), (52, 1), (0, 1)], be)),
        (0x0003, ASCII, 2, b"W\0"),
        (0x0004, RATIONAL, 3, rationals([(77, 1), (3, 1), (0, 1)], be)),
    ]


def segment(marker, body):
    return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body


def jpeg(exif_tiff, xmp_first=False):
    """SOI, APP0 JFIF, (APP1 XMP), APP1 Exif, a stub scan, EOI."""
    out = b"\xff\xd8"
    out += segment(0xE0, b"JFIF\0\1\1\0\0\1\0\1\0\0")
    if xmp_first:
        out += segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>")
    if exif_tiff is not None:
        out += segment(0xE1, b"Exif\0\0" + exif_tiff)
    out += segment(0xDA, b"\0\1\1\0\0\x3f\0") + b"\x12\x34" + b"\xff\xd9"
    return out


def png_chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + \
        struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def png(exif_tiff):
    """A 1x1 grey PNG with an eXIf chunk."""
    out = b"\x89PNG\r\n\x1a\n"
    out += png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    out += png_chunk(b"eXIf", exif_tiff)
    out += png_chunk(b"IDAT", zlib.compress(b"\0\x80"))
    return out + png_chunk(b"IEND", b"")


# ----------------------------------------------------------------- Office

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
S = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def zipped(parts, method=zipfile.ZIP_DEFLATED):
    """A zip of (name, text or bytes), fixed times: the same bytes each run."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, body in parts:
            info = zipfile.ZipInfo(name, date_time=(2024, 6, 11, 9, 30, 0))
            info.compress_type = method
            z.writestr(info, body.encode("utf-8") if isinstance(body, str) else body)
    return buf.getvalue()


def content_types(main):
    return (DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/%s" ContentType="application/'
            'xml"/></Types>' % main)


def w_para(*runs):
    return "<w:p>" + "".join("<w:r><w:t xml:space=\"preserve\">%s</w:t></w:r>" % r
                             for r in runs) + "</w:p>"


def docx(body_paras, header=None, extra=()):
    parts = [("[Content_Types].xml", content_types("word/document.xml")),
             ("word/document.xml", DECL + "<w:document %s><w:body>%s</w:body>"
              "</w:document>" % (W, "".join(body_paras)))]
    if header is not None:
        parts.append(("word/header1.xml", DECL + "<w:hdr %s>%s</w:hdr>" % (W, header)))
    parts.extend(extra)
    return zipped(parts)


def office_docx():
    return docx([w_para("Quarterly personnel review"),
                 w_para("Employee: Elena Ivers"),
                 w_para("Budget R&amp;D &lt;FY25&gt;"),
                 w_para("SSN: ", "773-41-2208"),
                 "<w:p><w:r><w:t>Team</w:t><w:tab/><w:t>North</w:t></w:r></w:p>"],
                header=w_para("CUI//SP-PRVCY"),
                extra=[("word/media/image1.png", b"\x89PNG not read"),
                       ("word/styles.xml", DECL + "<w:styles %s><w:t>not read</w:t>"
                        "</w:styles>" % W)])


def office_xlsx():
    ranks = ["SGT", "CPT", "SSG", "LTC", "SFC"]
    names = ["Grace Hartley", "Marek Novak", "Ines Quintero", "Oscar Rask",
             "Tara Sato"]
    phones = ["555-201-3347", "555-201-3348", "555-201-3350", "555-201-3355",
              "555-201-3361"]
    strings = ["Rank", "Name", "Phone"] + ranks + names + phones
    sst = DECL + '<sst %s count="%d">' % (S, len(strings)) + "".join(
        "<si><t>%s</t></si>" % t for t in strings[:3]) + \
        "<si><r><t>SGT</t></r><rPh><t>phonetic</t></rPh></si>" + "".join(
        "<si><t>%s</t></si>" % t for t in strings[4:]) + "</sst>"

    def row(i, cells):
        return '<row r="%d">%s</row>' % (i, "".join(cells))

    rows = [row(1, ['<c r="A1" t="s"><v>0</v></c>', '<c t="s"><v>1</v></c>',
                    '<c t="s"><v>2</v></c>', '<c><v>4</v></c>'])]
    for i in range(5):
        rows.append(row(i + 2, ['<c t="s"><v>%d</v></c>' % (3 + i),
                                '<c t="s"><v>%d</v></c>' % (8 + i),
                                '<c t="s"><v>%d</v></c>' % (13 + i),
                                '<c t="inlineStr"><is><t>on duty</t></is></c>']))
    rows.append(row(7, ['<c t="s"><v>999</v></c>', '<c t="s"><v>x</v></c>',
                        '<c><v>42.5</v></c>']))
    sheet = DECL + "<worksheet %s><sheetData>%s</sheetData></worksheet>" % (S, "".join(rows))
    return zipped([("[Content_Types].xml", content_types("xl/workbook.xml")),
                   ("xl/workbook.xml", DECL + "<workbook %s/>" % S),
                   ("xl/sharedStrings.xml", sst),
                   ("xl/worksheets/sheet1.xml", sheet)])


def office_pptx():
    def slide(paras):
        return (DECL + '<p:sld xmlns:p="http://schemas.openxmlformats.org/'
                'presentationml/2006/main" %s><p:cSld><p:spTree>%s</p:spTree>'
                "</p:cSld></p:sld>" % (A, "".join(
                    "<p:sp><p:txBody><a:p><a:r><a:t>%s</a:t></a:r></a:p></p:txBody></p:sp>"
                    % t for t in paras)))
    return zipped([("[Content_Types].xml", content_types("ppt/presentation.xml")),
                   ("ppt/presentation.xml", DECL + "<p:presentation/>"),
                   ("ppt/slides/slide1.xml", slide(["Site survey", "Rally point"])),
                   ("ppt/slides/slide2.xml", slide(["Grid 38.871889, -77.055972",
                                                    "Landing zone north"]))])


def office_not_document():
    return zipped([("notes.txt", "just an archive\n")])


def office_bomb():
    """8 MiB of blanks between elements, about 8 KB compressed."""
    body = DECL + "<w:document %s><w:body><w:p><w:r><w:t>start</w:t></w:r>" % W + \
        " " * (8 << 20) + "</w:p></w:body></w:document>"
    return zipped([("[Content_Types].xml", content_types("word/document.xml")),
                   ("word/document.xml", body)])


def office_deep():
    """10,000 nested elements: libxml2 stops at 256."""
    body = DECL + "<w:document %s><w:body>" % W + \
        w_para("before the nesting") + "<w:x>" * 10000 + "</w:x>" * 10000 + \
        "</w:body></w:document>"
    return zipped([("[Content_Types].xml", content_types("word/document.xml")),
                   ("word/document.xml", body)])


def office_entities():
    """Entities declared in a DTD (a billion laughs, an external file)
    are never expanded."""
    dtd = ('<!DOCTYPE w:document [<!ENTITY a "lollollollollollollollollollol">'
           '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
           '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
           '<!ENTITY x SYSTEM "file:///etc/passwd">]>')
    body = DECL + dtd + "<w:document %s><w:body>" % W + \
        w_para("kept text") + w_para("&c;") + w_para("&x;") + \
        "</w:body></w:document>"
    return zipped([("[Content_Types].xml", content_types("word/document.xml")),
                   ("word/document.xml", body)])


def office_truncated():
    d = office_docx()
    return d[:len(d) // 2]


FILES = {
    "patient.dcm": dicom_explicit,
    "patient-implicit.dcm": dicom_implicit,
    "patient-be.dcm": dicom_big_endian,
    "patient-jpeg.dcm": dicom_encapsulated,
    "patient-latin1.dcm": dicom_latin1,
    "patient-nosyntax.dcm": dicom_no_syntax,
    "no-patient.dcm": dicom_no_patient,
    "deflated.dcm": dicom_deflated,
    "hostile-truncated.dcm": dicom_truncated,
    "hostile-huge-length.dcm": dicom_huge_length,
    "hostile-deep.dcm": dicom_deep,
    "hostile-delimiter.dcm": dicom_bad_delimiter,
    "gps.jpg": lambda: jpeg(tiff(gps_arlington)),
    "gps-xmp-first.jpg": lambda: jpeg(tiff(gps_arlington), xmp_first=True),
    "gps-be.tif": lambda: tiff(gps_south, be=True),
    "gps.png": lambda: png(tiff(gps_arlington, be=True)),
    "no-gps.jpg": lambda: jpeg(tiff(None)),
    "no-exif.jpg": lambda: jpeg(None),
    "hostile-gps-zero.jpg": lambda: jpeg(tiff(gps_zero_den)),
    "hostile-segment.jpg": lambda: jpeg(tiff(gps_arlington))[:30] +
    b"\xff\xe1\xff\xff",
    "report.docx": office_docx,
    "roster.xlsx": office_xlsx,
    "survey.pptx": office_pptx,
    "archive.zip": office_not_document,
    "hostile-bomb.docx": office_bomb,
    "hostile-deep.docx": office_deep,
    "hostile-entities.docx": office_entities,
    "hostile-truncated.docx": office_truncated,
}


def seeds(files):
    """Seeds of tests/fuzz/dicom, exif and office: an option byte
    (fuzz_dicom.c, fuzz_exif.c, fuzz_office.c), then the file; DICOM
    without its preamble and magic, which the target puts back."""
    out = {}
    for name, data in files.items():
        base = name.replace(".", "-")
        if name.endswith((".docx", ".xlsx", ".pptx", ".zip")):
            out[("office", "seed-" + base)] = b"\0" + data
        elif name.endswith(".dcm"):
            out[("dicom", "seed-" + base)] = b"\0" + data[132:]
            if name == "patient.dcm":
                for opt in (1, 2, 4):
                    out[("dicom", "seed-%s-opt%d" % (base, opt))] = \
                        bytes([opt]) + data[132:]
        else:
            out[("exif", "seed-" + base)] = b"\0" + data
            if name == "gps.jpg":
                out[("exif", "seed-gps-tiff-wrapped")] = \
                    b"\1" + tiff(gps_arlington)
                out[("exif", "seed-gps-small-mem")] = b"\2" + data
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else here
    os.makedirs(out, exist_ok=True)
    files = {name: make() for name, make in FILES.items()}
    for name, data in sorted(files.items()):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    if len(sys.argv) > 1:
        return
    fuzz = os.path.join(here, "..", "..", "fuzz")
    for (target, name), data in sorted(seeds(files).items()):
        os.makedirs(os.path.join(fuzz, target), exist_ok=True)
        with open(os.path.join(fuzz, target, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
