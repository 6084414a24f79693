/* template.c - compiling a template's JSON into a tpl_node tree (see template.h). */
#include "template.h"

#include <stdbool.h>
#include <string.h>

static const char *const type_names[] = {
    [TPL_ANY] = "any",   [TPL_STR] = "str",   [TPL_INT] = "int",   [TPL_INTSTR] = "intstr",
    [TPL_BOOL] = "bool", [TPL_REF] = "ref",   [TPL_LIST] = "list", [TPL_JOIN] = "join",
    [TPL_SUB] = "sub",   [TPL_TAGS] = "tags", [TPL_MAP] = "map",   [TPL_PARAMS] = "params",
};

const char *template_type_name(tpl_type t)
{
    return t < sizeof type_names / sizeof *type_names ? type_names[t] : "?";
}

typedef struct compiler {
    arena *a;
    const char *error; /* the first error, in the arena */
} compiler;

static bool failed(compiler *c, const char *what, const char *text)
{
    if (!c->error)
        c->error = arena_printf(c->a, "%s in \"%s\"", what, text);
    return false;
}

/* One placeholder "@{key}" or "@{key:type}" starting at at (which points at "@{") in text:
 * its key (in the arena), type and the character after its "}". */
static bool scan_placeholder(compiler *c, const char *text, const char *at, const char *end,
                             const char **key, tpl_type *type, const char **next)
{
    const char *body = at + 2;
    const char *close = memchr(body, '}', (size_t)(end - body));
    if (!close)
        return failed(c, "unterminated placeholder", text);
    if (memchr(body, '{', (size_t)(close - body)))
        return failed(c, "a placeholder inside a placeholder", text);
    const char *colon = memchr(body, ':', (size_t)(close - body));
    const char *key_end = colon ? colon : close;
    if (key_end == body)
        return failed(c, "a placeholder without a key", text);
    *type = TPL_ANY;
    if (colon) {
        size_t n = (size_t)(close - colon - 1);
        size_t t = 0;
        while (t < sizeof type_names / sizeof *type_names &&
               !(strlen(type_names[t]) == n && memcmp(type_names[t], colon + 1, n) == 0))
            t++;
        if (t == sizeof type_names / sizeof *type_names)
            return failed(c, "an unknown placeholder type (str int intstr bool ref list join "
                             "sub tags map params any)", text);
        *type = (tpl_type)t;
    }
    *key = arena_strndup(c->a, body, (size_t)(key_end - body));
    *next = close + 1;
    return true;
}

/* Splits s[0..n) at its placeholders. *whole_type is set when s is exactly one placeholder. */
static bool compile_text(compiler *c, const char *s, size_t n, tpl_text *out, bool *whole,
                         tpl_type *whole_type)
{
    out->text = arena_strndup(c->a, s, n);
    out->len = n;
    out->part_count = 0;
    out->parts = NULL;
    *whole = false;
    const char *end = out->text + n;
    size_t holes = 0;
    for (const char *p = out->text; (p = strstr(p, "@{")) != NULL; p += 2)
        holes++;
    if (!holes)
        return true;
    tpl_part *parts = arena_array(c->a, holes + 1, sizeof *parts);
    const char *p = out->text;
    size_t i = 0;
    tpl_type type = TPL_ANY;
    for (const char *at; (at = strstr(p, "@{")) != NULL; i++) {
        parts[i].literal = arena_strndup(c->a, p, (size_t)(at - p));
        parts[i].literal_len = (size_t)(at - p);
        if (!scan_placeholder(c, out->text, at, end, &parts[i].key, &type, &p))
            return false;
    }
    parts[i].literal = arena_strndup(c->a, p, (size_t)(end - p));
    parts[i].literal_len = (size_t)(end - p);
    out->part_count = i + 1;
    out->parts = parts;
    *whole = i == 1 && parts[0].literal_len == 0 && parts[1].literal_len == 0;
    *whole_type = type;
    return true;
}

static bool compile_node(compiler *c, const json_t *j, tpl_node *out)
{
    memset(out, 0, sizeof *out);
    switch (json_typeof(j)) {
    case JSON_OBJECT: {
        out->kind = TPL_OBJECT;
        out->count = json_object_size(j);
        tpl_member *m = arena_array(c->a, out->count, sizeof *m);
        out->members = m;
        const char *k;
        json_t *v;
        size_t i = 0;
        json_object_foreach((json_t *)j, k, v) {
            bool whole;
            tpl_type type;
            if (!compile_text(c, k, strlen(k), &m[i].name, &whole, &type) ||
                !compile_node(c, v, &m[i].value))
                return false;
            i++;
        }
        return true;
    }
    case JSON_ARRAY: {
        out->kind = TPL_ARRAY;
        out->count = json_array_size(j);
        tpl_node *items = arena_array(c->a, out->count, sizeof *items);
        out->items = items;
        for (size_t i = 0; i < out->count; i++)
            if (!compile_node(c, json_array_get(j, i), &items[i]))
                return false;
        return true;
    }
    case JSON_STRING: {
        bool whole;
        tpl_type type;
        if (!compile_text(c, json_string_value(j), json_string_length(j), &out->text, &whole,
                          &type))
            return false;
        out->kind = TPL_STRING;
        if (whole) {
            /* the node is the value itself: its text is the key */
            const char *key = out->text.parts[0].key;
            out->kind = TPL_HOLE;
            out->type = type;
            out->text = (tpl_text){.text = key, .len = strlen(key)};
        }
        return true;
    }
    case JSON_INTEGER:
        out->kind = TPL_INTEGER;
        out->integer = json_integer_value(j);
        return true;
    case JSON_REAL:
        out->kind = TPL_REAL;
        out->real = json_real_value(j);
        return true;
    case JSON_TRUE:
        out->kind = TPL_TRUE;
        return true;
    case JSON_FALSE:
        out->kind = TPL_FALSE;
        return true;
    case JSON_NULL:
        out->kind = TPL_NULL;
        return true;
    }
    return false;
}

const template *template_compile(arena *a, const json_t *json, const char **error)
{
    compiler c = {.a = a};
    template *t = arena_alloc(a, sizeof *t);
    const json_t *document = json_object_get(json, "document");
    const json_t *attributes = json_object_get(json, "attributes");
    const char *k;
    json_t *v;
    if (!json_is_object(document)) {
        *error = "it has no \"document\" object";
        return NULL;
    }
    if (attributes && !json_is_object(attributes)) {
        *error = "its \"attributes\" is not an object";
        return NULL;
    }
    json_object_foreach((json_t *)json, k, v) {
        if (strcmp(k, "document") != 0 && strcmp(k, "attributes") != 0) {
            *error = arena_printf(a, "unknown member \"%s\" (a template has \"document\" and "
                                     "\"attributes\")", k);
            return NULL;
        }
    }
    tpl_node attrs;
    if (!compile_node(&c, document, &t->document) ||
        (attributes && !compile_node(&c, attributes, &attrs))) {
        *error = c.error ? c.error : "a value of an unknown JSON type";
        return NULL;
    }
    if (attributes) {
        t->attribute_count = attrs.count;
        t->attributes = attrs.members;
    }
    return t;
}

const tpl_node *template_attribute(const template *t, const char *name)
{
    for (size_t i = 0; i < t->attribute_count; i++)
        if (strcmp(t->attributes[i].name.text, name) == 0)
            return &t->attributes[i].value;
    return NULL;
}
