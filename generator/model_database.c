/* model_database.c - the model of the database: engine and version, names, storage,
 * windows, parameters, replicas and the features that depend on the engine and the class
 * (see model_internal.h; what each engine supports is engine.c's table).
 */
#include "model_internal.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "reserved.h"

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

/* ---- dates: "today" is the date of AWS's data (awsdata.h), never the clock -------------- */

/* Days since 1970-01-01 of the civil date y-m-d (Howard Hinnant's days_from_civil). */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Days since 1970-01-01 of "YYYY-MM-DD". */
static long day_number(const char *date)
{
    int y = 0, m = 0, d = 0;
    if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3)
        return 0;
    return days_from_civil(y, m, d);
}

/* A standard support that ends within this many days of the data's date is warned about. */
enum { SUPPORT_WARNING_DAYS = 180 };

/* ---- version ----------------------------------------------------------------------------- */

/* "a, b and c" ("a, b or c" with or) of the n strings (in the arena). */
static const char *join_words(arena *a, const char *const *items, size_t n, bool or)
{
    const char *out = n ? items[0] : "";
    for (size_t i = 1; i < n; i++)
        out = arena_printf(a, "%s%s%s", out, i + 1 < n ? ", " : or ? " or " : " and ", items[i]);
    return out;
}

static const char *join_list(arena *a, const char *const *items, size_t n)
{
    return join_words(a, items, n, false);
}

/* The majors of e that RDS offers, and those with standard support, as lists. */
static const char *majors_list(arena *a, const rds_engine_data *data, bool supported_only,
                               const char *after)
{
    const char **names = arena_array(a, data->major_count + 1, sizeof *names);
    size_t n = 0;
    long today = day_number(aws_data_date);
    for (size_t i = 0; i < data->major_count; i++) {
        const rds_major *m = &data->majors[i];
        if (supported_only && m->standard_end && day_number(m->standard_end) < today)
            continue;
        if (after && engine_version_cmp(m->major, after) <= 0)
            continue;
        names[n++] = m->major;
    }
    return join_words(a, names, n, after != NULL);
}

/* AWS's name of a version a spec may write without the engine's prefix: "3.08.0" is
 * 8.0.mysql_aurora.3.08.0, "3.08" the newest 8.0.mysql_aurora.3.08.x offered (as given when
 * none is: the caller reports it). */
static const char *full_version(arena *a, const engine_info *e, const rds_major *m, const char *v)
{
    size_t plen = strlen(e->version_prefix);
    if (strncmp(v, e->version_prefix, plen) == 0)
        return v;
    const char *dot = strchr(v, '.');
    if (dot && strchr(dot + 1, '.'))
        return arena_printf(a, "%s%s", e->version_prefix, v);
    const char *want = arena_printf(a, "%s%s.", e->version_prefix, v), *best = NULL;
    for (size_t i = 0; i < m->version_count; i++)
        if (strncmp(m->versions[i], want, strlen(want)) == 0 &&
            (!best || engine_version_cmp(m->versions[i] + plen, best + plen) > 0))
            best = m->versions[i];
    return best ? best : arena_printf(a, "%s%s", e->version_prefix, v);
}

/* The newest version of m offered (not a Limitless Database one): what an Aurora major alone
 * compiles to, since CloudFormation creates no Aurora cluster of a bare major (cfn-lint's
 * data marks "16" and "8.0" deprecated for new DB clusters). */
static const char *newest_version(const rds_major *m)
{
    const char *best = m->major;
    for (size_t i = 0; i < m->version_count; i++)
        if (!strstr(m->versions[i], "-limitless"))
            best = m->versions[i]; /* ascending */
    return best;
}

/* The version: a major RDS offers, or a full version of one; its support dates. */
static void check_version(model_ctx *c, const node *dbn, model_database *db)
{
    const engine_info *e = db->engine;
    const rds_engine_data *data = engine_data(e);
    const node *vn = node_get(dbn, "version");
    const srcloc *at = model_at_either(vn, dbn);
    db->version = vn ? vn->text : e->default_version;
    char major[16];
    if (engine_major(e, db->version, major))
        db->data = awsdata_major(data, major);
    if (!db->data) {
        diag_error(c->d, at, "db-version",
                   "RDS offers no %s version '%s'; the majors it offers: %s", e->display,
                   db->version, majors_list(c->a, data, false, NULL));
        db->data = awsdata_major(data, e->default_version);
        db->major = e->default_version;
        db->family = db->data->family;
        return;
    }
    const rds_major *m = db->data;
    db->major = m->major;
    db->family = m->family;
    if (e->version_prefix && strcmp(db->version, m->major) != 0)
        db->version = full_version(c->a, e, m, db->version);
    if (e->aurora && strcmp(db->version, m->major) == 0)
        db->version = newest_version(m);
    if (strcmp(db->version, m->major) != 0) {
        if (awsdata_list_has(m->retired, m->retired_count, db->version))
            diag_warning(c->d, at, "db-version-retired",
                         "RDS no longer offers %s %s for new databases (a live one may still "
                         "run it); name the major, '%s', to get RDS's default minor version",
                         e->display, db->version, m->major);
        else if (!awsdata_list_has(m->versions, m->version_count, db->version))
            diag_error(c->d, at, "db-version",
                       "RDS offers no %s version '%s'; its %s versions are %s (or name the "
                       "major, '%s')",
                       e->display, db->version, m->major,
                       join_list(c->a, m->versions, m->version_count), m->major);
    }

    /* Extended Support: RDS for MySQL and PostgreSQL only (CreateDBInstance) */
    const node *es = node_get(dbn, "extended_support");
    if (es && !e->extended_support)
        diag_error(c->d, &es->loc, "db-extended-support-engine",
                   "%s has no RDS Extended Support; remove 'extended_support'", e->display);
    bool newest = c->m->epoch >= EPOCH_2026_12;
    /* 2026-11 keeps AWS's default, enrolment; 2026-12 says no unless the spec says yes */
    db->extended_support = e->extended_support && (es ? es->bval : !newest);
    if (e->extended_support && (newest || es))
        db->lifecycle = db->extended_support ? "open-source-rds-extended-support"
                                             : "open-source-rds-extended-support-disabled";
    if (!m->standard_end)
        return;
    long today = day_number(aws_data_date), end = day_number(m->standard_end);
    const char *later = majors_list(c->a, data, true, m->major);
    const char *upgrade =
        *later ? arena_printf(c->a, "upgrade to %s", later) : "no newer major is offered yet";
    if (end < today &&
        (!db->extended_support || !m->extended_end || day_number(m->extended_end) < today)) {
        if (!e->extended_support || (m->extended_end && day_number(m->extended_end) < today))
            diag_error(
                c->d, at, "db-end-of-support",
                "%s %s reached the end of standard support on %s%s (AWS data of %s): "
                "%s",
                e->display, m->major, m->standard_end,
                m->extended_end && e->extended_support
                    ? arena_printf(c->a, " and of RDS Extended Support on %s", m->extended_end)
                    : "",
                aws_data_date, upgrade);
        else
            diag_error(c->d, at, "db-end-of-support",
                       "%s %s reached the end of standard support on %s (AWS data of %s): with "
                       "RDS Extended Support off, RDS refuses a new database of it; %s, or set "
                       "'extended_support: true' (charged per vCPU-hour, until %s)",
                       e->display, m->major, m->standard_end, aws_data_date, upgrade,
                       m->extended_end ? m->extended_end : "a date AWS has not announced");
    } else if (end < today) {
        diag_warning(c->d, at, "db-extended-support",
                     "%s %s reached the end of standard support on %s (AWS data of %s): it "
                     "runs in RDS Extended Support, charged per vCPU-hour until %s%s; %s",
                     e->display, m->major, m->standard_end, aws_data_date,
                     m->extended_end ? m->extended_end : "a date AWS has not announced",
                     es ? ""
                        : " (AWS's default enrolment, which this spec keeps: 'defaults: "
                          "2026-12' turns it off)",
                     upgrade);
    } else if (end - today <= SUPPORT_WARNING_DAYS) {
        diag_warning(c->d, at, "db-support-ending",
                     "%s %s's standard support ends on %s, within %d days of the AWS data's "
                     "date (%s); %s",
                     e->display, m->major, m->standard_end, SUPPORT_WARNING_DAYS, aws_data_date,
                     *later ? arena_printf(c->a, "plan the upgrade to %s", later) : upgrade);
    }
}

/* ---- instance class ---------------------------------------------------------------------- */

/* "t4g" of "db.t4g.micro" into buf; its series "t" into series. */
static void class_parts(const char *cls, char *family, size_t fn, char *series, size_t sn,
                        const char **size)
{
    const char *f = strncmp(cls, "db.", 3) == 0 ? cls + 3 : cls;
    const char *dot = strchr(f, '.');
    size_t n = dot ? (size_t)(dot - f) : strlen(f);
    snprintf(family, fn, "%.*s", (int)n, f);
    size_t k = 0;
    while (k < n && !(f[k] >= '0' && f[k] <= '9'))
        k++;
    snprintf(series, sn, "%.*s", (int)k, f);
    *size = dot ? dot + 1 : "";
}

enum { NEAREST_MAX = 6 };

/* The classes offered (in set and, when region is not NULL, in region) nearest to cls: of the
 * same series and size, else of the same size, else of the same series; up to NEAREST_MAX,
 * as a list in the arena ("" when there is none). */
static const char *nearest_classes(arena *a, const char *cls, aws_index_set set,
                                   const aws_index_set *region)
{
    char fam[32], ser[16], f2[32], s2[16];
    const char *size, *size2;
    class_parts(cls, fam, sizeof fam, ser, sizeof ser, &size);
    const char *picked[NEAREST_MAX];
    size_t n = 0;
    for (int pass = 0; pass < 3 && !n; pass++) {
        for (size_t i = 0; i < set.count && n < NEAREST_MAX; i++) {
            int idx = set.items[i];
            if (region && !awsdata_set_has(*region, idx))
                continue;
            const char *other = rds_class_names[idx];
            class_parts(other, f2, sizeof f2, s2, sizeof s2, &size2);
            bool same_size = strcmp(size, size2) == 0, same_series = strcmp(ser, s2) == 0;
            if ((pass == 0 && same_size && same_series) || (pass == 1 && same_size) ||
                (pass == 2 && same_series))
                picked[n++] = other;
        }
    }
    return join_list(a, picked, n);
}

/* The class, against the classes AWS offers for the engine's major (in the region, when the
 * spec names one): instances', or Multi-AZ DB clusters'. */
static void check_class(model_ctx *c, const node *dbn, model_database *db)
{
    const node *cn = node_get(dbn, "instance_class");
    bool cluster = db->topology == TOPOLOGY_MULTI_AZ_CLUSTER;
    db->instance_class = cn        ? cn->text
                         : cluster ? db->engine->multi_az_cluster_class
                                   : db->engine->default_class;
    const rds_region_classes *region =
        c->m->region ? awsdata_region(engine_data(db->engine), c->m->region) : NULL;
    if (cluster && !db->data->cluster_version_count)
        return; /* no cluster of this major at all: its version says so */
    aws_index_set set = cluster ? db->data->cluster_classes : db->data->classes;
    const aws_index_set *region_set = !region   ? NULL
                                      : cluster ? &region->cluster_classes
                                                : &region->classes;
    int idx = awsdata_class_index(db->instance_class);
    bool offered = awsdata_set_has(set, idx);
    bool in_region = !region_set || awsdata_set_has(*region_set, idx);
    if (offered && in_region)
        return;
    const char *near = nearest_classes(c->a, db->instance_class, set, region_set);
    diag_error(c->d, model_at_either(cn, dbn), "db-instance-class",
               "RDS does not offer '%s' for %s %s%s%s%s%s", db->instance_class, db->engine->display,
               db->major, cluster ? " Multi-AZ DB clusters" : "",
               offered ? arena_printf(c->a, " in %s", region->region) : "",
               *near ? "; the nearest it offers: " : "", near);
}

/* ---- names ------------------------------------------------------------------------------- */

static void check_names(model_ctx *c, const node *dbn, model_database *db)
{
    const engine_info *e = db->engine;
    const node *name = node_get(dbn, "name");
    db->name = name ? name->text : NULL;
    if (name && (int)strlen(name->text) > e->dbname_max)
        diag_error(c->d, &name->loc, "db-name",
                   "database name '%s' is longer than %s allows (%d characters)", name->text,
                   e->display, e->dbname_max);
    const node *user = node_get(dbn, "username");
    db->username = model_str(c, dbn, "username", "database.username");
    if (user && (int)strlen(user->text) > e->username_max)
        diag_error(c->d, &user->loc, "db-username",
                   "user name '%s' is longer than %s allows (%d characters)", user->text,
                   e->display, e->username_max);
    if (user && reserved_user(e->name, user->text))
        diag_error(c->d, &user->loc, "db-username-reserved",
                   "'%s' is reserved by %s or RDS; choose another master user name", user->text,
                   e->display);
}

/* ---- parameters -------------------------------------------------------------------------- */

/* The parameters vpcgen sets itself, for the engine's TLS and its log exports. */
typedef struct known_parameter {
    const char *name;
    const char *log; /* the log export that needs it, NULL: the TLS parameter */
    const char *value;
} known_parameter;

/* RDS for MySQL and MariaDB write the slow query and general logs only when these are set,
 * and to the files CloudWatch Logs reads only with log_output = FILE (RDS User Guide,
 * "Publishing MySQL logs to Amazon CloudWatch Logs": "must use a custom parameter group with
 * the parameter setting slow_query_log = 1 ... general_log = 1 ... log_output = FILE"; the
 * default of log_output is TABLE). */
static const known_parameter log_parameters[] = {
    {"slow_query_log", "slowquery", "1"},
    {"general_log", "general", "1"},
    {"log_output", "slowquery", "FILE"},
    {"log_output", "general", "FILE"},
};

static bool exports(const model_database *db, const char *log)
{
    for (size_t i = 0; i < db->log_export_count; i++)
        if (strcmp(db->log_exports[i], log) == 0)
            return true;
    return false;
}

/* The value text of a parameter as RDS reads it: booleans as 1 and 0. */
static const char *parameter_text(const node *v)
{
    return v->type == SCALAR_BOOL ? (v->bval ? "1" : "0") : v->text;
}

/* A spelling of 1 the TLS parameter takes: 1, "1", true, and the engine's word (ON). */
static bool tls_on(const engine_info *e, const node *v)
{
    const char *t = parameter_text(v);
    return strcmp(t, "1") == 0 || (e->tls_on_word && strcmp(t, e->tls_on_word) == 0);
}

static void add_parameter(model_database *db, const char *key, const char *value, bool number)
{
    for (size_t i = 0; i < db->parameter_count; i++)
        if (strcmp(db->parameters[i].key, key) == 0)
            return;
    db->parameters[db->parameter_count++] = (kv){key, value, number};
}

/* parameters: the TLS parameter first (forced to 1), then what the log exports need, then
 * the spec's in its order. A parameter vpcgen sets is refused in another letter case than
 * RDS's (RDS's names are case-sensitive: it would be a second, unknown parameter, or turn TLS
 * off unnoticed), and refused with a value that undoes it. */
static void build_parameters(model_ctx *c, const node *dbn, model_database *db)
{
    const engine_info *e = db->engine;
    const node *params = node_get(dbn, "parameters");
    size_t n = params ? params->count : 0;
    size_t nlog = sizeof log_parameters / sizeof *log_parameters;
    const char *const *defaults = db->topology == TOPOLOGY_MULTI_AZ_CLUSTER
                                      ? e->multi_az_cluster_parameters
                                      : e->default_parameters;
    size_t ndef = 0;
    for (const char *const *d = defaults; d && *d; d += 2)
        ndef++;
    db->parameters = arena_array(c->a, n + nlog + ndef + 2, sizeof *db->parameters);
    add_parameter(db, e->tls_parameter, "1", true);
    /* Aurora MySQL writes the audit log with Advanced Auditing on (Aurora User Guide, "Using
     * Advanced Auditing with an Amazon Aurora MySQL DB cluster": server_audit_logging) */
    if (db->aurora_audit)
        add_parameter(db, "server_audit_logging", "1", true);
    bool mysql_logs = e->tls_on_word != NULL; /* the MySQL family has these logs */
    for (size_t k = 0; mysql_logs && k < nlog; k++) {
        const known_parameter *p = &log_parameters[k];
        const node *given = node_get(params, p->name);
        if (exports(db, p->log) && !given)
            add_parameter(db, p->name, p->value, strcmp(p->value, "1") == 0);
        else if (exports(db, p->log) && strcasecmp(parameter_text(given), p->value) != 0 &&
                 !(strcmp(p->value, "1") == 0 && strcmp(parameter_text(given), "ON") == 0))
            diag_error(c->d, &given->loc, "db-log-parameter",
                       "exporting the '%s' log needs '%s: %s' (RDS writes the log only then); "
                       "this is '%s'",
                       p->log, p->name, p->value, parameter_text(given));
    }
    for (size_t i = 0; i < n; i++) {
        const node_pair *p = &params->pairs[i];
        const char *key = p->key->text;
        bool number = p->value->type == SCALAR_INT || p->value->type == SCALAR_FLOAT;
        const char *known = strcasecmp(key, e->tls_parameter) == 0 ? e->tls_parameter : NULL;
        for (size_t k = 0; !known && mysql_logs && k < nlog; k++)
            if (strcasecmp(key, log_parameters[k].name) == 0)
                known = log_parameters[k].name;
        if (known && strcmp(key, known) != 0) {
            diag_error(c->d, &p->key->loc, "parameter-case",
                       "RDS's parameter names are case-sensitive: write '%s', not '%s'", known,
                       key);
            continue;
        }
        if (known == e->tls_parameter) {
            if (!tls_on(e, p->value))
                diag_error(c->d, &p->value->loc, "tls-required",
                           "TLS is always required: '%s' must be 1", key);
            continue;
        }
        model_refuse_dynamic_reference(c, p->value);
        add_parameter(db, key, parameter_text(p->value), number);
    }
    for (const char *const *d = defaults; d && *d; d += 2)
        add_parameter(db, d[0], d[1], d[1][0] >= '0' && d[1][0] <= '9');
}

/* ---- log exports ------------------------------------------------------------------------- */

/* The MARIADB_AUDIT_PLUGIN option writes the audit log: for RDS for MySQL in every 8.4 and
 * 5.7 version and from 8.0.28 (RDS User Guide, "Options for MySQL DB instances"), for
 * MariaDB from 10.3 ("Options for MariaDB database engine"). */
static const char *audit_plugin_since(const model_database *db)
{
    if (strcmp(db->engine->name, "mysql") == 0 && strcmp(db->major, "8.0") == 0)
        return "8.0.28";
    return NULL;
}

static void build_log_exports(model_ctx *c, const node *dbn, model_database *db)
{
    const engine_info *e = db->engine;
    const node *logs = node_get(dbn, "log_exports");
    if (logs) {
        db->log_exports = arena_array(c->a, logs->count, sizeof *db->log_exports);
        for (size_t i = 0; i < logs->count; i++) {
            const node *l = logs->items[i];
            if (!engine_list_has(e->allowed_logs, l->text, false)) {
                size_t k = 0;
                while (e->allowed_logs[k])
                    k++;
                diag_error(c->d, &l->loc, "db-log-export", "%s has no log '%s'; its logs are: %s",
                           e->display, l->text, join_list(c->a, e->allowed_logs, k));
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
    bool newest = c->m->epoch >= EPOCH_2026_12;
    /* the log groups RDS writes to, created by the stack with its retention: a group RDS
     * already created under that name on a live stack would collide, so 2026-12 only */
    db->log_groups = newest && db->log_export_count;
    db->log_retention = c->m->net.flow_retention_days;
    if (!exports(db, "audit"))
        return;
    const srcloc *at = NULL; /* at the list's 'audit' */
    for (size_t i = 0; logs && i < logs->count; i++)
        if (strcmp(logs->items[i]->text, "audit") == 0)
            at = &logs->items[i]->loc;
    if (e->aurora) { /* Aurora MySQL's Advanced Auditing: a cluster parameter, no option */
        db->aurora_audit = true;
        return;
    }
    if (db->topology == TOPOLOGY_MULTI_AZ_CLUSTER) {
        diag_error(c->d, at, "db-cluster-audit",
                   "the audit log needs the MARIADB_AUDIT_PLUGIN option, and a Multi-AZ DB "
                   "cluster has no option groups; remove 'audit'");
        return;
    }
    const char *since = audit_plugin_since(db);
    if (since && strcmp(db->version, db->major) != 0 &&
        engine_version_cmp(db->version, since) < 0) {
        diag_error(c->d, at, "db-audit-plugin",
                   "the audit log needs the MARIADB_AUDIT_PLUGIN option, which %s has from %s; "
                   "this is %s",
                   e->display, since, db->version);
        return;
    }
    db->audit_plugin = newest;
    if (!newest)
        diag_warning(c->d, at, "db-audit-empty",
                     "the 'audit' log stays empty without the MARIADB_AUDIT_PLUGIN option; "
                     "'defaults: 2026-12' adds an option group with it");
}

/* ---- features ---------------------------------------------------------------------------- */

/* The class ("db.t3.medium") is of one of the NULL-terminated series ("t3"). */
static bool in_series(const char *const *series, const char *cls)
{
    for (; series && *series; series++) {
        size_t n = strlen(*series);
        if (strncmp(cls, "db.", 3) == 0 && strncmp(cls + 3, *series, n) == 0 && cls[3 + n] == '.')
            return true;
    }
    return false;
}

static void check_features(model_ctx *c, const node *dbn, model_database *db)
{
    const engine_info *e = db->engine;
    const node *pi = node_get(dbn, "performance_insights");
    bool pi_ok = db->performance_insights_possible =
        (e->pi_on_small_classes || !engine_class_is_small(db->instance_class)) &&
        !in_series(e->pi_excluded_series, db->instance_class);
    db->performance_insights = pi ? pi->bval : pi_ok;
    if (pi && pi->bval && !pi_ok)
        diag_error(c->d, &pi->loc, "db-performance-insights",
                   "%s does not support Performance Insights on '%s' (%s classes)", e->display,
                   db->instance_class,
                   e->pi_excluded_series ? "db.t2, db.t3, micro and small" : "micro and small");
    db->performance_insights_retention = 7;
    /* Database Insights: not on the classes that have no Performance Insights (RDS User
     * Guide, "Supported DB engines ... for CloudWatch Database Insights"); advanced needs
     * Performance Insights kept 465 days (CreateDBInstance, DatabaseInsightsMode) */
    const node *ins = node_get(dbn, "insights");
    const char *mode = model_str(c, dbn, "insights", "database.insights");
    if (pi_ok)
        db->insights = mode;
    if (ins && !pi_ok)
        diag_error(c->d, &ins->loc, "db-insights",
                   "%s has no Database Insights on '%s' (micro and small classes)", e->display,
                   db->instance_class);
    else if (strcmp(mode, "advanced") == 0 && !db->performance_insights)
        diag_error(c->d, &ins->loc, "db-insights",
                   "advanced Database Insights needs Performance Insights; remove "
                   "'performance_insights: false'");
    else if (strcmp(mode, "advanced") == 0)
        db->performance_insights_retention = 465;
    db->monitoring_interval =
        model_int(c, dbn, "monitoring_interval", "database.monitoring_interval");

    const node *iam = node_get(dbn, "iam_auth");
    bool cluster = db->topology == TOPOLOGY_MULTI_AZ_CLUSTER;
    bool iam_ok = db->iam_auth_possible =
        !cluster && (!e->iam_auth_since || engine_version_cmp(db->major, e->iam_auth_since) >= 0);
    db->iam_auth = iam ? iam->bval : iam_ok;
    if (iam && iam->bval && cluster)
        diag_error(c->d, &iam->loc, "db-iam-auth",
                   "a Multi-AZ DB cluster has no IAM database authentication (CloudFormation "
                   "refuses EnableIAMDatabaseAuthentication on one); remove 'iam_auth'");
    else if (iam && iam->bval && !iam_ok)
        diag_error(c->d, &iam->loc, "db-iam-auth",
                   "%s supports IAM authentication from version %s; this is %s", e->display,
                   e->iam_auth_since, db->version);
}

/* Where the instances live. 2026-11: RDS places the primary; replica i (0-based) in AZ slot
 * (i + 1) mod AZs, which moves replicas when AZs are added. 2026-12, and every Aurora
 * cluster: a single-AZ primary (the writer) in slot 0 and replica (reader) i in slot
 * (i + 1) mod 2: the first two AZs exist in every stack, so no instance ever moves when AZs
 * are added (moving one replaces it in Terraform). */
static void place(model_ctx *c, model_database *db)
{
    bool newest = c->m->epoch >= EPOCH_2026_12;
    int azs = c->m->net.az_count;
    bool aurora = db->topology == TOPOLOGY_AURORA; /* new in 2026-12: placed the stable way */
    db->az = (newest || aurora) && !db->multi_az ? 0 : -1;
    for (int i = 0; i < db->replicas && i < MAX_READERS; i++)
        db->replica_az[i] = newest || aurora ? (i + 1) % 2 : (i + 1) % azs;
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
    const node *maz = node_get(dbn, "multi_az");
    bool cluster = maz && maz->type == SCALAR_STR && strcmp(maz->text, "cluster") == 0;
    if (cluster && e->multi_az_cluster_class)
        db->topology = TOPOLOGY_MULTI_AZ_CLUSTER;
    else if (cluster && !e->aurora)
        diag_error(c->d, &maz->loc, "db-cluster-engine",
                   "Multi-AZ DB clusters are RDS for MySQL's and PostgreSQL's; %s has none: set "
                   "'multi_az: true' for a standby instance",
                   e->display);
    if (!nw->tiers[TIER_DATABASE].present)
        diag_error(c->d, model_key_at(node_get(root, "network"), "subnets"), "db-tier",
                   "a database needs the 'database' subnet tier");
    check_version(c, dbn, db);
    check_class(c, dbn, db);
    const node *port = node_get(dbn, "port");
    db->port = port ? (int)port->ival : e->default_port;
    check_names(c, dbn, db);
    model_check_storage(c, dbn, db);
    db->multi_az = cluster || model_bool(c, dbn, "multi_az", "database.multi_az");

    const node *backup = node_get(dbn, "backup");
    const node *retention = node_get(backup, "retention_days");
    db->backup_retention = model_int(c, backup, "retention_days", "database.backup.retention_days");
    check_windows(c, dbn, db);
    db->deletion_protection =
        model_bool(c, dbn, "deletion_protection", "database.deletion_protection");

    const node *replicas = node_get(dbn, "replicas");
    db->replicas = model_int(c, dbn, "replicas", "database.replicas");
    if (db->replicas > 0 && db->backup_retention < 1 && !e->aurora)
        diag_error(c->d, model_at_either(retention, replicas), "replicas-backup",
                   "read replicas need automated backups: 'backup.retention_days' must be at "
                   "least 1");
    if (!e->aurora && db->replicas > MAX_REPLICAS)
        diag_error(c->d, &replicas->loc, "db-replicas",
                   "RDS gives %s at most %d read replicas; this is %d (Aurora takes up to 15 "
                   "readers)",
                   e->display, MAX_REPLICAS, db->replicas);
    db->managed_password = db->replicas == 0;
    bool newest = c->m->epoch >= EPOCH_2026_12;
    const node *rma = node_get(dbn, "replica_multi_az");
    db->replica_multi_az = rma ? rma->bval : newest && db->multi_az;
    db->replica_multi_az_written = rma != NULL;
    if (e->aurora) {
        model_check_aurora(c, dbn, db);
        db->multi_az = db->replica_multi_az = false;
    } else if (db->topology == TOPOLOGY_MULTI_AZ_CLUSTER) {
        model_check_multi_az_cluster(c, dbn, db);
    }
    /* the stack-owned secret rotates with AWS's rotation function, which runs in the private
     * subnets and must reach Secrets Manager (its NAT, or the endpoint) and the database */
    const node *rot = node_get(dbn, "rotation_days");
    db->rotation_days = model_int(c, dbn, "rotation_days", "database.rotation_days");
    db->rotation = !db->managed_password && (newest || rot);
    if (rot && db->managed_password)
        diag_warning(c->d, &rot->loc, "rotation-managed",
                     "'rotation_days' is for the secret the stack owns (with replicas): RDS "
                     "rotates the secret it manages every 7 days");
    if (db->rotation && !nw->tiers[TIER_PRIVATE].present)
        diag_error(c->d, model_at_either(rot, replicas), "rotation-needs-private",
                   "rotating the stack's secret needs the 'private' subnet tier, where the "
                   "rotation function runs");
    else if (db->rotation && (nw->nat == NAT_NONE || !nw->nat_count) &&
             !nw->endpoints[EP_SECRETSMANAGER])
        diag_error(c->d, model_at_either(rot, replicas), "rotation-unreachable",
                   "the rotation function of the stack's secret must reach Secrets Manager: set "
                   "'network.nat' or add 'secretsmanager' to 'network.endpoints'");
    check_features(c, dbn, db);
    build_log_exports(c, dbn, db);
    build_parameters(c, dbn, db);
    place(c, db);
}
