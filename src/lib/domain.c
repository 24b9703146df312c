/*
 * domain.c - domain names: syntax, IDNA, address literals, public suffix.
 *
 * Two paths lead to the same struct tg_domain:
 *   - the ASCII path: every byte a letter, digit, hyphen or dot and no
 *     label starting "xn--".  UTS #46 mapping of such a name is plain
 *     lowercasing, so we do it here instead of calling libidn2 (a few
 *     microseconds saved per domain, BENCHMARKS.md).  The unit tests and
 *     the fuzz_domain target check that this path agrees with libidn2.
 *   - the IDNA path: anything else.  Names whose IDN labels hold only
 *     code points that libidn2 keeps as they are (idna.c, with a table
 *     made from libidn2's answers) are encoded there; the rest, and every
 *     name libidn2 would reject, go through libidn2 (UTS #46
 *     non-transitional processing, IDNA2008).  libidn2 silently removes
 *     some ASCII it considers "ignored" (it turns "a_b.com" into "ab.com"
 *     and "ex ample.com" into "example.com") and accepts "a..b", so the
 *     ASCII bytes of the input are checked by us first and the output is
 *     checked again.
 * Every error names the byte offset in the caller's input.
 */
#include <arpa/inet.h>
#include <idn2.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ctx_int.h"
#include "domain_int.h"
#include "error_int.h"
#include "idna_int.h"
#include "suffix_int.h"
#include "text_int.h"

/* How we call libidn2: UTS #46 non-transitional; on the STD3 rules see
 * mapped_plain(). */
#define IDNA_FLAGS IDN2_NONTRANSITIONAL

/* UTS #46 disallowed_STD3_valid beyond ASCII: = < > with U+0338
 * composed.  Not mapped, so IDNA_FLAGS would keep them. */
static int
std3_valid_only(uint32_t cp)
{
	return cp == 0x2260 || cp == 0x226e || cp == 0x226f;
}

/* Full stops that UTS #46 maps to '.': U+3002, U+FF0E, U+FF61. */
static size_t
wide_dot_len(const unsigned char *p, size_t left)
{
	if (left >= 3 && p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x82)
		return 3;
	if (left >= 3 && p[0] == 0xef && p[1] == 0xbc && p[2] == 0x8e)
		return 3;
	if (left >= 3 && p[0] == 0xef && p[1] == 0xbd && p[2] == 0xa1)
		return 3;
	return 0;
}

static int
char_error(struct tg_error *err, unsigned char c, size_t off)
{
	if (c == '\0')
		return tg__error_set(err, TG_ENUL, off, "NUL byte at %zu", off);
	if (tg__is_ctl(c))
		return tg__error_set(err, TG_ECONTROL, off,
		    "control character \\x%02x at %zu", c, off);
	if (c == ' ')
		return tg__error_set(err, TG_EDOM_CHAR, off,
		    "space in domain at %zu", off);
	return tg__error_set(err, TG_EDOM_CHAR, off,
	    "invalid character '%c' in domain at %zu", c, off);
}

/* True when s[0..len) is an all-digit label. */
static int
all_digits(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!tg__is_digit((unsigned char)s[i]))
			return 0;
	return len > 0;
}

/*
 * Checks one ASCII label s[0..len) at input offset off: length and hyphen
 * rules.  Sets *alabel when it is an A-label candidate ("xn--").
 */
static int
check_label(const char *s, size_t len, size_t off, int *alabel,
    struct tg_error *err)
{
	if (len > TG_LABEL_MAX)
		return tg__error_set(err, TG_EDOM_LABEL_LONG, off,
		    "label of %zu octets at %zu, limit %d", len, off,
		    TG_LABEL_MAX);
	if (s[0] == '-')
		return tg__error_set(err, TG_EDOM_HYPHEN, off,
		    "label starts with a hyphen at %zu", off);
	if (s[len - 1] == '-')
		return tg__error_set(err, TG_EDOM_HYPHEN, off + len - 1,
		    "label ends with a hyphen at %zu", off + len - 1);
	if (len >= 4 && s[2] == '-' && s[3] == '-') {
		if (tg__lower((unsigned char)s[0]) == 'x' &&
		    tg__lower((unsigned char)s[1]) == 'n') {
			*alabel = 1;
		} else {
			return tg__error_set(err, TG_EDOM_HYPHEN, off + 2,
			    "hyphens in positions 3 and 4 of a label are "
			    "reserved for IDNA at %zu", off + 2);
		}
	}
	return TG_OK;
}

/*
 * The ASCII path.  s[0..len) has had any trailing dot removed.  Writes the
 * lowercased name to out->alabel.  Returns TG_OK, a TG_E* error, or 1 when
 * the name must take the IDNA path (a non-ASCII byte or an "xn--" label).
 * base is added to every offset reported.
 */
static int
ascii_path(const char *s, size_t len, size_t base, struct tg_domain *out,
    struct tg_error *err)
{
	size_t i, start = 0;
	int idna = 0, rc;
	unsigned char c;

	for (i = 0; i <= len; i++) {
		c = i < len ? (unsigned char)s[i] : '.';
		if (c == '.') {
			if (i == start)
				return tg__error_set(err, TG_EDOM_EMPTY_LABEL,
				    base + i, "empty label at %zu", base + i);
			rc = check_label(s + start, i - start, base + start,
			    &idna, err);
			if (rc != TG_OK)
				return rc;
			start = i + 1;
			if (i < len && i < TG_DOMAIN_MAX)
				out->alabel[i] = '.';
			continue;
		}
		if (c >= 0x80)
			return 1;
		if (!tg__is_letdig(c) && c != '-')
			return char_error(err, c, base + i);
		if (i < TG_DOMAIN_MAX)
			out->alabel[i] = (char)tg__lower(c);
	}
	if (idna)
		return 1;
	if (len > TG_DOMAIN_MAX)
		return tg__error_set(err, TG_EDOM_TOO_LONG, base + TG_DOMAIN_MAX,
		    "domain of %zu octets, limit %d", len, TG_DOMAIN_MAX);
	out->alabel[len] = '\0';
	out->alabel_len = len;
	return TG_OK;
}

/*
 * Checks the bytes of a name bound for libidn2: well-formed UTF-8, no
 * ASCII outside letters, digits, hyphens and dots, no empty label.
 * Labels are separated by '.' or a wide full stop.
 */
static int
idna_precheck(const char *s, size_t len, size_t base, size_t *labels,
    struct tg_error *err)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, start = 0, n, bad;
	uint32_t cp;

	*labels = 0;
	if (tg__utf8_check(s, len, &bad) != 0)
		return tg__error_set(err, TG_EUTF8, base + bad,
		    "invalid UTF-8 at %zu", base + bad);
	while (i <= len) {
		n = i < len ? wide_dot_len(p + i, len - i) : 1;
		if (i == len || p[i] == '.' || n > 1) {
			if (i == start)
				return tg__error_set(err, TG_EDOM_EMPTY_LABEL,
				    base + i, "empty label at %zu", base + i);
			(*labels)++;
			i += n > 1 ? n : 1;
			start = i;
			continue;
		}
		if (p[i] < 0x80) {
			if (!tg__is_letdig(p[i]) && p[i] != '-')
				return char_error(err, p[i], base + i);
			i++;
			continue;
		}
		n = tg__utf8_decode(p + i, len - i, &cp);
		if (std3_valid_only(cp))
			return tg__error_set(err, TG_EDOM_CHAR, base + i,
			    "U+%04X at %zu is not allowed in a domain (UTS #46 "
			    "STD3 rules)", (unsigned)cp, base + i);
		i += n;
	}
	return TG_OK;
}

/*
 * The labels of a raw input, for telling where a problem is: separated by
 * '.' or a wide full stop.  Calls judge on a NUL-terminated copy of each
 * label; at the first one it finds bad (a TG_E* code), fills err with
 * "NOUN 'label' at OFFSET" and the judge's tail, and returns the code.
 * Returns TG_OK when every label passes on its own.
 */
typedef int (*label_judge)(const char *label, char *tail, size_t tailsize);

static int
first_bad_label(const char *s, size_t len, size_t base, const char *noun,
    label_judge judge, struct tg_error *err)
{
	const unsigned char *p = (const unsigned char *)s;
	char label[TG_DOMAIN_INPUT_MAX + 1], shown[80], tail[128];
	size_t i = 0, start = 0, n;
	int rc;

	while (i <= len) {
		n = i < len ? wide_dot_len(p + i, len - i) : 1;
		if (i < len && p[i] != '.' && n <= 1) {
			i++;
			continue;
		}
		memcpy(label, s + start, i - start);
		label[i - start] = '\0';
		tail[0] = '\0';
		rc = judge(label, tail, sizeof(tail));
		if (rc != TG_OK) {
			tg__quote_bytes(shown, sizeof(shown), s + start,
			    i - start);
			return tg__error_set(err, rc, base + start,
			    "%s '%s' at %zu%s", noun, shown, base + start, tail);
		}
		i += n > 1 ? n : 1;
		start = i;
	}
	return TG_OK;
}

static int
idn2_to_tg(int rc)
{
	switch (rc) {
	case IDN2_MALLOC:
		return TG_ENOMEM;
	case IDN2_TOO_BIG_DOMAIN:
		return TG_EDOM_TOO_LONG;
	case IDN2_TOO_BIG_LABEL:
	case IDN2_PUNYCODE_BIG_OUTPUT: /* A-label over 63 octets */
		return TG_EDOM_LABEL_LONG;
	case IDN2_2HYPHEN:
	case IDN2_HYPHEN_STARTEND:
		return TG_EDOM_HYPHEN;
	default:
		return TG_EDOM_IDNA;
	}
}

/*
 * libidn2 judges a whole name; to say where the problem is, run it again
 * on each label and report the first label it rejects on its own.
 */
/* A label libidn2 rejects on its own. */
static int
judge_idna(const char *label, char *tail, size_t tailsize)
{
	char *tmp = NULL;
	int rc;

	rc = idn2_to_ascii_8z(label, &tmp, IDNA_FLAGS);
	idn2_free(tmp);
	if (rc == IDN2_OK)
		return TG_OK;
	snprintf(tail, tailsize, ": %s", idn2_strerror(rc));
	return idn2_to_tg(rc);
}

static int
idna_error(const char *s, size_t len, size_t base, int rc,
    struct tg_error *err)
{
	int lrc;

	if (rc == IDN2_MALLOC)
		return tg__error_set(err, TG_ENOMEM, TG_NO_OFFSET,
		    "out of memory in libidn2");
	lrc = first_bad_label(s, len, base, "label", judge_idna, err);
	if (lrc != TG_OK)
		return lrc;
	return tg__error_set(err, idn2_to_tg(rc), base, "domain at %zu: %s",
	    base, idn2_strerror(rc));
}

/*
 * Why IDNA_FLAGS lacks IDN2_USE_STD3_ASCII_RULES: with it, libidn2
 * removes, instead of rejecting, what UTS #46 maps to ASCII other than
 * letters, digits and hyphens: "a\uFF3Fb.com" (fullwidth low line) and
 * "a\u00A0b.com" (no-break space) both come out "ab.com", a different
 * domain.  Without it such characters survive the mapping ("a_b.com",
 * "a b.com", "a1..com" for U+2488) and our own ASCII rules reject them.
 * Mapping once this way costs half of mapping twice to compare.
 *
 * True when the mapped name has only letters, digits, hyphens and dots
 * and as many labels as the input had. */
static int
mapped_plain(const char *a, size_t labels)
{
	size_t n = 1;

	for (; *a != '\0'; a++) {
		if (*a == '.')
			n++;
		else if (!tg__is_letdig((unsigned char)*a) && *a != '-')
			return 0;
	}
	return n == labels;
}

/* A label whose mapping holds ASCII not allowed in a domain. */
static int
judge_std3(const char *label, char *tail, size_t tailsize)
{
	char *x = NULL;
	int bad;

	bad = idn2_to_ascii_8z(label, &x, IDNA_FLAGS) == IDN2_OK &&
	    !mapped_plain(x, 1);
	idn2_free(x);
	if (!bad)
		return TG_OK;
	snprintf(tail, tailsize, " has a character that IDNA maps to ASCII "
	    "not allowed in a domain");
	return TG_EDOM_CHAR;
}

/* Names the first label whose mapping is not plain (see above). */
static int
std3_error(const char *in, size_t len, size_t base, struct tg_error *err)
{
	char shown[80];
	int rc;

	rc = first_bad_label(in, len, base, "label", judge_std3, err);
	if (rc != TG_OK)
		return rc;
	/* No label is bad on its own: blame the name. */
	tg__quote_bytes(shown, sizeof(shown), in, len);
	return tg__error_set(err, TG_EDOM_CHAR, base,
	    "label '%s' at %zu has a character that IDNA maps to ASCII not "
	    "allowed in a domain", shown, base);
}

/*
 * libidn2 decodes an "xn--" label of the input and checks the result, but
 * without the STD3 rules it does not insist that the result is already in
 * mapped form: "xn--xmk" decodes to U+3215, which UTS #46 maps to "(" ...
 * ")", so no valid A-label can hold it.  An A-label that does not come
 * back unchanged from decoding, mapping and encoding is bad; round_trip()
 * below decides, this judge only names the label.
 */
static int
judge_alabel(const char *label, char *tail, size_t tailsize)
{
	char lower[TG_DOMAIN_INPUT_MAX + 1];
	char *u = NULL, *a = NULL;
	size_t j, k;
	uint32_t cp;
	int ok;

	if (strncasecmp(label, "xn--", 4) != 0)
		return TG_OK;
	for (j = 0; label[j] != '\0'; j++)
		lower[j] = (char)tg__lower((unsigned char)label[j]);
	lower[j] = '\0';
	ok = idn2_to_unicode_8z8z(lower, &u, 0) == IDN2_OK &&
	    idn2_to_ascii_8z(u, &a, IDNA_FLAGS) == IDN2_OK &&
	    strcmp(a, lower) == 0;
	for (k = 0; ok && u[k] != '\0'; k += j) {
		j = tg__utf8_decode((const unsigned char *)u + k, strlen(u + k),
		    &cp);
		ok = j > 0 && !std3_valid_only(cp);
	}
	idn2_free(u);
	idn2_free(a);
	if (ok)
		return TG_OK;
	snprintf(tail, tailsize, " is not the encoding of a valid U-label");
	return TG_EDOM_IDNA;
}

/*
 * The whole name must survive the round trip too: an A-label can also
 * appear only after mapping ("xn--90ae" followed by a soft hyphen, which
 * maps to nothing).  The U-label, mapped and encoded again, must give the
 * same A-labels and hold nothing STD3 forbids.  On failure the input's own
 * A-labels are looked at to say where.
 */
static int
round_trip(const char *in, size_t len, size_t base,
    const struct tg_domain *out, struct tg_error *err)
{
	const unsigned char *u = (const unsigned char *)out->ulabel;
	size_t ulen = strlen(out->ulabel), k, n;
	char *again = NULL;
	uint32_t cp;
	int rc, ok;

	if (strncmp(out->alabel, "xn--", 4) != 0 &&
	    strstr(out->alabel, ".xn--") == NULL)
		return TG_OK; /* all ASCII: the U-label is the A-label */
	rc = idn2_to_ascii_8z(out->ulabel, &again, IDNA_FLAGS);
	ok = rc == IDN2_OK && strcmp(again, out->alabel) == 0;
	idn2_free(again);
	if (rc == IDN2_MALLOC)
		return tg__error_set(err, TG_ENOMEM, TG_NO_OFFSET,
		    "out of memory in libidn2");
	for (k = 0; ok && k < ulen; k += n) {
		n = tg__utf8_decode(u + k, ulen - k, &cp);
		ok = n > 0 && !std3_valid_only(cp);
	}
	if (ok)
		return TG_OK;
	rc = first_bad_label(in, len, base, "A-label", judge_alabel, err);
	if (rc != TG_OK)
		return rc;
	return tg__error_set(err, TG_EDOM_IDNA, base, "domain at %zu holds "
	    "an A-label that is not the encoding of a valid U-label", base);
}

/* The IDNA path: the fast path of idna.c when fast is set and it can
 * decide, else libidn2 for the A-label and the U-label. */
static int
idna_path(const char *s, size_t len, size_t base, struct tg_domain *out,
    struct tg_error *err, int fast)
{
	char in[TG_DOMAIN_INPUT_MAX + 1];
	char *a = NULL, *u = NULL;
	size_t alen, labels;
	int rc;

	rc = idna_precheck(s, len, base, &labels, err);
	if (rc != TG_OK)
		return rc;
	/* Names the fast path can prove libidn2 keeps as they are (idna.c). */
	if (fast &&
	    tg__idna_fast(s, len, out->alabel, &out->alabel_len, out->ulabel))
		return TG_OK;
	memcpy(in, s, len);
	in[len] = '\0';
	rc = idn2_to_ascii_8z(in, &a, IDNA_FLAGS);
	if (rc != IDN2_OK) {
		idn2_free(a);
		return idna_error(s, len, base, rc, err);
	}
	if (!mapped_plain(a, labels)) {
		idn2_free(a);
		return std3_error(in, len, base, err);
	}
	/*
	 * Mapping can remove characters (U+00AD SOFT HYPHEN maps to nothing),
	 * so the result is checked again as a plain ASCII name.  It is all
	 * ASCII by construction and its "xn--" labels were just produced or
	 * validated by libidn2, so ascii_path() returning 1 here only means
	 * "has A-labels".
	 */
	alen = strlen(a);
	rc = alen == 0 ? TG_EDOM_EMPTY_LABEL : ascii_path(a, alen, 0, out, err);
	if (rc < 0) {
		tg__error_set(err, rc, base,
		    "domain at %zu is invalid after IDNA mapping (%s)", base, a);
		idn2_free(a);
		return rc;
	}
	if (alen > TG_DOMAIN_MAX) {
		idn2_free(a);
		return tg__error_set(err, TG_EDOM_TOO_LONG, base,
		    "domain at %zu is %zu octets in A-labels, limit %d", base,
		    alen, TG_DOMAIN_MAX);
	}
	memcpy(out->alabel, a, alen + 1);
	out->alabel_len = alen;
	idn2_free(a);

	rc = idn2_to_unicode_8z8z(out->alabel, &u, 0);
	if (rc != IDN2_OK || strlen(u) > TG_UDOMAIN_MAX) {
		idn2_free(u);
		return tg__error_set(err, TG_EDOM_IDNA, base,
		    "domain at %zu has no valid U-label form: %s", base,
		    rc != IDN2_OK ? idn2_strerror(rc) : "too long");
	}
	memcpy(out->ulabel, u, strlen(u) + 1);
	idn2_free(u);
	return round_trip(in, len, base, out, err);
}

/* "[192.0.2.1]" or "[IPv6:2001:db8::1]"; s[0] is '['. */
static int
literal(const char *s, size_t len, size_t base, struct tg_domain *out,
    struct tg_error *err)
{
	char buf[64], ntop[INET6_ADDRSTRLEN];
	unsigned char bin[16];
	const char *body;
	size_t blen, i;
	int v6 = 0;

	for (i = 1; i < len && s[i] != ']'; i++) {
		if (s[i] == '[' || s[i] == '\\')
			return tg__error_set(err, TG_EADDR_LITERAL, base + i,
			    "'%c' inside address literal at %zu", s[i],
			    base + i);
		if (s[i] == '\0' || tg__is_ctl((unsigned char)s[i]))
			return char_error(err, (unsigned char)s[i], base + i);
	}
	if (i == len)
		return tg__error_set(err, TG_EADDR_LITERAL, base,
		    "address literal at %zu has no closing ']'", base);
	if (i != len - 1)
		return tg__error_set(err, TG_EADDR_LITERAL, base + i + 1,
		    "text after address literal at %zu", base + i + 1);
	body = s + 1;
	blen = len - 2;
	if (blen >= 5 && strncasecmp(body, "IPv6:", 5) == 0) {
		v6 = 1;
		body += 5;
		blen -= 5;
	} else if (memchr(body, ':', blen) != NULL) {
		return tg__error_set(err, TG_EADDR_LITERAL, base + 1,
		    "unsupported address literal tag at %zu (only IPv4 and "
		    "IPv6: are used in mail)", base + 1);
	}
	if (blen == 0 || blen >= sizeof(buf))
		return tg__error_set(err, TG_EADDR_LITERAL, base,
		    "address literal at %zu is not an IP%s address", base,
		    v6 ? "v6" : "v4");
	memcpy(buf, body, blen);
	buf[blen] = '\0';
	if (inet_pton(v6 ? AF_INET6 : AF_INET, buf, bin) != 1 ||
	    inet_ntop(v6 ? AF_INET6 : AF_INET, bin, ntop, sizeof(ntop)) ==
	    NULL)
		return tg__error_set(err, TG_EADDR_LITERAL, base,
		    "address literal at %zu is not an IP%s address", base,
		    v6 ? "v6" : "v4");
	snprintf(out->alabel, sizeof(out->alabel), "[%s%s]", v6 ? "IPv6:" : "",
	    ntop);
	out->alabel_len = strlen(out->alabel);
	memcpy(out->ulabel, out->alabel, out->alabel_len + 1);
	out->flags |= TG_DOMAIN_LITERAL | (v6 ? TG_DOMAIN_IPV6 : 0);
	return TG_OK;
}

/*
 * Public suffix and registrable domain of out->alabel, with libpsl's
 * answers (psl_registrable_domain(), the "known" tests with
 * PSL_TYPE_NO_STAR_RULE) from our own table: suffix.c.
 */
static void
suffix_lookup(const tg_ctx *ctx, struct tg_domain *out)
{
	size_t len = out->alabel_len, n, r;
	unsigned f;

	n = tg__sfx_lookup(tg__ctx_sfx(ctx), out->alabel, len, TG__SFX_ALL,
	    &f);
	memcpy(out->suffix, out->alabel + len - n, n);
	out->suffix[n] = '\0';
	if (n < len) {
		/* The registrable domain: the suffix and one label more. */
		for (r = len - n - 1; r > 0 && out->alabel[r - 1] != '.'; r--)
			;
		memcpy(out->registrable, out->alabel + r, len - r + 1);
	} else {
		out->flags |= TG_DOMAIN_IS_SUFFIX;
	}
	if (f & TG__SFX_KNOWN)
		out->flags |= TG_DOMAIN_SUFFIX_KNOWN;
	if (f & TG__SFX_PRIVATE)
		out->flags |= TG_DOMAIN_SUFFIX_PRIVATE;
}

/* On error, no half-written name is left for a careless caller to use. */
static int
failed(struct tg_domain *out, int rc)
{
	out->flags = 0;
	out->alabel_len = 0;
	out->alabel[0] = out->ulabel[0] = '\0';
	out->suffix[0] = out->registrable[0] = '\0';
	return rc;
}

/* How parse_name() works. */
#define P_FAST 1        /* the fast path of idna.c where it can decide */
#define P_NOSFX 2       /* no suffix split */

static int
parse_name(const tg_ctx *ctx, const char *s, size_t len, size_t base,
    struct tg_domain *out, struct tg_error *err, int how)
{
	const char *tld;
	size_t n;
	int rc;

	if (len == 0)
		return tg__error_set(err, TG_EEMPTY, base, "empty domain at %zu",
		    base);
	if (len > TG_DOMAIN_INPUT_MAX)
		return tg__error_set(err, TG_ETOOLONG,
		    base + TG_DOMAIN_INPUT_MAX,
		    "domain of %zu bytes, limit %d", len, TG_DOMAIN_INPUT_MAX);
	if (s[0] == '[')
		return literal(s, len, base, out, err);

	/* One trailing dot (ASCII or wide) is the root: remove it. */
	if (len > 1 && s[len - 1] == '.') {
		len--;
		out->flags |= TG_DOMAIN_TRAILING_DOT;
	} else if (len > 3 &&
	    wide_dot_len((const unsigned char *)s + len - 3, 3) == 3) {
		len -= 3;
		out->flags |= TG_DOMAIN_TRAILING_DOT;
	}

	rc = ascii_path(s, len, base, out, err);
	if (rc == 1)
		rc = idna_path(s, len, base, out, err, how & P_FAST);
	else if (rc == TG_OK)
		memcpy(out->ulabel, out->alabel, out->alabel_len + 1);
	if (rc != TG_OK)
		return rc;

	/* RFC 3696 2: a top-level label is never all digits. */
	tld = strrchr(out->alabel, '.');
	tld = tld != NULL ? tld + 1 : out->alabel;
	n = strlen(tld);
	if (all_digits(tld, n)) {
		unsigned char v4[4];

		if (inet_pton(AF_INET, out->alabel, v4) == 1)
			return tg__error_set(err, TG_EDOM_NUMERIC, base,
			    "bare IPv4 address at %zu; an address literal is "
			    "written [%s]", base, out->alabel);
		return tg__error_set(err, TG_EDOM_NUMERIC, base,
		    "top-level label '%s' of domain at %zu is all digits", tld,
		    base);
	}
	if (strncmp(out->alabel, "xn--", 4) == 0 ||
	    strstr(out->alabel, ".xn--") != NULL)
		out->flags |= TG_DOMAIN_IDN;
	if (!(how & P_NOSFX))
		suffix_lookup(ctx, out);
	return TG_OK;
}

int
tg__domain_parse(const tg_ctx *ctx, const char *s, size_t len, size_t base,
    struct tg_domain *out, struct tg_error *err)
{
	int rc;

	failed(out, 0);
	rc = parse_name(ctx, s, len, base, out, err, 1);
	return rc == TG_OK ? TG_OK : failed(out, rc);
}

int
tg__domain_parse_name(const tg_ctx *ctx, const char *s, size_t len,
    size_t base, struct tg_domain *out, struct tg_error *err)
{
	int rc;

	failed(out, 0);
	rc = parse_name(ctx, s, len, base, out, err, P_FAST | P_NOSFX);
	return rc == TG_OK ? TG_OK : failed(out, rc);
}

int
tg__domain_parse_idn2(const tg_ctx *ctx, const char *s, size_t len,
    struct tg_domain *out, struct tg_error *err)
{
	int rc;

	failed(out, 0);
	rc = parse_name(ctx, s, len, 0, out, err, 0);
	if (rc == TG_OK)
		tg__error_clear(err);
	return rc == TG_OK ? TG_OK : failed(out, rc);
}

int
tg_domain_parse(const tg_ctx *ctx, const char *s, size_t len,
    struct tg_domain *out, struct tg_error *err)
{
	int rc;

	if (ctx == NULL || out == NULL || (s == NULL && len > 0))
		return tg__error_set(err, TG_EINVAL, TG_NO_OFFSET,
		    "tg_domain_parse: NULL argument");
	rc = tg__domain_parse(ctx, s, len, 0, out, err);
	if (rc == TG_OK)
		tg__error_clear(err);
	return rc;
}
