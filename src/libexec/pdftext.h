/*
 * pdftext.h - how typoguard-pdftext is called and what its exit status
 * means; shared by the program (pdftext.c) and the library (pdf.c).
 *
 *   typoguard-pdftext [-i max_in] [-o max_out] [-m max_mem] [-t cpu_s]
 *
 * Reads a PDF from standard input (at most max_in bytes), writes the text
 * of its pages to standard output as UTF-8, one page after another with a
 * form feed and a line feed between pages, at most max_out bytes cut on a
 * character boundary.  Before it reads anything it limits itself: address
 * space max_mem bytes, CPU time cpu_s seconds (SIGXCPU, then SIGKILL a
 * second later), no core files, no file writes, few descriptors, no new
 * processes; after reading and before parsing, a seccomp filter where
 * built with libseccomp (lockdown.h).
 */
#ifndef TG_PDFTEXT_H
#define TG_PDFTEXT_H

#define PDFTEXT_NAME "typoguard-pdftext"

/* Exit status of typoguard-pdftext. */
#define PDFTEXT_OK		0	/* every page's text written */
#define PDFTEXT_CUT		10	/* text cut at max_out */
#define PDFTEXT_ENCRYPTED	11	/* needs a password */
#define PDFTEXT_MALFORMED	12	/* not a PDF poppler can read */
#define PDFTEXT_TOOBIG		13	/* input over max_in */
#define PDFTEXT_NOMEM		14	/* an allocation failed (max_mem) */
#define PDFTEXT_USAGE		64	/* bad arguments */
#define PDFTEXT_OSERR		71	/* could not limit itself; no parse */

/* Defaults of the options, and their ceilings. */
#define PDFTEXT_DEF_IN		((unsigned long long)64 << 20)
#define PDFTEXT_DEF_OUT		((unsigned long long)1 << 20)
#define PDFTEXT_DEF_MEM		((unsigned long long)256 << 20)
#define PDFTEXT_DEF_CPU		2ull
#define PDFTEXT_MAX_CPU		3600ull

#endif
