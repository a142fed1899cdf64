// SPDX-License-Identifier: GPL-2.0
/*
 * config.c - msgslotd.conf(5).
 *
 *   # comment
 *   slots = 0-3,7
 *   owner = root
 *   group = msgslot
 *   mode = 0660
 *   module_options = major=235
 *   stats_interval = 30
 *   unload_on_stop = no
 *   textfile = /var/lib/prometheus/node-exporter/msgslot.prom
 *
 *   [slots 7]
 *   owner = telemetry
 *   group = sensors
 *   mode = 0640
 *
 * One "key = value" per line; blank lines and lines starting with '#'
 * are ignored.  A "[slots LIST]" line starts a section that gives those
 * slots (all kept, each in one section) their own owner, group and mode;
 * what it leaves out is the file's.  The other keys come before the first
 * section.  Every problem is reported as "FILE:LINE: problem".
 */
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

#define MAX_CONFIG ((size_t)64 * 1024)

static void config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	for (int i = 0; i < 4; i++)
		cfg->slots[i] = true;
	snprintf(cfg->owner, sizeof(cfg->owner), "root");
	snprintf(cfg->group, sizeof(cfg->group), "msgslot");
	cfg->mode = 0660;
	cfg->stats_interval = 30;
}

struct parser {
	const char *name;
	unsigned int line;
	char *err;
	size_t err_size;
	unsigned int seen;		/* keys set in the part being read */
	unsigned int section;		/* 0: before any section; k: the k-th */
	unsigned int section_line[CONFIG_SECTIONS_MAX];
	unsigned int section_set[CONFIG_SECTIONS_MAX];	/* keys it set */
};

__attribute__((format(printf, 2, 3)))
static int fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = p->line ? snprintf(p->err, p->err_size, "%s:%u: ", p->name, p->line) :
		      snprintf(p->err, p->err_size, "%s: ", p->name);
	if (n < 0 || (size_t)n >= p->err_size)
		return -1;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->err_size - n, fmt, ap);
	va_end(ap);
	return -1;
}

static int parse_uint(const char *text, unsigned long max, unsigned long *out)
{
	char *end;

	if (!isdigit((unsigned char)text[0]))
		return -1;
	errno = 0;
	*out = strtoul(text, &end, 10);
	return errno || *end || *out > max ? -1 : 0;
}

static char *trim(char *s);

/* "0-3,7,10-12" into @out; spaces around items are fine, empty items are not. */
static int parse_minors(struct parser *p, const char *value,
			bool out[MSG_SLOT_MINORS])
{
	bool slots[MSG_SLOT_MINORS] = { false };
	char buf[1024], *item, *next;

	if (strlen(value) >= sizeof(buf))
		return fail(p, "slots: list too long");
	snprintf(buf, sizeof(buf), "%s", value);
	for (item = buf; item; item = next) {
		unsigned long lo, hi;
		char *dash;

		next = strchr(item, ',');
		if (next)
			*next++ = '\0';
		item = trim(item);
		dash = strchr(item, '-');
		if (dash)
			*dash = '\0';
		if (parse_uint(item, MSG_SLOT_MINORS - 1, &lo) ||
		    (dash && parse_uint(dash + 1, MSG_SLOT_MINORS - 1, &hi)))
			return fail(p, "slots: '%s' is not a minor or range of minors 0-%d",
				    value, MSG_SLOT_MINORS - 1);
		if (!dash)
			hi = lo;
		if (hi < lo)
			return fail(p, "slots: range %lu-%lu runs backwards", lo, hi);
		for (unsigned long m = lo; m <= hi; m++)
			slots[m] = true;
	}
	memcpy(out, slots, sizeof(slots));
	return 0;
}

static int parse_name(struct parser *p, const char *key, const char *value,
		      char *out, size_t size)
{
	if (!*value || strlen(value) >= size)
		return fail(p, "%s: '%s' is not a user or group name", key, value);
	for (const char *c = value; *c; c++)
		if (!isalnum((unsigned char)*c) && !strchr("_-.", *c))
			return fail(p, "%s: '%s' is not a user or group name",
				    key, value);
	snprintf(out, size, "%s", value);
	return 0;
}

/* Module options: "name=value" words, as modprobe takes them. */
static int parse_module_options(struct parser *p, const char *value,
				struct config *cfg)
{
	char buf[sizeof(cfg->module_options)], *word, *save;

	if (strlen(value) >= sizeof(buf))
		return fail(p, "module_options: too long");
	snprintf(buf, sizeof(buf), "%s", value);
	for (word = strtok_r(buf, " \t", &save); word;
	     word = strtok_r(NULL, " \t", &save)) {
		const char *eq = strchr(word, '=');
		const char *c;

		for (c = word; c < (eq ? eq : word) && (islower((unsigned char)*c) ||
						       isdigit((unsigned char)*c) || *c == '_'); c++)
			;
		if (!eq || eq == word || c != eq || !eq[1] ||
		    strpbrk(eq + 1, "\"'\\;"))
			return fail(p, "module_options: '%s' is not name=value", word);
	}
	snprintf(cfg->module_options, sizeof(cfg->module_options), "%s", value);
	return 0;
}

static int parse_mode(struct parser *p, const char *value, mode_t *out)
{
	unsigned long n;
	char *end;

	n = strtoul(value, &end, 8);
	if (value[0] != '0' || *end || n > 0666 || (n & 0111))
		return fail(p, "mode: '%s' is not an octal mode like 0660 (no execute, setuid or sticky bits)",
			    value);
	*out = (mode_t)n;
	return 0;
}

/* An absolute path to a *.prom file, or nothing. */
static int parse_textfile(struct parser *p, const char *value,
			  struct config *cfg)
{
	size_t len = strlen(value);

	if (len && (value[0] != '/' || len >= sizeof(cfg->textfile) ||
		    len < 7 || strcmp(value + len - 5, ".prom") != 0 ||
		    value[len - 6] == '/' || strpbrk(value, " \t\"'\\")))
		return fail(p, "textfile: '%s' is not an absolute path to a .prom file (node_exporter's textfile collector reads *.prom)",
			    value);
	snprintf(cfg->textfile, sizeof(cfg->textfile), "%s", value);
	return 0;
}

static int parse_bool(struct parser *p, const char *key, const char *value,
		      bool *out)
{
	if (!strcmp(value, "yes") || !strcmp(value, "true") || !strcmp(value, "1"))
		*out = true;
	else if (!strcmp(value, "no") || !strcmp(value, "false") || !strcmp(value, "0"))
		*out = false;
	else
		return fail(p, "%s: '%s' is not yes or no", key, value);
	return 0;
}

enum key { KEY_SLOTS, KEY_OWNER, KEY_GROUP, KEY_MODE, KEY_MODULE_OPTIONS,
	   KEY_STATS_INTERVAL, KEY_UNLOAD_ON_STOP, KEY_TEXTFILE, KEYS };
#define ACCESS_KEYS (1u << KEY_OWNER | 1u << KEY_GROUP | 1u << KEY_MODE)

static int parse_line(struct parser *p, char *key, char *value,
		      struct config *cfg)
{
	static const char *const keys[KEYS] = { "slots", "owner", "group",
		"mode", "module_options", "stats_interval", "unload_on_stop",
		"textfile" };
	struct access *a = p->section ? &cfg->sections[p->section - 1] : NULL;
	unsigned long n;
	unsigned int k;

	for (k = 0; k < KEYS; k++)
		if (!strcmp(key, keys[k]))
			break;
	if (k == KEYS)
		return fail(p, "unknown key '%s'", key);
	if (a && !(ACCESS_KEYS & (1u << k)))
		return fail(p, "'%s' belongs before the first [slots] section", key);
	if (p->seen & (1u << k))
		return fail(p, "'%s' is set twice", key);
	p->seen |= 1u << k;

	switch (k) {
	case KEY_SLOTS:
		return parse_minors(p, value, cfg->slots);
	case KEY_OWNER:
		return parse_name(p, key, value, a ? a->owner : cfg->owner,
				  sizeof(cfg->owner));
	case KEY_GROUP:
		return parse_name(p, key, value, a ? a->group : cfg->group,
				  sizeof(cfg->group));
	case KEY_MODE:
		return parse_mode(p, value, a ? &a->mode : &cfg->mode);
	case KEY_MODULE_OPTIONS:
		return parse_module_options(p, value, cfg);
	case KEY_STATS_INTERVAL:
		if (parse_uint(value, 86400, &n) || n == 0)
			return fail(p, "stats_interval: '%s' is not a number of seconds from 1 to 86400",
				    value);
		cfg->stats_interval = (unsigned int)n;
		return 0;
	case KEY_TEXTFILE:
		return parse_textfile(p, value, cfg);
	default:
		return parse_bool(p, key, value, &cfg->unload_on_stop);
	}
}

/* The section just read sets something. */
static int section_end(struct parser *p)
{
	if (!p->section || (p->seen & ACCESS_KEYS))
		return 0;
	p->line = p->section_line[p->section - 1];
	return fail(p, "[slots] sets none of owner, group and mode");
}

/* "[slots LIST]": a new section for those slots. */
static int section_start(struct parser *p, char *line, struct config *cfg)
{
	bool minors[MSG_SLOT_MINORS] = { false };
	size_t len = strlen(line);
	char *list;

	if (line[len - 1] != ']' || strncmp(line, "[slots", 6) != 0 ||
	    !isspace((unsigned char)line[6]))
		return fail(p, "expected '[slots LIST]', got '%s'", line);
	if (section_end(p))
		return -1;
	if (p->section == CONFIG_SECTIONS_MAX)
		return fail(p, "more than %d [slots] sections", CONFIG_SECTIONS_MAX);
	line[len - 1] = '\0';
	list = trim(line + 6);
	if (parse_minors(p, list, minors))
		return -1;
	for (unsigned int m = 0; m < MSG_SLOT_MINORS; m++) {
		if (!minors[m])
			continue;
		if (cfg->section_of[m])
			return fail(p, "slot %u is in the [slots] section of line %u already",
				    m, p->section_line[cfg->section_of[m] - 1]);
		cfg->section_of[m] = (unsigned char)(p->section + 1);
	}
	p->section_line[p->section] = p->line;
	p->section_set[p->section] = 0;
	p->section++;
	cfg->nsections = p->section;
	p->seen = 0;
	return 0;
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* @owner and @group as ids; @line 0: the file's defaults. */
static int resolve_ids(struct parser *p, unsigned int line, const char *owner,
		       const char *group, uid_t *uid, gid_t *gid)
{
	struct passwd *pw;
	struct group *gr;

	p->line = line;
	pw = getpwnam(owner);
	if (!pw)
		return fail(p, "owner '%s' does not exist", owner);
	gr = getgrnam(group);
	if (!gr)
		return fail(p, "group '%s' does not exist%s", group,
			    strcmp(group, "msgslot") ? "" :
			    " (systemd-sysusers creates msgslot from sysusers.d/msgslot.conf)");
	*uid = pw->pw_uid;
	*gid = gr->gr_gid;
	return 0;
}

/*
 * After the whole file: sections take the file's owner, group and mode
 * where they set none, name kept slots only, and every name exists.
 */
static int config_finish(struct parser *p, struct config *cfg)
{
	if (resolve_ids(p, 0, cfg->owner, cfg->group, &cfg->uid, &cfg->gid))
		return -1;
	for (unsigned int m = 0; m < MSG_SLOT_MINORS; m++) {
		if (cfg->section_of[m] && !cfg->slots[m]) {
			p->line = p->section_line[cfg->section_of[m] - 1];
			return fail(p, "[slots]: slot %u is not kept: add it to 'slots'", m);
		}
	}
	for (unsigned int k = 0; k < cfg->nsections; k++) {
		struct access *a = &cfg->sections[k];
		unsigned int set = p->section_set[k];

		if (!(set & 1u << KEY_OWNER))
			snprintf(a->owner, sizeof(a->owner), "%s", cfg->owner);
		if (!(set & 1u << KEY_GROUP))
			snprintf(a->group, sizeof(a->group), "%s", cfg->group);
		if (!(set & 1u << KEY_MODE))
			a->mode = cfg->mode;
		if (resolve_ids(p, p->section_line[k], a->owner, a->group,
				&a->uid, &a->gid))
			return -1;
	}
	return 0;
}

int config_parse(const char *name, const char *text, struct config *cfg,
		 char *err, size_t err_size)
{
	struct parser p = { .name = name, .err = err, .err_size = err_size };
	struct config *next_cfg;
	char *copy, *line, *next;
	int ret = 0;

	next_cfg = malloc(sizeof(*next_cfg));
	copy = strdup(text);
	if (!next_cfg || !copy) {
		free(next_cfg);
		free(copy);
		return fail(&p, "out of memory");
	}
	config_defaults(next_cfg);
	for (line = copy; line && !ret; line = next) {
		char *eq, *key;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		p.line++;
		line = trim(line);
		if (!*line || *line == '#')
			continue;
		if (*line == '[') {
			if (p.section)
				p.section_set[p.section - 1] = p.seen;
			ret = section_start(&p, line, next_cfg);
			continue;
		}
		eq = strchr(line, '=');
		if (!eq) {
			ret = fail(&p, "expected 'key = value', got '%s'", line);
			break;
		}
		*eq = '\0';
		key = trim(line);
		ret = parse_line(&p, key, trim(eq + 1), next_cfg);
	}
	free(copy);
	if (!ret && p.section) {
		p.section_set[p.section - 1] = p.seen;
		ret = section_end(&p);
	}
	if (!ret)
		ret = config_finish(&p, next_cfg);
	if (!ret)
		*cfg = *next_cfg;
	free(next_cfg);
	return ret;
}

int config_load(const char *path, bool must_exist, struct config *cfg,
		char *err, size_t err_size)
{
	struct parser p = { .name = path, .err = err, .err_size = err_size };
	char *text;
	size_t n;
	FILE *f;
	int ret;

	f = fopen(path, "re");
	if (!f && errno == ENOENT && !must_exist)
		return config_parse(path, "", cfg, err, err_size);
	if (!f)
		return fail(&p, "%s", strerror(errno));
	text = malloc(MAX_CONFIG + 1);
	if (!text) {
		fclose(f);
		return fail(&p, "out of memory");
	}
	n = fread(text, 1, MAX_CONFIG + 1, f);
	ret = ferror(f) ? fail(&p, "%s", strerror(errno)) :
	      n > MAX_CONFIG ? fail(&p, "larger than %zu bytes", MAX_CONFIG) : 0;
	fclose(f);
	if (!ret) {
		text[n] = '\0';
		if (strlen(text) != n)
			ret = fail(&p, "contains a NUL byte");
		else
			ret = config_parse(path, text, cfg, err, err_size);
	}
	free(text);
	return ret;
}

int config_max_slot(const struct config *cfg)
{
	for (int m = MSG_SLOT_MINORS - 1; m >= 0; m--)
		if (cfg->slots[m])
			return m;
	return -1;
}

struct access config_access(const struct config *cfg, unsigned int minor)
{
	struct access a;

	if (minor < MSG_SLOT_MINORS && cfg->section_of[minor])
		return cfg->sections[cfg->section_of[minor] - 1];
	snprintf(a.owner, sizeof(a.owner), "%s", cfg->owner);
	snprintf(a.group, sizeof(a.group), "%s", cfg->group);
	a.uid = cfg->uid;
	a.gid = cfg->gid;
	a.mode = cfg->mode;
	return a;
}

/* "4-7,9": the minors of section @k (1-based) into @buf. */
static size_t section_minors(const struct config *cfg, unsigned int k,
			     char *buf, size_t size)
{
	size_t n = 0;
	int lo = -1;

	buf[0] = '\0';
	for (int m = 0; m <= MSG_SLOT_MINORS; m++) {
		bool in = m < MSG_SLOT_MINORS && cfg->section_of[m] == k;

		if (in && lo < 0)
			lo = m;
		if (in || lo < 0)
			continue;
		if (n < size)
			n += (size_t)snprintf(buf + n, size - n, "%s%d", n ? "," : "", lo);
		if (n < size && m - 1 > lo)
			n += (size_t)snprintf(buf + n, size - n, "-%d", m - 1);
		lo = -1;
	}
	return n < size ? n : size - 1;
}

void config_describe(const struct config *cfg, char *buf, size_t size)
{
	size_t n;
	int kept = 0;

	for (int m = 0; m < MSG_SLOT_MINORS; m++)
		kept += cfg->slots[m];
	n = (size_t)snprintf(buf, size, "%d slots kept as %s:%s %04o", kept,
			     cfg->owner, cfg->group, (unsigned int)cfg->mode);
	for (unsigned int k = 1; k <= cfg->nsections && n + 1 < size; k++) {
		const struct access *a = &cfg->sections[k - 1];
		char minors[256];

		section_minors(cfg, k, minors, sizeof(minors));
		n += (size_t)snprintf(buf + n, size - n, "%s slots %s as %s:%s %04o",
				      k == 1 ? ", but" : ",", minors, a->owner,
				      a->group, (unsigned int)a->mode);
	}
}
