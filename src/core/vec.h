/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * One growable array for everyone: make room for `need` elements of
 * `size` bytes in *v, whose capacity is *cap, doubling from 8.  Returns 0
 * or -ENOMEM, leaving *v and *cap as they were on failure.  The array's
 * owner frees *v.
 */
#ifndef UNETLINK_CORE_VEC_H
#define UNETLINK_CORE_VEC_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

static inline int unl_vec_reserve(void *vp, size_t *cap, size_t need,
				  size_t size)
{
	void **v = (void **)vp;
	size_t ncap = *cap ? *cap : 8;
	void *nv;

	if (need <= *cap)
		return 0;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return -ENOMEM;
		ncap *= 2;
	}
	if (ncap > SIZE_MAX / size)
		return -ENOMEM;
	nv = realloc(*v, ncap * size);
	if (!nv)
		return -ENOMEM;
	*v = nv;
	*cap = ncap;
	return 0;
}

#endif
