/* model_storage.c - the database's storage against RDS's rules (see model_internal.h).
 *
 * The limits are the RDS User Guide's ("Amazon RDS DB instance storage", the tables for
 * MariaDB, MySQL and PostgreSQL) and the CreateDBInstance API reference's; docs/language.md
 * cites each. Every message states the range that is allowed for the size given.
 */
#include "model_internal.h"

#include <string.h>

typedef struct storage_type {
    const char *name;
    int min_gb, max_gb;        /* allocated storage */
    bool provisioned;          /* io1, io2: IOPS required */
    int min_iops, max_iops;    /* provisioned IOPS, when they can be set */
    int ratio_min2, ratio_max; /* IOPS per GiB: at least ratio_min2 / 2, at most ratio_max */
    int threshold_gb;          /* gp3: IOPS and throughput only from this size */
    int baseline_iops;         /* gp3 at or above the threshold */
    int min_throughput, max_throughput; /* gp3 MiB/s at or above the threshold */
} storage_type;

/* gp2, gp3: 20-65,536 GiB; io1, io2: 100-65,536 GiB (CreateDBInstance, AllocatedStorage).
 * io1: 1,000-256,000 IOPS, 0.5 to 50 IOPS per GiB; io2 Block Express: 1,000-256,000 IOPS,
 * 0.5 to 1,000 per GiB (Nitro instances; 500 on others). gp3: below 400 GiB a fixed 3,000
 * IOPS and 125 MiB/s; from 400 GiB 12,000-64,000 IOPS and 500-4,000 MiB/s, at most 500 IOPS
 * per GiB and 0.25 MiB/s per IOPS (User Guide, "Amazon RDS DB instance storage"). */
static const storage_type types[] = {
    {"gp2", 20, 65536, false, 0, 0, 0, 0, 0, 0, 0, 0},
    {"gp3", 20, 65536, false, 12000, 64000, 0, 500, 400, 12000, 500, 4000},
    {"io1", 100, 65536, true, 1000, 256000, 1, 50, 0, 0, 0, 0},
    {"io2", 100, 65536, true, 1000, 256000, 1, 1000, 0, 0, 0, 0},
};

/* The maximum storage threshold: at least 10% above the allocation (RDS refuses less:
 * "Invalid max storage size"), and AWS recommends at least 26%, below which RDS keeps
 * sending RDS-EVENT-0225 (User Guide, "Managing capacity automatically with Amazon RDS
 * storage autoscaling"). */
enum { MAX_STORAGE_MIN_PCT = 10, MAX_STORAGE_QUIET_PCT = 26 };
/* The largest throughput per IOPS of gp3, as a fraction 1/4. */
enum { GP3_IOPS_PER_MIBS = 4 };
/* The most IOPS per GiB of a Multi-AZ DB cluster (CreateDBCluster, Iops). */
enum { CLUSTER_IOPS_PER_GB = 50 };

static const storage_type *find_type(const char *name)
{
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (strcmp(types[i].name, name) == 0)
            return &types[i];
    return &types[1];
}

/* n * pct / 100, rounded up. */
static int percent_up(int n, int pct)
{
    return (int)(((long long)n * pct + 99) / 100);
}

/* The IOPS type t takes at size GiB, autoscaling to scaled GiB: [*lo, *hi]. The lower
 * ratio applies to the autoscaling maximum too (User Guide: "the same ratios between IOPS
 * and maximum storage threshold (in GiB) also apply"). */
static void iops_range(const storage_type *t, int size, int scaled, int *lo, int *hi)
{
    *lo = t->min_iops;
    *hi = t->max_iops;
    if (t->ratio_min2 && (scaled + 1) / 2 > *lo)
        *lo = (scaled + 1) / 2;
    if ((long long)size * t->ratio_max < *hi)
        *hi = size * t->ratio_max;
}

static void check_iops(model_ctx *c, const node *st, const storage_type *t, model_database *db)
{
    const node *iops = node_get(st, "iops"), *type = node_get(st, "type");
    int size = db->storage_gb;
    int scaled = db->max_storage_gb > size ? db->max_storage_gb : size;
    int lo, hi;
    iops_range(t, size, scaled, &lo, &hi);
    const char *scaling = scaled > size ? arena_printf(c->a, " scaling to %d GiB", scaled) : "";
    if (!iops) {
        if (t->provisioned)
            diag_error(c->d, model_at_either(type, st), "storage-iops-missing",
                       "%s storage needs 'iops': %d to %d for %d GiB%s", t->name, lo, hi, size,
                       scaling);
        return;
    }
    if (!t->max_iops) {
        diag_error(c->d, &iops->loc, "storage-iops",
                   "'iops' applies only to io1, io2 and gp3 storage, not %s", t->name);
        return;
    }
    if (t->threshold_gb && size < t->threshold_gb) {
        diag_error(c->d, &iops->loc, "storage-iops-gp3",
                   "gp3 IOPS can be set only from %d GiB of storage (below that RDS gives a "
                   "fixed 3000); this is %d GiB",
                   t->threshold_gb, size);
        return;
    }
    if (db->iops >= lo && db->iops <= hi)
        return;
    const char *why =
        t->ratio_min2
            ? arena_printf(c->a, "%s: at least 1000 and 0.5 per GiB%s, at most %d per GiB and %d",
                           t->name, scaled > size ? " of 'max_size_gb'" : "", t->ratio_max,
                           t->max_iops)
            : arena_printf(c->a, "gp3 from %d GiB: at least %d, at most %d per GiB and %d",
                           t->threshold_gb, t->min_iops, t->ratio_max, t->max_iops);
    diag_error(c->d, &iops->loc, "storage-iops-range",
               "%s storage of %d GiB%s takes %d to %d IOPS (%s); this is %d", t->name, size,
               scaling, lo, hi, why, db->iops);
}

static void check_throughput(model_ctx *c, const node *st, const storage_type *t,
                             model_database *db)
{
    const node *tp = node_get(st, "throughput");
    if (!tp)
        return;
    if (!t->max_throughput) {
        diag_error(c->d, &tp->loc, "storage-throughput",
                   "'throughput' applies only to gp3 storage, not %s", t->name);
        return;
    }
    if (db->storage_gb < t->threshold_gb) {
        diag_error(c->d, &tp->loc, "storage-throughput",
                   "gp3 throughput can be set only from %d GiB of storage (below that RDS "
                   "gives a fixed 125 MiB/s); this is %d GiB",
                   t->threshold_gb, db->storage_gb);
        return;
    }
    int iops = db->iops ? db->iops : t->baseline_iops;
    int hi =
        iops / GP3_IOPS_PER_MIBS < t->max_throughput ? iops / GP3_IOPS_PER_MIBS : t->max_throughput;
    if (db->throughput < t->min_throughput || db->throughput > hi)
        diag_error(c->d, &tp->loc, "storage-throughput",
                   "gp3 storage of %d GiB with %d IOPS%s takes %d to %d MiB/s of throughput "
                   "(at least %d, at most 0.25 MiB/s per IOPS and %d); this is %d",
                   db->storage_gb, iops, db->iops ? "" : " (the baseline)", t->min_throughput, hi,
                   t->min_throughput, t->max_throughput, db->throughput);
}

/* Aurora's storage grows by itself (up to its engine's limit) and has no provisioned IOPS:
 * only its type, aurora (Aurora Standard) or aurora-iopt1 (I/O-Optimized), is set
 * (CreateDBCluster, StorageType; AllocatedStorage and Iops are for Multi-AZ DB clusters). */
static void check_aurora_storage(model_ctx *c, const node *st, model_database *db)
{
    static const char *const not_aurora[] = {"size_gb", "max_size_gb", "iops", "throughput"};
    for (size_t i = 0; i < sizeof not_aurora / sizeof *not_aurora; i++)
        if (node_get(st, not_aurora[i]))
            diag_error(c->d, model_key_at(st, not_aurora[i]), "storage-aurora",
                       "'%s' does not apply to Aurora: its storage grows by itself; only "
                       "'type' (aurora or aurora-iopt1) is set",
                       not_aurora[i]);
    if (strncmp(db->storage_type, "aurora", 6) != 0)
        diag_error(c->d, model_at(node_get(st, "type")), "storage-aurora",
                   "%s storage is for RDS instances; Aurora's is aurora or aurora-iopt1",
                   db->storage_type);
}

/* A Multi-AZ DB cluster's instances each get the storage given: io1, io2 or gp3 (cfn-lint
 * 1.51.0, E3692), always with IOPS, 0.5 to 50 per GiB (CreateDBCluster, Iops: "required to
 * create a Multi-AZ DB cluster ... Must be a multiple between .5 and 50 of the storage
 * amount"), and io1 and io2 within their types' bounds. It has no storage autoscaling
 * ("Limitations of Multi-AZ DB clusters") and its throughput follows the IOPS ("not
 * configurable": DBCluster, StorageThroughput). */
static void check_cluster_storage(model_ctx *c, const node *dbn, const storage_type *t,
                                  model_database *db)
{
    const node *st = node_get(dbn, "storage");
    static const char *const not_cluster[] = {"max_size_gb", "throughput"};
    for (size_t i = 0; i < sizeof not_cluster / sizeof *not_cluster; i++)
        if (node_get(st, not_cluster[i]))
            diag_error(c->d, model_key_at(st, not_cluster[i]), "storage-cluster",
                       "'%s' does not apply to a Multi-AZ DB cluster (%s)", not_cluster[i],
                       i == 0 ? "it has no storage autoscaling: raise 'size_gb' to grow it"
                              : "its throughput follows its IOPS");
    const node *type = node_get(st, "type"), *iops = node_get(st, "iops");
    if (strcmp(t->name, "gp2") == 0) {
        diag_error(c->d, model_at(type), "storage-cluster",
                   "a Multi-AZ DB cluster's storage is io1, io2 or gp3, not gp2");
        return;
    }
    int lo = (db->storage_gb + 1) / 2, hi = db->storage_gb * CLUSTER_IOPS_PER_GB;
    if (t->provisioned && lo < t->min_iops)
        lo = t->min_iops;
    if (t->provisioned && hi > t->max_iops)
        hi = t->max_iops;
    if (!iops)
        diag_error(c->d,
                   type ? &type->loc
                   : st ? model_at(st)
                        : model_key_at(dbn, "multi_az"),
                   "storage-iops-missing",
                   "a Multi-AZ DB cluster needs 'iops': %d to %d for %d GiB of %s", lo, hi,
                   db->storage_gb, t->name);
    else if (db->iops < lo || db->iops > hi)
        diag_error(c->d, &iops->loc, "storage-iops-range",
                   "a Multi-AZ DB cluster's %d GiB of %s take %d to %d IOPS (0.5 to 50 per "
                   "GiB%s); this is %d",
                   db->storage_gb, t->name, lo, hi, t->provisioned ? ", and 1000 to 256000" : "",
                   db->iops);
}

void model_check_storage(model_ctx *c, const node *dbn, model_database *db)
{
    const node *st = node_get(dbn, "storage");
    const node *max = node_get(st, "max_size_gb"), *iops = node_get(st, "iops");
    const node *tp = node_get(st, "throughput"), *size = node_get(st, "size_gb");
    const node *type = node_get(st, "type");
    db->storage_type = type ? type->text : db->engine->default_storage_type;
    if (db->engine->aurora) {
        check_aurora_storage(c, st, db);
        return;
    }
    if (strncmp(db->storage_type, "aurora", 6) == 0) {
        diag_error(c->d, &type->loc, "storage-aurora",
                   "%s storage is Aurora's; %s takes gp2, gp3, io1 or io2", db->storage_type,
                   db->engine->display);
        return;
    }
    db->storage_gb = model_int(c, st, "size_gb", "database.storage.size_gb");
    db->max_storage_gb = max ? (int)max->ival : 0;
    db->iops = iops ? (int)iops->ival : 0;
    db->throughput = tp ? (int)tp->ival : 0;
    const storage_type *t = find_type(db->storage_type);
    if (db->storage_gb < t->min_gb || db->storage_gb > t->max_gb)
        diag_error(c->d, model_at_either(size, st), "storage-size",
                   "%s storage needs %d to %d GiB; this is %d", t->name, t->min_gb, t->max_gb,
                   db->storage_gb);
    if (db->topology == TOPOLOGY_MULTI_AZ_CLUSTER) {
        check_cluster_storage(c, dbn, t, db);
        return;
    }
    if (max) {
        int least = db->storage_gb + percent_up(db->storage_gb, MAX_STORAGE_MIN_PCT);
        int quiet = db->storage_gb + percent_up(db->storage_gb, MAX_STORAGE_QUIET_PCT);
        if (db->max_storage_gb < least)
            diag_error(c->d, &max->loc, "storage-max",
                       "'max_size_gb' must be at least 10%% above 'size_gb': at least %d for %d "
                       "GiB (RDS refuses less); this is %d",
                       least, db->storage_gb, db->max_storage_gb);
        else if (db->max_storage_gb < quiet)
            diag_warning(c->d, &max->loc, "storage-max-events",
                         "'max_size_gb' %d is less than 26%% above 'size_gb' %d (%d): RDS will "
                         "keep sending storage-threshold events (RDS-EVENT-0225)",
                         db->max_storage_gb, db->storage_gb, quiet);
    }
    check_iops(c, st, t, db);
    check_throughput(c, st, t, db);
}
