// SPDX-License-Identifier: GPL-2.0
/*
 * ids.c - a message's writer as the caller sees it.
 *
 * A channel keeps its writer's tgid and euid as the initial namespaces
 * see them (store.c, taken on every write with no translation).  Whoever
 * reads them back through MSG_SLOT_RECEIVE or MSG_SLOT_LIST gets them as
 * its own pid and user namespaces see them: 0 for a process it cannot
 * see, the overflow uid for a user its namespace does not map.  In the
 * initial namespaces, which is where most callers are, that is the value
 * itself, with no lookup.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/uidgid.h>

#include "msgslot_drv.h"

/**
 * msgslot_pid_for_caller - a writer's tgid as the caller's namespace sees it
 * @nr: the tgid in the initial pid namespace, 0 for none
 *
 * Return: the tgid in the caller's active pid namespace, 0 if not visible.
 */
pid_t msgslot_pid_for_caller(u32 nr)
{
	struct pid_namespace *ns = task_active_pid_ns(current);
	struct pid *pid;
	pid_t vnr = 0;

	if (!nr || ns == &init_pid_ns)
		return nr;
	rcu_read_lock();
	pid = find_pid_ns(nr, &init_pid_ns);
	if (pid)
		vnr = pid_nr_ns(pid, ns);
	rcu_read_unlock();
	return vnr;
}

/**
 * msgslot_uid_for_caller - a writer's euid as the caller's namespace sees it
 * @uid: the uid in the initial user namespace
 *
 * Return: the uid in the caller's user namespace, the overflow uid if
 * it does not map it.
 */
u32 msgslot_uid_for_caller(u32 uid)
{
	struct user_namespace *ns = current_user_ns();

	/* The initial namespace maps every valid uid to itself: no call. */
	if (ns == &init_user_ns && uid != (u32)-1)
		return uid;
	return from_kuid_munged(ns, KUIDT_INIT(uid));
}
