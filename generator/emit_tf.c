/* emit_tf.c - the Terraform JSON dialect (see emit.h).
 *
 * Resources keep their snake_case ids as names; a reference is a "${...}" template string
 * as the templates' attributes write it; a list element appends "[i]", a join calls join(),
 * a substitution is a string template (literal "${" and "%{" escaped by doubling the sigil);
 * the region is the spec's, which this target requires; each resource carries its Name tag
 * and the user tags go to the provider's default_tags.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"

static const char *tf_name(arena *a, const resource *r)
{
    (void)a;
    return r->id;
}

/* The expression inside a string that is exactly "${...}", or NULL. */
static const char *inner(const json_t *expr, size_t *len)
{
    const char *s = json_string_value(expr);
    size_t n = s ? strlen(s) : 0;
    if (n < 4 || strncmp(s, "${", 2) != 0 || s[n - 1] != '}' || strstr(s + 2, "${"))
        return NULL;
    *len = n - 3;
    return s + 2;
}

static json_t *tf_index(json_t *expr, int index)
{
    size_t n;
    const char *in = inner(expr, &n);
    json_t *out = in ? json_sprintf("${%.*s[%d]}", (int)n, in, index) : json_null();
    json_decref(expr);
    return out;
}

static json_t *tf_join(const char *sep, json_t *items)
{
    size_t i, n;
    json_t *item;
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    if (!f)
        return json_null();
    fprintf(f, "${join(\"%s\", [", sep);
    json_array_foreach(items, i, item) {
        const char *in = inner(item, &n);
        fprintf(f, "%s%.*s", i ? ", " : "", in ? (int)n : 0, in ? in : "");
    }
    fputs("])}", f);
    fclose(f);
    json_t *out = json_string(text);
    free(text);
    json_decref(items);
    return out;
}

/* text with "${" and "%{" written "$${" and "%%{", in the arena: one pass. */
static const char *tf_escape(arena *a, const char *text)
{
    size_t n = strlen(text), extra = 0;
    for (size_t i = 0; i + 1 < n; i++)
        extra += (text[i] == '$' || text[i] == '%') && text[i + 1] == '{';
    if (!extra)
        return text;
    char *out = arena_alloc(a, n + extra + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        if ((text[i] == '$' || text[i] == '%') && text[i + 1] == '{')
            *o++ = text[i];
        *o++ = text[i];
    }
    *o = '\0';
    return out;
}

static const char *tf_embed(arena *a, const json_t *expr)
{
    size_t n;
    if (inner(expr, &n))
        return arena_strdup(a, json_string_value(expr));
    return json_is_string(expr) ? tf_escape(a, json_string_value(expr)) : NULL;
}

/* Every string of a .tf.json file is a template: a literal "${" or "%{" is doubled. */
static json_t *tf_literal(arena *a, const char *text)
{
    return json_string(tf_escape(a, text));
}

static json_t *tf_sub(const char *text, bool has_refs)
{
    (void)has_refs;
    return json_string(text);
}

static json_t *tf_region(const model *m)
{
    return json_string(m->region ? m->region : "");
}

static const char *tf_region_embedded(const model *m)
{
    return m->region ? m->region : "";
}

static json_t *tf_tags(arena *a, const model *m, const char *name, json_t **shared)
{
    (void)shared; /* resources carry only their Name: the user tags are default_tags */
    json_t *tags = json_object();
    if (name) {
        json_object_set_new(tags, "Name", json_string(name));
        return tags;
    }
    for (size_t i = 0; i < m->tag_count; i++)
        json_object_set_new(tags, tf_escape(a, m->tags[i].key),
                            json_string(tf_escape(a, m->tags[i].value)));
    return tags;
}

const dialect dialect_terraform = {
    "terraform", tf_name, tf_index,  tf_join,            tf_embed,
    tf_escape,   tf_literal, tf_sub, tf_region, tf_region_embedded, tf_tags,
};
