/*
 * fuzz_list.c - list files (tg_index_load's parser) on arbitrary bytes.
 *
 * The input is the whole file.  Every line is reported or taken; the
 * target checks:
 *   - each reported error has a known code, a line and column within the
 *     input, and a message that starts with "FILE:LINE:COLUMN: ";
 *   - lines reported are increasing;
 *   - the entries taken fit: no more than the lines of the file;
 *   - the index then seals, and every line taken covers its own name:
 *     checking it says "protected" (protected list) or "allowed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index_int.h"
#include "invariants.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_init();
	return 0;
}

#define LINES_TRACKED 4096

struct seen {
	unsigned char bad[LINES_TRACKED + 1];
	unsigned long last_line;
	unsigned long lines;
	size_t len;
	size_t errors;
};

static int
on_error(const struct tg_error *e, void *arg)
{
	struct seen *s = arg;
	char want[64];

	FZ_CHECK(e->code < 0);
	FZ_CHECK(strcmp(tg_errname(e->code), "TG_EUNKNOWN") != 0);
	FZ_CHECK(e->line >= 1 && e->line <= s->lines);
	FZ_CHECK(e->line > s->last_line);
	FZ_CHECK(e->column >= 1 && e->column <= s->len + 1);
	snprintf(want, sizeof(want), "fuzz:%lu:%lu: ", e->line, e->column);
	FZ_CHECK(strncmp(e->message, want, strlen(want)) == 0);
	s->last_line = e->line;
	if (e->line <= LINES_TRACKED)
		s->bad[e->line] = 1;
	s->errors++;
	return 0;
}

static const enum tg_list lists[] = {
	TG_LIST_PROTECTED, TG_LIST_ALLOW, TG_LIST_LEGIT
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg_error err;
	struct seen s;
	tg_index *ix;
	size_t i, li;
	int rc;

	if (size > 64 * 1024)
		return 0;
	for (li = 0; li < 3; li++) {
		memset(&s, 0, sizeof(s));
		s.len = size;
		s.lines = 1;
		for (i = 0; i < size; i++)
			s.lines += data[i] == '\n';
		FZ_CHECK(tg_index_new(&ix, fz_ctx(), NULL, &err) == TG_OK);
		rc = tg__index_load_buf(ix, lists[li], (const char *)data, size,
		    "fuzz", on_error, &s, &err);
		FZ_CHECK((rc == TG_OK) == (s.errors == 0));
		FZ_CHECK(tg_index_count(ix, lists[li]) <= s.lines);
		FZ_CHECK(tg_index_seal(ix, &err) == TG_OK);
		{
			const char *p = (const char *)data, *end = p + size;
			unsigned long line = 0;

			while (p < end && line < LINES_TRACKED) {
				const char *nl = memchr(p, '\n', (size_t)(end - p));
				const char *e = nl != NULL ? nl : end;
				const char *w = p, *we;
				struct tg_check c;

				line++;
				if (e > p && e[-1] == '\r')
					e--;
				while (w < e && (*w == ' ' || *w == '\t'))
					w++;
				if (w < e && *w == '.')
					w++;
				for (we = w; we < e && *we != ' ' &&
				    *we != '\t' && *we != '#'; we++)
					;
				if (!s.bad[line] && we > w) {
					rc = tg_check(ix, w, (size_t)(we - w),
					    NULL, 0, &c);
					FZ_CHECK(rc == TG_OK);
					FZ_CHECK(c.verdict == (lists[li] ==
					    TG_LIST_PROTECTED ?
					    TG_VERDICT_PROTECTED :
					    TG_VERDICT_ALLOWED));
				}
				p = (nl != NULL ? nl : end) + 1;
			}
		}
		tg_index_free(ix);
	}
	return 0;
}
