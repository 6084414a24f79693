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

const char *const epoch_names[EPOCH_COUNT] = {"2026-11", "2026-12"};
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
    out->schema_error = base->schema_error || over->schema_error;
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
/* defaults and accept: the epoch and the accepted warnings, given to the sink. */
static void build_epoch(model_ctx *c, const node *spec)
{
    model *m = c->m;
    const node *e = node_get(spec, "defaults");
    const char *name = model_str(c, spec, "defaults", "defaults");
    for (int i = 0; i < EPOCH_COUNT; i++)
        if (strcmp(name, epoch_names[i]) == 0)
            m->epoch = (defaults_epoch)i;
    m->epoch_given = e && !e->schema_error;
    const node *acc = node_get(spec, "accept");
    size_t n = acc && !acc->schema_error && acc->kind == NODE_SEQ ? acc->count : 0;
    const char **codes = arena_array(c->a, n + 1, sizeof *codes);
    for (size_t i = 0; i < n; i++)
        codes[i] = acc->items[i]->text;
    m->accepted = codes;
    diag_set_spec_accepted(c->d, codes);
}

/* encryption.kms_key: the stack's key with 2026-12, AWS's keys with 2026-11 (a new key on a
 * live encrypted database replaces it). */
static void build_encryption(model_ctx *c, const node *spec)
{
    model *m = c->m;
    const node *k = model_node(spec, "encryption.kms_key");
    const char *key = k && !k->schema_error       ? k->text
                      : m->epoch >= EPOCH_2026_12 ? "stack"
                                                  : "aws-managed";
    m->kms = strcmp(key, "stack") == 0         ? KMS_STACK
             : strcmp(key, "aws-managed") == 0 ? KMS_AWS_MANAGED
                                               : KMS_GIVEN;
    m->kms_arn = m->kms == KMS_GIVEN ? key : NULL;
    m->kms_written = k != NULL;
    /* arn:PARTITION:kms:REGION:...: RDS, Secrets Manager and CloudWatch Logs use a key of
     * their own region only */
    if (m->kms_arn && m->region) {
        const char *r = strchr(strchr(m->kms_arn + 4, ':') + 1, ':') + 1;
        size_t n = strlen(m->region);
        if (strncmp(r, m->region, n) != 0 || r[n] != ':')
            diag_error(c->d, &k->loc, "kms-key-region",
                       "the KMS key is in %.*s, the stack in %s: RDS, Secrets Manager and "
                       "CloudWatch Logs use a key of the stack's region",
                       (int)(strchr(r, ':') - r), r, m->region);
    }
    if (k && m->kms == KMS_AWS_MANAGED)
        diag_warning(c->d, &k->loc, "control-kms-aws-managed",
                     "the stack's data is encrypted with AWS's own keys (checkov CKV_AWS_149, "
                     "CKV_AWS_158, CKV_AWS_354: secrets, log groups and Performance Insights "
                     "should be encrypted with a customer-managed KMS key)");
}

/* An environment that keeps the base's name gets the base's physical names: deployed in one
 * account, the two stacks collide on them. */
static void warn_same_name(model_ctx *c, const node *root)
{
    const model *m = c->m;
    const node *base = node_get(root, "name");
    if (!base || base->kind != NODE_SCALAR || strcmp(base->text, m->name) != 0)
        return;
    const char *names[3];
    size_t n = 0;
    if (m->db.present)
        names[n++] = arena_printf(c->a, "database identifier '%s-db'", m->name);
    if (m->net.flow_logs)
        names[n++] = arena_printf(c->a, "log group '/vpcgen/%s/vpc-flow-logs'", m->name);
    if (m->db.present && !m->db.managed_password)
        names[n++] = arena_printf(c->a, "secret '%s/database/master'", m->name);
    if (!n)
        return;
    const char *list = names[0];
    for (size_t i = 1; i < n; i++)
        list = arena_printf(c->a, "%s%s%s", list, i + 1 < n ? ", " : " and ", names[i]);
    diag_warning(c->d, model_key_at(node_get(root, "environments"), m->env), "env-same-name",
                 "environment '%s' keeps the base's name '%s', so its %s %s the base "
                 "stack's: deployed in one account, the two collide (give the environment its "
                 "own 'name')",
                 m->env, m->name, list, n > 1 ? "are" : "is");
}

bool model_takes_kms(const model *m)
{
    return m->net.flow_logs || m->net.restrict_default_sg || m->db.present || m->bastion.present ||
           (m->net.nat == NAT_INSTANCE && m->net.nat_count); /* the NAT instance's volume */
}

const char *model_newer_defaults(arena *a, const model *m)
{
    const char *clause[12];
    size_t n = 0;
    const model_database *db = &m->db;
    if (m->epoch >= EPOCH_2026_12)
        return NULL;
    /* one clause per setting that 2026-12 turns on, where it applies to this stack */
    if (db->present && db->engine->extended_support && !db->lifecycle)
        clause[n++] = "RDS Extended Support off for a new database (EngineLifecycleSupport; a "
                      "version past standard support becomes an error; a live instance keeps "
                      "its enrolment)";
    if (db->present && !db->multi_az && db->topology == TOPOLOGY_INSTANCE)
        clause[n++] = "the database placed in the first AZ (a live instance RDS placed in "
                      "another is replaced)";
    bool moves = false;
    for (int i = 0; db->present && i < db->replicas && i < MAX_REPLICAS; i++)
        moves |= (i + 1) % 2 != db->replica_az[i];
    if (moves)
        clause[n++] = "read replicas kept in the first two AZs, so that adding AZs never moves "
                      "one (those now elsewhere are replaced)";
    if (db->present && db->log_export_count)
        clause[n++] = arena_printf(a,
                                   "the database's log groups created by the stack, kept %d "
                                   "days (where RDS already created them, delete or import "
                                   "them first)",
                                   db->log_retention);
    if (m->kms == KMS_AWS_MANAGED && !m->kms_written && model_takes_kms(m)) {
        const char *what = db->present ? "the database, its secret, Performance Insights, " : "";
        bool logs =
            m->net.flow_logs || m->net.restrict_default_sg || (db->present && db->log_export_count);
        clause[n++] =
            arena_printf(a, "a customer-managed KMS key of the stack for %s%s%s%s", what,
                         logs ? "the log groups" : "", logs && m->bastion.present ? " and " : "",
                         m->bastion.present ? "the bastion's volume" : "");
        if (db->present)
            clause[n - 1] = arena_printf(a,
                                         "%s (a new key replaces an encrypted database: "
                                         "restore it from a snapshot)",
                                         clause[n - 1]);
    }
    if (db->present && db->replicas && db->multi_az && !db->replica_multi_az &&
        !db->replica_multi_az_written)
        clause[n++] = "Multi-AZ read replicas, like the primary";
    if (db->present && !db->managed_password && !db->rotation)
        clause[n++] =
            arena_printf(a, "the stack-owned secret rotated every %d days", db->rotation_days);
    if (m->bastion.present)
        clause[n++] = "an EBS-optimized bastion (replaced in Terraform)";
    if (db->present && db->engine->tls_on_word) {
        bool audit = false;
        for (size_t i = 0; i < db->log_export_count; i++)
            audit |= strcmp(db->log_exports[i], "audit") == 0;
        if (audit && !db->engine->aurora) /* Aurora's audit log is a cluster parameter */
            clause[n++] = "an option group with the MARIADB_AUDIT_PLUGIN for the audit log";
    }
    if (!n)
        return NULL;
    const char *list = clause[0];
    for (size_t i = 1; i < n; i++)
        list = arena_printf(a, "%s; %s", list, clause[i]);
    return list;
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
        diag_set_environment(d, env, model_key_at(envs, env));
    }
    int before = diag_error_count(d);
    model_ctx c = {.a = a, .d = d, .s = s, .m = arena_alloc(a, sizeof(model))};
    model *m = c.m;
    m->env = env;
    if (spec->kind != NODE_MAP) { /* the schema said so */
        diag_set_environment(d, NULL, NULL);
        return NULL;
    }
    /* a section the schema refused is not modelled, nor what depends on it */
    const node *net = node_get(spec, "network"), *region = node_get(spec, "region");
    const node *bastion = node_get(spec, "bastion"), *database = node_get(spec, "database");
    c.network_ok = net && !net->schema_error && !(region && region->schema_error);
    c.bastion_ok = c.network_ok && !(bastion && bastion->schema_error);
    c.database_ok = c.network_ok && !(database && database->schema_error);
    const node *name = node_get(spec, "name");
    m->name = name && name->kind == NODE_SCALAR ? name->text : "";
    m->description = model_str(&c, spec, "description", "description");
    model_refuse_dynamic_reference(&c, node_get(spec, "description"));
    m->region = region && region->kind == NODE_SCALAR ? region->text : NULL;
    build_epoch(&c, spec);
    build_encryption(&c, spec);
    const node *tags = node_get(spec, "tags");
    if (!(tags && tags->schema_error))
        build_tags(&c, spec);
    if (c.network_ok)
        model_build_network(&c, spec);
    if (c.bastion_ok)
        model_build_bastion(&c, spec);
    if (c.database_ok)
        model_build_database(&c, spec);
    model_warn_controls(&c, spec);
    if (c.network_ok && c.database_ok)
        model_warn_nat_zonal(&c, spec);
    if (env && c.network_ok && c.database_ok)
        warn_same_name(&c, root);
    diag_set_environment(d, NULL, NULL);
    return diag_error_count(d) > before || !c.network_ok || !c.bastion_ok || !c.database_ok ? NULL
                                                                                            : m;
}
