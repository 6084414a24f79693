/* model.c - pass 3: overlay, defaults, semantic rules, subnet allocation, derived values.
 *
 * Input is a spec tree that passed the schema, so shapes and scalar types are known here;
 * what remains are the rules that relate values to each other (a subnet inside the VPC, a
 * bastion in a tier that exists, windows that do not overlap, an engine's limits). Each rule
 * reports at the node a user would edit, and every rule is checked even after one fails, so
 * a user sees every problem in one run.
 */
#include "model.h"

#include "region.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const tier_names[TIER_COUNT] = {"public", "private", "database"};
const char *const endpoint_names[EP_COUNT] = {"s3",  "dynamodb", "ssm", "secretsmanager",
                                              "ecr", "logs"};

typedef struct ctx {
    arena *a;
    diag_sink *d;
    const schema *s;
    model *m;
} ctx;

/* ---- overlay ---------------------------------------------------------------------------- */

/* Deep merge: maps merge key by key (overlay wins), anything else is replaced. Nodes keep
 * their own locations, so a problem in a value from the overlay points into the overlay. */
static node *merge(arena *a, node *base, node *over)
{
    if (!base)
        return over;
    if (!over)
        return base;
    if (base->kind != NODE_MAP || over->kind != NODE_MAP)
        return over;
    node *out = arena_alloc(a, sizeof *out);
    *out = *base;
    out->pairs = arena_array(a, base->count + over->count, sizeof *out->pairs);
    out->count = 0;
    for (size_t i = 0; i < base->count; i++) {
        node_pair p = base->pairs[i];
        p.value = merge(a, p.value, node_get(over, p.key->text));
        out->pairs[out->count++] = p;
    }
    for (size_t i = 0; i < over->count; i++)
        if (!node_get(base, over->pairs[i].key->text))
            out->pairs[out->count++] = over->pairs[i];
    return out;
}

const char **model_environments(arena *a, const node *root)
{
    const node *envs = node_get(root, "environments");
    size_t n = envs && envs->kind == NODE_MAP ? envs->count : 0;
    const char **names = arena_array(a, n + 1, sizeof *names);
    for (size_t i = 0; i < n; i++)
        names[i] = envs->pairs[i].key->text;
    return names;
}

/* ---- reading values with the schema's defaults ------------------------------------------- */

/* The string at key of map, else the schema's default at path: the schema is the one place
 * defaults are written. A key read here without a default is a defect of the embedded
 * schema (test_schema checks every default exists), not of the spec. */
static const char *get_str(ctx *c, const node *map, const char *key, const char *path)
{
    const node *n = node_get(map, key);
    if (n && n->kind == NODE_SCALAR)
        return n->text;
    const fjson *def = schema_default(c->s, path);
    if (!fj_is_string(def)) {
        fprintf(stderr, "vpcgen: internal error: the schema has no default for '%s'\n", path);
        abort();
    }
    return fj_string(def);
}

static int get_int(ctx *c, const node *map, const char *key, const char *path, int fallback)
{
    const node *n = node_get(map, key);
    if (n && n->kind == NODE_SCALAR && n->type == SCALAR_INT)
        return (int)n->ival;
    const fjson *def = schema_default(c->s, path);
    return fj_is_integer(def) ? (int)fj_integer(def) : fallback;
}

static bool get_bool(ctx *c, const node *map, const char *key, const char *path)
{
    const node *n = node_get(map, key);
    if (n && n->kind == NODE_SCALAR && n->type == SCALAR_BOOL)
        return n->bval;
    return fj_is_true(schema_default(c->s, path));
}

static const srcloc *loc(const node *n)
{
    return n ? &n->loc : NULL;
}

/* The location of key (the key itself, not its value) in map m, or NULL. */
static const srcloc *key_loc(const node *m, const char *key)
{
    for (size_t i = 0; m && m->kind == NODE_MAP && i < m->count; i++)
        if (strcmp(m->pairs[i].key->text, key) == 0)
            return &m->pairs[i].key->loc;
    return NULL;
}

/* The first of a, b that exists: where to point when a value came from a default. */
static const srcloc *loc2(const node *a, const node *b)
{
    return a ? &a->loc : b ? &b->loc : NULL;
}

/* ---- top level -------------------------------------------------------------------------- */

/* CloudFormation resolves "{{resolve:...}}" in any string of a template: text from the spec
 * must not smuggle a dynamic reference (a secret) into the free text it passes on: a
 * description, a key pair name, a parameter value (tags cannot hold '{': the schema allows
 * only the characters AWS allows in tags; every other string has a pattern). */
static void refuse_dynamic_reference(ctx *c, const node *n)
{
    if (n && n->kind == NODE_SCALAR && strstr(n->text, "{{resolve:"))
        diag_error(c->d, &n->loc, "dynamic-reference",
                   "'{{resolve:' would be read by CloudFormation as a dynamic reference; it is "
                   "not allowed in the text of a spec");
}

static void build_tags(ctx *c, const node *root)
{
    const node *tags = node_get(root, "tags");
    if (!tags || tags->kind != NODE_MAP)
        return;
    c->m->tags = arena_array(c->a, tags->count, sizeof *c->m->tags);
    for (size_t i = 0; i < tags->count; i++) {
        const node_pair *p = &tags->pairs[i];
        if (strcmp(p->key->text, "Name") == 0) {
            diag_error(c->d, &p->key->loc, "tag-name",
                       "the 'Name' tag is set by vpcgen from 'name' and each resource's role");
            continue;
        }
        c->m->tags[c->m->tag_count++] = (kv){p->key->text, p->value->text, false};
    }
}

/* ---- network ---------------------------------------------------------------------------- */

/* Parses the CIDR of n; reports syntax and host bits. */
static bool read_cidr(ctx *c, const node *n, cidr *out)
{
    if (!cidr_parse(n->text, out)) {
        diag_error(c->d, &n->loc, "cidr-syntax", "'%s' is not an IPv4 CIDR block", n->text);
        return false;
    }
    if (!cidr_host_bits_zero(*out)) {
        char buf[20];
        diag_error(c->d, &n->loc, "cidr-host-bits", "'%s' has host bits set; did you mean '%s'?",
                   n->text, cidr_format(cidr_network(*out), buf));
        return false;
    }
    return true;
}

/* AZ count and names against the region, when vpcgen knows the region. */
static void build_azs(ctx *c, const node *net)
{
    model_network *nw = &c->m->net;
    const node *azs = node_get(net, "azs");
    const region_info *reg = c->m->region ? region_find(c->m->region) : NULL;
    nw->az_count = get_int(c, net, "azs", "network.azs", 2);
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
                diag_error(c->d, &az->loc, "az-region", "AZ '%s' is not in region '%s'",
                           az->text, c->m->region);
            else if (reg && !strchr(reg->letters, az->text[rl]))
                diag_error(c->d, &az->loc, "az-unknown", "region '%s' has no AZ '%s' (its AZs "
                           "end in: %s)", reg->name, az->text, reg->letters);
        }
    } else if (reg && nw->az_count > reg->usable) {
        diag_error(c->d, loc(azs), "az-count", "region '%s' has %d AZs; the stack asks for %d",
                   reg->name, reg->usable, nw->az_count);
    }
    const node *reserve = node_get(net, "reserve_azs");
    nw->reserve_azs = reserve ? (int)reserve->ival : nw->az_count > 4 ? nw->az_count : 4;
    if (!reserve && nw->az_count > 4)
        diag_warning(c->d, loc(azs), "reserve-azs-implicit",
                     "with %d AZs and no 'reserve_azs', each tier reserves exactly %d slots, so "
                     "a change of AZ count moves subnets; set 'reserve_azs: 6' to keep them "
                     "stable", nw->az_count, nw->az_count);
    if (nw->reserve_azs < nw->az_count)
        diag_error(c->d, loc(reserve), "reserve-azs",
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
static void place_explicit(ctx *c, tier_id t, const node *list, placed *done, size_t *ndone)
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
            diag_error(c->d, &az->loc, "subnet-az", "'%s' is not one of the stack's AZs in "
                       "'network.azs'", az->text);
            az_trouble = true;
        } else if (seen[idx]) {
            diag_error(c->d, &az->loc, "subnet-az-twice",
                       "tier '%s' has a second subnet in '%s'", tier_names[t], az->text);
            diag_note(c->d, &seen[idx]->loc, "the first one is here");
            az_trouble = true;
            idx = -1;
        }
        if (idx >= 0)
            seen[idx] = az;
        cidr b;
        if (!read_cidr(c, cn, &b))
            continue;
        char vbuf[20];
        if (b.prefix < 16 || b.prefix > 28) {
            diag_error(c->d, &cn->loc, "subnet-size", "subnet '%s' is /%d; AWS subnets are /16 "
                       "to /28", cn->text, b.prefix);
            continue;
        }
        if (!cidr_contains(nw->vpc, b)) {
            diag_error(c->d, &cn->loc, "subnet-outside-vpc", "subnet '%s' is not inside the VPC "
                       "'%s'", cn->text, cidr_format(nw->vpc, vbuf));
            continue;
        }
        for (size_t k = 0; k < *ndone; k++) {
            if (cidr_overlaps(done[k].block, b)) {
                diag_error(c->d, &cn->loc, "subnet-overlap", "subnet '%s' overlaps subnet '%s' "
                           "(%s)", cn->text, done[k].where->text, tier_names[done[k].tier]);
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

static void build_subnets(ctx *c, const node *net)
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
            const fjson *def = schema_default(c->s, "network.subnets");
            const fjson *dm = fj_get(fj_get(def, tier_names[t]), "mask");
            const node *mask = node_get(tn, "mask");
            tier->mask = mask ? (int)mask->ival : fj_is_integer(dm) ? (int)fj_integer(dm) : 24;
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
            diag_error(c->d, loc2(mask, subnets), "subnet-mask",
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
                diag_error(c->d, loc2(mask, node_get(net, "cidr")), "subnet-fit",
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

static void build_network(ctx *c, const node *root)
{
    model_network *nw = &c->m->net;
    const node *net = node_get(root, "network");
    const node *cn = node_get(net, "cidr");
    const char *text = get_str(c, net, "cidr", "network.cidr");
    bool vpc_ok;
    if (cn) {
        vpc_ok = read_cidr(c, cn, &nw->vpc);
    } else {
        vpc_ok = cidr_parse(text, &nw->vpc);
    }
    if (vpc_ok && (nw->vpc.prefix < 16 || nw->vpc.prefix > 24)) {
        diag_error(c->d, loc(cn), "vpc-prefix",
                   "the VPC prefix must be /16 to /24; '%s' is /%d", text, nw->vpc.prefix);
        vpc_ok = false;
    } else if (vpc_ok && !cidr_is_private(nw->vpc)) {
        diag_warning(c->d, loc(cn), "vpc-public-range",
                     "'%s' is not a private range (RFC 1918 or 100.64.0.0/10)", text);
    }
    build_azs(c, net);

    const char *nat = get_str(c, net, "nat", "network.nat");
    nw->nat = strcmp(nat, "none") == 0 ? NAT_NONE : strcmp(nat, "per-az") == 0 ? NAT_PER_AZ
                                                                                : NAT_SINGLE;
    nw->nat_count = nw->nat == NAT_NONE ? 0 : nw->nat == NAT_SINGLE ? 1 : nw->az_count;

    const node *fl = node_get(net, "flow_logs");
    nw->flow_logs = fl ? !(fl->kind == NODE_SCALAR && !fl->bval) : true;
    const node *flmap = fl && fl->kind == NODE_MAP ? fl : NULL;
    nw->flow_retention_days = get_int(c, flmap, "retention_days", "network.flow_logs.retention_days", 365);
    nw->flow_traffic = get_str(c, flmap, "traffic", "network.flow_logs.traffic");
    nw->restrict_default_sg =
        get_bool(c, net, "restrict_default_security_group", "network.restrict_default_security_group");

    const node *eps = node_get(net, "endpoints");
    if (eps) {
        for (size_t i = 0; i < eps->count; i++)
            for (int e = 0; e < EP_COUNT; e++)
                if (strcmp(eps->items[i]->text, endpoint_names[e]) == 0)
                    nw->endpoints[e] = true;
    } else {
        const fjson *def = schema_default(c->s, "network.endpoints"), *v;
        size_t i;
        fj_array_foreach(def, i, v)
            for (int e = 0; e < EP_COUNT; e++)
                if (fj_string(v) && strcmp(fj_string(v), endpoint_names[e]) == 0)
                    nw->endpoints[e] = true;
    }
    if (vpc_ok)
        build_subnets(c, net);
    else
        for (int t = 0; t < TIER_COUNT; t++)
            nw->tiers[t].present = !node_get(net, "subnets") ||
                                   node_get(node_get(net, "subnets"), tier_names[t]);

    const node *natn = node_get(net, "nat");
    if (nw->nat != NAT_NONE && !nw->tiers[TIER_PUBLIC].present) {
        if (natn)
            diag_error(c->d, &natn->loc, "nat-needs-public",
                       "a NAT gateway needs the 'public' subnet tier");
        else
            diag_error(c->d, key_loc(net, "subnets"), "nat-needs-public",
                       "the default 'nat: single' needs the 'public' subnet tier; add the tier "
                       "or set 'nat: none'");
    }
    if (!nw->tiers[TIER_PRIVATE].present) {
        /* a NAT gateway serves the private route tables: none, no gateway to pay for */
        if (natn && nw->nat != NAT_NONE)
            diag_warning(c->d, &natn->loc, "nat-no-private",
                         "'nat: %s' creates no NAT gateway: there is no 'private' subnet tier to "
                         "route through it", nat);
        nw->nat_count = 0;
    }
    if (nw->nat == NAT_NONE && nw->tiers[TIER_PRIVATE].present)
        diag_warning(c->d, loc(natn), "nat-none-private",
                     "'nat: none' leaves the private subnets with no route to the internet");
    if (eps && (nw->endpoints[EP_S3] || nw->endpoints[EP_DYNAMODB]) &&
        !nw->tiers[TIER_PRIVATE].present && !nw->tiers[TIER_DATABASE].present)
        diag_warning(c->d, loc(eps), "endpoint-no-tables",
                     "gateway endpoints serve the private and database route tables, and "
                     "neither tier exists");
    bool interface = false;
    for (int e = EP_SSM; e < EP_COUNT; e++)
        interface |= nw->endpoints[e];
    if (interface && !nw->tiers[TIER_PRIVATE].present)
        diag_error(c->d, loc2(eps, net), "endpoint-needs-private",
                   "interface endpoints live in the 'private' subnet tier, which is not defined");
}

/* ---- bastion ---------------------------------------------------------------------------- */

static void build_bastion(ctx *c, const node *root)
{
    const node *bn = node_get(root, "bastion");
    model_bastion *b = &c->m->bastion;
    model_network *nw = &c->m->net;
    if (!bn)
        return;
    b->present = true;
    const node *access = node_get(bn, "access");
    const char *acc = get_str(c, bn, "access", "bastion.access");
    b->access = strcmp(acc, "ssh") == 0 ? ACCESS_SSH : ACCESS_SSM;
    b->instance_type = get_str(c, bn, "instance_type", "bastion.instance_type");
    b->arm64 = engine_class_is_graviton(b->instance_type);
    b->tier = b->access == ACCESS_SSH ? TIER_PUBLIC : TIER_PRIVATE;
    const srcloc *where = access ? &access->loc : key_loc(root, "bastion");
    if (!nw->tiers[b->tier].present)
        diag_error(c->d, where, "bastion-tier", "an %s bastion lives in the '%s' subnet tier, "
                   "which is not defined", acc, tier_names[b->tier]);
    const node *keyn = node_get(bn, "key_name");
    refuse_dynamic_reference(c, keyn);
    b->key_name = keyn ? keyn->text : NULL;
    const node *cidrs = node_get(bn, "allowed_cidrs");
    const node *world = node_get(bn, "allow_world");
    bool allow_world = world && world->bval;
    if (b->access == ACCESS_SSM) {
        if (nw->nat == NAT_NONE && !nw->endpoints[EP_SSM])
            diag_error(c->d, where, "ssm-unreachable",
                       "an ssm bastion must reach Systems Manager: set 'network.nat' or add "
                       "'ssm' to 'network.endpoints'");
        if (keyn)
            diag_error(c->d, &keyn->loc, "key-name-ssm",
                       "'key_name' applies only to ssh access; ssm needs no key pair");
        if (cidrs && cidrs->count)
            diag_error(c->d, &cidrs->loc, "allowed-cidrs-ssm",
                       "'allowed_cidrs' applies only to ssh access; an ssm bastion takes no "
                       "inbound traffic");
        return;
    }
    if (!cidrs || !cidrs->count) {
        diag_error(c->d, where, "ssh-allowed-cidrs",
                   "ssh access needs 'allowed_cidrs': the networks that may connect on port 22");
        return;
    }
    b->allowed_cidrs = arena_array(c->a, cidrs->count, sizeof *b->allowed_cidrs);
    for (size_t i = 0; i < cidrs->count; i++) {
        const node *n = cidrs->items[i];
        cidr x;
        if (!read_cidr(c, n, &x))
            continue;
        if (x.prefix == 0 && !allow_world)
            diag_error(c->d, &n->loc, "ssh-world",
                       "'0.0.0.0/0' opens ssh to the whole internet; set 'allow_world: true' "
                       "if that is really meant");
        else if (x.prefix == 0)
            diag_warning(c->d, &n->loc, "control-ec2-13",
                         "ssh is open to the whole internet (AWS Security Hub EC2.13: security "
                         "groups should not allow ingress from 0.0.0.0/0 to port 22)");
        b->allowed_cidrs[b->allowed_count++] = n->text;
    }
}

/* ---- database --------------------------------------------------------------------------- */

/* Minutes since the start of the day of "HH:MM". */
static int day_minutes(const char *s)
{
    return ((s[0] - '0') * 10 + (s[1] - '0')) * 60 + (s[3] - '0') * 10 + (s[4] - '0');
}

/* Minutes since Monday 00:00 of "ddd:HH:MM". */
static int week_minutes(const char *s)
{
    static const char days[] = "montuewedthufrisatsun";
    int day = 0;
    for (int i = 0; i < 7; i++)
        if (strncmp(days + i * 3, s, 3) == 0)
            day = i;
    return day * 1440 + day_minutes(s + 4);
}

/* Length of [start, end) on a circle of size period. */
static int span(int start, int end, int period)
{
    return ((end - start) % period + period) % period;
}

/* [a, a+alen) and [b, b+blen) on a circle of size period share a minute. */
static bool circ_overlap(int a, int alen, int b, int blen, int period)
{
    return span(b, a, period) < blen || span(a, b, period) < alen;
}

static void check_windows(ctx *c, const node *dbn, model_database *db)
{
    const node *bw = node_get(node_get(dbn, "backup"), "window");
    const node *mw = node_get(dbn, "maintenance_window");
    int bstart = 0, blen = 0, mstart = 0, mlen = 0;
    if (bw) {
        bstart = day_minutes(bw->text);
        blen = span(bstart, day_minutes(bw->text + 6), 1440);
        if (blen < 30)
            diag_error(c->d, &bw->loc, "window-short",
                       "backup window '%s' is %d minutes; RDS needs at least 30", bw->text, blen);
    }
    if (mw) {
        mstart = week_minutes(mw->text);
        mlen = span(mstart, week_minutes(mw->text + 10), 7 * 1440);
        if (mlen < 30)
            diag_error(c->d, &mw->loc, "window-short",
                       "maintenance window '%s' is %d minutes; RDS needs at least 30", mw->text,
                       mlen);
    }
    if (bw && mw && blen >= 30 && mlen >= 30) {
        for (int day = 0; day < 7; day++) {
            if (circ_overlap(day * 1440 + bstart, blen, mstart, mlen, 7 * 1440)) {
                diag_error(c->d, &mw->loc, "window-overlap",
                           "maintenance window '%s' overlaps the daily backup window '%s'",
                           mw->text, bw->text);
                diag_note(c->d, &bw->loc, "the backup window is set here");
                break;
            }
        }
    }
    db->backup_window = bw ? bw->text : NULL;
    db->maintenance_window = mw ? mw->text : NULL;
}

static void check_names(ctx *c, const node *dbn, model_database *db)
{
    const engine_info *e = db->engine;
    const node *name = node_get(dbn, "name");
    db->name = name ? name->text : NULL;
    if (name && (int)strlen(name->text) > e->dbname_max)
        diag_error(c->d, &name->loc, "db-name", "database name '%s' is longer than %s allows "
                   "(%d characters)", name->text, e->display, e->dbname_max);
    const node *user = node_get(dbn, "username");
    db->username = get_str(c, dbn, "username", "database.username");
    if (user && (int)strlen(user->text) > e->username_max)
        diag_error(c->d, &user->loc, "db-username", "user name '%s' is longer than %s allows "
                   "(%d characters)", user->text, e->display, e->username_max);
    if (user && (engine_list_has(e->reserved_users, user->text, true) ||
                 (strcmp(e->name, "postgres") == 0 && strncmp(user->text, "pg_", 3) == 0) ||
                 strncmp(user->text, "rds", 3) == 0))
        diag_error(c->d, &user->loc, "db-username-reserved",
                   "'%s' is reserved by %s or RDS; choose another master user name", user->text,
                   e->display);
}

static void check_storage(ctx *c, const node *dbn, model_database *db)
{
    const node *st = node_get(dbn, "storage");
    const node *max = node_get(st, "max_size_gb"), *iops = node_get(st, "iops");
    const node *type = node_get(st, "type");
    db->storage_gb = get_int(c, st, "size_gb", "database.storage.size_gb", 20);
    db->storage_type = get_str(c, st, "type", "database.storage.type");
    db->max_storage_gb = max ? (int)max->ival : 0;
    db->iops = iops ? (int)iops->ival : 0;
    bool provisioned = strcmp(db->storage_type, "io1") == 0 || strcmp(db->storage_type, "io2") == 0;
    if (max && db->max_storage_gb <= db->storage_gb)
        diag_error(c->d, &max->loc, "storage-max", "'max_size_gb' (%d) must be larger than "
                   "'size_gb' (%d)", db->max_storage_gb, db->storage_gb);
    if (iops && strcmp(db->storage_type, "gp2") == 0)
        diag_error(c->d, &iops->loc, "storage-iops", "'iops' applies only to io1, io2 and gp3 "
                   "storage, not gp2");
    if (iops && strcmp(db->storage_type, "gp3") == 0 && db->storage_gb < 400)
        diag_error(c->d, &iops->loc, "storage-iops-gp3", "gp3 IOPS can be set only from 400 GiB "
                   "of storage (below that RDS gives a fixed 3000)");
    if (provisioned && !iops)
        diag_error(c->d, loc2(type, st), "storage-iops-missing", "%s storage needs 'iops'",
                   db->storage_type);
    if (provisioned && db->storage_gb < 100)
        diag_error(c->d, loc2(node_get(st, "size_gb"), st), "storage-size",
                   "%s storage needs at least 100 GiB", db->storage_type);
}

/* parameters: the TLS parameter first (forced to 1), then the spec's in its order. */
static void build_parameters(ctx *c, const node *dbn, model_database *db)
{
    const node *params = node_get(dbn, "parameters");
    size_t n = params ? params->count : 0;
    db->parameters = arena_array(c->a, n + 1, sizeof *db->parameters);
    db->parameters[db->parameter_count++] = (kv){db->engine->tls_parameter, "1", true};
    for (size_t i = 0; i < n; i++) {
        const node_pair *p = &params->pairs[i];
        bool number = p->value->type == SCALAR_INT || p->value->type == SCALAR_FLOAT;
        if (strcmp(p->key->text, db->engine->tls_parameter) == 0) {
            if (!(p->value->type == SCALAR_INT && p->value->ival == 1) &&
                !(p->value->type == SCALAR_BOOL && p->value->bval) &&
                strcmp(p->value->text, "ON") != 0)
                diag_error(c->d, &p->value->loc, "tls-required",
                           "TLS is always required: '%s' must be 1", p->key->text);
            continue;
        }
        refuse_dynamic_reference(c, p->value);
        const char *text = p->value->type == SCALAR_BOOL ? (p->value->bval ? "1" : "0")
                                                         : p->value->text;
        db->parameters[db->parameter_count++] = (kv){p->key->text, text, number};
    }
}

static void build_database(ctx *c, const node *root)
{
    const node *dbn = node_get(root, "database");
    model_database *db = &c->m->db;
    model_network *nw = &c->m->net;
    if (!dbn)
        return;
    db->present = true;
    db->engine = engine_find(get_str(c, dbn, "engine", "database.engine"));
    const engine_info *e = db->engine;
    if (!nw->tiers[TIER_DATABASE].present)
        diag_error(c->d, key_loc(node_get(root, "network"), "subnets"), "db-tier",
                   "a database needs the 'database' subnet tier");

    const node *vn = node_get(dbn, "version");
    db->version = vn ? vn->text : e->default_version;
    char major[16];
    if (!engine_major(e, db->version, major) || !engine_supports_major(e, major)) {
        char list[128] = "";
        for (const char *const *v = e->majors; *v; v++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                     v == e->majors ? "" : ", ", *v);
        diag_error(c->d, loc2(vn, dbn), "db-version",
                   "%s version '%s' is not supported; supported major versions: %s", e->display,
                   db->version, list);
        snprintf(major, sizeof major, "%s", e->default_version);
    }
    db->family = arena_printf(c->a, "%s%s", e->name, major);
    db->instance_class = get_str(c, dbn, "instance_class", "database.instance_class");
    const node *port = node_get(dbn, "port");
    db->port = port ? (int)port->ival : e->default_port;
    check_names(c, dbn, db);
    check_storage(c, dbn, db);
    db->multi_az = get_bool(c, dbn, "multi_az", "database.multi_az");

    const node *backup = node_get(dbn, "backup");
    const node *retention = node_get(backup, "retention_days");
    db->backup_retention = get_int(c, backup, "retention_days", "database.backup.retention_days", 7);
    check_windows(c, dbn, db);
    db->deletion_protection = get_bool(c, dbn, "deletion_protection", "database.deletion_protection");
    build_parameters(c, dbn, db);

    const node *replicas = node_get(dbn, "replicas");
    db->replicas = get_int(c, dbn, "replicas", "database.replicas", 0);
    if (db->replicas > 0 && db->backup_retention < 1)
        diag_error(c->d, loc2(retention, replicas), "replicas-backup",
                   "read replicas need automated backups: 'backup.retention_days' must be at "
                   "least 1");
    db->managed_password = db->replicas == 0;

    const node *pi = node_get(dbn, "performance_insights");
    bool pi_ok = e->pi_on_small_classes || !engine_class_is_small(db->instance_class);
    db->performance_insights = pi ? pi->bval : pi_ok;
    if (pi && pi->bval && !pi_ok)
        diag_error(c->d, &pi->loc, "db-performance-insights",
                   "%s does not support Performance Insights on '%s' (micro and small classes)",
                   e->display, db->instance_class);
    db->monitoring_interval =
        get_int(c, dbn, "monitoring_interval", "database.monitoring_interval", 60);

    const node *iam = node_get(dbn, "iam_auth");
    bool iam_ok = !e->iam_auth_since || engine_version_cmp(major, e->iam_auth_since) >= 0;
    db->iam_auth = iam ? iam->bval : iam_ok;
    if (iam && iam->bval && !iam_ok)
        diag_error(c->d, &iam->loc, "db-iam-auth",
                   "%s supports IAM authentication from version %s; this is %s", e->display,
                   e->iam_auth_since, db->version);

    const node *logs = node_get(dbn, "log_exports");
    if (logs) {
        db->log_exports = arena_array(c->a, logs->count, sizeof *db->log_exports);
        for (size_t i = 0; i < logs->count; i++) {
            const node *l = logs->items[i];
            if (!engine_list_has(e->allowed_logs, l->text, false)) {
                char list[128] = "";
                for (const char *const *v = e->allowed_logs; *v; v++)
                    snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                             v == e->allowed_logs ? "" : ", ", *v);
                diag_error(c->d, &l->loc, "db-log-export",
                           "%s has no log '%s'; its logs are: %s", e->display, l->text, list);
                continue;
            }
            db->log_exports[db->log_export_count++] = l->text;
        }
    } else {
        size_t n = 0;
        while (e->default_logs[n])
            n++;
        db->log_exports = arena_array(c->a, n, sizeof *db->log_exports);
        for (size_t i = 0; i < n; i++)
            db->log_exports[db->log_export_count++] = e->default_logs[i];
    }
}

/* ---- security controls ------------------------------------------------------------------ */

/* A secure default that the spec turns off is allowed, with a warning that names the public
 * control it breaks, at the value that turns it off. Defaults are never warned about. */
static void warn_controls(ctx *c, const node *spec)
{
    const model *m = c->m;
    const node *net = node_get(spec, "network"), *dbn = node_get(spec, "database");
    const node *fl = node_get(net, "flow_logs");
    if (fl && !m->net.flow_logs)
        diag_warning(c->d, &fl->loc, "control-ec2-6",
                     "flow logs are off (AWS Security Hub EC2.6: VPC flow logging should be "
                     "enabled in all VPCs)");
    const node *ret = node_get(fl, "retention_days");
    if (ret && m->net.flow_retention_days < 365)
        diag_warning(c->d, &ret->loc, "control-ckv-aws-338",
                     "flow logs are kept %d day%s (AWS Security Hub CloudWatch.16, checkov "
                     "CKV_AWS_338: CloudWatch log groups should retain logs for at least 1 year)", m->net.flow_retention_days,
                     m->net.flow_retention_days == 1 ? "" : "s");
    const node *rd = node_get(net, "restrict_default_security_group");
    if (rd && !m->net.restrict_default_sg)
        diag_warning(c->d, &rd->loc, "control-ec2-2",
                     "the default security group keeps its rules (AWS Security Hub EC2.2: VPC "
                     "default security groups should not allow inbound or outbound traffic)");
    if (!m->db.present)
        return;
    const model_database *db = &m->db;
    const node *dp = node_get(dbn, "deletion_protection");
    if (dp && !db->deletion_protection)
        diag_warning(c->d, &dp->loc, "control-rds-8",
                     "deletion protection is off (AWS Security Hub RDS.8: RDS DB instances "
                     "should have deletion protection enabled)");
    const node *br = node_get(node_get(dbn, "backup"), "retention_days");
    if (br && db->backup_retention < 7)
        diag_warning(c->d, &br->loc, "control-rds-11",
                     "automated backups are kept %d day%s (AWS Security Hub RDS.11: RDS instances "
                     "should have automatic backups enabled, for at least 7 days)",
                     db->backup_retention, db->backup_retention == 1 ? "" : "s");
    const node *iam = node_get(dbn, "iam_auth");
    char major[16];
    bool iam_possible = !db->engine->iam_auth_since ||
                        (engine_major(db->engine, db->version, major) &&
                         engine_version_cmp(major, db->engine->iam_auth_since) >= 0);
    if (iam && !db->iam_auth && iam_possible)
        diag_warning(c->d, &iam->loc, "control-rds-10",
                     "IAM database authentication is off (AWS Security Hub RDS.10: IAM "
                     "authentication should be configured for RDS instances)");
    const node *logs = node_get(dbn, "log_exports");
    if (logs && !db->log_export_count) {
        diag_warning(c->d, &logs->loc, "control-rds-9",
                     "no database logs are exported (AWS Security Hub RDS.9: RDS DB instances "
                     "should publish logs to CloudWatch Logs)");
    } else if (logs) {
        for (const char *const *def = db->engine->default_logs; *def; def++) {
            bool kept = false;
            for (size_t i = 0; i < db->log_export_count; i++)
                kept |= strcmp(db->log_exports[i], *def) == 0;
            if (!kept)
                diag_warning(c->d, &logs->loc, "control-rds-9",
                             "the '%s' log is not exported (AWS Security Hub RDS.9: RDS DB "
                             "instances should publish logs to CloudWatch Logs)", *def);
        }
    }
    const node *mon = node_get(dbn, "monitoring_interval");
    if (mon && !db->monitoring_interval)
        diag_warning(c->d, &mon->loc, "control-rds-6",
                     "enhanced monitoring is off (AWS Security Hub RDS.6: enhanced monitoring "
                     "should be configured for RDS DB instances)");
    const node *pi = node_get(dbn, "performance_insights");
    bool pi_possible = db->engine->pi_on_small_classes || !engine_class_is_small(db->instance_class);
    if (pi && !db->performance_insights && pi_possible)
        diag_warning(c->d, &pi->loc, "control-ckv-aws-353",
                     "Performance Insights is off (checkov CKV_AWS_353: RDS instances should "
                     "have Performance Insights enabled)");
}

/* ---- entry ------------------------------------------------------------------------------ */

model *model_build(arena *a, diag_sink *d, const schema *s, const node *root, const char *env)
{
    node *spec = (node *)root;
    if (env) {
        const node *envs = node_get(root, "environments");
        node *overlay = node_get(envs, env);
        if (!overlay) {
            const char **names = model_environments(a, root);
            char *list = "";
            for (size_t i = 0; names[i]; i++)
                list = arena_printf(a, "%s%s'%s'", list, i ? ", " : "", names[i]);
            if (names[0])
                diag_error(d, NULL, "env-unknown", "unknown environment '%s'; the spec defines %s",
                           env, list);
            else
                diag_error(d, NULL, "env-unknown",
                           "unknown environment '%s'; the spec defines no environments", env);
            return NULL;
        }
        spec = merge(a, spec, overlay);
    }
    int before = diag_error_count(d);
    ctx c = {a, d, s, arena_alloc(a, sizeof(model))};
    model *m = c.m;
    m->name = get_str(&c, spec, "name", "name");
    m->description = get_str(&c, spec, "description", "description");
    refuse_dynamic_reference(&c, node_get(spec, "description"));
    const node *region = node_get(spec, "region");
    m->region = region ? region->text : NULL;
    build_tags(&c, spec);
    build_network(&c, spec);
    build_bastion(&c, spec);
    build_database(&c, spec);
    warn_controls(&c, spec);
    return diag_error_count(d) > before ? NULL : m;
}
