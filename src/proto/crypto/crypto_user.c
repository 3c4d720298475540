// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NETLINK_CRYPTO (crypto/crypto_user.c): CRYPTO_MSG_GETALG (one
 * algorithm, or a dump of all) and the privileged NEWALG, DELALG,
 * UPDATEALG and DELRNG, per net.
 *
 * The algorithms are the profile's `algo` list, the names xfrm's
 * algorithm checks accept (src/proto/xfrm/types.c), so a client that
 * reads the crypto list and an `ip xfrm state add` agree.  The profile
 * names algorithms only; what crypto_user reports of each (driver,
 * type, block and key sizes) is described here as Linux 6.18's generic
 * implementations and templates (hmac, cbc, gcm, ...) make them.
 * A name this file cannot describe is not reported
 * (docs/conformance.md).  The model runs no crypto and loads no
 * module: NEWALG can only bring back an instance DELALG removed.
 */
#include <errno.h>
#include <linux/capability.h>
#include <linux/cryptouser.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unetlink/kernel.h>
#include <unetlink/profile.h>

#include "core/internal.h" /* net_set_fini() */
#include "proto/crypto/crypto_user.h"

/* <linux/crypto.h>'s cra_flags (kernel-internal, so not in uapi) */
#define CRYPTO_ALG_TYPE_MASK 0x0000000f
#define CRYPTO_ALG_TYPE_CIPHER 0x00000001
#define CRYPTO_ALG_TYPE_AEAD 0x00000003
#define CRYPTO_ALG_TYPE_LSKCIPHER 0x00000004
#define CRYPTO_ALG_TYPE_SKCIPHER 0x00000005
#define CRYPTO_ALG_TYPE_ACOMPRESS 0x0000000a
#define CRYPTO_ALG_TYPE_SHASH 0x0000000e
#define CRYPTO_ALG_TESTED 0x00000400
#define CRYPTO_ALG_INSTANCE 0x00000800

/* CTR_RFC3686_NONCE_SIZE and CTR_RFC3686_IV_SIZE */
#define RFC3686_NONCE 4
#define RFC3686_IV 8

/* What crypto_user reports of one algorithm. */
struct crypto_desc {
	char name[CRYPTO_MAX_NAME];
	char driver[CRYPTO_MAX_NAME];
	uint32_t type; /* CRYPTO_ALG_TYPE_* */
	bool instance; /* made by a template: DELALG may remove it */
	uint32_t priority;
	uint32_t blocksize, min_key, max_key, ivsize;
	uint32_t digestsize; /* shash */
	uint32_t maxauth;    /* aead */
};

/* The algorithms Linux 6.18 registers itself, not from a template
 * (driver "NAME-generic" unless given): the generic ciphers, the hashes
 * of lib/crypto with their HMACs, and the rest. */
static const struct crypto_base {
	const char *name, *driver;
	uint32_t type, blocksize, min_key, max_key, size, priority;
} crypto_bases[] = {
	/* ciphers: size unused */
	{ "aes", NULL, CRYPTO_ALG_TYPE_CIPHER, 16, 16, 32, 0, 100 },
	{ "des", NULL, CRYPTO_ALG_TYPE_CIPHER, 8, 8, 8, 0, 100 },
	{ "des3_ede", NULL, CRYPTO_ALG_TYPE_CIPHER, 8, 24, 24, 0, 100 },
	{ "cast5", NULL, CRYPTO_ALG_TYPE_CIPHER, 8, 5, 16, 0, 100 },
	{ "blowfish", NULL, CRYPTO_ALG_TYPE_CIPHER, 8, 4, 56, 0, 100 },
	{ "serpent", NULL, CRYPTO_ALG_TYPE_CIPHER, 16, 0, 32, 0, 100 },
	{ "camellia", NULL, CRYPTO_ALG_TYPE_CIPHER, 16, 16, 32, 0, 100 },
	{ "twofish", NULL, CRYPTO_ALG_TYPE_CIPHER, 16, 16, 32, 0, 100 },
	{ "sm4", NULL, CRYPTO_ALG_TYPE_CIPHER, 16, 16, 16, 0, 100 },
	{ "cipher_null", NULL, CRYPTO_ALG_TYPE_CIPHER, 1, 0, 0, 0, 0 },
	/* hashes: size is the digest size */
	{ "md5", "md5-lib", CRYPTO_ALG_TYPE_SHASH, 64, 0, 0, 16, 300 },
	{ "sha1", "sha1-lib", CRYPTO_ALG_TYPE_SHASH, 64, 0, 0, 20, 300 },
	{ "sha224", "sha224-lib", CRYPTO_ALG_TYPE_SHASH, 64, 0, 0, 28, 300 },
	{ "sha256", "sha256-lib", CRYPTO_ALG_TYPE_SHASH, 64, 0, 0, 32, 300 },
	{ "sha384", "sha384-lib", CRYPTO_ALG_TYPE_SHASH, 128, 0, 0, 48, 300 },
	{ "sha512", "sha512-lib", CRYPTO_ALG_TYPE_SHASH, 128, 0, 0, 64, 300 },
	{ "hmac(md5)", "hmac-md5-lib", CRYPTO_ALG_TYPE_SHASH, 64, 0, 0, 16,
	  300 },
	{ "hmac(sha1)", "hmac-sha1-lib", CRYPTO_ALG_TYPE_SHASH, 64, 0, 0, 20,
	  300 },
	{ "hmac(sha224)", "hmac-sha224-lib", CRYPTO_ALG_TYPE_SHASH, 64, 0, 0,
	  28, 300 },
	{ "hmac(sha256)", "hmac-sha256-lib", CRYPTO_ALG_TYPE_SHASH, 64, 0, 0,
	  32, 300 },
	{ "hmac(sha384)", "hmac-sha384-lib", CRYPTO_ALG_TYPE_SHASH, 128, 0, 0,
	  48, 300 },
	{ "hmac(sha512)", "hmac-sha512-lib", CRYPTO_ALG_TYPE_SHASH, 128, 0, 0,
	  64, 300 },
	{ "rmd160", NULL, CRYPTO_ALG_TYPE_SHASH, 64, 0, 0, 20, 100 },
	{ "sm3", NULL, CRYPTO_ALG_TYPE_SHASH, 64, 0, 0, 32, 100 },
	{ "digest_null", NULL, CRYPTO_ALG_TYPE_SHASH, 1, 0, 0, 0, 0 },
	{ "ghash", NULL, CRYPTO_ALG_TYPE_SHASH, 16, 0, 0, 16, 100 },
	{ "poly1305", NULL, CRYPTO_ALG_TYPE_SHASH, 16, 0, 0, 16, 100 },
	{ "sha3-224", NULL, CRYPTO_ALG_TYPE_SHASH, 144, 0, 0, 28, 0 },
	{ "sha3-256", NULL, CRYPTO_ALG_TYPE_SHASH, 136, 0, 0, 32, 0 },
	{ "sha3-384", NULL, CRYPTO_ALG_TYPE_SHASH, 104, 0, 0, 48, 0 },
	{ "sha3-512", NULL, CRYPTO_ALG_TYPE_SHASH, 72, 0, 0, 64, 0 },
	{ "blake2b-160", NULL, CRYPTO_ALG_TYPE_SHASH, 128, 0, 0, 20, 100 },
	{ "blake2b-256", NULL, CRYPTO_ALG_TYPE_SHASH, 128, 0, 0, 32, 100 },
	{ "blake2b-384", NULL, CRYPTO_ALG_TYPE_SHASH, 128, 0, 0, 48, 100 },
	{ "blake2b-512", NULL, CRYPTO_ALG_TYPE_SHASH, 128, 0, 0, 64, 100 },
	{ "crc32c", "crc32c-lib", CRYPTO_ALG_TYPE_SHASH, 1, 0, 0, 4, 100 },
	{ "xxhash64", NULL, CRYPTO_ALG_TYPE_SHASH, 32, 0, 0, 8, 100 },
	/* skciphers registered as such: size is the IV size */
	{ "ecb(cipher_null)", "ecb-cipher_null", CRYPTO_ALG_TYPE_SKCIPHER,
	  1, 0, 0, 0, 100 },
	{ "chacha20", NULL, CRYPTO_ALG_TYPE_SKCIPHER, 1, 32, 32, 16, 100 },
	/* compression */
	{ "deflate", NULL, CRYPTO_ALG_TYPE_ACOMPRESS, 1, 0, 0, 0, 0 },
};

static bool crypto_describe(const char *name, struct crypto_desc *d);

static bool base_describe(const char *name, struct crypto_desc *d)
{
	for (size_t i = 0; i < sizeof(crypto_bases) / sizeof(crypto_bases[0]);
	     i++) {
		const struct crypto_base *b = &crypto_bases[i];

		if (strcmp(name, b->name))
			continue;
		memset(d, 0, sizeof(*d));
		snprintf(d->name, sizeof(d->name), "%s", b->name);
		if (b->driver)
			snprintf(d->driver, sizeof(d->driver), "%s", b->driver);
		else
			snprintf(d->driver, sizeof(d->driver), "%s-generic",
				 b->name);
		d->type = b->type;
		d->priority = b->priority;
		d->blocksize = b->blocksize;
		d->min_key = b->min_key;
		d->max_key = b->max_key;
		if (b->type == CRYPTO_ALG_TYPE_SHASH)
			d->digestsize = b->size;
		else
			d->ivsize = b->size;
		return true;
	}
	return false;
}

/* "tmpl(a,b)": the template's name and its (at most two) arguments, each
 * split at the top-level comma.  False when name is not of that form. */
static bool split_instance(const char *name, char *tmpl,
			   char args[2][CRYPTO_MAX_NAME], int *nargs)
{
	const char *open = strchr(name, '(');
	size_t len = strlen(name), start;
	int depth = 0;

	if (!open || open == name || name[len - 1] != ')' ||
	    (size_t)(open - name) >= CRYPTO_MAX_NAME)
		return false;
	memcpy(tmpl, name, (size_t)(open - name));
	tmpl[open - name] = '\0';
	*nargs = 0;
	start = (size_t)(open - name) + 1;
	for (size_t i = start; i < len; i++) {
		bool end = i == len - 1;

		if (name[i] == '(')
			depth++;
		else if (name[i] == ')' && !end)
			depth--;
		if (!end && !(name[i] == ',' && depth == 0))
			continue;
		if (*nargs == 2 || i == start || i - start >= CRYPTO_MAX_NAME)
			return false;
		memcpy(args[*nargs], name + start, i - start);
		args[*nargs][i - start] = '\0';
		(*nargs)++;
		start = i + 1;
	}
	return depth == 0 && *nargs > 0;
}

/* crypto_inst_setname(): a driver name that does not fit makes no
 * instance (ENAMETOOLONG). */
static bool set_driver(struct crypto_desc *d, const char *drv)
{
	if (strlen(drv) >= sizeof(d->driver))
		return false;
	strcpy(d->driver, drv);
	return true;
}

/* An instance of tmpl over in (and in2 for two-argument templates), as
 * the template's create() fills its crypto_alg. */
static bool instance_describe(const char *tmpl, const struct crypto_desc *in,
			      const struct crypto_desc *in2,
			      struct crypto_desc *d)
{
	bool cipher = in->type == CRYPTO_ALG_TYPE_CIPHER;
	char drv[4 * CRYPTO_MAX_NAME];

	d->instance = true;
	d->priority = in->priority;
	if (!strcmp(tmpl, "hmac") && in->type == CRYPTO_ALG_TYPE_SHASH) {
		d->type = CRYPTO_ALG_TYPE_SHASH;
		d->blocksize = in->blocksize;
		d->digestsize = in->digestsize;
	} else if ((!strcmp(tmpl, "xcbc") || !strcmp(tmpl, "cmac")) && cipher) {
		d->type = CRYPTO_ALG_TYPE_SHASH;
		d->blocksize = in->blocksize;
		d->digestsize = in->blocksize;
	} else if ((!strcmp(tmpl, "cbc") || !strcmp(tmpl, "ecb")) && cipher) {
		/* lskciphers: cbc runs over the cipher's ecb, as its
		 * driver says ("cbc(ecb(aes-generic))") */
		d->type = CRYPTO_ALG_TYPE_LSKCIPHER;
		d->blocksize = in->blocksize;
		d->min_key = in->min_key;
		d->max_key = in->max_key;
		d->ivsize = strcmp(tmpl, "ecb") ? in->blocksize : 0;
		if (!strcmp(tmpl, "cbc"))
			snprintf(drv, sizeof(drv), "cbc(ecb(%s))", in->driver);
		else
			snprintf(drv, sizeof(drv), "ecb(%s)", in->driver);
		return set_driver(d, drv);
	} else if (!strcmp(tmpl, "ctr") && cipher) {
		d->type = CRYPTO_ALG_TYPE_SKCIPHER;
		d->blocksize = 1;
		d->min_key = in->min_key;
		d->max_key = in->max_key;
		d->ivsize = in->blocksize;
	} else if (!strcmp(tmpl, "rfc3686") &&
		   in->type == CRYPTO_ALG_TYPE_SKCIPHER &&
		   !strncmp(in->name, "ctr(", 4)) {
		d->type = CRYPTO_ALG_TYPE_SKCIPHER;
		d->blocksize = 1;
		d->min_key = in->min_key + RFC3686_NONCE;
		d->max_key = in->max_key + RFC3686_NONCE;
		d->ivsize = RFC3686_IV;
	} else if ((!strcmp(tmpl, "gcm") || !strcmp(tmpl, "ccm")) && cipher &&
		   in->blocksize == 16) {
		d->type = CRYPTO_ALG_TYPE_AEAD;
		d->blocksize = 1;
		d->maxauth = 16;
		d->ivsize = strcmp(tmpl, "gcm") ? 16 : 12;
		/* gcm_base(ctr(aes-generic),ghash-generic) */
		if (!strcmp(tmpl, "gcm"))
			snprintf(drv, sizeof(drv),
				 "gcm_base(ctr(%s),ghash-generic)", in->driver);
		else
			snprintf(drv, sizeof(drv), "ccm_base(ctr(%s),cbcmac(%s))",
				 in->driver, in->driver);
		return set_driver(d, drv);
	} else if ((!strcmp(tmpl, "rfc4106") || !strcmp(tmpl, "rfc4543")) &&
		   !strncmp(in->name, "gcm(", 4)) {
		d->type = CRYPTO_ALG_TYPE_AEAD;
		d->blocksize = 1;
		d->maxauth = 16;
		d->ivsize = 8;
	} else if (!strcmp(tmpl, "rfc4309") && !strncmp(in->name, "ccm(", 4)) {
		d->type = CRYPTO_ALG_TYPE_AEAD;
		d->blocksize = 1;
		d->maxauth = 16;
		d->ivsize = 8;
	} else if ((!strcmp(tmpl, "rfc7539") || !strcmp(tmpl, "rfc7539esp")) &&
		   in2 && !strcmp(in->name, "chacha20") &&
		   !strcmp(in2->name, "poly1305")) {
		d->type = CRYPTO_ALG_TYPE_AEAD;
		d->blocksize = 1;
		d->maxauth = 16;
		d->ivsize = strcmp(tmpl, "rfc7539") ? 8 : 12;
	} else {
		return false;
	}
	/* crypto_inst_setname(): "tmpl(driver)" or "tmpl(drv1,drv2)" */
	if (in2)
		snprintf(drv, sizeof(drv), "%s(%s,%s)", tmpl, in->driver,
			 in2->driver);
	else
		snprintf(drv, sizeof(drv), "%s(%s)", tmpl, in->driver);
	return set_driver(d, drv);
}

/* What the crypto API would register for name, or false when this file
 * does not know the algorithm or the template. */
static bool crypto_describe(const char *name, struct crypto_desc *d)
{
	char tmpl[CRYPTO_MAX_NAME], args[2][CRYPTO_MAX_NAME];
	struct crypto_desc in[2];
	int nargs;

	if (strlen(name) >= CRYPTO_MAX_NAME)
		return false;
	if (base_describe(name, d))
		return true;
	if (!split_instance(name, tmpl, args, &nargs))
		return false;
	for (int i = 0; i < nargs; i++)
		if (!crypto_describe(args[i], &in[i]))
			return false;
	memset(d, 0, sizeof(*d));
	snprintf(d->name, sizeof(d->name), "%s", name);
	return instance_describe(tmpl, &in[0], nargs == 2 ? &in[1] : NULL, d);
}

/* ---- the net's algorithm list (crypto_alg_list) ---- */

struct crypto_entry {
	struct crypto_desc d;
	bool removed; /* by DELALG; NEWALG brings it back */
};

struct crypto_net {
	struct unl_sock *ksk;
	struct crypto_entry *algs;
	size_t nalgs;
};

static struct crypto_net *crypto_net_of(struct unl_skb *skb)
{
	struct unl_net *net = unl_sock_net(unl_skb_cb(skb)->sk);

	return unl_kernel_priv(unl_net_kernel_sock(net, NETLINK_CRYPTO));
}

static uint32_t entry_flags(const struct crypto_entry *e)
{
	return e->d.type | CRYPTO_ALG_TESTED |
	       (e->d.instance ? CRYPTO_ALG_INSTANCE : 0);
}

#define null_terminated(x) (strnlen(x, sizeof(x)) < sizeof(x))

/* crypto_alg_match(): the first algorithm of the list whose flags fit
 * cru_type under cru_mask, by driver name, else (not exact) by name. */
static struct crypto_entry *crypto_alg_match(struct crypto_net *cn,
					     const struct crypto_user_alg *p,
					     bool exact)
{
	for (size_t i = 0; i < cn->nalgs; i++) {
		struct crypto_entry *e = &cn->algs[i];
		bool match;

		if (e->removed || ((entry_flags(e) ^ p->cru_type) & p->cru_mask))
			continue;
		if (p->cru_driver_name[0])
			match = !strcmp(e->d.driver, p->cru_driver_name);
		else
			match = !exact && !strcmp(e->d.name, p->cru_name);
		if (match)
			return e;
	}
	return NULL;
}

/* ---- reports ---- */

static int report_type(struct unl_skb *skb, const struct crypto_desc *d)
{
	switch (d->type) {
	case CRYPTO_ALG_TYPE_CIPHER: {
		struct crypto_report_cipher r = {
			.blocksize = d->blocksize,
			.min_keysize = d->min_key,
			.max_keysize = d->max_key,
		};
		strcpy(r.type, "cipher");
		return unl_nla_put(skb, CRYPTOCFGA_REPORT_CIPHER, sizeof(r), &r);
	}
	case CRYPTO_ALG_TYPE_SHASH: {
		struct crypto_report_hash r = {
			.blocksize = d->blocksize,
			.digestsize = d->digestsize,
		};
		strcpy(r.type, "shash");
		return unl_nla_put(skb, CRYPTOCFGA_REPORT_HASH, sizeof(r), &r);
	}
	case CRYPTO_ALG_TYPE_SKCIPHER:
	case CRYPTO_ALG_TYPE_LSKCIPHER: {
		struct crypto_report_blkcipher r = {
			.blocksize = d->blocksize,
			.min_keysize = d->min_key,
			.max_keysize = d->max_key,
			.ivsize = d->ivsize,
		};
		strcpy(r.type, d->type == CRYPTO_ALG_TYPE_SKCIPHER ? "skcipher"
								   : "lskcipher");
		strcpy(r.geniv, "<none>");
		return unl_nla_put(skb, CRYPTOCFGA_REPORT_BLKCIPHER, sizeof(r),
				   &r);
	}
	case CRYPTO_ALG_TYPE_AEAD: {
		struct crypto_report_aead r = {
			.blocksize = d->blocksize,
			.maxauthsize = d->maxauth,
			.ivsize = d->ivsize,
		};
		strcpy(r.type, "aead");
		strcpy(r.geniv, "<none>");
		return unl_nla_put(skb, CRYPTOCFGA_REPORT_AEAD, sizeof(r), &r);
	}
	case CRYPTO_ALG_TYPE_ACOMPRESS: {
		struct crypto_report_acomp r;

		memset(&r, 0, sizeof(r));
		strcpy(r.type, "acomp");
		return unl_nla_put(skb, CRYPTOCFGA_REPORT_ACOMP, sizeof(r), &r);
	}
	default:
		return 0;
	}
}

/* crypto_report_alg(): struct crypto_user_alg, the priority and the
 * type's report.  refs counts the reference the request holds (a
 * doit's crypto_alg_match() takes one). */
static int crypto_report_alg(struct unl_skb *skb, const struct crypto_entry *e,
			     uint32_t portid, uint32_t seq, int flags,
			     uint32_t refs)
{
	struct nlmsghdr *nlh;
	struct crypto_user_alg *ualg;

	nlh = unl_nlmsg_put(skb, portid, seq, CRYPTO_MSG_GETALG,
			    sizeof(*ualg), flags);
	if (!nlh)
		return -EMSGSIZE;
	ualg = NLMSG_DATA(nlh);
	memset(ualg, 0, sizeof(*ualg));
	snprintf(ualg->cru_name, sizeof(ualg->cru_name), "%s", e->d.name);
	snprintf(ualg->cru_driver_name, sizeof(ualg->cru_driver_name), "%s",
		 e->d.driver);
	/* module_name() of built-in code */
	strcpy(ualg->cru_module_name, "kernel");
	ualg->cru_flags = entry_flags(e);
	ualg->cru_refcnt = 1 + refs;
	if (unl_nla_put_u32(skb, CRYPTOCFGA_PRIORITY_VAL, e->d.priority) ||
	    report_type(skb, &e->d)) {
		unl_nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	unl_nlmsg_end(skb, nlh);
	return 0;
}

/* ---- requests ---- */

struct crypto_req {
	struct crypto_net *cn;
	struct unl_skb *skb;
	struct nlmsghdr *nlh;
	struct crypto_user_alg *p;
	const struct nlattr **attrs;
};

/* crypto_report(): one algorithm, by driver name or name */
static int crypto_report(struct crypto_req *r)
{
	uint32_t portid = unl_skb_cb(r->skb)->portid;
	struct crypto_entry *e;
	struct unl_skb *out;
	int err;

	if (!null_terminated(r->p->cru_name) ||
	    !null_terminated(r->p->cru_driver_name))
		return -EINVAL;
	e = crypto_alg_match(r->cn, r->p, false);
	if (!e)
		return -ENOENT;
	out = unl_nlmsg_new(2048) /* NLMSG_DEFAULT_SIZE */;
	if (!out)
		return -ENOMEM;
	err = crypto_report_alg(out, e, portid, r->nlh->nlmsg_seq, 0, 1);
	if (err) {
		unl_skb_free(out);
		return err;
	}
	/* nlmsg_unicast(): 0 once queued */
	err = unl_unicast(r->cn->ksk, out, portid, true);
	return err < 0 ? err : 0;
}

/* crypto_add_alg(): Linux looks the algorithm up, loading a module or
 * instantiating a template; the model can only bring back one of the
 * profile's algorithms that DELALG removed. */
static int crypto_add_alg(struct crypto_req *r)
{
	const struct nlattr *priority = r->attrs[CRYPTOCFGA_PRIORITY_VAL];
	const struct crypto_user_alg *p = r->p;
	bool exact;
	const char *name;

	if (!unl_skb_capable(r->skb, CAP_NET_ADMIN))
		return -EPERM;
	if (!null_terminated(p->cru_name) || !null_terminated(p->cru_driver_name))
		return -EINVAL;
	exact = p->cru_driver_name[0] != '\0';
	if (priority && !exact)
		return -EINVAL;
	if (crypto_alg_match(r->cn, p, exact))
		return -EEXIST;
	name = exact ? p->cru_driver_name : p->cru_name;
	for (size_t i = 0; i < r->cn->nalgs; i++) {
		struct crypto_entry *e = &r->cn->algs[i];

		if (!e->removed ||
		    ((entry_flags(e) ^ p->cru_type) & p->cru_mask) ||
		    (strcmp(e->d.name, name) && strcmp(e->d.driver, name)))
			continue;
		e->removed = false;
		if (priority)
			e->d.priority = unl_nla_get_u32(priority);
		return 0;
	}
	return -ENOENT;
}

/* crypto_del_alg(): only an instance of a template, and only unused */
static int crypto_del_alg(struct crypto_req *r)
{
	char name[CRYPTO_MAX_NAME];
	struct crypto_entry *e;

	if (!unl_skb_capable(r->skb, CAP_NET_ADMIN))
		return -EPERM;
	if (!null_terminated(r->p->cru_name) ||
	    !null_terminated(r->p->cru_driver_name))
		return -EINVAL;
	e = crypto_alg_match(r->cn, r->p, true);
	if (!e)
		return -ENOENT;
	if (!e->d.instance)
		return -EINVAL;
	/* what NEWALG makes again is a new instance, with the template's
	 * priority, not one UPDATEALG gave the old one */
	snprintf(name, sizeof(name), "%s", e->d.name);
	crypto_describe(name, &e->d);
	e->removed = true;
	return 0;
}

/* crypto_update_alg(): a new priority, by driver name */
static int crypto_update_alg(struct crypto_req *r)
{
	const struct nlattr *priority = r->attrs[CRYPTOCFGA_PRIORITY_VAL];
	struct crypto_entry *e;

	if (!unl_skb_capable(r->skb, CAP_NET_ADMIN))
		return -EPERM;
	if (!null_terminated(r->p->cru_name) ||
	    !null_terminated(r->p->cru_driver_name))
		return -EINVAL;
	if (priority && !r->p->cru_driver_name[0])
		return -EINVAL;
	e = crypto_alg_match(r->cn, r->p, true);
	if (!e)
		return -ENOENT;
	if (priority)
		e->d.priority = unl_nla_get_u32(priority);
	return 0;
}

/* crypto_del_rng(): nothing holds the default RNG in the model, so
 * releasing it succeeds as on an idle kernel. */
static int crypto_del_rng(struct crypto_req *r)
{
	return unl_skb_capable(r->skb, CAP_NET_ADMIN) ? 0 : -EPERM;
}

static int crypto_dump_report(struct unl_skb *skb, struct unl_callback *cb)
{
	struct crypto_net *cn = cb->data;
	uint32_t portid = unl_skb_cb(cb->skb)->portid;
	size_t pos = (size_t)cb->args[0];

	for (; pos < cn->nalgs; pos++) {
		if (cn->algs[pos].removed)
			continue;
		if (crypto_report_alg(skb, &cn->algs[pos], portid,
				      cb->nlh->nlmsg_seq, NLM_F_MULTI, 0))
			break;
	}
	cb->args[0] = (long)pos;
	return (int)unl_skb_len(skb);
}

static const struct crypto_link {
	int (*doit)(struct crypto_req *r);
	int min; /* crypto_msg_min[] */
} crypto_dispatch[CRYPTO_NR_MSGTYPES] = {
	[CRYPTO_MSG_NEWALG - CRYPTO_MSG_BASE] = { crypto_add_alg,
		sizeof(struct crypto_user_alg) },
	[CRYPTO_MSG_DELALG - CRYPTO_MSG_BASE] = { crypto_del_alg,
		sizeof(struct crypto_user_alg) },
	[CRYPTO_MSG_UPDATEALG - CRYPTO_MSG_BASE] = { crypto_update_alg,
		sizeof(struct crypto_user_alg) },
	[CRYPTO_MSG_GETALG - CRYPTO_MSG_BASE] = { crypto_report,
		sizeof(struct crypto_user_alg) },
	[CRYPTO_MSG_DELRNG - CRYPTO_MSG_BASE] = { crypto_del_rng, 0 },
	/* statistics went with CONFIG_CRYPTO_STATS (Linux 6.10): the
	 * message is parsed, then has no handler */
	[CRYPTO_MSG_GETSTAT - CRYPTO_MSG_BASE] = { NULL,
		sizeof(struct crypto_user_alg) },
};

static const struct unl_nla_policy crypto_policy[CRYPTOCFGA_MAX + 1] = {
	[CRYPTOCFGA_PRIORITY_VAL] = { .type = UNL_NLA_U32 },
};

/* crypto_user_rcv_msg() */
static int crypto_user_rcv_msg(struct unl_skb *skb, struct nlmsghdr *nlh,
			       struct unl_ext_ack *extack)
{
	struct crypto_net *cn = crypto_net_of(skb);
	const struct nlattr *attrs[CRYPTOCFGA_MAX + 1];
	const struct crypto_link *link;
	int type = nlh->nlmsg_type, err;

	if (type > CRYPTO_MSG_MAX)
		return -EINVAL;
	link = &crypto_dispatch[type - CRYPTO_MSG_BASE];
	if (type == CRYPTO_MSG_GETALG && (nlh->nlmsg_flags & NLM_F_DUMP)) {
		size_t alloc = cn->nalgs * CRYPTO_REPORT_MAXSIZE;
		struct unl_dump_control c = {
			.dump = crypto_dump_report,
			.data = cn,
			.min_dump_alloc = alloc < 65535 ? (uint32_t)alloc : 65535,
		};
		return unl_dump_start(cn->ksk, skb, nlh, &c);
	}
	memset(attrs, 0, sizeof(attrs));
	err = unl_nlmsg_parse(nlh, link->min, attrs, CRYPTOCFGA_MAX,
			      crypto_policy, UNL_VALIDATE_LIBERAL,
			      extack);
	if (err < 0)
		return err;
	if (!link->doit)
		return -EINVAL;
	return link->doit(&(struct crypto_req){
		.cn = cn, .skb = skb, .nlh = nlh,
		.p = link->min ? NLMSG_DATA(nlh) : NULL, .attrs = attrs });
}

static void crypto_netlink_rcv(struct unl_skb *skb)
{
	unl_rcv_skb(skb, crypto_user_rcv_msg);
}

static void crypto_netlink_exit(struct unl_net *net)
{
	struct unl_sock *ksk = unl_net_kernel_sock(net, NETLINK_CRYPTO);
	struct crypto_net *cn = ksk ? unl_kernel_priv(ksk) : NULL;

	unl_kernel_release(ksk);
	if (cn)
		free(cn->algs);
	free(cn);
}

/* The profile's algorithms this file can describe, in the profile's
 * order. */
static int crypto_list_load(struct crypto_net *cn, const struct unl_profile *p)
{
	size_t n = 0;

	while (unl_profile_name_at(p, UNL_PROFILE_ALGO, n))
		n++;
	cn->algs = calloc(n ? n : 1, sizeof(*cn->algs));
	if (!cn->algs)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const char *name = unl_profile_name_at(p, UNL_PROFILE_ALGO, i);

		if (crypto_describe(name, &cn->algs[cn->nalgs].d))
			cn->nalgs++;
	}
	return 0;
}

/* crypto_netlink_init(): a kernel without crypto_user has no
 * NETLINK_CRYPTO. */
int crypto_netlink_init(struct unl_net *net)
{
	const struct unl_profile *p = unl_net_profile(net);
	struct unl_kernel_cfg cfg = { .input = crypto_netlink_rcv };
	struct crypto_net *cn;
	int err;

	if (!unl_profile_has(p, UNL_PROFILE_FEATURE, "CRYPTO_USER"))
		return -EPROTONOSUPPORT;
	cn = calloc(1, sizeof(*cn));
	if (!cn)
		return -ENOMEM;
	err = crypto_list_load(cn, p);
	if (err) {
		free(cn);
		return err;
	}
	cfg.priv = cn;
	err = unl_kernel_create(net, NETLINK_CRYPTO, &cfg, &cn->ksk);
	if (err) {
		free(cn->algs);
		free(cn);
		return err;
	}
	net_set_fini(net, NETLINK_CRYPTO, crypto_netlink_exit);
	return 0;
}
