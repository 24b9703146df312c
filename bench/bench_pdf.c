/*
 * bench_pdf.c - cost of PDF text through the isolated helper (pdf.c and
 * typoguard-pdftext).
 *
 * Every PDF costs a process: posix_spawn, loading poppler and its
 * libraries, the resource limits and the seccomp filter, then the parse.
 * This measures, with the median of REPETITIONS runs of each:
 *
 *   exec only   posix_spawn of the helper with a bad option: it exits
 *               after the dynamic linker has loaded poppler, before it
 *               reads anything (the baseline: what any process costs)
 *   empty       tg__pdf_text on "%PDF-" (rejected): spawn, limits,
 *               filter, poppler's start, the pipes and the reaping
 *   1 page      tg__pdf_text on a one-page PDF (a few hundred bytes)
 *   N pages     tg__pdf_text on a generated PDF of PAGES pages of 50
 *               lines of text each, uncompressed: MB/s of PDF read and
 *               of text written
 *
 * Wall time is noisy on a shared machine; the CPU time of this process
 * and its reaped children (getrusage) is reported beside it, as the
 * mean per call.
 *
 * The PDFs are built here (the same layout as tests/data/pdf/makepdf.py:
 * Helvetica, not embedded), so every run reads the same bytes.  The
 * helper is found as the library finds it: $TYPOGUARD_LIBEXECDIR, the
 * installed directory, then the build tree.
 *
 * Usage: bench_pdf [PAGES [REPETITIONS]]
 *   PAGES        pages of the large PDF (default 200)
 *   REPETITIONS  timed runs of each measurement (default 20)
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "extract_int.h"
#include "html_int.h"
#include "stats.h"

#include "../src/libexec/pdftext.h"

#define DEFAULT_PAGES 200ul
#define DEFAULT_REPS 20ul
#define MAX_PAGES 100000ul
#define EX_SOFTWARE 70

static const char usage[] = "bench_pdf [PAGES [REPETITIONS]]";

struct buf {
	char *p;
	size_t len, size;
};

static void
put(struct buf *b, const char *s, size_t n)
{
	if (b->len + n > b->size) {
		b->size = (b->len + n) * 2;
		b->p = realloc(b->p, b->size);
		if (b->p == NULL) {
			fprintf(stderr, "bench_pdf: out of memory\n");
			exit(EX_SOFTWARE);
		}
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void
putf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
putf(struct buf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		fprintf(stderr, "bench_pdf: line too long\n");
		exit(EX_SOFTWARE);
	}
	put(b, tmp, (size_t)n);
}

/* A PDF of pages pages of lines lines each, with a correct xref table. */
static struct buf
make_pdf(unsigned long pages, unsigned lines)
{
	struct buf b = { 0 }, c;
	size_t *off, nobj = 3 + 2 * (size_t)pages, xref, i;
	unsigned long pg;
	unsigned ln;

	off = calloc(nobj + 1, sizeof(*off));
	if (off == NULL)
		exit(EX_SOFTWARE);
	putf(&b, "%%PDF-1.4\n");
	off[1] = b.len;
	putf(&b, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
	off[2] = b.len;
	putf(&b, "2 0 obj\n<< /Type /Pages /Count %lu /Kids [", pages);
	for (pg = 0; pg < pages; pg++)
		putf(&b, " %lu 0 R", 4 + 2 * pg);
	putf(&b, " ] >>\nendobj\n");
	off[3] = b.len;
	putf(&b, "3 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont "
	    "/Helvetica /Encoding /WinAnsiEncoding >>\nendobj\n");
	for (pg = 0; pg < pages; pg++) {
		memset(&c, 0, sizeof(c));
		putf(&c, "BT\n/F1 10 Tf\n12 TL\n40 780 Td\n");
		for (ln = 0; ln < lines; ln++)
			putf(&c, "(Page %lu line %u: the quarterly figures for "
			    "the harbour office, ref %06lu) Tj T*\n", pg + 1,
			    ln + 1, (pg * lines + ln) * 7919 % 1000000);
		putf(&c, "ET\n");
		off[4 + 2 * pg] = b.len;
		putf(&b, "%lu 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox "
		    "[0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
		    "/Contents %lu 0 R >>\nendobj\n", 4 + 2 * pg, 5 + 2 * pg);
		off[5 + 2 * pg] = b.len;
		putf(&b, "%lu 0 obj\n<< /Length %zu >>\nstream\n", 5 + 2 * pg,
		    c.len);
		put(&b, c.p, c.len);
		putf(&b, "\nendstream\nendobj\n");
		free(c.p);
	}
	xref = b.len;
	putf(&b, "xref\n0 %zu\n0000000000 65535 f \n", nobj);
	for (i = 1; i < nobj; i++)
		putf(&b, "%010zu 00000 n \n", off[i]);
	putf(&b, "trailer\n<< /Size %zu /Root 1 0 R >>\nstartxref\n%zu\n"
	    "%%%%EOF\n", nobj, xref);
	free(off);
	return b;
}

/* CPU time of this process and its reaped children, in ns. */
static uint64_t
cpu_ns(void)
{
	struct rusage s, c;

	getrusage(RUSAGE_SELF, &s);
	getrusage(RUSAGE_CHILDREN, &c);
	return ((uint64_t)s.ru_utime.tv_sec + (uint64_t)s.ru_stime.tv_sec +
	    (uint64_t)c.ru_utime.tv_sec + (uint64_t)c.ru_stime.tv_sec) *
	    1000000000u + ((uint64_t)s.ru_utime.tv_usec +
	    (uint64_t)s.ru_stime.tv_usec + (uint64_t)c.ru_utime.tv_usec +
	    (uint64_t)c.ru_stime.tv_usec) * 1000u;
}

/* The helper as pdf.c finds it (without its access() checks' order
 * mattering here: the first that exists). */
static const char *
helper(void)
{
	static char path[4096];
	const char *env = getenv("TYPOGUARD_LIBEXECDIR");
	const char *dirs[] = { env, TG_LIBEXECDIR, TG_BUILD_LIBEXECDIR };
	size_t i;

	for (i = 0; i < 3; i++) {
		if (dirs[i] == NULL || dirs[i][0] == '\0')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dirs[i], PDFTEXT_NAME);
		if (access(path, X_OK) == 0)
			return path;
		if (i == 0)
			break;	/* as the library: the variable alone */
	}
	return NULL;
}

/* One spawn of the helper that stops at its option parsing. */
static uint64_t
exec_only(const char *path)
{
	char *argv[] = { (char *)PDFTEXT_NAME, (char *)"-x", NULL };
	char *envp[] = { NULL };
	posix_spawn_file_actions_t fa;
	uint64_t t0 = bench_now_ns();
	pid_t pid;
	int st;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (posix_spawn(&pid, path, &fa, NULL, argv, envp) != 0 ||
	    waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != PDFTEXT_USAGE) {
		fprintf(stderr, "bench_pdf: %s did not run\n", path);
		exit(EX_SOFTWARE);
	}
	posix_spawn_file_actions_destroy(&fa);
	return bench_now_ns() - t0;
}

/* One tg__pdf_text call; the text length goes into *sum. */
static uint64_t
extract(const struct buf *pdf, unsigned want_flags, size_t *textlen)
{
	struct tg__extract_limits lim = { .max_out = (size_t)256 << 20,
	    .max_ms = 60000 };
	struct tg__textbuf out = { .max = (size_t)256 << 20 };
	unsigned fl = 0;
	uint64_t t0 = bench_now_ns(), dt;
	int rc;

	rc = tg__pdf_text((const unsigned char *)pdf->p, pdf->len, &lim, &out,
	    &fl);
	dt = bench_now_ns() - t0;
	if (rc != 1 || fl != want_flags) {
		fprintf(stderr, "bench_pdf: unexpected result %d, flags %#x\n",
		    rc, fl);
		exit(EX_SOFTWARE);
	}
	*textlen = out.len;
	tg__textbuf_free(&out);
	return dt;
}

int
main(int argc, char **argv)
{
	unsigned long pages = DEFAULT_PAGES, reps = DEFAULT_REPS, r;
	struct buf empty = { (char *)"%PDF-", 5, 5 }, one, big;
	uint64_t *t_exec, *t_empty, *t_one, *t_big, med, c0;
	uint64_t cpu[4] = { 0 };
	size_t textlen = 0, bigtext = 0;
	const char *path;

	if (argc > 3) {
		fprintf(stderr, "usage: %s\n", usage);
		return 64;
	}
	if (argc > 1)
		pages = bench_parse_arg(argv[1], MAX_PAGES, "PAGES",
		    "bench_pdf", usage);
	if (argc > 2)
		reps = bench_parse_arg(argv[2], BENCH_MAX_REPS, "REPETITIONS",
		    "bench_pdf", usage);
	if ((path = helper()) == NULL) {
		fprintf(stderr, "bench_pdf: no %s (set TYPOGUARD_LIBEXECDIR)\n",
		    PDFTEXT_NAME);
		return 69;
	}
	one = make_pdf(1, 2);
	big = make_pdf(pages, 50);
	t_exec = calloc(reps, sizeof(*t_exec));
	t_empty = calloc(reps, sizeof(*t_empty));
	t_one = calloc(reps, sizeof(*t_one));
	t_big = calloc(reps, sizeof(*t_big));
	if (!t_exec || !t_empty || !t_one || !t_big)
		return EX_SOFTWARE;

	/* untimed: warm the page cache and check the text comes out */
	extract(&big, 0, &bigtext);
	printf("helper: %s\n", path);
	printf("large PDF: %lu pages, %zu bytes, %zu bytes of text\n", pages,
	    big.len, bigtext);
	for (r = 0; r < reps; r++) {
		c0 = cpu_ns();
		t_exec[r] = exec_only(path);
		cpu[0] += cpu_ns() - c0;
		c0 = cpu_ns();
		t_empty[r] = extract(&empty, TG_EXTRACT_MALFORMED, &textlen);
		cpu[1] += cpu_ns() - c0;
		c0 = cpu_ns();
		t_one[r] = extract(&one, 0, &textlen);
		cpu[2] += cpu_ns() - c0;
		c0 = cpu_ns();
		t_big[r] = extract(&big, 0, &textlen);
		cpu[3] += cpu_ns() - c0;
	}
	printf("%-22s %10s %9s %10s %10s %10s %10s\n", "measurement",
	    "median ms", "spread %", "CPU ms", "PDF MB/s", "text MB/s",
	    "CPU MB/s");
	med = bench_median(t_exec, reps);
	printf("%-22s %10.2f %9.1f %10.2f\n", "exec only (baseline)",
	    med / 1e6, bench_spread(t_exec, reps), cpu[0] / 1e6 / reps);
	med = bench_median(t_empty, reps);
	printf("%-22s %10.2f %9.1f %10.2f\n", "empty (rejected)", med / 1e6,
	    bench_spread(t_empty, reps), cpu[1] / 1e6 / reps);
	med = bench_median(t_one, reps);
	printf("%-22s %10.2f %9.1f %10.2f %10.3f\n", "1 page", med / 1e6,
	    bench_spread(t_one, reps), cpu[2] / 1e6 / reps,
	    one.len / (med / 1e9) / 1e6);
	med = bench_median(t_big, reps);
	printf("%-22s %10.2f %9.1f %10.2f %10.2f %10.2f %10.2f\n",
	    "large PDF", med / 1e6, bench_spread(t_big, reps),
	    cpu[3] / 1e6 / reps, big.len / (med / 1e9) / 1e6,
	    bigtext / (med / 1e9) / 1e6,
	    big.len / ((double)cpu[3] / reps / 1e9) / 1e6);
	free(one.p);
	free(big.p);
	free(t_exec);
	free(t_empty);
	free(t_one);
	free(t_big);
	return 0;
}
