/* plan.h - pass 4: the resources both targets share.
 *
 * plan_build turns the model into one ordered list of resources, each with a kind, a
 * target-neutral id ("public_subnet_1"), its Name tag and a set of named values: literals,
 * references to another resource's attribute, AZ picks, joins and substitutions. Everything
 * about what exists, how many, and what connects to what is decided here; an emitter only
 * names resources in its dialect, renders values, and fills the kind's template
 * (templates/<target>/<kind>.json) whose placeholders are the value names.
 */
#ifndef VPCGEN_PLAN_H
#define VPCGEN_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

/* Every kind has a template of the same name in each target (a unit test checks it). */
#define PLAN_KINDS(X)                                                                              \
    X(STACK, "stack")                                                                              \
    X(AZ_LIST, "availability_zones")                                                               \
    X(KMS_KEY, "kms_key")                                                                          \
    X(VPC, "vpc")                                                                                  \
    X(VPC_IPV6_BLOCK, "vpc_ipv6_block")                                                            \
    X(INTERNET_GATEWAY, "internet_gateway")                                                        \
    X(EGRESS_ONLY_GATEWAY, "egress_only_internet_gateway")                                         \
    X(SUBNET, "subnet")                                                                            \
    X(ROUTE_TABLE, "route_table")                                                                  \
    X(ROUTE_IGW, "route_igw")                                                                      \
    X(ROUTE_NAT, "route_nat")                                                                      \
    X(ROUTE_IGW_IPV6, "route_igw_ipv6")                                                            \
    X(ROUTE_EGRESS_ONLY, "route_egress_only")                                                      \
    X(ROUTE_TABLE_ASSOC, "route_table_association")                                                \
    X(NAT_EIP, "nat_eip")                                                                          \
    X(NAT_GATEWAY, "nat_gateway")                                                                  \
    X(NAT_INSTANCE_IMAGE, "nat_instance_image")                                                    \
    X(NAT_INSTANCE, "nat_instance")                                                                \
    X(FLOW_LOG_GROUP, "flow_log_group")                                                            \
    X(FLOW_LOG_ROLE, "flow_log_role")                                                              \
    X(FLOW_LOG, "flow_log")                                                                        \
    X(RESTRICT_DEFAULT_SG, "restrict_default_security_group")                                      \
    X(SECURITY_GROUP, "security_group")                                                            \
    X(SG_INGRESS_CIDR, "sg_ingress_cidr")                                                          \
    X(SG_INGRESS_SG, "sg_ingress_sg")                                                              \
    X(SG_EGRESS_CIDR, "sg_egress_cidr")                                                            \
    X(SG_EGRESS_SG, "sg_egress_sg")                                                                \
    X(GATEWAY_ENDPOINT, "gateway_endpoint")                                                        \
    X(INTERFACE_ENDPOINT, "interface_endpoint")                                                    \
    X(BASTION_IMAGE, "bastion_image")                                                              \
    X(BASTION_ROLE, "bastion_role")                                                                \
    X(BASTION_ROLE_PLAIN, "bastion_role_plain")                                                    \
    X(BASTION_PROFILE, "bastion_instance_profile")                                                 \
    X(BASTION, "bastion")                                                                          \
    X(BASTION_EIP, "bastion_eip")                                                                  \
    X(INSTANCE_CONNECT_ENDPOINT, "instance_connect_endpoint")                                      \
    X(DB_SUBNET_GROUP, "db_subnet_group")                                                          \
    X(DB_PARAMETER_GROUP, "db_parameter_group")                                                    \
    X(DB_MONITORING_ROLE, "db_monitoring_role")                                                    \
    X(DB_OPTION_GROUP, "db_option_group")                                                          \
    X(DB_LOG_GROUP, "db_log_group")                                                                \
    X(DB_SECRET, "db_secret")                                                                      \
    X(DB_INSTANCE, "db_instance")                                                                  \
    X(DB_SECRET_ATTACHMENT, "db_secret_attachment")                                                \
    X(DB_SECRET_ROTATION, "db_secret_rotation")                                                    \
    X(DB_REPLICA, "db_replica")                                                                    \
    X(DB_CLUSTER_PARAMETER_GROUP, "db_cluster_parameter_group")                                    \
    X(DB_CLUSTER, "db_cluster")                                                                    \
    X(DB_CLUSTER_INSTANCE, "db_cluster_instance")                                                  \
    X(OUTPUT, "output")

#define PLAN_KIND_ENUM(id, name) RES_##id,
typedef enum { PLAN_KINDS(PLAN_KIND_ENUM) RES_KIND_COUNT } resource_kind;
#undef PLAN_KIND_ENUM

/* The template name of a kind ("subnet"). */
const char *plan_kind_name(resource_kind k);

typedef struct resource resource;
typedef struct value value;

typedef enum {
    VAL_STR,
    VAL_INT,
    VAL_BOOL,
    VAL_REF,    /* attribute `attr` of resource `ref` (attribute names are the templates'
                   "attributes" keys); with index >= 0, element index of that list */
    VAL_LIST,   /* items */
    VAL_JOIN,   /* items joined by str (a comma-joined output) */
    VAL_SUB,    /* a string built of items: literal VAL_STR parts and VAL_REF/VAL_REGION parts */
    VAL_MAP,    /* keys[i] -> items[i] */
    VAL_TAGS,   /* the Name tag (str) plus the model's user tags, rendered per target */
    VAL_REGION, /* the deployment region (CloudFormation: AWS::Region; Terraform: the spec's) */
    VAL_REAL,   /* a number with a fraction, written as str ("0.5") */
} value_kind;

struct value {
    value_kind kind;
    const char *str;
    int64_t num;
    bool flag;
    const resource *ref;
    const char *attr;
    int index;
    value **items;
    const char **keys;
    size_t count;
};

typedef struct prop {
    const char *key;
    value *v;
} prop;

struct resource {
    resource_kind kind;
    const char *id;   /* target-neutral, snake_case, unique: "public_subnet_1" */
    const char *name; /* the Name tag / physical name base: "wagtail-prod-public-a" */
    size_t index;     /* its place in the plan's items */
    prop *props;
    size_t prop_count, prop_cap;
    const resource **depends; /* explicit dependencies beyond references */
    size_t depend_count;
    /* typed facts for the reports (the emitters read only props) */
    int tier;             /* a subnet's tier, else -1 */
    int az;               /* the AZ slot it lives in; -1: spans AZs, or AWS places it */
    const resource *home; /* the subnet it lives in, or NULL */
    const resource *of;   /* a cluster instance's cluster, a replica's source, or NULL */
};

typedef struct plan {
    const model *m;
    resource **items; /* in emission order: the stack first, outputs last */
    size_t count, cap;
} plan;

/* Builds the plan of m (owned by a). Cannot fail: every rule was checked by the model. */
plan *plan_build(arena *a, const model *m);

/* The value named key of r, or NULL. */
const value *plan_prop(const resource *r, const char *key);

/* How many resources of kind k the plan has (for parity and tests). */
size_t plan_count(const plan *p, resource_kind k);

#endif
