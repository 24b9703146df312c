/*
 * test_policy.c - the recipient policy (src/milter/policy.c): one row per
 * cell of the table, and the choice of action among candidates.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "policy.h"
#include "unit.h"

#define V(x) TG_VERDICT_##x
#define O(x) POL_OUT_##x

struct row {
	const char *name;
	enum tg_verdict verdict;
	int lookalike, allowlisted;
	enum pol_action action;
	enum pol_submission sub;
	enum pol_action local;
	enum pol_outcome want;
};

static const struct row rows[] = {
	{ "typo reject smtp", V(TYPO), 1, 0, POL_REJECT, POL_SMTP, POL_REJECT,
	    O(REJECT_RCPT) },
	{ "typo reject local -> reject message", V(TYPO), 1, 0, POL_REJECT,
	    POL_LOCAL, POL_REJECT, O(REJECT_MSG) },
	{ "typo reject local, LocalSubmission hold", V(TYPO), 1, 0,
	    POL_REJECT, POL_LOCAL, POL_HOLD, O(HOLD) },
	{ "typo reject smtp ignores LocalSubmission", V(TYPO), 1, 0,
	    POL_REJECT, POL_SMTP, POL_HOLD, O(REJECT_RCPT) },
	{ "typo hold smtp", V(TYPO), 1, 0, POL_HOLD, POL_SMTP, POL_REJECT,
	    O(HOLD) },
	{ "typo hold local", V(TYPO), 1, 0, POL_HOLD, POL_LOCAL, POL_REJECT,
	    O(HOLD) },
	{ "typo tag smtp", V(TYPO), 1, 0, POL_TAG, POL_SMTP, POL_REJECT,
	    O(TAG) },
	{ "typo tag local", V(TYPO), 1, 0, POL_TAG, POL_LOCAL, POL_HOLD,
	    O(TAG) },
	{ "typo log smtp", V(TYPO), 1, 0, POL_LOG, POL_SMTP, POL_REJECT,
	    O(LOG) },
	{ "typo log local", V(TYPO), 1, 0, POL_LOG, POL_LOCAL, POL_REJECT,
	    O(LOG) },
	{ "allowlisted look-alike", V(ALLOWED), 1, 1, POL_REJECT, POL_SMTP,
	    POL_REJECT, O(ALLOWED) },
	{ "known legitimate look-alike", V(ALLOWED), 1, 0, POL_REJECT,
	    POL_SMTP, POL_REJECT, O(NONE) },
	{ "allowlisted, nothing alike", V(ALLOWED), 0, 1, POL_REJECT,
	    POL_SMTP, POL_REJECT, O(NONE) },
	{ "clean", V(CLEAN), 0, 0, POL_REJECT, POL_SMTP, POL_REJECT,
	    O(NONE) },
	{ "clean below threshold", V(CLEAN), 1, 0, POL_REJECT, POL_SMTP,
	    POL_REJECT, O(NONE) },
	{ "protected", V(PROTECTED), 0, 0, POL_REJECT, POL_LOCAL, POL_REJECT,
	    O(NONE) },
	{ "invalid", V(INVALID), 0, 0, POL_REJECT, POL_SMTP, POL_REJECT,
	    O(NONE) },
	{ "typo with a bad action", V(TYPO), 1, 0, (enum pol_action)99,
	    POL_SMTP, POL_REJECT, O(NONE) },
};

static void
test_row(void **state)
{
	const struct row *r = *state;

	assert_int_equal(policy_decide(r->verdict, r->lookalike,
	    r->allowlisted, r->action, r->sub, r->local), r->want);
}

/* A fake check with three candidates, ranked. */
static void
fake(struct tg_check *c)
{
	static const char *const ent[] = { "army.mil", "army.nl", ".mil" };
	static const double score[] = { 0.86, 0.79, 0.05 };
	size_t i;

	memset(c, 0, sizeof(*c));
	c->verdict = TG_VERDICT_TYPO;
	c->ncandidates = 3;
	for (i = 0; i < 3; i++) {
		strcpy(c->candidates[i].entry, ent[i]);
		c->candidates[i].score = score[i];
	}
}

struct actions {
	int mil, nl, rule;
};

static int
lookup(const char *entry, void *arg)
{
	const struct actions *a = arg;

	if (strcmp(entry, "army.mil") == 0)
		return a->mil;
	if (strcmp(entry, "army.nl") == 0)
		return a->nl;
	if (strcmp(entry, ".mil") == 0)
		return a->rule;
	return -1;
}

static void
test_action_choice(void **state)
{
	struct tg_check c;
	struct actions a;
	enum pol_action act;
	size_t which = 99;

	(void)state;
	fake(&c);
	/* Same action: the best candidate. */
	a = (struct actions){ POL_REJECT, POL_REJECT, POL_REJECT };
	assert_int_equal(policy_action(&c, 0.1, lookup, &a, &act, &which), 0);
	assert_int_equal(act, POL_REJECT);
	assert_int_equal(which, 0);
	/* The strictest list wins, even from the second candidate. */
	a = (struct actions){ POL_LOG, POL_HOLD, POL_REJECT };
	assert_int_equal(policy_action(&c, 0.1, lookup, &a, &act, &which), 0);
	assert_int_equal(act, POL_HOLD);
	assert_int_equal(which, 1);
	/* Below the threshold a candidate does not count. */
	a = (struct actions){ POL_LOG, POL_LOG, POL_REJECT };
	assert_int_equal(policy_action(&c, 0.1, lookup, &a, &act, &which), 0);
	assert_int_equal(act, POL_LOG);
	assert_int_equal(which, 0);
	/* No candidate at the threshold. */
	assert_int_equal(policy_action(&c, 0.9, lookup, &a, &act, &which), -1);
	/* An entry without an action: reject, the default. */
	a = (struct actions){ -1, POL_LOG, POL_LOG };
	assert_int_equal(policy_action(&c, 0.1, lookup, &a, &act, &which), 0);
	assert_int_equal(act, POL_REJECT);
	assert_int_equal(which, 0);
	assert_int_equal(policy_action(&c, 0.1, NULL, NULL, &act, &which), 0);
	assert_int_equal(act, POL_REJECT);
}

/* SeverityAction: the highest rule not above the severity decides. */
static void
test_severity(void **state)
{
	struct pol_severity ps;
	int ruled;

	(void)state;
	pol_severity_init(&ps);
	assert_false(pol_severity_any(&ps));
	/* No rule: the list's action, whatever the severity. */
	assert_int_equal(policy_severity(&ps, POL_TAG, TG_SEVERITY_CRITICAL,
	    &ruled), POL_TAG);
	assert_int_equal(ruled, -1);

	/* "hold at high, reject otherwise" (the list says reject). */
	ps.rule[TG_SEVERITY_HIGH] = POL_HOLD;
	assert_true(pol_severity_any(&ps));
	assert_int_equal(policy_severity(&ps, POL_REJECT, TG_SEVERITY_NONE,
	    &ruled), POL_REJECT);
	assert_int_equal(ruled, -1);
	assert_int_equal(policy_severity(&ps, POL_REJECT, TG_SEVERITY_MEDIUM,
	    &ruled), POL_REJECT);
	assert_int_equal(policy_severity(&ps, POL_REJECT, TG_SEVERITY_HIGH,
	    &ruled), POL_HOLD);
	assert_int_equal(ruled, TG_SEVERITY_HIGH);
	assert_int_equal(policy_severity(&ps, POL_REJECT,
	    TG_SEVERITY_CRITICAL, &ruled), POL_HOLD);
	assert_int_equal(ruled, TG_SEVERITY_HIGH);
	/* A rule replaces the list's action, milder or stricter. */
	assert_int_equal(policy_severity(&ps, POL_LOG, TG_SEVERITY_HIGH,
	    &ruled), POL_HOLD);

	/* Several rules; out-of-range severities are clamped. */
	ps.rule[TG_SEVERITY_NONE] = POL_LOG;
	ps.rule[TG_SEVERITY_CRITICAL] = POL_REJECT;
	assert_int_equal(policy_severity(&ps, POL_REJECT, TG_SEVERITY_LOW,
	    &ruled), POL_LOG);
	assert_int_equal(ruled, TG_SEVERITY_NONE);
	assert_int_equal(policy_severity(&ps, POL_LOG, TG_SEVERITY_HIGH,
	    &ruled), POL_HOLD);
	assert_int_equal(policy_severity(&ps, POL_LOG, TG_SEVERITY_CRITICAL,
	    &ruled), POL_REJECT);
	assert_int_equal(policy_severity(&ps, POL_LOG, 9, &ruled),
	    POL_REJECT);
	assert_int_equal(ruled, TG_SEVERITY_CRITICAL);
}

/* At end of message a reject refuses the message, never one recipient. */
static void
test_decide_eom(void **state)
{
	(void)state;
	assert_int_equal(policy_decide_eom(POL_REJECT, POL_SMTP, POL_REJECT),
	    POL_OUT_REJECT_MSG);
	assert_int_equal(policy_decide_eom(POL_REJECT, POL_SMTP, POL_HOLD),
	    POL_OUT_REJECT_MSG);
	assert_int_equal(policy_decide_eom(POL_REJECT, POL_LOCAL, POL_REJECT),
	    POL_OUT_REJECT_MSG);
	assert_int_equal(policy_decide_eom(POL_REJECT, POL_LOCAL, POL_HOLD),
	    POL_OUT_HOLD);
	assert_int_equal(policy_decide_eom(POL_HOLD, POL_SMTP, POL_REJECT),
	    POL_OUT_HOLD);
	assert_int_equal(policy_decide_eom(POL_TAG, POL_LOCAL, POL_REJECT),
	    POL_OUT_TAG);
	assert_int_equal(policy_decide_eom(POL_LOG, POL_SMTP, POL_REJECT),
	    POL_OUT_LOG);
}

static void
test_names(void **state)
{
	enum pol_action a;

	(void)state;
	assert_int_equal(pol_action_from_name("REJECT", &a), 0);
	assert_int_equal(a, POL_REJECT);
	assert_int_equal(pol_action_from_name("hold", &a), 0);
	assert_int_equal(a, POL_HOLD);
	assert_int_equal(pol_action_from_name("Tag", &a), 0);
	assert_int_equal(a, POL_TAG);
	assert_int_equal(pol_action_from_name("log", &a), 0);
	assert_int_equal(a, POL_LOG);
	assert_int_equal(pol_action_from_name("drop", &a), -1);
	assert_int_equal(pol_action_from_name("", &a), -1);
	assert_string_equal(pol_action_name(POL_HOLD), "hold");
	assert_string_equal(pol_outcome_name(POL_OUT_REJECT_RCPT), "reject");
	assert_string_equal(pol_outcome_name(POL_OUT_REJECT_MSG), "reject");
	assert_string_equal(pol_outcome_name(POL_OUT_ALLOWED), "allowed");
	assert_string_equal(pol_outcome_name((enum pol_outcome)77), "?");
	/* Strictness order is the table's order. */
	assert_true(POL_LOG < POL_TAG && POL_TAG < POL_HOLD &&
	    POL_HOLD < POL_REJECT);
}

int
main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_action_choice),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_severity),
		cmocka_unit_test(test_decide_eom),
	};

	return ut_run("policy", test_row, rows, sizeof(rows) / sizeof(*rows),
	    sizeof(*rows), fixed, sizeof(fixed) / sizeof(*fixed), 0);
}
