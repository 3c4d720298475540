// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Symbols looked up in libc's own handle.  A program that calls libc
 * through dlopen("libc.so.6") and dlsym() -- Python's ctypes, and with
 * it pyroute2's netns module (mount, unshare, syscall(__NR_setns)) --
 * gets libc's definitions, not ours: a preload is not in libc's search
 * scope.  dlsym() is interposed so that a lookup in a given handle that
 * finds the very function the shim interposes (the one the shim itself
 * calls underneath) gives the shim's instead.
 *
 * RTLD_NEXT and RTLD_DEFAULT lookups depend on who calls (the object
 * after the caller's, the caller's namespace), so they must reach
 * libc's dlsym() with the caller's return address untouched: a jump,
 * not a call, written in assembly.  Elsewhere than on x86-64 dlsym() is
 * not interposed (docs/conformance.md).
 */
#include <dlfcn.h>
#include <stddef.h>

#include "shim/shim.h"

#if defined(__x86_64__) && defined(__ELF__)

void *(*shim_real_dlsym)(void *, const char *);
void shim_dlsym_resolve(void);
void *shim_dlsym_handle(void *handle, const char *name);

/* libc's dlsym() (versioned since glibc 2.34 moved it into libc), as the
 * next after us: a sanitizer runtime's own lookups, made before our
 * constructors ran, come through here first. */
void shim_dlsym_resolve(void)
{
	void *f = dlvsym(RTLD_NEXT, "dlsym", "GLIBC_2.34");

	if (!f)
		f = dlvsym(RTLD_NEXT, "dlsym", "GLIBC_2.2.5");
	__atomic_store_n(&shim_real_dlsym, (void *(*)(void *, const char *))f,
			 __ATOMIC_RELEASE);
}

/* In a given handle: libc's definition of a function we interpose
 * becomes ours.  Ours is what the global scope finds first (we are
 * preloaded), and libc's is what we find next. */
void *shim_dlsym_handle(void *handle, const char *name)
{
	void *found = shim_real_dlsym(handle, name), *mine;
	Dl_info self, in;

	if (!found || !dladdr((void *)shim_dlsym_handle, &self))
		return found;
	mine = shim_real_dlsym(RTLD_DEFAULT, name);
	if (!mine || mine == found || !dladdr(mine, &in) ||
	    in.dli_fbase != self.dli_fbase)
		return found;
	return shim_real_dlsym(RTLD_NEXT, name) == found ? mine : found;
}

/* dlsym(handle, name): libc's found first (the registers saved around
 * the call that finds it), then a jump to it for RTLD_DEFAULT and
 * RTLD_NEXT, so that it sees our caller's return address, else
 * shim_dlsym_handle(). */
__asm__(".text\n"
	".globl dlsym\n"
	".type dlsym, @function\n"
	"dlsym:\n"
	"	movq shim_real_dlsym(%rip), %rax\n"
	"	testq %rax, %rax\n"
	"	jnz 1f\n"
	"	pushq %rdi\n"
	"	pushq %rsi\n"
	"	subq $8, %rsp\n"
	"	call shim_dlsym_resolve\n"
	"	addq $8, %rsp\n"
	"	popq %rsi\n"
	"	popq %rdi\n"
	"	movq shim_real_dlsym(%rip), %rax\n"
	"	testq %rax, %rax\n"
	"	jz 3f\n"
	"1:	testq %rdi, %rdi\n" /* RTLD_DEFAULT */
	"	jz 2f\n"
	"	cmpq $-1, %rdi\n" /* RTLD_NEXT */
	"	je 2f\n"
	"	jmp shim_dlsym_handle\n"
	"2:	jmp *%rax\n"
	"3:	ret\n" /* no dlsym to be found: NULL */
	".size dlsym, .-dlsym\n");

#endif
