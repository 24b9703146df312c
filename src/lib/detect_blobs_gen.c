/*
 * detect_blobs_gen.c - compiles the detector table's Hyperscan databases
 * when the library is built and writes them, serialized, as a C header
 * (detect_blobs.h), so that a classifier starts without compiling them.
 * detect.c compiles them at run time when the running Hyperscan or CPU
 * will not take the serialized ones.
 *
 * Usage: detect_blobs_gen OUTPUT
 */
#include <stdio.h>

#include "detect_int.h"

int
main(int argc, char **argv)
{
	struct tg_error err;
	FILE *out;

	if (argc != 2) {
		fprintf(stderr, "usage: detect_blobs_gen OUTPUT\n");
		return 64;
	}
	out = fopen(argv[1], "w");
	if (out == NULL) {
		perror(argv[1]);
		return 73;
	}
	if (tg__det_write_blobs(out, &err) != 0) {
		fprintf(stderr, "detect_blobs_gen: %s\n", err.message);
		fclose(out);
		remove(argv[1]);
		return 70;
	}
	if (fclose(out) != 0) {
		perror(argv[1]);
		remove(argv[1]);
		return 74;
	}
	return 0;
}
