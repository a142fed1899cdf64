// SPDX-License-Identifier: GPL-2.0
/*
 * contract.c - every line of the device contract, one check at a time.
 *
 * Runs in the guest with the module loaded and /dev/slot0, slot1 and
 * slot255 made with mknod (major 235).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <message_slot.h>

#include "kfile.h"
#include "tap.h"

static int open_slot(const char *path)
{
	int fd = open(path, O_RDWR);

	if (fd < 0)
		tap_bail("open %s: %s", path, strerror(errno));
	return fd;
}

static int open_channel(const char *path, unsigned long channel)
{
	int fd = open_slot(path);

	if (ioctl(fd, MSG_SLOT_CHANNEL, channel))
		tap_bail("%s: ioctl channel %lu: %s", path, channel,
			 strerror(errno));
	return fd;
}

/* Read the channel's message and compare it with @want. */
static bool has_message(int fd, const char *want, size_t len)
{
	char buf[MSG_SLOT_MAX_LEN + 16];
	ssize_t n;

	memset(buf, 0x5a, sizeof(buf));
	n = read(fd, buf, sizeof(buf));
	if (n != (ssize_t)len) {
		tap_diag("  read %zd bytes (%s), want %zu", n,
			 n < 0 ? strerror(errno) : "ok", len);
		return false;
	}
	if (memcmp(buf, want, len) != 0) {
		tap_diag("  message bytes differ");
		return false;
	}
	for (size_t i = len; i < sizeof(buf); i++) {
		if (buf[i] != 0x5a) {
			tap_diag("  byte %zu past the message was written", i);
			return false;
		}
	}
	return true;
}

static void test_no_channel(void)
{
	int fd = open_slot("/dev/slot0");
	char buf[8];

	tap_errno(write(fd, "x", 1), EINVAL, "write before any ioctl: EINVAL");
	tap_errno(read(fd, buf, sizeof(buf)), EINVAL,
		  "read before any ioctl: EINVAL");
	tap_errno(ioctl(fd, MSG_SLOT_CHANNEL, 0UL), EINVAL,
		  "ioctl channel 0: EINVAL");
	tap_errno(write(fd, "x", 1), EINVAL,
		  "write after a refused ioctl: still EINVAL");
	tap_errno(ioctl(fd, _IOW(MSG_SLOT_MAJOR, 1, unsigned long), 5UL),
		  EINVAL, "unknown ioctl number: EINVAL");
	tap_errno(ioctl(fd, _IOR(MSG_SLOT_MAJOR, 0, unsigned long), 5UL),
		  EINVAL, "ioctl with the wrong direction: EINVAL");
	tap_errno(ioctl(fd, TCGETS, buf), EINVAL, "a tty ioctl: EINVAL");
	close(fd);
}

static void test_read_write(void)
{
	char big[MSG_SLOT_MAX_LEN + 1], buf[MSG_SLOT_MAX_LEN];
	int fd = open_channel("/dev/slot0", 7);

	memset(big, 'm', sizeof(big));
	tap_errno(read(fd, buf, sizeof(buf)), EWOULDBLOCK,
		  "read of a channel never written: EWOULDBLOCK");
	tap_errno(write(fd, big, 0), EMSGSIZE, "write of 0 bytes: EMSGSIZE");
	tap_errno(write(fd, big, MSG_SLOT_MAX_LEN + 1), EMSGSIZE,
		  "write of 129 bytes: EMSGSIZE");
	tap_errno(read(fd, buf, sizeof(buf)), EWOULDBLOCK,
		  "refused writes stored nothing");
	tap_eq(write(fd, big, MSG_SLOT_MAX_LEN), MSG_SLOT_MAX_LEN,
	       "write of 128 bytes returns 128");
	tap_ok(has_message(fd, big, MSG_SLOT_MAX_LEN),
	       "read returns the 128-byte message whole");
	tap_ok(has_message(fd, big, MSG_SLOT_MAX_LEN),
	       "read does not consume: second read returns it again");
	tap_errno(read(fd, buf, MSG_SLOT_MAX_LEN - 1), ENOSPC,
		  "read into 127 bytes of a 128-byte message: ENOSPC");
	tap_errno(read(fd, buf, 0), ENOSPC, "read of size 0: ENOSPC");
	tap_eq(read(fd, buf, MSG_SLOT_MAX_LEN), MSG_SLOT_MAX_LEN,
	       "read into exactly the message size succeeds");
	tap_eq(write(fd, "hi", 2), 2, "write of 2 bytes returns 2");
	tap_ok(has_message(fd, "hi", 2),
	       "a short message replaces a long one; nothing stale follows");
	tap_eq(write(fd, "z", 1), 1, "write of 1 byte returns 1");
	tap_ok(has_message(fd, "z", 1), "1-byte message reads back");
	close(fd);
}

/* Every length, up and down, across allocation-size boundaries. */
static void test_every_length(void)
{
	int fd = open_channel("/dev/slot0", 8);
	char msg[MSG_SLOT_MAX_LEN];
	int bad = 0;

	for (int round = 0; round < 2; round++) {
		for (int i = 1; i <= MSG_SLOT_MAX_LEN; i++) {
			int len = round ? MSG_SLOT_MAX_LEN + 1 - i : i;

			for (int j = 0; j < len; j++)
				msg[j] = (char)(len + j);
			if (write(fd, msg, len) != len ||
			    !has_message(fd, msg, len))
				bad++;
		}
	}
	tap_eq(bad, 0, "every length 1..128, growing then shrinking");
	close(fd);
}

static void test_ids(void)
{
	int a = open_slot("/dev/slot0"), b = open_slot("/dev/slot0");

	ioctl(a, MSG_SLOT_CHANNEL, ULONG_MAX);
	tap_eq(write(a, "max", 3), 3, "channel ULONG_MAX accepts a message");
	ioctl(b, MSG_SLOT_CHANNEL, 1UL);
	tap_eq(write(b, "one", 3), 3, "channel 1 accepts a message");
	tap_ok(has_message(a, "max", 3) && has_message(b, "one", 3),
	       "channels 1 and ULONG_MAX are distinct");

	ioctl(a, MSG_SLOT_CHANNEL, 0x100000009UL);
	write(a, "high", 4);
	ioctl(b, MSG_SLOT_CHANNEL, 9UL);
	tap_errno(read(b, (char[8]){ 0 }, 8), EWOULDBLOCK,
		  "channel 9 is not channel 0x100000009 (ids are 64-bit)");
	tap_eq(ioctl(b, MSG_SLOT_CHANNEL_U32, 0x100000009UL), 0,
	       "the unsigned-int encoding of the ioctl is accepted");
	tap_ok(has_message(b, "high", 4),
	       "both encodings take the id by value");
	close(a);
	close(b);
}

static void test_per_file_channel(void)
{
	int a = open_channel("/dev/slot0", 21), b = open_channel("/dev/slot0", 22);

	write(a, "for 21", 6);
	write(b, "for 22", 6);
	tap_ok(has_message(a, "for 21", 6) && has_message(b, "for 22", 6),
	       "two open files of one slot keep their own channels");
	ioctl(a, MSG_SLOT_CHANNEL, 22UL);
	tap_ok(has_message(a, "for 22", 6),
	       "switching channel on an open file reads the other channel");
	close(a);
	close(b);
}

static void test_persistence(void)
{
	int fd = open_channel("/dev/slot0", 30);

	write(fd, "stays", 5);
	close(fd);
	fd = open_channel("/dev/slot0", 30);
	tap_ok(has_message(fd, "stays", 5),
	       "a message outlives the file that wrote it");
	close(fd);
}

static void test_minors(void)
{
	int s0 = open_channel("/dev/slot0", 40), s1 = open_channel("/dev/slot1", 40);
	int s255 = open_channel("/dev/slot255", 40);

	write(s0, "zero", 4);
	tap_errno(read(s1, (char[8]){ 0 }, 8), EWOULDBLOCK,
		  "same channel id on another minor is a different channel");
	write(s1, "one", 3);
	write(s255, "last", 4);
	tap_ok(has_message(s0, "zero", 4) && has_message(s1, "one", 3) &&
	       has_message(s255, "last", 4),
	       "minors 0, 1 and 255 are independent slots");
	close(s0);
	close(s1);
	close(s255);
}

/* A buffer whose last @tail bytes are valid and the rest is unmapped. */
static char *edge_buffer(size_t tail)
{
	long page = sysconf(_SC_PAGESIZE);
	char *map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (map == MAP_FAILED)
		tap_bail("mmap: %s", strerror(errno));
	munmap(map + page, page);
	memset(map + page - tail, 'e', tail);
	return map + page - tail;
}

/* Hidden from the compiler, which would refuse a literal NULL buffer. */
static char *volatile null_buffer;

static void test_bad_pointers(void)
{
	int fd = open_channel("/dev/slot0", 50);
	char *edge = edge_buffer(10), *edge3 = edge_buffer(3);

	write(fd, "intact", 6);
	tap_errno(write(fd, null_buffer, 5), EFAULT, "write from NULL: EFAULT");
	tap_ok(has_message(fd, "intact", 6), "the message survives it");
	tap_errno(write(fd, edge, 20), EFAULT,
		  "write from a buffer running into an unmapped page: EFAULT");
	tap_ok(has_message(fd, "intact", 6),
	       "the message survives a partial fault");
	tap_errno(write(fd, (void *)-4096L, 4), EFAULT,
		  "write from a kernel address: EFAULT");
	tap_errno(read(fd, null_buffer, 16), EFAULT, "read into NULL: EFAULT");
	tap_errno(read(fd, edge3, 20), EFAULT,
		  "read of 6 bytes into 3 mapped bytes then a hole: EFAULT");
	tap_ok(has_message(fd, "intact", 6), "the message survives bad reads");
	tap_eq(write(fd, edge, 10), 10, "write of exactly the mapped bytes works");
	close(fd);
}

/* A 128-byte write whose buffer leaves the mapping after k bytes, every k. */
static void test_fault_every_offset(void)
{
	int fd = open_channel("/dev/slot0", 51), bad = 0;
	char *edges[MSG_SLOT_MAX_LEN];

	write(fd, "intact", 6);
	for (int k = 0; k < MSG_SLOT_MAX_LEN; k++) {
		edges[k] = edge_buffer(k);
		if (write(fd, edges[k], MSG_SLOT_MAX_LEN) != -1 || errno != EFAULT ||
		    !has_message(fd, "intact", 6))
			bad++;
	}
	tap_eq(bad, 0, "a write faulting after each of 0..127 bytes: EFAULT, message intact");
	for (int k = 0; k < MSG_SLOT_MAX_LEN; k++)
		munmap(edges[k] + k - sysconf(_SC_PAGESIZE), sysconf(_SC_PAGESIZE));
	close(fd);
}

static void test_processes(void)
{
	enum { NPROC = 4 };
	int fd, bad = 0;

	for (int i = 0; i < NPROC; i++) {
		if (fork() == 0) {
			char msg[32];
			int n = snprintf(msg, sizeof(msg), "child %d", i);

			fd = open_channel("/dev/slot0", 100 + i);
			_exit(write(fd, msg, n) == n ? 0 : 1);
		}
	}
	for (int i = 0; i < NPROC; i++) {
		int status;

		wait(&status);
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			bad++;
	}
	tap_eq(bad, 0, "%d processes write their channels of one slot", NPROC);
	fd = open_slot("/dev/slot0");
	for (int i = 0; i < NPROC; i++) {
		char msg[32];
		int n = snprintf(msg, sizeof(msg), "child %d", i);

		ioctl(fd, MSG_SLOT_CHANNEL, 100UL + i);
		if (!has_message(fd, msg, n))
			bad++;
	}
	tap_eq(bad, 0, "another process reads each child's message");
	close(fd);
}

static void test_many_channels(void)
{
	enum { N = 20000 };
	int fd = open_slot("/dev/slot1"), bad = 0;
	unsigned long id;
	char msg[16];

	for (int i = 0; i < N; i++) {
		id = 0x9e3779b97f4a7c15UL * (i + 1);
		ioctl(fd, MSG_SLOT_CHANNEL, id);
		if (write(fd, msg, snprintf(msg, sizeof(msg), "%d", i)) <= 0)
			bad++;
	}
	for (int i = 0; i < N; i++) {
		id = 0x9e3779b97f4a7c15UL * (i + 1);
		ioctl(fd, MSG_SLOT_CHANNEL, id);
		if (!has_message(fd, msg, snprintf(msg, sizeof(msg), "%d", i)))
			bad++;
	}
	tap_eq(bad, 0, "%d channels on one slot each keep their message", N);
	close(fd);
}

static void clear_channel(const char *id)
{
	if (kfile_put("/sys/class/msgslot/slot0/clear", id))
		tap_bail("clear channel %s: %s", id, strerror(errno));
}

/*
 * An open file remembers where it last found its channel (the driver's
 * hint): whatever happens to the channel through other files, clears and
 * re-selections, it must read what the contract says, never a stale copy.
 */
static void test_what_a_file_remembers(void)
{
	int a = open_channel("/dev/slot0", 61), b = open_channel("/dev/slot0", 61);
	long page = sysconf(_SC_PAGESIZE);
	char big[100], *fresh, *readonly;

	memset(big, 'B', sizeof(big));
	write(a, "first", 5);
	tap_ok(has_message(b, "first", 5), "a second file reads the first's message");
	write(a, "FIRST", 5);
	tap_ok(has_message(b, "FIRST", 5), "a same-length rewrite shows through it");
	write(a, big, sizeof(big));
	tap_ok(has_message(b, big, sizeof(big)),
	       "a longer message (a new allocation) shows through it");
	write(a, "x", 1);
	tap_ok(has_message(b, "x", 1),
	       "a much shorter one (a smaller allocation) shows through it");

	clear_channel("61");
	tap_errno(read(b, big, sizeof(big)), EWOULDBLOCK,
		  "after a clear, a file that read the channel gets EWOULDBLOCK");
	tap_errno(write(b, "", 0), EMSGSIZE, "(and still its own errors)");
	write(a, "back", 4);
	tap_ok(has_message(b, "back", 4), "a new message after the clear reads back");
	ioctl(a, MSG_SLOT_CHANNEL, 63UL);
	write(a, "other", 5);
	clear_channel("63");
	tap_ok(has_message(b, "back", 4),
	       "a clear of another channel leaves it readable");
	write(b, "bbbb", 4);
	tap_ok(has_message(b, "bbbb", 4), "and writable in place");

	ioctl(b, MSG_SLOT_CHANNEL, 64UL);
	tap_errno(read(b, big, sizeof(big)), EWOULDBLOCK,
		  "switched to an empty channel: EWOULDBLOCK, not the old one's");
	ioctl(b, MSG_SLOT_CHANNEL, 61UL);
	tap_ok(has_message(b, "bbbb", 4), "switched back: its message again");

	/* Never touched: copying to it faults, and must still work. */
	fresh = mmap(NULL, page, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	readonly = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (fresh == MAP_FAILED || readonly == MAP_FAILED)
		tap_bail("mmap: %s", strerror(errno));
	tap_ok(read(b, fresh, 16) == 4 && memcmp(fresh, "bbbb", 4) == 0,
	       "a read into a page not yet faulted in returns the message");
	tap_errno(read(b, readonly, 16), EFAULT, "a read into a read-only page: EFAULT");
	munmap(fresh, page);
	munmap(readonly, page);
	clear_channel("61");
	close(a);
	close(b);
}

static void test_not_seekable(void)
{
	int fd = open_channel("/dev/slot0", 7);
	char buf[MSG_SLOT_MAX_LEN];

	tap_errno(lseek(fd, 0, SEEK_SET), ESPIPE, "lseek: ESPIPE (a stream)");
	tap_errno(pread(fd, buf, sizeof(buf), 0), ESPIPE, "pread: ESPIPE");
	close(fd);
}

int main(void)
{
	test_no_channel();
	test_read_write();
	test_every_length();
	test_ids();
	test_per_file_channel();
	test_persistence();
	test_minors();
	test_bad_pointers();
	test_fault_every_offset();
	test_what_a_file_remembers();
	test_processes();
	test_many_channels();
	test_not_seekable();
	return tap_done();
}
