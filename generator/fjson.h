/* fjson.h - frozen JSON: a read-only JSON tree in static or arena memory.
 *
 * The JSON vpcgen carries (its schema and its templates) is fixed at build time, so parsing it
 * at every start was most of a run's cost. A build tool (tools/fjgen.c) parses each file with
 * jansson, converts it with fjson_compile(), and prints the tree as static C data
 * (build/<variant>/builtin_data.c): a run parses none of it. fjson_compile() is also what
 * reads a team's own templates at run time (--templates DIR), so both paths give the same
 * trees.
 *
 * For templates, fjson_compile() finds the placeholders once: a string that is exactly
 * "@{key:type}" becomes an FJ_HOLE node, and any other string is split into literal parts
 * and keys (see emit.h for the language). Objects keep their members in document order and
 * are searched linearly: the objects here have a handful of members.
 *
 * The accessors follow jansson's: they take a NULL node (and fj_get a NULL key) and the wrong
 * kind of node, and answer NULL, 0 or false.
 */
#ifndef VPCGEN_FJSON_H
#define VPCGEN_FJSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "arena.h"

typedef enum fj_kind {
    FJ_OBJECT,
    FJ_ARRAY,
    FJ_STRING, /* text, possibly with "@{key}" interpolations (templates) */
    FJ_HOLE,   /* templates: a string that is exactly "@{key:type}" */
    FJ_INTEGER,
    FJ_REAL,
    FJ_TRUE,
    FJ_FALSE,
    FJ_NULL,
} fj_kind;

/* The type of a template's whole-string placeholder "@{key:type}" ("@{key}" is TPL_ANY). */
typedef enum tpl_type {
    TPL_ANY,
    TPL_STR,
    TPL_INT,
    TPL_INTSTR, /* an integer written as a string */
    TPL_BOOL,
    TPL_REF,
    TPL_LIST,
    TPL_JOIN,
    TPL_SUB,
    TPL_TAGS,
    TPL_MAP,
    TPL_PARAMS, /* a map written as [{"name", "value"}] blocks */
} tpl_type;

/* One piece of an interpolated text: a literal, then the value of key (NULL in the last). */
typedef struct fj_part {
    const char *literal; /* NUL-terminated */
    size_t literal_len;
    const char *key;
} fj_part;

/* A string (a value or a member's name). */
typedef struct fj_text {
    const char *text; /* as written, NUL-terminated */
    size_t len;
    size_t part_count; /* 0: plain text, no placeholder */
    const fj_part *parts;
} fj_text;

struct fj_member;

/* One node. Its kind says which member of the union it holds: the tree is static data that
 * every run maps, so a node is as small as its largest kind. */
typedef struct fjson {
    fj_kind kind;
    tpl_type type; /* FJ_HOLE */
    union {
        fj_text text; /* FJ_STRING; FJ_HOLE: text.text is the key */
        long long integer;
        double real;
        struct {
            size_t count; /* members of an object, items of an array */
            union {
                const struct fj_member *members;
                const struct fjson *items;
            };
        };
    };
} fjson;

typedef struct fj_member {
    fj_text name;
    fjson value;
} fj_member;

/* Converts the parsed json into arena a (json is only read). With placeholders, strings are
 * split at "@{...}" as templates need; without, every string is plain text. Returns the tree,
 * or NULL with *error set to a message in the arena ("unterminated placeholder in ...",
 * "an unknown placeholder type ..."). */
const fjson *fjson_compile(arena *a, const json_t *json, bool placeholders, const char **error);

/* Prints tree as static C data named `name` (a `static const fjson`), after the arrays it refers
 * to, each named prefix + a number; *next numbers them and is advanced. For the build tool. */
void fjson_print_c(FILE *out, const fjson *tree, const char *name, const char *prefix, int *next);

/* s[0..n) as a C expression of type const char * for static data: a string literal, or an
 * array when it is longer than a literal may portably be. */
void fjson_print_string(FILE *out, const char *s, size_t n);

/* The name of placeholder type t as written in templates ("intstr"). */
const char *tpl_type_name(tpl_type t);

/* The value of member key of object v, or NULL. */
const fjson *fj_get(const fjson *v, const char *key);

static inline bool fj_is_object(const fjson *v)
{
    return v && v->kind == FJ_OBJECT;
}
static inline bool fj_is_array(const fjson *v)
{
    return v && v->kind == FJ_ARRAY;
}
static inline bool fj_is_string(const fjson *v)
{
    return v && v->kind == FJ_STRING;
}
static inline bool fj_is_integer(const fjson *v)
{
    return v && v->kind == FJ_INTEGER;
}
static inline bool fj_is_real(const fjson *v)
{
    return v && v->kind == FJ_REAL;
}
static inline bool fj_is_number(const fjson *v)
{
    return fj_is_integer(v) || fj_is_real(v);
}
static inline bool fj_is_true(const fjson *v)
{
    return v && v->kind == FJ_TRUE;
}
static inline bool fj_is_false(const fjson *v)
{
    return v && v->kind == FJ_FALSE;
}
static inline bool fj_is_boolean(const fjson *v)
{
    return fj_is_true(v) || fj_is_false(v);
}
static inline bool fj_is_null(const fjson *v)
{
    return v && v->kind == FJ_NULL;
}

/* Members of an object or items of an array; 0 for anything else. */
static inline size_t fj_size(const fjson *v)
{
    return v && (v->kind == FJ_OBJECT || v->kind == FJ_ARRAY) ? v->count : 0;
}
/* Item i of an array (i < fj_size), else NULL. */
static inline const fjson *fj_at(const fjson *v, size_t i)
{
    return fj_is_array(v) && i < v->count ? &v->items[i] : NULL;
}
static inline const char *fj_string(const fjson *v)
{
    return fj_is_string(v) ? v->text.text : NULL;
}
static inline long long fj_integer(const fjson *v)
{
    return fj_is_integer(v) ? v->integer : 0;
}
static inline double fj_number(const fjson *v)
{
    return fj_is_integer(v) ? (double)v->integer : fj_is_real(v) ? v->real : 0.0;
}

/* for (i, k, x) over the members of object obj (none when it is not one), as jansson's. */
#define fj_object_foreach(obj, i, k, x)                                                            \
    for ((i) = 0; (i) < fj_size(obj) && (obj)->kind == FJ_OBJECT &&                                \
                  ((k) = (obj)->members[i].name.text, (x) = &(obj)->members[i].value, 1);          \
         (i)++)
/* for (i, x) over the items of array arr (none when it is not one). */
#define fj_array_foreach(arr, i, x) for ((i) = 0; ((x) = fj_at((arr), (i))) != NULL; (i)++)

#endif
