/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Kernel profiles, inside the library: how one is built (by the parser
 * and by the host probe) before it is handed out immutable.
 */
#ifndef UNETLINK_CORE_PROFILE_PRIVATE_H
#define UNETLINK_CORE_PROFILE_PRIVATE_H

#include <stdatomic.h>

#include <unetlink/profile.h>

/* A set of names sorted by name, each with a value (NULL for the
 * classes' names, the setting for sysctls). */
struct prof_entry {
	char *name, *value;
};

struct prof_set {
	struct prof_entry *v;
	size_t n, cap;
};

struct unl_profile {
	atomic_int refs;
	char *name;
	char *kernel;
	struct prof_set cls[UNL_PROFILE_NCLASS];
	struct prof_set sysctl;
	/* The generic netlink families' ids, as "ID GROUP" (GROUP: the
	 * id of its first multicast group, 0 for none), by family name:
	 * the ids the kernel gave them at boot. */
	struct prof_set genlid;
	/* Comment lines the probe leaves for `profile show` (where each
	 * answer came from); NULL for parsed profiles. */
	char *notes;
};

/* An empty profile with one reference. */
struct unl_profile *profile_new(void);

/* Add or remove one name; 0 or -ENOMEM. */
int profile_add(struct unl_profile *p, enum unl_profile_class c,
		const char *name);
void profile_remove(struct unl_profile *p, enum unl_profile_class c,
		    const char *name);

/* Set (value non-NULL) or unset a sysctl; 0 or -ENOMEM. */
int profile_set_sysctl(struct unl_profile *p, const char *name,
		       const char *value);

/* Set (id non-zero) or unset a family's ids; 0 or -ENOMEM. */
int profile_set_genl_id(struct unl_profile *p, const char *family,
			unsigned int id, unsigned int group);

int profile_set_name(struct unl_profile *p, const char *name);
int profile_set_kernel(struct unl_profile *p, const char *kernel);
/* Append one line to the notes. */
int profile_note(struct unl_profile *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Make a copy (for "base"); NULL on allocation failure. */
struct unl_profile *profile_copy(const struct unl_profile *p);

/* The host probe (probe.c): fill p from the running kernel. */
int profile_probe_host(struct unl_profile *p);

/* The built-in profiles (generated from the files in profiles/). */
struct profile_builtin {
	const char *name;
	const char *text;
};
extern const struct profile_builtin profile_builtins[];
extern const size_t profile_builtins_n;
/* Their names, NULL-terminated. */
extern const char *const profile_builtin_names[];

#endif
