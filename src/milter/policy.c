/*
 * policy.c - the recipient policy (policy.h).
 *
 * The table is the whole policy: rows are list actions, columns the kind
 * of submission.  A RCPT-time reject is only for SMTP: Postfix's cleanup
 * cannot refuse one recipient of a sendmail/pickup submission (it logs
 * "can't reject recipient in non-smtpd(8) submission" and the message
 * stays in the maildrop queue), so for local mail LocalSubmission chooses
 * between refusing the whole message at its end (Postfix then bounces it
 * to the sender with our text) and holding it.
 *
 * Content rules (SeverityAction) replace a list's action by one chosen
 * from the message's severity.  That is known only at end of message,
 * where a reject refuses the whole message.
 */
#include <strings.h>

#include "policy.h"

static const char *const action_names[] = {
#define POL__NAME_ROW(sym, name) name,
	POL_ACTION_MAP(POL__NAME_ROW)
#undef POL__NAME_ROW
};

static const char *const outcome_names[] = {
#define POL__NAME_ROW(sym, name) name,
	POL_OUTCOME_MAP(POL__NAME_ROW)
#undef POL__NAME_ROW
};

/* POL_OUT_NONE in the LOCAL column marks "LocalSubmission decides". */
static const enum pol_outcome table[POL_ACTION_COUNT][2] = {
	/*               POL_SMTP              POL_LOCAL */
	[POL_LOG] =    { POL_OUT_LOG,          POL_OUT_LOG },
	[POL_TAG] =    { POL_OUT_TAG,          POL_OUT_TAG },
	[POL_HOLD] =   { POL_OUT_HOLD,         POL_OUT_HOLD },
	[POL_REJECT] = { POL_OUT_REJECT_RCPT,  POL_OUT_NONE },
};

const char *
pol_action_name(enum pol_action a)
{
	return (unsigned)a < POL_ACTION_COUNT ? action_names[a] : "?";
}

int
pol_action_from_name(const char *name, enum pol_action *out)
{
	unsigned i;

	for (i = 0; i < POL_ACTION_COUNT; i++)
		if (strcasecmp(name, action_names[i]) == 0) {
			*out = (enum pol_action)i;
			return 0;
		}
	return -1;
}

const char *
pol_outcome_name(enum pol_outcome o)
{
	return (unsigned)o < POL_OUTCOME_COUNT ? outcome_names[o] : "?";
}

enum pol_outcome
policy_decide(enum tg_verdict verdict, int lookalike, int allowlisted,
    enum pol_action action, enum pol_submission sub, enum pol_action local)
{
	enum pol_outcome o;

	if (verdict == TG_VERDICT_ALLOWED)
		return lookalike && allowlisted ? POL_OUT_ALLOWED :
		    POL_OUT_NONE;
	if (verdict != TG_VERDICT_TYPO || (unsigned)action >= POL_ACTION_COUNT)
		return POL_OUT_NONE;
	o = table[action][sub == POL_LOCAL];
	if (o == POL_OUT_NONE)
		o = local == POL_HOLD ? POL_OUT_HOLD : POL_OUT_REJECT_MSG;
	return o;
}

int
policy_action(const struct tg_check *r, double threshold,
    pol_lookup_fn lookup, void *arg, enum pol_action *action,
    size_t *which)
{
	size_t i;
	int best = -1, a;

	for (i = 0; i < r->ncandidates; i++) {
		if (r->candidates[i].score < threshold)
			continue;
		a = lookup != NULL ? lookup(r->candidates[i].entry, arg) : -1;
		if (a < 0 || a >= POL_ACTION_COUNT)
			a = POL_REJECT;
		/* Candidates are ranked: on a tie the earlier one stays. */
		if (a > best) {
			best = a;
			*which = i;
		}
	}
	if (best < 0)
		return -1;
	*action = (enum pol_action)best;
	return 0;
}

void
pol_severity_init(struct pol_severity *ps)
{
	int i;

	for (i = 0; i < TG_SEVERITY_COUNT; i++)
		ps->rule[i] = -1;
}

int
pol_severity_any(const struct pol_severity *ps)
{
	int i;

	for (i = 0; i < TG_SEVERITY_COUNT; i++)
		if (ps->rule[i] >= 0)
			return 1;
	return 0;
}

enum pol_action
policy_severity(const struct pol_severity *ps, enum pol_action list,
    int sev, int *ruled)
{
	int i;

	if (sev >= TG_SEVERITY_COUNT)
		sev = TG_SEVERITY_COUNT - 1;
	*ruled = -1;
	for (i = sev; i >= 0; i--)
		if (ps->rule[i] >= 0 && ps->rule[i] < POL_ACTION_COUNT) {
			*ruled = i;
			return (enum pol_action)ps->rule[i];
		}
	return list;
}

enum pol_outcome
policy_decide_eom(enum pol_action action, enum pol_submission sub,
    enum pol_action local)
{
	enum pol_outcome o;

	o = policy_decide(TG_VERDICT_TYPO, 1, 0, action, sub, local);
	return o == POL_OUT_REJECT_RCPT ? POL_OUT_REJECT_MSG : o;
}
