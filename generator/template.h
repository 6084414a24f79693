/* template.h - a resource template, compiled: templates/<target>/<kind>.json (see emit.h for
 * the language) as frozen JSON (fjson.h) whose placeholders are already found.
 *
 * The built-in templates are compiled at build time by tools/fjgen.c into static data
 * (build/<variant>/builtin_data.c): a run parses no template. `--templates DIR` compiles a
 * team's files at run time with template_compile(), the function the build tool uses, so both
 * paths accept and refuse exactly the same templates.
 */
#ifndef VPCGEN_TEMPLATE_H
#define VPCGEN_TEMPLATE_H

#include "fjson.h"

typedef struct template {
    const fjson *document;   /* an object */
    const fjson *attributes; /* an object, or NULL */
} template;

/* One row of the built-in table (generated); the table ends with a row whose target is NULL. */
typedef struct builtin_template {
    const char *target; /* "cloudformation" */
    const char *kind;   /* plan_kind_name(): "subnet" */
    template tpl;
} builtin_template;

extern const builtin_template builtin_templates[];

/* Compiles the parsed template json into arena a (the json is only read, and may be freed
 * afterwards). Returns the template, or NULL with *error set to a message in the arena
 * ("it has no 'document' object", "unterminated placeholder in ...", "an unknown
 * placeholder type ..."). */
const template *template_compile(arena *a, const json_t *json, const char **error);

/* The attribute named name of t, or NULL (borrowed). */
const fjson *template_attribute(const template *t, const char *name);

#endif
