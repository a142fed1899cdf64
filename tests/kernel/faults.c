// SPDX-License-Identifier: GPL-2.0
/*
 * faults.c - every allocation and user copy that open, ioctl, write, read,
 * send and receive by id, list, poll, epoll and clear can make fails, one
 * at a time (/proc/thread-self/fail-nth,
 * with failslab and fail_usercopy): each must fail with ENOMEM or EFAULT,
 * leave every stored message as it was, and (kmemleak, afterwards) leak
 * nothing.  With --load KO, the same for the fault points of loading
 * the module: refused with ENOMEM and nothing left behind, or loaded.
 * There are about 700 of them: --load KO STRIDE [OFFSET] tries every
 * STRIDE-th, from OFFSET+1 (by default a random one, printed, so that
 * successive runs cover them all); STRIDE 1, every one (make check-long).
 * That loads with slots=2: a third slot would repeat the second one's
 * fault points (each slot is made by the same code), and failing in the
 * second already unwinds a whole slot.
 * Needs a kernel with CONFIG_FAULT_INJECTION (the debug kernel).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <message_slot.h>

#include "kfile.h"
#include "tap.h"

#define DEV "/dev/slot1"
#define CLEAR "/sys/class/msgslot/slot1/clear"

static int fail_nth_fd;

/* Arm: the @n-th fault-injection point of this thread fails. */
static void arm(int n)
{
	char text[16];
	int len = snprintf(text, sizeof(text), "%d", n);
	ssize_t done = pwrite(fail_nth_fd, text, len, 0);

	/* Disarming with counts left, the write itself can be the point
	 * that fails (EFAULT): that used them up; write again.
	 */
	if (done < 0 && errno == EFAULT && n == 0)
		done = pwrite(fail_nth_fd, text, len, 0);
	if (done != len)
		tap_bail("write fail-nth: %s", strerror(errno));
}

/*
 * Disarm; true if the armed fault was injected (the counter ran out).
 * Reading fail-nth copies to user space, itself a fault point: with one
 * count left the read fails with EFAULT, which means "not injected".
 */
static bool disarm(void)
{
	char text[16] = "";
	ssize_t n = pread(fail_nth_fd, text, sizeof(text) - 1, 0);
	bool fired;

	if (n < 0 && errno != EFAULT)
		tap_bail("read fail-nth: %s", strerror(errno));
	fired = n > 0 && atoi(text) == 0;
	arm(0);
	return fired;
}

/* Channel @id holds exactly @len bytes of @want (0: no message). */
static bool holds(unsigned long id, const char *want, size_t len)
{
	char buf[MSG_SLOT_MAX_LEN];
	int fd = open(DEV, O_RDWR);
	ssize_t n = -1;

	if (fd >= 0 && ioctl(fd, MSG_SLOT_CHANNEL, id) == 0)
		n = read(fd, buf, sizeof(buf));
	if (fd >= 0)
		close(fd);
	if (len == 0)
		return n < 0 && errno == EWOULDBLOCK;
	return n == (ssize_t)len && memcmp(buf, want, len) == 0;
}

enum op { OP_OPEN, OP_IOCTL, OP_WRITE_NEW, OP_WRITE_GROW, OP_WRITE_SAME,
	  OP_READ, OP_CLEAR_ONE, OP_CLEAR_ALL, OP_SEND_NEW, OP_SEND_SAME,
	  OP_RECEIVE, OP_POLL, OP_EPOLL, OP_RESELECT, OP_LIST, OP_COUNT };
static const char *const op_names[] = {
	"open", "ioctl", "write to a new channel", "write growing a message",
	"write of the same length", "read", "clear of one channel",
	"clear of the slot", "send by id to a new channel",
	"send by id of the same length", "receive by id", "poll",
	"epoll_ctl add", "select a channel while polled", "list (ioctl)",
};

/* Operations after which channel 2 holds its 8 bytes, failed or not. */
static bool keeps_channel2(enum op op)
{
	return op != OP_OPEN && op != OP_IOCTL && op != OP_WRITE_NEW &&
	       op != OP_SEND_NEW;
}

/* Prepare what @op needs (unfaulted), then run it under the fault. */
static int run(enum op op, int n, int *err)
{
	char msg[MSG_SLOT_MAX_LEN];
	int fd = -1, ep = -1, ret;
	struct pollfd p = { .events = POLLIN };
	struct epoll_event e = { .events = EPOLLIN };
	struct msg_slot_send sd = { .channel = 2, .buf = (uintptr_t)msg, .length = 8 };
	struct msg_slot_receive rc = { .channel = 2, .buf = (uintptr_t)msg,
				       .size = sizeof(msg) };
	unsigned char entries[4][sizeof(struct msg_slot_entry) + 8];
	struct msg_slot_list ls = { .entries = (uintptr_t)entries, .count = 4,
				    .entry_size = sizeof(entries[0]) };

	memset(msg, 'g', sizeof(msg));
	if (op != OP_OPEN) {
		fd = open(DEV, O_RDWR);
		if (fd < 0)
			tap_bail("open: %s", strerror(errno));
		ioctl(fd, MSG_SLOT_CHANNEL, 2UL);
		p.fd = fd;
		if (keeps_channel2(op))
			write(fd, msg, 8);
		if (op == OP_WRITE_NEW || op == OP_SEND_NEW)
			kfile_put(CLEAR, "2");
		if (op == OP_EPOLL)
			ep = epoll_create1(0);
		if (op == OP_RESELECT)
			poll(&p, 1, 0);		/* attaches it to channel 2 */
	}
	arm(n);
	switch (op) {
	case OP_OPEN:
		fd = open(DEV, O_RDWR);
		ret = fd < 0 ? -1 : 0;
		break;
	case OP_IOCTL:
		ret = ioctl(fd, MSG_SLOT_CHANNEL, 3UL);
		break;
	case OP_WRITE_NEW:
	case OP_WRITE_SAME:
		ret = write(fd, msg, 8) == 8 ? 0 : -1;
		break;
	case OP_WRITE_GROW:
		ret = write(fd, msg, MSG_SLOT_MAX_LEN) == MSG_SLOT_MAX_LEN ? 0 : -1;
		break;
	case OP_READ:
		ret = read(fd, msg, sizeof(msg)) == 8 ? 0 : -1;
		break;
	case OP_CLEAR_ONE:
		ret = kfile_put(CLEAR, "2");
		break;
	case OP_SEND_NEW:
	case OP_SEND_SAME:
		ret = ioctl(fd, MSG_SLOT_SEND, &sd);
		break;
	case OP_RECEIVE:
		ret = ioctl(fd, MSG_SLOT_RECEIVE, &rc) == 0 && rc.length == 8 ? 0 : -1;
		break;
	case OP_POLL:
		/* A watch it could not get: POLLERR, for this call only. */
		ret = poll(&p, 1, 0);
		if (ret == 1 && p.revents == POLLIN)
			ret = 0;
		else if (ret == 1 && (p.revents & POLLERR))
			ret = -1, errno = ENOMEM;
		else if (ret >= 0)
			ret = -1, errno = EIO;
		break;
	case OP_EPOLL:
		ret = epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
		break;
	case OP_RESELECT:
		ret = ioctl(fd, MSG_SLOT_CHANNEL, 3UL);
		break;
	case OP_LIST:
		/* Two entries, 48 bytes apart (the tail cleared): both listed. */
		ret = ioctl(fd, MSG_SLOT_LIST, &ls);
		if (ret == 0 && (ls.count != 2 || !ls.done))
			ret = -1, errno = EIO;
		break;
	default:
		ret = kfile_put(CLEAR, "all");
		break;
	}
	*err = ret ? errno : 0;
	if (!disarm())
		ret = 1;	/* no fault point left at n: done */
	/* After the fault, nothing is lost: epoll reports the message... */
	if (op == OP_EPOLL && *err == 0 &&
	    (epoll_wait(ep, &e, 1, 0) != 1 || e.events != EPOLLIN))
		ret = -1, *err = EIO;
	/* ...and a refused switch left the file on channel 2. */
	if (op == OP_RESELECT && *err && read(fd, msg, sizeof(msg)) != 8)
		ret = -1, *err = EIO;
	if (ep >= 0)
		close(ep);
	if (fd >= 0)
		close(fd);
	return ret;
}

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static bool in_proc_devices(void)
{
	char line[128];
	bool found = false;
	FILE *f = fopen("/proc/devices", "r");

	while (f && !found && fgets(line, sizeof(line), f))
		found = strstr(line, " message_slot\n") != NULL;
	if (f)
		fclose(f);
	return found;
}

/*
 * Load @ko with its @n-th fault point failing, in a child that can read
 * back whether the fault fired.  Exit status: 0 loaded without the fault
 * firing (done), 1 loaded despite it, 2 refused with ENOMEM, 3 otherwise.
 */
static int load_child(const char *ko, const char *params, int n)
{
	int fd = open(ko, O_RDONLY | O_CLOEXEC), ret, err;

	fail_nth_fd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (fd < 0 || fail_nth_fd < 0)
		return 4;
	arm(n);
	ret = (int)syscall(SYS_finit_module, fd, params, 0);
	err = errno;
	if (!disarm())
		return ret == 0 ? 0 : 3;
	return ret == 0 ? 1 : err == ENOMEM || err == EFAULT ? 2 : 3;
}

/*
 * Just loaded, the module has made no channel cache: the first message of
 * a size class makes one.  Every fault point of that, one at a time: the
 * write fails with ENOMEM and stores nothing, until one stores it.
 */
static void first_of_a_class(void)
{
	int n, bad = 0, failed = 0;

	fail_nth_fd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (fail_nth_fd < 0)
		tap_bail("no /proc/thread-self/fail-nth: %s", strerror(errno));
	if (!exists("/dev/slot1"))
		mknod("/dev/slot1", S_IFCHR | 0600, makedev(235, 1));
	for (n = 1; n < 500; n++) {
		int fd = open(DEV, O_RDWR), ret;
		bool fired;

		if (fd < 0 || ioctl(fd, MSG_SLOT_CHANNEL, 2UL))
			tap_bail("open %s: %s", DEV, strerror(errno));
		arm(n);
		ret = write(fd, "twenty bytes, class", 20) == 20 ? 0 : errno;
		fired = disarm();
		close(fd);
		if (ret) {
			failed++;
			if ((ret != ENOMEM && ret != EFAULT) || !holds(2, NULL, 0)) {
				bad++;
				tap_diag("  first write, fault %d: %s", n, strerror(ret));
			}
		}
		if (!fired)
			break;
	}
	tap_ok(bad == 0 && n < 500 && holds(2, "twenty bytes, class", 20),
	       "first write of a size class (makes its cache): %d fault points, %d failed it with ENOMEM or EFAULT and stored nothing",
	       n - 1, failed);
	kfile_put(CLEAR, "all");
}

static void load_faults(const char *ko, int stride, int offset)
{
	int n, tried = 0, refused = 0, bad = 0, status;

	tap_diag("load fault points %d, %d, ... (rerun: faults --load %s %d %d)",
		 offset + 1, offset + 1 + stride, ko, stride, offset);
	syscall(SYS_delete_module, "message_slot", O_NONBLOCK);
	for (n = 1 + offset; n < 2000; n += stride) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(load_child(ko, "slots=2", n));
		waitpid(pid, &status, 0);
		status = WIFEXITED(status) ? WEXITSTATUS(status) : 5;
		if (status == 2) {
			refused++;
			if (exists("/sys/module/message_slot") ||
			    exists("/sys/class/msgslot") || in_proc_devices()) {
				bad++;
				tap_diag("  load fault %d: refused, but something stayed", n);
			}
		} else if (status >= 3) {
			bad++;
			tap_diag("  load fault %d: exit %d (3: refused with another errno)",
				 n, status);
		}
		if (status <= 1 && syscall(SYS_delete_module, "message_slot", O_NONBLOCK)) {
			bad++;
			tap_diag("  load fault %d: cannot unload: %s", n, strerror(errno));
		}
		if (status == 0)
			break;
		tried++;
	}
	tap_ok(bad == 0 && n < 2000,
	       "module load with slots=2: %d of its %d fault points (every %d from %d), %d refused the load cleanly (ENOMEM or EFAULT, nothing left)",
	       tried, n - 1, stride, offset + 1, refused);
	/* Leave it loaded, as the suite expects. */
	if (fork() == 0)
		_exit(load_child(ko, "", 0) == 0 ? 0 : 1);
	wait(&status);
	first_of_a_class();
}

int main(int argc, char **argv)
{
	long injected = 0;

	/* failslab passes over allocations that may sleep unless told;
	 * verbose 0: no stack dump per injected fault in the kernel log.
	 */
	kfile_put("/sys/kernel/debug/failslab/ignore-gfp-wait", "N");
	kfile_put("/sys/kernel/debug/failslab/verbose", "0");
	kfile_put("/sys/kernel/debug/fail_usercopy/verbose", "0");
	if (argc > 2 && strcmp(argv[1], "--load") == 0) {
		int stride = argc > 3 ? atoi(argv[3]) : 1;
		int offset = argc > 4 ? atoi(argv[4]) : -1;

		if (stride < 1)
			tap_bail("usage: faults [--load KO [STRIDE [OFFSET]]]");
		if (offset < 0 || offset >= stride)
			offset = (int)((unsigned int)(getpid() ^ time(NULL)) % stride);
		load_faults(argv[2], stride, offset);
		return tap_done();
	}
	fail_nth_fd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (fail_nth_fd < 0)
		tap_bail("no /proc/thread-self/fail-nth: %s", strerror(errno));

	for (enum op op = 0; op < OP_COUNT; op++) {
		int faults = 0, bad = 0, err, n, ret;

		for (n = 1; n < 200; n++) {
			int fd = open(DEV, O_RDWR);

			kfile_put(CLEAR, "all");
			ioctl(fd, MSG_SLOT_CHANNEL, 1UL);
			write(fd, "keep", 4);
			close(fd);

			ret = run(op, n, &err);
			if (ret == 1)
				break;		/* ran to the end unfaulted */
			if (ret == 0)
				continue;	/* a fault that did no harm */
			faults++;
			if (err != ENOMEM && err != EFAULT) {
				bad++;
				tap_diag("  %s, fault %d: %s", op_names[op], n,
					 strerror(err));
			}
			/* A failed operation changed nothing: channel 1
			 * keeps "keep", channel 2 its 8 bytes (or none).
			 */
			if (!holds(1, "keep", 4) ||
			    !holds(2, "gggggggg", keeps_channel2(op) ? 8 : 0)) {
				bad++;
				tap_diag("  %s, fault %d: a stored message changed",
					 op_names[op], n);
			}
		}
		injected += n - 1;
		tap_ok(bad == 0 && n < 200,
		       "%s: %d fault points, %d failed it, each with ENOMEM or EFAULT and nothing changed",
		       op_names[op], n - 1, faults);
	}
	tap_diag("%ld faults injected", injected);
	kfile_put(CLEAR, "all");
	return tap_done();
}
