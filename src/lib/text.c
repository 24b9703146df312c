/*
 * text.c - UTF-8 decoding and quoting of input for messages.
 */
#include <stdio.h>
#include <string.h>

#include "text_int.h"

size_t
tg__utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c, min;
	size_t n, i;

	if (len == 0)
		return 0;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		return 0; /* continuation byte, 0xc0/0xc1, or 0xf5-0xff */
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

int
tg__utf8_check(const char *s, size_t len, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		n = tg__utf8_decode(p + i, len - i, &cp);
		if (n == 0) {
			*bad = i;
			return -1;
		}
		i += n;
	}
	return 0;
}

void
tg__quote_bytes(char *buf, size_t size, const char *s, size_t len)
{
	size_t o = 0, i, need = 0, room;
	unsigned char c;

	if (size == 0)
		return;
	/* Room for "..." is kept only when the whole does not fit. */
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		need += c == ' ' || (c > 0x20 && c < 0x7f) ? 1 : 4;
	}
	room = need < size ? 0 : 3;
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c == ' ' || (c > 0x20 && c < 0x7f)) {
			if (o + 1 + room >= size)
				goto cut;
			buf[o++] = (char)c;
		} else {
			if (o + 4 + room >= size)
				goto cut;
			snprintf(buf + o, size - o, "\\x%02x", c);
			o += 4;
		}
	}
	buf[o] = '\0';
	return;
cut:
	if (size >= 4) {
		while (o + 4 > size)
			o--;
		memcpy(buf + o, "...", 4);
	} else {
		buf[0] = '\0';
	}
}
