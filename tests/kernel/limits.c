// SPDX-License-Identifier: GPL-2.0
/*
 * limits.c - max_channels and max_bytes (module parameters, per slot):
 * a write over a limit fails with ENOSPC and changes nothing.  And a
 * writer in a memory cgroup at its limit gets ENOMEM, is not killed, and
 * what it stored before stays.
 *
 * Uses /dev/slot0 (emptied first) and restores the parameters.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <message_slot.h>

#include "kfile.h"
#include "tap.h"

#define PARAMS "/sys/module/message_slot/parameters/"
#define CG "/sys/fs/cgroup"

/* @path has a line that is exactly @line. */
static bool has_line(const char *path, const char *line)
{
	char buf[128];
	bool found = false;
	FILE *f = fopen(path, "r");

	while (f && !found && fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\n")] = '\0';
		found = strcmp(buf, line) == 0;
	}
	if (f)
		fclose(f);
	return found;
}

static ssize_t send_to(int fd, unsigned long channel, char fill, size_t len)
{
	char msg[MSG_SLOT_MAX_LEN];

	memset(msg, fill, len);
	if (ioctl(fd, MSG_SLOT_CHANNEL, channel))
		return -1;
	return write(fd, msg, len);
}

/* The channel's message is @len bytes of @fill (0: no message). */
static bool holds(int fd, unsigned long channel, char fill, size_t len)
{
	char buf[MSG_SLOT_MAX_LEN];
	ssize_t n;

	ioctl(fd, MSG_SLOT_CHANNEL, channel);
	n = read(fd, buf, sizeof(buf));
	if (len == 0)
		return n < 0 && errno == EWOULDBLOCK;
	if (n != (ssize_t)len)
		return false;
	for (size_t i = 0; i < len; i++)
		if (buf[i] != fill)
			return false;
	return true;
}

static void test_max_channels(int fd)
{
	tap_eq(kfile_get(PARAMS "max_channels"), 2097152, "max_channels defaults to 2097152");
	tap_eq(kfile_put(PARAMS "max_channels", "3"), 0, "root sets max_channels=3 at runtime");
	for (unsigned long c = 1; c <= 3; c++)
		send_to(fd, c, 'a', 10);
	tap_eq(kfile_get("/sys/class/msgslot/slot0/channels"), 3, "three channels stored");
	tap_errno(send_to(fd, 4, 'a', 10), ENOSPC, "a fourth channel: ENOSPC");
	tap_ok(holds(fd, 4, 0, 0), "and channel 4 has no message");
	tap_eq(kfile_get("/sys/class/msgslot/slot0/channels"), 3, "still three channels");
	tap_eq(send_to(fd, 2, 'b', 20), 20, "rewriting a stored channel is fine");
	tap_eq(kfile_put("/sys/class/msgslot/slot0/clear", "1"), 0, "clear channel 1");
	tap_eq(send_to(fd, 4, 'c', 5), 5, "then channel 4 fits");
	tap_eq(kfile_put(PARAMS "max_channels", "2097152"), 0, "max_channels restored");
	kfile_put("/sys/class/msgslot/slot0/clear", "all");
}

static void test_max_bytes(int fd)
{
	tap_eq(kfile_get(PARAMS "max_bytes"), 1073741824L, "max_bytes defaults to 1 GiB");
	tap_eq(kfile_put(PARAMS "max_bytes", "100"), 0, "root sets max_bytes=100");
	tap_eq(send_to(fd, 1, 'a', 60), 60, "60 bytes in channel 1");
	tap_errno(send_to(fd, 2, 'b', 50), ENOSPC, "50 more in channel 2: ENOSPC");
	tap_ok(holds(fd, 2, 0, 0), "channel 2 has no message");
	tap_eq(send_to(fd, 2, 'b', 40), 40, "40 in channel 2 fit exactly (100)");
	tap_errno(send_to(fd, 1, 'x', 61), ENOSPC, "growing channel 1 to 61: ENOSPC");
	tap_ok(holds(fd, 1, 'a', 60), "channel 1 keeps its 60 bytes");
	tap_eq(send_to(fd, 1, 'd', 10), 10, "shrinking is always fine");
	tap_eq(send_to(fd, 2, 'e', 90), 90, "and frees room: 10 + 90");
	tap_eq(kfile_get("/sys/class/msgslot/slot0/bytes"), 100, "bytes shows 100");
	tap_eq(kfile_put(PARAMS "max_bytes", "1073741824"), 0, "max_bytes restored");
	kfile_put("/sys/class/msgslot/slot0/clear", "all");
}

/*
 * The writer runs as a fresh exec of this program inside the cgroup: its
 * own pages fault in while the cgroup is nearly empty, and no page is left
 * shared copy-on-write with the parent (copying one at the limit would
 * wake the cgroup's OOM killer).  The driver's allocations are what must
 * meet the limit.  Stores until refused; exits 0 if the refusal is right.
 */
static int cgroup_writer(void)
{
	unsigned long c;
	int fd = open("/dev/slot0", O_RDWR), first_errno = 0;

	printf("# cgroup writer starting\n");
	fflush(stdout);
	if (fd < 0)
		return 10;
	for (c = 1; c < 2000000; c++) {
		if (send_to(fd, c, 'm', MSG_SLOT_MAX_LEN) < 0) {
			first_errno = errno;
			break;
		}
	}
	printf("# refused after %lu channels: %s\n", c - 1, strerror(first_errno));
	fflush(stdout);
	if (first_errno != ENOMEM)
		return 11;
	if (!holds(fd, 1, 'm', MSG_SLOT_MAX_LEN) || !holds(fd, c - 1, 'm', MSG_SLOT_MAX_LEN))
		return 12;	/* what was stored must stay */
	if (!holds(fd, c, 0, 0))
		return 13;	/* the refused write stored nothing */
	return 0;
}

static void test_memcg(void)
{
	const char *dir = CG "/msgslot-test";
	int status = -1;
	pid_t pid;

	mkdir(CG, 0755);
	if (access(CG "/cgroup.controllers", F_OK))
		mount("cgroup2", CG, "cgroup2", 0, NULL);
	kfile_put(CG "/cgroup.subtree_control", "+memory");
	mkdir(dir, 0755);
	tap_eq(kfile_put(CG "/msgslot-test/memory.max", "8M"), 0,
	       "a memory cgroup limited to 8 MiB");
	pid = fork();
	if (pid == 0) {
		char me[32];

		snprintf(me, sizeof(me), "%d", getpid());
		if (kfile_put(CG "/msgslot-test/cgroup.procs", me))
			_exit(20);
		execl("/proc/self/exe", "limits", "--cgroup-writer", (char *)NULL);
		_exit(21);
	}
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status))
		tap_diag("  writer status %#x (signal %d)", status,
			 WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	tap_ok(WIFEXITED(status), "the writer was not killed (no OOM kill)");
	tap_eq(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0,
	       "its write was refused with ENOMEM, earlier messages stayed, nothing half-stored");
	tap_ok(has_line(CG "/msgslot-test/memory.events", "oom_kill 0"),
	       "memory.events counts no OOM kill");
	kfile_put("/sys/class/msgslot/slot0/clear", "all");
	rmdir(dir);
}

int main(int argc, char **argv)
{
	int fd;

	if (argc > 1 && strcmp(argv[1], "--cgroup-writer") == 0)
		return cgroup_writer();
	fd = open("/dev/slot0", O_RDWR);
	if (fd < 0)
		tap_bail("open /dev/slot0: %s", strerror(errno));
	kfile_put("/sys/class/msgslot/slot0/clear", "all");
	test_max_channels(fd);
	test_max_bytes(fd);
	close(fd);
	test_memcg();
	return tap_done();
}
