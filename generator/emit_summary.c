/* emit_summary.c - the summary target: the stack as plain-text tables for a review.
 *
 * A pull request that changes a spec shows hundreds of lines of JSON; this is what a reviewer
 * reads instead: every subnet with its tier, AZ, CIDR, usable addresses and where its default
 * route goes, the NAT gateways, what may reach the database on which port, the bastion, the
 * database, the endpoints and the outputs. What exists and what connects comes from the plan
 * (the resources the templates are filled from), scalar facts from the model. Columns are
 * two spaces apart, numbers right-aligned; the text is ASCII (anything else in a user's
 * string becomes '?'), has no trailing spaces and ends with a newline.
 */
#include "cost.h"
#include "report.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- text ------------------------------------------------------------------------------- */

/* Appends printf text to the malloc'd *s as printable ASCII: a UTF-8 sequence becomes '?', a
 * control character a space (a tab too, unless tabs: they separate a row's cells). On
 * allocation failure frees *s and leaves NULL; appending to NULL does nothing. */
static void vcat(char **s, bool tabs, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = *s ? vsnprintf(NULL, 0, fmt, copy) : -1;
    va_end(copy);
    size_t old = *s ? strlen(*s) : 0;
    char *grown = n < 0 ? NULL : realloc(*s, old + (size_t)n + 1);
    if (!grown) {
        free(*s);
        *s = NULL;
        return;
    }
    vsnprintf(grown + old, (size_t)n + 1, fmt, ap);
    char *o = grown + old;
    for (const unsigned char *i = (unsigned char *)o; *i; i++)
        if (*i < 0x80 || *i >= 0xC0) /* a continuation byte: its lead byte gave the '?' */
            *o++ = *i >= 0x80                ? '?'
                   : *i == '\t' && tabs      ? '\t'
                   : *i < 0x20 || *i == 0x7F ? ' '
                                             : (char)*i;
    *o = '\0';
    *s = grown;
}

static void cat(char **s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void cat(char **s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vcat(s, false, fmt, ap);
    va_end(ap);
}

/* ---- tables ----------------------------------------------------------------------------- */

enum { MAX_COLS = 8 };

typedef struct table {
    char **rows; /* malloc'd, cells separated by tabs */
    size_t count, cap;
    unsigned right; /* bit c: column c is right-aligned (numbers) */
    bool *failed;   /* the report's: set on allocation failure */
} table;

/* Adds a row: printf text, cells separated by tabs. */
static void row(table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void row(table *t, const char *fmt, ...)
{
    char *r = calloc(1, 1);
    va_list ap;
    va_start(ap, fmt);
    vcat(&r, true, fmt, ap);
    va_end(ap);
    char *o = r; /* a cell never ends in a space (a user's text may) */
    for (const char *i = r; o; i++) {
        while ((*i == '\t' || !*i) && o > r && o[-1] == ' ')
            o--;
        if (!(*o++ = *i))
            break;
    }
    if (r && t->count == t->cap) {
        char **grown = realloc(t->rows, (t->cap + 16) * sizeof *grown);
        t->rows = grown ? grown : t->rows;
        t->cap += grown ? 16 : 0;
    }
    if (r && t->count < t->cap) {
        t->rows[t->count++] = r;
    } else {
        free(r);
        *t->failed = true;
    }
}

/* s, or "" after noting that building it ran out of memory. */
static const char *ok(table *t, const char *s)
{
    *t->failed |= !s;
    return s ? s : "";
}

/* Splits a row (in place) into at most MAX_COLS cells; returns how many. */
static size_t cells(char *r, char **cell)
{
    size_t n = 0;
    for (cell[n++] = r; (r = strchr(r, '\t')) != NULL && n < MAX_COLS; cell[n++] = r)
        *r++ = '\0';
    return n;
}

/* Prints the section's title and its rows (or "none"), indented by two, columns two apart;
 * frees the rows. */
static void section(FILE *f, const char *title, table *t)
{
    size_t width[MAX_COLS] = {0};
    char *cell[MAX_COLS];
    for (size_t r = 0; r < t->count; r++) {
        size_t c = 0;
        for (const char *s = t->rows[r], *start = s;; s++) {
            if (*s && (*s != '\t' || c == MAX_COLS - 1))
                continue;
            if ((size_t)(s - start) > width[c])
                width[c] = (size_t)(s - start);
            if (!*s)
                break;
            c++;
            start = s + 1;
        }
    }
    fprintf(f, "\n%s\n%s", title, t->count ? "" : "  none\n");
    for (size_t r = 0; r < t->count; r++) {
        size_t last = cells(t->rows[r], cell) - 1;
        while (last > 0 && !*cell[last])
            last--;
        fputs("  ", f);
        for (size_t c = 0; c <= last; c++) {
            int pad = (int)(width[c] - strlen(cell[c]));
            bool right = t->right >> c & 1;
            fprintf(f, "%*s%s%*s%s", right ? pad : 0, "", cell[c], right || c == last ? 0 : pad, "",
                    c == last ? "\n" : "  ");
        }
        free(t->rows[r]);
    }
    free(t->rows);
}

/* ---- sections --------------------------------------------------------------------------- */

/* The first resource of kind k, or NULL. */
static const resource *first(const plan *p, resource_kind k)
{
    for (size_t i = 0; i < p->count; i++)
        if (p->items[i]->kind == k)
            return p->items[i];
    return NULL;
}

/* Where a subnet's default route goes: "igw", "nat (nat_gateway_1)", or "none" (malloc'd). */
static char *route_of(const plan *p, const resource *subnet)
{
    char *out = calloc(1, 1);
    const resource *rt = NULL;
    for (size_t i = 0; i < p->count && !rt; i++)
        if (p->items[i]->kind == RES_ROUTE_TABLE_ASSOC &&
            report_ref(p->items[i], "subnet") == subnet)
            rt = report_ref(p->items[i], "route_table");
    for (size_t i = 0; i < p->count && rt; i++) {
        const resource *r = p->items[i];
        const char *sep = out && *out ? ", " : "";
        if (report_ref(r, "route_table") == rt && r->kind == RES_ROUTE_IGW)
            cat(&out, "%sigw", sep);
        else if (report_ref(r, "route_table") == rt && r->kind == RES_ROUTE_NAT)
            cat(&out, "%snat (%s)", sep, report_nat_of(r)->id);
        else if (report_ref(r, "route_table") == rt && r->kind == RES_ROUTE_IGW_IPV6)
            cat(&out, "%sigw (::/0)", sep);
        else if (report_ref(r, "route_table") == rt && r->kind == RES_ROUTE_EGRESS_ONLY)
            cat(&out, "%seigw (::/0)", sep);
    }
    if (out && !*out)
        cat(&out, "none");
    return out;
}

/* The ids of a list of references, comma-separated (malloc'd). */
static char *ids(const value *list)
{
    char *out = calloc(1, 1);
    for (size_t i = 0; list && list->kind == VAL_LIST && i < list->count; i++)
        if (list->items[i]->kind == VAL_REF)
            cat(&out, "%s%s", out && *out ? ", " : "", list->items[i]->ref->id);
    return out;
}

/* The ids of the resources whose list key refers to target, comma-separated (malloc'd). */
static char *referrers(const plan *p, const char *key, const resource *target)
{
    char *out = calloc(1, 1);
    for (size_t i = 0; i < p->count; i++)
        if (report_lists(p->items[i], key, target))
            cat(&out, "%s%s", out && *out ? ", " : "", p->items[i]->id);
    return out;
}

static void network(FILE *f, const plan *p, table *t)
{
    const model_network *nw = &p->m->net;
    static const char *const nat_modes[] = {"none", "single", "per-az", "regional", "instance"};
    const resource *vpc = first(p, RES_VPC), *flow = first(p, RES_FLOW_LOG);
    char az[REPORT_AZ_LABEL];
    assert(vpc); /* every plan has one */
    row(t, "VPC\t%s (%s)", plan_prop(vpc, "cidr")->str, vpc->id);
    const resource *v6 = first(p, RES_VPC_IPV6_BLOCK);
    if (v6) /* its block is AWS's choice, known only once deployed */
        row(t, "IPv6\tAmazon-provided /56 (%s)", v6->id);
    row(t, "region\t%s", p->m->region ? p->m->region : "the one deployed to");
    char *azs = calloc(1, 1);
    for (int i = 0; i < nw->az_count; i++)
        cat(&azs, "%s%s", i ? ", " : "", report_az_label(p, i, az));
    row(t, "AZs\t%d: %s%s", nw->az_count, ok(t, azs),
        nw->az_names[0] ? "" : " (the region's first, picked at deploy time)");
    free(azs);
    size_t nats = plan_count(p, RES_NAT_GATEWAY), instances = plan_count(p, RES_NAT_INSTANCE);
    if (instances)
        row(t, "NAT\t%s (%zu instance, %s)", nat_modes[nw->nat], instances,
            plan_prop(first(p, RES_NAT_INSTANCE), "instance_type")->str);
    else
        row(t, "NAT\t%s (%zu gateway%s)", nat_modes[nw->nat], nats, nats == 1 ? "" : "s");
    if (flow)
        row(t, "flow logs\t%s traffic, kept %d days", plan_prop(flow, "traffic")->str,
            nw->flow_retention_days);
    else
        row(t, "flow logs\toff");
    row(t, "default SG\t%s",
        first(p, RES_RESTRICT_DEFAULT_SG) ? "all rules removed" : "as AWS creates it");
    section(f, "Network", t);
}

static void subnets(FILE *f, const plan *p, table *t)
{
    char az[REPORT_AZ_LABEL], v6[16];
    bool dual = first(p, RES_VPC_IPV6_BLOCK) != NULL;
    t->right = dual ? 1u << 5 : 1u << 4;
    row(t, "SUBNET\tTIER\tAZ\tCIDR\t%sUSABLE\tROUTE", dual ? "IPV6\t" : "");
    for (size_t i = 0; i < p->count; i++) {
        const resource *s = p->items[i];
        const value *six = plan_prop(s, "ipv6_cidr");
        cidr block;
        if (report_tier(s) < 0 || !cidr_parse(plan_prop(s, "cidr")->str, &block))
            continue;
        /* the /64's number in the /56, in hex: the byte after the /56's 56 bits */
        if (six)
            snprintf(v6, sizeof v6, "::/64 #%02x\t", (unsigned)six->index & 0xffu);
        else
            snprintf(v6, sizeof v6, "%s", dual ? "-\t" : "");
        char *route = route_of(p, s);
        row(t, "%s\t%s\t%s\t%s\t%s%llu\t%s", s->id, tier_names[report_tier(s)],
            report_az_label(p, report_az_of(p, s), az), plan_prop(s, "cidr")->str, v6,
            (unsigned long long)cidr_usable(block), ok(t, route));
        free(route);
    }
    section(f, "Subnets", t);
    if (dual)
        fputs("  IPv6 #nn: the subnet's /64 is number nn (hex) of the VPC's /56, which Amazon "
              "provides at deploy time\n",
              f);
}

static void nats(FILE *f, const plan *p, table *t)
{
    char az[REPORT_AZ_LABEL];
    for (size_t i = 0; i < p->count; i++) {
        const resource *n = p->items[i], *home = report_home(p, n), *eip;
        if (n->kind != RES_NAT_GATEWAY && n->kind != RES_NAT_INSTANCE)
            continue;
        if (!t->count)
            row(t, "NAT\tAZ\tSUBNET\tELASTIC IP\tDEFAULT ROUTE OF");
        char *users = calloc(1, 1);
        for (size_t k = 0; k < p->count; k++) {
            const resource *r = p->items[k];
            for (size_t j = 0; r->kind == RES_ROUTE_NAT && report_nat_of(r) == n && j < p->count;
                 j++)
                if (p->items[j]->kind == RES_ROUTE_TABLE_ASSOC &&
                    report_ref(p->items[j], "route_table") == report_ref(r, "route_table"))
                    cat(&users, "%s%s", users && *users ? ", " : "",
                        report_ref(p->items[j], "subnet")->id);
        }
        eip = report_ref(n, "allocation");
        for (size_t k = 0; n->kind == RES_NAT_INSTANCE && k < p->count; k++)
            if (p->items[k]->kind == RES_BASTION_EIP && report_ref(p->items[k], "instance") == n)
                eip = p->items[k];
        if (plan_prop(n, "availability_mode")) /* regional, in AWS's automatic mode */
            row(t, "%s\t%s\t%s\t%s\t%s", n->id, "regional", "-", "allocated by AWS", ok(t, users));
        else
            row(t, "%s\t%s\t%s\t%s\t%s", n->id, report_az_label(p, report_az_of(p, home), az),
                home ? home->id : "-", eip ? eip->id : "-", ok(t, users));
        free(users);
    }
    section(f, plan_count(p, RES_NAT_INSTANCE) ? "NAT instance" : "NAT gateways", t);
}

/* Every ingress rule of every security group the database instance is in. */
static void database_access(FILE *f, const plan *p, table *t)
{
    const resource *db = first(p, RES_DB_INSTANCE);
    if (!db)
        db = first(p, RES_DB_CLUSTER);
    char port[32];
    for (size_t i = 0; db && i < p->count; i++) {
        const resource *r = p->items[i], *peer = report_ref(r, "peer");
        if ((r->kind != RES_SG_INGRESS_SG && r->kind != RES_SG_INGRESS_CIDR) ||
            !report_lists(db, "security_groups", report_ref(r, "security_group")))
            continue;
        if (!t->count)
            row(t, "SOURCE\tPORT\tRULE\tDESCRIPTION");
        char *who = peer ? referrers(p, "security_groups", peer) : calloc(1, 1);
        row(t, "%s%s%s%s\t%s\t%s\t%s", peer ? peer->id : plan_prop(r, "cidr")->str,
            who && *who ? " (" : "", ok(t, who), who && *who ? ")" : "",
            report_port(r, port, sizeof port), r->id, plan_prop(r, "description")->str);
        free(who);
    }
    section(f, "Database access", t);
}

static void bastion(FILE *f, const plan *p, table *t)
{
    const model_bastion *bs = &p->m->bastion;
    const resource *b = first(p, RES_BASTION), *home = b ? report_home(p, b) : NULL;
    char az[REPORT_AZ_LABEL], port[32];
    if (b) {
        row(t, "instance\t%s", b->id);
        row(t, "access\t%s",
            bs->access == ACCESS_SSH ? "ssh"
            : bs->access == ACCESS_EICE
                ? "eice (ssh through the EC2 Instance Connect Endpoint only)"
                : "ssm (Session Manager, no inbound)");
        row(t, "type\t%s (%s)", bs->instance_type, bs->arm64 ? "arm64" : "x86_64");
        row(t, "subnet\t%s (%s)", home ? home->id : "-",
            report_az_label(p, report_az_of(p, home), az));
        if (bs->key_name)
            row(t, "key pair\t%s", bs->key_name);
    }
    for (size_t i = 0; b && i < p->count; i++) {
        const resource *r = p->items[i];
        if (r->kind == RES_BASTION_EIP && report_ref(r, "instance") == b)
            row(t, "public IP\t%s (Elastic IP)", r->id);
        if (r->kind == RES_INSTANCE_CONNECT_ENDPOINT)
            row(t, "endpoint\t%s (in %s)", r->id, report_home(p, r) ? report_home(p, r)->id : "-");
        if (r->kind == RES_SG_INGRESS_CIDR &&
            report_lists(b, "security_groups", report_ref(r, "security_group")))
            row(t, "ingress\t%s from %s", report_port(r, port, sizeof port),
                plan_prop(r, "cidr")->str);
        if (r->kind == RES_SG_INGRESS_SG &&
            report_lists(b, "security_groups", report_ref(r, "security_group")))
            row(t, "ingress\t%s from %s", report_port(r, port, sizeof port),
                report_ref(r, "peer")->id);
    }
    section(f, "Bastion", t);
}

/* What encrypts the stack's data (static text). */
static const char *encryption(const plan *p)
{
    switch (p->m->kms) {
    case KMS_STACK:
        return first(p, RES_KMS_KEY) ? "the stack's KMS key (stack_key), rotated yearly"
                                     : "the stack's KMS key";
    case KMS_GIVEN: /* the row names the ARN */
        return "the team's KMS key";
    case KMS_AWS_MANAGED:
        break;
    }
    return "AWS's own KMS keys";
}

/* What encrypts the database, with the team's key's ARN. */
static void encryption_row(const plan *p, table *t)
{
    row(t, "encryption\t%s%s%s", encryption(p), p->m->kms_arn ? " " : "",
        p->m->kms_arn ? p->m->kms_arn : "");
}

/* The database's end of standard support and its Extended Support. */
static void support_row(const plan *p, table *t)
{
    const model_database *db = &p->m->db;
    if (db->data && db->data->standard_end)
        row(t, "support\tstandard until %s (AWS data of %s); RDS Extended Support %s",
            db->data->standard_end, aws_data_date,
            !db->engine->extended_support ? "does not exist"
            : db->extended_support        ? "on (charged)"
                                          : "off");
}

/* The database's engine and version, every topology's first rows after its name. */
static void engine_rows(const model_database *db, table *t)
{
    row(t, "engine\t%s (%s)", db->engine->display, db->engine->name);
    row(t, "version\t%s (parameter group family %s)", db->version, db->family);
}

/* The DB subnet group and its subnets. */
static void subnets_row(table *t, const resource *group)
{
    char *in = ids(group ? plan_prop(group, "subnets") : NULL);
    row(t, "subnets\t%s: %s", group ? group->id : "-", ok(t, in));
    free(in);
}

/* An Aurora cluster: the cluster's settings, then its writer and readers per AZ. */
static void aurora_cluster(FILE *f, const plan *p, table *t)
{
    const model_database *db = &p->m->db;
    const resource *r = first(p, RES_DB_CLUSTER);
    const resource *group = r ? report_ref(r, "subnet_group") : NULL;
    char az[REPORT_AZ_LABEL];
    if (r) {
        row(t, "cluster\t%s (Aurora DB cluster)", r->id);
        engine_rows(db, t);
        if (db->serverless && db->auto_pause_seconds)
            row(t, "class\t%s: Serverless v2, %g to %g ACUs, pauses after %d minutes idle",
                db->instance_class, db->min_acu2 / 2.0, db->max_acu2 / 2.0,
                db->auto_pause_seconds / 60);
        else if (db->serverless)
            row(t, "class\t%s: Serverless v2, %g to %g ACUs", db->instance_class,
                db->min_acu2 / 2.0, db->max_acu2 / 2.0);
        else
            row(t, "class\t%s", db->instance_class);
        support_row(p, t);
        subnets_row(t, group);
        row(t, "port\t%d", db->port);
        row(t, "storage\t%s (grows by itself)",
            strcmp(db->storage_type, "aurora-iopt1") == 0 ? "aurora-iopt1, I/O-Optimized"
                                                          : "aurora, Standard");
        row(t, "backups\t%d days", db->backup_retention);
        if (db->backtrack_hours)
            row(t, "backtrack\t%d hours", db->backtrack_hours);
        row(t, "credentials\tmanaged and rotated by RDS in Secrets Manager (user %s)",
            db->username);
        encryption_row(p, t);
        row(t, "readers\t%d", db->replicas);
    }
    for (size_t i = 0; r && i < p->count; i++) {
        const resource *m = p->items[i];
        if (m->kind != RES_DB_CLUSTER_INSTANCE || m->of != r)
            continue;
        const value *tier = plan_prop(m, "promotion_tier");
        row(t, "%s\t%s in %s (%s)", tier && tier->num == 0 ? "writer" : "reader", m->id,
            report_az_label(p, report_az_of(p, m), az),
            report_home(p, m) ? report_home(p, m)->id : "-");
    }
    section(f, "Database", t);
}

/* A Multi-AZ DB cluster: one resource; RDS places its writer and two standbys. */
static void multi_az_cluster(FILE *f, const plan *p, table *t)
{
    const model_database *db = &p->m->db;
    const resource *r = first(p, RES_DB_CLUSTER);
    const resource *group = r ? report_ref(r, "subnet_group") : NULL;
    if (r) {
        row(t, "cluster\t%s (Multi-AZ DB cluster)", r->id);
        engine_rows(db, t);
        row(t, "class\t%s, of each of its three instances", db->instance_class);
        support_row(p, t);
        row(t, "placed in\ta writer and two readable standbys, each in its own AZ of the "
               "subnet group, chosen by RDS");
        subnets_row(t, group);
        row(t, "port\t%d", db->port);
        row(t, "storage\t%d GB %s, %d IOPS, on each instance", db->storage_gb, db->storage_type,
            db->iops);
        row(t, "backups\t%d days", db->backup_retention);
        row(t, "credentials\tmanaged and rotated by RDS in Secrets Manager (user %s)",
            db->username);
        encryption_row(p, t);
    }
    section(f, "Database", t);
}

static void database(FILE *f, const plan *p, table *t)
{
    const model_database *db = &p->m->db;
    if (db->topology == TOPOLOGY_AURORA) {
        aurora_cluster(f, p, t);
        return;
    }
    if (db->topology == TOPOLOGY_MULTI_AZ_CLUSTER) {
        multi_az_cluster(f, p, t);
        return;
    }
    const resource *r = first(p, RES_DB_INSTANCE);
    const resource *group = r ? report_ref(r, "subnet_group") : NULL;
    const resource *secret = r ? report_ref(r, "password") : NULL;
    char az[REPORT_AZ_LABEL];
    if (r) {
        row(t, "instance\t%s", r->id);
        engine_rows(db, t);
        row(t, "class\t%s", db->instance_class);
        support_row(p, t);
        row(t, "Multi-AZ\t%s", db->multi_az ? "yes (a standby in another AZ)" : "no");
        if (report_home(p, r))
            row(t, "placed in\t%s (%s)", report_az_label(p, report_az_of(p, r), az),
                report_home(p, r)->id);
        else
            row(t, "placed in\t%s",
                db->multi_az ? "two AZs of the subnet group, chosen by RDS"
                             : "an AZ of the subnet group, chosen by RDS");
        subnets_row(t, group); /* RDS picks the AZ */
        row(t, "port\t%d", db->port);
        if (db->max_storage_gb)
            row(t, "storage\t%d GB %s, grows to %d GB", db->storage_gb, db->storage_type,
                db->max_storage_gb);
        else
            row(t, "storage\t%d GB %s", db->storage_gb, db->storage_type);
        row(t, "backups\t%d days", db->backup_retention);
        if (secret && db->rotation)
            row(t,
                "credentials\tsecret %s, generated by the stack (user %s), rotated every %d days",
                secret->id, db->username, db->rotation_days);
        else if (secret)
            row(t, "credentials\tsecret %s, generated by the stack (user %s), not rotated",
                secret->id, db->username);
        else
            row(t, "credentials\tmanaged and rotated by RDS in Secrets Manager (user %s)",
                db->username);
        encryption_row(p, t);
        row(t, "replicas\t%d", db->replicas);
    }
    for (size_t i = 0; r && i < p->count; i++) {
        const resource *rep = p->items[i];
        if (rep->kind != RES_DB_REPLICA || report_ref(rep, "source") != r)
            continue;
        if (report_home(p, rep))
            row(t, "replica\t%s in %s (%s)", rep->id, report_az_label(p, report_az_of(p, rep), az),
                report_home(p, rep)->id);
        else
            row(t, "replica\t%s, Multi-AZ: two AZs of the subnet group, chosen by RDS", rep->id);
    }
    section(f, "Database", t);
}

static void endpoints(FILE *f, const plan *p, table *t)
{
    for (size_t i = 0; i < p->count; i++) {
        const resource *r = p->items[i];
        bool gateway = r->kind == RES_GATEWAY_ENDPOINT;
        if (!gateway && r->kind != RES_INTERFACE_ENDPOINT)
            continue;
        if (!t->count)
            row(t, "ENDPOINT\tTYPE\tIN");
        char *in = ids(plan_prop(r, gateway ? "route_tables" : "subnets"));
        row(t, "%s\t%s\t%s", r->id, gateway ? "gateway" : "interface", ok(t, in));
        free(in);
    }
    section(f, "Endpoints", t);
}

static void outputs(FILE *f, const plan *p, table *t)
{
    for (size_t i = 0; i < p->count; i++) {
        const resource *o = p->items[i];
        if (o->kind != RES_OUTPUT)
            continue;
        if (!t->count)
            row(t, "OUTPUT\tWHAT IT IS");
        row(t, "%s\t%s", o->id, plan_prop(o, "description")->str);
    }
    section(f, "Outputs", t);
}

/* The network's fixed monthly cost (cost.h): the NAT, the bastion and the public IPv4
 * addresses the plan holds, priced from the dated table; unknown prices say which. */
static void monthly_cost(FILE *f, const plan *p, table *t)
{
    const model *m = p->m;
    static const cost_nat_kind nat_kinds[] = {[NAT_NONE] = COST_NAT_NONE,
                                              [NAT_SINGLE] = COST_NAT_SINGLE,
                                              [NAT_PER_AZ] = COST_NAT_PER_AZ,
                                              [NAT_REGIONAL] = COST_NAT_REGIONAL,
                                              [NAT_INSTANCE] = COST_NAT_INSTANCE};
    static const cost_bastion_kind bastion_kinds[] = {[ACCESS_SSM] = COST_BASTION_SSM,
                                                      [ACCESS_SSH] = COST_BASTION_SSH,
                                                      [ACCESS_EICE] = COST_BASTION_EICE};
    cost_network net = {
        .nat = nat_kinds[m->net.nat],
        .azs = m->net.az_count,
        .nat_instance_type = NULL, /* the NAT instance's, from the plan */
        .bastion = m->bastion.present ? bastion_kinds[m->bastion.access] : COST_BASTION_NONE,
        .bastion_type = m->bastion.instance_type,
    };
    for (size_t i = 0; i < p->count; i++) {
        const resource *r = p->items[i];
        net.public_ipv4 += r->kind == RES_NAT_EIP || r->kind == RES_BASTION_EIP;
        const value *type = r->kind == RES_NAT_INSTANCE ? plan_prop(r, "instance_type") : NULL;
        if (type && type->kind == VAL_STR)
            net.nat_instance_type = type->str;
    }
    cost_estimate e;
    if (!m->region) {
        row(t, "estimate\tnone: the spec names no region (prices differ per region)");
    } else if (!cost_estimate_network(&net, m->region, &e)) {
        row(t, "estimate\tnone: the price table (%s) has no %s for %s", cost_data_date,
            strcmp(e.missing, "region") == 0 ? "prices" : e.missing, m->region);
    } else {
        for (int i = 0; i < e.line_count; i++) {
            const cost_line *l = &e.lines[i];
            row(t, "%s\t%d x %s%s%s at $%.4f/h: $%.2f a month", l->what, l->count,
                l->type ? l->type : "", l->type ? " " : "", l->what, l->usd_hour, l->usd_month);
        }
        row(t, "total\t$%.2f a month (%d hours), fixed charges only, %s prices of %s%s",
            e.usd_month, cost_hours_per_month, e.region_used, e.date,
            e.first_party ? "" : " (some from copies of AWS's Price List)");
        if (e.per_gb_known && net.nat != COST_NAT_NONE && net.nat != COST_NAT_INSTANCE)
            row(t, "per GB\t$%.3f per GB through the NAT gateway, not included", e.usd_per_gb);
        if (e.caveat)
            row(t, "note\t%s", e.caveat);
        row(t, "sources\tdocs/cost.md (tools/cost/prices.json)");
    }
    section(f, "Network cost", t);
}

/* ---- entry ------------------------------------------------------------------------------ */

char *report_summary(const plan *p, size_t *len)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    if (!f)
        return NULL;
    char *title = calloc(1, 1);
    cat(&title, "Summary of %s%s%s", p->m->name, *p->m->description ? ": " : "", p->m->description);
    size_t end = title ? strlen(title) : 0;
    while (end && title[end - 1] == ' ')
        end--;
    bool failed = !title || fprintf(f, "%.*s\n", (int)end, title) < 0;
    free(title);
    static void (*const sections[])(FILE *, const plan *, table *) = {
        network,  subnets,   nats,    database_access, bastion,
        database, endpoints, outputs, monthly_cost};
    for (size_t i = 0; i < sizeof sections / sizeof *sections && !failed; i++)
        sections[i](f, p, &(table){.failed = &failed});
    failed |= ferror(f) != 0;
    if (fclose(f) != 0 || failed) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}
