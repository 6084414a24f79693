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
 * public, private, database. Every choice of what to draw is a switch over all resource
 * kinds, so a new kind is a compiler warning here until someone decides how to show it.
 */
#include "report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const tier_fill[TIER_COUNT] = {"#e3f4e1", "#e1ecf9", "#fdf1d8"};
static const char *const tier_line[TIER_COUNT] = {"#4a8c3f", "#3c6ea8", "#b8860b"};

typedef struct dot {
    FILE *f;
    const plan *p;
    int depth; /* indentation, in levels of four spaces */
    bool failed;
} dot;

/* ---- writing ---------------------------------------------------------------------------- */

/* Writes printf text as the inside of a dot string: '"' and '\' escaped, a newline as a line
 * break (\n), other control characters as spaces. */
static void vtext(dot *d, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    char *s = n < 0 ? NULL : malloc((size_t)n + 1);
    if (!s) {
        d->failed = true;
        return;
    }
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c == '"' || *c == '\\')
            fputc('\\', d->f);
        if (*c == '\n')
            fputs("\\n", d->f);
        else
            fputc(*c < 0x20 || *c == 0x7F ? ' ' : *c, d->f);
    }
    free(s);
}

static void indent(dot *d)
{
    for (int i = 0; i < d->depth; i++)
        fputs("    ", d->f);
}

/* A node: "id" [attrs, label="..."]; the label is printf text. */
static void dot_node(dot *d, const char *id, const char *attrs, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void dot_node(dot *d, const char *id, const char *attrs, const char *fmt, ...)
{
    indent(d);
    fprintf(d->f, "\"%s\" [%s%slabel=\"", id, attrs, *attrs ? ", " : "");
    va_list ap;
    va_start(ap, fmt);
    vtext(d, fmt, ap);
    va_end(ap);
    fputs("\"];\n", d->f);
}

/* An edge from -> to with attrs, labelled with printf text unless fmt is NULL. */
static void edge(dot *d, const char *from, const char *to, const char *attrs, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void edge(dot *d, const char *from, const char *to, const char *attrs, const char *fmt, ...)
{
    indent(d);
    fprintf(d->f, "\"%s\" -> \"%s\" [%s", from, to, attrs);
    if (fmt) {
        fprintf(d->f, "%slabel=\"", *attrs ? ", " : "");
        va_list ap;
        va_start(ap, fmt);
        vtext(d, fmt, ap);
        va_end(ap);
        fputc('"', d->f);
    }
    fputs("];\n", d->f);
}

/* Opens subgraph cluster_<id> with a label (printf text) and style attributes. */
static void open_cluster(dot *d, const char *id, const char *attrs, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void open_cluster(dot *d, const char *id, const char *attrs, const char *fmt, ...)
{
    indent(d);
    fprintf(d->f, "subgraph \"cluster_%s\" {\n", id);
    d->depth++;
    indent(d);
    fprintf(d->f, "graph [%s%slabel=\"", attrs, *attrs ? ", " : "");
    va_list ap;
    va_start(ap, fmt);
    vtext(d, fmt, ap);
    va_end(ap);
    fputs("\"];\n", d->f);
}

static void close_cluster(dot *d)
{
    d->depth--;
    indent(d);
    fputs("}\n", d->f);
}

/* ---- plan queries ------------------------------------------------------------------------ */

/* The resources whose "security_groups" list holds sg, one after the other (start at NULL). */
static const resource *next_member(const plan *p, const resource *sg, const resource *after)
{
    size_t i = 0;
    if (after)
        while (i < p->count && p->items[i++] != after)
            ;
    for (; i < p->count; i++)
        if (report_lists(p->items[i], "security_groups", sg))
            return p->items[i];
    return NULL;
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
    if (next_member(p, sg, NULL))
        return false;
    for (size_t i = 0; i < p->count; i++) {
        const resource *r = p->items[i];
        if (r->kind == RES_SG_INGRESS_SG && report_ref(r, "peer") == sg &&
            next_member(p, report_ref(r, "security_group"), NULL))
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
           next_member(p, report_ref(rule, "security_group"), NULL);
}

/* ---- nodes ------------------------------------------------------------------------------- */

typedef enum { AT_NONE, AT_SUBNET, AT_AZ, AT_VPC, AT_OUTSIDE } place;

/* Where r is drawn as a node: its subnet, an AZ (a route table of one AZ), the VPC, outside
 * it, or not at all. *home and *az say which subnet or AZ. */
static place where(const plan *p, const resource *r, const resource **home, int *az)
{
    *home = NULL;
    *az = -1;
    switch (r->kind) {
    case RES_NAT_GATEWAY:
    case RES_BASTION:
    case RES_DB_INSTANCE:
    case RES_DB_REPLICA:
        *home = report_home(p, r);
        return *home ? AT_SUBNET : AT_VPC;
    case RES_ROUTE_TABLE:
        *az = table_az(p, r);
        return *az >= 0 ? AT_AZ : AT_VPC;
    case RES_INTERNET_GATEWAY:
    case RES_GATEWAY_ENDPOINT:
        return AT_VPC;
    case RES_SECURITY_GROUP:
        return sg_is_node(p, r) ? AT_VPC : AT_NONE;
    case RES_SG_INGRESS_CIDR:
        return from_outside(p, r) ? AT_OUTSIDE : AT_NONE;
    case RES_INTERFACE_ENDPOINT: /* in their own cluster, see vpc() */
    case RES_SUBNET:             /* a cluster with an anchor node, see subnet() */
    case RES_STACK:
    case RES_AZ_LIST:
    case RES_VPC:
    case RES_ROUTE_IGW:
    case RES_ROUTE_NAT:
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
    case RES_BASTION_ROLE:
    case RES_BASTION_PROFILE:
    case RES_BASTION_EIP:
    case RES_DB_SUBNET_GROUP:
    case RES_DB_PARAMETER_GROUP:
    case RES_DB_MONITORING_ROLE:
    case RES_DB_SECRET:
    case RES_DB_SECRET_ATTACHMENT:
    case RES_OUTPUT:
    case RES_KIND_COUNT:
        break;
    }
    return AT_NONE;
}

/* The node of r (where() said it has one). */
static void resource_node(dot *d, const resource *r)
{
    const model *m = d->p->m;
    const value *v;
    const resource *ref;
    switch (r->kind) {
    case RES_NAT_GATEWAY:
        ref = report_ref(r, "allocation");
        dot_node(d, r->id, "fillcolor=\"#ffffff\"", "%s\nNAT gateway%s%s", r->id,
             ref ? "\nElastic IP " : "", ref ? ref->id : "");
        break;
    case RES_BASTION:
        v = plan_prop(r, "instance_type");
        ref = NULL;
        for (size_t i = 0; i < d->p->count; i++)
            if (d->p->items[i]->kind == RES_BASTION_EIP && report_ref(d->p->items[i], "instance") == r)
                ref = d->p->items[i];
        dot_node(d, r->id, "shape=box3d, style=filled, fillcolor=\"#f4e1f0\"",
                 "%s\n%s, %s access%s%s", r->id, v && v->kind == VAL_STR ? v->str : "?",
                 m->bastion.access == ACCESS_SSH ? "ssh" : "ssm", ref ? "\nElastic IP " : "",
                 ref ? ref->id : "");
        break;
    case RES_DB_INSTANCE:
        v = plan_prop(r, "multi_az");
        dot_node(d, r->id, "shape=cylinder, style=filled, fillcolor=\"#fbe3c0\"", "%s\n%s %s\n%s%s",
             r->id, m->db.engine->display, m->db.version, m->db.instance_class,
             v && v->kind == VAL_BOOL && v->flag ? "\nMulti-AZ: primary + standby" : "");
        break;
    case RES_DB_REPLICA:
        dot_node(d, r->id, "shape=cylinder, style=filled, fillcolor=\"#fdf1e0\"",
             "%s\nread replica of %s\n%s\nsame access as the primary", r->id,
             report_ref(r, "source") ? report_ref(r, "source")->id : "?", m->db.instance_class);
        break;
    case RES_ROUTE_TABLE:
        dot_node(d, r->id, "shape=note, style=filled, fillcolor=\"#ffffff\"", "%s", r->id);
        break;
    case RES_INTERNET_GATEWAY:
        dot_node(d, r->id, "fillcolor=\"#e8e0f3\"", "%s", r->id);
        break;
    case RES_GATEWAY_ENDPOINT:
        dot_node(d, r->id, "shape=hexagon, style=filled, fillcolor=\"#ffffff\"", "%s\ngateway endpoint",
             r->id);
        break;
    case RES_INTERFACE_ENDPOINT:
        dot_node(d, r->id, "shape=hexagon, style=filled, fillcolor=\"#ffffff\"", "%s", r->id);
        break;
    case RES_SECURITY_GROUP:
        v = plan_prop(r, "description");
        dot_node(d, r->id, "shape=component, style=filled, fillcolor=\"#ffffff\"", "%s\n%s", r->id,
             v && v->kind == VAL_STR ? v->str : "");
        break;
    case RES_SG_INGRESS_CIDR:
        dot_node(d, r->id, "shape=ellipse, style=dashed", "%s", plan_prop(r, "cidr")->str);
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

/* A subnet's cluster: tier colours, its id; an anchor node with the CIDR; what lives in it. */
static void subnet(dot *d, const resource *s)
{
    int tier = report_tier(s);
    char attrs[160];
    snprintf(attrs, sizeof attrs, "style=\"rounded,filled\", fillcolor=\"%s\", color=\"%s\"",
             tier_fill[tier], tier_line[tier]);
    open_cluster(d, s->id, attrs, "%s", s->id);
    cidr block;
    const value *c = plan_prop(s, "cidr");
    if (c && c->kind == VAL_STR && cidr_parse(c->str, &block))
        dot_node(d, s->id, "shape=plaintext, style=\"\"", "%s\n%llu usable addresses", c->str,
             (unsigned long long)cidr_usable(block));
    nodes_at(d, AT_SUBNET, s, -1);
    close_cluster(d);
}

/* The VPC cluster: AZ clusters of subnets, then what serves the whole VPC. */
static void vpc(dot *d)
{
    const plan *p = d->p;
    char buf[REPORT_AZ_LABEL];
    for (size_t i = 0; i < p->count; i++)
        if (p->items[i]->kind == RES_VPC)
            open_cluster(d, p->items[i]->id,
                         "style=rounded, color=\"#333333\", penwidth=2, fontsize=13",
                         "%s\n%s", p->items[i]->name, plan_prop(p->items[i], "cidr")->str);
    for (int az = 0; az < p->m->net.az_count; az++) {
        char id[16];
        snprintf(id, sizeof id, "az_%d", az + 1);
        open_cluster(d, id, "style=\"rounded,dashed\", color=\"#777777\"", "%s",
                     report_az_label(p, az, buf));
        for (size_t i = 0; i < p->count; i++)
            if (report_tier(p->items[i]) >= 0 && report_az_of(p, p->items[i]) == az)
                subnet(d, p->items[i]);
        nodes_at(d, AT_AZ, NULL, az);
        close_cluster(d);
    }
    nodes_at(d, AT_VPC, NULL, -1);
    /* interface endpoints: one cluster, with the subnets their interfaces are in */
    bool open = false;
    for (size_t i = 0; i < p->count; i++) {
        const resource *r = p->items[i];
        if (r->kind != RES_INTERFACE_ENDPOINT)
            continue;
        if (!open) {
            const value *in = plan_prop(r, "subnets");
            const char *tier = in && in->count && in->items[0]->kind == VAL_REF &&
                                       report_tier(in->items[0]->ref) >= 0
                                   ? tier_names[report_tier(in->items[0]->ref)]
                                   : "";
            open_cluster(d, "interface_endpoints", "style=\"rounded,dotted\"",
                         "interface endpoints\n(in the %s subnets)", tier);
            open = true;
        }
        resource_node(d, r);
    }
    if (open)
        close_cluster(d);
    close_cluster(d);
}

/* ---- edges ------------------------------------------------------------------------------- */

/* The edges r stands for. */
static void resource_edges(dot *d, const resource *r)
{
    const plan *p = d->p;
    const resource *a = NULL, *b = NULL;
    char port[32], attrs[120];
    switch (r->kind) {
    case RES_INTERNET_GATEWAY:
        edge(d, "internet", r->id, "dir=both", NULL);
        break;
    case RES_ROUTE_IGW:
    case RES_ROUTE_NAT:
        /* drawn from the target down to the table, with the arrow at the target */
        a = report_ref(r, r->kind == RES_ROUTE_IGW ? "gateway" : "nat_gateway");
        edge(d, a->id, report_ref(r, "route_table")->id, "dir=back, penwidth=1.5", "0.0.0.0/0");
        break;
    case RES_ROUTE_TABLE_ASSOC:
        a = report_ref(r, "subnet");
        snprintf(attrs, sizeof attrs, "dir=none, style=dashed, color=\"#999999\", lhead=\"cluster_%s\"",
                 a->id);
        edge(d, report_ref(r, "route_table")->id, a->id, attrs, NULL);
        break;
    case RES_GATEWAY_ENDPOINT:
        for (size_t i = 0; i < plan_prop(r, "route_tables")->count; i++)
            edge(d, plan_prop(r, "route_tables")->items[i]->ref->id, r->id, "style=dotted",
                 "prefix list");
        break;
    case RES_SG_INGRESS_SG:
        /* from every member of the peer group (or the group itself) to every member */
        a = report_ref(r, "peer");
        for (const resource *to = next_member(p, report_ref(r, "security_group"), NULL); to;
             to = next_member(p, report_ref(r, "security_group"), to)) {
            const resource *from = next_member(p, a, NULL);
            if (to->kind == RES_DB_REPLICA)
                continue; /* a replica shares its primary's group: its label says so */
            if (!from)
                edge(d, a->id, to->id, "color=\"#b03a2e\", fontcolor=\"#b03a2e\"", "%s",
                     report_port(r, port, sizeof port));
            for (; from; from = next_member(p, a, from))
                edge(d, from->id, to->id, "color=\"#b03a2e\", fontcolor=\"#b03a2e\"", "%s",
                     report_port(r, port, sizeof port));
        }
        break;
    case RES_SG_INGRESS_CIDR:
        if (!from_outside(p, r))
            break;
        for (const resource *to = next_member(p, report_ref(r, "security_group"), NULL); to;
             to = next_member(p, report_ref(r, "security_group"), to))
            edge(d, r->id, to->id, "color=\"#b03a2e\", fontcolor=\"#b03a2e\"", "%s",
                 report_port(r, port, sizeof port));
        break;
    case RES_DB_INSTANCE:
        /* a Multi-AZ primary spans its subnet group */
        if (report_home(p, r) || !(b = report_ref(r, "subnet_group")))
            break;
        for (size_t i = 0; i < plan_prop(b, "subnets")->count; i++) {
            a = plan_prop(b, "subnets")->items[i]->ref;
            snprintf(attrs, sizeof attrs, "dir=none, style=dashed, ltail=\"cluster_%s\"", a->id);
            edge(d, a->id, r->id, attrs, NULL);
        }
        break;
    case RES_DB_REPLICA:
        for (size_t i = 0; i < p->count; i++)
            if (p->items[i]->kind == RES_DB_INSTANCE && report_ref(r, "source") == p->items[i])
                edge(d, r->id, p->items[i]->id, "dir=back, style=dashed",
                     "replication");
        break;
    case RES_BASTION:
        if (p->m->bastion.access == ACCESS_SSM) {
            edge(d, "operator", "ssm", "", "aws ssm start-session");
            edge(d, "ssm", r->id, "dir=back, style=dashed", "tcp/443 out\n(SSM agent)");
        }
        break;
    case RES_STACK:
    case RES_AZ_LIST:
    case RES_VPC:
    case RES_SUBNET:
    case RES_ROUTE_TABLE:
    case RES_NAT_EIP:
    case RES_NAT_GATEWAY:
    case RES_FLOW_LOG_GROUP:
    case RES_FLOW_LOG_ROLE:
    case RES_FLOW_LOG:
    case RES_RESTRICT_DEFAULT_SG:
    case RES_SECURITY_GROUP:
    case RES_SG_EGRESS_CIDR:
    case RES_SG_EGRESS_SG:
    case RES_INTERFACE_ENDPOINT:
    case RES_BASTION_IMAGE:
    case RES_BASTION_ROLE:
    case RES_BASTION_PROFILE:
    case RES_BASTION_EIP:
    case RES_DB_SUBNET_GROUP:
    case RES_DB_PARAMETER_GROUP:
    case RES_DB_MONITORING_ROLE:
    case RES_DB_SECRET:
    case RES_DB_SECRET_ATTACHMENT:
    case RES_OUTPUT:
    case RES_KIND_COUNT:
        break;
    }
}

/* Keeps the subnets of tier t on one rank, left to right in AZ order (same-rank edges order
 * a rank in dot), and what lives in a subnet, and the interface endpoints whose interfaces
 * are in the tier, level with it. Only subnets share a rank=same: dot 2.43 fails to rank some
 * graphs ("trouble in init_rank") when such a set spans more clusters. */
static void tier_row(dot *d, int t)
{
    const plan *p = d->p;
    const char *prev = NULL, *first = NULL;
    for (size_t i = 0; i < p->count; i++) {
        const resource *s = p->items[i];
        if (report_tier(s) != t)
            continue;
        fprintf(d->f, prev ? " \"%s\";" : "    { rank=same; \"%s\";", s->id);
        prev = s->id;
        first = first ? first : s->id;
    }
    if (!prev)
        return;
    fputs(" }\n", d->f);
    prev = NULL;
    for (size_t i = 0; i < p->count; i++) {
        const resource *s = p->items[i], *home;
        int az;
        if (report_tier(s) == t) {
            if (prev)
                edge(d, prev, s->id, "style=invis", NULL);
            prev = s->id;
        } else if (where(p, s, &home, &az) == AT_SUBNET && report_tier(home) == t) {
            edge(d, home->id, s->id, "style=invis, minlen=0", NULL);
        } else if (s->kind == RES_INTERFACE_ENDPOINT) {
            const value *in = plan_prop(s, "subnets");
            if (in && in->count && in->items[0]->kind == VAL_REF &&
                report_tier(in->items[0]->ref) == t)
                edge(d, first, s->id, "style=invis, minlen=0", NULL);
        }
    }
}

/* A node of the row above the VPC: a plan resource, or one of "operator", "ssm", "internet". */
typedef struct outer {
    const char *id;
    const resource *r;
} outer;

/* The row above the VPC, left to right: the networks allowed in, the operator and Systems
 * Manager (for an ssm bastion), the internet. Fills o (room for p->count + 3); returns how
 * many. What they reach in the first AZ is then pulled left, so the AZs read left to right. */
static size_t outside(const plan *p, outer *o)
{
    size_t n = 0;
    for (size_t i = 0; i < p->count; i++) {
        const resource *r = p->items[i], *home;
        int az;
        if (where(p, r, &home, &az) == AT_OUTSIDE)
            o[n++] = (outer){r->id, r};
    }
    if (plan_count(p, RES_BASTION) && p->m->bastion.access == ACCESS_SSM) {
        o[n++] = (outer){"operator", NULL};
        o[n++] = (outer){"ssm", NULL};
    }
    if (plan_count(p, RES_INTERNET_GATEWAY))
        o[n++] = (outer){"internet", NULL};
    return n;
}

static void outer_node(dot *d, const outer *o)
{
    if (o->r)
        resource_node(d, o->r);
    else if (strcmp(o->id, "operator") == 0)
        dot_node(d, o->id, "shape=ellipse, style=dashed", "operator");
    else if (strcmp(o->id, "ssm") == 0)
        dot_node(d, o->id, "shape=ellipse, style=filled, fillcolor=\"#f2f2f2\"",
                 "AWS Systems Manager\nSession Manager");
    else
        dot_node(d, o->id, "shape=ellipse, style=filled, fillcolor=\"#f2f2f2\"", "%s", o->id);
}

/* ---- entry ------------------------------------------------------------------------------ */

/* Escaped printf text (see vtext). */
static void text(dot *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void text(dot *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vtext(d, fmt, ap);
    va_end(ap);
}

char *report_dot(const plan *p, size_t *len)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    if (!f)
        return NULL;
    dot d = {.f = f, .p = p, .depth = 1};
    const model *m = p->m;
    fputs("digraph \"", f);
    text(&d, "%s", m->name);
    fputs("\" {\n    graph [fontname=\"Helvetica\", fontsize=12, compound=true, newrank=true, "
          "nodesep=0.3, ranksep=0.45, labelloc=t, label=\"",
          f);
    text(&d, "%s%s%s", m->name, *m->description ? "\n" : "", m->description);
    fputs("\"];\n"
          "    node [fontname=\"Helvetica\", fontsize=10, shape=box, style=\"rounded,filled\", "
          "fillcolor=\"#ffffff\", color=\"#444444\"];\n"
          "    edge [fontname=\"Helvetica\", fontsize=9, color=\"#444444\"];\n",
          f);

    outer *top = malloc((p->count + 3) * sizeof *top);
    if (!top) {
        fclose(f);
        free(buf);
        return NULL;
    }
    size_t ntop = outside(p, top);
    fputs("    subgraph outside {\n        rank=min;\n", f);
    d.depth = 2;
    for (size_t i = 0; i < ntop; i++)
        outer_node(&d, &top[i]);
    d.depth = 1;
    fputs("    }\n", f);
    vpc(&d);

    /* tiers top-down inside each AZ: public, private, database */
    for (int az = 0; az < m->net.az_count; az++) {
        const resource *prev = NULL;
        for (size_t i = 0; i < p->count; i++) {
            const resource *s = p->items[i];
            if (report_tier(s) < 0 || report_az_of(p, s) != az)
                continue;
            if (prev)
                edge(&d, prev->id, s->id, "style=invis", NULL);
            prev = s;
        }
    }
    /* one row per tier: its subnets in AZ order, each followed by what lives in it */
    for (int t = 0; t < TIER_COUNT; t++)
        tier_row(&d, t);
    for (size_t i = 1; i < ntop; i++)
        edge(&d, top[i - 1].id, top[i].id, "style=invis", NULL);
    free(top);
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
