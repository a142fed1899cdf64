// SPDX-License-Identifier: GPL-2.0
/*
 * poll.c - the waiting and metadata contract, one check at a time:
 * poll(2), select(2) and epoll(7) readiness per open file, sequence
 * numbers, write time, writer pid and uid (also as another pid namespace
 * sees them), and MSG_SLOT_RECEIVE / MSG_SLOT_SEND with their errors.
 *
 * Runs in the guest as root with the module loaded and /dev/slot1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <message_slot.h>

#include "kfile.h"
#include "tap.h"

#define DEV "/dev/slot1"
#define CLEAR "/sys/class/msgslot/slot1/clear"

static int open_channel(unsigned long channel)
{
	int fd = open(DEV, O_RDWR);

	if (fd < 0)
		tap_bail("open %s: %s", DEV, strerror(errno));
	if (channel && ioctl(fd, MSG_SLOT_CHANNEL, channel))
		tap_bail("ioctl channel %lu: %s", channel, strerror(errno));
	return fd;
}

/* poll(2) with timeout 0: the revents. */
static short revents(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLOUT };

	if (poll(&p, 1, 0) < 0)
		tap_bail("poll: %s", strerror(errno));
	return p.revents;
}

static bool readable(int fd)
{
	return revents(fd) & POLLIN;
}

/* epoll_wait with timeout 0: how many events, the first one's in *@ev. */
static int ep_events(int ep, uint32_t *ev)
{
	struct epoll_event e[4];
	int n = epoll_wait(ep, e, 4, 0);

	*ev = n > 0 ? e[0].events : 0;
	return n;
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static long receive(int fd, unsigned long channel, char *buf, size_t size,
		    struct msg_slot_receive *r)
{
	memset(r, 0, sizeof(*r));
	r->channel = channel;
	r->buf = (uint64_t)(uintptr_t)buf;
	r->size = (uint32_t)size;
	return ioctl(fd, MSG_SLOT_RECEIVE, r);
}

static long send_id(int fd, unsigned long channel, const char *msg,
		    size_t len, uint64_t *seq)
{
	struct msg_slot_send s = {
		.channel = channel,
		.buf = (uint64_t)(uintptr_t)msg,
		.length = (uint32_t)len,
	};
	long ret = ioctl(fd, MSG_SLOT_SEND, &s);

	if (seq)
		*seq = s.seq;
	return ret;
}

static void readiness(void)
{
	char buf[MSG_SLOT_MAX_LEN];
	int fd = open_channel(0), other;

	tap_eq(revents(fd), POLLERR, "no channel selected: POLLERR alone");
	ioctl(fd, MSG_SLOT_CHANNEL, 10UL);
	tap_eq(revents(fd), POLLOUT, "empty channel: POLLOUT, not POLLIN");
	other = open_channel(10);
	write(other, "one", 3);
	tap_eq(revents(fd), POLLIN | POLLOUT,
	       "another file wrote: POLLIN | POLLOUT");
	tap_eq(revents(fd), POLLIN | POLLOUT,
	       "poll again without reading: still POLLIN (level)");
	tap_ok(readable(other), "the writing file itself has not read it either");
	tap_eq(read(fd, buf, sizeof(buf)), 3, "read it");
	tap_eq(revents(fd), POLLOUT, "after reading: POLLOUT alone");
	tap_eq(read(fd, buf, sizeof(buf)), 3,
	       "read(2) again still returns the message (read does not consume)");
	write(other, "two", 3);
	tap_ok(readable(fd), "the next write makes it unread again");
	write(other, "two", 3);
	tap_ok(readable(fd), "a rewrite of the same bytes is a new message too");
	read(fd, buf, sizeof(buf));
	ioctl(fd, MSG_SLOT_CHANNEL, 10UL);
	tap_ok(readable(fd), "selecting the channel again makes its message unread");
	read(fd, buf, sizeof(buf));
	kfile_put(CLEAR, "10");
	tap_eq(revents(fd), POLLOUT, "a cleared channel: no POLLIN");
	ioctl(fd, MSG_SLOT_CHANNEL, 10UL);
	tap_eq(revents(fd), POLLOUT, "selecting a cleared channel: no POLLIN");
	write(other, "three", 5);
	tap_ok(readable(fd), "the first write after the clear: POLLIN");
	ioctl(fd, MSG_SLOT_CHANNEL, 11UL);
	tap_eq(revents(fd), POLLOUT, "selecting an empty channel: no POLLIN");
	close(other);
	close(fd);
}

static void select_and_block(void)
{
	int fd = open_channel(20), w = open_channel(20);
	struct timeval tv = { 0, 0 };
	fd_set rd;
	pid_t pid;
	int64_t t0;

	FD_ZERO(&rd);
	FD_SET(fd, &rd);
	tap_eq(select(fd + 1, &rd, NULL, NULL, &tv), 0,
	       "select(): an empty channel is not readable");
	write(w, "x", 1);
	FD_ZERO(&rd);
	FD_SET(fd, &rd);
	tap_eq(select(fd + 1, &rd, NULL, NULL, &tv), 1,
	       "select(): after a write it is");

	/* A blocked poll() is woken by another process's write. */
	read(fd, (char[8]){ 0 }, 8);
	pid = fork();
	if (pid == 0) {
		usleep(200000);
		write(w, "wake", 4);
		_exit(0);
	}
	t0 = now_ns();
	{
		struct pollfd p = { .fd = fd, .events = POLLIN };

		tap_eq(poll(&p, 1, 5000), 1,
		       "a poll() blocked on the channel returns when another process writes");
	}
	tap_ok(now_ns() - t0 < 4000000000LL, "well before its 5 s timeout");
	waitpid(pid, NULL, 0);
	read(fd, (char[8]){ 0 }, 8);
	{
		struct pollfd p = { .fd = fd, .events = POLLIN };

		t0 = now_ns();
		tap_eq(poll(&p, 1, 300), 0,
		       "poll() on a read message times out (300 ms)");
		tap_ok(now_ns() - t0 >= 250000000LL, "after its timeout");
	}
	close(w);
	close(fd);
}

static void epoll_modes(void)
{
	int fd = open_channel(30), w = open_channel(30), ep, et;
	struct epoll_event e = { .events = EPOLLIN, .data.fd = 0 };
	char buf[MSG_SLOT_MAX_LEN];
	uint32_t ev;

	ep = epoll_create1(0);
	et = epoll_create1(0);
	epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
	e.events = EPOLLIN | EPOLLET;
	tap_eq(epoll_ctl(et, EPOLL_CTL_ADD, fd, &e), 0,
	       "one file in a level- and an edge-triggered epoll");
	tap_eq(ep_events(ep, &ev), 0, "empty: no event (level)");
	tap_eq(ep_events(et, &ev), 0, "empty: no event (edge)");
	write(w, "a", 1);
	tap_ok(ep_events(ep, &ev) == 1 && ev == EPOLLIN, "a write: EPOLLIN (level)");
	tap_ok(ep_events(et, &ev) == 1 && ev == EPOLLIN, "a write: EPOLLIN (edge)");
	tap_eq(ep_events(ep, &ev), 1, "not read: level reports it again");
	tap_eq(ep_events(et, &ev), 0, "not read: edge reports it once");
	write(w, "b", 1);
	tap_eq(ep_events(et, &ev), 1, "the next message: one more edge event");
	write(w, "c", 1);
	write(w, "d", 1);
	tap_eq(ep_events(et, &ev), 1, "two writes before the wait: one edge event");
	read(fd, buf, sizeof(buf));
	tap_eq(ep_events(ep, &ev), 0, "read: level stops reporting");
	ioctl(fd, MSG_SLOT_CHANNEL, 31UL);
	tap_eq(ep_events(ep, &ev), 0, "switched to an empty channel: nothing");
	ioctl(w, MSG_SLOT_CHANNEL, 31UL);
	write(w, "e", 1);
	tap_eq(ep_events(et, &ev), 1,
	       "a write to the newly selected channel wakes the epoll set up before the switch");
	ioctl(fd, MSG_SLOT_CHANNEL, 30UL);
	tap_eq(ep_events(et, &ev), 1,
	       "switching back to a channel with a message: an edge event");
	ioctl(w, MSG_SLOT_CHANNEL, 32UL);
	write(w, "f", 1);
	tap_eq(ep_events(et, &ev), 0, "a write to another channel: no event");
	close(ep);
	close(et);
	close(w);
	close(fd);
}

static void metadata(void)
{
	char buf[MSG_SLOT_MAX_LEN];
	struct msg_slot_receive r;
	uint64_t s1, s2, s3, s4;
	int fd = open_channel(40);
	int64_t before, after;

	kfile_put(CLEAR, "40");
	before = now_ns();
	tap_eq(send_id(fd, 0, "hello", 5, &s1), 0, "MSG_SLOT_SEND to the selected channel");
	after = now_ns();
	tap_ok(s1 > 0, "it returns a sequence number (%llu)", (unsigned long long)s1);
	tap_eq(receive(fd, 0, buf, sizeof(buf), &r), 0, "MSG_SLOT_RECEIVE of the selected channel");
	tap_ok(r.length == 5 && memcmp(buf, "hello", 5) == 0, "the message");
	tap_ok(r.seq == s1, "the same sequence number");
	tap_ok((int64_t)r.time_ns >= before && (int64_t)r.time_ns <= after,
	       "written at a CLOCK_REALTIME time between the call's start and end");
	tap_eq(r.pid, getpid(), "the writer's pid");
	tap_eq(r.uid, geteuid(), "the writer's uid");
	tap_eq(r.reserved, 0, "reserved is 0");
	write(fd, "x", 1);
	receive(fd, 0, buf, sizeof(buf), &r);
	s2 = r.seq;
	tap_eq((long)(s2 - s1), 1, "write(2) in place: the number goes up by one");
	write(fd, "a longer message, another size class", 36);
	receive(fd, 0, buf, sizeof(buf), &r);
	s3 = r.seq;
	tap_eq((long)(s3 - s2), 1, "a message of another size: up by one");
	kfile_put(CLEAR, "40");
	tap_errno(receive(fd, 0, buf, sizeof(buf), &r), EWOULDBLOCK,
		  "cleared: MSG_SLOT_RECEIVE fails with EWOULDBLOCK");
	send_id(fd, 40, "again", 5, &s4);
	tap_ok(s4 > s3, "after a clear the numbers go on above the old ones (%llu > %llu)",
	       (unsigned long long)s4, (unsigned long long)s3);

	/* By id: another channel, the selection untouched. */
	tap_eq(send_id(fd, 41, "other", 5, NULL), 0, "MSG_SLOT_SEND to channel 41 by id");
	tap_eq(receive(fd, 41, buf, sizeof(buf), &r), 0, "MSG_SLOT_RECEIVE of channel 41 by id");
	tap_ok(r.length == 5 && memcmp(buf, "other", 5) == 0, "channel 41's message");
	tap_ok(read(fd, buf, sizeof(buf)) == 5 && memcmp(buf, "again", 5) == 0,
	       "the file's selected channel is still 40");
	tap_ok(!readable(fd), "read(2) marked 40's message read");
	send_id(fd, 40, "new", 3, NULL);
	receive(fd, 41, buf, sizeof(buf), &r);
	tap_ok(readable(fd), "receiving another channel does not mark the selected one read");
	receive(fd, 40, buf, sizeof(buf), &r);
	tap_ok(!readable(fd), "receiving the selected channel by its id marks it read");
	close(fd);
}

/* A send struct in a read-only page. */
static struct msg_slot_send *mmap_ro_send(unsigned long channel)
{
	struct msg_slot_send *s = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (s == MAP_FAILED)
		tap_bail("mmap: %s", strerror(errno));
	s->channel = channel;
	s->buf = (uintptr_t)"ro";
	s->length = 2;
	if (mprotect(s, 4096, PROT_READ))
		tap_bail("mprotect: %s", strerror(errno));
	return s;
}

static void errors(void)
{
	char buf[MSG_SLOT_MAX_LEN + 1], big[MSG_SLOT_MAX_LEN + 1];
	struct msg_slot_receive r;
	int fd = open_channel(0);
	uint64_t seq;

	memset(big, 'b', sizeof(big));
	tap_errno(receive(fd, 0, buf, sizeof(buf), &r), EINVAL,
		  "receive channel 0 with none selected: EINVAL");
	tap_errno(send_id(fd, 0, "x", 1, NULL), EINVAL,
		  "send channel 0 with none selected: EINVAL");
	tap_errno(send_id(fd, 50, "x", 0, NULL), EMSGSIZE, "send of 0 bytes: EMSGSIZE");
	tap_errno(send_id(fd, 50, big, MSG_SLOT_MAX_LEN + 1, NULL), EMSGSIZE,
		  "send of 129 bytes: EMSGSIZE");
	tap_errno(receive(fd, 50, buf, sizeof(buf), &r), EWOULDBLOCK,
		  "nothing was stored: receive fails with EWOULDBLOCK");
	tap_eq(send_id(fd, 50, big, MSG_SLOT_MAX_LEN, &seq), 0, "send of 128 bytes");
	tap_errno(receive(fd, 50, buf, MSG_SLOT_MAX_LEN - 1, &r), ENOSPC,
		  "receive into 127 bytes: ENOSPC");
	tap_errno(receive(fd, 50, NULL, sizeof(buf), &r), EFAULT,
		  "receive into NULL: EFAULT");
	tap_errno(send_id(fd, 50, NULL, 4, NULL), EFAULT, "send from NULL: EFAULT");
	tap_errno(ioctl(fd, MSG_SLOT_RECEIVE, NULL), EFAULT, "receive with no struct: EFAULT");
	tap_errno(ioctl(fd, MSG_SLOT_SEND, NULL), EFAULT, "send with no struct: EFAULT");
	{
		struct msg_slot_send s = { .channel = 50, .buf = (uintptr_t)"y",
					   .length = 1, .flags = 1 };

		tap_errno(ioctl(fd, MSG_SLOT_SEND, &s), EINVAL, "send with flags: EINVAL");
	}
	memset(&r, 0, sizeof(r));
	r.channel = 50;
	r.buf = (uintptr_t)buf;
	r.size = sizeof(buf);
	r.flags = 2;
	tap_errno(ioctl(fd, MSG_SLOT_RECEIVE, &r), EINVAL, "receive with flags: EINVAL");
	tap_ok(receive(fd, 50, buf, sizeof(buf), &r) == 0 && r.length == MSG_SLOT_MAX_LEN &&
	       r.seq == seq, "after all that, channel 50 holds the 128 bytes, unchanged");
	{
		/* The struct is read-only: refused before anything changes. */
		struct msg_slot_send *s = mmap_ro_send(50);

		tap_errno(ioctl(fd, MSG_SLOT_SEND, s), EFAULT,
			  "send whose struct cannot take the sequence number: EFAULT");
		tap_ok(receive(fd, 50, buf, sizeof(buf), &r) == 0 && r.seq == seq,
		       "and it stored nothing");
	}
	{
		/* A file's open mode says what it may do, as for read(2)/write(2). */
		int ro = open(DEV, O_RDONLY), wo = open(DEV, O_WRONLY);

		if (ro < 0 || wo < 0)
			tap_bail("open %s: %s", DEV, strerror(errno));
		tap_errno(send_id(ro, 50, "ro", 2, NULL), EBADF,
			  "send through a file open read-only: EBADF");
		tap_errno(receive(wo, 50, buf, sizeof(buf), &r), EBADF,
			  "receive through a file open write-only: EBADF");
		tap_ok(receive(ro, 50, buf, sizeof(buf), &r) == 0 && r.seq == seq,
		       "the read-only file receives, and channel 50 is unchanged");
		tap_eq(send_id(wo, 51, "wo", 2, NULL), 0,
		       "the write-only file sends");
		close(ro);
		close(wo);
	}
	close(fd);
}

/* A pid namespace sees the writer's pid translated, or 0; a user namespace its uid. */
static void namespaces(void)
{
	int fd = open_channel(60), pipefd[2];
	pid_t pid;

	write(fd, "from init ns", 12);
	if (pipe(pipefd))
		tap_bail("pipe: %s", strerror(errno));
	pid = fork();
	if (pid == 0) {
		char buf[MSG_SLOT_MAX_LEN];
		struct msg_slot_receive r = { 0 };
		uint32_t got[2] = { 0, 0 };

		if (unshare(CLONE_NEWUSER) == 0)
			receive(fd, 0, buf, sizeof(buf), &r);
		else
			got[1] = (uint32_t)errno;
		got[0] = r.uid;
		write(pipefd[1], got, sizeof(got));
		_exit(0);
	} else {
		uint32_t got[2] = { 0, 0 };

		read(pipefd[0], got, sizeof(got));
		waitpid(pid, NULL, 0);
		/* The debug kernels are built without CONFIG_USER_NS. */
		if (got[1] == EINVAL)
			tap_diag("no user namespaces in this kernel: the uid mapping is not checked");
		else
			tap_eq(got[0], 65534, "a user namespace with no mapping sees the overflow uid");
	}
	close(pipefd[0]);
	close(pipefd[1]);
	if (pipe(pipefd) || unshare(CLONE_NEWPID))
		tap_bail("unshare(CLONE_NEWPID): %s", strerror(errno));
	pid = fork();
	if (pid == 0) {
		char buf[MSG_SLOT_MAX_LEN];
		struct msg_slot_receive r;
		int32_t got[3];

		receive(fd, 0, buf, sizeof(buf), &r);
		got[0] = r.pid;
		send_id(fd, 61, "from child", 10, NULL);
		receive(fd, 61, buf, sizeof(buf), &r);
		got[1] = r.pid;
		got[2] = getpid();
		write(pipefd[1], got, sizeof(got));
		_exit(0);
	} else {
		char buf[MSG_SLOT_MAX_LEN];
		struct msg_slot_receive r;
		int32_t got[3] = { -1, -1, -1 };

		read(pipefd[0], got, sizeof(got));
		tap_eq(got[0], 0, "a writer outside the reader's pid namespace: pid 0");
		tap_ok(got[1] == got[2] && got[1] == 1,
		       "a writer inside it: its pid there (%d)", got[1]);
		receive(fd, 61, buf, sizeof(buf), &r);
		tap_eq(r.pid, pid, "the parent namespace sees the child's own pid");
		waitpid(pid, NULL, 0);
	}
	close(fd);
}

int main(void)
{
	readiness();
	select_and_block();
	epoll_modes();
	metadata();
	errors();
	namespaces();
	return tap_done();
}
