/* cost.c - the fixed monthly cost of a network, priced from the tables of cost_gen.c.
 *
 * Only arithmetic and look-ups: what the stack holds comes from the caller (the plan),
 * what each thing costs from the generated table, and a price the table lacks stops the
 * estimate with the missing item named instead of a guess.
 */
#include "cost.h"

#include <stdlib.h>
#include <string.h>

static int region_cmp(const void *key, const void *row)
{
    return strcmp(key, ((const cost_region *)row)->region);
}

const cost_region *cost_region_find(const char *region)
{
    return region
               ? bsearch(region, cost_regions, cost_region_count, sizeof *cost_regions, region_cmp)
               : NULL;
}

const cost_rate *cost_instance_hour(const cost_region *r, const char *type)
{
    if (!r || !type)
        return NULL;
    for (size_t i = 0; i < r->instance_count; i++)
        if (strcmp(r->instances[i].type, type) == 0)
            return &r->instances[i].hour;
    return NULL;
}

/* Adds count of one priced thing; false (with out->missing set) when its price is unknown. */
static bool add_line(cost_estimate *out, const char *what, const char *type, int count,
                     const cost_rate *rate)
{
    if (count == 0) /* nothing to price: a missing rate does not matter */
        return true;
    if (!rate || !rate->known) {
        out->missing = what;
        return false;
    }
    cost_line *l = &out->lines[out->line_count++];
    l->what = what;
    l->type = type;
    l->count = count;
    l->usd_hour = rate->usd;
    l->usd_month = count * rate->usd * cost_hours_per_month;
    l->source = rate->source;
    out->usd_month += l->usd_month;
    if (cost_sources[rate->source].kind != COST_SRC_AWS)
        out->first_party = false;
    return true;
}

/* The table's own copy of an instance type's name (static), or NULL. */
static const char *instance_name(const cost_region *r, const char *type)
{
    for (size_t i = 0; i < r->instance_count; i++)
        if (strcmp(r->instances[i].type, type) == 0)
            return r->instances[i].type;
    return NULL;
}

static bool price(const cost_network *n, const cost_region *r, cost_estimate *out)
{
    switch (n->nat) {
    case COST_NAT_NONE:
        break;
    case COST_NAT_SINGLE:
    case COST_NAT_PER_AZ:
        if (!add_line(out, "NAT gateway", NULL, n->nat == COST_NAT_SINGLE ? 1 : n->azs,
                      &r->nat_hour))
            return false;
        out->per_gb_known = r->nat_gb.known;
        out->usd_per_gb = r->nat_gb.known ? r->nat_gb.usd : 0;
        break;
    case COST_NAT_REGIONAL:
        if (!add_line(out, "regional NAT gateway", NULL, n->azs, &r->regional_nat_hour))
            return false;
        out->per_gb_known = r->regional_nat_gb.known;
        out->usd_per_gb = r->regional_nat_gb.known ? r->regional_nat_gb.usd : 0;
        out->first_party = false;
        out->caveat = "a regional NAT gateway is charged per AZ it is configured in (Amazon VPC "
                      "pricing), counted here as every AZ of the network; its AWS-allocated "
                      "addresses are not counted";
        break;
    case COST_NAT_INSTANCE:
        if (!n->nat_instance_type) {
            out->missing = "NAT instance type";
            return false;
        }
        if (!add_line(out, "NAT instance", instance_name(r, n->nat_instance_type), 1,
                      cost_instance_hour(r, n->nat_instance_type)))
            return false;
        break;
    }
    if (n->bastion != COST_BASTION_NONE) {
        if (!n->bastion_type) {
            out->missing = "bastion instance type";
            return false;
        }
        if (!add_line(out, "bastion instance", instance_name(r, n->bastion_type), 1,
                      cost_instance_hour(r, n->bastion_type)))
            return false;
        if (n->bastion == COST_BASTION_EICE &&
            !add_line(out, "EC2 Instance Connect Endpoint", NULL, 1, &r->eice_hour))
            return false;
    }
    return add_line(out, "public IPv4 address", NULL, n->public_ipv4, &r->ipv4_hour);
}

bool cost_estimate_network(const cost_network *net, const char *region, cost_estimate *out)
{
    if (!out)
        return false;
    memset(out, 0, sizeof *out);
    out->date = cost_data_date;
    out->region_used = region;
    out->first_party = true;
    if (!net || !region || net->azs < 1 || net->public_ipv4 < 0) {
        out->missing = "input";
        return false;
    }
    const cost_region *r = cost_region_find(region);
    if (!r) {
        out->missing = "region";
        return false;
    }
    out->known = price(net, r, out);
    if (!out->known) {
        out->usd_month = 0;
        out->line_count = 0;
    }
    return out->known;
}
