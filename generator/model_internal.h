/* model_internal.h - what the files of the model pass share (not for other passes).
 *
 * model_build (model.c) applies the overlay and reads the top level, then hands the merged
 * spec to one builder per concern, in this order, each checking its own rules:
 *   model_build_network   (model_network.c)   the VPC, AZs, NAT, flow logs, endpoints, subnets
 *   model_build_bastion   (model_bastion.c)   the bastion host
 *   model_build_database  (model_database.c)  the database and the engine's rules
 *   model_warn_controls   (model_controls.c)  warnings for secure defaults a spec turns off
 * A builder reads values through model_str/model_int/model_bool, which fall back to the
 * schema's default: the schema is the one place a constant default is written.
 */
#ifndef VPCGEN_MODEL_INTERNAL_H
#define VPCGEN_MODEL_INTERNAL_H

#include "model.h"

typedef struct model_ctx {
    arena *a;
    diag_sink *d;
    const schema *s;
    model *m;
    /* the sections whose rules are checked: the schema accepted them and what they need */
    bool network_ok, bastion_ok, database_ok;
} model_ctx;

/* The schema's default at a dotted path ("network.nat"), and the scalar at key of map, else
 * that default. A key read here without a default (of the kind read) is a defect of the
 * embedded schema, not of the spec: it aborts (the unit tests read every such path). */
const fjson *model_default(model_ctx *c, const char *path);
const char *model_str(model_ctx *c, const node *map, const char *key, const char *path);
int model_int(model_ctx *c, const node *map, const char *key, const char *path);
bool model_bool(model_ctx *c, const node *map, const char *key, const char *path);

/* The node at a dotted path of keys from map ("backup.retention_days"), or NULL. */
const node *model_node(const node *map, const char *path);

/* Where to point: n's location, or NULL. */
const srcloc *model_at(const node *n);
/* The location of key (the key itself, not its value) in map m, or NULL. */
const srcloc *model_key_at(const node *m, const char *key);
/* The first of a, b that exists: where to point when a value came from a default. */
const srcloc *model_at_either(const node *a, const node *b);

/* Parses the IPv4 CIDR of n; reports its syntax and host bits. */
bool model_read_cidr(model_ctx *c, const node *n, cidr *out);
/* Refuses "{{resolve:" in free text that reaches a template. */
void model_refuse_dynamic_reference(model_ctx *c, const node *n);

void model_build_network(model_ctx *c, const node *spec);
void model_build_bastion(model_ctx *c, const node *spec);
void model_build_database(model_ctx *c, const node *spec);
/* The storage of the database map dbn into db, against RDS's rules (model_storage.c). */
void model_check_storage(model_ctx *c, const node *dbn, model_database *db);
/* The rules of an Aurora DB cluster (model_aurora.c): Serverless v2, backtracking, the keys
 * that are an instance's only; sets db's topology and its cluster settings. */
void model_check_aurora(model_ctx *c, const node *dbn, model_database *db);
/* The rules of a Multi-AZ DB cluster (model_cluster.c, db's topology already set): its
 * engine version, three AZs, backups, and the instance keys that do not apply. */
void model_check_multi_az_cluster(model_ctx *c, const node *dbn, model_database *db);
void model_warn_controls(model_ctx *c, const node *spec);
/* The NAT that is not zonal (regional, instance) in front of a Multi-AZ database: a warning
 * (model_network.c; after the database is built). */
void model_warn_nat_zonal(model_ctx *c, const node *spec);

#endif
