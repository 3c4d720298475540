// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * NETLINK_XFRM: the xfrm types (struct xfrm_type: esp, ah, ipcomp,
 * the IP-in-IP tunnel, Mobile IPv6's route2 and hao) and the algorithms
 * of net/xfrm/xfrm_algo.c, each offered when the net's profile lists
 * its module ("xfrm esp4 ...") or its crypto algorithm ("algo
 * cbc(aes) ...", as /proc/crypto names it).  A type the kernel lacks
 * answers "Requested type not found"; an algorithm, ENOSYS.
 */
#include <errno.h>
#include <string.h>

#include <linux/udp.h>

#include <stdbool.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <unetlink/profile.h>

#include "proto/xfrm/xfrm-private.h"

/*
 * The key lengths (bytes) the crypto API's setkey takes for each
 * algorithm xfrm_algo.c names: the cipher's (AES, Camellia, Twofish:
 * 16, 24 or 32; DES 8; 3DES 24; SM4 16; CAST5 5 to 16; Blowfish 4 to
 * 56; Serpent up to 32), with the nonce or salt the RFC templates take
 * from the key's end (rfc3686 and the GCM ones 4 bytes, CCM's 3).
 * HMACs, the null algorithms and compression take any key.
 */
struct key_sizes {
	const char *name;
	uint8_t min, max, step; /* bytes: min, min + step, ..., max */
};
static const struct key_sizes key_sizes[] = {
	{ "cbc(aes)", 16, 32, 8 },	   { "xcbc(aes)", 16, 32, 8 },
	{ "cmac(aes)", 16, 32, 8 },	   { "cbc(camellia)", 16, 32, 8 },
	{ "cbc(twofish)", 16, 32, 8 },	   { "cbc(des)", 8, 8, 1 },
	{ "cbc(des3_ede)", 24, 24, 1 },	   { "cbc(sm4)", 16, 16, 1 },
	{ "cbc(cast5)", 5, 16, 1 },	   { "cbc(blowfish)", 4, 56, 1 },
	{ "cbc(serpent)", 0, 32, 1 },	   { "rfc3686(ctr(aes))", 20, 36, 8 },
	{ "rfc4106(gcm(aes))", 20, 36, 8 }, { "rfc4543(gcm(aes))", 20, 36, 8 },
	{ "rfc4309(ccm(aes))", 19, 35, 8 },
	{ "rfc7539esp(chacha20,poly1305)", 36, 36, 1 },
};

/* Whether the crypto API's setkey takes a key of bits for algorithm
 * name (the canonical name the state keeps). */
static bool key_fits(const char *name, unsigned int bits)
{
	unsigned int len = (bits + 7) / 8;

	for (size_t i = 0; i < sizeof(key_sizes) / sizeof(key_sizes[0]); i++) {
		const struct key_sizes *k = &key_sizes[i];

		if (strcmp(k->name, name))
			continue;
		return len >= k->min && len <= k->max &&
		       (len - k->min) % k->step == 0;
	}
	return true;
}

/* esp_init_state(): ESP needs a cipher (or an AEAD) and knows UDP
 * encapsulation only (espintcp is not modelled).  The keys are set as
 * esp_init_aead() and esp_init_authenc() set them: an AEAD's refusal
 * says so, authenc's (the cipher's or the MAC's) is a bare EINVAL. */
static int esp_init_state(struct xfrm_st *x, struct unl_ext_ack *extack)
{
	if (x->aead) {
		if (!key_fits(x->aead->alg_name, x->aead->alg_key_len)) {
			UNL_SET_ERR_MSG(extack, "Kernel was unable to "
					"initialize cryptographic operations");
			return -EINVAL;
		}
	} else if (!x->ealg) {
		UNL_SET_ERR_MSG(extack, "ESP: AEAD or CRYPT must be provided");
		return -EINVAL;
	} else if (!key_fits(x->ealg->alg_name, x->ealg->alg_key_len) ||
		   (x->aalg &&
		    !key_fits(x->aalg->alg_name, x->aalg->alg_key_len))) {
		return -EINVAL;
	}
	if (x->encap && x->encap->encap_type != UDP_ENCAP_ESPINUDP) {
		UNL_SET_ERR_MSG(extack,
				"Unsupported encapsulation type for ESP");
		return -EINVAL;
	}
	return 0;
}

/* ah_init_state() */
static int ah_init_state(struct xfrm_st *x, struct unl_ext_ack *extack)
{
	if (!x->aalg) {
		UNL_SET_ERR_MSG(extack,
				"AH requires a state with an AUTH algorithm");
		return -EINVAL;
	}
	if (x->encap) {
		UNL_SET_ERR_MSG(extack,
				"AH is not compatible with encapsulation");
		return -EINVAL;
	}
	/* crypto_ahash_setkey() */
	if (!key_fits(x->aalg->alg_name, x->aalg->alg_key_len)) {
		UNL_SET_ERR_MSG(extack, "Kernel was unable to initialize "
				"cryptographic operations");
		return -EINVAL;
	}
	return 0;
}

/* ipcomp4_init_state() and ipcomp6_init_state(): transport or tunnel
 * mode, ipcomp_init_state()'s checks, and in tunnel mode the hidden
 * IP-in-IP tunnel (state.c). */
static int ipcomp_init_state(struct xfrm_st *x, struct unl_ext_ack *extack)
{
	if (x->mode != XFRM_MODE_TRANSPORT && x->mode != XFRM_MODE_TUNNEL) {
		UNL_SET_ERR_MSG(extack, "Unsupported XFRM mode for IPcomp");
		return -EINVAL;
	}
	if (!x->calg) {
		UNL_SET_ERR_MSG(extack, "Missing required compression algorithm");
		return -EINVAL;
	}
	if (x->encap) {
		UNL_SET_ERR_MSG(extack,
				"IPComp is not compatible with encapsulation");
		return -EINVAL;
	}
	if (x->mode == XFRM_MODE_TUNNEL)
		return xfrm_ipcomp_tunnel_attach(x);
	return 0;
}

/* xfrm4_tunnel's and xfrm6_tunnel's ipip_init_state() */
static int ipip_init_state(struct xfrm_st *x, struct unl_ext_ack *extack)
{
	if (x->mode != XFRM_MODE_TUNNEL) {
		UNL_SET_ERR_MSG(extack,
				"IPv4 tunnel can only be used with tunnel mode");
		return -EINVAL;
	}
	if (x->encap) {
		UNL_SET_ERR_MSG(extack,
				"IPv4 tunnel is not compatible with encapsulation");
		return -EINVAL;
	}
	return 0;
}

/* mip6_destopt_init_state() and mip6_rthdr_init_state() */
static int mip6_init_state(struct xfrm_st *x, struct unl_ext_ack *extack)
{
	if (x->mode != XFRM_MODE_ROUTEOPTIMIZATION) {
		UNL_SET_ERR_MSG(extack,
				"XFRM mode must be XFRM_MODE_ROUTEOPTIMIZATION");
		return -EINVAL;
	}
	return 0;
}

static const struct xfrm_type_ops xfrm_types[] = {
	{ "ESP4/ESP6", IPPROTO_ESP, "esp4", "esp6", esp_init_state },
	{ "AH4/AH6", IPPROTO_AH, "ah4", "ah6", ah_init_state },
	{ "IPCOMP4/IPCOMP6", IPPROTO_COMP, "ipcomp4", "ipcomp6",
	  ipcomp_init_state },
	{ "IPIP", IPPROTO_IPIP, "ipip4", NULL, ipip_init_state },
	{ "IP6IP6", IPPROTO_IPV6, NULL, "ipip6", ipip_init_state },
	{ "MIP6ROUTE2", IPPROTO_ROUTING, NULL, "mip6", mip6_init_state },
	{ "MIP6HAO", IPPROTO_DSTOPTS, NULL, "mip6", mip6_init_state },
};

/* xfrm_get_type() */
const struct xfrm_type_ops *xfrm_get_type(const struct xfrm_net *xn,
					  uint8_t proto, uint16_t family)
{
	const struct unl_profile *p = unl_net_profile(xn->net);

	for (size_t i = 0; i < sizeof(xfrm_types) / sizeof(xfrm_types[0]);
	     i++) {
		const struct xfrm_type_ops *t = &xfrm_types[i];
		const char *mod = family == AF_INET6 ? t->mod6 : t->mod4;

		if (t->proto == proto && mod &&
		    unl_profile_has(p, UNL_PROFILE_XFRM, mod))
			return t;
	}
	return NULL;
}

/*
 * xfrm_algo.c's tables: name, compat name, class, ICV bits (truncated,
 * full; an AEAD's one ICV length), default key bits, PF_KEY id and IV
 * generator.
 */
#define AUTH(n, c, trunc, full, key, id)                                   \
	{ n, c, XFRM_ALG_AUTH, trunc, full, key, id, NULL }
#define ENCR(n, c, key, id, gen)                                           \
	{ n, c, XFRM_ALG_ENCR, 0, 0, key, id, gen }
#define AEAD(n, c, icv, key, id, gen)                                      \
	{ n, c, XFRM_ALG_AEAD, icv, icv, key, id, gen }
#define COMP(n, c, id) { n, c, XFRM_ALG_COMP, 0, 0, 0, id, NULL }
static const struct xfrm_alg_desc xfrm_algs[] = {
	AEAD("rfc4106(gcm(aes))", NULL, 64, 128, 18, "seqiv"),
	AEAD("rfc4106(gcm(aes))", NULL, 96, 128, 19, "seqiv"),
	AEAD("rfc4106(gcm(aes))", NULL, 128, 128, 20, "seqiv"),
	AEAD("rfc4309(ccm(aes))", NULL, 64, 128, 14, "seqiv"),
	AEAD("rfc4309(ccm(aes))", NULL, 96, 128, 15, "seqiv"),
	AEAD("rfc4309(ccm(aes))", NULL, 128, 128, 16, "seqiv"),
	AEAD("rfc4543(gcm(aes))", NULL, 128, 128, 21, "seqiv"),
	AEAD("rfc7539esp(chacha20,poly1305)", NULL, 128, 256, 0, "seqiv"),
	AUTH("digest_null", NULL, 0, 0, 0, 251),
	AUTH("hmac(md5)", "md5", 96, 128, 128, 2),
	AUTH("hmac(sha1)", "sha1", 96, 160, 160, 3),
	AUTH("hmac(sha256)", "sha256", 96, 256, 256, 5),
	AUTH("hmac(sha384)", NULL, 192, 384, 384, 6),
	AUTH("hmac(sha512)", NULL, 256, 512, 512, 7),
	AUTH("hmac(rmd160)", "rmd160", 96, 160, 160, 8),
	AUTH("xcbc(aes)", NULL, 96, 128, 128, 9),
	AUTH("cmac(aes)", NULL, 96, 128, 128, 0),
	AUTH("hmac(sm3)", "sm3", 256, 256, 256, 0),
	ENCR("ecb(cipher_null)", "cipher_null", 0, 11, NULL),
	ENCR("cbc(des)", "des", 64, 2, "echainiv"),
	ENCR("cbc(des3_ede)", "des3_ede", 192, 3, "echainiv"),
	ENCR("cbc(cast5)", "cast5", 128, 6, "echainiv"),
	ENCR("cbc(blowfish)", "blowfish", 128, 7, "echainiv"),
	ENCR("cbc(aes)", "aes", 128, 12, "echainiv"),
	ENCR("cbc(serpent)", "serpent", 128, 252, "echainiv"),
	ENCR("cbc(camellia)", "camellia", 128, 22, "echainiv"),
	ENCR("cbc(twofish)", "twofish", 128, 253, "echainiv"),
	ENCR("rfc3686(ctr(aes))", "rfc3686(ctr(aes))", 160, 13, "seqiv"),
	ENCR("cbc(sm4)", "sm4", 128, 24, "echainiv"),
	COMP("deflate", NULL, 2),
	COMP("lzs", NULL, 3),
	COMP("lzjh", NULL, 4),
};

/* xfrm_find_algo() with probe: a name or its compat name (an AEAD's
 * ICV length too) whose crypto algorithm the kernel has. */
const struct xfrm_alg_desc *xfrm_alg_get_byname(const struct xfrm_net *xn,
						int class, const char *name,
						int icv_len)
{
	const struct unl_profile *p = unl_net_profile(xn->net);

	if (!name)
		return NULL;
	for (size_t i = 0; i < sizeof(xfrm_algs) / sizeof(xfrm_algs[0]); i++) {
		const struct xfrm_alg_desc *d = &xfrm_algs[i];

		if (d->class != class)
			continue;
		if (strcmp(name, d->name) &&
		    !(d->compat && !strcmp(name, d->compat)))
			continue;
		if (class == XFRM_ALG_AEAD && d->icv_fullbits != icv_len)
			continue;
		if (!unl_profile_has(p, UNL_PROFILE_ALGO, d->name))
			return NULL;
		return d;
	}
	return NULL;
}
