/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * unetlink: kernel profiles.
 *
 * Kernels differ: one is built with multicast routing and the dummy
 * module, another without.  A program sees the kernel it runs on, so the
 * model follows a profile: one declarative description of what a kernel
 * offers (link kinds, qdiscs, classifiers, actions, xfrm types, crypto
 * algorithms, nf_tables expressions, generic netlink families, the
 * features that change answers, named by their Kconfig symbols) and the
 * sysctl values a fresh namespace starts with.  Whatever a profile does
 * not offer is refused as a kernel built without it refuses it.
 *
 * Profiles come from three places: "host", probed from the running
 * kernel (the default); the named profiles built into the library
 * ("full": everything unetlink models; "minimal"); and files in the
 * text format of docs/profiles.md.
 *
 * Profiles are immutable once made and reference-counted; every
 * function is thread safe.
 */
#ifndef UNETLINK_PROFILE_H
#define UNETLINK_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <unetlink/net.h>

#ifdef __cplusplus
extern "C" {
#endif

struct unl_profile;

/* The kinds of things a kernel may or may not offer; each has its
 * keyword in the text format. */
enum unl_profile_class {
	UNL_PROFILE_LINK,    /* "link": rtnl link kinds (IFLA_INFO_KIND) */
	UNL_PROFILE_QDISC,   /* "qdisc": queueing disciplines (TCA_KIND) */
	UNL_PROFILE_CLS,     /* "cls": tc classifiers */
	UNL_PROFILE_ACT,     /* "act": tc actions */
	UNL_PROFILE_XFRM,    /* "xfrm": xfrm types (esp, ah, ipcomp, ...) */
	UNL_PROFILE_ALGO,    /* "algo": crypto algorithms (/proc/crypto) */
	UNL_PROFILE_NFT,     /* "nft": nf_tables expressions */
	UNL_PROFILE_GENL,    /* "genl": generic netlink families */
	UNL_PROFILE_FEATURE, /* "feature": Kconfig symbols, no CONFIG_ */
	UNL_PROFILE_TCPCONG, /* "tcpcong": TCP congestion control algorithms */
	UNL_PROFILE_MODULE,  /* "module": modules loaded from the start */
	UNL_PROFILE_EMATCH,  /* "ematch": the basic filter's extended matches */
	UNL_PROFILE_IPVS,    /* "ipvs": IPVS schedulers and persistence engines */
	UNL_PROFILE_NCLASS
};

/*
 * Find a profile: "host" (probed once per process, then shared), the
 * name of a built-in profile, or the path of a profile file (anything
 * with a '/' in it, or ending in ".profile").  On success *out holds a
 * reference.  On failure returns -errno and, when err is not NULL,
 * writes a one-line reason there ("FILE:LINE: unknown keyword 'x'").
 */
UNL_EXPORT int unl_profile_load(const char *name, struct unl_profile **out,
				char *err, size_t errlen);

/* Parse profile text; origin names it in error messages.  "base"
 * lines may name built-in profiles or files. */
UNL_EXPORT int unl_profile_parse(const char *text, size_t len,
				 const char *origin, struct unl_profile **out,
				 char *err, size_t errlen);

/* The running kernel's profile (unl_profile_load("host")). */
UNL_EXPORT int unl_profile_host(struct unl_profile **out);

UNL_EXPORT struct unl_profile *unl_profile_ref(struct unl_profile *p);
UNL_EXPORT void unl_profile_unref(struct unl_profile *p);

/* The profile's name line ("host", "full", a file's own name). */
UNL_EXPORT const char *unl_profile_name(const struct unl_profile *p);
/* The kernel release it describes, or "". */
UNL_EXPORT const char *unl_profile_kernel(const struct unl_profile *p);

/* Whether that release is since (major * 100 + minor: 613 for 6.13) or
 * later; a profile that names no release is taken as new, and since 0
 * as always there. */
UNL_EXPORT bool unl_profile_at_least(const struct unl_profile *p, int since);

/* Whether the kernel offers name in class c. */
UNL_EXPORT bool unl_profile_has(const struct unl_profile *p,
				enum unl_profile_class c, const char *name);

/* The i-th name the kernel offers in class c, in sorted order; NULL
 * past the end.  Borrowed: valid while the profile lives. */
UNL_EXPORT const char *unl_profile_name_at(const struct unl_profile *p,
					   enum unl_profile_class c, size_t i);

/* The i-th sysctl the profile sets, in name order: false past the end. */
UNL_EXPORT bool unl_profile_sysctl_at(const struct unl_profile *p, size_t i,
				      const char **name, const char **value);

/* The value of a sysctl the profile sets ("net.ipv4.conf.default.
 * rp_filter"), or NULL: the kernel's built-in default applies. */
UNL_EXPORT const char *unl_profile_sysctl(const struct unl_profile *p,
					  const char *name);

/* The same as an integer: 0, -ENOENT when not set, -EINVAL when the
 * value is not one integer. */
UNL_EXPORT int unl_profile_sysctl_int(const struct unl_profile *p,
				      const char *name, long *value);

/* The id the kernel gave the generic netlink family at boot ("genlid"
 * lines), and in *group (when not NULL) the id of its first multicast
 * group; 0 when the profile does not say. */
UNL_EXPORT unsigned int unl_profile_genl_id(const struct unl_profile *p,
					    const char *family,
					    unsigned int *group);

/* The profile in the text format, parseable again; malloc'ed, the
 * caller frees it.  NULL on allocation failure. */
UNL_EXPORT char *unl_profile_format(const struct unl_profile *p);

/* The names of the built-in profiles, NULL-terminated. */
UNL_EXPORT const char *const *unl_profile_builtin_names(void);

/* The keyword of a class ("link"), and its description. */
UNL_EXPORT const char *unl_profile_class_keyword(enum unl_profile_class c);

/*
 * How a net is made.  Zero-initialise, then set what you need.
 *   profile  the kernel it follows; NULL: the host's.
 *   seed     what its random choices (MAC addresses, timers) start from;
 *            with has_seed false, $UNETLINK_SEED or a fixed default, so
 *            that runs repeat.
 */
struct unl_net_config {
	struct unl_profile *profile;
	uint64_t seed;
	bool has_seed;
};

/* unl_net_new() with a configuration; the net takes its own reference
 * on the profile. */
UNL_EXPORT int unl_net_new_config(struct unl_net **netp,
				  const struct unl_net_config *cfg);

/* The profile a net follows (borrowed: valid while the net lives). */
UNL_EXPORT const struct unl_profile *unl_net_profile(const struct unl_net *net);
/* The seed its random choices started from. */
UNL_EXPORT uint64_t unl_net_seed(const struct unl_net *net);

#ifdef __cplusplus
}
#endif
#endif
