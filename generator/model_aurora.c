/* model_aurora.c - the rules of an Aurora DB cluster (see model_internal.h): Serverless v2
 * capacity, backtracking, readers, and the instance keys that do not apply to a cluster.
 *
 * Serverless v2 (Aurora User Guide, "Aurora Serverless v2 capacity" and "Scaling to Zero ACUs
 * with automatic pause and resume"; RDS API ServerlessV2ScalingConfiguration): capacity in
 * steps of 0.5 ACU, at most 256; the least capacity 0 (pause when idle) on the versions of
 * engine.c's scale_to_zero_since, else 0.5; SecondsUntilAutoPause 300 to 86,400. Backtracking
 * (CreateDBCluster, BacktrackWindow): Aurora MySQL only, 0 to 259,200 seconds (72 hours).
 */
#include "model_internal.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_ACU2 = 512 /* 256 ACUs, in half ACUs */ };

/* The capacity at key of map as half ACUs, or fallback2 when absent; -1 (reported) when it is
 * not a multiple of 0.5. The schema has checked the type and the range. */
static int read_acu2(model_ctx *c, const node *map, const char *key, int fallback2)
{
    const node *n = node_get(map, key);
    if (!n)
        return fallback2;
    double v = strtod(n->text, NULL);
    int half = (int)(v * 2.0 + 0.5);
    if ((double)half != v * 2.0) {
        diag_error(c->d, &n->loc, "db-serverless-acu",
                   "Aurora Serverless v2 capacity is set in steps of 0.5 ACU; %s is not", n->text);
        return -1;
    }
    return half;
}

/* The version without the engine's prefix ("3.08.0" of "8.0.mysql_aurora.3.08.0"). */
static const char *bare_version(const engine_info *e, const char *v)
{
    size_t n = e->version_prefix ? strlen(e->version_prefix) : 0;
    return n && strncmp(v, e->version_prefix, n) == 0 ? v + n : v;
}

/* The first version of the database's major in a list of AWS's firsts per major (engine.h):
 * "" when every version of the major qualifies (a major after the last listed), NULL when
 * none does (then *first is the list's first). */
static const char *first_since(const model_database *db, const char *const *list,
                               const char **first)
{
    *first = list && list[0] ? list[0] : NULL;
    const char *last = NULL;
    char major[16];
    for (; list && *list; list++) {
        if (engine_major(db->engine, *list, major) && strcmp(major, db->major) == 0)
            return *list;
        last = *list;
    }
    if (last && engine_major(db->engine, last, major) && engine_version_cmp(db->major, major) > 0)
        return "";
    return NULL;
}

/* The database's version has what list's versions have (first_since); *since names from
 * which version it would. */
static bool version_has(const model_database *db, const char *const *list, const char **since)
{
    const char *first = NULL;
    const char *s = first_since(db, list, &first);
    *since = s ? s : first;
    if (s && !*s)
        return true;
    return s && engine_version_cmp(bare_version(db->engine, db->version), s) >= 0;
}

/* min_acu 0 needs a version that scales to zero (a major alone is its newest version). */
static void check_scale_to_zero(model_ctx *c, const srcloc *at, model_database *db)
{
    const engine_info *e = db->engine;
    const char *since = NULL;
    if (!version_has(db, e->scale_to_zero_since, &since))
        diag_error(c->d, at, "db-serverless-zero",
                   "%s %s cannot scale to 0 ACUs: Aurora Serverless v2 pauses from %s %s; set "
                   "'min_acu' to 0.5 or more, or upgrade",
                   e->display, bare_version(e, db->version), e->display, since ? since : "?");
}

static void check_serverless(model_ctx *c, const node *dbn, model_database *db)
{
    const node *sv = node_get(dbn, "serverless");
    const node *cls = node_get(dbn, "instance_class");
    db->serverless = strcmp(db->instance_class, "db.serverless") == 0;
    if (!db->serverless) {
        if (sv)
            diag_error(c->d, model_key_at(dbn, "serverless"), "db-serverless-class",
                       "'serverless' sets the capacity of db.serverless instances; this "
                       "cluster's are %s: set 'instance_class: db.serverless' or remove it",
                       db->instance_class);
        return;
    }
    if (!sv) {
        diag_error(c->d, model_at_either(cls, dbn), "db-serverless-missing",
                   "db.serverless instances need the cluster's capacity range: add "
                   "'serverless: { min_acu: 0.5, max_acu: N }'");
        return;
    }
    const fjson *dmin = model_default(c, "database.serverless.min_acu");
    int min2 = read_acu2(c, sv, "min_acu", (int)(fj_number(dmin) * 2.0));
    int max2 = read_acu2(c, sv, "max_acu", -1);
    db->min_acu2 = min2 < 0 ? 1 : min2;
    db->max_acu2 = max2 < 0 ? MAX_ACU2 : max2;
    if (min2 >= 0 && max2 >= 0 && min2 > max2)
        diag_error(c->d, model_at(node_get(sv, "min_acu")), "db-serverless-range",
                   "'min_acu' %s is above 'max_acu' %s", node_get(sv, "min_acu")->text,
                   node_get(sv, "max_acu")->text);
    const char *since = NULL;
    if (max2 > 256 && !version_has(db, db->engine->acu256_since, &since))
        diag_error(c->d, model_at(node_get(sv, "max_acu")), "db-serverless-max",
                   "%s %s scales to at most 128 ACUs (256 from %s)", db->engine->display,
                   bare_version(db->engine, db->version), since ? since : "?");
    const node *pause = node_get(sv, "auto_pause_minutes");
    if (min2 == 0) {
        check_scale_to_zero(c, model_at(node_get(sv, "min_acu")), db);
        db->auto_pause_seconds =
            60 * model_int(c, sv, "auto_pause_minutes", "database.serverless.auto_pause_minutes");
    } else if (pause) {
        diag_error(c->d, &pause->loc, "db-serverless-pause",
                   "'auto_pause_minutes' applies only with 'min_acu: 0' (an instance pauses "
                   "only at 0 ACUs)");
    }
}

void model_check_aurora(model_ctx *c, const node *dbn, model_database *db)
{
    const engine_info *e = db->engine;
    db->topology = TOPOLOGY_AURORA;
    /* readers are cluster members: RDS manages the master password of every cluster */
    db->managed_password = true;
    static const struct {
        const char *key, *why;
    } instance_only[] = {
        {"multi_az", "an Aurora cluster is Multi-AZ through its readers: set 'replicas'"},
        {"replica_multi_az", "Aurora readers are the cluster's standbys"},
    };
    for (size_t i = 0; i < sizeof instance_only / sizeof *instance_only; i++)
        if (node_get(dbn, instance_only[i].key))
            diag_error(c->d, model_key_at(dbn, instance_only[i].key), "db-aurora-key",
                       "'%s' is for RDS instances; %s", instance_only[i].key, instance_only[i].why);
    /* a cluster always keeps backups (CreateDBCluster, BackupRetentionPeriod: "Must be a value
     * from 1 to 35") */
    const node *ret = model_node(dbn, "backup.retention_days");
    if (ret && ret->ival < 1)
        diag_error(c->d, &ret->loc, "db-aurora-backup",
                   "an Aurora cluster keeps its backups 1 to 35 days; 0 is an RDS instance's");
    check_serverless(c, dbn, db);
    const char *since = NULL;
    if (strcmp(db->storage_type, "aurora-iopt1") == 0 && !version_has(db, e->iopt1_since, &since))
        diag_error(c->d, model_at(model_node(dbn, "storage.type")), "storage-aurora-iopt1",
                   "Aurora I/O-Optimized storage needs %s %s or later; this is %s", e->display,
                   since ? since : "?", bare_version(e, db->version));
    const node *bt = node_get(dbn, "backtrack_hours");
    if (bt && !e->backtrack)
        diag_error(c->d, &bt->loc, "db-backtrack-engine",
                   "backtracking is Aurora MySQL's; %s has none: remove 'backtrack_hours'",
                   e->display);
    db->backtrack_hours = !e->backtrack ? 0 : bt ? (int)bt->ival : 24;
}
