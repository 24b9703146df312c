/*
 * office.c - the text of Office Open XML documents: Word (docx), Excel
 * (xlsx), PowerPoint (pptx), and their macro-enabled twins (libzip,
 * libxml2).
 *
 * A document is a zip archive of XML parts.  We read only the parts that
 * hold what a reader sees:
 *   docx  word/document.xml, then headers, footers, footnotes, endnotes
 *         and comments (markings live in headers and footers);
 *   xlsx  xl/sharedStrings.xml into a table, then each worksheet, one
 *         line per row, cells separated by tabs, shared strings resolved;
 *   pptx  ppt/slides/slide*.xml and the speaker notes.
 * Everything else (images, embedded objects, macros) is left alone.
 *
 * A zip is a small file that can inflate to a huge one, and XML can nest
 * without end, so: the entry count is checked in the end of central
 * directory record before libzip reads the directory (max_items); each
 * part is inflated in chunks straight into libxml2's push parser, never
 * whole in memory; the bytes inflated in all stop at max_mem and a part
 * that inflates more than RATIO times its compressed size (past 1 MiB)
 * stops as a bomb (TG_EXTRACT_BOMB); the clock is checked between
 * chunks; elements nest at most DEPTH_MAX deep (TG_EXTRACT_DEEP).
 * libxml2 runs without XML_PARSE_HUGE (names and text nodes capped) and
 * with a SAX handler that drops entity declarations and knows no entity
 * but the predefined ones: a DTD can declare entities, but none is ever
 * stored or expanded, nothing is fetched.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "alloc_int.h"
#include "extract_int.h"
#include "typoguard.h"

/* Inflated bytes per compressed byte beyond which a part is a bomb. */
#define RATIO 200u
#define RATIO_FREE ((uint64_t)1 << 20)	/* inflated bytes always allowed */
#define CHUNK 65536
/* Element nesting: libxml2 caps it only when it builds a tree, and its
 * SAX mode keeps a stack entry per open element. */
#define DEPTH_MAX 256

enum doc { D_DOCX = 1, D_XLSX, D_PPTX };

/* What the SAX handler does with the part it reads. */
enum part { P_WORD, P_SLIDE, P_STRINGS, P_SHEET };

struct office {
	const struct tg__extract_limits *lim;
	struct tg__textbuf *out;
	unsigned *flags;
	unsigned long long t0;
	uint64_t inflated;	/* bytes inflated in all parts */
	int stop;		/* out full, time, memory: read no more */
	/* the part being read */
	enum part part;
	xmlParserCtxtPtr ctxt;
	unsigned depth;		/* open elements */
	int halt;		/* this part stopped (too deep) */
	int in_text;		/* inside w:t, a:t, t (not in phonetic runs) */
	int in_value;		/* inside a cell's v */
	int in_rph;		/* inside rPh (phonetic guide: skipped) */
	int cell_shared;	/* the cell's t="s" */
	int row_cells;		/* cells written on this row */
	char val[32];		/* a shared-string cell's index */
	size_t vlen;
	/* xlsx shared strings: text in one buffer, start offsets */
	struct tg__textbuf strs;
	size_t *starts;
	size_t nstrs, capstrs;
	size_t str_from;	/* where the current si started */
};

static void
put(struct office *o, const char *s, size_t n)
{
	if (o->stop)
		return;
	if (tg__textbuf_add(o->out, s, n) != 0) {
		o->stop = 1;
		if (o->ctxt != NULL)
			xmlStopParser(o->ctxt);
	}
}

/* A line break, never two in a row. */
static void
newline(struct office *o)
{
	if (o->out->len > 0 && o->out->p[o->out->len - 1] != '\n')
		put(o, "\n", 1);
}

static int
is(const xmlChar *name, const char *lit)
{
	return strcmp((const char *)name, lit) == 0;
}

static void
on_start(void *ctx, const xmlChar *name, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **ns, int nattrs,
    int ndef, const xmlChar **attrs)
{
	struct office *o = ctx;

	(void)prefix;
	(void)uri;
	(void)nns;
	(void)ns;
	(void)ndef;
	if (++o->depth > DEPTH_MAX) {
		*o->flags |= TG_EXTRACT_DEEP;
		o->halt = 1;
		xmlStopParser(o->ctxt);
		return;
	}
	switch (o->part) {
	case P_WORD:
		if (is(name, "t"))
			o->in_text = 1;
		else if (is(name, "tab"))
			put(o, "\t", 1);
		else if (is(name, "br") || is(name, "cr"))
			put(o, "\n", 1);
		break;
	case P_SLIDE:
		if (is(name, "t"))
			o->in_text = 1;
		else if (is(name, "br"))
			put(o, "\n", 1);
		break;
	case P_STRINGS:
		if (is(name, "si"))
			o->str_from = o->strs.len;
		else if (is(name, "rPh"))
			o->in_rph = 1;
		else if (is(name, "t") && !o->in_rph)
			o->in_text = 1;
		break;
	case P_SHEET:
		if (is(name, "c")) {
			/* attrs: localname, prefix, URI, value, end */
			o->cell_shared = 0;
			for (int i = 0; i < nattrs; i++) {
				const xmlChar **a = attrs + 5 * i;

				if (is(a[0], "t") && a[4] - a[3] == 1 &&
				    a[3][0] == 's')
					o->cell_shared = 1;
			}
			if (o->row_cells++ > 0)
				put(o, "\t", 1);
		} else if (is(name, "v")) {
			o->in_value = 1;
			o->vlen = 0;
		} else if (is(name, "t")) {
			o->in_text = 1;	/* inline string */
		} else if (is(name, "row")) {
			o->row_cells = 0;
		}
		break;
	}
}

/* A shared string by index, as text. */
static void
put_shared(struct office *o)
{
	size_t i = 0, k;

	if (o->vlen == 0 || o->vlen >= sizeof(o->val))
		return;
	for (k = 0; k < o->vlen; k++) {
		if (o->val[k] < '0' || o->val[k] > '9')
			return;
		i = i * 10 + (size_t)(o->val[k] - '0');
	}
	if (i >= o->nstrs)
		return;
	k = (i + 1 < o->nstrs ? o->starts[i + 1] : o->strs.len) - o->starts[i];
	/* empty strings: the table may have no buffer at all
	 * (crash-empty-shared-string) */
	if (k > 0)
		put(o, o->strs.p + o->starts[i], k);
}

static void
on_end(void *ctx, const xmlChar *name, const xmlChar *prefix,
    const xmlChar *uri)
{
	struct office *o = ctx;

	(void)prefix;
	(void)uri;
	if (o->depth > 0)
		o->depth--;
	if (is(name, "t"))
		o->in_text = 0;
	switch (o->part) {
	case P_WORD:
	case P_SLIDE:
		if (is(name, "p"))
			newline(o);
		break;
	case P_STRINGS:
		if (is(name, "rPh")) {
			o->in_rph = 0;
		} else if (is(name, "si")) {
			size_t *s;

			if (o->nstrs >= o->lim->max_items) {
				*o->flags |= TG_EXTRACT_ITEMS;
				o->stop = 1;
				xmlStopParser(o->ctxt);
				return;
			}
			if (o->nstrs == o->capstrs) {
				size_t n = o->capstrs ? o->capstrs * 2 : 256;

				s = tg__realloc(o->starts, n * sizeof(*s));
				if (s == NULL) {
					*o->flags |= TG_EXTRACT_NOMEM;
					o->stop = 1;
					xmlStopParser(o->ctxt);
					return;
				}
				o->starts = s;
				o->capstrs = n;
			}
			o->starts[o->nstrs++] = o->str_from;
		}
		break;
	case P_SHEET:
		if (is(name, "v")) {
			o->in_value = 0;
			if (o->cell_shared)
				put_shared(o);
		} else if (is(name, "row")) {
			newline(o);
		}
		break;
	}
}

static void
on_text(void *ctx, const xmlChar *ch, int len)
{
	struct office *o = ctx;

	if (len <= 0)
		return;
	if (o->part == P_STRINGS) {
		/* the table is bounded like the text: max_out */
		if (o->in_text && tg__textbuf_add(&o->strs, (const char *)ch,
		    (size_t)len) != 0 && o->strs.nomem) {
			*o->flags |= TG_EXTRACT_NOMEM;
			o->stop = 1;
			xmlStopParser(o->ctxt);
		}
		return;
	}
	if (o->part == P_SHEET && o->in_value) {
		if (!o->cell_shared)
			put(o, (const char *)ch, (size_t)len);
		else if (o->vlen + (size_t)len < sizeof(o->val)) {
			memcpy(o->val + o->vlen, ch, (size_t)len);
			o->vlen += (size_t)len;
		} else {
			o->vlen = sizeof(o->val);	/* too long: no index */
		}
		return;
	}
	if (o->in_text)
		put(o, (const char *)ch, (size_t)len);
}

/* libxml2's structured errors: a broken part is read as far as it goes. */
static void
on_error(void *ctx, xmlErrorPtr e)
{
	struct office *o = ctx;

	if (e != NULL && e->level >= XML_ERR_ERROR && !o->halt && !o->stop)
		*o->flags |= TG_EXTRACT_MALFORMED;
}

/* Entity declarations are dropped, so nothing is ever expanded (left
 * NULL, libxml2 would store them in a document of its own). */
static void
on_entity_decl(void *ctx, const xmlChar *name, int type,
    const xmlChar *public_id, const xmlChar *system_id, xmlChar *content)
{
	(void)ctx;
	(void)name;
	(void)type;
	(void)public_id;
	(void)system_id;
	(void)content;
}

/* No entity is known but the five predefined ones (&amp; ...), which
 * libxml2 resolves before it asks. */
static xmlEntityPtr
on_get_entity(void *ctx, const xmlChar *name)
{
	(void)ctx;
	(void)name;
	return NULL;
}

static int
late(struct office *o)
{
	if (tg__extract_now_ms() - o->t0 < o->lim->max_ms)
		return 0;
	*o->flags |= TG_EXTRACT_LATE;
	o->stop = 1;
	return 1;
}

/* Inflates entry i in chunks into libxml2, as part kind p. */
static void
read_part(struct office *o, zip_t *z, zip_uint64_t i, enum part p)
{
	xmlSAXHandler sax;
	zip_stat_t st;
	zip_file_t *f;
	zip_int64_t r;
	uint64_t comp, got = 0;
	char *buf;

	if (o->stop || late(o))
		return;
	zip_stat_init(&st);
	if (zip_stat_index(z, i, 0, &st) != 0 ||
	    !(st.valid & ZIP_STAT_COMP_SIZE)) {
		*o->flags |= TG_EXTRACT_MALFORMED;
		return;
	}
	comp = st.comp_size;
	f = zip_fopen_index(z, i, 0);
	if (f == NULL) {
		/* encrypted, or a method libzip lacks */
		*o->flags |= TG_EXTRACT_UNSUPPORTED;
		return;
	}
	buf = tg__malloc(CHUNK);
	if (buf == NULL) {
		*o->flags |= TG_EXTRACT_NOMEM;
		o->stop = 1;
		zip_fclose(f);
		return;
	}
	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_text;
	sax.cdataBlock = on_text;
	sax.serror = on_error;
	sax.entityDecl = on_entity_decl;
	sax.getEntity = on_get_entity;
	o->part = p;
	o->depth = 0;
	o->halt = 0;
	o->in_text = o->in_value = o->in_rph = 0;
	o->row_cells = 0;
	o->ctxt = xmlCreatePushParserCtxt(&sax, o, NULL, 0, NULL);
	if (o->ctxt == NULL) {
		*o->flags |= TG_EXTRACT_NOMEM;
		o->stop = 1;
		goto out;
	}
	xmlCtxtUseOptions(o->ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING);
	while ((r = zip_fread(f, buf, CHUNK)) > 0) {
		got += (uint64_t)r;
		o->inflated += (uint64_t)r;
		if (o->inflated > o->lim->max_mem ||
		    (got > RATIO_FREE && got / RATIO > comp)) {
			*o->flags |= TG_EXTRACT_BOMB;
			o->stop = 1;
			break;
		}
		if (xmlParseChunk(o->ctxt, buf, (int)r, 0) != 0 &&
		    !o->stop && !o->halt) {
			*o->flags |= TG_EXTRACT_MALFORMED;
			break;	/* the next part may be fine */
		}
		if (o->stop || o->halt || late(o))
			break;
	}
	if (r < 0)
		*o->flags |= TG_EXTRACT_MALFORMED;	/* CRC, truncation */
	else if (r == 0 && !o->stop && !o->halt)
		xmlParseChunk(o->ctxt, NULL, 0, 1);
	/* not well-formed: undeclared entities, bad nesting ... */
	if (!o->ctxt->wellFormed && !o->stop && !o->halt)
		*o->flags |= TG_EXTRACT_MALFORMED;
	if (o->ctxt->myDoc != NULL) {
		/* a DOCTYPE makes libxml2 start a document even in SAX mode */
		xmlFreeDoc(o->ctxt->myDoc);
		o->ctxt->myDoc = NULL;
	}
	xmlFreeParserCtxt(o->ctxt);
	o->ctxt = NULL;
	newline(o);
out:
	zip_fclose(f);
	tg__free(buf);
}

/*
 * The entry count of the end of central directory record, found in the
 * last 64 KiB + 22 bytes; -1 when there is none, or for ZIP64.
 */
static long
eocd_entries(const unsigned char *d, size_t n)
{
	size_t from = n > 65557 ? n - 65557 : 0;

	for (size_t i = n >= 22 ? n - 22 + 1 : 0; i-- > from;) {
		if (memcmp(d + i, "PK\5\6", 4) != 0)
			continue;
		if (d[i + 10] == 0xff && d[i + 11] == 0xff)
			return -1;
		return (long)(d[i + 10] | d[i + 11] << 8);
	}
	return -1;
}

static int
has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static int
ends_xml(const char *s)
{
	size_t n = strlen(s);

	return n > 4 && strcmp(s + n - 4, ".xml") == 0;
}

/* Whether entry name s is a part of document kind doc to read after the
 * main one, and as what. */
static int
wanted(enum doc doc, const char *s, enum part *p)
{
	if (!ends_xml(s))
		return 0;
	switch (doc) {
	case D_DOCX:
		*p = P_WORD;
		return has_prefix(s, "word/header") ||
		    has_prefix(s, "word/footer") ||
		    strcmp(s, "word/footnotes.xml") == 0 ||
		    strcmp(s, "word/endnotes.xml") == 0 ||
		    strcmp(s, "word/comments.xml") == 0;
	case D_XLSX:
		*p = P_SHEET;
		return has_prefix(s, "xl/worksheets/sheet");
	case D_PPTX:
		*p = P_SLIDE;
		return has_prefix(s, "ppt/slides/slide") ||
		    has_prefix(s, "ppt/notesSlides/notesSlide");
	}
	return 0;
}

/* libxml2's first initialisation is not thread-safe. */
static void
xml_init(void)
{
	xmlInitParser();
}

int
tg__office_text(const unsigned char *data, size_t len,
    const struct tg__extract_limits *lim, struct tg__textbuf *out,
    unsigned *flags)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct tg__extract_limits l;
	struct office o;
	zip_source_t *src;
	zip_error_t ze;
	zip_t *z;
	zip_int64_t n, main_i = -1, ss_i = -1;
	enum doc doc = 0;
	enum part p;
	long entries;

	if (len < 4 || memcmp(data, "PK\3\4", 4) != 0)
		return 0;
	tg__extract_limits_fill(&l, lim);
	pthread_once(&once, xml_init);
	/* check the count before libzip allocates the directory */
	entries = eocd_entries(data, len);
	if (entries < 0)
		return 0;	/* no readable zip, or ZIP64: not a document */
	if ((unsigned long)entries > l.max_items) {
		*flags |= TG_EXTRACT_ITEMS;
		return 1;
	}
	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	if (src == NULL) {
		zip_error_fini(&ze);
		return TG_ENOMEM;
	}
	z = zip_open_from_source(src, ZIP_RDONLY, &ze);
	zip_error_fini(&ze);
	if (z == NULL) {
		zip_source_free(src);
		return 0;
	}
	n = zip_get_num_entries(z, 0);
	for (zip_int64_t i = 0; i < n; i++) {
		const char *name = zip_get_name(z, (zip_uint64_t)i, 0);

		if (name == NULL)
			continue;
		if (strcmp(name, "word/document.xml") == 0) {
			doc = D_DOCX;
			main_i = i;
		} else if (strcmp(name, "xl/workbook.xml") == 0) {
			doc = D_XLSX;
		} else if (strcmp(name, "xl/sharedStrings.xml") == 0) {
			ss_i = i;
		} else if (strcmp(name, "ppt/presentation.xml") == 0) {
			doc = D_PPTX;
		}
	}
	if (doc == 0) {
		zip_close(z);
		return 0;	/* another kind of zip */
	}
	memset(&o, 0, sizeof(o));
	o.lim = &l;
	o.out = out;
	o.flags = flags;
	o.t0 = tg__extract_now_ms();
	o.strs.max = l.max_out;
	if (main_i >= 0)
		read_part(&o, z, (zip_uint64_t)main_i, P_WORD);
	if (doc == D_XLSX && ss_i >= 0)
		read_part(&o, z, (zip_uint64_t)ss_i, P_STRINGS);
	for (zip_int64_t i = 0; i < n && !o.stop; i++) {
		const char *name = zip_get_name(z, (zip_uint64_t)i, 0);

		if (name != NULL && wanted(doc, name, &p))
			read_part(&o, z, (zip_uint64_t)i, p);
	}
	if (out->full)
		*flags |= TG_EXTRACT_CUT;
	tg__textbuf_free(&o.strs);
	tg__free(o.starts);
	zip_close(z);
	return out->nomem ? TG_ENOMEM : 1;
}
