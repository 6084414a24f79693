/* emit_cfn.c - the CloudFormation dialect (see emit.h).
 *
 * Resources are named in PascalCase (public_subnet_1 -> PublicSubnet1); references are Ref
 * and Fn::GetAtt as the templates' attributes write them; a list element is Fn::Select, a
 * join Fn::Join, a substitution Fn::Sub (literal "${" escaped as "${!"); the region is the
 * AWS::Region pseudo parameter, so a template deploys in any region; tags are Key/Value
 * lists with the Name tag first.
 */
#include <ctype.h>
#include <string.h>

#include "emit.h"

static const char *cfn_name(arena *a, const resource *r)
{
    char *out = arena_alloc(a, strlen(r->id) + 1), *o = out;
    bool upper = true;
    for (const char *p = r->id; *p; p++) {
        if (*p == '_') {
            upper = true;
            continue;
        }
        *o++ = upper ? (char)toupper((unsigned char)*p) : *p;
        upper = false;
    }
    *o = '\0';
    return out;
}

/* {name: [x, y]} */
static jval *call2(arena *a, const char *name, jval *x, jval *y)
{
    jval *args = jval_array(a), *call = jval_object(a);
    jval_append(a, args, x);
    jval_append(a, args, y);
    jval_set(a, call, name, args);
    return call;
}

static jval *cfn_index(arena *a, jval *expr, int index)
{
    return call2(a, "Fn::Select", jval_integer(a, index), expr);
}

static jval *cfn_join(arena *a, const char *sep, jval *items)
{
    return call2(a, "Fn::Join", jval_string(a, sep), items);
}

/* {"Ref": X} -> "${X}", {"Fn::GetAtt": [X, "A.B"]} -> "${X.A.B}". */
static const char *cfn_embed(arena *a, const jval *expr)
{
    if (!jval_is(expr, JV_OBJECT) || expr->count != 1)
        return NULL;
    const jval *ref = jval_get(expr, "Ref");
    if (jval_is(ref, JV_STRING))
        return arena_printf(a, "${%s}", ref->str);
    const jval *att = jval_get(expr, "Fn::GetAtt");
    if (jval_is(att, JV_ARRAY) && att->count == 2 && jval_is(att->items[0], JV_STRING) &&
        jval_is(att->items[1], JV_STRING))
        return arena_printf(a, "${%s.%s}", att->items[0]->str, att->items[1]->str);
    return NULL;
}

/* text with each "${" written "${!" (Fn::Sub's escape), in the arena: one pass. */
static const char *cfn_escape(arena *a, const char *text)
{
    size_t n = strlen(text), extra = 0;
    for (const char *p = text; (p = strstr(p, "${")) != NULL; p += 2)
        extra++;
    if (!extra)
        return text;
    char *out = arena_alloc(a, n + extra + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        *o++ = text[i];
        if (text[i] == '$' && text[i + 1] == '{') {
            *o++ = '{';
            *o++ = '!';
            i++;
        }
    }
    *o = '\0';
    return out;
}

/* Plain strings are never evaluated in CloudFormation (dynamic references are refused in
 * the spec's text by the model). */
static jval *cfn_literal(arena *a, const char *text)
{
    return jval_string(a, text);
}

/* {name: "text"} */
static jval *call1(arena *a, const char *name, const char *text)
{
    jval *call = jval_object(a);
    jval_set(a, call, name, jval_string(a, text));
    return call;
}

static jval *cfn_sub(arena *a, const char *text, bool has_refs)
{
    return has_refs ? call1(a, "Fn::Sub", text) : jval_string(a, text);
}

static jval *cfn_region(arena *a, const model *m)
{
    (void)m;
    return call1(a, "Ref", "AWS::Region");
}

static const char *cfn_region_embedded(const model *m)
{
    (void)m;
    return "${AWS::Region}";
}

static jval *cfn_tag(arena *a, const char *key, const char *text)
{
    jval *tag = jval_object(a);
    jval_set(a, tag, "Key", jval_string(a, key));
    jval_set(a, tag, "Value", jval_string(a, text));
    return tag;
}

/* The user tags are the same on every resource: built once (*shared), then shared. */
static jval *cfn_tags(arena *a, const model *m, const char *name, jval **shared)
{
    if (!*shared) {
        *shared = jval_array(a);
        for (size_t i = 0; i < m->tag_count; i++)
            jval_append(a, *shared, cfn_tag(a, m->tags[i].key, m->tags[i].value));
    }
    jval *tags = jval_array(a);
    if (name)
        jval_append(a, tags, cfn_tag(a, "Name", name));
    for (size_t i = 0; i < (*shared)->count; i++)
        jval_append(a, tags, (*shared)->items[i]);
    return tags;
}

const dialect dialect_cloudformation = {
    "cloudformation", cfn_name, cfn_index,  cfn_join,            cfn_embed,
    cfn_escape,       cfn_literal, cfn_sub, cfn_region, cfn_region_embedded, cfn_tags,
};
