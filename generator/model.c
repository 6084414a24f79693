/* model.c - pass 3: the overlay, the top level, then the builders in order (the files of
 * this pass are listed in model_internal.h).
 *
 * Input is a spec tree that passed the schema, so shapes and scalar types are known here;
 * what remains are the rules that relate values to each other (a subnet inside the VPC, a
 * bastion in a tier that exists, windows that do not overlap, an engine's limits). Each rule
 * reports at the node a user would edit, and every rule is checked even after one fails, so
 * a user sees every problem in one run.
 */
#include "model_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const tier_names[TIER_COUNT] = {"public", "private", "database"};
const char *const endpoint_names[EP_COUNT] = {"s3",  "dynamodb", "ssm", "secretsmanager",
                                              "ecr", "logs"};

/* ---- overlay ---------------------------------------------------------------------------- */

/* Deep merge: maps merge key by key (overlay wins), anything else is replaced. Nodes keep
 * their own locations, so a problem in a value from the overlay points into the overlay. */
static node *merge(arena *a, node *base, node *over)
{
    if (!base)
        return over;
    if (!over)
        return base;
    if (base->kind != NODE_MAP || over->kind != NODE_MAP)
        return over;
    node *out = arena_alloc(a, sizeof *out);
    *out = *base;
    out->pairs = arena_array(a, base->count + over->count, sizeof *out->pairs);
    out->count = 0;
    for (size_t i = 0; i < base->count; i++) {
        node_pair p = base->pairs[i];
        p.value = merge(a, p.value, node_get(over, p.key->text));
        out->pairs[out->count++] = p;
    }
    for (size_t i = 0; i < over->count; i++)
        if (!node_get(base, over->pairs[i].key->text))
            out->pairs[out->count++] = over->pairs[i];
    return out;
}

const char **model_environments(arena *a, const node *root)
{
    const node *envs = node_get(root, "environments");
    size_t n = envs && envs->kind == NODE_MAP ? envs->count : 0;
    const char **names = arena_array(a, n + 1, sizeof *names);
    for (size_t i = 0; i < n; i++)
        names[i] = envs->pairs[i].key->text;
    return names;
}
/* ---- reading values with the schema's defaults ------------------------------------------- */

/* The schema's default at path, of the kind the caller reads; aborts when there is none. */
static const fjson *schema_default_of(model_ctx *c, const char *path, bool (*is)(const fjson *))
{
    const fjson *def = schema_default(c->s, path);
    if (!def || (is && !is(def))) {
        fprintf(stderr, "vpcgen: internal error: the schema has no default for '%s'\n", path);
        abort();
    }
    return def;
}

const fjson *model_default(model_ctx *c, const char *path)
{
    return schema_default_of(c, path, NULL);
}

const char *model_str(model_ctx *c, const node *map, const char *key, const char *path)
{
    const node *n = node_get(map, key);
    if (n && n->kind == NODE_SCALAR)
        return n->text;
    return fj_string(schema_default_of(c, path, fj_is_string));
}

int model_int(model_ctx *c, const node *map, const char *key, const char *path)
{
    const node *n = node_get(map, key);
    if (n && n->kind == NODE_SCALAR && n->type == SCALAR_INT)
        return (int)n->ival;
    return (int)fj_integer(schema_default_of(c, path, fj_is_integer));
}

bool model_bool(model_ctx *c, const node *map, const char *key, const char *path)
{
    const node *n = node_get(map, key);
    if (n && n->kind == NODE_SCALAR && n->type == SCALAR_BOOL)
        return n->bval;
    return fj_is_true(schema_default_of(c, path, fj_is_boolean));
}

const node *model_node(const node *map, const char *path)
{
    char key[64];
    while (map && *path) {
        size_t n = strcspn(path, ".");
        if (n >= sizeof key)
            return NULL;
        memcpy(key, path, n);
        key[n] = '\0';
        map = node_get(map, key);
        path += n + (path[n] == '.');
    }
    return map;
}

const srcloc *model_at(const node *n)
{
    return n ? &n->loc : NULL;
}

const srcloc *model_key_at(const node *m, const char *key)
{
    for (size_t i = 0; m && m->kind == NODE_MAP && i < m->count; i++)
        if (strcmp(m->pairs[i].key->text, key) == 0)
            return &m->pairs[i].key->loc;
    return NULL;
}

const srcloc *model_at_either(const node *a, const node *b)
{
    return a ? &a->loc : b ? &b->loc : NULL;
}

bool model_read_cidr(model_ctx *c, const node *n, cidr *out)
{
    if (!cidr_parse(n->text, out)) {
        diag_error(c->d, &n->loc, "cidr-syntax", "'%s' is not an IPv4 CIDR block", n->text);
        return false;
    }
    if (!cidr_host_bits_zero(*out)) {
        char buf[20];
        diag_error(c->d, &n->loc, "cidr-host-bits", "'%s' has host bits set; did you mean '%s'?",
                   n->text, cidr_format(cidr_network(*out), buf));
        return false;
    }
    return true;
}

/* ---- top level -------------------------------------------------------------------------- */

/* CloudFormation resolves "{{resolve:...}}" in any string of a template: text from the spec
 * must not smuggle a dynamic reference (a secret) into the free text it passes on: a
 * description, a key pair name, a parameter value (tags cannot hold '{': the schema allows
 * only the characters AWS allows in tags; every other string has a pattern). */
void model_refuse_dynamic_reference(model_ctx *c, const node *n)
{
    if (n && n->kind == NODE_SCALAR && strstr(n->text, "{{resolve:"))
        diag_error(c->d, &n->loc, "dynamic-reference",
                   "'{{resolve:' would be read by CloudFormation as a dynamic reference; it is "
                   "not allowed in the text of a spec");
}

static void build_tags(model_ctx *c, const node *root)
{
    const node *tags = node_get(root, "tags");
    if (!tags || tags->kind != NODE_MAP)
        return;
    c->m->tags = arena_array(c->a, tags->count, sizeof *c->m->tags);
    for (size_t i = 0; i < tags->count; i++) {
        const node_pair *p = &tags->pairs[i];
        if (strcmp(p->key->text, "Name") == 0) {
            diag_error(c->d, &p->key->loc, "tag-name",
                       "the 'Name' tag is set by vpcgen from 'name' and each resource's role");
            continue;
        }
        c->m->tags[c->m->tag_count++] = (kv){p->key->text, p->value->text, false};
    }
}
/* ---- entry ------------------------------------------------------------------------------ */

model *model_build(arena *a, diag_sink *d, const schema *s, const node *root, const char *env)
{
    node *spec = (node *)root;
    if (env) {
        const node *envs = node_get(root, "environments");
        node *overlay = node_get(envs, env);
        if (!overlay) {
            const char **names = model_environments(a, root);
            char *list = "";
            for (size_t i = 0; names[i]; i++)
                list = arena_printf(a, "%s%s'%s'", list, i ? ", " : "", names[i]);
            if (names[0])
                diag_error(d, NULL, "env-unknown", "unknown environment '%s'; the spec defines %s",
                           env, list);
            else
                diag_error(d, NULL, "env-unknown",
                           "unknown environment '%s'; the spec defines no environments", env);
            return NULL;
        }
        spec = merge(a, spec, overlay);
    }
    int before = diag_error_count(d);
    model_ctx c = {a, d, s, arena_alloc(a, sizeof(model))};
    model *m = c.m;
    m->name = model_str(&c, spec, "name", "name");
    m->description = model_str(&c, spec, "description", "description");
    model_refuse_dynamic_reference(&c, node_get(spec, "description"));
    const node *region = node_get(spec, "region");
    m->region = region ? region->text : NULL;
    build_tags(&c, spec);
    model_build_network(&c, spec);
    model_build_bastion(&c, spec);
    model_build_database(&c, spec);
    model_warn_controls(&c, spec);
    return diag_error_count(d) > before ? NULL : m;
}
