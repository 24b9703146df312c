/*
 * score.c - danger is plausibility times exposure.
 *
 * Plausibility (slip.c) says how readily people make a slip; exposure says
 * who could receive the mail that the slip sends astray.  The factors are
 * chosen so that every one-slip match into a TLD that exists reaches
 * TG_THRESHOLD_DEFAULT (plausibility is never below 0.25, the smallest
 * factor for a delegated TLD is 0.4), and a slip into a TLD that does not
 * exist never does (the mail bounces: 0.05 x 1 < 0.1).  Admins who want
 * only the likeliest slips raise the threshold; doc/typoguard-model.7 has
 * the table.
 */
#include <string.h>

#include "slip_int.h"
#include "suffix_int.h"

static const double exposure_factor[TG_EXPOSURE_COUNT] = {
	[TG_EXPOSURE_OPEN] = 1.0,
	[TG_EXPOSURE_CLOSED] = 0.6,
	[TG_EXPOSURE_INTERNAL] = 0.4,
	[TG_EXPOSURE_UNDELEGATED] = 0.05,
};

/* Forwarding to one's own mailbox elsewhere: the same local part on both
 * sides makes a slip likelier than a stranger's name would. */
#define SELF_FORWARD_BOOST 1.25

/*
 * TLDs only eligible bodies can register under: the US government's
 * sponsored TLDs and .int.  Government and military second levels of
 * country codes (gov.uk, mil.br ...) are closed too: their first label is
 * one of closed_second.
 */
static const char *const closed_tlds[] = { "mil", "gov", "edu", "int" };
static const char *const closed_second[] = {
	"mil", "gov", "govt", "gouv", "gob", "gv", "go", "mod", "edu", "ac",
	"int", "police", "nic",
};

static int
word_in(const char *s, size_t n, const char *const *list, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (strlen(list[i]) == n && memcmp(list[i], s, n) == 0)
			return 1;
	return 0;
}

enum tg_exposure
tg__exposure_base(const struct tg__sfx *sfx, const char *alabel, size_t len,
    size_t slen)
{
	const char *tld = alabel + len, *sfx_start, *dot;

	while (tld > alabel && tld[-1] != '.')
		tld--;
	if (!tg__sfx_is_tld(sfx, tld, (size_t)(alabel + len - tld)))
		return TG_EXPOSURE_UNDELEGATED;
	if (word_in(tld, (size_t)(alabel + len - tld), closed_tlds,
	    sizeof(closed_tlds) / sizeof(closed_tlds[0])))
		return TG_EXPOSURE_CLOSED;
	if (slen > len)
		slen = tg__sfx_lookup(sfx, alabel, len, TG__SFX_ICANN_ONLY,
		    NULL);
	sfx_start = alabel + len - slen;
	dot = memchr(sfx_start, '.', slen);
	if (dot != NULL && word_in(sfx_start, (size_t)(dot - sfx_start),
	    closed_second, sizeof(closed_second) / sizeof(closed_second[0])))
		return TG_EXPOSURE_CLOSED;
	return TG_EXPOSURE_OPEN;
}

enum tg_exposure
tg__exposure_for(enum tg_exposure base, const char *alabel, size_t len,
    const char *entry_reg)
{
	size_t rlen;

	if (base == TG_EXPOSURE_UNDELEGATED)
		return base;
	/* Inside the protected entry's own registrable domain. */
	rlen = strlen(entry_reg);
	if (rlen > 0 && len >= rlen &&
	    memcmp(alabel + len - rlen, entry_reg, rlen) == 0 &&
	    (len == rlen || alabel[len - rlen - 1] == '.'))
		return TG_EXPOSURE_INTERNAL;
	return base;
}

enum tg_exposure
tg__exposure(const struct tg__sfx *sfx, const char *alabel, size_t len,
    const char *entry_reg)
{
	return tg__exposure_for(tg__exposure_base(sfx, alabel, len,
	    (size_t)-1), alabel, len, entry_reg);
}

double
tg__score(double plaus, enum tg_exposure exp, int self_forward)
{
	double s;

	if ((unsigned)exp >= TG_EXPOSURE_COUNT)
		return 0;
	s = plaus * (self_forward ? SELF_FORWARD_BOOST : 1.0);
	if (s > 1)
		s = 1;
	return s * exposure_factor[exp];
}
