/* model_controls.c - warnings for the secure defaults a spec turns off (see model_internal.h).
 *
 * A secure default that the spec turns off is allowed, with a warning that names the public
 * control it breaks, at the value that turns it off. Defaults are never warned about: a rule
 * fires only when the key is written in the spec. One row per control: the key, when its
 * value turns the control off (read from the model, so an engine that cannot have the
 * feature is not warned about), the code, and the message.
 */
#include "model_internal.h"

#include <string.h>

typedef struct control {
    const char *path; /* the key whose value turns the control off */
    /* The model has the control off (the key is written in the spec). */
    bool (*off)(const model *m);
    const char *code;
    /* The message: what is off, then the control in parentheses; a %s in it is the detail */
    const char *message;
    /* The detail of the message, in arena a; NULL when the message has no %s. */
    const char *(*detail)(arena *a, const model *m);
} control;

static bool flow_logs_off(const model *m)
{
    return !m->net.flow_logs;
}
static bool flow_logs_short(const model *m)
{
    return m->net.flow_retention_days < 365;
}
static bool default_sg_kept(const model *m)
{
    return !m->net.restrict_default_sg;
}
static bool no_deletion_protection(const model *m)
{
    return m->db.present && !m->db.deletion_protection;
}
static bool backups_short(const model *m)
{
    return m->db.present && m->db.backup_retention < 7;
}
static bool iam_auth_off(const model *m)
{
    return m->db.present && !m->db.iam_auth && m->db.iam_auth_possible;
}
static bool no_logs(const model *m)
{
    return m->db.present && !m->db.log_export_count;
}
static bool monitoring_off(const model *m)
{
    return m->db.present && !m->db.monitoring_interval;
}
static bool pi_off(const model *m)
{
    return m->db.present && !m->db.performance_insights && m->db.performance_insights_possible;
}
static bool pi_not_offered(const model *m)
{
    return m->db.present && !m->db.performance_insights_possible;
}
static bool rotation_slow(const model *m)
{
    return m->db.present && m->db.rotation && m->db.rotation_days >= 90;
}
static bool backtrack_off(const model *m)
{
    return m->db.present && m->db.engine->backtrack && !m->db.backtrack_hours;
}
static bool single_az(const model *m)
{
    /* an Aurora cluster's storage spans three AZs; its standbys are its readers */
    return m->db.present && m->db.topology == TOPOLOGY_INSTANCE && !m->db.multi_az;
}

static const char *days(arena *a, int n)
{
    return arena_printf(a, "%d day%s", n, n == 1 ? "" : "s");
}
static const char *flow_days(arena *a, const model *m)
{
    return days(a, m->net.flow_retention_days);
}
static const char *backup_days(arena *a, const model *m)
{
    return days(a, m->db.backup_retention);
}
static const char *rotation_days(arena *a, const model *m)
{
    return days(a, m->db.rotation_days);
}
static const char *engine_on_class(arena *a, const model *m)
{
    return arena_printf(a, "%s on %s", m->db.engine->display, m->db.instance_class);
}

static const control controls[] = {
    {"network.flow_logs", flow_logs_off, "control-ec2-6",
     "flow logs are off (AWS Security Hub EC2.6: VPC flow logging should be enabled in all "
     "VPCs)",
     NULL},
    {"network.flow_logs.retention_days", flow_logs_short, "control-ckv-aws-338",
     "flow logs are kept %s (AWS Security Hub CloudWatch.16, checkov CKV_AWS_338: CloudWatch "
     "log groups should retain logs for at least 1 year)",
     flow_days},
    {"network.restrict_default_security_group", default_sg_kept, "control-ec2-2",
     "the default security group keeps its rules (AWS Security Hub EC2.2: VPC default "
     "security groups should not allow inbound or outbound traffic)",
     NULL},
    {"database.deletion_protection", no_deletion_protection, "control-rds-8",
     "deletion protection is off (AWS Security Hub RDS.8: RDS DB instances should have "
     "deletion protection enabled)",
     NULL},
    {"database.backup.retention_days", backups_short, "control-rds-11",
     "automated backups are kept %s (AWS Security Hub RDS.11: RDS instances should have "
     "automatic backups enabled, for at least 7 days)",
     backup_days},
    {"database.iam_auth", iam_auth_off, "control-rds-10",
     "IAM database authentication is off (AWS Security Hub RDS.10: IAM authentication should "
     "be configured for RDS instances)",
     NULL},
    {"database.log_exports", no_logs, "control-rds-9",
     "no database logs are exported (AWS Security Hub RDS.9: RDS DB instances should publish "
     "logs to CloudWatch Logs)",
     NULL},
    {"database.monitoring_interval", monitoring_off, "control-rds-6",
     "enhanced monitoring is off (AWS Security Hub RDS.6: enhanced monitoring should be "
     "configured for RDS DB instances)",
     NULL},
    {"database.performance_insights", pi_off, "control-ckv-aws-353",
     "Performance Insights is off (checkov CKV_AWS_353: RDS instances should have Performance "
     "Insights enabled)",
     NULL},
    {"database.instance_class", pi_not_offered, "control-ckv-aws-353",
     "Performance Insights is not offered for %s (checkov CKV_AWS_353, CKV_AWS_354: RDS "
     "instances should have Performance Insights enabled, encrypted with a customer-managed "
     "key)",
     engine_on_class},
    {"database.backtrack_hours", backtrack_off, "control-ckv-aws-326",
     "backtracking is off (checkov CKV_AWS_326: RDS Aurora clusters should have backtracking "
     "enabled)",
     NULL},
    {"database.rotation_days", rotation_slow, "control-ckv-aws-304",
     "the database secret rotates every %s (checkov CKV_AWS_304: Secrets Manager secrets should "
     "be rotated within 90 days)",
     rotation_days},
    {"database.multi_az", single_az, "control-ckv-aws-157",
     "the database has no standby in another AZ (checkov CKV_AWS_157: RDS instances should "
     "have Multi-AZ enabled)",
     NULL},
};

/* A list of log exports that leaves out one of the engine's default logs: one warning per
 * log left out (an empty list is the row above). */
static void warn_narrowed_logs(model_ctx *c, const node *logs)
{
    const model_database *db = &c->m->db;
    if (!logs || !db->log_export_count)
        return;
    for (const char *const *def = db->engine->default_logs; *def; def++) {
        bool kept = false;
        for (size_t i = 0; i < db->log_export_count; i++)
            kept |= strcmp(db->log_exports[i], *def) == 0;
        if (!kept)
            diag_warning(c->d, &logs->loc, "control-rds-9",
                         "the '%s' log is not exported (AWS Security Hub RDS.9: RDS DB "
                         "instances should publish logs to CloudWatch Logs)",
                         *def);
    }
}

/* The rules of k's section are checked: its section was modelled. */
static bool modelled(const model_ctx *c, const control *k)
{
    return strncmp(k->path, "network.", 8) == 0 ? c->network_ok : c->database_ok;
}

void model_warn_controls(model_ctx *c, const node *spec)
{
    for (size_t i = 0; i < sizeof controls / sizeof *controls; i++) {
        const control *k = &controls[i];
        const node *n = model_node(spec, k->path);
        if (!n || !modelled(c, k) || !k->off(c->m))
            continue;
        if (k->detail)
            diag_warning(c->d, &n->loc, k->code, k->message, k->detail(c->a, c->m));
        else
            diag_warning(c->d, &n->loc, k->code, "%s", k->message);
    }
    if (c->m->db.present && c->database_ok)
        warn_narrowed_logs(c, model_node(spec, "database.log_exports"));
}
