/* arena.h - one bump allocator per run.
 *
 * The spec tree, the model, the plan and every string they hold live in one arena that is
 * freed once at the end of the run: no pass frees anything on its own, so no pass can leak or
 * double-free. Allocation failure is fatal (exit 2, "out of memory"): a compiler of small
 * files has nothing sensible to do after it.
 */
#ifndef VPCGEN_ARENA_H
#define VPCGEN_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct arena arena;

/* New, empty arena; the caller owns it and releases it with arena_free(). */
arena *arena_new(void);
/* Releases the arena and everything allocated from it. NULL is allowed. */
void arena_free(arena *a);

/* Zeroed, max-aligned memory of n bytes owned by the arena. */
void *arena_alloc(arena *a, size_t n);
/* Zeroed array of count elements of size bytes (overflow-checked), owned by the arena. */
void *arena_array(arena *a, size_t count, size_t size);
/* NUL-terminated copy of s[0..n), owned by the arena. */
char *arena_strndup(arena *a, const char *s, size_t n);
/* NUL-terminated copy of s, owned by the arena. */
char *arena_strdup(arena *a, const char *s);
/* printf into arena memory. */
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(arena *a, const char *fmt, va_list ap);

/* Prints "vpcgen: out of memory" and exits with status 2. */
_Noreturn void fatal_oom(void);

#endif
