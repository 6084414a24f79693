/* model_cluster.c - the rules of a Multi-AZ DB cluster (see model_internal.h).
 *
 * A Multi-AZ DB cluster is RDS for MySQL's or PostgreSQL's: one writer and two readable
 * standbys, each in its own AZ, that RDS creates with the cluster (CreateDBCluster; RDS User
 * Guide, "Multi-AZ DB cluster deployments"). Its versions and classes are AWS's data
 * (awsdata.h: cluster_versions, cluster_classes). It keeps backups 1 to 35 days
 * (CreateDBCluster, BackupRetentionPeriod). What it does not have ("Limitations of Multi-AZ DB
 * clusters"): option groups (so no MARIADB_AUDIT_PLUGIN and no audit log), storage autoscaling
 * and dual stack (network.ipv6); CloudFormation refuses IAM database authentication,
 * AvailabilityZones and NetworkType on one (cfn-lint 1.51.0, E3692,
 * aws_rds_dbcluster/multiaz.json). The storage rules are model_storage.c's.
 */
#include "model_internal.h"

#include <string.h>

enum { CLUSTER_AZS = 3 };

static const char *cluster_majors(arena *a, const rds_engine_data *data)
{
    const char *out = "";
    for (size_t i = 0; i < data->major_count; i++)
        if (data->majors[i].cluster_version_count)
            out = arena_printf(a, "%s%s%s", out, *out ? ", " : "", data->majors[i].major);
    return out;
}

static const char *version_list(arena *a, const char *const *v, size_t n)
{
    const char *out = "";
    for (size_t i = 0; i < n; i++)
        out = arena_printf(a, "%s%s%s", out, i ? ", " : "", v[i]);
    return out;
}

/* A major names the newest version the data offers for clusters: CloudFormation takes only
 * full versions for a DBCluster of postgres or mysql (cfn-lint's engine_version.json). */
static void check_cluster_version(model_ctx *c, const node *dbn, model_database *db)
{
    const rds_major *m = db->data;
    const node *vn = node_get(dbn, "version");
    const srcloc *at = model_at_either(vn, dbn);
    if (!m->cluster_version_count) {
        diag_error(c->d, at, "db-cluster-version",
                   "RDS offers no Multi-AZ DB cluster of %s %s; the majors that have one: %s",
                   db->engine->display, m->major, cluster_majors(c->a, engine_data(db->engine)));
        return;
    }
    if (strcmp(db->version, m->major) == 0)
        db->version = m->cluster_versions[m->cluster_version_count - 1]; /* ascending */
    else if (!awsdata_list_has(m->cluster_versions, m->cluster_version_count, db->version))
        diag_error(c->d, at, "db-cluster-version",
                   "RDS offers no Multi-AZ DB cluster of %s %s; its %s cluster versions are %s "
                   "(or name the major, '%s')",
                   db->engine->display, db->version, m->major,
                   version_list(c->a, m->cluster_versions, m->cluster_version_count), m->major);
}

void model_check_multi_az_cluster(model_ctx *c, const node *dbn, model_database *db)
{
    static const struct {
        const char *key, *why;
    } instance_only[] = {
        {"replicas", "a Multi-AZ DB cluster's two readable standbys are its readers"},
        {"replica_multi_az", "a Multi-AZ DB cluster has no read replicas"},
    };
    for (size_t i = 0; i < sizeof instance_only / sizeof *instance_only; i++)
        if (node_get(dbn, instance_only[i].key))
            diag_error(c->d, model_key_at(dbn, instance_only[i].key), "db-cluster-key",
                       "'%s' is for RDS instances; %s", instance_only[i].key, instance_only[i].why);
    db->replicas = 0;
    db->replica_multi_az = false;
    db->multi_az = true;
    db->managed_password = true; /* RDS manages the master password of every cluster */
    check_cluster_version(c, dbn, db);
    if (c->m->net.az_count < CLUSTER_AZS)
        diag_error(c->d, model_key_at(dbn, "multi_az"), "db-cluster-azs",
                   "a Multi-AZ DB cluster puts its writer and two standbys in three AZs; the "
                   "network has %d: set 'network.azs: 3'",
                   c->m->net.az_count);
    if (c->m->net.ipv6)
        diag_error(c->d, model_key_at(dbn, "multi_az"), "db-cluster-ipv6",
                   "a Multi-AZ DB cluster has no dual-stack mode (\"Limitations of Multi-AZ DB "
                   "clusters\"); set 'network.ipv6: false', or use an instance or Aurora");
    const node *ret = model_node(dbn, "backup.retention_days");
    if (ret && ret->ival < 1)
        diag_error(c->d, &ret->loc, "db-cluster-backup",
                   "a Multi-AZ DB cluster keeps its backups 1 to 35 days; 0 is an RDS "
                   "instance's");
}
