/* cost.h - the network's fixed monthly cost, from a pinned, dated price table.
 *
 * The prices live in tools/cost/prices.json, each with its unit, region, source and date;
 * tools/cost/gen.py writes them into the static tables of cost_gen.c and into the tables of
 * docs/cost.md, so the docs and the binary cannot drift (tests/unit/test_cost.c checks the
 * docs' totals against cost_estimate_network; gen.py --check checks both files are current).
 * Nothing is parsed or fetched at run time and no global state changes.
 *
 * Fixed means what is billed by the hour whether or not traffic flows: NAT gateways, the
 * NAT or bastion instance, public IPv4 addresses. Data processing (per GB through a NAT
 * gateway) is variable: the estimate reports its rate but never adds it to the total.
 * A month is cost_hours_per_month hours (730 = 365 * 24 / 12).
 *
 * A price the table does not hold (a region not in it, or an item with no source for that
 * region) makes the estimate unknown, with the missing item named: never a guess.
 */
#ifndef VPCGEN_COST_H
#define VPCGEN_COST_H

#include <stdbool.h>
#include <stddef.h>

/* ---- the tables (generated into cost_gen.c) ---- */

typedef enum {
    COST_SRC_AWS,             /* an AWS page, read by us (in the search index's copies) */
    COST_SRC_AWS_QUOTED,      /* an AWS page's text, as quoted verbatim by a third party */
    COST_SRC_PRICE_LIST_COPY, /* AWS's Price List data, as copied by a third party */
} cost_source_kind;

typedef struct cost_source {
    const char *id; /* short name, as in prices.json: "pl-use1-vpc" */
    cost_source_kind kind;
    const char *url;
    const char *published; /* YYYY-MM-DD: the page's or the price list's date */
} cost_source;

/* A price: known with its source, or not known (no source we can stand behind). */
typedef struct cost_rate {
    bool known;
    double usd; /* per the item's unit */
    int source; /* index into cost_sources; -1 when !known */
} cost_rate;

typedef struct cost_instance_rate {
    const char *type; /* "t4g.nano" */
    cost_rate hour;
} cost_instance_rate;

typedef struct cost_region {
    const char *region;
    cost_rate nat_hour;          /* zonal NAT gateway, per gateway-hour */
    cost_rate nat_gb;            /* zonal NAT gateway, per GB processed */
    cost_rate regional_nat_hour; /* regional NAT gateway, per hour (charged per active AZ:
                                    no AWS statement found, see docs/cost.md) */
    cost_rate regional_nat_gb;
    cost_rate ipv4_hour;                 /* one public IPv4 address in use, per hour */
    cost_rate eice_hour;                 /* EC2 Instance Connect Endpoint */
    const cost_instance_rate *instances; /* Linux on-demand, sorted by type */
    size_t instance_count;
} cost_region;

extern const cost_source cost_sources[];
extern const size_t cost_source_count;
extern const cost_region cost_regions[]; /* sorted by region */
extern const size_t cost_region_count;
extern const char cost_data_date[]; /* the date the table was compiled: "2026-12-04" */
extern const int cost_hours_per_month;

/* ---- the estimate ---- */

typedef enum {
    COST_NAT_NONE,
    COST_NAT_SINGLE,   /* one zonal NAT gateway */
    COST_NAT_PER_AZ,   /* one zonal NAT gateway per AZ */
    COST_NAT_REGIONAL, /* one regional NAT gateway, active in every AZ */
    COST_NAT_INSTANCE, /* one NAT instance */
} cost_nat_kind;

typedef enum {
    COST_BASTION_NONE,
    COST_BASTION_SSM,  /* instance in a private subnet */
    COST_BASTION_SSH,  /* instance with a public address (count it in public_ipv4) */
    COST_BASTION_EICE, /* instance in a private subnet and an Instance Connect Endpoint */
} cost_bastion_kind;

/* What the stack holds, as the plan says: the caller counts, this module only prices. */
typedef struct cost_network {
    cost_nat_kind nat;
    int azs;                       /* AZs the network spans (>= 1) */
    const char *nat_instance_type; /* for COST_NAT_INSTANCE */
    cost_bastion_kind bastion;
    const char *bastion_type; /* for any bastion */
    int public_ipv4;          /* public IPv4 addresses the stack allocates (Elastic IPs
                                 of NAT gateways, NAT instance, ssh bastion); a regional
                                 NAT's own addresses are AWS's and not counted here */
} cost_network;

#define COST_MAX_LINES 5

typedef struct cost_line {
    const char *what; /* "NAT gateway", "regional NAT gateway" (count: AZs), "NAT instance",
                         "bastion instance", "EC2 Instance Connect Endpoint",
                         "public IPv4 address" */
    const char *type; /* the instance type for an instance, else NULL */
    int count;        /* gateways, AZs, instances or addresses */
    double usd_hour;  /* per one */
    double usd_month; /* count * usd_hour * cost_hours_per_month */
    int source;       /* index into cost_sources */
} cost_line;

typedef struct cost_estimate {
    bool known;          /* false: region or a price missing; see missing */
    const char *missing; /* when !known: "input", "region", or the line that has no price
                            ("public IPv4 address", "bastion instance": its type has none) */
    double usd_month;    /* the fixed total (known only) */
    const char *region_used;
    const char *date; /* cost_data_date */
    cost_line lines[COST_MAX_LINES];
    int line_count;
    bool first_party;  /* every price read on an AWS page, none from a copy */
    bool per_gb_known; /* the NAT gateway's data processing rate, reported apart */
    double usd_per_gb;
    const char *caveat; /* NULL or a sentence the report should print */
} cost_estimate;

/* Prices net in region. Returns out->known. Pure: reads only the static tables; every
 * string in *out is static. NULL arguments or azs < 1 give known = false, missing
 * "input". */
bool cost_estimate_network(const cost_network *net, const char *region, cost_estimate *out);

/* The table's row for region, or NULL. */
const cost_region *cost_region_find(const char *region);

/* The hourly rate of an instance type in a region's row, or NULL. */
const cost_rate *cost_instance_hour(const cost_region *r, const char *type);

#endif
