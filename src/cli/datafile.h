/*
 * datafile.h - find a data file bundled with typoguard.
 *
 * Self-contained (libc and config.h only) so that every typoguard program
 * finds its bundled lists the same way.
 */
#ifndef TG_DATAFILE_H
#define TG_DATAFILE_H

#include <stddef.h>

#define DATAFILE_PATH_MAX 4096

/*
 * Looks for the bundled file NAME (e.g. "legit-domains.txt") in:
 *   1. $TYPOGUARD_DATADIR, when set and not empty: then only there, so
 *      that an explicit choice is never silently replaced by another copy;
 *   2. the installed data directory (TG_DATADIR);
 *   3. the source tree's data/ directory (TG_SRC_DATADIR), for programs
 *      run from a build tree without being installed.
 * Returns 0 with the file's path in path[0..size).  Returns -1 when the
 * file is in none of them, with path holding the places looked in,
 * separated by ", " (cut to fit), for the error message.
 */
int datafile_find(const char *name, char *path, size_t size);

#endif
