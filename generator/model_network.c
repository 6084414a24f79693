/* model_network.c - the model of the network: VPC, AZs, NAT, flow logs, endpoints and the
 * stable subnet allocation (see model_internal.h).
 */
#include "model_internal.h"

#include "region.h"

#include <stdio.h>
#include <string.h>

/* network.nat as written in the spec (the schema's enum). */
static nat_mode nat_mode_of(const char *text)
{
    static const char *const names[] = {
        [NAT_NONE] = "none",         [NAT_SINGLE] = "single",     [NAT_PER_AZ] = "per-az",
        [NAT_REGIONAL] = "regional", [NAT_INSTANCE] = "instance",
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(text, names[i]) == 0)
            return (nat_mode)i;
    return NAT_SINGLE; /* the schema refused anything else */
}

/* Zonal gateways and the NAT instance live in public subnets; a regional NAT gateway in
 * none (VPC User Guide, "Regional NAT gateways for automatic multi-AZ expansion": "you don't
 * need to create a public subnet to host it";
 * https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateways-regional.html). */
static bool nat_needs_public(nat_mode n)
{
    return n != NAT_NONE && n != NAT_REGIONAL;
}

/* AZ count and names against the region, when vpcgen knows the region. */
static void build_azs(model_ctx *c, const node *net)
{
    model_network *nw = &c->m->net;
    const node *azs = node_get(net, "azs");
    const region_info *reg = c->m->region ? region_find(c->m->region) : NULL;
    nw->az_count = model_int(c, net, "azs", "network.azs");
    if (azs && azs->kind == NODE_SEQ) {
        nw->az_count = (int)azs->count;
        if (!c->m->region)
            diag_error(c->d, &azs->loc, "azs-need-region",
                       "AZ names need 'region' to be set (they must belong to it)");
        for (size_t i = 0; i < azs->count && i < MAX_AZS; i++) {
            const node *az = azs->items[i];
            nw->az_names[i] = az->text;
            size_t rl = c->m->region ? strlen(c->m->region) : 0;
            if (c->m->region &&
                (strncmp(az->text, c->m->region, rl) != 0 || strlen(az->text) != rl + 1))
                diag_error(c->d, &az->loc, "az-region", "AZ '%s' is not in region '%s'", az->text,
                           c->m->region);
            else if (reg && !strchr(reg->letters, az->text[rl]))
                diag_error(c->d, &az->loc, "az-unknown",
                           "region '%s' has no AZ '%s' (its AZs "
                           "end in: %s)",
                           reg->name, az->text, reg->letters);
        }
    } else if (reg && nw->az_count > reg->usable) {
        diag_error(c->d, model_at(azs), "az-count", "region '%s' has %d AZs; the stack asks for %d",
                   reg->name, reg->usable, nw->az_count);
    }
    const node *reserve = node_get(net, "reserve_azs");
    nw->reserve_azs = reserve ? (int)reserve->ival : nw->az_count > 4 ? nw->az_count : 4;
    if (!reserve && nw->az_count > 4)
        diag_warning(c->d, model_at(azs), "reserve-azs-implicit",
                     "with %d AZs and no 'reserve_azs', each tier reserves exactly %d slots, so "
                     "a change of AZ count moves subnets; set 'reserve_azs: 6' to keep them "
                     "stable",
                     nw->az_count, nw->az_count);
    if (nw->reserve_azs < nw->az_count)
        diag_error(c->d, model_at(reserve), "reserve-azs",
                   "'reserve_azs' is %d but the stack has %d AZs; it must be at least that",
                   nw->reserve_azs, nw->az_count);
}

/* Index of the AZ named name, or -1. */
static int az_index(const model_network *nw, const char *name)
{
    for (int i = 0; i < nw->az_count; i++)
        if (nw->az_names[i] && strcmp(nw->az_names[i], name) == 0)
            return i;
    return -1;
}

typedef struct placed {
    cidr block;
    const node *where;
    tier_id tier;
    int az;
} placed;

/* Explicit subnets of one tier: one per AZ, inside the VPC, not overlapping anything placed. */
static void place_explicit(model_ctx *c, tier_id t, const node *list, placed *done, size_t *ndone)
{
    model_network *nw = &c->m->net;
    model_tier *tier = &nw->tiers[t];
    const node *seen[MAX_AZS] = {0};
    bool az_trouble = false;
    for (size_t i = 0; i < list->count; i++) {
        const node *item = list->items[i];
        const node *az = node_get(item, "az"), *cn = node_get(item, "cidr");
        int idx = -1;
        if (!nw->az_names[0]) {
            if (!az_trouble)
                diag_error(c->d, &az->loc, "subnet-az-names",
                           "explicit subnets name their AZ: list the AZ names in 'network.azs'");
            az_trouble = true;
        } else if ((idx = az_index(nw, az->text)) < 0) {
            diag_error(c->d, &az->loc, "subnet-az",
                       "'%s' is not one of the stack's AZs in "
                       "'network.azs'",
                       az->text);
            az_trouble = true;
        } else if (seen[idx]) {
            diag_error(c->d, &az->loc, "subnet-az-twice", "tier '%s' has a second subnet in '%s'",
                       tier_names[t], az->text);
            diag_note(c->d, &seen[idx]->loc, "the first one is here");
            az_trouble = true;
            idx = -1;
        }
        if (idx >= 0)
            seen[idx] = az;
        cidr b;
        if (!model_read_cidr(c, cn, &b))
            continue;
        char vbuf[20];
        if (b.prefix < 16 || b.prefix > 28) {
            diag_error(c->d, &cn->loc, "subnet-size",
                       "subnet '%s' is /%d; AWS subnets are /16 "
                       "to /28",
                       cn->text, b.prefix);
            continue;
        }
        if (!cidr_contains(nw->vpc, b)) {
            diag_error(c->d, &cn->loc, "subnet-outside-vpc",
                       "subnet '%s' is not inside the VPC "
                       "'%s'",
                       cn->text, cidr_format(nw->vpc, vbuf));
            continue;
        }
        for (size_t k = 0; k < *ndone; k++) {
            if (cidr_overlaps(done[k].block, b)) {
                diag_error(c->d, &cn->loc, "subnet-overlap",
                           "subnet '%s' overlaps subnet '%s' "
                           "(%s)",
                           cn->text, done[k].where->text, tier_names[done[k].tier]);
                diag_note(c->d, &done[k].where->loc, "'%s' is here", done[k].where->text);
                break;
            }
        }
        done[(*ndone)++] = (placed){b, cn, t, idx};
        if (idx >= 0)
            tier->subnets[idx] = b;
    }
    for (int i = 0; !az_trouble && i < nw->az_count; i++)
        if (!seen[i])
            diag_error(c->d, &list->loc, "subnet-missing-az", "tier '%s' has no subnet in '%s'",
                       tier_names[t], nw->az_names[i]);
}

static void build_subnets(model_ctx *c, const node *net)
{
    model_network *nw = &c->m->net;
    const node *subnets = node_get(net, "subnets");
    placed done[TIER_COUNT * MAX_AZS];
    size_t ndone = 0;
    bool ok = true;
    for (int t = 0; t < TIER_COUNT; t++) {
        const node *tn = node_get(subnets, tier_names[t]);
        model_tier *tier = &nw->tiers[t];
        if (subnets && !tn)
            continue;
        tier->present = true;
        if (tn && tn->kind == NODE_SEQ) {
            tier->explicit_cidrs = true;
            int before = diag_error_count(c->d);
            place_explicit(c, (tier_id)t, tn, done, &ndone);
            ok = ok && diag_error_count(c->d) == before;
        } else {
            /* absent: the tier's default, {mask: N} */
            const char *path = arena_printf(c->a, "network.subnets.%s", tier_names[t]);
            const node *mask = node_get(tn, "mask");
            tier->mask =
                mask ? (int)mask->ival : (int)fj_integer(fj_get(model_default(c, path), "mask"));
        }
    }
    if (!ok)
        return;
    /* what all the tiers need, for the message when they do not fit */
    uint64_t total = 0;
    char *shape = "";
    for (size_t k = 0; k < ndone; k++)
        total += cidr_size(done[k].block);
    for (int t = 0; t < TIER_COUNT; t++) {
        if (!nw->tiers[t].present || nw->tiers[t].explicit_cidrs)
            continue;
        total += ((uint64_t)1 << (32 - nw->tiers[t].mask)) * (uint64_t)nw->reserve_azs;
        shape = arena_printf(c->a, "%s%s%s /%d", shape, *shape ? ", " : "", tier_names[t],
                             nw->tiers[t].mask);
    }
    bool fit_reported = false;
    /* Masked tiers: a block of reserve_azs slots each, lowest free aligned address. */
    for (int t = 0; t < TIER_COUNT; t++) {
        model_tier *tier = &nw->tiers[t];
        if (!tier->present || tier->explicit_cidrs)
            continue;
        const node *tn = node_get(subnets, tier_names[t]);
        const node *mask = node_get(tn, "mask");
        char vbuf[20];
        if (tier->mask < nw->vpc.prefix) {
            diag_error(c->d, model_at_either(mask, subnets), "subnet-mask",
                       "a /%d subnet is larger than the VPC '%s'", tier->mask,
                       cidr_format(nw->vpc, vbuf));
            continue;
        }
        uint64_t size = (uint64_t)1 << (32 - tier->mask);
        uint64_t need = size * (uint64_t)nw->reserve_azs;
        cidr taken[TIER_COUNT * MAX_AZS];
        for (size_t k = 0; k < ndone; k++)
            taken[k] = done[k].block;
        uint32_t at;
        if (!cidr_find_free(nw->vpc, need, size, taken, ndone, &at)) {
            if (!fit_reported)
                diag_error(c->d, model_at_either(mask, node_get(net, "cidr")), "subnet-fit",
                           "tier '%s' does not fit in the VPC '%s': the subnets need %llu "
                           "addresses (%d AZ slots per tier: %s) and the VPC has %llu",
                           tier_names[t], cidr_format(nw->vpc, vbuf), (unsigned long long)total,
                           nw->reserve_azs, shape, (unsigned long long)cidr_size(nw->vpc));
            fit_reported = true;
            continue;
        }
        for (int i = 0; i < nw->reserve_azs; i++) {
            cidr b = {at + (uint32_t)(size * (uint64_t)i), tier->mask};
            if (i < nw->az_count)
                tier->subnets[i] = b;
            done[ndone++] = (placed){b, mask ? mask : tn, (tier_id)t, i};
        }
    }
}

_Static_assert(MAX_AZS <= 16 && TIER_COUNT <= 16, "16 AZ slots a tier in a /56's 256 /64s");

int model_ipv6_subnet_number(tier_id t, int az)
{
    /* 16 AZ slots a tier (MAX_AZS is 6), 16 tiers fit in the 256 /64s of a /56 */
    return (int)t * 16 + az;
}

void model_build_network(model_ctx *c, const node *root)
{
    model_network *nw = &c->m->net;
    const node *net = node_get(root, "network");
    const node *cn = node_get(net, "cidr");
    const char *text = model_str(c, net, "cidr", "network.cidr");
    bool vpc_ok;
    if (cn) {
        vpc_ok = model_read_cidr(c, cn, &nw->vpc);
    } else {
        vpc_ok = cidr_parse(text, &nw->vpc);
    }
    if (vpc_ok && (nw->vpc.prefix < 16 || nw->vpc.prefix > 24)) {
        diag_error(c->d, model_at(cn), "vpc-prefix",
                   "the VPC prefix must be /16 to /24; '%s' is /%d", text, nw->vpc.prefix);
        vpc_ok = false;
    } else if (vpc_ok && !cidr_is_private(nw->vpc)) {
        diag_warning(c->d, model_at(cn), "vpc-public-range",
                     "'%s' is not a private range (RFC 1918 or 100.64.0.0/10)", text);
    }
    build_azs(c, net);

    const char *nat = model_str(c, net, "nat", "network.nat");
    nw->nat = nat_mode_of(nat);
    nw->nat_count = nw->nat == NAT_NONE ? 0 : nw->nat == NAT_PER_AZ ? nw->az_count : 1;

    const node *fl = node_get(net, "flow_logs");
    nw->flow_logs = fl ? !(fl->kind == NODE_SCALAR && !fl->bval) : true;
    const node *flmap = fl && fl->kind == NODE_MAP ? fl : NULL;
    nw->flow_retention_days =
        model_int(c, flmap, "retention_days", "network.flow_logs.retention_days");
    nw->flow_traffic = model_str(c, flmap, "traffic", "network.flow_logs.traffic");
    nw->restrict_default_sg = model_bool(c, net, "restrict_default_security_group",
                                         "network.restrict_default_security_group");

    nw->ipv6 = model_bool(c, net, "ipv6", "network.ipv6");

    const node *eps = node_get(net, "endpoints");
    if (eps) {
        for (size_t i = 0; i < eps->count; i++)
            for (int e = 0; e < EP_COUNT; e++)
                if (strcmp(eps->items[i]->text, endpoint_names[e]) == 0)
                    nw->endpoints[e] = true;
    } else {
        const fjson *def = schema_default(c->s, "network.endpoints"), *v;
        size_t i;
        fj_array_foreach(def, i, v) for (int e = 0; e < EP_COUNT;
                                         e++) if (fj_string(v) &&
                                                  strcmp(fj_string(v), endpoint_names[e]) == 0)
            nw->endpoints[e] = true;
    }
    if (vpc_ok)
        build_subnets(c, net);
    else
        for (int t = 0; t < TIER_COUNT; t++)
            nw->tiers[t].present =
                !node_get(net, "subnets") || node_get(node_get(net, "subnets"), tier_names[t]);

    const node *natn = node_get(net, "nat");
    if (nat_needs_public(nw->nat) && !nw->tiers[TIER_PUBLIC].present) {
        if (natn && nw->nat == NAT_INSTANCE)
            diag_error(c->d, &natn->loc, "nat-needs-public",
                       "a NAT instance lives in the first 'public' subnet, and the 'public' subnet "
                       "tier is not defined");
        else if (natn)
            diag_error(c->d, &natn->loc, "nat-needs-public",
                       "a NAT gateway needs the 'public' subnet tier");
        else
            diag_error(c->d, model_key_at(net, "subnets"), "nat-needs-public",
                       "the default 'nat: single' needs the 'public' subnet tier; add the tier "
                       "or set 'nat: none'");
    }
    if (!nw->tiers[TIER_PRIVATE].present) {
        /* a NAT gateway serves the private route tables: none, no gateway to pay for */
        if (natn && nw->nat != NAT_NONE)
            diag_warning(c->d, &natn->loc, "nat-no-private",
                         "'nat: %s' creates no NAT %s: there is no 'private' subnet tier to "
                         "route through it",
                         nat, nw->nat == NAT_INSTANCE ? "instance" : "gateway");
        nw->nat_count = 0;
    }
    if (nw->nat == NAT_NONE && nw->tiers[TIER_PRIVATE].present)
        diag_warning(c->d, model_at(natn), "nat-none-private",
                     nw->ipv6 ? "'nat: none' leaves the private subnets with no IPv4 route to the "
                                "internet (IPv6 leaves by the egress-only gateway)"
                              : "'nat: none' leaves the private subnets with no route to the "
                                "internet");
    if (eps && (nw->endpoints[EP_S3] || nw->endpoints[EP_DYNAMODB]) &&
        !nw->tiers[TIER_PRIVATE].present && !nw->tiers[TIER_DATABASE].present)
        diag_warning(c->d, model_at(eps), "endpoint-no-tables",
                     "gateway endpoints serve the private and database route tables, and "
                     "neither tier exists");
    bool interface = false;
    for (int e = EP_SSM; e < EP_COUNT; e++)
        interface |= nw->endpoints[e];
    if (interface && !nw->tiers[TIER_PRIVATE].present)
        diag_error(c->d, model_at_either(eps, net), "endpoint-needs-private",
                   "interface endpoints live in the 'private' subnet tier, which is not defined");
}

/* A regional NAT gateway and a NAT instance are one egress for the whole VPC, not one per AZ:
 * where the database is Multi-AZ (an instance with a standby, or an Aurora cluster with
 * readers), the network's egress is less available than its database. */
void model_warn_nat_zonal(model_ctx *c, const node *root)
{
    const model *m = c->m;
    const model_database *db = &m->db;
    bool multi_az =
        db->present && (db->multi_az || (db->topology == TOPOLOGY_AURORA && db->replicas > 0));
    if (!m->net.nat_count || !multi_az)
        return;
    const node *natn = node_get(node_get(root, "network"), "nat");
    if (m->net.nat == NAT_INSTANCE)
        diag_warning(c->d, model_at(natn), "nat-not-zonal",
                     "'nat: instance' is one instance in one AZ while the database is Multi-AZ: "
                     "the instance's failure or its AZ's outage cuts the egress of every private "
                     "subnet; use 'per-az' or 'regional' for production");
    else if (m->net.nat == NAT_REGIONAL)
        /* automatic mode expands to an AZ only where the VPC has workloads (VPC User Guide,
         * https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateways-regional.html) */
        diag_warning(c->d, model_at(natn), "nat-not-zonal",
                     "'nat: regional' is one NAT gateway for the VPC, not one per AZ, while the "
                     "database is Multi-AZ: AWS expands it to an AZ only once workloads are "
                     "there, and its egress addresses are AWS's; use 'per-az' for zonal egress");
}
