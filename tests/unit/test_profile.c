// SPDX-License-Identifier: LGPL-2.1-or-later
/* Kernel profiles: the text format, the built-in profiles, and nets
 * made from a profile. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <unetlink/unetlink.h>

static struct unl_profile *parse_ok(const char *text)
{
	struct unl_profile *p = NULL;
	char err[256] = "";

	if (unl_profile_parse(text, strlen(text), "test", &p, err,
			      sizeof(err)))
		fail_msg("parse failed: %s", err);
	return p;
}

/* Parsing fails with errnum and exactly this message. */
static void parse_fails(const char *text, int errnum, const char *want)
{
	struct unl_profile *p = NULL;
	char err[256] = "";

	assert_int_equal(unl_profile_parse(text, strlen(text), "test", &p, err,
					   sizeof(err)),
			 errnum);
	assert_null(p);
	assert_string_equal(err, want);
}

static void test_parse_classes(void **state)
{
	struct unl_profile *p = parse_ok(
		"# a comment\n"
		"name  mine\n"
		"kernel 6.1.0\n"
		"link veth bridge   # trailing comment\n"
		"link dummy\n"
		"qdisc htb\n"
		"algo cbc(aes) hmac(sha256)\n"
		"feature CONFIG_IP_MROUTE IPV6_SUBTREES\n"
		"sysctl net.ipv4.conf.default.rp_filter = 2\n"
		"sysctl net.core.rmem_max=4194304\n");

	(void)state;
	assert_string_equal(unl_profile_name(p), "mine");
	assert_string_equal(unl_profile_kernel(p), "6.1.0");
	assert_true(unl_profile_has(p, UNL_PROFILE_LINK, "veth"));
	assert_true(unl_profile_has(p, UNL_PROFILE_LINK, "dummy"));
	assert_false(unl_profile_has(p, UNL_PROFILE_LINK, "vlan"));
	assert_false(unl_profile_has(p, UNL_PROFILE_QDISC, "veth"));
	assert_true(unl_profile_has(p, UNL_PROFILE_ALGO, "cbc(aes)"));
	/* CONFIG_ prefixes are the same symbol */
	assert_true(unl_profile_has(p, UNL_PROFILE_FEATURE, "IP_MROUTE"));
	assert_string_equal(unl_profile_sysctl(p,
					       "net.ipv4.conf.default.rp_filter"),
			    "2");
	{
		long v = 0;

		assert_int_equal(unl_profile_sysctl_int(p, "net.core.rmem_max",
							&v),
				 0);
		assert_int_equal(v, 4194304);
		assert_int_equal(unl_profile_sysctl_int(p, "net.core.nope",
							&v),
				 -ENOENT);
	}
	unl_profile_unref(p);
}

/* genlid: a family's id and first group id, removable, printed back */
static void test_genl_ids(void **state)
{
	struct unl_profile *p = parse_ok("genlid netdev 20 4\n"
					 "genlid SEG6 0x1d\n"
					 "genlid tcp_metrics 27\n"
					 "genlid -tcp_metrics\n");
	unsigned int grp = 99;
	char *text;

	(void)state;
	assert_int_equal(unl_profile_genl_id(p, "netdev", &grp), 20);
	assert_int_equal(grp, 4);
	assert_int_equal(unl_profile_genl_id(p, "SEG6", &grp), 0x1d);
	assert_int_equal(grp, 0);
	assert_int_equal(unl_profile_genl_id(p, "tcp_metrics", &grp), 0);
	assert_int_equal(unl_profile_genl_id(p, "nosuch", NULL), 0);
	text = unl_profile_format(p);
	assert_non_null(text);
	assert_non_null(strstr(text, "genlid   netdev 20 4\n"));
	assert_non_null(strstr(text, "genlid   SEG6 29 0\n"));
	assert_null(strstr(text, "tcp_metrics"));
	unl_profile_unref(p);
	/* what is printed parses back, a family without a group too
	 * (found by fuzz-profile) */
	p = parse_ok(text);
	assert_int_equal(unl_profile_genl_id(p, "SEG6", &grp), 29);
	assert_int_equal(grp, 0);
	assert_int_equal(unl_profile_genl_id(p, "netdev", &grp), 20);
	assert_int_equal(grp, 4);
	free(text);
	unl_profile_unref(p);
	parse_fails("genlid netdev\n", -EINVAL,
		    "test:1: genlid wants NAME ID [GROUP]");
	parse_fails("genlid netdev 0\n", -EINVAL,
		    "test:1: genlid wants NAME ID [GROUP]");
	parse_fails("genlid netdev 70000\n", -EINVAL,
		    "test:1: genlid wants NAME ID [GROUP]");
	parse_fails("genlid netdev 20 x\n", -EINVAL,
		    "test:1: genlid wants NAME ID [GROUP]");
	parse_fails("genlid netdev 20 4 5\n", -EINVAL,
		    "test:1: genlid wants NAME ID [GROUP]");
}

static void test_parse_errors(void **state)
{
	(void)state;
	parse_fails("link veth\nbogus x\n", -EINVAL,
		    "test:2: unknown keyword 'bogus'");
	parse_fails("link\n", -EINVAL, "test:1: 'link' names nothing");
	parse_fails("name a b\n", -EINVAL, "test:1: 'name' takes one word");
	parse_fails("feature ip_mroute\n", -EINVAL,
		    "test:1: invalid feature name 'ip_mroute'");
	/* found by fuzz-profile: CONFIG_CONFIG_ kept CONFIG_, which a
	 * formatted profile then lost on reading */
	parse_fails("feature CONFIG_CONFIG_X\n", -EINVAL,
		    "test:1: invalid feature name 'CONFIG_X'");
	parse_fails("sysctl net.core.x\n", -EINVAL,
		    "test:1: sysctl wants NAME = VALUE");
	parse_fails("sysctl net.core.x =\n", -EINVAL,
		    "test:1: sysctl net.core.x has no value");
	parse_fails("sysctl bad/name = 1\n", -EINVAL,
		    "test:1: invalid sysctl name 'bad/name'");
	/* found by fuzz-profile: "x =#1" formatted as "x = #1", a comment */
	parse_fails("sysctl net.core.x =#1\n", -EINVAL,
		    "test:1: invalid value for sysctl net.core.x");
	parse_fails("sysctl net.core.x = 1\x84\n", -EINVAL,
		    "test:1: invalid value for sysctl net.core.x");
	parse_fails("link veth\nbase full\n", -EINVAL,
		    "test:2: 'base' must come before what it changes");
	parse_fails("base nosuch\n", -ENOENT,
		    "nosuch: no such profile (built in: full, minimal; or a "
		    "file path)");
	{
		static const char nul[] = "link a\0b\n";
		struct unl_profile *p = NULL;
		char err[256] = "";

		assert_int_equal(unl_profile_parse(nul, sizeof(nul) - 1, "test",
						   &p, err, sizeof(err)),
				 -EINVAL);
		assert_string_equal(err, "test:1: NUL byte in text");
	}
}

/* "base" starts from another profile; "-x" and "-*" take away. */
static void test_base_and_removal(void **state)
{
	struct unl_profile *p = parse_ok("name small\n"
					 "base full\n"
					 "link -dummy -vlan\n"
					 "feature -*\n"
					 "feature IP_MULTIPLE_TABLES\n");

	(void)state;
	assert_string_equal(unl_profile_name(p), "small");
	assert_string_equal(unl_profile_kernel(p), "6.18");
	assert_true(unl_profile_has(p, UNL_PROFILE_LINK, "bridge"));
	assert_false(unl_profile_has(p, UNL_PROFILE_LINK, "dummy"));
	assert_false(unl_profile_has(p, UNL_PROFILE_FEATURE, "IP_MROUTE"));
	assert_true(unl_profile_has(p, UNL_PROFILE_FEATURE,
				    "IP_MULTIPLE_TABLES"));
	unl_profile_unref(p);
}

/* A profile that names itself as its base ends, with an error. */
static void test_base_loop(void **state)
{
	char path[] = "/tmp/unetlink-profile-XXXXXX.profile";
	char text[128], err[256] = "";
	struct unl_profile *p = NULL;
	int fd = mkstemps(path, 8);

	(void)state;
	assert_true(fd >= 0);
	snprintf(text, sizeof(text), "base %s\n", path);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_int_equal(unl_profile_load(path, &p, err, sizeof(err)), -ELOOP);
	assert_null(p);
	assert_non_null(strstr(err, "'base' nests too deep"));
	unlink(path);
}

/* What unl_profile_format() writes parses back to the same profile. */
static void test_format_round_trip(void **state)
{
	const char *const *names = unl_profile_builtin_names();

	(void)state;
	for (size_t i = 0; names[i]; i++) {
		struct unl_profile *a, *b;
		char *ta, *tb;

		assert_int_equal(unl_profile_load(names[i], &a, NULL, 0), 0);
		ta = unl_profile_format(a);
		assert_non_null(ta);
		b = parse_ok(ta);
		tb = unl_profile_format(b);
		assert_string_equal(ta, tb);
		free(ta);
		free(tb);
		unl_profile_unref(a);
		unl_profile_unref(b);
	}
}

static void test_builtins(void **state)
{
	const char *const *names = unl_profile_builtin_names();
	struct unl_profile *full, *min;

	(void)state;
	assert_string_equal(names[0], "full");
	assert_string_equal(names[1], "minimal");
	assert_null(names[2]);
	assert_int_equal(unl_profile_load("full", &full, NULL, 0), 0);
	assert_int_equal(unl_profile_load("minimal", &min, NULL, 0), 0);
	assert_true(unl_profile_has(full, UNL_PROFILE_LINK, "dummy"));
	assert_true(unl_profile_has(full, UNL_PROFILE_FEATURE, "IP_MROUTE"));
	assert_false(unl_profile_has(min, UNL_PROFILE_LINK, "bridge"));
	assert_true(unl_profile_has(min, UNL_PROFILE_LINK, "veth"));
	unl_profile_unref(full);
	unl_profile_unref(min);
}

/* The host profile is probed once and describes the running kernel. */
static void test_host(void **state)
{
	struct unl_profile *a, *b;
	struct utsname_like {
		char release[65];
	} u;
	FILE *f = fopen("/proc/sys/kernel/osrelease", "re");

	(void)state;
	assert_non_null(f);
	assert_non_null(fgets(u.release, sizeof(u.release), f));
	fclose(f);
	u.release[strcspn(u.release, "\n")] = '\0';
	assert_int_equal(unl_profile_load("host", &a, NULL, 0), 0);
	assert_int_equal(unl_profile_host(&b), 0);
	assert_ptr_equal(a, b);
	assert_string_equal(unl_profile_name(a), "host");
	assert_string_equal(unl_profile_kernel(a), u.release);
	/* whatever else it lacks, a kernel has nlctrl */
	assert_true(unl_profile_has(a, UNL_PROFILE_GENL, "nlctrl"));
	unl_profile_unref(a);
	unl_profile_unref(b);
}

/* A net follows its profile and seed; unl_net_new() takes the host's. */
static void test_net_config(void **state)
{
	struct unl_net_config cfg = { .seed = 42, .has_seed = true };
	struct unl_profile *host;
	struct unl_net *net;

	(void)state;
	assert_int_equal(unl_profile_load("minimal", &cfg.profile, NULL, 0),
			 0);
	assert_int_equal(unl_net_new_config(&net, &cfg), 0);
	/* the net holds its own reference */
	unl_profile_unref(cfg.profile);
	assert_string_equal(unl_profile_name(unl_net_profile(net)), "minimal");
	assert_int_equal(unl_net_seed(net), 42);
	unl_net_free(net);

	assert_int_equal(unl_net_new(&net), 0);
	assert_int_equal(unl_profile_host(&host), 0);
	assert_ptr_equal(unl_net_profile(net), host);
	unl_profile_unref(host);
	unl_net_free(net);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_classes),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_genl_ids),
		cmocka_unit_test(test_base_and_removal),
		cmocka_unit_test(test_base_loop),
		cmocka_unit_test(test_format_round_trip),
		cmocka_unit_test(test_builtins),
		cmocka_unit_test(test_host),
		cmocka_unit_test(test_net_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
