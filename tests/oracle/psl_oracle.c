/*
 * psl_oracle.c - libpsl's suffix and flags for a name (psl_oracle.h).
 */
#include <string.h>

#include "psl_oracle.h"
#include "suffix_int.h"

const char *
psl_oracle(const psl_ctx_t *psl, const char *name, unsigned *flags)
{
	const char *reg, *suf;

	reg = psl_registrable_domain(psl, name);
	if (reg != NULL) {
		suf = strchr(reg, '.');
		suf = suf != NULL ? suf + 1 : reg;
	} else {
		suf = psl_unregistrable_domain(psl, name);
		if (suf == NULL)
			suf = name;
	}
	*flags = 0;
	if (psl_is_public_suffix2(psl, suf,
	    PSL_TYPE_ICANN | PSL_TYPE_NO_STAR_RULE))
		*flags = TG__SFX_KNOWN;
	else if (psl_is_public_suffix2(psl, suf,
	    PSL_TYPE_PRIVATE | PSL_TYPE_NO_STAR_RULE))
		*flags = TG__SFX_KNOWN | TG__SFX_PRIVATE;
	return suf;
}
