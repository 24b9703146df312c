/*
 * idna_table_gen.c - the code point table of the IDNA fast path, made at
 * build time by asking libidn2 about every code point.
 *
 * Usage: idna_table_gen OUTPUT.h
 *
 * A code point goes in the table when a label made of such code points
 * and of a-z, 0-9 and '-' is, by construction of libidn2's tests, left
 * unchanged by UTS #46 non-transitional mapping and NFC, so that its
 * A-label is "xn--" and the Punycode of the label (idna.c), as long as
 * the label passes the checks idna.c makes itself (hyphens, no mark
 * first, canonical order of combining classes, libidn2's bidi rule):
 *   - libidn2 takes B + c to its own encoding, with and without the STD3
 *     rules, decodes that back to B + c, and takes that A-label to itself,
 *     where B is "a", or U+05D0 (Hebrew, right-to-left) when c is of bidi
 *     class R, AL or AN: so c is valid or a deviation, maps to itself, and
 *     is not disallowed, unassigned, CONTEXTJ or CONTEXTO without a rule
 *     (libidn2 2.3 checks no CONTEXTO rule, and the joiners, whose rules
 *     depend on the neighbours, are left out by name);
 *   - c + B is accepted too (class 1), or refused because c is a combining
 *     mark (classes 2 and 3: not first in a label), or because an AN is
 *     first (class 1: the bidi rule of idna.c refuses that label);
 *   - libunistring, whose data libidn2 uses for NFC, combining marks and
 *     bidi classes, says c is assigned and not the second code point of
 *     any canonical decomposition, so nothing composes with c; its
 *     canonical combining class is 0 (classes 1 and 2) or, for a mark,
 *     recorded (class 3) so that idna.c can check the order;
 *   - c's bidi class (libunistring's, as libidn2 asks it) is one the bidi
 *     rule names; it is recorded.
 * libunistring is reached through the symbols libidn2 loads; without
 * them the table is empty and every name takes the libidn2 path.
 *
 * Output: a two-stage table, one byte per code point (class in bits 0-1,
 * bidi class in bits 2-5), the combining classes of the class 3 code
 * points, and the libidn2 version it was made with; idna.c uses it only
 * with that version.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <idn2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idna_int.h"
#include "text_int.h"

#define NCP 0x110000u
#define BLOCK 256u
#define NBLOCK (NCP / BLOCK)

static int (*ccc_of)(uint32_t);
static int (*decomp_of)(uint32_t, uint32_t *);
static _Bool (*unassigned)(uint32_t);
static int (*bidi_of)(uint32_t);

/* One code point of each bidi class the rule names, in the order of
 * enum tg__bidi: libunistring's value for it stands for the class. */
static const uint32_t bidi_ref[TG__BIDI_COUNT] = { 'a', 0x5d0, 0x627,
	0x660, '0', '-', ',', '$', '!', 0xad, 0x300 };
static int bidi_val[TG__BIDI_COUNT];

static unsigned char entry[NCP];
static unsigned char ccc[NCP];
static unsigned char second[NCP];

/* libidn2 maps s to an A-label name that decodes back to s, the same
 * with and without the STD3 rules, and that itself maps to itself.
 * Returns 0 or libidn2's error for s without the STD3 rules. */
static int
kept(const char *s)
{
	char *a = NULL, *b = NULL, *u = NULL, *again = NULL;
	int rc, ok;

	rc = idn2_to_ascii_8z(s, &a, IDN2_NONTRANSITIONAL);
	if (rc != IDN2_OK) {
		idn2_free(a);
		return rc;
	}
	ok = idn2_to_ascii_8z(s, &b, IDN2_NONTRANSITIONAL |
	    IDN2_USE_STD3_ASCII_RULES) == IDN2_OK && strcmp(a, b) == 0 &&
	    idn2_to_unicode_8z8z(a, &u, 0) == IDN2_OK && strcmp(u, s) == 0 &&
	    idn2_to_ascii_8z(a, &again, IDN2_NONTRANSITIONAL) == IDN2_OK &&
	    strcmp(again, a) == 0;
	idn2_free(a);
	idn2_free(b);
	idn2_free(u);
	idn2_free(again);
	return ok ? IDN2_OK : IDN2_ENCODING_ERROR;
}

/* The table byte of c: class | bidi << 2, or 0. */
static unsigned char
classify(uint32_t c)
{
	char s[16], base[4];
	size_t n, nb;
	int rc, bidi, v, cls, mark;

	if (unassigned(c) || second[c] || c == 0x200c || c == 0x200d)
		return 0;
	v = bidi_of(c);
	for (bidi = 0; bidi < TG__BIDI_COUNT; bidi++)
		if (bidi_val[bidi] == v)
			break;
	if (bidi == TG__BIDI_COUNT)
		return 0;
	nb = tg__utf8_encode(bidi == TG__BIDI_R || bidi == TG__BIDI_AL ||
	    bidi == TG__BIDI_AN ? 0x5d0 : 'a', base);
	memcpy(s, base, nb);
	n = nb + tg__utf8_encode(c, s + nb);
	s[n] = '\0';
	if (kept(s) != IDN2_OK)
		return 0;
	n = tg__utf8_encode(c, s);
	memcpy(s + n, base, nb);
	s[n + nb] = '\0';
	rc = kept(s);
	mark = rc == IDN2_LEADING_COMBINING;
	if (rc != IDN2_OK && !mark &&
	    !(rc == IDN2_BIDI && bidi == TG__BIDI_AN))
		return 0;
	ccc[c] = (unsigned char)ccc_of(c);
	if (ccc[c] != 0)
		cls = mark ? 3 : 0;
	else
		cls = mark ? 2 : 1;
	return cls == 0 ? 0 : (unsigned char)(cls | bidi << 2);
}

static int
load_unistring(void)
{
	void *p;
	int i, j;

	p = dlsym(RTLD_DEFAULT, "uc_combining_class");
	memcpy(&ccc_of, &p, sizeof(p));
	p = dlsym(RTLD_DEFAULT, "uc_canonical_decomposition");
	memcpy(&decomp_of, &p, sizeof(p));
	p = dlsym(RTLD_DEFAULT, "uc_is_property_unassigned_code_value");
	memcpy(&unassigned, &p, sizeof(p));
	p = dlsym(RTLD_DEFAULT, "uc_bidi_category");
	memcpy(&bidi_of, &p, sizeof(p));
	if (ccc_of == NULL || decomp_of == NULL || unassigned == NULL ||
	    bidi_of == NULL)
		return 0;
	for (i = 0; i < TG__BIDI_COUNT; i++) {
		bidi_val[i] = bidi_of(bidi_ref[i]);
		for (j = 0; j < i; j++)
			if (bidi_val[j] == bidi_val[i])
				return 0;
	}
	return 1;
}

int
main(int argc, char **argv)
{
	static unsigned short stage1[NBLOCK];
	static unsigned short uniq[NBLOCK];
	size_t nuniq = 0, count[4] = { 0, 0, 0, 0 }, i, j, k;
	uint32_t c, d[32]; /* UC_DECOMPOSITION_MAX_LENGTH */
	FILE *f;
	int have;

	if (argc != 2) {
		fprintf(stderr, "usage: idna_table_gen OUTPUT.h\n");
		return 64;
	}
	have = load_unistring();
	if (!have)
		fprintf(stderr, "idna_table_gen: libunistring not reachable "
		    "through libidn2; the IDNA fast path stays off\n");
	for (c = 0; have && c < NCP; c++)
		if (decomp_of(c, d) == 2)
			second[d[1]] = 1;
	for (c = 0x80; have && c < NCP; c++) {
		if (c >= 0xd800 && c <= 0xdfff)
			continue;
		entry[c] = classify(c);
		count[entry[c] & 3]++;
	}
	for (i = 0; i < NBLOCK; i++) {
		for (j = 0; j < nuniq; j++)
			if (memcmp(entry + uniq[j] * BLOCK, entry + i * BLOCK,
			    BLOCK) == 0)
				break;
		if (j == nuniq)
			uniq[nuniq++] = (unsigned short)i;
		stage1[i] = (unsigned short)j;
	}

	f = fopen(argv[1], "w");
	if (f == NULL) {
		perror(argv[1]);
		return 73;
	}
	fprintf(f, "/* Generated by idna_table_gen.c: do not edit.\n"
	    " * libidn2 %s; code points of class 1: %zu, 2: %zu, 3: %zu. */\n",
	    idn2_check_version(NULL), count[1], count[2], count[3]);
	fprintf(f, "#define IDNA_TABLE_IDN2 \"%s\"\n", idn2_check_version(NULL));
	fprintf(f, "#define IDNA_TABLE_ON %d\n", have);
	fprintf(f, "static const unsigned short idna_stage1[%u] = {", NBLOCK);
	for (i = 0; i < NBLOCK; i++)
		fprintf(f, "%s%u,", i % 16 ? " " : "\n\t", stage1[i]);
	fprintf(f, "\n};\nstatic const unsigned char idna_stage2[%zu][%u] = {",
	    nuniq, BLOCK);
	for (i = 0; i < nuniq; i++) {
		fprintf(f, "\n\t{");
		for (j = 0; j < BLOCK; j++)
			fprintf(f, "%s%u,", j % 16 ? " " : "\n\t\t",
			    entry[uniq[i] * BLOCK + j]);
		fprintf(f, "\n\t},");
	}
	/* Class 3: code point and combining class, sorted. */
	fprintf(f, "\n};\nstatic const struct { unsigned cp; unsigned char "
	    "ccc; } idna_ccc[%zu] = {", count[3] > 0 ? count[3] : 1);
	for (c = 0, k = 0; c < NCP; c++)
		if ((entry[c] & 3) == 3)
			fprintf(f, "%s{ 0x%x, %u },", k++ % 4 ? " " : "\n\t",
			    (unsigned)c, ccc[c]);
	if (count[3] == 0)
		fprintf(f, "\n\t{ 0, 0 },");
	fprintf(f, "\n};\n#define IDNA_NCCC %zu\n", count[3]);
	if (fclose(f) != 0) {
		perror(argv[1]);
		return 74;
	}
	return 0;
}
