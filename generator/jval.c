/* jval.c - the output's JSON tree and its writer (see jval.h). */
#include "jval.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static jval *node(arena *a, jval_kind kind)
{
    jval *v = arena_alloc(a, sizeof *v);
    v->kind = kind;
    return v;
}

jval *jval_object(arena *a)
{
    return node(a, JV_OBJECT);
}
jval *jval_array(arena *a)
{
    return node(a, JV_ARRAY);
}
jval *jval_null(arena *a)
{
    return node(a, JV_NULL);
}
jval *jval_bool(arena *a, bool b)
{
    return node(a, b ? JV_TRUE : JV_FALSE);
}

jval *jval_string(arena *a, const char *s)
{
    jval *v = node(a, JV_STRING);
    v->str = s;
    v->len = strlen(s);
    return v;
}

jval *jval_integer(arena *a, long long n)
{
    jval *v = node(a, JV_INTEGER);
    v->integer = n;
    return v;
}

jval *jval_real(arena *a, double x)
{
    jval *v = node(a, JV_REAL);
    v->real = x;
    return v;
}

/* Room for one more member or item (arrays double inside the arena). */
static void grow(arena *a, jval *v)
{
    if (v->count < v->cap)
        return;
    size_t cap = v->cap ? 2 * v->cap : 4;
    jval **items = arena_array(a, cap, sizeof *items);
    if (v->count)
        memcpy(items, v->items, v->count * sizeof *items);
    v->items = items;
    if (v->kind == JV_OBJECT) {
        const char **keys = arena_array(a, cap, sizeof *keys);
        if (v->count)
            memcpy(keys, v->keys, v->count * sizeof *keys);
        v->keys = keys;
    }
    v->cap = cap;
}

void jval_set(arena *a, jval *o, const char *key, jval *v)
{
    for (size_t i = 0; i < o->count; i++) {
        if (strcmp(o->keys[i], key) == 0) {
            o->items[i] = v;
            return;
        }
    }
    jval_add(a, o, key, v);
}

void jval_add(arena *a, jval *o, const char *key, jval *v)
{
    grow(a, o);
    o->keys[o->count] = key;
    o->items[o->count++] = v;
}

void jval_append(arena *a, jval *arr, jval *v)
{
    grow(a, arr);
    arr->items[arr->count++] = v;
}

jval *jval_get(const jval *o, const char *key)
{
    if (!jval_is(o, JV_OBJECT))
        return NULL;
    for (size_t i = 0; i < o->count; i++)
        if (strcmp(o->keys[i], key) == 0)
            return o->items[i];
    return NULL;
}

void jval_remove(jval *o, size_t i)
{
    memmove(o->keys + i, o->keys + i + 1, (o->count - i - 1) * sizeof *o->keys);
    memmove(o->items + i, o->items + i + 1, (o->count - i - 1) * sizeof *o->items);
    o->count--;
}

/* A growable output buffer for jval_dump. */
typedef struct outbuf {
    char *data;
    size_t len, cap;
    bool failed;
    bool compact; /* no newlines or indentation, ":" without a space */
} outbuf;

/* Room for n more bytes: the slow path of out_reserve. */
static void out_grow(outbuf *b, size_t n)
{
    if (n > SIZE_MAX / 4 - b->len) { /* no document is this large: refuse, never wrap */
        b->failed = true;
        return;
    }
    size_t cap = b->cap ? b->cap : 65536; /* a stack's template in one go, mostly */
    while (cap < b->len + n)
        cap *= 2;
    char *data = realloc(b->data, cap);
    if (!data) {
        b->failed = true;
        return;
    }
    b->data = data;
    b->cap = cap;
}

/* Inline: called for every token of the document, and almost always already room. */
static inline void out_reserve(outbuf *b, size_t n)
{
    if (!b->failed && !(b->data && n <= b->cap - b->len))
        out_grow(b, n);
}

static inline void out_put(outbuf *b, const char *s, size_t n)
{
    out_reserve(b, n);
    if (!b->failed) {
        memcpy(b->data + b->len, s, n);
        b->len += n;
    }
}

static inline void out_indent(outbuf *b, int depth)
{
    if (b->compact)
        return;
    out_reserve(b, 1 + 2 * (size_t)depth);
    if (b->failed)
        return;
    b->data[b->len++] = '\n';
    memset(b->data + b->len, ' ', 2 * (size_t)depth);
    b->len += 2 * (size_t)depth;
}

/* A JSON string as jansson writes it: '"' and '\\' escaped, control characters as \b \f
 * \n \r \t or \u00XX, everything else (UTF-8 included) as it is. Room for the worst case
 * is reserved once, so runs of plain text are copied straight into the buffer. */
/* The 8 bytes at p need no escape: the "has a byte less than n" and "has a zero byte"
 * word tricks (bytes with the high bit set, UTF-8, are never flagged). */
static bool plain8(const char *p)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    uint64_t w;
    memcpy(&w, p, 8);
    uint64_t quote = w ^ (ones * '"'), slash = w ^ (ones * '\\');
    uint64_t bad = ((w - ones * 0x20) & ~w) | ((quote - ones) & ~quote) | ((slash - ones) & ~slash);
    return !(bad & highs);
}

static void out_string(outbuf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    out_reserve(b, n < SIZE_MAX / 8 ? 6 * n + 2 : SIZE_MAX);
    if (b->failed)
        return;
    char *w = b->data + b->len;
    *w++ = '"';
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        /* eight plain bytes at a time: none below 0x20, none a '"' or a '\\' */
        while (i + 8 <= n && plain8(s + i))
            i += 8;
        if (i >= n)
            break;
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        memcpy(w, s + run, i - run);
        w += i - run;
        run = i + 1;
        *w++ = '\\';
        switch (c) {
        case '"':
            *w++ = '"';
            break;
        case '\\':
            *w++ = '\\';
            break;
        case '\b':
            *w++ = 'b';
            break;
        case '\f':
            *w++ = 'f';
            break;
        case '\n':
            *w++ = 'n';
            break;
        case '\r':
            *w++ = 'r';
            break;
        case '\t':
            *w++ = 't';
            break;
        default:
            memcpy(w, "u00", 3);
            w[3] = hex[c >> 4];
            w[4] = hex[c & 15];
            w += 5;
        }
    }
    memcpy(w, s + run, n - run);
    w += n - run;
    *w++ = '"';
    b->len = (size_t)(w - b->data);
}

/* A real as jansson writes it: %.17g, ".0" when that reads as an integer, and an exponent
 * without "+" or leading zeros (1e300, 9.9999999999999995e-8). */
static void out_real(outbuf *b, double x)
{
    char num[48];
    snprintf(num, sizeof num, "%.17g", x);
    if (!strpbrk(num, ".e"))
        strcat(num, ".0");
    char *exp = strchr(num, 'e');
    if (exp) {
        char *digits = exp + 1 + (exp[1] == '-' || exp[1] == '+');
        char *keep = exp + 1 + (exp[1] == '-'); /* where the exponent's digits go */
        while (*digits == '0' && digits[1])
            digits++;
        memmove(keep, digits, strlen(digits) + 1);
    }
    out_put(b, num, strlen(num));
}

/* An integer in decimal (snprintf's machinery costs more than the rest of the value). */
static void out_integer(outbuf *b, long long x)
{
    char num[24], *w = num + sizeof num;
    unsigned long long v = x < 0 ? 0ULL - (unsigned long long)x : (unsigned long long)x;
    do
        *--w = (char)('0' + v % 10);
    while (v /= 10);
    if (x < 0)
        *--w = '-';
    out_put(b, w, (size_t)(num + sizeof num - w));
}

static void out_value(outbuf *b, const jval *v, int depth)
{
    switch (v->kind) {
    case JV_OBJECT:
    case JV_ARRAY:
        if (!v->count) {
            out_put(b, v->kind == JV_OBJECT ? "{}" : "[]", 2);
            return;
        }
        out_put(b, v->kind == JV_OBJECT ? "{" : "[", 1);
        for (size_t i = 0; i < v->count; i++) {
            if (i)
                out_put(b, ",", 1);
            out_indent(b, depth + 1);
            if (v->kind == JV_OBJECT) {
                out_string(b, v->keys[i], strlen(v->keys[i]));
                out_put(b, ": ", b->compact ? 1 : 2);
            }
            out_value(b, v->items[i], depth + 1);
        }
        out_indent(b, depth);
        out_put(b, v->kind == JV_OBJECT ? "}" : "]", 1);
        return;
    case JV_STRING:
        out_string(b, v->str, v->len);
        return;
    case JV_INTEGER:
        out_integer(b, v->integer);
        return;
    case JV_REAL:
        out_real(b, v->real);
        return;
    case JV_TRUE:
        out_put(b, "true", 4);
        return;
    case JV_FALSE:
        out_put(b, "false", 5);
        return;
    case JV_NULL:
        out_put(b, "null", 4);
        return;
    }
}

bool jval_equal(const jval *a, const jval *b)
{
    if (a == b)
        return true;
    if (!a || !b || a->kind != b->kind)
        return false;
    switch (a->kind) {
    case JV_OBJECT:
        if (a->count != b->count)
            return false;
        for (size_t i = 0; i < a->count; i++) {
            const jval *other = jval_get(b, a->keys[i]);
            if (!other || !jval_equal(a->items[i], other))
                return false;
        }
        return true;
    case JV_ARRAY:
        if (a->count != b->count)
            return false;
        for (size_t i = 0; i < a->count; i++)
            if (!jval_equal(a->items[i], b->items[i]))
                return false;
        return true;
    case JV_STRING:
        return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
    case JV_INTEGER:
        return a->integer == b->integer;
    case JV_REAL:
        return a->real == b->real;
    case JV_TRUE:
    case JV_FALSE:
    case JV_NULL:
        return true;
    }
    return false;
}

/* Written directly: jansson's generic dumper was a quarter of a run. */
char *jval_dump(const jval *doc, bool compact, size_t *len)
{
    outbuf b = {.compact = compact};
    out_value(&b, doc, 0);
    out_put(&b, "\n", 2); /* the final newline and the NUL */
    if (b.failed) {
        free(b.data);
        return NULL;
    }
    *len = b.len - 1;
    return b.data;
}
