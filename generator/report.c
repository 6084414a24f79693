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
    return subnet->kind == RES_SUBNET ? subnet->tier : -1;
}

int report_az_of(const plan *p, const resource *r)
{
    (void)p;
    return r ? r->az : -1;
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
    (void)p;
    return r->home;
}

const resource *report_nat_of(const resource *route)
{
    const resource *gw = report_ref(route, "nat_gateway");
    return gw ? gw : report_ref(route, "nat_instance");
}

const char *report_access(bastion_access access)
{
    static const char *const names[] = {
        [ACCESS_SSM] = "ssm", [ACCESS_SSH] = "ssh", [ACCESS_EICE] = "eice"};
    return names[access];
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
