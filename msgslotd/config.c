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
 *
 * One "key = value" per line; blank lines and lines starting with '#'
 * are ignored.  Every problem is reported as "FILE:LINE: problem".
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

/* "0-3,7,10-12"; spaces around items are fine, empty items are not. */
static int parse_slots(struct parser *p, const char *value, struct config *cfg)
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
	memcpy(cfg->slots, slots, sizeof(slots));
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

static int parse_line(struct parser *p, char *key, char *value,
		      struct config *cfg, unsigned int *seen)
{
	static const char *const keys[] = { "slots", "owner", "group", "mode",
		"module_options", "stats_interval", "unload_on_stop" };
	unsigned long n;
	size_t k;

	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
		if (!strcmp(key, keys[k]))
			break;
	if (k == sizeof(keys) / sizeof(keys[0]))
		return fail(p, "unknown key '%s'", key);
	if (*seen & (1u << k))
		return fail(p, "'%s' is set twice", key);
	*seen |= 1u << k;

	switch (k) {
	case 0:
		return parse_slots(p, value, cfg);
	case 1:
		return parse_name(p, key, value, cfg->owner, sizeof(cfg->owner));
	case 2:
		return parse_name(p, key, value, cfg->group, sizeof(cfg->group));
	case 3: {
		char *end;

		n = strtoul(value, &end, 8);
		if (value[0] != '0' || *end || n > 0666 || (n & 0111))
			return fail(p, "mode: '%s' is not an octal mode like 0660 (no execute, setuid or sticky bits)",
				    value);
		cfg->mode = (mode_t)n;
		return 0;
	}
	case 4:
		return parse_module_options(p, value, cfg);
	case 5:
		if (parse_uint(value, 86400, &n) || n == 0)
			return fail(p, "stats_interval: '%s' is not a number of seconds from 1 to 86400",
				    value);
		cfg->stats_interval = (unsigned int)n;
		return 0;
	default:
		return parse_bool(p, key, value, &cfg->unload_on_stop);
	}
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

static int resolve_ids(struct parser *p, struct config *cfg)
{
	struct passwd *pw;
	struct group *gr;

	p->line = 0;
	pw = getpwnam(cfg->owner);
	if (!pw)
		return fail(p, "owner '%s' does not exist", cfg->owner);
	gr = getgrnam(cfg->group);
	if (!gr)
		return fail(p, "group '%s' does not exist (systemd-sysusers creates msgslot from sysusers.d/msgslot.conf)",
			    cfg->group);
	cfg->uid = pw->pw_uid;
	cfg->gid = gr->gr_gid;
	return 0;
}

int config_parse(const char *name, const char *text, struct config *cfg,
		 char *err, size_t err_size)
{
	struct parser p = { .name = name, .err = err, .err_size = err_size };
	struct config next_cfg;
	unsigned int seen = 0;
	char *copy, *line, *next;
	int ret = 0;

	config_defaults(&next_cfg);
	copy = strdup(text);
	if (!copy)
		return fail(&p, "out of memory");
	for (line = copy; line && !ret; line = next) {
		char *eq, *key;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		p.line++;
		line = trim(line);
		if (!*line || *line == '#')
			continue;
		eq = strchr(line, '=');
		if (!eq) {
			ret = fail(&p, "expected 'key = value', got '%s'", line);
			break;
		}
		*eq = '\0';
		key = trim(line);
		ret = parse_line(&p, key, trim(eq + 1), &next_cfg, &seen);
	}
	free(copy);
	if (!ret)
		ret = resolve_ids(&p, &next_cfg);
	if (!ret)
		*cfg = next_cfg;
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
