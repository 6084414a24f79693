/* report.c - the plan queries the dot and summary targets share (see report.h).
 *
 * Both renderers ask the same questions of the plan: which resource a value refers to, the
 * tier and AZ of a subnet, where a resource lives, a rule's port. They are answered here,
 * once.
 */
#include "report.h"

#include <stdio.h>
#include <string.h>

const resource *report_ref(const resource *r, const char *key)
{
    const value *v = plan_prop(r, key);
    return v && v->kind == VAL_REF ? v->ref : NULL;
}

bool report_lists(const resource *r, const char *key, const resource *target)
{
    const value *v = plan_prop(r, key);
    for (size_t i = 0; v && v->kind == VAL_LIST && i < v->count; i++)
        if (v->items[i]->kind == VAL_REF && v->items[i]->ref == target)
            return true;
    return false;
}

int report_tier(const resource *subnet)
{
    for (int t = 0; subnet->kind == RES_SUBNET && t < TIER_COUNT; t++) {
        size_t n = strlen(tier_names[t]);
        if (strncmp(subnet->id, tier_names[t], n) == 0 &&
            strncmp(subnet->id + n, "_subnet_", 8) == 0)
            return t;
    }
    return -1;
}

int report_az(const plan *p, const value *az)
{
    if (az && az->kind == VAL_REF && az->ref->kind == RES_AZ_LIST)
        return az->index;
    for (int i = 0; az && az->kind == VAL_STR && i < p->m->net.az_count; i++)
        if (p->m->net.az_names[i] && strcmp(p->m->net.az_names[i], az->str) == 0)
            return i;
    return -1;
}

int report_az_of(const plan *p, const resource *r)
{
    return r ? report_az(p, plan_prop(r, "az")) : -1;
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
    const resource *group =
        primary && primary->kind == RES_DB_INSTANCE ? report_ref(primary, "subnet_group") : NULL;
    const value *subnets = group ? plan_prop(group, "subnets") : NULL;
    if (!subnets || subnets->kind != VAL_LIST || !subnets->count)
        return NULL;
    const value *multi = plan_prop(r, "multi_az");
    if (r->kind == RES_DB_INSTANCE) { /* single-AZ: in the first AZ; Multi-AZ: spans them */
        bool spans = multi && multi->kind == VAL_BOOL && multi->flag;
        return spans || subnets->items[0]->kind != VAL_REF ? NULL : subnets->items[0]->ref;
    }
    int slot = report_az_of(p, r);
    for (size_t i = 0; i < subnets->count; i++)
        if (subnets->items[i]->kind == VAL_REF && report_az_of(p, subnets->items[i]->ref) == slot)
            return subnets->items[i]->ref;
    return NULL;
}

const char *report_port(const resource *rule, char *buf, size_t n)
{
    const value *proto = plan_prop(rule, "protocol"), *port = plan_prop(rule, "from_port");
    const char *name = proto && proto->kind == VAL_STR ? proto->str : "-1";
    if (strcmp(name, "-1") == 0)
        snprintf(buf, n, "all");
    else if (port && port->kind == VAL_INT)
        snprintf(buf, n, "%s/%lld", name, (long long)port->num);
    else
        snprintf(buf, n, "%s", name);
    return buf;
}

