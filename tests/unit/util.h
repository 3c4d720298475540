/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Helpers shared by the unit tests that compare bytes with golden
 * buffers.  Include after <cmocka.h> and its prerequisites (<setjmp.h>,
 * <stdarg.h>, <stddef.h>).
 */
#ifndef UNETLINK_TESTS_UNIT_UTIL_H
#define UNETLINK_TESTS_UNIT_UTIL_H

#include <stdint.h>
#include <string.h>

#include <unetlink/kernel.h>
#include <unetlink/unetlink.h>

/* Compare the skb's bytes with a golden buffer, printing both on a
 * mismatch. */
static inline void check_bytes(const struct unl_skb *skb,
			       const uint8_t *want, size_t want_len)
{
	const uint8_t *got = unl_skb_data(skb);
	size_t len = unl_skb_len(skb);

	if (len != want_len || memcmp(got, want, len) != 0) {
		size_t i;

		print_error("got  (%zu):", len);
		for (i = 0; i < len; i++)
			print_error(" %02x", got[i]);
		print_error("\nwant (%zu):", want_len);
		for (i = 0; i < want_len; i++)
			print_error(" %02x", want[i]);
		print_error("\n");
		fail();
	}
}

/* A net of its own world under the profile text (docs/profiles.md);
 * unl_net_free() it. */
static inline struct unl_net *net_with_profile(const char *text)
{
	struct unl_net_config cfg = { 0 };
	struct unl_profile *p;
	struct unl_net *net;

	assert_int_equal(unl_profile_parse(text, strlen(text), "test", &p,
					   NULL, 0),
			 0);
	cfg.profile = p;
	assert_int_equal(unl_net_new_config(&net, &cfg), 0);
	unl_profile_unref(p);
	return net;
}

/* CHECK(skb, 0x14, 0x00, ...): the skb holds exactly these bytes. */
#define CHECK(skb, ...)                                                    \
	do {                                                               \
		static const uint8_t __w[] = { __VA_ARGS__ };              \
		check_bytes((skb), __w, sizeof(__w));                      \
	} while (0)

#endif
