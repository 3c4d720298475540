// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer harness: the kernel profile text format (unl_profile_parse),
 * and formatting back what it accepted, which must parse again.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unetlink/profile.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct unl_profile *p = NULL, *again = NULL;
	char err[256];
	char *text;

	if (unl_profile_parse((const char *)data, size, "fuzz", &p, err,
			      sizeof(err)))
		return 0;
	text = unl_profile_format(p);
	if (text) {
		/* what was accepted formats to text that parses */
		if (unl_profile_parse(text, strlen(text), "again", &again, err,
				      sizeof(err)))
			abort();
		unl_profile_unref(again);
		free(text);
	}
	unl_profile_unref(p);
	return 0;
}
