/*
 * datafile.c - find a data file bundled with typoguard (datafile.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "datafile.h"

#ifndef TG_DATADIR
#define TG_DATADIR "/usr/local/share/typoguard"
#endif

int
datafile_find(const char *name, char *path, size_t size)
{
	const char *dirs[3];
	const char *env = getenv("TYPOGUARD_DATADIR");
	size_t n = 0, i, used;
	int w;

	if (size == 0)
		return -1;
	if (env != NULL && env[0] != '\0') {
		dirs[n++] = env;
	} else {
		dirs[n++] = TG_DATADIR;
#ifdef TG_SRC_DATADIR
		dirs[n++] = TG_SRC_DATADIR;
#endif
	}
	for (i = 0; i < n; i++) {
		w = snprintf(path, size, "%s/%s", dirs[i], name);
		/* F_OK, not R_OK: a file that is there but unreadable is
		 * found, and opening it then says why it cannot be read. */
		if (w > 0 && (size_t)w < size && access(path, F_OK) == 0)
			return 0;
	}
	used = 0;
	path[0] = '\0';
	for (i = 0; i < n && used < size; i++) {
		w = snprintf(path + used, size - used, "%s%s/%s",
		    i > 0 ? ", " : "", dirs[i], name);
		if (w < 0)
			break;
		used += (size_t)w;
	}
	return -1;
}
