/* engine.h - what each database engine is, as one table.
 *
 * The facts about an engine that are not AWS's published offerings live in one row per
 * engine: default port, version and logs, the TLS parameter, name limits and the features
 * that depend on the instance class or the version. What RDS offers (versions, classes,
 * support dates, parameter group families) is AWS's own data, in awsdata.h; each row names
 * its data (a unit test checks every engine of the schema has both), and the master user
 * names the engine refuses are reserved.h's.
 */
#ifndef VPCGEN_ENGINE_H
#define VPCGEN_ENGINE_H

#include <stdbool.h>

#include "awsdata.h"

typedef struct engine_info {
    const char *name;            /* spec value and RDS Engine: "postgres" */
    const char *default_version; /* the engine's current major */
    int major_parts;             /* components in a major: 1 for "17", 2 for "8.4" */
    int default_port;
    const char *tls_parameter;       /* the parameter that forces TLS, set to "1" */
    const char *tls_on_word;         /* another spelling of 1 it takes ("ON"), or NULL */
    const char *const *default_logs; /* CloudWatch log exports by default */
    const char *const *allowed_logs; /* log exports the engine has */
    int username_max;                /* longest master user name */
    int dbname_max;                  /* longest database name */
    bool pi_on_small_classes;        /* Performance Insights on *.micro / *.small */
    const char *iam_auth_since;      /* first version with IAM auth, NULL = all */
    bool extended_support;           /* RDS Extended Support exists (EngineLifecycleSupport) */
    const char *display;             /* for messages: "PostgreSQL" */
    /* AWS's single-user rotation function of the engine's secret */
    const char *rotation_type;        /* CloudFormation HostedRotationLambda.RotationType */
    const char *rotation_app;         /* its Serverless Application Repository application */
    const char *rotation_version;     /* the application's version in the aws partition */
    const char *rotation_version_gov; /* and in aws-us-gov */
    /* Aurora: every database is a DB cluster of instances (a writer and readers) */
    bool aurora;
    const char *default_class;              /* the instance class when the spec names none */
    const char *default_storage_type;       /* gp3; Aurora: aurora */
    const char *version_prefix;             /* AWS's prefix of a full version that a spec may leave
                                               out ("8.0.mysql_aurora." of 8.0.mysql_aurora.3.08.0),
                                               or NULL */
    const char *const *scale_to_zero_since; /* Serverless v2 at 0 ACU: the first version of
                                               each major that has it (a major after the last
                                               listed has it from its first); NULL: no
                                               Serverless v2 */
    const char *const *acu256_since;        /* Serverless v2 up to 256 ACUs (else 128), the
                                               same way */
    const char *const *iopt1_since;         /* Aurora I/O-Optimized storage, the same way */
    bool backtrack;                         /* Aurora MySQL's backtracking */
    const char *const *default_parameters;  /* name, value pairs set unless the spec sets
                                               them, NULL-terminated; or NULL */
    const char *const *pi_excluded_series;  /* class series without Performance Insights
                                               ("t2", "t3"), NULL-terminated; or NULL */
    const char *multi_az_cluster_class;     /* the engine has Multi-AZ DB clusters: the class
                                               of one when the spec names none; NULL: none */
    const char *const *multi_az_cluster_parameters; /* default_parameters of a Multi-AZ DB
                                                       cluster's parameter group */
} engine_info;

/* The row for an engine name, or NULL (borrowed, static). */
const engine_info *engine_find(const char *name);
/* AWS's data of the engine (never NULL for a row of the table: a unit test checks it). */
const rds_engine_data *engine_data(const engine_info *e);

/* The major version of a version string ("17.2" -> "17", "8.4.3" -> "8.4"; Aurora MySQL
 * "8.0.mysql_aurora.3.08.0" and "3.08" -> "3") written into buf (at least 16 bytes); NULL
 * when version has fewer components than a major needs. */
const char *engine_major(const engine_info *e, const char *version, char *buf);
/* Compares dotted versions numerically: <0, 0, >0. */
int engine_version_cmp(const char *a, const char *b);
/* The instance class is a micro or small size ("db.t4g.micro", "db.t3.small"). */
bool engine_class_is_small(const char *instance_class);
/* True when name is in the NULL-terminated list (case-insensitive when fold). */
bool engine_list_has(const char *const *list, const char *name, bool fold);

#endif
