// SPDX-License-Identifier: GPL-2.0
/*
 * loadrace.c - a slot node works from the moment it appears.
 *
 * devtmpfs makes /dev/slotN while the module creates the slot's device;
 * udev, or a program waiting for the node, may open it at once.  Each
 * round unloads the module and loads it again while a child spins on
 * open(/dev/slot0): ENOENT (no node yet) is expected, anything else but
 * success (ENXIO: a node with no driver behind it) is the bug.  Leaves
 * the module loaded.
 *
 * Usage: loadrace KO [ROUNDS]   (default 20)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

#define NODE "/dev/slot0"

static void unload(void)
{
	for (int i = 0; i < 100; i++) {
		if (!syscall(SYS_delete_module, "message_slot", O_NONBLOCK) ||
		    errno == ENOENT)
			return;
		usleep(10000);
	}
	tap_bail("rmmod message_slot: %s", strerror(errno));
}

/* The child: open until it works; exit 0, or the first other errno. */
static int spin_open(void)
{
	time_t end = time(NULL) + 20;

	while (time(NULL) < end) {
		int fd = open(NODE, O_RDONLY);

		if (fd >= 0) {
			close(fd);
			return 0;
		}
		if (errno != ENOENT)
			return errno;
	}
	return ETIMEDOUT;
}

int main(int argc, char **argv)
{
	int rounds = argc > 2 ? atoi(argv[2]) : 20, enxio = 0, other = 0;
	int worked = 0;

	if (argc < 2)
		tap_bail("usage: loadrace KO [ROUNDS]");
	for (int r = 0; r < rounds; r++) {
		int ko, status;
		pid_t pid;

		unload();
		pid = fork();
		if (pid < 0)
			tap_bail("fork: %s", strerror(errno));
		if (pid == 0)
			_exit(spin_open());
		ko = open(argv[1], O_RDONLY | O_CLOEXEC);
		if (ko < 0 || syscall(SYS_finit_module, ko, "", 0))
			tap_bail("load %s: %s", argv[1], strerror(errno));
		close(ko);
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
			tap_bail("the opener did not exit");
		if (WEXITSTATUS(status) == 0)
			worked++;
		else if (WEXITSTATUS(status) == ENXIO)
			enxio++;
		else
			other++;
	}
	tap_eq(enxio, 0, "%d loads raced by an open: never ENXIO from a node that had appeared",
	       rounds);
	tap_eq(other, 0, "and no other error");
	tap_eq(worked, rounds, "every racing open succeeded once the node was there");
	return tap_done();
}
