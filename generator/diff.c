/* diff.c - vpcgen diff over two stacks of one target (see diff.h).
 *
 * Steps: the resources of each document by name; for each resource in both, the paths of
 * its properties that differ (lists and maps are transparent, so a path is property names
 * joined by "/"); the action of each path from the update rules; then, until nothing
 * changes, every property that refers to a replaced resource is changed too (its value is
 * the new resource's); then the classification of each change by its role.
 */
#include "diff.h"

#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "updaterules.h"

/* ---- reading the documents (jval trees: the compiler's own, or a template read in) ------ */

#define MEMBERS(o, k, v)                                                                           \
    for (size_t m_##k = 0; jval_is((o), JV_OBJECT) && m_##k < (o)->count &&                        \
                           ((k) = (o)->keys[m_##k], (v) = (o)->items[m_##k], 1);                   \
         m_##k++)
#define ITEMS(a, i, v)                                                                             \
    for ((i) = 0; jval_is((a), JV_ARRAY) && (i) < (a)->count && ((v) = (a)->items[i], 1); (i)++)

static bool is_str(const jval *v)
{
    return jval_is(v, JV_STRING);
}
static bool is_arr(const jval *v)
{
    return jval_is(v, JV_ARRAY);
}
static bool is_obj(const jval *v)
{
    return jval_is(v, JV_OBJECT);
}
static bool is_int(const jval *v)
{
    return jval_is(v, JV_INTEGER);
}
static bool is_true(const jval *v)
{
    return jval_is(v, JV_TRUE);
}
static const char *str_val(const jval *v)
{
    return is_str(v) ? v->str : NULL;
}
static long long int_val(const jval *v)
{
    return v->integer;
}
static size_t count_of(const jval *v)
{
    return is_obj(v) || is_arr(v) ? v->count : 0;
}
static const jval *item_at(const jval *v, size_t i)
{
    return i < count_of(v) ? v->items[i] : NULL;
}

/* ---- the roles of resource types: the facts the classification needs --------------------- */

typedef struct role {
    bool terraform;
    const char *type;
    const char *replica_key; /* the property that makes an instance a read replica */
    const char *what;        /* for a data-loss reason: what is lost */
    const char *name_key;    /* CloudFormation: the property of a fixed physical name */
} role;

/* What a destroyed or replaced resource loses (the contract, section B): a primary database
 * (even with a final snapshot the database is gone), its secret, a log group with its logs,
 * an Elastic IP (the egress address partners allow-list), the VPC and the subnets that hold
 * them. */
static const role roles[] = {
    {false, "AWS::RDS::DBInstance", "SourceDBInstanceIdentifier",
     "a primary database instance: the database is gone, even with its final snapshot",
     "DBInstanceIdentifier"},
    {true, "aws_db_instance", "replicate_source_db",
     "a primary database instance: the database is gone, even with its final snapshot", NULL},
    {false, "AWS::RDS::DBCluster", NULL, "a database cluster: the database is gone",
     "DBClusterIdentifier"},
    {true, "aws_rds_cluster", NULL, "a database cluster: the database is gone", NULL},
    {false, "AWS::SecretsManager::Secret", NULL,
     "the database's secret: the password and the secret's ARN change", "Name"},
    {true, "aws_secretsmanager_secret", NULL,
     "the database's secret: the password and the secret's ARN change", NULL},
    {false, "AWS::Logs::LogGroup", NULL, "a log group and its logs", "LogGroupName"},
    {true, "aws_cloudwatch_log_group", NULL, "a log group and its logs", NULL},
    {false, "AWS::EC2::EIP", NULL,
     "an Elastic IP: the address changes, and partners may allow-list it", NULL},
    {true, "aws_eip", NULL, "an Elastic IP: the address changes, and partners may allow-list it",
     NULL},
    {false, "AWS::EC2::VPC", NULL, "the VPC that holds the stack's data", NULL},
    {true, "aws_vpc", NULL, "the VPC that holds the stack's data", NULL},
    {false, "AWS::EC2::Subnet", NULL, "a subnet that holds the stack's instances", NULL},
    {true, "aws_subnet", NULL, "a subnet that holds the stack's instances", NULL},
    {false, "AWS::KMS::Key", NULL, "a KMS key: what it encrypts can no longer be read", NULL},
    {true, "aws_kms_key", NULL, "a KMS key: what it encrypts can no longer be read", NULL},
};

static const role *role_of(bool tf, const char *type)
{
    for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
        if (roles[i].terraform == tf && strcmp(roles[i].type, type) == 0)
            return &roles[i];
    return NULL;
}

/* The database instance properties the classification reads, per target. */
typedef struct db_keys {
    const char *engine, *version, *klass, *storage, *multi_az, *lifecycle, *managed, *subnets;
} db_keys;

static const db_keys cfn_db = {
    "Engine",  "EngineVersion",          "DBInstanceClass",          "AllocatedStorage",
    "MultiAZ", "EngineLifecycleSupport", "ManageMasterUserPassword", "SubnetIds"};
static const db_keys tf_db = {"engine",
                              "engine_version",
                              "instance_class",
                              "allocated_storage",
                              "multi_az",
                              "engine_lifecycle_support",
                              "manage_master_user_password",
                              "subnet_ids"};

/* ---- resources ------------------------------------------------------------------------ */

typedef struct res {
    const char *name, *type;
    const jval *body;  /* CloudFormation: the resource; Terraform: its arguments */
    const jval *props; /* the properties compared */
    int other;         /* index in the other document, or -1 */
    change *c;         /* its change, or NULL */
} res;

typedef struct stack {
    res *items;
    size_t count;
} stack;

typedef struct differ {
    arena *a;
    bool tf;
    stack old, new_;
    const jval *old_doc, *new_doc;
    diff_result *r;
} differ;

static void stack_read(arena *a, const jval *doc, bool tf, stack *s)
{
    size_t n = 0;
    const char *k;
    jval *v, *group;
    if (tf) {
        MEMBERS(jval_get(doc, "resource"), k, group) n += count_of(group);
    } else {
        n = count_of(jval_get(doc, "Resources"));
    }
    s->items = arena_array(a, n ? n : 1, sizeof *s->items);
    if (tf) {
        const char *type;
        MEMBERS(jval_get(doc, "resource"), type, group)
        {
            MEMBERS(group, k, v)
            {
                res *r = &s->items[s->count++];
                r->name = arena_printf(a, "%s.%s", type, k);
                r->type = type;
                r->body = v;
                r->props = v;
                r->other = -1;
            }
        }
    } else {
        MEMBERS(jval_get(doc, "Resources"), k, v)
        {
            res *r = &s->items[s->count++];
            r->name = k;
            const char *type = str_val(jval_get(v, "Type"));
            r->type = type ? type : "?";
            r->body = v;
            r->props = jval_get(v, "Properties");
            r->other = -1;
        }
    }
}

static int find(const stack *s, const char *name)
{
    for (size_t i = 0; i < s->count; i++)
        if (strcmp(s->items[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* ---- references --------------------------------------------------------------------- */

/* Does value v refer to the resource named name (CloudFormation: Ref, Fn::GetAtt, ${X} of
 * Fn::Sub; Terraform: "${TYPE.NAME...}" anywhere in a string)? */
static bool refers(const jval *v, const char *name, bool tf)
{
    if (is_str(v)) {
        const char *s = str_val(v);
        size_t n = strlen(name);
        for (const char *p = strstr(s, "${"); p; p = strstr(p + 2, "${")) {
            /* the references inside: each identifier after "${", "[", "(", ", " */
            for (const char *q = p + 2; *q && *q != '}'; q++) {
                bool start = q == p + 2 || strchr("[(, ", q[-1]);
                if (start && strncmp(q, name, n) == 0 &&
                    (q[n] == '.' || q[n] == '}' || (!tf && q[n] == '\0')))
                    return true;
            }
        }
        return false;
    }
    if (is_arr(v)) {
        size_t i;
        jval *x;
        ITEMS(v, i, x)
        {
            if (refers(x, name, tf))
                return true;
        }
        return false;
    }
    if (is_obj(v)) {
        if (!tf) {
            const jval *ref = jval_get(v, "Ref");
            if (is_str(ref) && strcmp(str_val(ref), name) == 0)
                return true;
            const jval *att = jval_get(v, "Fn::GetAtt");
            if (is_arr(att) && is_str(item_at(att, 0)) &&
                strcmp(str_val(item_at(att, 0)), name) == 0)
                return true;
        }
        for (size_t i = 0; i < v->count; i++)
            if (refers(v->items[i], name, tf))
                return true;
    }
    return false;
}

/* ---- the changes of one resource ------------------------------------------------------- */

/* Terraform arguments that are instructions to Terraform, not to AWS. */
static bool meta_argument(const char *key)
{
    static const char *const keys[] = {"depends_on", "lifecycle", "provider",
                                       "count",      "for_each",  NULL};
    for (const char *const *k = keys; *k; k++)
        if (strcmp(*k, key) == 0)
            return true;
    return false;
}

typedef struct path_list {
    const char **paths;
    size_t count, cap;
} path_list;

static void path_add(arena *a, path_list *l, const char *path)
{
    for (size_t i = 0; i < l->count; i++)
        if (strcmp(l->paths[i], path) == 0)
            return;
    if (l->count == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 8;
        const char **p = arena_array(a, cap, sizeof *p);
        if (l->count)
            memcpy(p, l->paths, l->count * sizeof *p);
        l->paths = p;
        l->cap = cap;
    }
    l->paths[l->count++] = path;
}

/* The paths where old and new differ, below path (lists and maps are transparent; an object
 * whose keys are not property names, such as parameters, is a leaf of its key path). */
static void changed_paths(arena *a, const jval *o, const jval *n, const char *path, path_list *out,
                          bool top_tf)
{
    if (jval_equal((const jval *)o, (const jval *)n))
        return;
    if (is_obj(o) && is_obj(n)) {
        const char *k;
        jval *v;
        MEMBERS(o, k, v)
        {
            if (top_tf && meta_argument(k))
                continue;
            changed_paths(a, v, jval_get(n, k), *path ? arena_printf(a, "%s/%s", path, k) : k, out,
                          false);
        }
        MEMBERS(n, k, v)
        {
            if (top_tf && meta_argument(k))
                continue;
            if (!jval_get(o, k))
                changed_paths(a, NULL, v, *path ? arena_printf(a, "%s/%s", path, k) : k, out,
                              false);
        }
        return;
    }
    if (is_arr(o) && is_arr(n) && count_of(o) == count_of(n)) {
        size_t i;
        jval *v;
        ITEMS(o, i, v) changed_paths(a, v, item_at(n, i), path, out, false);
        return;
    }
    /* an object or list added, removed, or of another shape: its own path and its members' */
    if (is_obj(n) && !is_obj(o)) {
        const char *k;
        jval *v;
        MEMBERS(n, k, v)
        changed_paths(a, NULL, v, *path ? arena_printf(a, "%s/%s", path, k) : k, out, false);
    }
    if (*path)
        path_add(a, out, path);
}

/* The first component of a path ("MetadataOptions/HttpTokens" -> "MetadataOptions"). */
static const char *top_of(arena *a, const char *path)
{
    const char *slash = strchr(path, '/');
    return slash ? arena_strndup(a, path, (size_t)(slash - path)) : path;
}

typedef struct verdict {
    bool replace, downtime;
    path_list causes; /* "Name", "Name (note)" */
} verdict;

/* Properties AWS marks "conditional" (the registry schemas' conditionalCreateOnlyProperties)
 * whose change replaces the resource in a stack like vpcgen's; every other conditional
 * property with a documented interruption class updates in place, as the CloudFormation
 * User Guide's "Update requires" says (the replacement is for cases vpcgen never makes: a
 * restore, an Aurora member). */
static const struct {
    const char *type, *path;
} conditional_replaces[] = {
    /* RDS moves a single-AZ instance to another AZ only by a new instance; Terraform's
     * availability_zone is ForceNew */
    {"AWS::RDS::DBInstance", "AvailabilityZone"},
    {"AWS::RDS::DBInstance", "SourceDBInstanceIdentifier"},
    {"AWS::RDS::DBInstance", "Engine"},
    {"AWS::RDS::DBCluster", "Engine"},
};

static bool conditional_replaced(const char *type, const char *path)
{
    for (size_t i = 0; i < sizeof conditional_replaces / sizeof *conditional_replaces; i++)
        if (strcmp(conditional_replaces[i].type, type) == 0 &&
            strcmp(conditional_replaces[i].path, path) == 0)
            return true;
    return false;
}

/* Properties whose removal changes nothing on the live resource: a database instance's AZ,
 * which a Multi-AZ instance may not name (CreateDBInstance: "can't be specified if the DB
 * instance is a Multi-AZ deployment"); the instance stays where it is, and Terraform keeps
 * the computed value. */
static bool removal_keeps(bool tf, const char *type, const char *path)
{
    return tf ? strcmp(type, "aws_db_instance") == 0 && strcmp(path, "availability_zone") == 0
              : strcmp(type, "AWS::RDS::DBInstance") == 0 && strcmp(path, "AvailabilityZone") == 0;
}

static bool true_of(const jval *props, const char *key)
{
    const jval *v = jval_get(props, key);
    return is_true(v) || (is_str(v) && strcmp(str_val(v), "true") == 0);
}

/* Conditional properties whose outcome the two documents decide. Terraform's aws_subnet
 * ipv6_cidr_block (provider v6.58.0, internal/service/ec2/vpc_subnet.go): resourceSubnet's
 * CustomizeDiff ForceNewIf replaces the subnet when the value changes and the old
 * assign_ipv6_address_on_creation was true; otherwise resourceSubnetUpdate associates or
 * disassociates the block in place (modifySubnetIPv6CIDRBlockAssociation). The argument is
 * Optional + Computed, so its removal from the configuration is no change to the plan
 * ("removal from config doesn't trigger HasChange()", resourceSubnetUpdate) and never
 * forces a new subnet. Returns false when the table does not decide the path. */
static bool conditional_decided(const differ *d, const char *type, const char *path,
                                const jval *old_props, const jval *new_props, bool *replace)
{
    if (!d->tf || !old_props || strcmp(type, "aws_subnet") != 0 ||
        strcmp(path, "ipv6_cidr_block") != 0)
        return false;
    *replace = jval_get(new_props, path) && true_of(old_props, "assign_ipv6_address_on_creation");
    return true;
}

static void judge(differ *d, const char *type, const char *path, const char *note,
                  const jval *old_props, const jval *new_props, verdict *v)
{
    const update_rule *rule = update_rule_find(d->tf, type, path);
    bool decided = false, replace = false;
    if (rule && rule->behaviour == UPDATE_CONDITIONAL)
        decided = conditional_decided(d, type, path, old_props, new_props, &replace);
    if (!decided)
        replace =
            !rule || rule->behaviour == UPDATE_REPLACE ||
            (rule->behaviour == UPDATE_CONDITIONAL &&
             (rule->interruption == INTERRUPTION_UNKNOWN || conditional_replaced(type, path)));
    const char *shown = top_of(d->a, path);
    if (note)
        shown = arena_printf(d->a, "%s (%s)", shown, note);
    else if (!rule)
        shown = arena_printf(d->a, "%s (no AWS data: counted as a replacement)", shown);
    /* a replacement is explained by what replaces; an update by what updates */
    if (replace && !v->replace)
        v->causes.count = 0;
    if (replace || !v->replace)
        path_add(d->a, &v->causes, shown);
    v->replace |= replace;
    v->downtime |= rule && rule->interruption == INTERRUPTION_SOME;
}

/* ---- the classification ----------------------------------------------------------------- */

static void warn(differ *d, change *c, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void warn(differ *d, change *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char **w = arena_array(d->a, c->warning_count + 1, sizeof *w);
    if (c->warning_count)
        memcpy(w, c->warnings, c->warning_count * sizeof *w);
    w[c->warning_count++] = arena_vprintf(d->a, fmt, ap);
    c->warnings = w;
    d->r->warnings++;
    va_end(ap);
}

static const char *str_of(const jval *props, const char *key)
{
    const jval *v = jval_get(props, key);
    if (is_str(v))
        return str_val(v);
    return NULL;
}

static long long num_of(const jval *props, const char *key)
{
    const jval *v = jval_get(props, key);
    if (is_int(v))
        return int_val(v);
    if (is_str(v))
        return atoll(str_val(v));
    return -1;
}

/* The major of an engine version, as the engine names majors ("8.4.3" -> "8.4"). */
static const char *major_of(arena *a, const char *engine, const char *version)
{
    const engine_info *e = engine ? engine_find(engine) : NULL;
    char buf[16];
    if (!e || !version || !engine_major(e, version, buf))
        return version;
    return arena_strdup(a, buf);
}

/* The rules of a changed database instance: refused changes and the warnings of section B. */
static void classify_database(differ *d, const res *o, const res *n, change *c)
{
    const db_keys *k = d->tf ? &tf_db : &cfn_db;
    const jval *op = o->props, *np = n->props;
    const role *rl = role_of(d->tf, n->type);
    bool replica = rl && rl->replica_key && jval_get(np, rl->replica_key);
    const char *oe = str_of(op, k->engine), *ne = str_of(np, k->engine);
    if (oe && ne && strcmp(oe, ne) != 0) {
        c->refused = true;
        c->reason = arena_printf(d->a, "RDS cannot change an instance's engine (%s to %s)", oe, ne);
    }
    long long os = num_of(op, k->storage), ns = num_of(np, k->storage);
    if (os > 0 && ns > 0 && ns < os) {
        c->refused = true;
        c->reason =
            arena_printf(d->a, "RDS cannot shrink allocated storage (%lld to %lld GiB)", os, ns);
    }
    const char *ov = str_of(op, k->version), *nv = str_of(np, k->version);
    if (ov && nv && strcmp(ov, nv) != 0) {
        const char *om = major_of(d->a, ne, ov), *nm = major_of(d->a, ne, nv);
        int cmp = engine_version_cmp(nv, ov);
        if (cmp < 0) {
            c->refused = true;
            c->reason =
                arena_printf(d->a, "RDS cannot downgrade an engine version (%s to %s)", ov, nv);
        } else if (strcmp(om, nm) != 0) {
            warn(d, c, "a major version upgrade (%s to %s): downtime while RDS upgrades%s", ov, nv,
                 replica ? "" : ", and its read replicas first");
            for (size_t i = 0; i < c->property_count; i++)
                if (strcmp(c->properties[i], k->version) == 0)
                    c->properties[i] = arena_printf(d->a, "%s (major upgrade)", k->version);
        }
    }
    const char *oc = str_of(op, k->klass), *nc = str_of(np, k->klass);
    if (oc && nc && strcmp(oc, nc) != 0)
        warn(d, c, "an instance class change (%s to %s): %s", oc, nc,
             true_of(np, k->multi_az) ? "a failover to the standby, a short interruption"
                                      : "downtime while RDS moves the instance (it is not "
                                        "Multi-AZ)");
    const char *ol = str_of(op, k->lifecycle), *nl = str_of(np, k->lifecycle);
    if ((ol || nl) && (!ol || !nl || strcmp(ol, nl) != 0))
        warn(d, c,
             "RDS Extended Support enrolment %s to %s: a live instance keeps the "
             "enrolment it was created with (%s; a new instance gets it)",
             ol ? ol : "AWS's default", nl ? nl : "AWS's default",
             d->tf ? "the provider tries it in place, hashicorp/terraform-provider-aws#44552"
                   : "CloudFormation's resource handler refuses the change");
    if (true_of(op, k->managed) && !true_of(np, k->managed) && !replica)
        warn(d, c,
             "the credential mode switches from the RDS-managed secret to the stack's "
             "own: RDS deletes its secret, the password and the secret's ARN change");
}

/* A destroyed or replaced resource: data loss, an orphan, or a destroyed replica. */
static void classify_gone(differ *d, const res *o, change *c)
{
    const role *rl = role_of(d->tf, o->type);
    const jval *op = o->props;
    bool replica = rl && rl->replica_key && jval_get(op, rl->replica_key);
    const char *policy =
        d->tf ? NULL
              : str_val(jval_get(o->body, c->action == CHANGE_DESTROY ? "DeletionPolicy"
                                                                      : "UpdateReplacePolicy"));
    bool retained =
        (policy && strcmp(policy, "Retain") == 0) || (d->tf && true_of(op, "skip_destroy"));
    if (replica) {
        if (c->action == CHANGE_DESTROY)
            c->reason = "a read replica (a copy; its readers lose it)";
        warn(d, c, "a read replica %s: its readers lose it",
             c->action == CHANGE_DESTROY ? "destroyed" : "rebuilt");
        return;
    }
    if (retained) {
        warn(d, c, "%s orphans the old resource: it stays in the account, outside the stack",
             d->tf                         ? "its skip_destroy"
             : c->action == CHANGE_DESTROY ? "its DeletionPolicy Retain"
                                           : "its UpdateReplacePolicy Retain");
        if (c->action == CHANGE_DESTROY)
            c->reason = "kept by its Retain policy, outside the stack";
    }
    if (rl && (!retained || c->action == CHANGE_REPLACE)) {
        c->data_loss = true;
        c->reason = arena_printf(d->a, "data loss: %s", rl->what);
    }
    /* a database with deletion protection cannot be deleted, so neither destroyed nor
     * replaced: the deployment fails (RDS: deletion protection) */
    if (rl && rl->replica_key &&
        true_of(op, d->tf ? "deletion_protection" : "DeletionProtection")) {
        c->refused = true;
        c->reason = arena_printf(d->a,
                                 "deletion protection is on: RDS refuses to delete the %s "
                                 "(turn it off in a deployment of its own first)%s",
                                 c->action == CHANGE_DESTROY ? "instance" : "old instance",
                                 c->data_loss ? "; and it is data loss" : "");
    }
    /* CloudFormation creates the replacement before deleting the old: a fixed name clashes */
    if (!d->tf && c->action == CHANGE_REPLACE && rl && rl->name_key) {
        const char *on = str_of(o->props, rl->name_key);
        const res *n = &d->new_.items[o->other];
        const char *nn = str_of(n->props, rl->name_key);
        if (on && nn && strcmp(on, nn) == 0) {
            c->refused = true;
            c->reason = arena_printf(d->a,
                                     "CloudFormation cannot replace a resource with the fixed "
                                     "name '%s' (%s): the update fails%s",
                                     on, rl->name_key, c->data_loss ? "; and it is data loss" : "");
        }
    }
}

/* The stack's exported outputs (CloudFormation): a changed value, while another stack imports
 * it, is refused by CloudFormation. */
static void check_exports(differ *d)
{
    if (d->tf)
        return;
    const jval *oo = jval_get(d->old_doc, "Outputs");
    const jval *no = jval_get(d->new_doc, "Outputs");
    const char *k;
    jval *ov;
    MEMBERS(oo, k, ov)
    {
        if (!jval_get(ov, "Export"))
            continue;
        const jval *nv = jval_get(no, k);
        bool changed = !nv || !jval_equal(jval_get(ov, "Value"), jval_get(nv, "Value"));
        for (size_t i = 0; !changed && i < d->new_.count; i++) {
            const res *r = &d->new_.items[i];
            changed = r->c && r->c->action == CHANGE_REPLACE &&
                      refers(jval_get(nv, "Value"), r->name, false);
        }
        if (!changed)
            continue;
        change *c = NULL;
        for (size_t i = 0; i < d->r->count && !c; i++)
            if (strcmp(d->r->changes[i].name, k) == 0)
                c = &d->r->changes[i];
        if (!c) {
            c = &d->r->changes[d->r->count++];
            c->name = k;
            c->type = "output";
            c->action = CHANGE_UPDATE;
        }
        warn(d, c,
             "the exported value %s: CloudFormation refuses the change while another "
             "stack imports it",
             nv ? "changes" : "is removed");
    }
}

/* ---- the whole comparison ------------------------------------------------------------- */

/* json as a jval tree in arena a (strings copied). */
static jval *from_jansson(arena *a, const json_t *json)
{
    const char *k;
    json_t *v;
    size_t i;
    jval *out;
    switch (json_typeof(json)) {
    case JSON_OBJECT:
        out = jval_object(a);
        json_object_foreach((json_t *)json, k, v)
            jval_add(a, out, arena_strdup(a, k), from_jansson(a, v));
        return out;
    case JSON_ARRAY:
        out = jval_array(a);
        json_array_foreach(json, i, v) jval_append(a, out, from_jansson(a, v));
        return out;
    case JSON_STRING:
        return jval_string(a, arena_strndup(a, json_string_value(json), json_string_length(json)));
    case JSON_INTEGER:
        return jval_integer(a, json_integer_value(json));
    case JSON_REAL:
        return jval_real(a, json_real_value(json));
    case JSON_TRUE:
        return jval_bool(a, true);
    case JSON_FALSE:
        return jval_bool(a, false);
    case JSON_NULL:
        break;
    }
    return jval_null(a);
}

jval *diff_read_stack(arena *a, const char *text, size_t len, bool *terraform, const char **error)
{
    json_error_t err;
    json_t *json = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    *error = NULL;
    if (!json) {
        *error = arena_printf(a, "%d:%d: %s", err.line, err.column, err.text);
        return NULL;
    }
    const json_t *doc = json, *body = json_object_get(json, "TemplateBody");
    if (json_is_object(body))
        doc = body;
    jval *out = NULL;
    if (json_is_object(doc) &&
        (json_object_get(doc, "Resources") || json_object_get(doc, "AWSTemplateFormatVersion"))) {
        *terraform = false;
        out = from_jansson(a, doc);
    } else if (json_is_object(doc) &&
               (json_object_get(doc, "resource") || json_object_get(doc, "terraform"))) {
        *terraform = true;
        out = from_jansson(a, doc);
    }
    json_decref(json);
    return out;
}

static change *new_change(differ *d, const res *r, change_action action)
{
    change *c = &d->r->changes[d->r->count++];
    c->name = r->name;
    c->type = r->type;
    c->action = action;
    return c;
}

diff_result *diff_stacks(arena *a, const jval *old, const jval *new_doc, bool terraform)
{
    differ d = {.a = a, .tf = terraform, .old_doc = old, .new_doc = new_doc};
    d.r = arena_alloc(a, sizeof *d.r);
    stack_read(a, old, terraform, &d.old);
    stack_read(a, new_doc, terraform, &d.new_);
    size_t outputs = count_of(jval_get(old, "Outputs"));
    d.r->changes = arena_array(a, d.old.count + d.new_.count + outputs + 1, sizeof *d.r->changes);
    for (size_t i = 0; i < d.new_.count; i++) {
        res *n = &d.new_.items[i];
        n->other = find(&d.old, n->name);
        if (n->other >= 0)
            d.old.items[n->other].other = (int)i;
    }
    /* the direct changes of each kept resource */
    verdict *v = arena_array(a, d.new_.count ? d.new_.count : 1, sizeof *v);
    for (size_t i = 0; i < d.new_.count; i++) {
        const res *n = &d.new_.items[i];
        if (n->other < 0)
            continue;
        const res *o = &d.old.items[n->other];
        if (strcmp(o->type, n->type) != 0) {
            v[i].replace = true;
            path_add(a, &v[i].causes, "Type");
            continue;
        }
        path_list paths = {0};
        changed_paths(a, o->props, n->props, "", &paths, terraform);
        for (size_t p = 0; p < paths.count; p++) {
            const char *path = paths.paths[p];
            if (removal_keeps(terraform, n->type, path) && jval_get(o->props, path) &&
                !jval_get(n->props, path))
                path_add(a, &v[i].causes,
                         arena_printf(a, "%s (removed: the instance stays where it is)", path));
            else
                judge(&d, n->type, path, NULL, o->props, n->props, &v[i]);
        }
    }
    /* replacements cascade through the properties that refer to the replaced */
    for (bool more = true; more;) {
        more = false;
        for (size_t i = 0; i < d.new_.count; i++) {
            const res *n = &d.new_.items[i];
            if (n->other < 0 || v[i].replace)
                continue;
            const char *k;
            jval *val;
            MEMBERS(n->props, k, val)
            {
                if (terraform && meta_argument(k))
                    continue;
                for (size_t j = 0; j < d.new_.count && !v[i].replace; j++) {
                    const res *t = &d.new_.items[j];
                    if (j == i || t->other < 0 || !v[j].replace || !refers(val, t->name, terraform))
                        continue;
                    judge(&d, n->type, k, arena_printf(a, "%s is replaced", t->name), NULL, NULL,
                          &v[i]);
                    more |= v[i].replace;
                }
            }
            /* RDS cannot move a DB subnet group to another VPC: all its subnets replaced
             * means a new group */
            const char *subnets = terraform ? "subnet_ids" : "SubnetIds";
            const jval *list = jval_get(n->props, subnets);
            bool db_group =
                strcmp(n->type, terraform ? "aws_db_subnet_group" : "AWS::RDS::DBSubnetGroup") == 0;
            if (db_group && !v[i].replace && count_of(list)) {
                size_t moved = 0, j;
                jval *item;
                ITEMS(list, j, item)
                {
                    for (size_t s = 0; s < d.new_.count; s++)
                        if (v[s].replace && d.new_.items[s].other >= 0 &&
                            refers(item, d.new_.items[s].name, terraform)) {
                            moved++;
                            break;
                        }
                }
                if (moved == count_of(list)) {
                    v[i].replace = true;
                    v[i].causes.count = 0;
                    path_add(a, &v[i].causes,
                             arena_printf(a,
                                          "%s (all its subnets are replaced: a DB subnet "
                                          "group cannot move to another VPC)",
                                          subnets));
                    more = true;
                }
            }
        }
    }
    /* the changes, in the new document's order */
    for (size_t i = 0; i < d.new_.count; i++) {
        res *n = &d.new_.items[i];
        if (n->other < 0) {
            n->c = new_change(&d, n, CHANGE_ADD);
            d.r->added++;
            continue;
        }
        if (!v[i].causes.count && !v[i].replace)
            continue;
        n->c = new_change(&d, n, v[i].replace ? CHANGE_REPLACE : CHANGE_UPDATE);
        n->c->downtime = !v[i].replace && v[i].downtime;
        n->c->properties = v[i].causes.paths;
        n->c->property_count = v[i].causes.count;
        const res *o = &d.old.items[n->other];
        if (strcmp(n->type, terraform ? "aws_db_instance" : "AWS::RDS::DBInstance") == 0)
            classify_database(&d, o, n, n->c);
        if (v[i].replace)
            classify_gone(&d, o, n->c);
        if (v[i].replace)
            d.r->replaced++;
        else
            d.r->updated++;
    }
    for (size_t i = 0; i < d.old.count; i++) {
        res *o = &d.old.items[i];
        if (o->other >= 0)
            continue;
        o->c = new_change(&d, o, CHANGE_DESTROY);
        classify_gone(&d, o, o->c);
        d.r->destroyed++;
    }
    check_exports(&d);
    for (size_t i = 0; i < d.r->count; i++) {
        d.r->data_loss |= d.r->changes[i].data_loss;
        d.r->refused |= d.r->changes[i].refused;
    }
    return d.r;
}

/* ---- the report ------------------------------------------------------------------------ */

static const char *const signs[] = {"+", "~", "-/+", "-"};
static const char *const actions[] = {"add", "update", "replace", "destroy"};

static char *text_report(const diff_result *r, size_t *len)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    if (!f)
        return NULL;
    size_t width = 0;
    for (size_t i = 0; i < r->count; i++) {
        size_t w = strlen(signs[r->changes[i].action]) + strlen(r->changes[i].name) +
                   strlen(r->changes[i].type) + 4;
        if (w > width)
            width = w;
    }
    for (size_t i = 0; i < r->count; i++) {
        const change *c = &r->changes[i];
        int w = fprintf(f, "%s %s (%s)", signs[c->action], c->name, c->type);
        const char *what = NULL;
        if (c->action == CHANGE_UPDATE && c->property_count)
            what = c->downtime ? "update in place, with downtime" : "update in place";
        else if (c->action == CHANGE_UPDATE)
            what = "changed";
        else if (c->action == CHANGE_REPLACE)
            what = "replaced";
        else if (c->action == CHANGE_DESTROY)
            what = "destroyed";
        if (what) {
            fprintf(f, "%*s%s", (int)(width + 2) - w, "", what);
            for (size_t p = 0; p < c->property_count; p++)
                fprintf(f, "%s%s", p ? ", " : ": ", c->properties[p]);
            if (c->action == CHANGE_DESTROY && c->reason && !c->data_loss)
                fprintf(f, ": %s", c->reason);
        }
        fputc('\n', f);
        if (c->data_loss || c->refused)
            fprintf(f, "    %s: %s\n", c->refused ? "refused" : "data loss",
                    c->reason + (strncmp(c->reason, "data loss: ", 11) == 0 ? 11 : 0));
        for (size_t k = 0; k < c->warning_count; k++)
            fprintf(f, "    warning: %s\n", c->warnings[k]);
    }
    fprintf(f, "diff: %d to add, %d to change, %d to replace, %d to destroy; data loss: %s",
            r->added, r->updated, r->replaced, r->destroyed, r->data_loss ? "yes" : "no");
    if (r->refused)
        fputs("; refused by AWS: yes", f);
    if (r->warnings)
        fprintf(f, "; %d warning%s", r->warnings, r->warnings == 1 ? "" : "s");
    fputc('\n', f);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    *len = size;
    return buf;
}

static char *json_report(const diff_result *r, size_t *len)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    if (!f)
        return NULL;
    bool ok = true;
    for (size_t i = 0; i <= r->count && ok; i++) {
        json_t *o = json_object();
        if (i < r->count) {
            const change *c = &r->changes[i];
            json_t *props = json_array(), *warns = json_array();
            for (size_t p = 0; p < c->property_count; p++)
                json_array_append_new(props, json_string(c->properties[p]));
            for (size_t k = 0; k < c->warning_count; k++)
                json_array_append_new(warns, json_string(c->warnings[k]));
            json_object_set_new(o, "resource", json_string(c->name));
            json_object_set_new(o, "type", json_string(c->type));
            json_object_set_new(o, "action", json_string(actions[c->action]));
            json_object_set_new(o, "downtime", json_boolean(c->downtime));
            json_object_set_new(o, "properties", props);
            json_object_set_new(o, "data_loss", json_boolean(c->data_loss));
            json_object_set_new(o, "refused", json_boolean(c->refused));
            json_object_set_new(o, "reason", c->reason ? json_string(c->reason) : json_null());
            json_object_set_new(o, "warnings", warns);
        } else {
            json_t *s = json_object();
            json_object_set_new(s, "add", json_integer(r->added));
            json_object_set_new(s, "change", json_integer(r->updated));
            json_object_set_new(s, "replace", json_integer(r->replaced));
            json_object_set_new(s, "destroy", json_integer(r->destroyed));
            json_object_set_new(s, "data_loss", json_boolean(r->data_loss));
            json_object_set_new(s, "refused", json_boolean(r->refused));
            json_object_set_new(s, "warnings", json_integer(r->warnings));
            json_object_set_new(o, "summary", s);
        }
        char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
        json_decref(o);
        ok = line != NULL;
        if (line)
            fprintf(f, "%s\n", line);
        free(line);
    }
    if (fclose(f) != 0 || !ok) {
        free(buf);
        return NULL;
    }
    *len = size;
    return buf;
}

char *diff_report(const diff_result *r, bool json, size_t *len)
{
    return json ? json_report(r, len) : text_report(r, len);
}
