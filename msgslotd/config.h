/* SPDX-License-Identifier: GPL-2.0 */
/* config.h - msgslotd.conf(5): parsed and checked. */
#ifndef MSGSLOTD_CONFIG_H
#define MSGSLOTD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "message_slot.h"

#define MSGSLOTD_CONFIG "/etc/msgslot/msgslotd.conf"

/* Who may use a slot's node: its owner, group and mode. */
struct access {
	char owner[64];
	char group[64];
	uid_t uid;			/* owner and group, resolved */
	gid_t gid;
	mode_t mode;
};

/* [slots LIST] sections, each giving some slots their own access. */
#define CONFIG_SECTIONS_MAX 32

struct config {
	bool slots[MSG_SLOT_MINORS];	/* which /dev/slotN to keep */
	char owner[64];			/* the defaults: */
	char group[64];
	uid_t uid;			/* owner and group, resolved */
	gid_t gid;
	mode_t mode;
	char module_options[512];	/* passed to the module at load */
	unsigned int stats_interval;	/* seconds */
	bool unload_on_stop;
	char textfile[256];		/* node_exporter's *.prom; "": none */
	struct access sections[CONFIG_SECTIONS_MAX];
	unsigned int nsections;
	unsigned char section_of[MSG_SLOT_MINORS];	/* 0: the defaults; k: sections[k-1] */
};

/*
 * Read @path into @cfg (defaults first).  A missing file is fine when
 * @must_exist is false: the defaults stand.  On error, returns -1 and
 * writes one line naming file, line and problem into @err.
 */
int config_load(const char *path, bool must_exist, struct config *cfg,
		char *err, size_t err_size);

/* Parse @text as the contents of @name (for tests and config_load). */
int config_parse(const char *name, const char *text, struct config *cfg,
		 char *err, size_t err_size);

/* The highest slot kept, or -1 if none. */
int config_max_slot(const struct config *cfg);

/* Slot @minor's owner, group and mode: its section's, or the defaults. */
struct access config_access(const struct config *cfg, unsigned int minor);

/*
 * "5 slots kept as root:msgslot 0660, but slots 2 as alice:readers 0640",
 * for log lines.
 */
void config_describe(const struct config *cfg, char *buf, size_t size);

#endif
