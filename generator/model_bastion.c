/* model_bastion.c - the model of the bastion host: access mode, tier, architecture, who may
 * connect (see model_internal.h).
 */
#include "model_internal.h"

#include <string.h>

/* An eice bastion admits ssh only from its EC2 Instance Connect Endpoint, and EC2 Instance
 * Connect pushes a one-time key: no networks to allow, no key pair (EC2 User Guide, "Connect
 * using EC2 Instance Connect Endpoint"; AWS CLI, "aws ec2-instance-connect ssh"). */
static void check_eice(model_ctx *c, const node *keyn, const node *cidrs)
{
    if (keyn)
        diag_error(
            c->d, &keyn->loc, "eice-key-name",
            "'key_name' applies only to ssh access; with eice, EC2 Instance Connect pushes a "
            "one-time key and the bastion has no key pair");
    if (cidrs && cidrs->count)
        diag_error(c->d, &cidrs->loc, "eice-allowed-cidrs",
                   "'allowed_cidrs' applies only to ssh access; an eice bastion admits ssh only "
                   "from its EC2 Instance Connect Endpoint");
}

void model_build_bastion(model_ctx *c, const node *root)
{
    const node *bn = node_get(root, "bastion");
    model_bastion *b = &c->m->bastion;
    model_network *nw = &c->m->net;
    if (!bn)
        return;
    b->present = true;
    const node *access = node_get(bn, "access");
    const char *acc = model_str(c, bn, "access", "bastion.access");
    b->access = strcmp(acc, "ssh") == 0    ? ACCESS_SSH
                : strcmp(acc, "eice") == 0 ? ACCESS_EICE
                                           : ACCESS_SSM;
    b->instance_type = model_str(c, bn, "instance_type", "bastion.instance_type");
    b->arm64 = awsdata_is_graviton(b->instance_type);
    b->tier = b->access == ACCESS_SSH ? TIER_PUBLIC : TIER_PRIVATE;
    const srcloc *where = access ? &access->loc : model_key_at(root, "bastion");
    if (!nw->tiers[b->tier].present)
        diag_error(c->d, where, "bastion-tier",
                   "an %s bastion lives in the '%s' subnet tier, "
                   "which is not defined",
                   acc, tier_names[b->tier]);
    const node *keyn = node_get(bn, "key_name");
    model_refuse_dynamic_reference(c, keyn);
    b->key_name = keyn ? keyn->text : NULL;
    const node *cidrs = node_get(bn, "allowed_cidrs");
    const node *world = node_get(bn, "allow_world");
    bool allow_world = world && world->bval;
    if (b->access == ACCESS_EICE) {
        check_eice(c, keyn, cidrs);
        return;
    }
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
        if (!model_read_cidr(c, n, &x))
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
