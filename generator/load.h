/* load.h - pass 1: YAML text to a located spec tree.
 *
 * The loader reads a spec with libyaml's event API and builds a tree of maps, sequences and
 * scalars in which every node carries its source span. It accepts a strict, safe subset of
 * YAML 1.2 and reports everything outside it as a located error, never a crash or a silent
 * misreading:
 *   - exactly one document (empty file, comments only, or a second document: error);
 *   - no anchors, aliases, merge keys ("<<") or explicit tags;
 *   - no duplicate keys (error at the second, note at the first), no complex or empty keys;
 *   - nesting at most LOAD_MAX_DEPTH levels, input at most LOAD_MAX_BYTES bytes, at most
 *     LOAD_MAX_NODES values;
 *   - valid UTF-8 only; no NUL or other C0 control characters (tab, LF, CR allowed), no byte
 *     order mark other than UTF-8's, no Unicode bidi override characters.
 * Plain scalars are resolved with the YAML 1.2 core schema (see scalar_type): `yes`, `no`,
 * `on`, `off` stay strings; quoted scalars are always strings.
 */
#ifndef VPCGEN_LOAD_H
#define VPCGEN_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"

/* The bounds of a hostile input: nesting, size, and values (scalars, maps and lists; the
 * largest spec the schema's caps allow has about 15000). */
enum { LOAD_MAX_DEPTH = 32, LOAD_MAX_BYTES = 1024 * 1024, LOAD_MAX_NODES = 20000 };

typedef enum { NODE_SCALAR, NODE_MAP, NODE_SEQ } node_kind;

/* What a scalar is under the YAML 1.2 core schema (quoted scalars are always SCALAR_STR). */
typedef enum {
    SCALAR_STR,
    SCALAR_NULL,  /* ~, null, Null, NULL, or empty plain */
    SCALAR_BOOL,  /* true/True/TRUE/false/False/FALSE */
    SCALAR_INT,   /* [-+]?[0-9]+, 0o[0-7]+, 0x[0-9a-fA-F]+ (see int_form) */
    SCALAR_FLOAT, /* [-+]?(.[0-9]+|[0-9]+(.[0-9]*)?)([eE][-+]?[0-9]+)?, .inf, .nan */
} scalar_type;

/* How an integer scalar was written; only INT_DECIMAL is accepted where an integer is
 * expected, the others get an error explaining why. */
typedef enum {
    INT_DECIMAL,      /* 0, 42, -7 */
    INT_LEADING_ZERO, /* 010: octal in YAML 1.1, decimal in 1.2 */
    INT_OCTAL,        /* 0o10 */
    INT_HEX,          /* 0x50 */
    INT_OUT_OF_RANGE, /* does not fit in int64 */
} int_form;

typedef struct node node;

typedef struct node_pair {
    node *key; /* always a scalar */
    node *value;
} node_pair;

struct node {
    node_kind kind;
    srcloc loc; /* span of the whole node: for a map or sequence, from its first to its last char */

    /* NODE_SCALAR */
    const char *text; /* NUL-terminated, in the arena; may contain no NUL (rejected) */
    size_t len;
    bool quoted;      /* written with any non-plain style ('', "", |, >) */
    scalar_type type; /* resolved type (SCALAR_STR when quoted) */
    int_form iform;   /* for SCALAR_INT */
    int64_t ival;     /* for SCALAR_INT with INT_DECIMAL or INT_LEADING_ZERO */
    bool bval;        /* for SCALAR_BOOL */

    /* NODE_MAP: count pairs in document order; NODE_SEQ: count items */
    size_t count;
    node_pair *pairs;
    node **items;

    /* Set by schema_validate: the schema refused this node or something under it. */
    bool schema_error;
};

/* Loads the spec text[0..len) named file (used in locations; borrowed, must outlive the
 * tree). Registers the text with d (diag_add_source), so diagnostics quote it; the text must
 * stay alive as long as d does. Every problem is reported to d. Returns the root node, owned
 * by arena a, or NULL when the text is not acceptable (then at least one error was
 * reported). A len over LOAD_MAX_BYTES is refused before any text is read, so a caller may
 * pass a file's real size with only its first LOAD_MAX_BYTES + 1 bytes in text. */
node *load_spec(arena *a, diag_sink *d, const char *file, const char *text, size_t len);

/* Looks up key in a map node; NULL when m is NULL, not a map, or has no such key. */
node *node_get(const node *m, const char *key);

/* Human name of what a node is, for messages: "a map", "a list", "a string", "an integer",
 * "a float", "a boolean", "null". */
const char *node_describe(const node *n);

#endif
