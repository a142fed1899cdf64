// SPDX-License-Identifier: GPL-2.0
/*
 * module.c - message_slot through libkmod, as systemd's module-util does:
 * look it up by name, check whether it is live, probe it with options and
 * the blacklist applied.
 */
#include <errno.h>
#include <libkmod.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "module.h"

#define MODULE_NAME "message_slot"

/*
 * libkmod's own messages (an "ERROR" for a refused unload that we report
 * ourselves, say) go to the journal at debug priority.
 */
static void kmod_log(void *data, int priority, const char *file, int line,
		     const char *fn, const char *format, va_list args)
{
	char text[512];

	(void)data;
	(void)priority;
	(void)file;
	(void)line;
	vsnprintf(text, sizeof(text), format, args);
	text[strcspn(text, "\n")] = '\0';
	log_msg(LOG_DEBUG, "libkmod: %s: %s", fn, text);
}

static struct kmod_module *lookup(struct kmod_ctx **ctx)
{
	struct kmod_list *list = NULL, *it;
	struct kmod_module *mod = NULL;
	int err;

	*ctx = kmod_new(NULL, NULL);
	if (!*ctx) {
		log_msg(LOG_ERR, "cannot start libkmod (kmod_new failed)");
		return NULL;
	}
	kmod_set_log_fn(*ctx, kmod_log, NULL);
	err = kmod_load_resources(*ctx);
	if (err < 0)
		log_msg(LOG_WARNING, "libkmod: cannot load the module indexes: %s",
			strerror(-err));
	err = kmod_module_new_from_lookup(*ctx, MODULE_NAME, &list);
	if (err < 0 || !list) {
		log_msg(LOG_ERR, "module %s not found for this kernel (is it installed in /lib/modules/$(uname -r)? run depmod)",
			MODULE_NAME);
		goto out;
	}
	kmod_list_foreach(it, list) {
		mod = kmod_module_get_module(it);
		break;
	}
out:
	kmod_module_unref_list(list);
	if (!mod) {
		kmod_unref(*ctx);
		*ctx = NULL;
	}
	return mod;
}

int module_load(const char *options, int *was_loaded)
{
	struct kmod_module *mod;
	struct kmod_ctx *ctx;
	int err;

	*was_loaded = 0;
	mod = lookup(&ctx);
	if (!mod)
		return -ENOENT;
	if (kmod_module_get_initstate(mod) == KMOD_MODULE_LIVE) {
		*was_loaded = 1;
		err = 0;
		goto out;
	}
	err = kmod_module_probe_insert_module(mod, KMOD_PROBE_APPLY_BLACKLIST,
					      options, NULL, NULL, NULL);
	if (err == KMOD_PROBE_APPLY_BLACKLIST) {
		log_msg(LOG_ERR, "module %s is blacklisted (see /etc/modprobe.d); not loading it",
			MODULE_NAME);
		err = -EPERM;
	} else if (err == -EEXIST) {
		*was_loaded = 1;	/* someone loaded it meanwhile */
		err = 0;
	} else if (err < 0) {
		log_msg(LOG_ERR, "cannot load module %s with options '%s': %s",
			MODULE_NAME, options, strerror(-err));
	} else {
		log_msg(LOG_INFO, "loaded module %s with options '%s'",
			MODULE_NAME, options);
	}
out:
	kmod_module_unref(mod);
	kmod_unref(ctx);
	return err;
}

int module_unload(void)
{
	struct kmod_module *mod;
	struct kmod_ctx *ctx;
	int err;

	mod = lookup(&ctx);
	if (!mod)
		return -ENOENT;
	err = kmod_module_remove_module(mod, 0);
	if (err == -EBUSY || err == -EAGAIN)
		log_msg(LOG_NOTICE, "not unloading %s: slots are open", MODULE_NAME);
	else if (err < 0)
		log_msg(LOG_ERR, "cannot unload %s: %s", MODULE_NAME, strerror(-err));
	else
		log_msg(LOG_INFO, "unloaded module %s", MODULE_NAME);
	kmod_module_unref(mod);
	kmod_unref(ctx);
	return err;
}
