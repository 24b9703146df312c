/*
 * noop_milter.c - the milter benchmark's baseline: a filter that
 * registers the same steps as typoguard-milter, negotiates the same
 * steps away, and accepts everything.  What it costs Postfix is the price
 * of the milter protocol itself; typoguard-milter's price is measured
 * against it.
 *
 *     noop_milter -p SOCKET     (libmilter syntax: unix:/path, inet:PORT@HOST)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libmilter/mfapi.h>

static sfsistat
nm_connect(SMFICTX *ctx, char *host, _SOCK_ADDR *addr)
{
	(void)ctx;
	(void)host;
	(void)addr;
	return SMFIS_CONTINUE;
}

static sfsistat
nm_envfrom(SMFICTX *ctx, char **argv)
{
	(void)ctx;
	(void)argv;
	return SMFIS_CONTINUE;
}

static sfsistat
nm_envrcpt(SMFICTX *ctx, char **argv)
{
	(void)ctx;
	(void)argv;
	return SMFIS_CONTINUE;
}

static sfsistat
nm_eom(SMFICTX *ctx)
{
	(void)ctx;
	return SMFIS_ACCEPT;
}

static sfsistat
nm_abort(SMFICTX *ctx)
{
	(void)ctx;
	return SMFIS_CONTINUE;
}

static sfsistat
nm_close(SMFICTX *ctx)
{
	(void)ctx;
	return SMFIS_CONTINUE;
}

/* The same steps typoguard-milter negotiates away (src/milter/callbacks.c). */
static sfsistat
nm_negotiate(SMFICTX *ctx, unsigned long f0, unsigned long f1,
    unsigned long f2, unsigned long f3, unsigned long *pf0,
    unsigned long *pf1, unsigned long *pf2, unsigned long *pf3)
{
	const unsigned long steps = SMFIP_NOHELO | SMFIP_NODATA |
	    SMFIP_NOHDRS | SMFIP_NOEOH | SMFIP_NOBODY | SMFIP_NOUNKNOWN;

	(void)ctx;
	(void)f2;
	(void)f3;
	*pf0 = 0;
	*pf1 = f1 & steps;
	*pf2 = 0;
	*pf3 = 0;
	(void)f0;
	return SMFIS_CONTINUE;
}

static struct smfiDesc desc = {
	.xxfi_name = "noop",
	.xxfi_version = SMFI_VERSION,
	.xxfi_flags = 0,
	.xxfi_connect = nm_connect,
	.xxfi_envfrom = nm_envfrom,
	.xxfi_envrcpt = nm_envrcpt,
	.xxfi_eom = nm_eom,
	.xxfi_abort = nm_abort,
	.xxfi_close = nm_close,
	.xxfi_negotiate = nm_negotiate,
};

int
main(int argc, char **argv)
{
	const char *spec = NULL;
	int c;

	/* typoguard-milter's options, so that the benchmark starts both
	 * the same way; only -p means something here. */
	while ((c = getopt(argc, argv, "fc:p:u:")) != -1) {
		switch (c) {
		case 'p':
			spec = optarg;
			break;
		case 'f':
		case 'c':
		case 'u':
			break;
		default:
			spec = NULL;
			optind = argc + 1;
			break;
		}
	}
	if (spec == NULL || optind != argc) {
		fprintf(stderr, "usage: noop_milter [-f] [-c FILE] [-u USER] "
		    "-p SOCKET\n");
		return 64;
	}
	if (strncmp(spec, "unix:", 5) == 0)
		remove(spec + 5);
	/* Postfix's smtpd, another user, must reach a unix socket. */
	umask(0);
	if (smfi_setconn((char *)spec) != MI_SUCCESS ||
	    smfi_register(desc) != MI_SUCCESS ||
	    smfi_opensocket(1) != MI_SUCCESS) {
		fprintf(stderr, "noop_milter: cannot listen on %s\n", spec);
		return 71;
	}
	fprintf(stderr, "noop_milter: ready socket=%s\n", spec);
	return smfi_main() == MI_SUCCESS ? 0 : 70;
}
