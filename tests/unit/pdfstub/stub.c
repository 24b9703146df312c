/*
 * stub.c - a stand-in for typoguard-pdftext in test_pdf.c, to see how the
 * library copes with a helper that misbehaves.  The first bytes of its
 * input choose what it does:
 *   %PDF-hang       reads the input, then never ends
 *   %PDF-closehang  reads, closes its outputs, then never ends
 *   %PDF-flood      writes text for ever, whatever -o says
 *   %PDF-noread     exits at once, its input unread
 *   %PDF-crash      aborts
 *   %PDF-spin       spins until its 1 s CPU limit (SIGXCPU), as the
 *                   real helper does under -t
 *   %PDF-echo       writes back what it reads, as it reads it
 *   %PDF-garbage    writes bytes that are not UTF-8, and controls
 *   %PDF-env        writes how many environment variables it has and
 *                   which descriptors above 2 are open
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

extern char **environ;

static void
put(const char *s, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(1, s, n);
		if (w <= 0)
			exit(3);
		s += w;
		n -= (size_t)w;
	}
}

static void
drain(void)
{
	char b[65536];

	while (read(0, b, sizeof(b)) > 0)
		;
}

int
main(void)
{
	char head[16], b[65536], line[64];
	size_t n = 0;
	ssize_t r;
	int fd, k;

	while (n < sizeof(head) && (r = read(0, head + n,
	    sizeof(head) - n)) > 0)
		n += (size_t)r;
#define IS(s) (n >= sizeof(s) - 1 && memcmp(head, s, sizeof(s) - 1) == 0)
	if (IS("%PDF-hang")) {
		drain();
		for (;;)
			pause();
	}
	if (IS("%PDF-closehang")) {
		drain();
		close(1);
		close(2);
		for (;;)
			pause();
	}
	if (IS("%PDF-flood")) {
		memset(b, 'x', sizeof(b));
		for (;;)
			put(b, sizeof(b));
	}
	if (IS("%PDF-noread"))
		return 0;
	if (IS("%PDF-crash")) {
		struct rlimit none = { 0, 0 };

		setrlimit(RLIMIT_CORE, &none);	/* no core file left behind */
		abort();
	}
	if (IS("%PDF-spin")) {
		struct rlimit cpu = { 1, 2 };
		volatile unsigned long x = 0;

		drain();
		setrlimit(RLIMIT_CPU, &cpu);
		for (;;)
			x++;
	}
	if (IS("%PDF-echo")) {
		put(head, n);
		while ((r = read(0, b, sizeof(b))) > 0)
			put(b, (size_t)r);
		return 0;
	}
	if (IS("%PDF-garbage")) {
		static const char g[] =
		    "ok\xff\xfe end\x01\x02\r\nnext\xc3\xa9 \xe2\x82";

		drain();
		put(g, sizeof(g) - 1);
		return 0;
	}
	if (IS("%PDF-env")) {
		drain();
		for (k = 0; environ[k] != NULL; k++)
			;
		put(line, (size_t)snprintf(line, sizeof(line), "env=%d fds=",
		    k));
		for (fd = 3; fd < 1024; fd++)
			if (fcntl(fd, F_GETFD) != -1)
				put(line, (size_t)snprintf(line, sizeof(line),
				    "%d,", fd));
		return 0;
	}
	return 12;
}
