// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Which front end a command needs: the shim reaches only programs that
 * the dynamic loader starts (an ELF with PT_INTERP) and that call libc
 * for their sockets, which Go programs never do.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "seccomp/seccomp.h"

/* Does the ELF have a section of this name?  Go's linker writes
 * .note.go.buildid (and .go.buildinfo) into every program. */
static bool has_section(int fd, const Elf64_Ehdr *eh, const char *want)
{
	Elf64_Shdr sh, strs;
	char name[32];
	size_t len = strlen(want) + 1;

	if (eh->e_shentsize != sizeof(sh) || eh->e_shstrndx >= eh->e_shnum ||
	    pread(fd, &strs, sizeof(strs),
		  (off_t)(eh->e_shoff + eh->e_shstrndx * sizeof(sh))) !=
		    (ssize_t)sizeof(strs))
		return false;
	for (unsigned int i = 0; i < eh->e_shnum; i++) {
		if (pread(fd, &sh, sizeof(sh),
			  (off_t)(eh->e_shoff + i * sizeof(sh))) !=
			    (ssize_t)sizeof(sh) ||
		    sh.sh_name >= strs.sh_size)
			return false;
		if (pread(fd, name, len, (off_t)(strs.sh_offset + sh.sh_name)) ==
			    (ssize_t)len &&
		    !memcmp(name, want, len))
			return true;
	}
	return false;
}

/* 1 when path is an ELF executable that the preload cannot serve: one
 * without a program interpreter (a static binary), or a Go program
 * (which makes its system calls itself even when it links libc); 0
 * when it can (or it is no ELF: a script), -errno. */
int unl_sc_elf_static(const char *path)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret = 1;

	if (fd < 0)
		return -errno;
	if (pread(fd, &eh, sizeof(eh), 0) != (ssize_t)sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_phentsize != sizeof(ph)) {
		close(fd);
		return 0;
	}
	for (unsigned int i = 0; i < eh.e_phnum; i++) {
		if (pread(fd, &ph, sizeof(ph), (off_t)(eh.e_phoff + i * sizeof(ph)))
		    != (ssize_t)sizeof(ph))
			break;
		if (ph.p_type == PT_INTERP) {
			ret = 0;
			break;
		}
	}
	if (!ret && has_section(fd, &eh, ".note.go.buildid"))
		ret = 1;
	close(fd);
	return ret;
}
