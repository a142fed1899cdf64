// SPDX-License-Identifier: GPL-2.0
/*
 * mechanisms.c - one message written then read back, six ways.
 *
 * The floor is what any character device write and read of the same size
 * must cost: write(2) to /dev/null and read(2) from /dev/zero.  The others
 * are what a user would pick instead of msgslot for a small message
 * between processes.  Every call's result is checked: a way that stops
 * working fails the run rather than timing errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/msg.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench.h"

static void close_fds(struct way *w)
{
	if (w->rfd != w->wfd)
		close(w->rfd);
	close(w->wfd);
}

static bool fd_pair(struct way *w, const char *msg, size_t len,
		    char buf[MSG_SLOT_MAX_LEN])
{
	return write(w->wfd, msg, len) == (ssize_t)len &&
	       read(w->rfd, buf, MSG_SLOT_MAX_LEN) == (ssize_t)len;
}

static int floor_open(struct way *w, const char *dev, unsigned long channel)
{
	(void)dev;
	(void)channel;
	w->wfd = open("/dev/null", O_WRONLY);
	w->rfd = open("/dev/zero", O_RDONLY);
	return w->wfd < 0 || w->rfd < 0 ? -1 : 0;
}

/* /dev/zero fills whatever is asked: ask for exactly @len. */
static bool floor_pair(struct way *w, const char *msg, size_t len,
		       char buf[MSG_SLOT_MAX_LEN])
{
	return write(w->wfd, msg, len) == (ssize_t)len &&
	       read(w->rfd, buf, len) == (ssize_t)len;
}

const struct mechanism mech_floor = {
	"floor", "floor: /dev/null + /dev/zero", floor_open, floor_pair, close_fds,
};

static int msgslot_open(struct way *w, const char *dev, unsigned long channel)
{
	w->wfd = w->rfd = open(dev, O_RDWR);
	if (w->wfd < 0)
		return -1;
	return ioctl(w->wfd, MSG_SLOT_CHANNEL, channel);
}

const struct mechanism mech_msgslot = {
	"msgslot", "msgslot", msgslot_open, fd_pair, close_fds,
};

bool msgslot_read_only(struct way *w, size_t len, char buf[MSG_SLOT_MAX_LEN])
{
	return read(w->rfd, buf, MSG_SLOT_MAX_LEN) == (ssize_t)len;
}

bool msgslot_write_only(struct way *w, const char *msg, size_t len)
{
	return write(w->wfd, msg, len) == (ssize_t)len;
}

static int pipe_open(struct way *w, const char *dev, unsigned long channel)
{
	int fds[2];

	(void)dev;
	(void)channel;
	if (pipe(fds))
		return -1;
	w->rfd = fds[0];
	w->wfd = fds[1];
	return 0;
}

static const struct mechanism mech_pipe = {
	"pipe", "pipe", pipe_open, fd_pair, close_fds,
};

static int socketpair_open(struct way *w, const char *dev,
			   unsigned long channel)
{
	int fds[2];

	(void)dev;
	(void)channel;
	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, fds))
		return -1;
	w->wfd = fds[0];
	w->rfd = fds[1];
	return 0;
}

static const struct mechanism mech_socketpair = {
	"socketpair", "UNIX datagram socketpair", socketpair_open, fd_pair,
	close_fds,
};

static int posix_mq_open(struct way *w, const char *dev,
			 unsigned long channel)
{
	struct mq_attr attr = { .mq_maxmsg = 8, .mq_msgsize = MSG_SLOT_MAX_LEN };
	char name[64];
	mqd_t mq;

	(void)dev;
	snprintf(name, sizeof(name), "/msgslot-bench-%d-%lu", getpid(), channel);
	mq = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
	if (mq == (mqd_t)-1)
		return -1;
	mq_unlink(name);
	w->queue = mq;
	return 0;
}

static bool posix_mq_pair(struct way *w, const char *msg, size_t len,
			  char buf[MSG_SLOT_MAX_LEN])
{
	return mq_send(w->queue, msg, len, 0) == 0 &&
	       mq_receive(w->queue, buf, MSG_SLOT_MAX_LEN, NULL) == (ssize_t)len;
}

static void posix_mq_close(struct way *w)
{
	mq_close(w->queue);
}

static const struct mechanism mech_posix_mq = {
	"posix_mq", "POSIX message queue", posix_mq_open, posix_mq_pair,
	posix_mq_close,
};

struct sysv_msg {
	long mtype;
	char mtext[MSG_SLOT_MAX_LEN];
};

static int sysv_mq_open(struct way *w, const char *dev, unsigned long channel)
{
	(void)dev;
	(void)channel;
	w->queue = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	return w->queue < 0 ? -1 : 0;
}

static bool sysv_mq_pair(struct way *w, const char *msg, size_t len,
			 char buf[MSG_SLOT_MAX_LEN])
{
	struct sysv_msg out = { .mtype = 1 }, in;

	/* A caller builds its message behind an mtype, and uses the one it
	 * receives where it lands: no copy out.
	 */
	(void)buf;
	memcpy(out.mtext, msg, len);
	return msgsnd(w->queue, &out, len, 0) == 0 &&
	       msgrcv(w->queue, &in, sizeof(in.mtext), 0, 0) == (ssize_t)len;
}

static void sysv_mq_close(struct way *w)
{
	msgctl(w->queue, IPC_RMID, NULL);
}

static const struct mechanism mech_sysv_mq = {
	"sysv_mq", "System V message queue", sysv_mq_open, sysv_mq_pair,
	sysv_mq_close,
};

const struct mechanism *const mechanisms[] = {
	&mech_floor, &mech_msgslot, &mech_pipe, &mech_socketpair,
	&mech_posix_mq, &mech_sysv_mq, NULL,
};
