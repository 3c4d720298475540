// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What kind of program an executable is, for the front ends: which of
 * them can serve it (docs/seccomp.md, "Choosing the front end").
 * Shared by the command-line tool, the seccomp supervisor and the shim,
 * and safe in a vfork() child: system calls only, no allocation.
 */
#ifndef UNL_WIRE_ELF_KIND_H
#define UNL_WIRE_ELF_KIND_H

enum unl_elf_kind {
	/* a program the dynamic loader starts with libc (the shim can
	 * serve it), or no ELF at all; a script ("#!") is what its
	 * interpreter is */
	UNL_ELF_LIBC = 0,
	/* an ELF of this machine that makes its system calls without libc:
	 * linked statically (no PT_INTERP), or a Go program */
	UNL_ELF_RAW = 1,
	/* a 32-bit ELF (i386, x32): neither front end serves one, and a
	 * kernel without 32-bit emulation refuses it with ENOEXEC */
	UNL_ELF_32BIT = 2,
};

/* The kind of the executable at path, or -errno when it cannot be
 * opened and read. */
int unl_elf_kind(const char *path);

#endif
