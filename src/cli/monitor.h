/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * `unetlink monitor`: a capture (UNL_OP_CAPTURE) printed for people,
 * one line (or JSON object) a netlink message, like `ip monitor` but
 * for every protocol.
 */
#ifndef UNETLINK_CLI_MONITOR_H
#define UNETLINK_CLI_MONITOR_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

struct monitor_opts {
	bool json;
	bool color;     /* errors red, faults magenta, interrupted dumps
			   yellow */
	uint64_t count; /* stop after this many records; 0: no limit */
};

/* Print the records of the capture running on fd until the daemon's
 * last one, or until *stop (then the capture is ended and what the
 * daemon still sends is printed).  0, or -errno. */
int monitor_run(int fd, const struct monitor_opts *o,
		volatile sig_atomic_t *stop);

#endif
