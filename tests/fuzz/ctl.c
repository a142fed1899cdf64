// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz/ctl.c - libFuzzer: msgslotctl's whole command line.  The input is
 * split at NUL bytes into arguments and handed to msgslotctl's own main
 * (built as msgslotctl_main), over a fake sysfs and debugfs tree.
 * top gets --iterations=1 last, so that it ends.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int msgslotctl_main(int argc, char **argv);
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

extern int optind;

static void put(const char *dir, const char *file, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const figures[] = { "channels", "bytes", "memory",
		"open_files", "writes", "reads" };
	static char root[] = "/tmp/msgslot-fuzz-XXXXXX";
	char dir[256];

	(void)argc;
	(void)argv;
	if (!mkdtemp(root))
		abort();
	snprintf(dir, sizeof(dir), "%s/sys", root);
	mkdir(dir, 0755);
	snprintf(dir, sizeof(dir), "%s/params", root);
	mkdir(dir, 0755);
	put(dir, "max_channels", "4194304\n");
	put(dir, "max_bytes", "1073741824\n");
	setenv("MSGSLOT_PARAMS", dir, 1);
	snprintf(dir, sizeof(dir), "%s/debug", root);
	mkdir(dir, 0755);
	setenv("MSGSLOT_DEBUGFS", dir, 1);
	for (int slot = 0; slot < 3; slot++) {
		snprintf(dir, sizeof(dir), "%s/sys/slot%d", root, slot * 5);
		mkdir(dir, 0755);
		for (size_t i = 0; i < sizeof(figures) / sizeof(figures[0]); i++)
			put(dir, figures[i], "12345\n");
		put(dir, "dev", slot ? "235:5\n" : "235:0\n");
		put(dir, "clear", "");
		snprintf(dir, sizeof(dir), "%s/debug/slot%d", root, slot * 5);
		mkdir(dir, 0755);
		put(dir, "channels", "7 5\n1 128\n18446744073709551615 1\n");
	}
	snprintf(dir, sizeof(dir), "%s/sys", root);
	setenv("MSGSLOT_SYSFS", dir, 1);
	/* msgslotctl's output: tests/fuzz/run closes it (-close_fd_mask=3). */
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *args = malloc(size + 1), *argv[19] = { "msgslotctl" };
	int argc = 1;

	if (!args)
		return 0;
	memcpy(args, data, size);
	args[size] = '\0';
	for (size_t i = 0; i <= size && argc < 17; ) {
		argv[argc++] = args + i;
		i += strlen(args + i) + 1;
	}
	/* top refreshes until told to stop: once is enough here (the last
	 * --iterations given is the one that counts).
	 */
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "top") == 0) {
			argv[argc++] = "--iterations=1";
			break;
		}
	argv[argc] = NULL;
	optind = 0;	/* getopt starts over */
	msgslotctl_main(argc, argv);
	free(args);
	return 0;
}
