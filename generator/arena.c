/* arena.c - chunked bump allocator (see arena.h). */
#include "arena.h"

#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CHUNK_MIN = 64 * 1024 };

typedef struct chunk {
    struct chunk *next;
    size_t size, used;
    alignas(max_align_t) unsigned char data[];
} chunk;

struct arena {
    chunk *head;
};

_Noreturn void fatal_oom(void)
{
    fputs("vpcgen: out of memory\n", stderr);
    exit(2);
}

arena *arena_new(void)
{
    arena *a = calloc(1, sizeof *a);
    if (!a)
        fatal_oom();
    return a;
}

void arena_free(arena *a)
{
    if (!a)
        return;
    for (chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(a);
}

void *arena_alloc(arena *a, size_t n)
{
    const size_t align = alignof(max_align_t);
    n = (n + align - 1) & ~(align - 1);
    if (n == 0)
        n = align;
    chunk *c = a->head;
    if (!c || c->size - c->used < n) {
        size_t size = n > CHUNK_MIN ? n : CHUNK_MIN;
        if (size > SIZE_MAX - sizeof(chunk))
            fatal_oom();
        c = malloc(sizeof(chunk) + size);
        if (!c)
            fatal_oom();
        c->size = size;
        c->used = 0;
        c->next = a->head;
        a->head = c;
    }
    void *p = c->data + c->used;
    c->used += n;
    memset(p, 0, n);
    return p;
}

void *arena_array(arena *a, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        fatal_oom();
    return arena_alloc(a, count * size);
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

/* The conversions the compiler's names are made of (%s, %d, %zu, %%), formatted into buf of n
 * bytes without the C library's printf machinery, which costs hundreds of instructions a
 * call; the length, or -1 when fmt has another conversion or the result does not fit. */
static int format_simple(char *buf, size_t n, const char *fmt, va_list ap)
{
    size_t len = 0;
    for (const char *f = fmt; *f; f++) {
        const char *piece;
        char num[24];
        size_t m;
        if (*f != '%') {
            num[0] = *f;
            piece = num;
            m = 1;
        } else if (f[1] == '%') {
            piece = "%";
            m = 1;
            f++;
        } else if (f[1] == 's') {
            piece = va_arg(ap, const char *);
            m = strlen(piece);
            f++;
        } else if (f[1] == 'd' || (f[1] == 'z' && f[2] == 'u')) {
            bool sized = f[1] == 'z';
            unsigned long long v;
            bool negative = false;
            if (sized) {
                v = va_arg(ap, size_t);
            } else {
                int x = va_arg(ap, int);
                negative = x < 0;
                v = negative ? 0ULL - (unsigned long long)(long long)x : (unsigned long long)x;
            }
            char *w = num + sizeof num;
            do
                *--w = (char)('0' + v % 10);
            while (v /= 10);
            if (negative)
                *--w = '-';
            piece = w;
            m = (size_t)(num + sizeof num - w);
            f += sized ? 2 : 1;
        } else {
            return -1;
        }
        if (len + m >= n)
            return -1;
        memcpy(buf + len, piece, m);
        len += m;
    }
    buf[len] = '\0';
    return (int)len;
}

char *arena_vprintf(arena *a, const char *fmt, va_list ap)
{
    char buf[512];
    va_list copy;
    va_copy(copy, ap);
    int n = format_simple(buf, sizeof buf, fmt, copy);
    va_end(copy);
    if (n >= 0) {
        char *p = arena_alloc(a, (size_t)n + 1);
        memcpy(p, buf, (size_t)n + 1);
        return p;
    }
    va_copy(copy, ap);
    n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        fatal_oom();
    char *p = arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}
