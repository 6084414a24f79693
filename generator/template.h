/* template.h - a resource template, compiled: the JSON of templates/<target>/<kind>.json
 * (see emit.h for the language) as a read-only tree whose placeholders are already found.
 *
 * The built-in templates are compiled at build time by tools/tplgen.c, which links this module
 * and prints the trees as static C data (build/<variant>/builtin_templates.c): a run parses no
 * template and no placeholder. `--templates DIR` compiles a team's files at run time with the
 * same function, so both paths accept and refuse exactly the same templates.
 */
#ifndef VPCGEN_TEMPLATE_H
#define VPCGEN_TEMPLATE_H

#include <jansson.h>
#include <stddef.h>

#include "arena.h"

/* The type of a whole-string placeholder "@{key:type}" ("@{key}" is TPL_ANY). */
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

typedef enum tpl_kind {
    TPL_OBJECT,
    TPL_ARRAY,
    TPL_STRING, /* text, possibly with "@{key}" interpolations */
    TPL_HOLE,   /* a string that is exactly "@{key:type}" */
    TPL_INTEGER,
    TPL_REAL,
    TPL_TRUE,
    TPL_FALSE,
    TPL_NULL,
} tpl_kind;

/* One piece of an interpolated text: a literal, then the value of key (NULL in the last). */
typedef struct tpl_part {
    const char *literal; /* NUL-terminated */
    size_t literal_len;
    const char *key;
} tpl_part;

/* A string of the template (a value or a member's name). */
typedef struct tpl_text {
    const char *text; /* as written */
    size_t len;
    size_t part_count; /* 0: plain text, no placeholder */
    const tpl_part *parts;
} tpl_text;

struct tpl_member;

typedef struct tpl_node {
    tpl_kind kind;
    tpl_type type;  /* TPL_HOLE */
    tpl_text text;  /* TPL_STRING; TPL_HOLE: text.text is the key */
    long long integer;
    double real;
    size_t count;   /* members of an object, items of an array */
    const struct tpl_member *members;
    const struct tpl_node *items;
} tpl_node;

typedef struct tpl_member {
    tpl_text name;
    tpl_node value;
} tpl_member;

typedef struct template {
    tpl_node document;          /* an object */
    size_t attribute_count;
    const tpl_member *attributes;
} template;

/* One row of the built-in table (generated); the table ends with a row whose target is NULL. */
typedef struct builtin_template {
    const char *target; /* "cloudformation" */
    const char *kind;   /* plan_kind_name(): "subnet" */
    const template *tpl;
} builtin_template;

extern const builtin_template builtin_templates[];

/* Compiles the parsed template json into arena a (the json is only read, and may be freed
 * afterwards). Returns the template, or NULL with *error set to a message in the arena
 * ("it has no \"document\" object", "unterminated placeholder in ...", "unknown placeholder
 * type ..."). */
const template *template_compile(arena *a, const json_t *json, const char **error);

/* The attribute named name of t, or NULL (borrowed). */
const tpl_node *template_attribute(const template *t, const char *name);

/* The name of placeholder type t as written in templates ("intstr"). */
const char *template_type_name(tpl_type t);

#endif
