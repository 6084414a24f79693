/* emit_dot.c - the dot target: the stack as a Graphviz diagram.
 *
 * Clusters nest as the network does: the VPC (its name and CIDR), in it one cluster per AZ
 * (its name, or "AZ 1".. when the spec gave a count), in each AZ one cluster per subnet,
 * coloured by tier, holding what lives there: NAT gateways, the bastion, a single-AZ database
 * primary (in the first AZ) and the read replicas (in the AZ the plan gave them). A Multi-AZ
 * primary spans its subnet group, so it sits in the VPC with a dashed line to each subnet.
 * Edges follow the plan: route tables to their subnets (dashed) and to their targets (the
 * internet gateway, a NAT gateway, a gateway endpoint's prefix list), security group rules
 * as "who may connect on which port" (into the database from the application's group and the
 * bastion, ssh into the bastion from the allowed CIDRs), and the Systems Manager path of an
 * ssm bastion. Node ids are the plan's ids; the layout reads top-down: internet, gateways,
 * public, private, database (graphviz's dot lays it out; the hints it gets are commented
 * where they work around its quirks). Which resources become nodes is one switch over all
 * resource kinds, so a new kind is a compiler warning here until someone decides.
 */
#include "report.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct dot {
    FILE *f;
    const plan *p;
    int depth; /* indentation, in levels of four spaces */
    bool failed;
} dot;

/* ---- writing ---------------------------------------------------------------------------- */

/* One statement: an edge "from" -> "to", a node "from" (to NULL), or the attributes of the
 * current graph (from NULL); then [attrs, label="..."] with the label from printf text (none
 * when fmt is NULL), escaped: '"' and '\' quoted, a newline as a line break, other control
 * characters as spaces. */
static void put(dot *d, const char *from, const char *to, const char *attrs, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void put(dot *d, const char *from, const char *to, const char *attrs, const char *fmt, ...)
{
    fprintf(d->f, "%*s", 4 * d->depth, "");
    if (!from)
        fputs("graph", d->f);
    else
        fprintf(d->f, to ? "\"%s\" -> \"%s\"" : "\"%s\"", from, to);
    fprintf(d->f, " [%s%s", attrs, fmt ? *attrs ? ", label=\"" : "label=\"" : "");
    va_list ap, copy;
    va_start(ap, fmt);
    va_copy(copy, ap);
    int n = fmt ? vsnprintf(NULL, 0, fmt, copy) : 0;
    va_end(copy);
    char *text = fmt && n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (text)
        vsnprintf(text, (size_t)n + 1, fmt, ap);
    va_end(ap);
    d->failed |= fmt && !text;
    for (const unsigned char *c = (const unsigned char *)text; c && *c; c++) {
        if (*c == '"' || *c == '\\')
            fputc('\\', d->f);
        if (*c == '\n')
            fputs("\\n", d->f);
        else
            fputc(*c < 0x20 || *c == 0x7F ? ' ' : *c, d->f);
    }
    free(text);
    fputs(fmt ? "\"];\n" : "];\n", d->f);
}

/* Opens subgraph cluster_<id>; its attributes follow with put(d, NULL, NULL, ...). */
static void open_cluster(dot *d, const char *id)
{
    fprintf(d->f, "%*ssubgraph \"cluster_%s\" {\n", 4 * d->depth, "", id);
    d->depth++;
}

static void close_cluster(dot *d)
{
    d->depth--;
    fprintf(d->f, "%*s}\n", 4 * d->depth, "");
}

/* ---- plan queries ------------------------------------------------------------------------ */

/* The index of the first resource from i on whose "security_groups" list holds sg (a member of
 * the group), or p->count when there is none. */
static size_t member(const plan *p, const resource *sg, size_t i)
{
    while (i < p->count && !report_lists(p->items[i], "security_groups", sg))
        i++;
    return i;
}

/* The AZ a route table serves when every subnet it is associated with lies in one AZ, or -1. */
static int table_az(const plan *p, const resource *rt)
{
    int az = -1;
    for (size_t i = 0; i < p->count; i++) {
        const resource *a = p->items[i];
        if (a->kind != RES_ROUTE_TABLE_ASSOC || report_ref(a, "route_table") != rt)
            continue;
        int here = report_az_of(p, report_ref(a, "subnet"));
        if (here < 0 || (az >= 0 && here != az))
            return -1;
        az = here;
    }
    return az;
}

/* A security group drawn as a node of its own: it has no members (the application's group,
 * for compute outside this stack) and is the peer of a rule into a group that has some. */
static bool sg_is_node(const plan *p, const resource *sg)
{
    if (member(p, sg, 0) < p->count)
        return false;
    for (size_t i = 0; i < p->count; i++) {
        const resource *r = p->items[i];
        if (r->kind == RES_SG_INGRESS_SG && report_ref(r, "peer") == sg &&
            member(p, report_ref(r, "security_group"), 0) < p->count)
            return true;
    }
    return false;
}

/* A CIDR rule whose source lies outside the VPC (the endpoints' rule from the VPC is not drawn). */
static bool from_outside(const plan *p, const resource *rule)
{
    const value *c = plan_prop(rule, "cidr");
    cidr src, vpc = p->m->net.vpc;
    return c && c->kind == VAL_STR && cidr_parse(c->str, &src) && !cidr_contains(vpc, src) &&
           member(p, report_ref(rule, "security_group"), 0) < p->count;
}

/* The interface endpoint of a service (suffix ".ssm" of its service name), or NULL. */
static const resource *service_endpoint(const plan *p, const char *suffix)
{
    for (size_t i = 0; i < p->count; i++) {
        const value *v = plan_prop(p->items[i], "service");
        if (p->items[i]->kind == RES_INTERFACE_ENDPOINT && v && v->kind == VAL_SUB && v->count &&
            v->items[v->count - 1]->kind == VAL_STR &&
            strcmp(v->items[v->count - 1]->str, suffix) == 0)
            return p->items[i];
    }
    return NULL;
}

/* ---- nodes ------------------------------------------------------------------------------- */

typedef enum { AT_NONE, AT_SUBNET, AT_AZ, AT_VPC, AT_OUTSIDE } place;

/* Where r is drawn as a node: in its subnet (*home), in an AZ (*az: a route table of one AZ),
 * in the VPC, above it, or not at all. Subnets and interface endpoints are clusters or
 * cluster members of their own (see subnet() and vpc()). */
static place where(const plan *p, const resource *r, const resource **home, int *az)
{
    *home = NULL;
    *az = -1;
    switch (r->kind) {
    case RES_NAT_GATEWAY:
    case RES_NAT_INSTANCE:
    case RES_BASTION:
    case RES_INSTANCE_CONNECT_ENDPOINT:
    case RES_DB_INSTANCE:
    case RES_DB_REPLICA:
    case RES_DB_CLUSTER_INSTANCE:
        *home = report_home(p, r);
        return *home ? AT_SUBNET : AT_VPC;
    case RES_DB_CLUSTER:
        return AT_VPC;
    case RES_ROUTE_TABLE:
        *az = table_az(p, r);
        return *az >= 0 ? AT_AZ : AT_VPC;
    case RES_INTERNET_GATEWAY:
    case RES_EGRESS_ONLY_GATEWAY:
    case RES_GATEWAY_ENDPOINT:
        return AT_VPC;
    case RES_SECURITY_GROUP:
        return sg_is_node(p, r) ? AT_VPC : AT_NONE;
    case RES_SG_INGRESS_CIDR:
        return from_outside(p, r) ? AT_OUTSIDE : AT_NONE;
    case RES_INTERFACE_ENDPOINT:
    case RES_SUBNET:
    case RES_STACK:
    case RES_AZ_LIST:
    case RES_VPC:
    case RES_VPC_IPV6_BLOCK:
    case RES_ROUTE_IGW:
    case RES_ROUTE_NAT:
    case RES_ROUTE_IGW_IPV6:
    case RES_ROUTE_EGRESS_ONLY:
    case RES_ROUTE_TABLE_ASSOC:
    case RES_NAT_EIP:
    case RES_FLOW_LOG_GROUP:
    case RES_FLOW_LOG_ROLE:
    case RES_FLOW_LOG:
    case RES_RESTRICT_DEFAULT_SG:
    case RES_SG_INGRESS_SG:
    case RES_SG_EGRESS_CIDR:
    case RES_SG_EGRESS_SG:
    case RES_BASTION_IMAGE:
    case RES_NAT_INSTANCE_IMAGE:
    case RES_BASTION_ROLE:
    case RES_BASTION_ROLE_PLAIN:
    case RES_BASTION_PROFILE:
    case RES_BASTION_EIP:
    case RES_DB_SUBNET_GROUP:
    case RES_DB_PARAMETER_GROUP:
    case RES_DB_CLUSTER_PARAMETER_GROUP:
    case RES_DB_MONITORING_ROLE:
    case RES_DB_OPTION_GROUP:
    case RES_KMS_KEY:
    case RES_DB_LOG_GROUP:
    case RES_DB_SECRET_ROTATION:
    case RES_DB_SECRET:
    case RES_DB_SECRET_ATTACHMENT:
    case RES_OUTPUT:
    case RES_KIND_COUNT:
        break;
    }
    return AT_NONE;
}

/* The node of r (where() placed it, or an interface endpoint). */
static void resource_node(dot *d, const resource *r)
{
    const model *m = d->p->m;
    const value *v = plan_prop(r, r->kind == RES_BASTION ? "instance_type" : "multi_az");
    const resource *ref = report_ref(r, r->kind == RES_NAT_GATEWAY ? "allocation" : "source");
    for (size_t i = 0; (r->kind == RES_BASTION || r->kind == RES_NAT_INSTANCE) && i < d->p->count;
         i++)
        if (d->p->items[i]->kind == RES_BASTION_EIP && report_ref(d->p->items[i], "instance") == r)
            ref = d->p->items[i];
    switch (r->kind) {
    case RES_NAT_GATEWAY:
        if (plan_prop(r, "availability_mode")) /* regional: no subnet, AWS's addresses */
            put(d, r->id, NULL, "", "%s\nregional NAT gateway\nAWS-allocated addresses", r->id);
        else
            put(d, r->id, NULL, "", "%s\nNAT gateway\nElastic IP %s", r->id, ref ? ref->id : "-");
        break;
    case RES_NAT_INSTANCE:
        put(d, r->id, NULL, "shape=box3d", "%s\nNAT instance, %s\nElastic IP %s", r->id,
            plan_prop(r, "instance_type")->str, ref ? ref->id : "-");
        break;
    case RES_BASTION:
        put(d, r->id, NULL, "shape=box3d, style=filled, fillcolor=\"#f4e1f0\"",
            "%s\n%s, %s access%s%s", r->id, v ? v->str : "?", report_access(m->bastion.access),
            ref ? "\nElastic IP " : "", ref ? ref->id : "");
        break;
    case RES_INSTANCE_CONNECT_ENDPOINT:
        put(d, r->id, NULL, "shape=hexagon, style=filled", "%s\nEC2 Instance Connect Endpoint",
            r->id);
        break;
    case RES_DB_INSTANCE:
        put(d, r->id, NULL, "shape=cylinder, style=filled, fillcolor=\"#fbe3c0\"",
            "%s\n%s %s\n%s%s", r->id, m->db.engine->display, m->db.version, m->db.instance_class,
            v && v->flag ? "\nMulti-AZ: primary + standby" : "");
        break;
    case RES_DB_CLUSTER:
        if (m->db.topology == TOPOLOGY_MULTI_AZ_CLUSTER)
            put(d, r->id, NULL, "shape=cylinder, style=filled, fillcolor=\"#fbe3c0\"",
                "%s\nMulti-AZ DB cluster: %s %s\nwriter + two readable standbys, %s\nin three "
                "AZs",
                r->id, m->db.engine->display, m->db.version, m->db.instance_class);
        else
            put(d, r->id, NULL, "shape=cylinder, style=filled, fillcolor=\"#fbe3c0\"",
                "%s\nAurora cluster: %s %s\nstorage across three AZs", r->id, m->db.engine->display,
                m->db.version);
        break;
    case RES_DB_CLUSTER_INSTANCE: {
        const value *tier = plan_prop(r, "promotion_tier");
        put(d, r->id, NULL, "shape=cylinder, style=filled, fillcolor=\"#fdf1e0\"", "%s\n%s\n%s",
            r->id, tier && tier->num == 0 ? "writer" : "reader", m->db.instance_class);
        break;
    }
    case RES_DB_REPLICA:
        put(d, r->id, NULL, "shape=cylinder, style=filled, fillcolor=\"#fdf1e0\"",
            "%s\nread replica of %s\n%s\nsame access as the primary", r->id, ref ? ref->id : "?",
            m->db.instance_class);
        break;
    case RES_ROUTE_TABLE:
        put(d, r->id, NULL, "shape=note, style=filled", "%s", r->id);
        break;
    case RES_INTERNET_GATEWAY:
        put(d, r->id, NULL, "fillcolor=\"#e8e0f3\"", "%s", r->id);
        break;
    case RES_EGRESS_ONLY_GATEWAY:
        put(d, r->id, NULL, "fillcolor=\"#e8e0f3\"", "%s\noutbound IPv6 only", r->id);
        break;
    case RES_GATEWAY_ENDPOINT:
    case RES_INTERFACE_ENDPOINT:
        put(d, r->id, NULL, "shape=hexagon, style=filled", "%s%s", r->id,
            r->kind == RES_GATEWAY_ENDPOINT ? "\ngateway endpoint" : "");
        break;
    case RES_SECURITY_GROUP:
        put(d, r->id, NULL, "shape=component, style=filled", "%s\n%s", r->id,
            plan_prop(r, "description")->str);
        break;
    case RES_SG_INGRESS_CIDR:
        put(d, r->id, NULL, "shape=ellipse, style=dashed", "%s", plan_prop(r, "cidr")->str);
        break;
    default:
        break;
    }
}

/* The nodes placed at (at, home, az), in plan order. */
static void nodes_at(dot *d, place at, const resource *home, int az)
{
    for (size_t i = 0; i < d->p->count; i++) {
        const resource *r = d->p->items[i], *h;
        int a;
        if (where(d->p, r, &h, &a) == at && h == home && a == az)
            resource_node(d, r);
    }
}

/* A subnet's cluster in its tier's colours: an anchor node (its id) with the CIDR and what
 * lives in the subnet. */
static void subnet(dot *d, const resource *s)
{
    static const char *const fill[TIER_COUNT] = {"#e3f4e1", "#e1ecf9", "#fdf1d8"};
    static const char *const line[TIER_COUNT] = {"#4a8c3f", "#3c6ea8", "#b8860b"};
    char attrs[100];
    cidr block;
    const char *c = plan_prop(s, "cidr")->str;
    snprintf(attrs, sizeof attrs, "style=\"rounded,filled\", fillcolor=\"%s\", color=\"%s\"",
             fill[report_tier(s)], line[report_tier(s)]);
    open_cluster(d, s->id);
    put(d, NULL, NULL, attrs, "%s", s->id);
    put(d, s->id, NULL, "shape=plaintext, style=\"\"", "%s\n%llu usable addresses", c,
        cidr_parse(c, &block) ? (unsigned long long)cidr_usable(block) : 0ULL);
    nodes_at(d, AT_SUBNET, s, -1);
    close_cluster(d);
}

/* The VPC's cluster: one cluster per AZ with its subnets, what serves the whole VPC, and the
 * interface endpoints in a cluster of their own. */
static void vpc(dot *d)
{
    const plan *p = d->p;
    const resource *v = NULL, *ep = NULL;
    char az[REPORT_AZ_LABEL], id[16];
    for (size_t i = 0; i < p->count; i++) {
        v = p->items[i]->kind == RES_VPC ? p->items[i] : v;
        ep = !ep && p->items[i]->kind == RES_INTERFACE_ENDPOINT ? p->items[i] : ep;
    }
    assert(v); /* every plan has one */
    open_cluster(d, v->id);
    put(d, NULL, NULL, "style=rounded, color=\"#333333\", penwidth=2, fontsize=13", "%s\n%s",
        v->name, plan_prop(v, "cidr")->str);
    for (int a = 0; a < p->m->net.az_count; a++) {
        snprintf(id, sizeof id, "az_%d", a + 1);
        open_cluster(d, id);
        put(d, NULL, NULL, "style=\"rounded,dashed\", color=\"#777777\"", "%s",
            report_az_label(p, a, az));
        for (size_t i = 0; i < p->count; i++)
            if (report_tier(p->items[i]) >= 0 && report_az_of(p, p->items[i]) == a)
                subnet(d, p->items[i]);
        nodes_at(d, AT_AZ, NULL, a);
        close_cluster(d);
    }
    nodes_at(d, AT_VPC, NULL, -1);
    if (ep) {
        const value *in = plan_prop(ep, "subnets");
        open_cluster(d, "interface_endpoints");
        put(d, NULL, NULL, "style=\"rounded,dotted\"", "interface endpoints\n(in the %s subnets)",
            tier_names[report_tier(in->items[0]->ref)]);
        for (size_t i = 0; i < p->count; i++)
            if (p->items[i]->kind == RES_INTERFACE_ENDPOINT)
                resource_node(d, p->items[i]);
        close_cluster(d);
    }
    close_cluster(d);
}

/* ---- edges ------------------------------------------------------------------------------- */

#define RED "color=\"#b03a2e\", fontcolor=\"#b03a2e\""

/* The edges r stands for. */
static void resource_edges(dot *d, const resource *r)
{
    const plan *p = d->p;
    const resource *a = report_ref(r, "peer"), *sg = report_ref(r, "security_group");
    const value *list = plan_prop(r, r->kind == RES_GATEWAY_ENDPOINT ? "route_tables" : "subnets");
    char port[32], attrs[120];
    report_port(r, port, sizeof port);
    switch (r->kind) {
    case RES_INTERNET_GATEWAY:
        put(d, "internet", r->id, "dir=both", NULL);
        break;
    case RES_ROUTE_IGW:
    case RES_ROUTE_NAT: /* from the target down to the table, the arrow at the target */
        a = r->kind == RES_ROUTE_IGW ? report_ref(r, "gateway") : report_nat_of(r);
        put(d, a->id, report_ref(r, "route_table")->id, "dir=back, penwidth=1.5", "0.0.0.0/0");
        break;
    case RES_ROUTE_IGW_IPV6:
    case RES_ROUTE_EGRESS_ONLY:
        a = report_ref(r, r->kind == RES_ROUTE_IGW_IPV6 ? "gateway" : "egress_only_gateway");
        put(d, a->id, report_ref(r, "route_table")->id, "dir=back, penwidth=1.5, style=dashed",
            "::/0");
        break;
    case RES_EGRESS_ONLY_GATEWAY:
        put(d, "internet", r->id, "dir=back", NULL);
        break;
    case RES_ROUTE_TABLE_ASSOC:
        a = report_ref(r, "subnet");
        snprintf(attrs, sizeof attrs,
                 "dir=none, style=dashed, color=\"#999999\", lhead=\"cluster_%s\"", a->id);
        put(d, report_ref(r, "route_table")->id, a->id, attrs, NULL);
        break;
    case RES_GATEWAY_ENDPOINT:
        for (size_t i = 0; i < list->count; i++)
            put(d, list->items[i]->ref->id, r->id, "style=dotted", "prefix list");
        break;
    case RES_SG_INGRESS_SG: /* from each member of the peer group (or the group) to each member */
        for (size_t to = member(p, sg, 0); to < p->count; to = member(p, sg, to + 1)) {
            if (p->items[to]->kind == RES_DB_REPLICA)
                continue; /* a replica shares its primary's group: its label says so */
            if (member(p, a, 0) == p->count)
                put(d, a->id, p->items[to]->id, RED, "%s", port);
            for (size_t from = member(p, a, 0); from < p->count; from = member(p, a, from + 1))
                put(d, p->items[from]->id, p->items[to]->id, RED, "%s", port);
        }
        break;
    case RES_SG_INGRESS_CIDR:
        for (size_t to = member(p, sg, 0); to < p->count && from_outside(p, r);
             to = member(p, sg, to + 1))
            put(d, r->id, p->items[to]->id, RED, "%s", port);
        break;
    case RES_DB_INSTANCE: /* a Multi-AZ primary spans its subnet group */
        list = report_ref(r, "subnet_group") ? plan_prop(report_ref(r, "subnet_group"), "subnets")
                                             : NULL;
        for (size_t i = 0; !report_home(p, r) && list && i < list->count; i++) {
            a = list->items[i]->ref;
            snprintf(attrs, sizeof attrs, "dir=none, style=dashed, ltail=\"cluster_%s\"", a->id);
            put(d, a->id, r->id, attrs, NULL);
        }
        break;
    case RES_DB_CLUSTER_INSTANCE: /* drawn upwards, as a replica */
        if (r->of)
            put(d, r->id, r->of->id, "dir=back, style=dashed", "member");
        break;
    case RES_DB_REPLICA: /* drawn upwards: a constraint=false edge trips dot 2.43's ranking */
        if ((a = report_ref(r, "source")) != NULL)
            put(d, r->id, a->id, "dir=back, style=dashed", "replication");
        break;
    case RES_BASTION: /* the agent dials out, through the ssm endpoint when there is one */
        if (p->m->bastion.access != ACCESS_SSM)
            break;
        put(d, "operator", "ssm", "", "aws ssm start-session");
        if ((a = service_endpoint(p, ".ssm")) != NULL)
            put(d, r->id, a->id, "style=dashed", "tcp/443 out\n(SSM agent)");
        put(d, "ssm", a ? a->id : r->id, "dir=back, style=dashed",
            a ? NULL : "tcp/443 out\n(SSM agent)");
        break;
    default:
        break;
    }
}

/* Keeps the subnets of tier t on one rank, left to right in AZ order, and what lives in them
 * (and the interface endpoints in the tier) level with them. Only subnets share a rank=same
 * set: dot 2.43 fails to rank some graphs ("trouble in init_rank") when one spans more. */
static void tier_row(dot *d, int t)
{
    const plan *p = d->p;
    const char *prev = NULL, *head = NULL;
    for (size_t i = 0; i < p->count; i++)
        if (report_tier(p->items[i]) == t) {
            fprintf(d->f, head ? " \"%s\";" : "    { rank=same; \"%s\";", p->items[i]->id);
            head = head ? head : p->items[i]->id;
        }
    if (head)
        fputs(" }\n", d->f);
    for (size_t i = 0; head && i < p->count; i++) {
        const resource *s = p->items[i], *home;
        const value *in = plan_prop(s, "subnets");
        int az;
        if (report_tier(s) == t) {
            if (prev)
                put(d, prev, s->id, "style=invis", NULL);
            prev = s->id;
        } else if (where(p, s, &home, &az) == AT_SUBNET && report_tier(home) == t) {
            put(d, home->id, s->id, "style=invis, minlen=0", NULL);
        } else if (s->kind == RES_INTERFACE_ENDPOINT && report_tier(in->items[0]->ref) == t) {
            put(d, head, s->id, "style=invis, minlen=0", NULL);
        }
    }
}

/* The row above the VPC, left to right: the networks allowed in, the operator and Systems
 * Manager (ssm bastion), the internet. Their nodes, or with chain the invisible edges that
 * keep that order: what they reach in the first AZ pulls it left, so AZs read left to right. */
static void outside(dot *d, bool chain)
{
    const plan *p = d->p;
    static const char *const ids[] = {"operator", "ssm", "internet"};
    static const char *const labels[] = {"operator", "AWS Systems Manager\nSession Manager",
                                         "internet"};
    bool ssm = plan_count(p, RES_BASTION) && p->m->bastion.access == ACCESS_SSM;
    bool has[] = {ssm, ssm, plan_count(p, RES_INTERNET_GATEWAY) > 0};
    const char *prev = NULL;
    for (size_t i = 0; i < p->count; i++) {
        const resource *r = p->items[i], *home;
        int az;
        if (where(p, r, &home, &az) != AT_OUTSIDE)
            continue;
        if (chain && prev)
            put(d, prev, r->id, "style=invis", NULL);
        else if (!chain)
            resource_node(d, r);
        prev = r->id;
    }
    for (size_t k = 0; k < 3; k++) {
        if (!has[k])
            continue;
        if (chain && prev)
            put(d, prev, ids[k], "style=invis", NULL);
        else if (!chain)
            put(d, ids[k], NULL, "shape=ellipse, style=filled, fillcolor=\"#f2f2f2\"", "%s",
                labels[k]);
        prev = ids[k];
    }
}

/* ---- entry ------------------------------------------------------------------------------ */

char *report_dot(const plan *p, size_t *len)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    if (!f)
        return NULL;
    dot d = {.f = f, .p = p, .depth = 1};
    fprintf(f, "digraph \"%s\" {\n", p->m->name); /* a name is [a-z0-9-] */
    put(&d, NULL, NULL,
        "fontname=\"Helvetica\", fontsize=12, compound=true, newrank=true, "
        "nodesep=0.3, ranksep=0.45, labelloc=t",
        "%s%s%s", p->m->name, *p->m->description ? "\n" : "", p->m->description);
    fputs("    node [fontname=\"Helvetica\", fontsize=10, shape=box, style=\"rounded,filled\", "
          "fillcolor=\"#ffffff\", color=\"#444444\"];\n"
          "    edge [fontname=\"Helvetica\", fontsize=9, color=\"#444444\"];\n"
          "    subgraph outside {\n        rank=min;\n",
          f);
    d.depth = 2;
    outside(&d, false);
    d.depth = 1;
    fputs("    }\n", f);
    vpc(&d);
    /* tiers top-down in each AZ: public, private, database; then one row per tier */
    for (int az = 0; az < p->m->net.az_count; az++) {
        const resource *prev = NULL;
        for (size_t i = 0; i < p->count; i++) {
            if (report_tier(p->items[i]) < 0 || report_az_of(p, p->items[i]) != az)
                continue;
            if (prev)
                put(&d, prev->id, p->items[i]->id, "style=invis", NULL);
            prev = p->items[i];
        }
    }
    for (int t = 0; t < TIER_COUNT; t++)
        tier_row(&d, t);
    outside(&d, true);
    for (size_t i = 0; i < p->count; i++)
        resource_edges(&d, p->items[i]);
    fputs("}\n", f);
    bool failed = d.failed || ferror(f);
    if (fclose(f) != 0 || failed) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}
