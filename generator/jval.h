/* jval.h - the JSON of the output: a tree in the run's arena, built by the emitters.
 *
 * A generated template is built once and written once, so its nodes need neither reference
 * counts nor hash tables: every node and array lives in the arena and goes with it (nothing is
 * freed one by one), a node may appear in several places (the same user tags under every
 * resource), and an object keeps its members in insertion order and is searched linearly
 * (a template's objects have a handful of members; the largest, Resources, about a hundred).
 * Building the document with jansson cost half of a run: a malloc and a free for every node
 * and a hash table for every object.
 *
 * Strings are borrowed: the text must live as long as the arena (static, or in the arena).
 */
#ifndef VPCGEN_JVAL_H
#define VPCGEN_JVAL_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

typedef enum jval_kind {
    JV_OBJECT,
    JV_ARRAY,
    JV_STRING,
    JV_INTEGER,
    JV_REAL,
    JV_TRUE,
    JV_FALSE,
    JV_NULL,
} jval_kind;

typedef struct jval jval;
struct jval {
    jval_kind kind;
    size_t count, cap;  /* members of an object, items of an array */
    const char **keys;  /* an object's member names */
    jval **items;       /* an object's member values, an array's items */
    const char *str;    /* JV_STRING, NUL-terminated */
    size_t len;
    long long integer;
    double real;
};

/* New nodes, owned by the arena. */
jval *jval_object(arena *a);
jval *jval_array(arena *a);
jval *jval_string(arena *a, const char *s);
jval *jval_integer(arena *a, long long n);
jval *jval_real(arena *a, double x);
jval *jval_bool(arena *a, bool b);
jval *jval_null(arena *a);

/* Sets member key of object o to v: in place when o has it, else appended (key borrowed). */
void jval_set(arena *a, jval *o, const char *key, jval *v);
/* Appends member key: v to object o, which the caller knows has no member key. */
void jval_add(arena *a, jval *o, const char *key, jval *v);
/* Appends v to array arr. */
void jval_append(arena *a, jval *arr, jval *v);
/* The value of member key of object o, or NULL (also when o is not an object). */
jval *jval_get(const jval *o, const char *key);
/* Removes member i of object o, keeping the order of the others. */
void jval_remove(jval *o, size_t i);

/* a and b are the same JSON value (objects compared member by member, in any order). */
bool jval_equal(const jval *a, const jval *b);

static inline bool jval_is(const jval *v, jval_kind k) { return v && v->kind == k; }

/* v as text: two-space indentation, keys in document order, a final newline; the bytes of
 * jansson's json_dumps(JSON_INDENT(2)) plus the newline. compact: on one line, the bytes of
 * json_dumps(JSON_COMPACT) plus the newline. Returns malloc'd text the caller frees, or NULL
 * on allocation failure. */
char *jval_dump(const jval *v, bool compact, size_t *len);

#endif
