/*
 * fuzz_office.c - the Office extractor (office.c: libzip, libxml2).
 *
 * The first byte chooses limits: bit 0 max_items 4 (zip entries, shared
 * strings), bit 1 max_out 64 bytes, bit 2 max_mem 64 KiB (bytes
 * inflated).  The rest is the file.  Beyond "no crash": the call returns
 * 0 (not a document: nothing written, no flags), 1 or TG_ENOMEM; only
 * documented flags; the text is valid UTF-8 within max_out (the
 * buffer's ceiling here, as the dispatcher sets it), and a full buffer
 * is reported as CUT.
 */
#include <string.h>

#include "extract_int.h"
#include "invariants.h"

#define KNOWN_FLAGS                                                            \
	(TG_EXTRACT_CUT | TG_EXTRACT_ITEMS | TG_EXTRACT_DEEP |                 \
	    TG_EXTRACT_LATE | TG_EXTRACT_MALFORMED | TG_EXTRACT_NOMEM |        \
	    TG_EXTRACT_UNSUPPORTED | TG_EXTRACT_BOMB)

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tg__extract_limits lim;
	struct tg__textbuf out = { 0 };
	unsigned flags = 0;
	size_t max_out;
	int rc;

	if (size < 1)
		return 0;
	memset(&lim, 0, sizeof(lim));
	if (data[0] & 0x01)
		lim.max_items = 4;
	if (data[0] & 0x02)
		lim.max_out = 64;
	if (data[0] & 0x04)
		lim.max_mem = 65536;
	max_out = lim.max_out ? lim.max_out : TG_EXTRACT_DEF_OUT;
	out.max = max_out;	/* what the dispatcher would allow */

	rc = tg__office_text(data + 1, size - 1, &lim, &out, &flags);
	FZ_CHECK(rc == 0 || rc == 1 || rc == TG_ENOMEM);
	FZ_CHECK((flags & ~KNOWN_FLAGS) == 0);
	if (rc == 0)
		FZ_CHECK(flags == 0 && out.len == 0);
	FZ_CHECK(out.len <= max_out);
	FZ_CHECK(!out.full || (flags & TG_EXTRACT_CUT));
	FZ_CHECK(fz_utf8_ok(out.p != NULL ? out.p : "", out.len));
	tg__textbuf_free(&out);
	return 0;
}
