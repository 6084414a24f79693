/* engine.c - the table of database engines (see engine.h). */
#include "engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Sources: default ports, the TLS parameters and the log exports are the RDS User Guide's
 * (docs/language.md, "Engines"); RDS Extended Support exists for RDS for MySQL and RDS for
 * PostgreSQL only (CreateDBInstance, EngineLifecycleSupport: "This setting applies only to
 * RDS for MySQL and RDS for PostgreSQL"); Performance Insights is not offered for MySQL and
 * MariaDB on db.t2/t3/t4g micro and small (RDS User Guide, "Supported DB engines, Regions and
 * instance classes for Performance Insights"). The rotation functions: RotationType is the
 * CloudFormation reference's (AWS::SecretsManager::RotationSchedule HostedRotationLambda); the
 * Serverless Application Repository applications and their versions per partition are the
 * ones the AWS CDK pins (aws/aws-cdk packages/aws-cdk-lib/aws-secretsmanager/lib/
 * secret-rotation.ts, commit 0b89b3c3: versions whose function runs on Python 3.10, since
 * Lambda ended Python 3.9 on 2025-12-15). */
static const char *const pg_logs_default[] = {"postgresql", "upgrade", NULL};
static const char *const pg_logs[] = {"postgresql", "upgrade", "iam-db-auth-error", NULL};
static const char *const mysql_logs_default[] = {"error", "slowquery", NULL};
static const char *const mysql_logs[] = {"error", "general",           "slowquery",
                                         "audit", "iam-db-auth-error", NULL};
/* Multi-AZ DB clusters (RDS User Guide, "Multi-AZ DB cluster deployments"): RDS for MySQL and
 * RDS for PostgreSQL only. Their classes are AWS's data (awsdata.h, cluster_classes); a spec
 * that names none gets the smallest general-purpose Graviton class the data offers for every
 * major that has clusters (a unit test checks it is offered). */
static const char *const cluster_class = "db.m6gd.large";

/* Aurora (Aurora User Guide): Aurora PostgreSQL exports the postgresql and instance logs,
 * Aurora MySQL audit, error, general, slowquery and instance, and every engine
 * iam-db-auth-error (CreateDBCluster and CreateDBInstance, EnableCloudwatchLogsExports); Serverless
 * v2 scales to 0 ACUs from Aurora PostgreSQL 13.15, 14.12, 15.7 and 16.3 and Aurora MySQL 3.08.0
 * ("Scaling to Zero ACUs with automatic pause and resume", its capacity table; docs/language.md);
 * backtracking is Aurora MySQL's only. */
static const char *const apg_logs_default[] = {"postgresql", NULL};
static const char *const apg_logs[] = {"postgresql", "instance", "iam-db-auth-error", NULL};
static const char *const amysql_logs[] = {
    "audit", "error", "general", "slowquery", "instance", "iam-db-auth-error", NULL};
/* the audit log by default: checkov CKV_AWS_325 asks an Aurora MySQL cluster for it */
static const char *const amysql_logs_default[] = {"audit", "error", "slowquery", NULL};
static const char *const apg_zero[] = {"13.15", "14.12", "15.7", "16.3", NULL};
static const char *const amysql_zero[] = {"3.08.0", NULL};
/* 256 ACUs from Aurora PostgreSQL 13.13, 14.10, 15.5, 16.1 and Aurora MySQL 3.06.0 (the same
 * capacity table); I/O-Optimized from Aurora PostgreSQL 13.10, 14.7, 15.2, 16.1, 17.4 and
 * Aurora MySQL 3.03.1 (Aurora User Guide, "Supported Regions and Aurora DB engines for DB
 * cluster storage configurations") */
static const char *const apg_256[] = {"13.13", "14.10", "15.5", "16.1", NULL};
static const char *const amysql_256[] = {"3.06.0", NULL};
static const char *const apg_iopt1[] = {"13.10", "14.7", "15.2", "16.1", "17.4", NULL};
static const char *const amysql_iopt1[] = {"3.03.1", NULL};
static const char *const amysql_no_pi[] = {"t2", "t3", NULL};
/* Aurora PostgreSQL and a Multi-AZ DB cluster of PostgreSQL log the statements slower than a
 * second (query logging that checkov CKV2_AWS_27 asks of a cluster's parameter group);
 * log_statement stays PostgreSQL's default, none, written so that it is seen: "ddl" or "all" would
 * write ALTER ROLE ... PASSWORD into the logs. */
static const char *const pg_query_logging[] = {"log_min_duration_statement", "1000",
                                               "log_statement", "none", NULL};

/* Designated fields: what a row leaves out is false / NULL (no such feature). */
static const engine_info engines[] = {
    {.name = "postgres",
     .default_version = "17",
     .major_parts = 1,
     .default_port = 5432,
     .tls_parameter = "rds.force_ssl",
     .default_logs = pg_logs_default,
     .allowed_logs = pg_logs,
     .username_max = 63,
     .dbname_max = 63,
     .pi_on_small_classes = true,
     .extended_support = true,
     .display = "PostgreSQL",
     .rotation_type = "PostgreSQLSingleUser",
     .rotation_app = "SecretsManagerRDSPostgreSQLRotationSingleUser",
     .rotation_version = "1.1.671",
     .rotation_version_gov = "1.1.397",
     .default_class = "db.t4g.micro",
     .default_storage_type = "gp3",
     .multi_az_cluster_class = cluster_class,
     .multi_az_cluster_parameters = pg_query_logging},
    {.name = "mysql",
     .default_version = "8.4",
     .major_parts = 2,
     .default_port = 3306,
     .tls_parameter = "require_secure_transport",
     .tls_on_word = "ON",
     .default_logs = mysql_logs_default,
     .allowed_logs = mysql_logs,
     .username_max = 16,
     .dbname_max = 64,
     .extended_support = true,
     .display = "MySQL",
     .rotation_type = "MySQLSingleUser",
     .rotation_app = "SecretsManagerRDSMySQLRotationSingleUser",
     .rotation_version = "1.1.671",
     .rotation_version_gov = "1.1.397",
     .default_class = "db.t4g.micro",
     .default_storage_type = "gp3",
     .multi_az_cluster_class = cluster_class},
    {.name = "mariadb",
     .default_version = "11.4",
     .major_parts = 2,
     .default_port = 3306,
     .tls_parameter = "require_secure_transport",
     .tls_on_word = "ON",
     .default_logs = mysql_logs_default,
     .allowed_logs = mysql_logs,
     .username_max = 16,
     .dbname_max = 64,
     .iam_auth_since = "10.11",
     .display = "MariaDB",
     .rotation_type = "MariaDBSingleUser",
     .rotation_app = "SecretsManagerRDSMariaDBRotationSingleUser",
     .rotation_version = "1.1.670",
     .rotation_version_gov = "1.1.399",
     .default_class = "db.t4g.micro",
     .default_storage_type = "gp3"},
    /* Aurora: RDS manages the master password of every cluster, so no rotation function.
     * CreateDBCluster: MasterUsername "1 to 16 letters or numbers", for both engines. */
    {.name = "aurora-postgresql",
     .default_version = "17",
     .major_parts = 1,
     .default_port = 5432,
     .tls_parameter = "rds.force_ssl",
     .default_logs = apg_logs_default,
     .allowed_logs = apg_logs,
     .username_max = 16,
     .dbname_max = 63,
     .pi_on_small_classes = true,
     .extended_support = true,
     .display = "Aurora PostgreSQL",
     .aurora = true,
     .default_class = "db.t4g.medium",
     .default_storage_type = "aurora",
     .scale_to_zero_since = apg_zero,
     .acu256_since = apg_256,
     .iopt1_since = apg_iopt1,
     .default_parameters = pg_query_logging},
    /* Performance Insights: not on db.t2, db.t3, db.t4g.micro and small (Aurora User Guide,
     * "Amazon Aurora DB engine, Region, and instance class support for Performance
     * Insights") */
    {.name = "aurora-mysql",
     .default_version = "3",
     .major_parts = 1,
     .default_port = 3306,
     .tls_parameter = "require_secure_transport",
     .tls_on_word = "ON",
     .default_logs = amysql_logs_default,
     .allowed_logs = amysql_logs,
     .username_max = 16,
     .dbname_max = 64,
     .extended_support = true,
     .display = "Aurora MySQL",
     .aurora = true,
     .default_class = "db.t4g.medium",
     .default_storage_type = "aurora",
     .version_prefix = "8.0.mysql_aurora.",
     .scale_to_zero_since = amysql_zero,
     .acu256_since = amysql_256,
     .iopt1_since = amysql_iopt1,
     .backtrack = true,
     .pi_excluded_series = amysql_no_pi},
};

const engine_info *engine_find(const char *name)
{
    for (size_t i = 0; i < sizeof engines / sizeof *engines; i++)
        if (strcmp(engines[i].name, name) == 0)
            return &engines[i];
    return NULL;
}

const char *engine_major(const engine_info *e, const char *version, char *buf)
{
    size_t plen = e->version_prefix ? strlen(e->version_prefix) : 0;
    if (plen && strncmp(version, e->version_prefix, plen) == 0)
        version += plen;
    const char *p = version;
    for (int part = 0; part < e->major_parts; part++) {
        p = strchr(p, '.');
        if (!p) {
            if (part + 1 < e->major_parts)
                return NULL;
            p = version + strlen(version);
            break;
        }
        if (part + 1 < e->major_parts)
            p++;
    }
    size_t n = (size_t)(p - version);
    if (n >= 16)
        return NULL;
    memcpy(buf, version, n);
    buf[n] = '\0';
    return buf;
}

bool engine_list_has(const char *const *list, const char *name, bool fold)
{
    for (; list && *list; list++)
        if (fold ? strcasecmp(*list, name) == 0 : strcmp(*list, name) == 0)
            return true;
    return false;
}

const rds_engine_data *engine_data(const engine_info *e)
{
    return awsdata_engine(e->name);
}

int engine_version_cmp(const char *a, const char *b)
{
    while (*a || *b) {
        const char *pa = a, *pb = b;
        long x = strtol(a, (char **)&a, 10), y = strtol(b, (char **)&b, 10);
        if (x != y)
            return x < y ? -1 : 1;
        if ((a == pa && *a) || (b == pb && *b)) /* not a number ("-rds.2025"): the rest */
            return strcmp(a, b) < 0 ? -1 : strcmp(a, b) > 0;
        if (*a == '.')
            a++;
        if (*b == '.')
            b++;
        if (!*a && !*b)
            break;
    }
    return 0;
}

bool engine_class_is_small(const char *instance_class)
{
    const char *size = strrchr(instance_class, '.');
    return size && (strcmp(size, ".micro") == 0 || strcmp(size, ".small") == 0);
}
