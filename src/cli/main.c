/*
 * main.c - typoguard: the command-line front end of libtypoguard.
 *
 * One file per subcommand, each thin over the library.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

const char *progname = "typoguard";

static const struct command {
	const char *name;
	int (*run)(int, char **);
	const char *summary;
} commands[] = {
	{ "check", cmd_check,
	  "check recipients for typos of protected domains" },
	{ "domain", cmd_domain,
	  "parse and normalise addresses and domains" },
	{ "scan", cmd_scan,
	  "rate how sensitive messages are, as a leak would be" },
	{ "variants", cmd_variants,
	  "list the typo variants of domains, as blocklists" },
};

static void
usage(FILE *fp)
{
	size_t i;

	fprintf(fp, "usage: %s COMMAND [OPTIONS] [ARGS]\n"
	    "       %s --version | --help\n\ncommands:\n", progname,
	    progname);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(fp, "  %-10s %s\n", commands[i].name,
		    commands[i].summary);
	fprintf(fp, "\n'%s COMMAND --help' describes a command; see also "
	    "typoguard(1).\n", progname);
}

int
main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("typoguard %s\n", tg_version());
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	cli_warn(NULL, "unknown command '%s'", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
