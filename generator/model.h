/* model.h - pass 3: the resolved stack, target-independent.
 *
 * model_build applies the environment overlay (deep merge, maps key by key, scalars and
 * lists replace), fills every default (constants from the schema's "default" annotations,
 * derived ones from the engine table), checks every semantic rule of spec-v1 as a located
 * diagnostic at the node a user would fix, allocates subnets stably, and derives what both
 * targets need (AZ selection, engine family and port, bastion architecture, credential mode).
 * Everything here is decided once; the plan and the emitters only read it.
 */
#ifndef VPCGEN_MODEL_H
#define VPCGEN_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "cidr.h"
#include "diag.h"
#include "engine.h"
#include "load.h"
#include "schema.h"

enum { MAX_AZS = 6, MAX_REPLICAS = 5, MAX_READERS = 15 };

typedef enum { TIER_PUBLIC, TIER_PRIVATE, TIER_DATABASE, TIER_COUNT } tier_id;
/* zonal gateways (single, per-az), one regional gateway for the VPC, or one NAT instance */
typedef enum { NAT_NONE, NAT_SINGLE, NAT_PER_AZ, NAT_REGIONAL, NAT_INSTANCE } nat_mode;
/* eice: ssh through an EC2 Instance Connect Endpoint, to a bastion in a private subnet */
typedef enum { ACCESS_SSM, ACCESS_SSH, ACCESS_EICE } bastion_access;
typedef enum {
    EP_S3,
    EP_DYNAMODB,
    EP_SSM,
    EP_SECRETSMANAGER,
    EP_ECR,
    EP_LOGS,
    EP_COUNT
} endpoint_id;

/* Names as written in specs, indexed by the enums above. */
extern const char *const tier_names[TIER_COUNT];
extern const char *const endpoint_names[EP_COUNT];

typedef struct kv {
    const char *key;
    const char *value; /* scalar rendered as text */
    bool is_number;    /* value is an integer or number (RDS wants parameters as strings) */
} kv;

typedef struct model_tier {
    bool present;
    bool explicit_cidrs; /* given as a list of {az, cidr} */
    int mask;            /* for tiers given by mask */
    cidr subnets[MAX_AZS];
} model_tier;

typedef struct model_network {
    cidr vpc;
    int az_count;
    const char *az_names[MAX_AZS]; /* all NULL when the spec gave a count (Fn::GetAZs / data) */
    int reserve_azs;
    nat_mode nat;
    int nat_count; /* NAT devices: 0, 1 or az_count (a regional gateway or an instance: 1) */
    bool flow_logs;
    int flow_retention_days;
    const char *flow_traffic; /* REJECT, ACCEPT, ALL */
    bool restrict_default_sg;
    bool ipv6; /* dual stack (network.ipv6) */
    bool endpoints[EP_COUNT];
    model_tier tiers[TIER_COUNT];
} model_network;

typedef struct model_bastion {
    bool present;
    bastion_access access;
    const char *instance_type;
    bool arm64;
    const char **allowed_cidrs;
    size_t allowed_count;
    const char *key_name; /* NULL when absent */
    tier_id tier;         /* public for ssh, private for ssm and eice */
} model_bastion;

/* What the database is: an instance (with read replicas), an Aurora DB cluster (a writer and
 * readers, its members), or a Multi-AZ DB cluster (postgres or mysql: RDS creates its writer
 * and two readable standbys, in three AZs). */
typedef enum { TOPOLOGY_INSTANCE, TOPOLOGY_AURORA, TOPOLOGY_MULTI_AZ_CLUSTER } db_topology;

typedef struct model_database {
    bool present;
    db_topology topology;
    const engine_info *engine;
    const rds_major *data; /* AWS's data of the major */
    const char *version;   /* as given or the engine's default */
    const char *major;     /* "17", "8.4" */
    const char *family;    /* parameter group family: "postgres17" */
    const char *instance_class;
    const char *name; /* NULL when absent */
    const char *username;
    int port;
    int storage_gb, max_storage_gb; /* max 0 = no autoscaling; a Multi-AZ DB cluster: of each
                                       of its instances */
    const char *storage_type;
    int iops;       /* 0 = absent */
    int throughput; /* gp3 MiB/s; 0 = absent */
    bool multi_az;  /* a standby (or, as a Multi-AZ DB cluster, two) in other AZs */
    int backup_retention;
    const char *backup_window;      /* NULL = AWS default */
    const char *maintenance_window; /* NULL = AWS default */
    bool deletion_protection;
    kv *parameters; /* the TLS parameter first, then those its log exports need, then the
                       spec's in its order */
    size_t parameter_count;
    int replicas; /* read replicas; Aurora: reader instances */
    /* Aurora Serverless v2 (instance_class db.serverless): capacity in half ACUs */
    bool serverless;
    int min_acu2, max_acu2;
    int auto_pause_seconds; /* with min 0: seconds idle before it pauses; else 0 */
    int backtrack_hours;    /* Aurora MySQL; 0: off */
    bool performance_insights;
    bool performance_insights_possible; /* the engine has it on this class */
    int performance_insights_retention; /* days: 7, or 465 for advanced Database Insights */
    const char *insights;               /* DatabaseInsightsMode; NULL: not on this class */
    int monitoring_interval;
    bool iam_auth;
    bool iam_auth_possible; /* the engine has it in this version */
    const char **log_exports;
    size_t log_export_count;
    bool audit_plugin;             /* the MARIADB_AUDIT_PLUGIN option group (audit exported) */
    bool aurora_audit;             /* Aurora MySQL's Advanced Auditing (audit exported) */
    bool log_groups;               /* the stack creates the log groups RDS writes to */
    int log_retention;             /* their retention, days */
    const char *lifecycle;         /* EngineLifecycleSupport, NULL: not set (AWS's default) */
    bool extended_support;         /* enrolled in RDS Extended Support */
    int az;                        /* the primary's AZ slot; -1: RDS places it (or Multi-AZ) */
    int replica_az[MAX_READERS];   /* each replica's (Aurora: reader's) AZ slot */
    bool managed_password;         /* RDS manages the master password (no replicas) */
    bool replica_multi_az;         /* replicas are Multi-AZ instances */
    bool replica_multi_az_written; /* database.replica_multi_az is in the spec */
    bool rotation;                 /* the stack-owned secret rotates */
    int rotation_days;
} model_database;

/* The defaults epochs (the top-level key `defaults`), oldest first; a spec without the key
 * is on the oldest. What each epoch changes is in docs/language.md. */
typedef enum {
    EPOCH_2026_11,
    EPOCH_2026_12,
    EPOCH_COUNT,
    EPOCH_NEWEST = EPOCH_COUNT - 1
} defaults_epoch;
extern const char *const epoch_names[EPOCH_COUNT]; /* "2026-11", "2026-12" */

/* The KMS key of the stack's data (encryption.kms_key). */
typedef enum { KMS_AWS_MANAGED, KMS_STACK, KMS_GIVEN } kms_mode;

typedef struct model {
    defaults_epoch epoch;
    kms_mode kms;
    const char *kms_arn;         /* KMS_GIVEN: the team's key */
    bool kms_written;            /* encryption.kms_key is in the spec */
    bool epoch_given;            /* the spec names its epoch */
    const char *const *accepted; /* warning codes the spec accepts, NULL-terminated */
    const char *env;             /* the environment applied, or NULL */
    const char *name;
    const char *description;
    const char *region; /* NULL when absent */
    kv *tags;           /* user tags in spec order (Name is added by the targets) */
    size_t tag_count;
    model_network net;
    model_bastion bastion;
    model_database db;
} model;

/* The number of the IPv6 /64 of the subnet of tier t in AZ slot az within the VPC's /56 (0..255):
 * 16 slots per tier in tier order, so the number follows the subnet's IPv4 slot and adding an
 * AZ (or a tier) moves no subnet's /64. Written in hex it reads tier then AZ (0x12: private,
 * AZ 3). */
int model_ipv6_subnet_number(tier_id t, int az);

/* Builds the model of root with the environment overlay env (NULL for the base spec).
 * Reports every semantic problem to d. Returns the model (owned by a) or NULL when there
 * was an error. root has been through schema_validate: the rules of a section the schema
 * refused (node.schema_error) are not checked, the others are, so that a run reports both. */
model *model_build(arena *a, diag_sink *d, const schema *s, const node *root, const char *env);

/* The stack has a resource that takes a KMS key (a log group, the database, the bastion):
 * `encryption.kms_key: stack` creates the key only then. */
bool model_takes_kms(const model *m);

/* What adopting the newest defaults epoch would change in the stack of m, as a
 * semicolon-separated list of clauses (in a), or NULL when nothing would. */
const char *model_newer_defaults(arena *a, const model *m);

/* The names of the environments defined by root, NULL-terminated (owned by a). */
const char **model_environments(arena *a, const node *root);

#endif
