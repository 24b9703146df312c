/*
 * keyboard.c - keyboard layouts and key adjacency (keyboard_int.h).
 *
 * Each layout is written once, as the physical keyboard: four rows of
 * keys, each row starting at its stagger offset.  Adjacency is computed
 * from that geometry, never listed: two keys are neighbours when they are
 * next to each other in a row, or in rows one apart and their key caps
 * overlap horizontally.  The first call builds a 128 x 128 table of
 * layout bitmasks (pthread_once), so that a lookup is one load after
 * the once check.
 */
#include <pthread.h>
#include <stddef.h>
#include <string.h>

#include "keyboard_int.h"

/*
 * Positions are in quarter key widths from the left edge of the number
 * row's first key.  Standard staggers: Tab is 1.5 keys wide, Caps Lock
 * 1.75, left Shift 2.25 on ANSI boards (US) and 1.25 plus the extra '<'
 * key on ISO boards (German, French).
 *
 * A row is its keys from left to right, separated by spaces; each key
 * lists the host-name characters (a-z 0-9 '-') it types, shifted or not,
 * and '_' stands for a key that types none of them (it is kept: it holds
 * the keys after it in place).
 */
#define KB_ROWS 4
#define KB_KEY_W 4	/* a key is four quarters wide */

struct kb_row {
	unsigned x0;		/* left edge of the row's first key */
	const char *keys;
};

static const struct kb_row kb_layouts[TG_LAYOUT_COUNT][KB_ROWS] = {
	/* US ANSI.  '-' is the key right of 0, as printed. */
	[TG_LAYOUT_QWERTY] = {
		{ 0, "_ 1 2 3 4 5 6 7 8 9 0 - _" },	/* ` ... - = */
		{ 6, "q w e r t y u i o p _ _ _" },	/* ... [ ] \ */
		{ 7, "a s d f g h j k l _ _" },		/* ... ; ' */
		{ 9, "z x c v b n m _ _ _" },		/* ... , . / */
	},
	/*
	 * German ISO (T1).  The key right of 0 types sz; '-' is the key
	 * right of '.' in the bottom row, whose neighbours ('.', o-umlaut,
	 * a-umlaut, Shift) type nothing of a host name: on QWERTZ '-' has no
	 * neighbours here.
	 */
	[TG_LAYOUT_QWERTZ] = {
		{ 0, "_ 1 2 3 4 5 6 7 8 9 0 _ _" },	/* ^ ... sz acute */
		{ 6, "q w e r t z u i o p _ _" },	/* ... u-umlaut + */
		{ 7, "a s d f g h j k l _ _ _" },	/* ... o-, a-umlaut # */
		{ 5, "_ y x c v b n m _ _ -" },		/* < ... , . - */
	},
	/*
	 * French ISO.  The number row types & e-acute " ' ( - e-grave _
	 * c-cedilla a-grave unshifted and the digits shifted; a digit keeps
	 * its key.  '-' is unshifted on the key of 6, so it shares 6's
	 * neighbours and is no neighbour of 6 itself (same key).
	 */
	[TG_LAYOUT_AZERTY] = {
		{ 0, "_ 1 2 3 4 5 6- 7 8 9 0 _ _" },	/* squared ... ) = */
		{ 6, "a z e r t y u i o p _ _" },	/* ... ^ $ */
		{ 7, "q s d f g h j k l m _ _" },	/* ... u-grave * */
		{ 5, "_ w x c v b n _ _ _ _" },		/* < ... , ; : ! */
	},
};

static const char *const layout_names[TG_LAYOUT_COUNT] = {
#define LAYOUT_ROW(sym, id) [TG_LAYOUT_##sym] = id,
	TG_LAYOUT_MAP(LAYOUT_ROW)
#undef LAYOUT_ROW
};

/* The most neighbours a character has is 7 (AZERTY t: r y 5 6 - f g);
 * room for more. */
#define KB_NB_MAX 15

static unsigned char kb_adj[128][128];
static char kb_nb[TG_LAYOUT_COUNT][128][KB_NB_MAX + 1];
static pthread_once_t kb_once = PTHREAD_ONCE_INIT;

/* One key: where it sits and what it types. */
struct kb_key {
	unsigned row;
	unsigned x;
	const char *chars;	/* into the row string */
	size_t nchars;
};

static int
kb_is_hostchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

/* Splits the layout's rows into keys; returns how many. */
static size_t
kb_keys(const struct kb_row *rows, struct kb_key *keys, size_t max)
{
	size_t n = 0, len;
	unsigned r, i;
	const char *p;

	for (r = 0; r < KB_ROWS; r++) {
		p = rows[r].keys;
		for (i = 0; *p != '\0' && n < max; i++) {
			len = strcspn(p, " ");
			keys[n].row = r;
			keys[n].x = rows[r].x0 + i * KB_KEY_W;
			keys[n].chars = p;
			keys[n].nchars = (len == 1 && *p == '_') ? 0 : len;
			n++;
			p += len;
			p += strspn(p, " ");
		}
	}
	return n;
}

static int
kb_touch(const struct kb_key *a, const struct kb_key *b)
{
	unsigned dx = a->x > b->x ? a->x - b->x : b->x - a->x;

	if (a->row == b->row)
		return dx == KB_KEY_W;
	if (a->row + 1 == b->row || b->row + 1 == a->row)
		return dx < KB_KEY_W;	/* the caps overlap */
	return 0;
}

/* Marks every character of key a a neighbour of every one of key b. */
static void
kb_link(int layout, const struct kb_key *a, const struct kb_key *b)
{
	unsigned char ca, cb;
	size_t i, j;

	for (i = 0; i < a->nchars; i++)
		for (j = 0; j < b->nchars; j++) {
			ca = (unsigned char)a->chars[i];
			cb = (unsigned char)b->chars[j];
			if (kb_is_hostchar(ca) && kb_is_hostchar(cb) &&
			    ca != cb)
				kb_adj[ca][cb] |= 1u << layout;
		}
}

static void
kb_build(void)
{
	struct kb_key keys[64];
	size_t n, i, j, k;
	int l;

	for (l = 0; l < TG_LAYOUT_COUNT; l++) {
		n = kb_keys(kb_layouts[l], keys,
		    sizeof(keys) / sizeof(keys[0]));
		for (i = 0; i < n; i++)
			for (j = 0; j < n; j++)
				if (i != j && kb_touch(&keys[i], &keys[j]))
					kb_link(l, &keys[i], &keys[j]);
	}
	/* Neighbour strings in ascending byte order. */
	for (l = 0; l < TG_LAYOUT_COUNT; l++)
		for (i = 0; i < 128; i++)
			for (j = 0, k = 0; j < 128 && k < KB_NB_MAX; j++)
				if (kb_adj[i][j] & (1u << l))
					kb_nb[l][i][k++] = (char)j;
}

unsigned
tg__kb_adjacent(unsigned char a, unsigned char b)
{
	if (a >= 128 || b >= 128)
		return 0;
	pthread_once(&kb_once, kb_build);
	return kb_adj[a][b];
}

const char *
tg__kb_neighbours(enum tg_layout layout, unsigned char c)
{
	if ((int)layout < 0 || layout >= TG_LAYOUT_COUNT || c >= 128)
		return "";
	pthread_once(&kb_once, kb_build);
	return kb_nb[layout][c];
}

const char *
tg_layout_name(int layout)
{
	return layout >= 0 && layout < TG_LAYOUT_COUNT ?
	    layout_names[layout] : NULL;
}

int
tg_layout_from_name(const char *name, size_t len)
{
	int l;

	if (name == NULL)
		return -1;
	for (l = 0; l < TG_LAYOUT_COUNT; l++)
		if (strlen(layout_names[l]) == len &&
		    memcmp(layout_names[l], name, len) == 0)
			return l;
	return -1;
}
