/* emit_summary.c - the summary target: the stack as plain-text tables for a review.
 *
 * A pull request that changes a spec shows a diff of hundreds of lines of JSON; this is what
 * a reviewer reads instead: every subnet with its tier, AZ, CIDR, usable addresses and where
 * its default route goes, the NAT gateways, what may reach the database on which port, the
 * bastion, the database, the endpoints and the outputs. What exists and what connects comes
 * from the plan (the same resources the templates are filled from), scalar facts from the
 * model. Columns are aligned with two spaces between them, numbers to the right; the text is
 * ASCII only (anything else in a user's string becomes '?'), has no trailing spaces and ends
 * with a newline. This file also holds the plan queries the dot target shares (report.h).
 */
#include "report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- plan queries (report.h) ------------------------------------------------------------ */

const resource *report_ref(const resource *r, const char *key)
{
    const value *v = plan_prop(r, key);
    return v && v->kind == VAL_REF ? v->ref : NULL;
}

bool report_lists(const resource *r, const char *key, const resource *target)
{
    const value *v = plan_prop(r, key);
    if (!v || v->kind != VAL_LIST)
        return false;
    for (size_t i = 0; i < v->count; i++)
        if (v->items[i]->kind == VAL_REF && v->items[i]->ref == target)
            return true;
    return false;
}

int report_tier(const resource *subnet)
{
    if (subnet->kind != RES_SUBNET)
        return -1;
    for (int t = 0; t < TIER_COUNT; t++) {
        size_t n = strlen(tier_names[t]);
        if (strncmp(subnet->id, tier_names[t], n) == 0 && strncmp(subnet->id + n, "_subnet_", 8) == 0)
            return t;
    }
    return -1;
}

int report_az(const plan *p, const value *az)
{
    if (!az)
        return -1;
    if (az->kind == VAL_REF && az->ref->kind == RES_AZ_LIST)
        return az->index;
    if (az->kind == VAL_STR)
        for (int i = 0; i < p->m->net.az_count; i++)
            if (p->m->net.az_names[i] && strcmp(p->m->net.az_names[i], az->str) == 0)
                return i;
    return -1;
}

int report_az_of(const plan *p, const resource *r)
{
    return report_az(p, plan_prop(r, "az"));
}

const char *report_az_label(const plan *p, int slot, char *buf)
{
    if (slot < 0 || slot >= p->m->net.az_count)
        snprintf(buf, REPORT_AZ_LABEL, "-");
    else if (p->m->net.az_names[slot])
        snprintf(buf, REPORT_AZ_LABEL, "%s", p->m->net.az_names[slot]);
    else
        snprintf(buf, REPORT_AZ_LABEL, "AZ %d", slot + 1);
    return buf;
}

const resource *report_home(const plan *p, const resource *r)
{
    const resource *s = report_ref(r, "subnet");
    if (s && s->kind == RES_SUBNET)
        return s;
    const resource *primary = r->kind == RES_DB_REPLICA ? report_ref(r, "source") : r;
    if (!primary || primary->kind != RES_DB_INSTANCE)
        return NULL;
    const resource *group = report_ref(primary, "subnet_group");
    const value *subnets = group ? plan_prop(group, "subnets") : NULL;
    if (!subnets || subnets->kind != VAL_LIST || !subnets->count)
        return NULL;
    if (r->kind == RES_DB_INSTANCE) {
        const value *multi = plan_prop(r, "multi_az");
        if (multi && multi->kind == VAL_BOOL && multi->flag)
            return NULL;
        return subnets->items[0]->kind == VAL_REF ? subnets->items[0]->ref : NULL;
    }
    int slot = report_az_of(p, r);
    for (size_t i = 0; i < subnets->count; i++)
        if (subnets->items[i]->kind == VAL_REF && report_az_of(p, subnets->items[i]->ref) == slot)
            return subnets->items[i]->ref;
    return NULL;
}

const char *report_port(const resource *rule, char *buf, size_t n)
{
    const value *proto = plan_prop(rule, "protocol");
    const value *port = plan_prop(rule, "from_port");
    const char *name = proto && proto->kind == VAL_STR ? proto->str : "-1";
    if (strcmp(name, "-1") == 0)
        snprintf(buf, n, "all");
    else if (port && port->kind == VAL_INT)
        snprintf(buf, n, "%s/%lld", name, (long long)port->num);
    else
        snprintf(buf, n, "%s", name);
    return buf;
}

/* ---- text ------------------------------------------------------------------------------- */

/* Rewrites s in place as printable ASCII: controls become spaces, each UTF-8 sequence '?'. */
static void ascii(char *s)
{
    char *o = s;
    for (const unsigned char *i = (const unsigned char *)s; *i; i++) {
        if (*i >= 0x80 && *i < 0xC0)
            continue; /* continuation byte: its lead byte was replaced already */
        *o++ = *i >= 0x80 ? '?' : *i < 0x20 || *i == 0x7F ? ' ' : (char)*i;
    }
    *o = '\0';
}

/* Appends printf text to the malloc'd *s (sanitised); on failure frees *s and leaves NULL,
 * after which further appends do nothing. */
static void cat(char **s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void cat(char **s, const char *fmt, ...)
{
    if (!*s)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    size_t old = strlen(*s);
    char *grown = n < 0 ? NULL : realloc(*s, old + (size_t)n + 1);
    if (!grown) {
        free(*s);
        *s = NULL;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(grown + old, (size_t)n + 1, fmt, ap);
    va_end(ap);
    ascii(grown + old);
    *s = grown;
}

/* A new malloc'd, sanitised string from printf text, or NULL. */
static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int n = vsnprintf(NULL, 0, f, ap);
    va_end(ap);
    char *s = n < 0 ? NULL : malloc((size_t)n + 1);
    if (!s)
        return NULL;
    va_start(ap, f);
    vsnprintf(s, (size_t)n + 1, f, ap);
    va_end(ap);
    ascii(s);
    return s;
}

/* ---- tables ----------------------------------------------------------------------------- */

enum { MAX_COLS = 6 };

typedef struct table {
    int cols;
    unsigned right; /* bit c: column c is right-aligned (numbers) */
    char **cells;   /* rows * cols, malloc'd strings */
    size_t rows, cap;
    bool *failed; /* the report's failure flag */
} table;

/* Adds a row of t->cols malloc'd cells (owned by the table from here; NULL = out of memory). */
static void row(table *t, char **cells)
{
    bool ok = !*t->failed;
    for (int c = 0; c < t->cols; c++)
        ok = ok && cells[c];
    if (ok && t->rows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        char **grown = realloc(t->cells, cap * (size_t)t->cols * sizeof *grown);
        if (grown) {
            t->cells = grown;
            t->cap = cap;
        }
        ok = grown != NULL;
    }
    if (!ok) {
        for (int c = 0; c < t->cols; c++)
            free(cells[c]);
        *t->failed = true;
        return;
    }
    memcpy(t->cells + t->rows++ * (size_t)t->cols, cells, (size_t)t->cols * sizeof *cells);
}

/* Prints the rows indented by two, columns two apart; frees the table. */
static void print_table(FILE *f, table *t)
{
    size_t width[MAX_COLS] = {0};
    for (size_t r = 0; r < t->rows; r++)
        for (int c = 0; c < t->cols; c++) {
            size_t n = strlen(t->cells[r * (size_t)t->cols + (size_t)c]);
            width[c] = n > width[c] ? n : width[c];
        }
    for (size_t r = 0; r < t->rows; r++) {
        char **cell = t->cells + r * (size_t)t->cols;
        int last = t->cols - 1;
        while (last > 0 && !*cell[last] && !(t->right >> last & 1))
            last--;
        fputs("  ", f);
        for (int c = 0; c <= last; c++) {
            int pad = (int)(width[c] - strlen(cell[c]));
            if (t->right >> c & 1)
                fprintf(f, "%*s%s", pad, "", cell[c]);
            else
                fprintf(f, "%s%*s", cell[c], c < last ? pad : 0, "");
            fputs(c < last ? "  " : "\n", f);
        }
    }
    for (size_t i = 0; i < t->rows * (size_t)t->cols; i++)
        free(t->cells[i]);
    free(t->cells);
    t->cells = NULL;
    t->rows = t->cap = 0;
}

/* A section: its title, then the table, or "none" when it has no rows. */
static void section(FILE *f, const char *title, table *t)
{
    fprintf(f, "\n%s\n", title);
    if (t->rows)
        print_table(f, t);
    else
        fputs("  none\n", f);
}

/* ---- sections --------------------------------------------------------------------------- */

/* Where a subnet's default route goes: "igw", "nat (nat_gateway_1)", or "none". */
static char *route_of(const plan *p, const resource *subnet)
{
    char *out = fmt("%s", "");
    const resource *rt = NULL;
    for (size_t i = 0; i < p->count && !rt; i++)
        if (p->items[i]->kind == RES_ROUTE_TABLE_ASSOC && report_ref(p->items[i], "subnet") == subnet)
            rt = report_ref(p->items[i], "route_table");
    for (size_t i = 0; i < p->count && rt; i++) {
        const resource *r = p->items[i];
        if (report_ref(r, "route_table") != rt)
            continue;
        const char *sep = out && *out ? ", " : "";
        if (r->kind == RES_ROUTE_IGW)
            cat(&out, "%sigw", sep);
        else if (r->kind == RES_ROUTE_NAT)
            cat(&out, "%snat (%s)", sep, report_ref(r, "nat_gateway")->id);
    }
    if (out && !*out)
        cat(&out, "none");
    return out;
}

/* The ids of the resources of kind k whose list key refers to target, comma-separated. */
static char *members(const plan *p, const char *key, const resource *target)
{
    char *out = fmt("%s", "");
    for (size_t i = 0; i < p->count; i++)
        if (report_lists(p->items[i], key, target))
            cat(&out, "%s%s", out && *out ? ", " : "", p->items[i]->id);
    return out;
}

static void network(FILE *f, const plan *p, table *t)
{
    const model_network *nw = &p->m->net;
    char buf[REPORT_AZ_LABEL];
    for (size_t i = 0; i < p->count; i++) {
        const resource *r = p->items[i];
        if (r->kind == RES_VPC)
            row(t, (char *[]){fmt("VPC"), fmt("%s (%s)", plan_prop(r, "cidr")->str, r->id)});
        if (r->kind == RES_FLOW_LOG)
            row(t, (char *[]){fmt("flow logs"),
                              fmt("%s traffic, kept %d days", plan_prop(r, "traffic")->str,
                                  nw->flow_retention_days)});
    }
    row(t, (char *[]){fmt("region"), fmt("%s", p->m->region ? p->m->region : "(the deployer's)")});
    char *azs = fmt("%d:", nw->az_count);
    for (int i = 0; i < nw->az_count; i++)
        cat(&azs, " %s", report_az_label(p, i, buf));
    if (!nw->az_names[0])
        cat(&azs, " (the region's first, picked at deploy time)");
    row(t, (char *[]){fmt("AZs"), azs});
    static const char *const nat_modes[] = {"none", "single", "per-az"};
    row(t, (char *[]){fmt("NAT"), fmt("%s: %zu gateway(s)", nat_modes[nw->nat],
                                      plan_count(p, RES_NAT_GATEWAY))});
    row(t, (char *[]){fmt("default SG"),
                      fmt("%s", plan_count(p, RES_RESTRICT_DEFAULT_SG) ? "all rules removed"
                                                                       : "left as AWS makes it")});
    section(f, "Network", t);
}

static void subnets(FILE *f, const plan *p, table *t)
{
    char az[REPORT_AZ_LABEL], c[20];
    t->right = 1u << 4;
    row(t, (char *[]){fmt("SUBNET"), fmt("TIER"), fmt("AZ"), fmt("CIDR"), fmt("USABLE"),
                      fmt("ROUTE")});
    for (size_t i = 0; i < p->count; i++) {
        const resource *s = p->items[i];
        cidr block;
        int tier = report_tier(s);
        if (tier < 0 || !cidr_parse(plan_prop(s, "cidr")->str, &block))
            continue;
        row(t, (char *[]){fmt("%s", s->id), fmt("%s", tier_names[tier]),
                          fmt("%s", report_az_label(p, report_az_of(p, s), az)),
                          fmt("%s", cidr_format(block, c)),
                          fmt("%llu", (unsigned long long)cidr_usable(block)), route_of(p, s)});
    }
    section(f, "Subnets", t);
    t->right = 0;
}

static void nats(FILE *f, const plan *p, table *t)
{
    char az[REPORT_AZ_LABEL];
    for (size_t i = 0; i < p->count; i++) {
        const resource *n = p->items[i];
        if (n->kind != RES_NAT_GATEWAY)
            continue;
        if (!t->rows)
            row(t, (char *[]){fmt("NAT"), fmt("AZ"), fmt("SUBNET"), fmt("ELASTIC IP"),
                              fmt("DEFAULT ROUTE OF")});
        const resource *home = report_home(p, n);
        const resource *eip = report_ref(n, "allocation");
        char *users = fmt("%s", "");
        for (size_t k = 0; k < p->count; k++) {
            const resource *r = p->items[k];
            if (r->kind != RES_ROUTE_NAT || report_ref(r, "nat_gateway") != n)
                continue;
            for (size_t j = 0; j < p->count; j++)
                if (p->items[j]->kind == RES_ROUTE_TABLE_ASSOC &&
                    report_ref(p->items[j], "route_table") == report_ref(r, "route_table"))
                    cat(&users, "%s%s", users && *users ? ", " : "",
                        report_ref(p->items[j], "subnet")->id);
        }
        row(t, (char *[]){fmt("%s", n->id),
                          fmt("%s", report_az_label(p, home ? report_az_of(p, home) : -1, az)),
                          fmt("%s", home ? home->id : "-"), fmt("%s", eip ? eip->id : "-"),
                          users});
    }
    section(f, "NAT gateways", t);
}

/* Every ingress rule of every security group the database instances are in. */
static void database_access(FILE *f, const plan *p, table *t)
{
    char port[32];
    for (size_t i = 0; i < p->count; i++) {
        const resource *sg = p->items[i];
        if (sg->kind != RES_SECURITY_GROUP)
            continue;
        bool of_db = false;
        for (size_t k = 0; k < p->count; k++)
            of_db |= p->items[k]->kind == RES_DB_INSTANCE &&
                     report_lists(p->items[k], "security_groups", sg);
        for (size_t k = 0; k < p->count && of_db; k++) {
            const resource *r = p->items[k];
            if ((r->kind != RES_SG_INGRESS_SG && r->kind != RES_SG_INGRESS_CIDR) ||
                report_ref(r, "security_group") != sg)
                continue;
            if (!t->rows)
                row(t, (char *[]){fmt("SOURCE"), fmt("PORT"), fmt("RULE"), fmt("DESCRIPTION")});
            const resource *peer = report_ref(r, "peer");
            char *source = peer ? fmt("%s", peer->id) : fmt("%s", plan_prop(r, "cidr")->str);
            char *who = peer ? members(p, "security_groups", peer) : fmt("%s", "");
            if (who && *who)
                cat(&source, " (%s)", who);
            free(who);
            row(t, (char *[]){source, fmt("%s", report_port(r, port, sizeof port)),
                              fmt("%s", r->id), fmt("%s", plan_prop(r, "description")->str)});
        }
    }
    section(f, "Database access", t);
}

static void bastion(FILE *f, const plan *p, table *t)
{
    const model_bastion *bs = &p->m->bastion;
    char az[REPORT_AZ_LABEL], port[32];
    for (size_t i = 0; i < p->count; i++) {
        const resource *b = p->items[i];
        if (b->kind == RES_BASTION) {
            const resource *home = report_home(p, b);
            row(t, (char *[]){fmt("instance"), fmt("%s", b->id)});
            row(t, (char *[]){fmt("access"), fmt("%s", bs->access == ACCESS_SSH
                                                          ? "ssh"
                                                          : "ssm (Session Manager, no inbound)")});
            row(t, (char *[]){fmt("type"), fmt("%s (%s)", bs->instance_type,
                                               bs->arm64 ? "arm64" : "x86_64")});
            row(t, (char *[]){fmt("subnet"),
                              fmt("%s (%s)", home ? home->id : "-",
                                  report_az_label(p, home ? report_az_of(p, home) : -1, az))});
            if (bs->key_name)
                row(t, (char *[]){fmt("key pair"), fmt("%s", bs->key_name)});
        } else if (b->kind == RES_BASTION_EIP) {
            row(t, (char *[]){fmt("public IP"), fmt("%s (Elastic IP)", b->id)});
        } else if (b->kind == RES_SG_INGRESS_CIDR && bs->present) {
            const resource *sg = report_ref(b, "security_group");
            for (size_t k = 0; k < p->count; k++)
                if (p->items[k]->kind == RES_BASTION &&
                    report_lists(p->items[k], "security_groups", sg))
                    row(t, (char *[]){fmt("ingress"),
                                      fmt("%s from %s", report_port(b, port, sizeof port),
                                          plan_prop(b, "cidr")->str)});
        }
    }
    section(f, "Bastion", t);
}

static void database(FILE *f, const plan *p, table *t)
{
    const model_database *db = &p->m->db;
    char az[REPORT_AZ_LABEL];
    for (size_t i = 0; i < p->count; i++) {
        const resource *r = p->items[i];
        const resource *home = report_home(p, r);
        if (r->kind == RES_DB_INSTANCE) {
            const resource *secret = report_ref(r, "password");
            row(t, (char *[]){fmt("instance"), fmt("%s", r->id)});
            row(t, (char *[]){fmt("engine"), fmt("%s (%s)", db->engine->display, db->engine->name)});
            row(t, (char *[]){fmt("version"), fmt("%s (parameter group family %s)", db->version,
                                                  db->family)});
            row(t, (char *[]){fmt("class"), fmt("%s", db->instance_class)});
            row(t, (char *[]){fmt("Multi-AZ"), fmt("%s", db->multi_az ? "yes (standby in another AZ)"
                                                                      : "no")});
            row(t, (char *[]){fmt("placed in"),
                              home ? fmt("%s (%s)", home->id, report_az_label(p, report_az_of(p, home), az))
                                   : fmt("the database subnets")});
            row(t, (char *[]){fmt("port"), fmt("%d", db->port)});
            row(t, (char *[]){fmt("storage"), db->max_storage_gb
                                                  ? fmt("%d GB %s, grows to %d GB", db->storage_gb,
                                                        db->storage_type, db->max_storage_gb)
                                                  : fmt("%d GB %s", db->storage_gb, db->storage_type)});
            row(t, (char *[]){fmt("backups"), fmt("%d days", db->backup_retention)});
            row(t, (char *[]){fmt("credentials"),
                              secret ? fmt("secret %s, generated by the stack (user %s)",
                                           secret->id, db->username)
                                     : fmt("managed by RDS in Secrets Manager (user %s)",
                                           db->username)});
            row(t, (char *[]){fmt("replicas"), fmt("%d", db->replicas)});
        } else if (r->kind == RES_DB_REPLICA) {
            row(t, (char *[]){fmt("replica"),
                              fmt("%s in %s (%s)", r->id,
                                  report_az_label(p, report_az_of(p, r), az),
                                  home ? home->id : "-")});
        }
    }
    section(f, "Database", t);
}

static void endpoints(FILE *f, const plan *p, table *t)
{
    for (size_t i = 0; i < p->count; i++) {
        const resource *r = p->items[i];
        if (r->kind != RES_GATEWAY_ENDPOINT && r->kind != RES_INTERFACE_ENDPOINT)
            continue;
        if (!t->rows)
            row(t, (char *[]){fmt("ENDPOINT"), fmt("TYPE"), fmt("IN")});
        const char *key = r->kind == RES_GATEWAY_ENDPOINT ? "route_tables" : "subnets";
        const value *list = plan_prop(r, key);
        char *in = fmt("%s", "");
        for (size_t k = 0; list && k < list->count; k++)
            if (list->items[k]->kind == VAL_REF)
                cat(&in, "%s%s", k ? ", " : "", list->items[k]->ref->id);
        row(t, (char *[]){fmt("%s", r->id),
                          fmt("%s", r->kind == RES_GATEWAY_ENDPOINT ? "gateway" : "interface"),
                          in});
    }
    section(f, "Endpoints", t);
}

static void outputs(FILE *f, const plan *p, table *t)
{
    for (size_t i = 0; i < p->count; i++) {
        const resource *o = p->items[i];
        if (o->kind != RES_OUTPUT)
            continue;
        if (!t->rows)
            row(t, (char *[]){fmt("OUTPUT"), fmt("WHAT IT IS")});
        row(t, (char *[]){fmt("%s", o->id), fmt("%s", plan_prop(o, "description")->str)});
    }
    section(f, "Outputs", t);
}

/* ---- entry ------------------------------------------------------------------------------ */

char *report_summary(const plan *p, size_t *len)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    if (!f)
        return NULL;
    bool failed = false;
    table two = {.cols = 2, .failed = &failed};
    table six = {.cols = 6, .failed = &failed};
    table five = {.cols = 5, .failed = &failed};
    table four = {.cols = 4, .failed = &failed};
    table three = {.cols = 3, .failed = &failed};

    char *title = fmt("%s", p->m->name), *description = fmt("%s", p->m->description);
    if (title && description)
        fprintf(f, "Summary of %s%s%s\n", title, *description ? ": " : "", description);
    failed |= !title || !description;
    free(title);
    free(description);
    network(f, p, &two);
    subnets(f, p, &six);
    nats(f, p, &five);
    database_access(f, p, &four);
    bastion(f, p, &two);
    database(f, p, &two);
    endpoints(f, p, &three);
    outputs(f, p, &two);

    failed |= ferror(f) != 0;
    if (fclose(f) != 0 || failed) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}
