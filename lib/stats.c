// SPDX-License-Identifier: LGPL-2.1-or-later
/* stats.c - a slot's figures from sysfs, and the list of slots. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "msgslot.h"
#include "paths.h"
#include "sized.h"

#define STATS_VER0 MSGSLOT_VER0_SIZE(struct msgslot_stats, max_bytes)

int msgslot_module_loaded(void)
{
	struct stat st;

	return stat(msgslot_sysfs_root(), &st) == 0 && S_ISDIR(st.st_mode);
}

int msgslot_major(void)
{
	const char *path = getenv("MSGSLOT_PROC_DEVICES");
	char line[128], name[64];
	int major, found = -ENOENT;
	FILE *f;

	f = fopen(path && *path ? path : "/proc/devices", "re");
	if (!f)
		return -errno;
	/* "Character devices:" comes first, then "Block devices:". */
	while (fgets(line, sizeof(line), f) && !strstr(line, "Block")) {
		if (sscanf(line, "%d %63s", &major, name) == 2 &&
		    strcmp(name, "message_slot") == 0) {
			found = major;
			break;
		}
	}
	fclose(f);
	return found;
}

/* A file's text, NUL-terminated; 0 or -errno. */
static int read_text(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd, err;

	buf[0] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	err = n < 0 ? -errno : 0;
	close(fd);
	buf[n < 0 ? 0 : n] = '\0';
	return err;
}

/* A slot attribute's text; 0 or -errno. */
static int read_attr(unsigned int minor, const char *file, char *buf,
		     size_t size)
{
	char path[512];
	int err;

	buf[0] = '\0';
	err = msgslot_sysfs_path(path, sizeof(path), minor, file);
	return err ? err : read_text(path, buf, size);
}

/* One decimal value and a newline, as every figure and parameter holds. */
static int parse_u64(const char *buf, uint64_t *value)
{
	char *end;

	if (buf[0] < '0' || buf[0] > '9')
		return -EBADMSG;
	errno = 0;
	*value = strtoull(buf, &end, 10);
	if (errno || (*end != '\n' && *end != '\0'))
		return -EBADMSG;
	return 0;
}

/* A module parameter; a missing one reads as 0 (an older module). */
static int read_param(const char *name, uint64_t *value)
{
	char path[512], buf[32];
	int err = msgslot_param_path(path, sizeof(path), name);

	*value = 0;
	if (!err)
		err = read_text(path, buf, sizeof(buf));
	if (err == -ENOENT)
		return 0;
	return err ? err : parse_u64(buf, value);
}

static int read_u64(unsigned int minor, const char *file, uint64_t *value)
{
	char buf[32];
	int err = read_attr(minor, file, buf, sizeof(buf));

	return err ? err : parse_u64(buf, value);
}

int msgslot_stats_read(unsigned int minor, struct msgslot_stats *stats)
{
	static const struct {
		const char *file;
		size_t offset;
	} fields[] = {
		{ "channels", offsetof(struct msgslot_stats, channels) },
		{ "bytes", offsetof(struct msgslot_stats, bytes) },
		{ "memory", offsetof(struct msgslot_stats, memory) },
		{ "open_files", offsetof(struct msgslot_stats, open_files) },
		{ "writes", offsetof(struct msgslot_stats, writes) },
		{ "reads", offsetof(struct msgslot_stats, reads) },
	};
	struct msgslot_stats st = { .minor = minor };

	if (msgslot_sized_check(stats, STATS_VER0))
		return -EINVAL;
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		int err = read_u64(minor, fields[i].file,
				   (uint64_t *)((char *)&st + fields[i].offset));

		if (err)
			return err;
	}
	if (read_param("max_channels", &st.max_channels) ||
	    read_param("max_bytes", &st.max_bytes))
		return -EBADMSG;
	msgslot_sized_copy(stats, &st, sizeof(st));
	return 0;
}

/* "slot<N>" with N 0..MSG_SLOT_MINORS-1 and nothing else. */
static int slot_name_minor(const char *name, unsigned int *minor)
{
	unsigned long n;
	char *end;

	if (strncmp(name, "slot", 4) != 0 || name[4] < '0' || name[4] > '9' ||
	    (name[4] == '0' && name[5]))
		return -EINVAL;
	n = strtoul(name + 4, &end, 10);
	if (*end || n >= MSG_SLOT_MINORS)
		return -EINVAL;
	*minor = (unsigned int)n;
	return 0;
}

static int cmp_uint(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return (x > y) - (x < y);
}

int msgslot_slots(unsigned int **minors)
{
	unsigned int *list, minor;
	struct dirent *de;
	int count = 0;
	DIR *dir;

	dir = opendir(msgslot_sysfs_root());
	if (!dir)
		return -errno;
	list = malloc(MSG_SLOT_MINORS * sizeof(*list));
	if (!list) {
		closedir(dir);
		return -ENOMEM;
	}
	while ((de = readdir(dir)) && count < MSG_SLOT_MINORS)
		if (slot_name_minor(de->d_name, &minor) == 0)
			list[count++] = minor;
	closedir(dir);
	qsort(list, count, sizeof(*list), cmp_uint);
	*minors = list;
	return count;
}

long msgslot_stats_all(struct msgslot_stats **stats, size_t size)
{
	uint32_t want = (uint32_t)size;
	unsigned int *minors;
	unsigned char *all;
	long n = 0;
	int count, err = 0;

	if (size < STATS_VER0 || size > UINT32_MAX)
		return -EINVAL;
	count = msgslot_slots(&minors);
	if (count < 0)
		return count;
	all = calloc(count ? (size_t)count : 1, size);
	if (!all) {
		free(minors);
		return -ENOMEM;
	}
	for (int i = 0; i < count && !err; i++) {
		/* Each element is the caller's struct: its size first. */
		memcpy(all + n * size, &want, sizeof(want));
		err = msgslot_stats_read(minors[i],
					 (struct msgslot_stats *)(all + n * size));
		if (!err)
			n++;
		else if (err == -ENOENT)
			err = 0;	/* gone meanwhile (the module went) */
	}
	free(minors);
	if (err) {
		free(all);
		return err;
	}
	*stats = (struct msgslot_stats *)all;
	return n;
}

/* The "MAJOR:MINOR" a slot's dev attribute holds; 0 or -errno. */
static int slot_dev(unsigned int minor, unsigned int *maj, unsigned int *min)
{
	char buf[32];
	int err = read_attr(minor, "dev", buf, sizeof(buf));

	if (err)
		return err;
	return sscanf(buf, "%u:%u", maj, min) == 2 ? 0 : -EBADMSG;
}

/*
 * Whether a node's device number is the slot's: its own dev attribute if
 * the slot is in sysfs, else the major any slot has.  With no slot to ask
 * (module not loaded) the node passes; later calls report that.
 */
static int node_is_slot(unsigned int minor, dev_t rdev)
{
	unsigned int maj = 0, min = 0, *minors = NULL;
	int n;

	if (slot_dev(minor, &maj, &min) == 0)
		return maj == major(rdev) && min == minor(rdev);
	n = msgslot_slots(&minors);
	if (n <= 0 || !minors)
		return 1;
	for (int i = 0; i < n; i++) {
		if (slot_dev(minors[i], &maj, &min) == 0) {
			free(minors);
			return maj == major(rdev);
		}
	}
	free(minors);
	return 1;
}

int msgslot_open_node(unsigned int minor, int flags)
{
	const char *dir = getenv("MSGSLOT_DEV");
	struct stat st;
	char path[512];
	int fd, n;

	n = snprintf(path, sizeof(path), "%s/slot%u",
		     dir && *dir ? dir : "/dev", minor);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -ENAMETOOLONG;
	/* Never open what is not the slot's node (a FIFO would block). */
	if (stat(path, &st))
		return -errno;
	if (!S_ISCHR(st.st_mode) || minor(st.st_rdev) != minor ||
	    !node_is_slot(minor, st.st_rdev))
		return -ENOENT;
	fd = open(path, flags | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || !S_ISCHR(st.st_mode) ||
	    minor(st.st_rdev) != minor || !node_is_slot(minor, st.st_rdev)) {
		close(fd);
		return -ENOENT;
	}
	return fd;
}

int msgslot_parse_slot(const char *text, unsigned int *minor)
{
	struct stat st;
	unsigned long n;
	char *end;

	if (!text || !*text)
		return -EINVAL;
	if (strchr(text, '/')) {
		if (stat(text, &st))
			return -errno;
		if (!S_ISCHR(st.st_mode) || minor(st.st_rdev) >= MSG_SLOT_MINORS)
			return -ENOTTY;
		*minor = minor(st.st_rdev);
		return node_is_slot(*minor, st.st_rdev) ? 0 : -ENOTTY;
	}
	if (text[0] >= '0' && text[0] <= '9') {
		n = strtoul(text, &end, 10);
		if (*end || n >= MSG_SLOT_MINORS || (text[0] == '0' && text[1]))
			return -EINVAL;
		*minor = (unsigned int)n;
		return 0;
	}
	return slot_name_minor(text, minor);
}
