/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the harnesses that speak to the daemon share: one daemon in a
 * thread for the whole run, following the "full" profile, on a socket
 * in a private directory that goes with the process; connections to it;
 * the descriptors its answers pass, kept until the input ends as a dying
 * client's would be.
 */
#ifndef UNETLINK_FUZZ_DAEMON_H
#define UNETLINK_FUZZ_DAEMON_H

#include <stdbool.h>
#include <stdint.h>

/* FUZZ_TRACE=1 prints each answer, to check what the seeds reach. */
extern bool fuzz_trace;

/* Start the daemon; 0 or -1. */
int fuzz_daemon_start(void);

/* A new control connection (aborts when the daemon is gone). */
int fuzz_daemon_dial(void);

/* A HELLO on fd, answered (aborts when it is not: the daemon must keep
 * serving newcomers whatever came before). */
void fuzz_daemon_hello(int fd);

/* One record from fd into buf (cap bytes), its descriptors kept:
 * its length, 0 hung up or nothing within wait_ms, -1 error. */
long fuzz_daemon_read(int fd, int wait_ms, void *buf, unsigned long cap);

/* The descriptors the last read passed, in order, and how many. */
extern int fuzz_passed[16];
extern unsigned int fuzz_npassed;

/* Close every descriptor answers passed. */
void fuzz_daemon_close_kept(void);

#endif
