/* model_database.c - the model of the database: engine and version, names, storage,
 * windows, parameters, replicas and the features that depend on the engine and the class
 * (see model_internal.h; what each engine supports is engine.c's table).
 */
#include "model_internal.h"

#include <stdio.h>
#include <string.h>

/* Minutes since the start of the day of "HH:MM". */
static int day_minutes(const char *s)
{
    return ((s[0] - '0') * 10 + (s[1] - '0')) * 60 + (s[3] - '0') * 10 + (s[4] - '0');
}

/* Minutes since Monday 00:00 of "ddd:HH:MM". */
static int week_minutes(const char *s)
{
    static const char days[] = "montuewedthufrisatsun";
    int day = 0;
    for (int i = 0; i < 7; i++)
        if (strncmp(days + i * 3, s, 3) == 0)
            day = i;
    return day * 1440 + day_minutes(s + 4);
}

/* Length of [start, end) on a circle of size period. */
static int span(int start, int end, int period)
{
    return ((end - start) % period + period) % period;
}

/* [a, a+alen) and [b, b+blen) on a circle of size period share a minute. */
static bool circ_overlap(int a, int alen, int b, int blen, int period)
{
    return span(b, a, period) < blen || span(a, b, period) < alen;
}

static void check_windows(model_ctx *c, const node *dbn, model_database *db)
{
    const node *bw = node_get(node_get(dbn, "backup"), "window");
    const node *mw = node_get(dbn, "maintenance_window");
    int bstart = 0, blen = 0, mstart = 0, mlen = 0;
    if (bw) {
        bstart = day_minutes(bw->text);
        blen = span(bstart, day_minutes(bw->text + 6), 1440);
        if (blen < 30)
            diag_error(c->d, &bw->loc, "window-short",
                       "backup window '%s' is %d minutes; RDS needs at least 30", bw->text, blen);
    }
    if (mw) {
        mstart = week_minutes(mw->text);
        mlen = span(mstart, week_minutes(mw->text + 10), 7 * 1440);
        if (mlen < 30)
            diag_error(c->d, &mw->loc, "window-short",
                       "maintenance window '%s' is %d minutes; RDS needs at least 30", mw->text,
                       mlen);
    }
    if (bw && mw && blen >= 30 && mlen >= 30) {
        for (int day = 0; day < 7; day++) {
            if (circ_overlap(day * 1440 + bstart, blen, mstart, mlen, 7 * 1440)) {
                diag_error(c->d, &mw->loc, "window-overlap",
                           "maintenance window '%s' overlaps the daily backup window '%s'",
                           mw->text, bw->text);
                diag_note(c->d, &bw->loc, "the backup window is set here");
                break;
            }
        }
    }
    db->backup_window = bw ? bw->text : NULL;
    db->maintenance_window = mw ? mw->text : NULL;
}

static void check_names(model_ctx *c, const node *dbn, model_database *db)
{
    const engine_info *e = db->engine;
    const node *name = node_get(dbn, "name");
    db->name = name ? name->text : NULL;
    if (name && (int)strlen(name->text) > e->dbname_max)
        diag_error(c->d, &name->loc, "db-name",
                   "database name '%s' is longer than %s allows "
                   "(%d characters)",
                   name->text, e->display, e->dbname_max);
    const node *user = node_get(dbn, "username");
    db->username = model_str(c, dbn, "username", "database.username");
    if (user && (int)strlen(user->text) > e->username_max)
        diag_error(c->d, &user->loc, "db-username",
                   "user name '%s' is longer than %s allows "
                   "(%d characters)",
                   user->text, e->display, e->username_max);
    if (user && (engine_list_has(e->reserved_users, user->text, true) ||
                 (strcmp(e->name, "postgres") == 0 && strncmp(user->text, "pg_", 3) == 0) ||
                 strncmp(user->text, "rds", 3) == 0))
        diag_error(c->d, &user->loc, "db-username-reserved",
                   "'%s' is reserved by %s or RDS; choose another master user name", user->text,
                   e->display);
}

static void check_storage(model_ctx *c, const node *dbn, model_database *db)
{
    const node *st = node_get(dbn, "storage");
    const node *max = node_get(st, "max_size_gb"), *iops = node_get(st, "iops");
    const node *type = node_get(st, "type");
    db->storage_gb = model_int(c, st, "size_gb", "database.storage.size_gb");
    db->storage_type = model_str(c, st, "type", "database.storage.type");
    db->max_storage_gb = max ? (int)max->ival : 0;
    db->iops = iops ? (int)iops->ival : 0;
    bool provisioned = strcmp(db->storage_type, "io1") == 0 || strcmp(db->storage_type, "io2") == 0;
    if (max && db->max_storage_gb <= db->storage_gb)
        diag_error(c->d, &max->loc, "storage-max",
                   "'max_size_gb' (%d) must be larger than "
                   "'size_gb' (%d)",
                   db->max_storage_gb, db->storage_gb);
    if (iops && strcmp(db->storage_type, "gp2") == 0)
        diag_error(c->d, &iops->loc, "storage-iops",
                   "'iops' applies only to io1, io2 and gp3 "
                   "storage, not gp2");
    if (iops && strcmp(db->storage_type, "gp3") == 0 && db->storage_gb < 400)
        diag_error(c->d, &iops->loc, "storage-iops-gp3",
                   "gp3 IOPS can be set only from 400 GiB "
                   "of storage (below that RDS gives a fixed 3000)");
    if (provisioned && !iops)
        diag_error(c->d, model_at_either(type, st), "storage-iops-missing",
                   "%s storage needs 'iops'", db->storage_type);
    if (provisioned && db->storage_gb < 100)
        diag_error(c->d, model_at_either(node_get(st, "size_gb"), st), "storage-size",
                   "%s storage needs at least 100 GiB", db->storage_type);
}

/* parameters: the TLS parameter first (forced to 1), then the spec's in its order. */
static void build_parameters(model_ctx *c, const node *dbn, model_database *db)
{
    const node *params = node_get(dbn, "parameters");
    size_t n = params ? params->count : 0;
    db->parameters = arena_array(c->a, n + 1, sizeof *db->parameters);
    db->parameters[db->parameter_count++] = (kv){db->engine->tls_parameter, "1", true};
    for (size_t i = 0; i < n; i++) {
        const node_pair *p = &params->pairs[i];
        bool number = p->value->type == SCALAR_INT || p->value->type == SCALAR_FLOAT;
        if (strcmp(p->key->text, db->engine->tls_parameter) == 0) {
            if (!(p->value->type == SCALAR_INT && p->value->ival == 1) &&
                !(p->value->type == SCALAR_BOOL && p->value->bval) &&
                strcmp(p->value->text, "ON") != 0)
                diag_error(c->d, &p->value->loc, "tls-required",
                           "TLS is always required: '%s' must be 1", p->key->text);
            continue;
        }
        model_refuse_dynamic_reference(c, p->value);
        const char *text =
            p->value->type == SCALAR_BOOL ? (p->value->bval ? "1" : "0") : p->value->text;
        db->parameters[db->parameter_count++] = (kv){p->key->text, text, number};
    }
}

void model_build_database(model_ctx *c, const node *root)
{
    const node *dbn = node_get(root, "database");
    model_database *db = &c->m->db;
    model_network *nw = &c->m->net;
    if (!dbn)
        return;
    db->present = true;
    db->engine = engine_find(model_str(c, dbn, "engine", "database.engine"));
    const engine_info *e = db->engine;
    if (!nw->tiers[TIER_DATABASE].present)
        diag_error(c->d, model_key_at(node_get(root, "network"), "subnets"), "db-tier",
                   "a database needs the 'database' subnet tier");

    const node *vn = node_get(dbn, "version");
    db->version = vn ? vn->text : e->default_version;
    char major[16];
    if (!engine_major(e, db->version, major) || !engine_supports_major(e, major)) {
        char list[128] = "";
        for (const char *const *v = e->majors; *v; v++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                     v == e->majors ? "" : ", ", *v);
        diag_error(c->d, model_at_either(vn, dbn), "db-version",
                   "%s version '%s' is not supported; supported major versions: %s", e->display,
                   db->version, list);
        snprintf(major, sizeof major, "%s", e->default_version);
    }
    db->family = arena_printf(c->a, "%s%s", e->name, major);
    db->instance_class = model_str(c, dbn, "instance_class", "database.instance_class");
    const node *port = node_get(dbn, "port");
    db->port = port ? (int)port->ival : e->default_port;
    check_names(c, dbn, db);
    check_storage(c, dbn, db);
    db->multi_az = model_bool(c, dbn, "multi_az", "database.multi_az");

    const node *backup = node_get(dbn, "backup");
    const node *retention = node_get(backup, "retention_days");
    db->backup_retention = model_int(c, backup, "retention_days", "database.backup.retention_days");
    check_windows(c, dbn, db);
    db->deletion_protection =
        model_bool(c, dbn, "deletion_protection", "database.deletion_protection");
    build_parameters(c, dbn, db);

    const node *replicas = node_get(dbn, "replicas");
    db->replicas = model_int(c, dbn, "replicas", "database.replicas");
    if (db->replicas > 0 && db->backup_retention < 1)
        diag_error(c->d, model_at_either(retention, replicas), "replicas-backup",
                   "read replicas need automated backups: 'backup.retention_days' must be at "
                   "least 1");
    db->managed_password = db->replicas == 0;

    const node *pi = node_get(dbn, "performance_insights");
    bool pi_ok = db->performance_insights_possible =
        e->pi_on_small_classes || !engine_class_is_small(db->instance_class);
    db->performance_insights = pi ? pi->bval : pi_ok;
    if (pi && pi->bval && !pi_ok)
        diag_error(c->d, &pi->loc, "db-performance-insights",
                   "%s does not support Performance Insights on '%s' (micro and small classes)",
                   e->display, db->instance_class);
    db->monitoring_interval =
        model_int(c, dbn, "monitoring_interval", "database.monitoring_interval");

    const node *iam = node_get(dbn, "iam_auth");
    bool iam_ok = db->iam_auth_possible =
        !e->iam_auth_since || engine_version_cmp(major, e->iam_auth_since) >= 0;
    db->iam_auth = iam ? iam->bval : iam_ok;
    if (iam && iam->bval && !iam_ok)
        diag_error(c->d, &iam->loc, "db-iam-auth",
                   "%s supports IAM authentication from version %s; this is %s", e->display,
                   e->iam_auth_since, db->version);

    const node *logs = node_get(dbn, "log_exports");
    if (logs) {
        db->log_exports = arena_array(c->a, logs->count, sizeof *db->log_exports);
        for (size_t i = 0; i < logs->count; i++) {
            const node *l = logs->items[i];
            if (!engine_list_has(e->allowed_logs, l->text, false)) {
                char list[128] = "";
                for (const char *const *v = e->allowed_logs; *v; v++)
                    snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                             v == e->allowed_logs ? "" : ", ", *v);
                diag_error(c->d, &l->loc, "db-log-export", "%s has no log '%s'; its logs are: %s",
                           e->display, l->text, list);
                continue;
            }
            db->log_exports[db->log_export_count++] = l->text;
        }
    } else {
        size_t n = 0;
        while (e->default_logs[n])
            n++;
        db->log_exports = arena_array(c->a, n, sizeof *db->log_exports);
        for (size_t i = 0; i < n; i++)
            db->log_exports[db->log_export_count++] = e->default_logs[i];
    }
}
