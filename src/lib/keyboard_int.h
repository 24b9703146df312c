/*
 * keyboard_int.h - keyboard layouts and key adjacency.
 *
 * The layout belongs to the sender, not to the domain, so the typo engine
 * asks "in which layouts are these two keys neighbours" and weighs the
 * answer by the deployment's layout preference.  Only the characters of
 * host names matter: a-z, 0-9 and '-'.
 */
#ifndef TG_KEYBOARD_INT_H
#define TG_KEYBOARD_INT_H

#include "typoguard.h"

/*
 * Bit (1u << layout) for every layout in which keys a and b are physical
 * neighbours (same row left/right, or the row above/below as the keys
 * overlap).  Symmetric; 0 when a == b, when either is not a key of the
 * layout, or for characters outside a-z 0-9 '-'.  Upper case is not
 * folded: callers pass lowercase.
 */
unsigned tg__kb_adjacent(unsigned char a, unsigned char b);

/* The neighbours of c in layout, as a NUL-terminated string of keys in
 * ascending byte order ("" for none, and for a layout out of range). */
const char *tg__kb_neighbours(enum tg_layout layout, unsigned char c);

#endif
