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
static const char *inner(const jval *expr, size_t *len)
{
    if (!jval_is(expr, JV_STRING))
        return NULL;
    const char *s = expr->str;
    size_t n = expr->len;
    if (n < 4 || strncmp(s, "${", 2) != 0 || s[n - 1] != '}' || strstr(s + 2, "${"))
        return NULL;
    *len = n - 3;
    return s + 2;
}

/* Element index of a list; an attribute that computes its element from the number instead
 * (a VPC's IPv6 subnets: "cidrsubnet(block, 8, [])") marks the number's place with "[]". */
static jval *tf_index(arena *a, jval *expr, int index)
{
    size_t n;
    const char *in = inner(expr, &n);
    if (!in)
        return jval_null(a);
    const char *hole = strstr(in, "[]");
    if (hole && hole < in + n)
        return jval_string(a, arena_printf(a, "${%.*s%d%.*s}", (int)(hole - in), in, index,
                                           (int)(n - (size_t)(hole - in) - 2), hole + 2));
    return jval_string(a, arena_printf(a, "${%.*s[%d]}", (int)n, in, index));
}

/* ${join("sep", [a, b])} of the items' inner expressions. */
static jval *tf_join(arena *a, const char *sep, jval *items)
{
    size_t total = strlen(sep) + 16;
    for (size_t i = 0; i < items->count; i++) {
        size_t n = 0;
        inner(items->items[i], &n);
        total += n + 2;
    }
    char *out = arena_alloc(a, total), *w = out;
    w += sprintf(w, "${join(\"%s\", [", sep);
    for (size_t i = 0; i < items->count; i++) {
        size_t n = 0;
        const char *in = inner(items->items[i], &n);
        if (i)
            w += sprintf(w, ", ");
        memcpy(w, in ? in : "", in ? n : 0);
        w += in ? n : 0;
    }
    strcpy(w, "])}");
    return jval_string(a, out);
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

static const char *tf_embed(arena *a, const jval *expr)
{
    size_t n;
    if (inner(expr, &n))
        return expr->str;
    return jval_is(expr, JV_STRING) ? tf_escape(a, expr->str) : NULL;
}

/* Every string of a .tf.json file is a template: a literal "${" or "%{" is doubled. */
static jval *tf_literal(arena *a, const char *text)
{
    return jval_string(a, tf_escape(a, text));
}

static jval *tf_sub(arena *a, const char *text, bool has_refs)
{
    (void)has_refs;
    return jval_string(a, text);
}

static jval *tf_region(arena *a, const model *m)
{
    return jval_string(a, m->region ? m->region : "");
}

static const char *tf_region_embedded(const model *m)
{
    return m->region ? m->region : "";
}

static jval *tf_tags(arena *a, const model *m, const char *name, jval **shared)
{
    (void)shared; /* resources carry only their Name: the user tags are default_tags */
    jval *tags = jval_object(a);
    if (name) {
        jval_set(a, tags, "Name", jval_string(a, name));
        return tags;
    }
    for (size_t i = 0; i < m->tag_count; i++)
        jval_set(a, tags, tf_escape(a, m->tags[i].key),
                 jval_string(a, tf_escape(a, m->tags[i].value)));
    return tags;
}

const dialect dialect_terraform = {
    "terraform", tf_name,   tf_index,           tf_join, tf_embed, tf_escape, tf_literal,
    tf_sub,      tf_region, tf_region_embedded, tf_tags,
};
