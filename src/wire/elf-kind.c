// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Which front end a program needs (elf-kind.h): the shim reaches only
 * programs that the dynamic loader starts (an ELF with PT_INTERP) and
 * that call libc for their sockets, which Go programs never do; neither
 * front end serves a 32-bit program.  System calls only: the shim calls
 * this from its exec() wrappers, also in a vfork() child, where its own
 * open() and libc's buffers must not be used.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include <sys/syscall.h>

#include "wire/elf-kind.h"

static ssize_t rd(int fd, void *buf, size_t len, off_t off)
{
	return (ssize_t)syscall(SYS_pread64, fd, buf, len, off);
}

/* Does the ELF have a section of this name?  Go's linker writes
 * .note.go.buildid (and .go.buildinfo) into every program. */
static bool has_section(int fd, const Elf64_Ehdr *eh, const char *want)
{
	Elf64_Shdr sh, strs;
	char name[32];
	size_t len = strlen(want) + 1;

	if (eh->e_shentsize != sizeof(sh) || eh->e_shstrndx >= eh->e_shnum ||
	    rd(fd, &strs, sizeof(strs),
		  (off_t)(eh->e_shoff + eh->e_shstrndx * sizeof(sh))) !=
		    (ssize_t)sizeof(strs))
		return false;
	for (unsigned int i = 0; i < eh->e_shnum; i++) {
		if (rd(fd, &sh, sizeof(sh),
			  (off_t)(eh->e_shoff + i * sizeof(sh))) !=
			    (ssize_t)sizeof(sh) ||
		    sh.sh_name >= strs.sh_size)
			return false;
		if (rd(fd, name, len, (off_t)(strs.sh_offset + sh.sh_name)) ==
			    (ssize_t)len &&
		    !memcmp(name, want, len))
			return true;
	}
	return false;
}

static int open_ro(const char *path)
{
	return (int)syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
}

static void close_fd(int fd)
{
	syscall(SYS_close, fd);
}

/* An ELF of this machine's class: does a program interpreter start it
 * (PT_INTERP), and is it not a Go program (which makes its system calls
 * itself even when it links libc)? */
static int kind_64(int fd, const Elf64_Ehdr *eh)
{
	Elf64_Phdr ph;

	if (eh->e_phentsize != sizeof(ph))
		return UNL_ELF_LIBC;
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		if (rd(fd, &ph, sizeof(ph),
		       (off_t)(eh->e_phoff + i * sizeof(ph))) !=
		    (ssize_t)sizeof(ph))
			break;
		if (ph.p_type == PT_INTERP)
			return has_section(fd, eh, ".note.go.buildid")
				       ? UNL_ELF_RAW
				       : UNL_ELF_LIBC;
	}
	return UNL_ELF_RAW;
}

/* The interpreter a script's "#!" line names, into interp (the kernel
 * reads at most 256 bytes of it); false when fd is no such script. */
static bool script_interp(int fd, char *interp, size_t len)
{
	char line[256];
	ssize_t n = rd(fd, line, sizeof(line) - 1, 0);
	char *p, *end;

	if (n < 3 || line[0] != '#' || line[1] != '!')
		return false;
	line[n] = '\0';
	for (p = line + 2; *p == ' ' || *p == '\t'; p++)
		;
	for (end = p; *end && *end != ' ' && *end != '\t' && *end != '\n';
	     end++)
		;
	if (end == p || (size_t)(end - p) >= len)
		return false;
	memcpy(interp, p, (size_t)(end - p));
	interp[end - p] = '\0';
	return true;
}

static int kind_at(const char *path, int depth);

int unl_elf_kind(const char *path)
{
	return kind_at(path, 0);
}

/* A script is what its interpreter is, as the kernel follows up to
 * four of them (binfmt_script, BINPRM_MAX_RECURSION). */
static int kind_at(const char *path, int depth)
{
	Elf64_Ehdr eh;
	int fd = open_ro(path), kind = UNL_ELF_LIBC;
	char interp[256];
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = rd(fd, &eh, sizeof(eh), 0);
	if (n < EI_NIDENT || memcmp(eh.e_ident, ELFMAG, SELFMAG)) {
		if (depth < 4 && script_interp(fd, interp, sizeof(interp))) {
			close_fd(fd);
			kind = kind_at(interp, depth + 1);
			return kind < 0 ? UNL_ELF_LIBC : kind;
		}
		kind = UNL_ELF_LIBC;
	} else if (eh.e_ident[EI_CLASS] == ELFCLASS32)
		kind = UNL_ELF_32BIT;
	else if (eh.e_ident[EI_CLASS] == ELFCLASS64 &&
		 n == (ssize_t)sizeof(eh))
		kind = kind_64(fd, &eh);
	close_fd(fd);
	return kind;
}
