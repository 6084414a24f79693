/* template.c - compiling a template's JSON (see template.h). */
#include "template.h"

#include <string.h>

const template *template_compile(arena *a, const json_t *json, const char **error)
{
    const json_t *document = json_object_get(json, "document");
    const json_t *attributes = json_object_get(json, "attributes");
    const char *k;
    json_t *v;
    if (!json_is_object(document)) {
        *error = "it has no 'document' object";
        return NULL;
    }
    if (attributes && !json_is_object(attributes)) {
        *error = "its 'attributes' is not an object";
        return NULL;
    }
    json_object_foreach((json_t *)json, k, v) {
        if (strcmp(k, "document") != 0 && strcmp(k, "attributes") != 0) {
            *error = arena_printf(a, "unknown member '%s' (a template has 'document' and "
                                     "'attributes')", k);
            return NULL;
        }
    }
    template *t = arena_alloc(a, sizeof *t);
    if (!(t->document = fjson_compile(a, document, true, error)))
        return NULL;
    if (attributes && !(t->attributes = fjson_compile(a, attributes, true, error)))
        return NULL;
    return t;
}

const fjson *template_attribute(const template *t, const char *name)
{
    return fj_get(t->attributes, name);
}
