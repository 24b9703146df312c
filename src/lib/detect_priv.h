/*
 * detect_priv.h - what the detector table (detect.c), its validators and
 * evidence writer (detect_check.c) and its seed finder (detect_seed.c)
 * share.  Private to those three.
 */
#ifndef TG_DETECT_PRIV_H
#define TG_DETECT_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "typoguard.h"

/* How a match's start is known. */
enum anchor {
	A_SOM,   /* Hyperscan reports the leftmost start */
	A_FIX,   /* fixed length: start = end - len */
	A_END    /* the validator finds the start itself */
};

enum kind {
	K_MATCH,   /* a match is a finding */
	K_ROWKEY,  /* rank or role: half a personnel row */
	K_ROWVAL,  /* phone, e-mail, ID number: the other half */
	K_TABLE    /* the personnel-table finding itself (no pattern) */
};

enum redact {
	RD_DIGITS,     /* letters and digits only; 4111********1111 */
	RD_PREFIX,     /* the first `keep` characters, then stars */
	RD_LABEL,      /* the text before the value, then ******** */
	RD_VERBATIM,   /* as written: markings, phrases, key headers */
	RD_URL,        /* scheme://host/... */
	RD_COORD,      /* degrees kept, the rest of each number starred */
	RD_MASKDIGITS  /* every digit starred */
};

/* A candidate, as the validators see and adjust it. */
struct cand {
	const char *t;   /* the whole piece */
	size_t n;
	size_t from, to; /* the match; validators may move both */
	size_t vfrom;    /* RD_LABEL: where the secret value starts */
	int level;       /* set by a validator: the level, whatever context */
};

/* Validator: 0 no, 1 yes if context words are near, 2 yes. */
typedef int (*check_fn)(struct cand *c);

/* The validators of the table's rows (detect_check.c). */
int tg__chk_aba(struct cand *c);
int tg__chk_aws(struct cand *c);
int tg__chk_card(struct cand *c);
int tg__chk_classif(struct cand *c);
int tg__chk_contract(struct cand *c);
int tg__chk_coord(struct cand *c);
int tg__chk_cui(struct cand *c);
int tg__chk_flight(struct cand *c);
int tg__chk_iban(struct cand *c);
int tg__chk_icd(struct cand *c);
int tg__chk_locator(struct cand *c);
int tg__chk_mgrs(struct cand *c);
int tg__chk_number(struct cand *c);
int tg__chk_portion(struct cand *c);
int tg__chk_pw_field(struct cand *c);
int tg__chk_pw_sentence(struct cand *c);
int tg__chk_reset(struct cand *c);
int tg__chk_room(struct cand *c);
int tg__chk_slack(struct cand *c);
int tg__chk_ssn(struct cand *c);
int tg__chk_td1(struct cand *c);
int tg__chk_td3(struct cand *c);
int tg__chk_token_end(struct cand *c);

/* The seed finder of the rows scanned around seeds (detect_seed.c): its
 * place in the piece and the digit groups of its cluster. */
struct tg__seeder {
	const unsigned char *t;
	size_t n, reach;
	size_t i;              /* next byte to look at */
	size_t cstart, cend;   /* the cluster: first byte, end of last group */
	size_t total;          /* its digits a match may hold */
	size_t grp[3];         /* its last groups' lengths, last first */
	size_t ng;             /* its groups */
	int bfirst;            /* a match may start at its first group */
	size_t wa, wb;         /* the window being gathered */
	int open;              /* there is one */
	size_t mblk;           /* 1 + the block whose digits are in mask */
	uint64_t mask;
};

/* Starts on t[0..n): windows reach `reach` bytes past their seeds. */
void tg__seed_start(struct tg__seeder *s, const char *t, size_t n,
    size_t reach);
/* The next window, [*wa, *wb), in order and apart from the others; 0
 * when there is none left. */
int tg__seed_next(struct tg__seeder *s, size_t *wa, size_t *wb);

/* Writes the evidence of c, redacted by mode (enum redact; keep for
 * RD_PREFIX), into out (TG_EVIDENCE_MAX + 1 bytes). */
void tg__det_redact(unsigned mode, unsigned keep, const struct cand *c,
    char *out);

#endif
