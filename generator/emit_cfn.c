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

static json_t *cfn_index(json_t *expr, int index)
{
    return json_pack("{s:[io]}", "Fn::Select", index, expr);
}

static json_t *cfn_join(const char *sep, json_t *items)
{
    return json_pack("{s:[so]}", "Fn::Join", sep, items);
}

/* {"Ref": X} -> "${X}", {"Fn::GetAtt": [X, "A.B"]} -> "${X.A.B}". */
static const char *cfn_embed(arena *a, const json_t *expr)
{
    const json_t *ref = json_object_get(expr, "Ref");
    if (json_is_string(ref) && json_object_size(expr) == 1)
        return arena_printf(a, "${%s}", json_string_value(ref));
    const json_t *att = json_object_get(expr, "Fn::GetAtt");
    if (json_is_array(att) && json_array_size(att) == 2 && json_object_size(expr) == 1 &&
        json_is_string(json_array_get(att, 0)) && json_is_string(json_array_get(att, 1)))
        return arena_printf(a, "${%s.%s}", json_string_value(json_array_get(att, 0)),
                            json_string_value(json_array_get(att, 1)));
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
static json_t *cfn_literal(arena *a, const char *text)
{
    (void)a;
    return json_string(text);
}

static json_t *cfn_sub(const char *text, bool has_refs)
{
    return has_refs ? json_pack("{s:s}", "Fn::Sub", text) : json_string(text);
}

static json_t *cfn_region(const model *m)
{
    (void)m;
    return json_pack("{s:s}", "Ref", "AWS::Region");
}

static const char *cfn_region_embedded(const model *m)
{
    (void)m;
    return "${AWS::Region}";
}

static json_t *cfn_tag(const char *key, const char *text)
{
    json_t *tag = json_object();
    json_object_set_new(tag, "Key", json_string(key));
    json_object_set_new(tag, "Value", json_string(text));
    return tag;
}

/* The user tags are the same on every resource: built once (*shared), then shared. */
static json_t *cfn_tags(arena *a, const model *m, const char *name, json_t **shared)
{
    (void)a;
    if (!*shared) {
        *shared = json_array();
        for (size_t i = 0; i < m->tag_count; i++)
            json_array_append_new(*shared, cfn_tag(m->tags[i].key, m->tags[i].value));
    }
    json_t *tags = json_array();
    if (name)
        json_array_append_new(tags, cfn_tag("Name", name));
    json_array_extend(tags, *shared);
    return tags;
}

const dialect dialect_cloudformation = {
    "cloudformation", cfn_name, cfn_index,  cfn_join,            cfn_embed,
    cfn_escape,       cfn_literal, cfn_sub, cfn_region, cfn_region_embedded, cfn_tags,
};
