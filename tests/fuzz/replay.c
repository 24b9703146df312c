/*
 * replay.c - runs a fuzz target on its corpus as an ordinary TAP test.
 *
 * Used instead of libFuzzer when fuzzing_engine is 'none':
 *     fuzz_addr tests/fuzz/addr [FILE...]
 * Each argument is a file or a directory; a directory stands for every
 * regular file in it (not in subdirectories; names starting with '.' are
 * skipped), sorted by name.  Each input counts as one test: it is read
 * whole into a buffer of its exact size and given to
 * LLVMFuzzerTestOneInput() in a child process, so that a crash or a
 * sanitizer report fails that input alone and the others still run.
 * A missing, unreadable or empty directory is a failure, never a pass.
 * LLVMFuzzerInitialize(), when the target defines it, runs first, once.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "invariants.h"

#ifndef TG_FUZZ_TARGET
#define TG_FUZZ_TARGET "fuzz"
#endif

/* Optional in a target: a weak reference is NULL when it is absent. */
extern int LLVMFuzzerInitialize(int *argc, char ***argv)
    __attribute__((weak));

struct input {
	char *path;   /* NULL: a failure to report instead of an input */
	char *name;   /* what the TAP line shows */
	char *reason; /* why it failed, when path is NULL */
};

static struct input *inputs;
static size_t ninputs, cap;

static char *
xstrdup(const char *s)
{
	char *d = strdup(s);

	if (d == NULL) {
		perror("replay");
		exit(1);
	}
	return d;
}

static char *
join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *d = malloc(la + lb + 2);

	if (d == NULL) {
		perror("replay");
		exit(1);
	}
	memcpy(d, a, la);
	d[la] = '/';
	memcpy(d + la + 1, b, lb + 1);
	return d;
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL && slash[1] != '\0' ? slash + 1 : path;
}

static void
add(char *path, const char *file, const char *reason)
{
	struct input *in;

	if (ninputs == cap) {
		cap = cap ? cap * 2 : 64;
		inputs = realloc(inputs, cap * sizeof(*inputs));
		if (inputs == NULL) {
			perror("replay");
			exit(1);
		}
	}
	in = &inputs[ninputs++];
	in->path = path;
	in->name = join(TG_FUZZ_TARGET, file);
	in->reason = reason != NULL ? xstrdup(reason) : NULL;
}

static int
not_hidden(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

/* Adds every regular file of dir, in name order. */
static void
add_dir(const char *dir)
{
	struct dirent **list;
	struct stat st;
	char *path;
	int n, i, found = 0;

	n = scandir(dir, &list, not_hidden, alphasort);
	if (n < 0) {
		add(NULL, base_name(dir), strerror(errno));
		return;
	}
	for (i = 0; i < n; i++) {
		path = join(dir, list[i]->d_name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			add(path, list[i]->d_name, NULL);
			found = 1;
		} else {
			free(path);
		}
		free(list[i]);
	}
	free(list);
	if (!found)
		add(NULL, base_name(dir), "empty corpus directory");
}

/* Reads the whole file into a buffer of exactly its size. */
static int
slurp(const char *path, unsigned char **data, size_t *size)
{
	unsigned char *buf = NULL, *grown = NULL;
	size_t len = 0, got;
	FILE *f;

	f = fopen(path, "rb");
	if (f == NULL)
		return -1;
	for (;;) {
		grown = realloc(buf, len + 4096);
		if (grown == NULL)
			break;
		buf = grown;
		got = fread(buf + len, 1, 4096, f);
		len += got;
		if (got < 4096)
			break;
	}
	if (ferror(f) || grown == NULL) {
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	/* Exact size, so that the sanitizers see a read past the end. */
	*data = malloc(len > 0 ? len : 1);
	if (*data == NULL) {
		free(buf);
		return -1;
	}
	memcpy(*data, buf, len);
	free(buf);
	*size = len;
	return 0;
}

/* Runs one input in a child; returns NULL or why it failed. */
static const char *
run(const char *path, char *why, size_t whysize)
{
	unsigned char *data;
	size_t size;
	pid_t pid;
	int status;

	if (slurp(path, &data, &size) != 0) {
		snprintf(why, whysize, "cannot read: %s", strerror(errno));
		return why;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		snprintf(why, whysize, "fork: %s", strerror(errno));
		free(data);
		return why;
	}
	if (pid == 0) {
		LLVMFuzzerTestOneInput(data, size);
		free(data);
		exit(0); /* exit, not _exit: LeakSanitizer runs at exit */
	}
	free(data);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			snprintf(why, whysize, "waitpid: %s", strerror(errno));
			return why;
		}
	}
	if (WIFSIGNALED(status)) {
		snprintf(why, whysize, "killed by signal %d",
		    WTERMSIG(status));
		return why;
	}
	if (WEXITSTATUS(status) != 0) {
		snprintf(why, whysize, "exit status %d", WEXITSTATUS(status));
		return why;
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	char why[256];
	const char *bad;
	struct stat st;
	size_t i;
	int a, failed = 0;

	for (a = 1; a < argc; a++) {
		if (stat(argv[a], &st) != 0)
			add(NULL, base_name(argv[a]), strerror(errno));
		else if (S_ISDIR(st.st_mode))
			add_dir(argv[a]);
		else
			add(xstrdup(argv[a]), base_name(argv[a]), NULL);
	}
	if (ninputs == 0)
		add(NULL, "(none)", "no corpus given");

	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);

	printf("1..%zu\n", ninputs);
	for (i = 0; i < ninputs; i++) {
		bad = inputs[i].path != NULL ?
		    run(inputs[i].path, why, sizeof(why)) : inputs[i].reason;
		if (bad != NULL) {
			printf("not ok %zu - %s # %s\n", i + 1, inputs[i].name,
			    bad);
			failed = 1;
		} else {
			printf("ok %zu - %s\n", i + 1, inputs[i].name);
		}
		free(inputs[i].path);
		free(inputs[i].name);
		free(inputs[i].reason);
	}
	free(inputs);
	return failed;
}
