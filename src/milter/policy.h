/*
 * policy.h - what the milter does about one recipient: the library's
 * verdict, the action of the protected list that matched and the kind of
 * submission, in one table (policy.c).
 */
#ifndef TGM_POLICY_H
#define TGM_POLICY_H

#include <stddef.h>

#include "typoguard.h"

/* The action a protected list asks for, mildest first: when several lists
 * match one recipient, the strictest wins. */
#define POL_ACTION_MAP(X) \
	X(LOG, "log")     \
	X(TAG, "tag")     \
	X(HOLD, "hold")   \
	X(REJECT, "reject")

enum pol_action {
#define POL__ACT_ROW(sym, name) POL_##sym,
	POL_ACTION_MAP(POL__ACT_ROW)
#undef POL__ACT_ROW
	POL_ACTION_COUNT
};

const char *pol_action_name(enum pol_action a);
/* -1 when unknown; case-insensitive. */
int pol_action_from_name(const char *name, enum pol_action *out);

/* How the message came in. */
enum pol_submission {
	POL_SMTP,   /* an SMTP session: a recipient can be refused alone */
	POL_LOCAL   /* Postfix sendmail/pickup (non-smtpd): it cannot */
};

/* What the milter does. */
#define POL_OUTCOME_MAP(X)                                              \
	X(NONE, "none")            /* nothing, no log line */           \
	X(ALLOWED, "allowed")      /* allowlisted look-alike: log */    \
	X(LOG, "log")              /* log at end of message */          \
	X(TAG, "tag")              /* header at end of message */       \
	X(HOLD, "hold")            /* quarantine at end of message */   \
	X(REJECT_RCPT, "reject")   /* 5xx for this RCPT */              \
	X(REJECT_MSG, "reject")    /* 5xx for the whole message at end */

enum pol_outcome {
#define POL__OUT_ROW(sym, name) POL_OUT_##sym,
	POL_OUTCOME_MAP(POL__OUT_ROW)
#undef POL__OUT_ROW
	POL_OUTCOME_COUNT
};

/* The word for logs: "reject", "hold" ... */
const char *pol_outcome_name(enum pol_outcome o);

/*
 * The outcome for a recipient:
 *   verdict      from tg_check()
 *   lookalike    the check named candidates (for allowed: a look-alike
 *                that the allowlist lets through; a domain that is only
 *                on the known-legitimate list gives NONE)
 *   allowlisted  the allow verdict came from the deployment's allowlist
 *   action       of the strictest list matched (typo only)
 *   sub          how the message came in
 *   local        LocalSubmission: POL_REJECT or POL_HOLD, what replaces a
 *                RCPT-time reject for non-smtpd mail
 */
enum pol_outcome policy_decide(enum tg_verdict verdict, int lookalike,
    int allowlisted, enum pol_action action, enum pol_submission sub,
    enum pol_action local);

/*
 * The action for a typo: the strictest of the lists whose entries the
 * candidates at or above threshold matched.  lookup(entry, arg) gives
 * an entry's action, or -1 when it has none (then POL_REJECT, the
 * default, is assumed).  Sets *which to the candidate that gave the
 * action (the best one on ties).  Returns -1 when no candidate reaches the
 * threshold.
 */
typedef int (*pol_lookup_fn)(const char *entry, void *arg);

int policy_action(const struct tg_check *r, double threshold,
    pol_lookup_fn lookup, void *arg, enum pol_action *action,
    size_t *which);

/*
 * Actions by the content's severity (SeverityAction LEVEL ACTION):
 * rule[level] is the action for a message whose severity is at least
 * level, or -1 when no rule names that level.  The rule of the highest
 * level not above the message's severity applies; below every rule, the
 * protected list's action stays.
 */
struct pol_severity {
	int rule[TG_SEVERITY_COUNT];
};

/* No rules. */
void pol_severity_init(struct pol_severity *ps);
/* Whether any rule is set. */
int pol_severity_any(const struct pol_severity *ps);

/*
 * The action for a typo recipient whose list asks for `list`, in a
 * message of severity sev (0-4).  *ruled is set to the level of the
 * rule that decided, or -1 when the list's action stays.
 */
enum pol_action policy_severity(const struct pol_severity *ps,
    enum pol_action list, int sev, int *ruled);

/*
 * The outcome of a typo recipient decided at end of message (content
 * rules): as policy_decide(), but a reject refuses the whole message,
 * since one recipient can no longer be refused alone (for local mail
 * LocalSubmission still chooses between that and hold).
 */
enum pol_outcome policy_decide_eom(enum pol_action action,
    enum pol_submission sub, enum pol_action local);

#endif
