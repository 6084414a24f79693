/* plan.c - pass 4: the model as one ordered list of resources (see plan.h).
 *
 * The order of resources here is the order of the output: network first (VPC, gateways,
 * subnets, routes), then logging, security groups and their rules, endpoints, the bastion,
 * the database, and the outputs last. Ids are target-neutral snake_case; the emitters name
 * them in their dialect. Every value a template needs is set here, or deliberately left
 * absent so that its key disappears from the output.
 */
#include "plan.h"

#include <string.h>

#define PLAN_KIND_NAME(id, name) name,
static const char *const kind_names[] = {PLAN_KINDS(PLAN_KIND_NAME)};
#undef PLAN_KIND_NAME

const char *plan_kind_name(resource_kind k)
{
    return kind_names[k];
}

typedef struct builder {
    arena *a;
    plan *p;
    const model *m;
    const resource *az_list;
    const resource *vpc, *igw;
    const resource *vpc_ipv6, *eigw; /* dual stack: the VPC's /56, the egress-only gateway */
    const resource *subnets[TIER_COUNT][MAX_AZS];
    const resource *route_tables[TIER_COUNT][MAX_AZS]; /* per AZ, shared tables repeat */
    const resource *nats[MAX_AZS];
    const resource *app_sg, *bastion_sg, *db_sg, *endpoint_sg, *eice_sg;
    const resource *bastion, *bastion_eip, *db, *db_secret, *db_secret_attachment;
    const resource *eice;    /* the bastion's EC2 Instance Connect Endpoint, or NULL */
    const resource *kms_key; /* the stack's key (encryption.kms_key: stack), or NULL */
} builder;

/* ---- values ----------------------------------------------------------------------------- */

static value *v_new(builder *b, value_kind k)
{
    value *v = arena_alloc(b->a, sizeof *v);
    v->kind = k;
    v->index = -1;
    return v;
}

static value *v_str(builder *b, const char *s)
{
    value *v = v_new(b, VAL_STR);
    v->str = s;
    return v;
}

static value *v_int(builder *b, int64_t n)
{
    value *v = v_new(b, VAL_INT);
    v->num = n;
    return v;
}

static value *v_bool(builder *b, bool f)
{
    value *v = v_new(b, VAL_BOOL);
    v->flag = f;
    return v;
}

static value *v_ref(builder *b, const resource *r, const char *attr)
{
    value *v = v_new(b, VAL_REF);
    v->ref = r;
    v->attr = attr;
    return v;
}

static value *v_list(builder *b, size_t cap)
{
    value *v = v_new(b, VAL_LIST);
    v->items = arena_array(b->a, cap ? cap : 1, sizeof *v->items);
    return v;
}

static void v_push(value *list, value *item)
{
    list->items[list->count++] = item;
}

/* A substitution: parts are VAL_STR literals and references, concatenated. */
static value *v_sub(builder *b, size_t n, value **parts)
{
    value *v = v_new(b, VAL_SUB);
    v->items = arena_array(b->a, n, sizeof *v->items);
    for (size_t i = 0; i < n; i++)
        v->items[v->count++] = parts[i];
    return v;
}

static value *v_tags(builder *b, const char *name)
{
    value *v = v_new(b, VAL_TAGS);
    v->str = name;
    return v;
}

/* The AZ of slot i: a literal name, or element i of the region's AZ list. */
/* Capacity in half ACUs as a number: an integer, or a real for a half. */
static value *v_acu(builder *b, int half)
{
    if (half % 2 == 0)
        return v_int(b, half / 2);
    value *v = v_new(b, VAL_REAL);
    v->str = arena_printf(b->a, "%d.5", half / 2);
    return v;
}

static value *v_az(builder *b, int i)
{
    if (b->m->net.az_names[0])
        return v_str(b, b->m->net.az_names[i]);
    value *v = v_ref(b, b->az_list, "names");
    v->index = i;
    return v;
}

/* ---- resources -------------------------------------------------------------------------- */

/* The ids of the subnets of tier t, one per AZ, joined by commas. */
static value *v_subnet_ids(builder *b, int t)
{
    value *join = v_new(b, VAL_JOIN);
    join->str = ",";
    join->items = arena_array(b->a, (size_t)b->m->net.az_count, sizeof *join->items);
    for (int i = 0; i < b->m->net.az_count; i++)
        join->items[join->count++] = v_ref(b, b->subnets[t][i], "id");
    return join;
}

static resource *add(builder *b, resource_kind k, const char *id, const char *name)
{
    plan *p = b->p;
    if (p->count == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        resource **items = arena_array(b->a, cap, sizeof *items);
        if (p->count)
            memcpy(items, p->items, p->count * sizeof *items);
        p->items = items;
        p->cap = cap;
    }
    resource *r = arena_alloc(b->a, sizeof *r);
    r->kind = k;
    r->id = id;
    r->name = name;
    r->index = p->count;
    r->tier = -1;
    r->az = -1;
    p->items[p->count++] = r;
    return r;
}

/* r lives in subnet s (its AZ and home, for the reports). */
static void lives_in(resource *r, const resource *s)
{
    r->home = s;
    r->az = s ? s->az : -1;
}

static void set(builder *b, resource *r, const char *key, value *v)
{
    if (r->prop_count == r->prop_cap) {
        size_t cap = r->prop_cap ? r->prop_cap * 2 : 16;
        prop *props = arena_array(b->a, cap, sizeof *props);
        if (r->prop_count)
            memcpy(props, r->props, r->prop_count * sizeof *props);
        r->props = props;
        r->prop_cap = cap;
    }
    r->props[r->prop_count++] = (prop){key, v};
}

static void depend(builder *b, resource *r, const resource *on)
{
    const resource **d = arena_array(b->a, r->depend_count + 1, sizeof *d);
    if (r->depend_count)
        memcpy(d, r->depends, r->depend_count * sizeof *d);
    d[r->depend_count++] = on;
    r->depends = d;
}

const value *plan_prop(const resource *r, const char *key)
{
    for (size_t i = 0; i < r->prop_count; i++)
        if (strcmp(r->props[i].key, key) == 0)
            return r->props[i].v;
    return NULL;
}

size_t plan_count(const plan *p, resource_kind k)
{
    size_t n = 0;
    for (size_t i = 0; i < p->count; i++)
        n += p->items[i]->kind == k;
    return n;
}

/* "<stack>-<suffix>": every Name tag and physical name starts with the stack name. */
static const char *named(builder *b, const char *suffix)
{
    return arena_printf(b->a, "%s-%s", b->m->name, suffix);
}

static resource *tagged(builder *b, resource_kind k, const char *id, const char *name)
{
    resource *r = add(b, k, id, name);
    set(b, r, "tags", v_tags(b, name));
    return r;
}

/* The ARN of the KMS key of the stack's data: the stack's key, the team's, or NULL for AWS's
 * own keys (the property is then left out). */
static value *v_kms(builder *b)
{
    if (b->kms_key)
        return v_ref(b, b->kms_key, "arn");
    return b->m->kms_arn ? v_str(b, b->m->kms_arn) : NULL;
}

/* Sets key to the KMS key's ARN, where there is one of the stack's or the team's. */
static void set_kms(builder *b, resource *r, const char *key)
{
    value *k = v_kms(b);
    if (k)
        set(b, r, key, k);
}

/* Sets key to the KMS key's id (the stack's) or ARN (the team's): for a property whose
 * CloudFormation type is a key id (DBInstance MasterUserSecret.KmsKeyId) though it takes
 * either; Terraform reads the ARN back, so its templates take set_kms's. */
static void set_kms_id(builder *b, resource *r, const char *key)
{
    if (b->kms_key)
        set(b, r, key, v_ref(b, b->kms_key, "id"));
    else
        set_kms(b, r, key);
}

static void plan_kms_key(builder *b)
{
    if (b->m->kms != KMS_STACK || !model_takes_kms(b->m))
        return;
    resource *key = tagged(b, RES_KMS_KEY, "stack_key", named(b, "key"));
    set(b, key, "description",
        v_str(b, arena_printf(b->a, "Encrypts the data of %s: database, secrets, logs, volumes",
                              b->m->name)));
    set(b, key, "alias", v_str(b, arena_printf(b->a, "alias/vpcgen/%s", b->m->name)));
    set(b, key, "stack_name", v_str(b, b->m->name));
    /* where RDS writes the database's logs: /aws/rds/cluster/... for an Aurora cluster */
    set(b, key, "rds_logs",
        v_str(b, b->m->db.topology != TOPOLOGY_INSTANCE ? "cluster" : "instance"));
    set(b, key, "region", v_new(b, VAL_REGION));
    b->kms_key = key;
}

/* ---- network ---------------------------------------------------------------------------- */

/* The network has zonal NAT gateways (single, per-az). */
static bool zonal_nat(const model_network *nw)
{
    return nw->nat == NAT_SINGLE || nw->nat == NAT_PER_AZ;
}

/* The network has a regional NAT gateway: one for the VPC, serving private subnets. */
static bool regional_nat(const model_network *nw)
{
    return nw->nat == NAT_REGIONAL && nw->nat_count > 0;
}

static resource *security_group(builder *b, const char *id, const char *suffix,
                                const char *description);
static void rule(builder *b, resource_kind k, const char *id, const resource *sg,
                 const char *description, const char *proto, int port, const char *peer_cidr,
                 const resource *peer_sg);

/* The public SSM parameter of the current Amazon Linux 2023 image of an architecture. */
static const char *al2023_image(bool arm64)
{
    return arm64 ? "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"
                 : "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";
}

/* The NAT instance's boot script: IPv4 forwarding on, and the private subnets' traffic
 * masqueraded behind the instance's address with nftables, both kept across reboots (VPC User
 * Guide, "NAT instances", "Create a NAT AMI": ip_forward through /etc/sysctl.d and a
 * postrouting masquerade rule in a service that restores it at boot; AWS's page writes the
 * rule with iptables-services, here in nft's own syntax;
 * https://docs.aws.amazon.com/vpc/latest/userguide/VPC_NAT_Instance.html). The rules are
 * loaded at every boot by a unit of the stack's own, so nothing depends on where the
 * distribution's nftables.service reads its rules; the file first declares and deletes its
 * table, so loading it again replaces the rule rather than adding a second. The Elastic IP is
 * associated after the instance starts, so the package install retries until the repositories
 * answer. */
static const char *nat_user_data(builder *b)
{
    const model_network *nw = &b->m->net;
    char buf[20];
    const char *sources = "";
    for (int i = 0; i < nw->az_count; i++)
        sources = arena_printf(b->a, "%s%s%s", sources, i ? ", " : "",
                               cidr_format(nw->tiers[TIER_PRIVATE].subnets[i], buf));
    return arena_printf(b->a,
                        "#!/bin/bash\n"
                        "# vpcgen NAT instance (Amazon Linux 2023): forward IPv4 and masquerade "
                        "the private subnets\n"
                        "set -eu\n"
                        "echo 'net.ipv4.ip_forward = 1' > /etc/sysctl.d/90-vpcgen-nat.conf\n"
                        "sysctl -p /etc/sysctl.d/90-vpcgen-nat.conf\n"
                        "until dnf install -y nftables; do sleep 10; done\n"
                        "cat > /etc/vpcgen-nat.nft <<'RULES'\n"
                        "table ip vpcgen_nat\n"
                        "delete table ip vpcgen_nat\n"
                        "table ip vpcgen_nat {\n"
                        "  chain postrouting {\n"
                        "    type nat hook postrouting priority srcnat; policy accept;\n"
                        "    ip saddr { %s } masquerade\n"
                        "  }\n"
                        "}\n"
                        "RULES\n"
                        "cat > /etc/systemd/system/vpcgen-nat.service <<'UNIT'\n"
                        "[Unit]\n"
                        "Description=vpcgen NAT: masquerade the private subnets\n"
                        "After=network.target\n"
                        "[Service]\n"
                        "Type=oneshot\n"
                        "RemainAfterExit=yes\n"
                        "ExecStart=/usr/sbin/nft -f /etc/vpcgen-nat.nft\n"
                        "[Install]\n"
                        "WantedBy=multi-user.target\n"
                        "UNIT\n"
                        "systemctl daemon-reload\n"
                        "systemctl enable --now vpcgen-nat.service\n",
                        sources);
}

/* One NAT instance for a development stack, in the first public subnet: Amazon Linux 2023 on
 * a Graviton nano, IMDSv2, an encrypted root volume, managed by Systems Manager only (no key
 * pair, no ssh), source/destination check off (it forwards others' packets: VPC User Guide,
 * "NAT instances"), an Elastic IP, and EC2's simplified automatic recovery written explicitly
 * (on by default for supported instances, T4g among them; a CloudWatch recover alarm would be
 * a second mechanism for the same failure: EC2 User Guide, "Simplified automatic recovery",
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-configuration-recovery.html).
 * Its security group admits the private subnets only, its egress is explicit. */
static resource *plan_nat_instance(builder *b)
{
    const model_network *nw = &b->m->net;
    char buf[20];
    const resource *home = b->subnets[TIER_PUBLIC][0];
    resource *sg = security_group(b, "nat_instance_security_group", "nat-instance",
                                  "NAT instance: traffic from the private subnets only");
    for (int i = 0; i < nw->az_count; i++) {
        const char *c = arena_strdup(b->a, cidr_format(nw->tiers[TIER_PRIVATE].subnets[i], buf));
        rule(b, RES_SG_INGRESS_CIDR, arena_printf(b->a, "nat_instance_ingress_%d", i + 1), sg,
             arena_printf(b->a, "All traffic from private subnet %d (%s)", i + 1, c), "-1", 0, c,
             NULL);
    }
    rule(b, RES_SG_EGRESS_CIDR, "nat_instance_egress_all", sg,
         "All outbound traffic: what the private subnets send through the NAT", "-1", 0,
         "0.0.0.0/0", NULL);
    resource *image = add(b, RES_NAT_INSTANCE_IMAGE, "nat_instance_image", NULL);
    set(b, image, "parameter", v_str(b, al2023_image(true)));
    resource *role = tagged(b, RES_BASTION_ROLE, "nat_instance_role", named(b, "nat-instance"));
    set(b, role, "description", v_str(b, "The NAT instance's role: Systems Manager only"));
    resource *profile = add(b, RES_BASTION_PROFILE, "nat_instance_profile", NULL);
    set(b, profile, "role", v_ref(b, role, "name"));

    resource *inst = tagged(b, RES_NAT_INSTANCE, "nat_instance", named(b, "nat-instance"));
    set(b, inst, "image", v_ref(b, image, "id"));
    set(b, inst, "instance_type", v_str(b, "t4g.nano")); /* the contract's Graviton nano */
    set(b, inst, "subnet", v_ref(b, home, "id"));
    lives_in(inst, home);
    value *sgs = v_list(b, 1);
    v_push(sgs, v_ref(b, sg, "id"));
    set(b, inst, "security_groups", sgs);
    set(b, inst, "profile_name", v_ref(b, profile, "name"));
    set(b, inst, "source_dest_check", v_bool(b, false));
    set(b, inst, "ebs_optimized", v_bool(b, true));
    set_kms(b, inst, "kms_key");
    set(b, inst, "auto_recovery", v_str(b, "default"));
    set(b, inst, "user_data", v_str(b, nat_user_data(b)));
    resource *eip = tagged(b, RES_BASTION_EIP, "nat_instance_eip", named(b, "nat-instance"));
    set(b, eip, "instance", v_ref(b, inst, "id"));
    depend(b, eip, b->igw);
    return inst;
}

/* One regional NAT gateway for the VPC, in AWS's automatic mode: no subnet and no Elastic IP
 * of the stack's (AWS allocates the addresses in each AZ it expands to) and the internet
 * gateway before it (CreateNatGateway: AvailabilityMode "regional" with VpcId; VPC User Guide,
 * https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateways-regional.html). */
static resource *plan_regional_nat(builder *b)
{
    resource *nat = tagged(b, RES_NAT_GATEWAY, "nat_gateway", named(b, "nat"));
    set(b, nat, "availability_mode", v_str(b, "regional"));
    set(b, nat, "vpc", v_ref(b, b->vpc, "id"));
    depend(b, nat, b->igw);
    return nat;
}

/* Dual stack (network.ipv6): the VPC's Amazon-provided /56 (CloudFormation: an
 * AWS::EC2::VPCCidrBlock with AmazonProvidedIpv6CidrBlock, its size fixed at /56 by AWS;
 * Terraform: the VPC's assign_generated_ipv6_cidr_block), and the egress-only internet gateway
 * that the private tier's IPv6 traffic leaves by. Sources:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-vpccidrblock.html,
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_ec2.CfnVPCCidrBlock.html (the /56,
 * and subnets that wait for the block), Fn::Cidr (count 1..256, host bits):
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-cidr.html,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-egressonlyinternetgateway.html
 */
static void plan_ipv6_gateways(builder *b, resource *vpc)
{
    const model_network *nw = &b->m->net;
    if (!nw->ipv6)
        return;
    set(b, vpc, "ipv6", v_bool(b, true));
    resource *block = add(b, RES_VPC_IPV6_BLOCK, "vpc_ipv6_block", NULL);
    set(b, block, "vpc", v_ref(b, vpc, "id"));
    b->vpc_ipv6 = block;
    if (nw->tiers[TIER_PRIVATE].present) {
        resource *eigw =
            tagged(b, RES_EGRESS_ONLY_GATEWAY, "egress_only_internet_gateway", named(b, "eigw"));
        set(b, eigw, "vpc", v_ref(b, vpc, "id"));
        b->eigw = eigw;
    }
}

/* The subnet's /64: number model_ipv6_subnet_number of the VPC's /56 (the VPC's attribute
 * "ipv6_subnets" indexed by it: CloudFormation's Fn::Cidr list, Terraform's cidrsubnet). A
 * subnet with an IPv6 block waits for the block to be associated with the VPC: CloudFormation
 * does not see that dependency through the VPC's attribute. Instances of the public and
 * private tiers get an address at launch (their IPv6 egress needs one); the database tier's
 * only tenant, RDS, assigns its own. */
static void plan_ipv6_subnet(builder *b, resource *s, tier_id t, int az)
{
    if (!b->m->net.ipv6)
        return;
    value *block = v_ref(b, b->vpc, "ipv6_subnets");
    block->index = model_ipv6_subnet_number(t, az);
    set(b, s, "ipv6_cidr", block);
    set(b, s, "ipv6_assign", v_bool(b, t != TIER_DATABASE));
    depend(b, s, b->vpc_ipv6);
}

/* The IPv6 default route of a route table: public to the internet gateway, private to the
 * egress-only gateway, database none. */
static void plan_ipv6_route(builder *b, const resource *rt, tier_id t, const char *suffix)
{
    if (!b->m->net.ipv6 || t == TIER_DATABASE)
        return;
    if (t == TIER_PUBLIC) {
        resource *r = add(b, RES_ROUTE_IGW_IPV6, "public_default_route_ipv6", NULL);
        set(b, r, "route_table", v_ref(b, rt, "id"));
        set(b, r, "gateway", v_ref(b, b->igw, "id"));
        depend(b, r, b->igw);
    } else {
        resource *r = add(b, RES_ROUTE_EGRESS_ONLY,
                          arena_printf(b->a, "private_default_route_ipv6%s", suffix), NULL);
        set(b, r, "route_table", v_ref(b, rt, "id"));
        set(b, r, "egress_only_gateway", v_ref(b, b->eigw, "id"));
    }
}

static void plan_network(builder *b)
{
    const model_network *nw = &b->m->net;
    char buf[20];
    resource *vpc = tagged(b, RES_VPC, "vpc", named(b, "vpc"));
    set(b, vpc, "cidr", v_str(b, arena_strdup(b->a, cidr_format(nw->vpc, buf))));
    b->vpc = vpc;
    plan_ipv6_gateways(b, vpc);

    if (nw->tiers[TIER_PUBLIC].present || regional_nat(nw)) {
        resource *igw = tagged(b, RES_INTERNET_GATEWAY, "internet_gateway", named(b, "igw"));
        set(b, igw, "vpc", v_ref(b, vpc, "id"));
        b->igw = igw;
    }
    for (int t = 0; t < TIER_COUNT; t++) {
        if (!nw->tiers[t].present)
            continue;
        for (int i = 0; i < nw->az_count; i++) {
            const char *id = arena_printf(b->a, "%s_subnet_%d", tier_names[t], i + 1);
            resource *s = tagged(b, RES_SUBNET, id,
                                 named(b, arena_printf(b->a, "%s-%d", tier_names[t], i + 1)));
            set(b, s, "vpc", v_ref(b, vpc, "id"));
            set(b, s, "cidr",
                v_str(b, arena_strdup(b->a, cidr_format(nw->tiers[t].subnets[i], buf))));
            set(b, s, "az", v_az(b, i));
            s->tier = t;
            s->az = i;
            plan_ipv6_subnet(b, s, (tier_id)t, i);
            b->subnets[t][i] = s;
        }
    }
    /* zonal NAT gateways live in the public subnets: one in the first AZ, or one per AZ */
    for (int i = 0; zonal_nat(nw) && i < nw->nat_count; i++) {
        resource *eip = tagged(b, RES_NAT_EIP, arena_printf(b->a, "nat_eip_%d", i + 1),
                               named(b, arena_printf(b->a, "nat-%d", i + 1)));
        depend(b, eip, b->igw);
        resource *nat = tagged(b, RES_NAT_GATEWAY, arena_printf(b->a, "nat_gateway_%d", i + 1),
                               named(b, arena_printf(b->a, "nat-%d", i + 1)));
        set(b, nat, "allocation", v_ref(b, eip, "allocation_id"));
        set(b, nat, "subnet", v_ref(b, b->subnets[TIER_PUBLIC][i], "id"));
        lives_in(nat, b->subnets[TIER_PUBLIC][i]);
        depend(b, nat, b->igw);
        b->nats[i] = nat;
    }
    if (regional_nat(nw))
        b->nats[0] = plan_regional_nat(b);
    if (nw->nat == NAT_INSTANCE && nw->nat_count)
        b->nats[0] = plan_nat_instance(b);
    /* route tables: one public, private one per NAT (or one shared), one database */
    for (int t = 0; t < TIER_COUNT; t++) {
        if (!nw->tiers[t].present)
            continue;
        int tables = t == TIER_PRIVATE && nw->nat == NAT_PER_AZ ? nw->az_count : 1;
        for (int k = 0; k < tables; k++) {
            const char *id = tables > 1
                                 ? arena_printf(b->a, "%s_route_table_%d", tier_names[t], k + 1)
                                 : arena_printf(b->a, "%s_route_table", tier_names[t]);
            const char *name =
                tables > 1 ? arena_printf(b->a, "%s-%d", tier_names[t], k + 1) : tier_names[t];
            resource *rt = tagged(b, RES_ROUTE_TABLE, id, named(b, name));
            set(b, rt, "vpc", v_ref(b, vpc, "id"));
            for (int i = 0; i < nw->az_count; i++)
                if (tables == 1 || i == k)
                    b->route_tables[t][i] = rt;
            if (t == TIER_PUBLIC) {
                resource *r = add(b, RES_ROUTE_IGW, "public_default_route", NULL);
                set(b, r, "route_table", v_ref(b, rt, "id"));
                set(b, r, "gateway", v_ref(b, b->igw, "id"));
                depend(b, r, b->igw);
            } else if (t == TIER_PRIVATE && nw->nat != NAT_NONE) {
                const char *rid = tables > 1 ? arena_printf(b->a, "private_default_route_%d", k + 1)
                                             : "private_default_route";
                resource *r = add(b, RES_ROUTE_NAT, rid, NULL);
                set(b, r, "route_table", v_ref(b, rt, "id"));
                const resource *nat = b->nats[nw->nat == NAT_PER_AZ ? k : 0];
                /* a NAT instance: its id (CloudFormation) or its primary network interface
                 * (Terraform's aws_route takes no instance id), the template's route_target */
                if (nat->kind == RES_NAT_INSTANCE)
                    set(b, r, "nat_instance", v_ref(b, nat, "route_target"));
                else
                    set(b, r, "nat_gateway", v_ref(b, nat, "id"));
            }
            plan_ipv6_route(b, rt, (tier_id)t, tables > 1 ? arena_printf(b->a, "_%d", k + 1) : "");
        }
        for (int i = 0; i < nw->az_count; i++) {
            resource *assoc =
                add(b, RES_ROUTE_TABLE_ASSOC,
                    arena_printf(b->a, "%s_subnet_%d_routes", tier_names[t], i + 1), NULL);
            set(b, assoc, "subnet", v_ref(b, b->subnets[t][i], "id"));
            set(b, assoc, "route_table", v_ref(b, b->route_tables[t][i], "id"));
        }
    }
}

static void plan_flow_logs(builder *b)
{
    const model_network *nw = &b->m->net;
    if (!nw->flow_logs)
        return;
    resource *group = tagged(b, RES_FLOW_LOG_GROUP, "flow_log_group", named(b, "flow-logs"));
    set(b, group, "log_group_name",
        v_str(b, arena_printf(b->a, "/vpcgen/%s/vpc-flow-logs", b->m->name)));
    set(b, group, "retention_days", v_int(b, nw->flow_retention_days));
    set_kms(b, group, "kms_key");
    resource *role = tagged(b, RES_FLOW_LOG_ROLE, "flow_log_role", named(b, "flow-logs"));
    set(b, role, "log_group_arn", v_ref(b, group, "arn"));
    resource *fl = tagged(b, RES_FLOW_LOG, "flow_log", named(b, "flow-logs"));
    set(b, fl, "vpc", v_ref(b, b->vpc, "id"));
    set(b, fl, "role_arn", v_ref(b, role, "arn"));
    set(b, fl, "log_group_name", v_ref(b, group, "name"));
    set(b, fl, "log_group_arn", v_ref(b, group, "arn"));
    set(b, fl, "traffic", v_str(b, nw->flow_traffic));
}

/* ---- security groups -------------------------------------------------------------------- */

static resource *security_group(builder *b, const char *id, const char *suffix,
                                const char *description)
{
    resource *sg = tagged(b, RES_SECURITY_GROUP, id, named(b, suffix));
    set(b, sg, "vpc", v_ref(b, b->vpc, "id"));
    set(b, sg, "description", v_str(b, description));
    return sg;
}

/* One rule. proto "-1" means all traffic (no ports); the other side is the IPv4 block
 * peer_cidr (under key cidr_key), or the group peer_sg. */
static void rule_to(builder *b, resource_kind k, const char *id, const resource *sg,
                    const char *description, const char *proto, int port, const char *cidr_key,
                    const char *peer_cidr, const resource *peer_sg)
{
    resource *r = add(b, k, id, NULL);
    set(b, r, "security_group", v_ref(b, sg, "id"));
    set(b, r, "description", v_str(b, description));
    set(b, r, "protocol", v_str(b, proto));
    if (strcmp(proto, "-1") != 0) {
        set(b, r, "from_port", v_int(b, port));
        set(b, r, "to_port", v_int(b, port));
    }
    if (peer_cidr)
        set(b, r, cidr_key, v_str(b, peer_cidr));
    if (peer_sg)
        set(b, r, "peer", v_ref(b, peer_sg, "id"));
}

/* One rule (see rule_to); in a dual-stack VPC a rule open to the IPv4 internet has its twin
 * open to the IPv6 internet, so what the rule allows does not depend on the protocol. */
static void rule(builder *b, resource_kind k, const char *id, const resource *sg,
                 const char *description, const char *proto, int port, const char *peer_cidr,
                 const resource *peer_sg)
{
    rule_to(b, k, id, sg, description, proto, port, "cidr", peer_cidr, peer_sg);
    if (b->m->net.ipv6 && peer_cidr && strcmp(peer_cidr, "0.0.0.0/0") == 0)
        rule_to(b, k, arena_printf(b->a, "%s_ipv6", id), sg,
                arena_printf(b->a, "%s, over IPv6", description), proto, port, "cidr_ipv6", "::/0",
                NULL);
}

/* The EC2 Instance Connect Endpoint's group and the bastion's ingress: the endpoint sends ssh
 * to the bastion's group only, the bastion admits ssh from the endpoint's group only; traffic
 * into the endpoint comes from the EC2 Instance Connect service and needs no inbound rule
 * (EC2 User Guide, "Security groups for EC2 Instance Connect Endpoint",
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/eice-security-groups.html). */
static void eice_security_groups(builder *b)
{
    b->eice_sg = security_group(b, "eice_security_group", "eice",
                                "EC2 Instance Connect Endpoint: ssh to the bastion only");
    rule(b, RES_SG_EGRESS_SG, "eice_egress_ssh", b->eice_sg, "ssh to the bastion", "tcp", 22, NULL,
         b->bastion_sg);
    rule(b, RES_SG_INGRESS_SG, "bastion_ingress_eice", b->bastion_sg,
         "ssh from the Instance Connect Endpoint", "tcp", 22, NULL, b->eice_sg);
}

static void plan_security_groups(builder *b)
{
    const model *m = b->m;
    const model_network *nw = &m->net;
    if (nw->restrict_default_sg) {
        resource *r =
            add(b, RES_RESTRICT_DEFAULT_SG, "default_security_group", named(b, "default"));
        set(b, r, "vpc", v_ref(b, b->vpc, "id"));
        set(b, r, "default_security_group", v_ref(b, b->vpc, "default_security_group"));
        set(b, r, "tags", v_tags(b, r->name));
        set_kms(b, r, "kms_key");
    }
    b->app_sg = security_group(b, "app_security_group", "app",
                               "Application compute: admitted to the database");
    rule(b, RES_SG_EGRESS_CIDR, "app_egress_all", b->app_sg,
         "All outbound traffic from the application", "-1", 0, "0.0.0.0/0", NULL);

    if (m->bastion.present) {
        const model_bastion *bs = &m->bastion;
        b->bastion_sg =
            security_group(b, "bastion_security_group", "bastion",
                           bs->access == ACCESS_SSH ? "Bastion host: ssh from the allowed networks"
                           : bs->access == ACCESS_EICE
                               ? "Bastion host: ssh from the Instance Connect Endpoint only"
                               : "Bastion host: Systems Manager only, no inbound");
        for (size_t i = 0; i < bs->allowed_count; i++)
            rule(b, RES_SG_INGRESS_CIDR, arena_printf(b->a, "bastion_ingress_ssh_%zu", i + 1),
                 b->bastion_sg, arena_printf(b->a, "ssh from %s", bs->allowed_cidrs[i]), "tcp", 22,
                 bs->allowed_cidrs[i], NULL);
        if (bs->access == ACCESS_EICE)
            eice_security_groups(b);
        rule(b, RES_SG_EGRESS_CIDR, "bastion_egress_https", b->bastion_sg,
             bs->access == ACCESS_EICE
                 ? "HTTPS to package repositories"
                 : "HTTPS to AWS APIs (Systems Manager) and package repositories",
             "tcp", 443, "0.0.0.0/0", NULL);
    }
    if (nw->endpoints[EP_SSM] || nw->endpoints[EP_SECRETSMANAGER] || nw->endpoints[EP_ECR] ||
        nw->endpoints[EP_LOGS]) {
        char buf[20];
        b->endpoint_sg = security_group(b, "endpoint_security_group", "endpoints",
                                        "Interface endpoints: HTTPS from inside the VPC");
        rule(b, RES_SG_INGRESS_CIDR, "endpoint_ingress_https", b->endpoint_sg,
             "HTTPS from the VPC to the interface endpoints", "tcp", 443,
             arena_strdup(b->a, cidr_format(nw->vpc, buf)), NULL);
    }
    if (m->db.present) {
        int port = m->db.port;
        b->db_sg = security_group(
            b, "database_security_group", "database",
            arena_printf(b->a, "%s: the bastion and the application only", m->db.engine->display));
        rule(b, RES_SG_INGRESS_SG, "database_ingress_app", b->db_sg,
             arena_printf(b->a, "%s from the application", m->db.engine->display), "tcp", port,
             NULL, b->app_sg);
        if (b->bastion_sg) {
            rule(b, RES_SG_INGRESS_SG, "database_ingress_bastion", b->db_sg,
                 arena_printf(b->a, "%s from the bastion (migrations tunnel)",
                              m->db.engine->display),
                 "tcp", port, NULL, b->bastion_sg);
            rule(b, RES_SG_EGRESS_SG, "bastion_egress_database", b->bastion_sg,
                 arena_printf(b->a, "%s to the database", m->db.engine->display), "tcp", port, NULL,
                 b->db_sg);
        }
    }
}

/* ---- endpoints -------------------------------------------------------------------------- */

/* "com.amazonaws.<region>.<service>" */
static value *service_name(builder *b, const char *service)
{
    value *parts[] = {v_str(b, "com.amazonaws."), v_new(b, VAL_REGION),
                      v_str(b, arena_printf(b->a, ".%s", service))};
    return v_sub(b, 3, parts);
}

static void interface_endpoint(builder *b, const char *service)
{
    const model_network *nw = &b->m->net;
    char *id = arena_printf(b->a, "%s_endpoint", service);
    for (char *p = id; *p; p++)
        if (*p == '.')
            *p = '_';
    resource *ep =
        tagged(b, RES_INTERFACE_ENDPOINT, id, named(b, arena_printf(b->a, "%s-endpoint", service)));
    set(b, ep, "vpc", v_ref(b, b->vpc, "id"));
    set(b, ep, "service", service_name(b, service));
    value *subnets = v_list(b, (size_t)nw->az_count);
    for (int i = 0; i < nw->az_count; i++)
        v_push(subnets, v_ref(b, b->subnets[TIER_PRIVATE][i], "id"));
    set(b, ep, "subnets", subnets);
    value *sgs = v_list(b, 1);
    v_push(sgs, v_ref(b, b->endpoint_sg, "id"));
    set(b, ep, "security_groups", sgs);
}

static void plan_endpoints(builder *b)
{
    const model_network *nw = &b->m->net;
    static const endpoint_id gateways[] = {EP_S3, EP_DYNAMODB};
    for (size_t g = 0; g < 2; g++) {
        endpoint_id e = gateways[g];
        if (!nw->endpoints[e])
            continue;
        value *tables = v_list(b, MAX_AZS + 1);
        for (int t = TIER_PRIVATE; t < TIER_COUNT; t++) {
            const resource *last = NULL;
            for (int i = 0; i < nw->az_count; i++)
                if (b->route_tables[t][i] && b->route_tables[t][i] != last)
                    v_push(tables, v_ref(b, last = b->route_tables[t][i], "id"));
        }
        if (!tables->count)
            continue;
        resource *ep =
            tagged(b, RES_GATEWAY_ENDPOINT, arena_printf(b->a, "%s_endpoint", endpoint_names[e]),
                   named(b, arena_printf(b->a, "%s-endpoint", endpoint_names[e])));
        set(b, ep, "vpc", v_ref(b, b->vpc, "id"));
        set(b, ep, "service", service_name(b, endpoint_names[e]));
        set(b, ep, "route_tables", tables);
    }
    /* ssm means the three services the agent talks to; ecr the API and the registry */
    static const struct {
        endpoint_id e;
        const char *services[3];
    } interfaces[] = {
        {EP_SSM, {"ssm", "ssmmessages", "ec2messages"}},
        {EP_SECRETSMANAGER, {"secretsmanager"}},
        {EP_ECR, {"ecr.api", "ecr.dkr"}},
        {EP_LOGS, {"logs"}},
    };
    for (size_t i = 0; i < sizeof interfaces / sizeof *interfaces; i++)
        if (nw->endpoints[interfaces[i].e])
            for (int k = 0; k < 3 && interfaces[i].services[k]; k++)
                interface_endpoint(b, interfaces[i].services[k]);
}

/* ---- bastion ---------------------------------------------------------------------------- */

/* The EC2 Instance Connect Endpoint in the bastion's private subnet. The client's address is
 * not preserved: the bastion sees the endpoint's interface, which its group admits by group
 * anyway (CreateInstanceConnectEndpoint, PreserveClientIp, written explicitly because AWS's
 * references disagree on its default). */
static void plan_instance_connect_endpoint(builder *b)
{
    const resource *subnet = b->subnets[TIER_PRIVATE][0];
    resource *ep =
        tagged(b, RES_INSTANCE_CONNECT_ENDPOINT, "instance_connect_endpoint", named(b, "eice"));
    set(b, ep, "subnet", v_ref(b, subnet, "id"));
    lives_in(ep, subnet);
    value *sgs = v_list(b, 1);
    v_push(sgs, v_ref(b, b->eice_sg, "id"));
    set(b, ep, "security_groups", sgs);
    set(b, ep, "preserve_client_ip", v_bool(b, false));
    b->eice = ep;
}

static void plan_bastion(builder *b)
{
    const model_bastion *bs = &b->m->bastion;
    if (!bs->present)
        return;
    resource *image = add(b, RES_BASTION_IMAGE, "bastion_image", NULL);
    set(b, image, "parameter", v_str(b, al2023_image(bs->arm64)));
    /* an eice bastion calls no AWS API: a role without policies (no SSM agent needed) */
    resource *role =
        tagged(b, bs->access == ACCESS_EICE ? RES_BASTION_ROLE_PLAIN : RES_BASTION_ROLE,
               "bastion_role", named(b, "bastion"));
    if (bs->access != ACCESS_EICE)
        set(b, role, "description", v_str(b, "The bastion's instance role: Systems Manager only"));
    resource *profile = add(b, RES_BASTION_PROFILE, "bastion_instance_profile", NULL);
    set(b, profile, "role", v_ref(b, role, "name"));

    resource *host = tagged(b, RES_BASTION, "bastion", named(b, "bastion"));
    set(b, host, "image", v_ref(b, image, "id"));
    set(b, host, "instance_type", v_str(b, bs->instance_type));
    set(b, host, "subnet", v_ref(b, b->subnets[bs->tier][0], "id"));
    lives_in(host, b->subnets[bs->tier][0]);
    value *sgs = v_list(b, 1);
    v_push(sgs, v_ref(b, b->bastion_sg, "id"));
    set(b, host, "security_groups", sgs);
    set(b, host, "profile_name", v_ref(b, profile, "name"));
    set(b, host, "profile_arn", v_ref(b, profile, "arn"));
    if (bs->key_name)
        set(b, host, "key_name", v_str(b, bs->key_name));
    set_kms(b, host, "kms_key");
    if (b->m->epoch >= EPOCH_2026_12) /* Terraform replaces the instance for it */
        set(b, host, "ebs_optimized", v_bool(b, true));
    b->bastion = host;
    if (bs->access == ACCESS_EICE)
        plan_instance_connect_endpoint(b);
    if (bs->access == ACCESS_SSH) {
        /* an explicit, stable public address: subnets never map public IPs on launch */
        resource *eip = tagged(b, RES_BASTION_EIP, "bastion_eip", named(b, "bastion"));
        set(b, eip, "instance", v_ref(b, host, "id"));
        depend(b, eip, b->igw);
        b->bastion_eip = eip;
    }
}

/* ---- database --------------------------------------------------------------------------- */

/* Values the primary and its replicas share. */
/* The database's security group, as the list an instance or a cluster takes. */
static value *v_db_security_groups(builder *b)
{
    value *sgs = v_list(b, 1);
    v_push(sgs, v_ref(b, b->db_sg, "id"));
    return sgs;
}

/* The logs the database exports, as a list. */
static value *v_log_exports(builder *b, const model_database *db)
{
    value *logs = v_list(b, db->log_export_count);
    for (size_t i = 0; i < db->log_export_count; i++)
        v_push(logs, v_str(b, db->log_exports[i]));
    return logs;
}

/* Dual stack: the primary instance or the cluster in RDS's dual-stack mode (its subnet group
 * then has IPv6 blocks in every subnet; a cluster's instances and an instance's read replicas
 * take the network type of the subnet group they inherit). NetworkType IPV4 | DUAL, "determined
 * by the DBSubnetGroup":
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBSubnetGroup.html */
static void set_network_type(builder *b, resource *r)
{
    if (b->m->net.ipv6)
        set(b, r, "network_type", v_str(b, "DUAL"));
}

/* Backups and windows: the primary instance's, or the cluster's. */
static void set_backups(builder *b, resource *r, const model_database *db)
{
    set(b, r, "backup_retention", v_int(b, db->backup_retention));
    if (db->backup_window)
        set(b, r, "backup_window", v_str(b, db->backup_window));
    if (db->maintenance_window)
        set(b, r, "maintenance_window", v_str(b, db->maintenance_window));
}

/* The enhanced monitoring role of the database's instances, or NULL when it is not monitored. */
static resource *db_monitoring_role(builder *b)
{
    return b->m->db.monitoring_interval > 0
               ? tagged(b, RES_DB_MONITORING_ROLE, "db_monitoring_role", named(b, "db-monitoring"))
               : NULL;
}

/* Enhanced monitoring and Performance Insights of r: an instance, an Aurora member, or a
 * Multi-AZ DB cluster (which has them for its three instances). */
static void set_monitoring(builder *b, resource *r, const model_database *db,
                           const resource *monitoring)
{
    set(b, r, "monitoring_interval", v_int(b, db->monitoring_interval));
    if (monitoring)
        set(b, r, "monitoring_role_arn", v_ref(b, monitoring, "arn"));
    set(b, r, "performance_insights", v_bool(b, db->performance_insights));
    if (db->performance_insights) {
        set(b, r, "performance_insights_retention", v_int(b, db->performance_insights_retention));
        set_kms(b, r, "pi_kms_key");
    }
}

static void db_common(builder *b, resource *r, const model_database *db, resource *monitoring,
                      const resource *options)
{
    set(b, r, "instance_class", v_str(b, db->instance_class));
    set(b, r, "port", v_int(b, db->port));
    set(b, r, "security_groups", v_db_security_groups(b));
    set_monitoring(b, r, db, monitoring);
    if (db->insights)
        set(b, r, "insights", v_str(b, db->insights));
    set(b, r, "iam_auth", v_bool(b, db->iam_auth));
    set(b, r, "log_exports", v_log_exports(b, db));
    set(b, r, "deletion_protection", v_bool(b, db->deletion_protection));
    /* the version is pinned in the spec: changing it is a deliberate edit (A.4) */
    set(b, r, "allow_major_version_upgrade", v_bool(b, true));
    if (db->max_storage_gb)
        set(b, r, "max_storage_gb", v_int(b, db->max_storage_gb));
    if (options)
        set(b, r, "option_group", v_ref(b, options, "name"));
}

/* The log groups RDS writes instance's (or an Aurora cluster's) exports to, created before it
 * so that RDS finds them (RDS names them /aws/rds/instance/IDENTIFIER/LOG, and
 * /aws/rds/cluster/IDENTIFIER/LOG for a cluster). */
static void db_log_groups(builder *b, resource *instance, const char *identifier,
                          const char *suffix)
{
    const char *scope = instance->kind == RES_DB_CLUSTER ? "cluster" : "instance";
    const model_database *db = &b->m->db;
    for (size_t i = 0; db->log_groups && i < db->log_export_count; i++) {
        const char *log = db->log_exports[i];
        resource *g =
            tagged(b, RES_DB_LOG_GROUP, arena_printf(b->a, "%s_log_%s", instance->id, log),
                   named(b, arena_printf(b->a, "%s-%s", suffix, log)));
        set(b, g, "log_group_name",
            v_str(b, arena_printf(b->a, "/aws/rds/%s/%s/%s", scope, identifier, log)));
        set(b, g, "retention_days", v_int(b, db->log_retention));
        set_kms(b, g, "kms_key");
        depend(b, instance, g);
    }
}

/* The database's subnet in AZ slot az, or NULL for -1. */
static const resource *db_subnet(builder *b, int az)
{
    return az >= 0 ? b->subnets[TIER_DATABASE][az] : NULL;
}

/* The rotation of the stack-owned secret by AWS's single-user rotation function of the
 * engine, in the private subnets, once the secret holds the database's address. */
static void plan_rotation(builder *b)
{
    const model_database *db = &b->m->db;
    const engine_info *e = db->engine;
    resource *r = tagged(b, RES_DB_SECRET_ROTATION, "db_secret_rotation", named(b, "db-rotation"));
    set(b, r, "secret", v_ref(b, b->db_secret, "id"));
    set(b, r, "rotation_days", v_int(b, db->rotation_days));
    set(b, r, "function_name", v_str(b, named(b, "db-rotation")));
    set(b, r, "rotation_type", v_str(b, e->rotation_type));
    /* Terraform deploys the function from the Serverless Application Repository, whose
     * applications and versions differ per partition */
    bool gov = b->m->region && strncmp(b->m->region, "us-gov-", 7) == 0;
    set(b, r, "application_id",
        v_str(b, gov ? arena_printf(b->a,
                                    "arn:aws-us-gov:serverlessrepo:us-gov-west-1:023102451235:"
                                    "applications/%s",
                                    e->rotation_app)
                     : arena_printf(b->a,
                                    "arn:aws:serverlessrepo:us-east-1:297356227824:"
                                    "applications/%s",
                                    e->rotation_app)));
    set(b, r, "application_version", v_str(b, gov ? e->rotation_version_gov : e->rotation_version));
    set(b, r, "subnets", v_subnet_ids(b, TIER_PRIVATE));
    /* the function is a client of the database like the application, and needs no more than
     * the application's group allows (the database, and Secrets Manager through the NAT or
     * the endpoint); a group of its own would be attached to nothing checkov can see in
     * Terraform (the application's parameters are strings: CKV2_AWS_5) */
    set(b, r, "security_group", v_ref(b, b->app_sg, "id"));
    set(b, r, "region", v_new(b, VAL_REGION));
    set_kms(b, r, "kms_key");
    depend(b, r, b->db_secret_attachment);
}

/* The DB cluster with what every cluster has: engine and version, network, parameter group,
 * storage type and encryption, RDS-managed credentials, backups, deletion protection, logs
 * (and its log groups, created first). */
static resource *db_cluster(builder *b, resource *group, resource *params)
{
    const model_database *db = &b->m->db;
    resource *cl = tagged(b, RES_DB_CLUSTER, "database", named(b, "db"));
    set_network_type(b, cl);
    db_log_groups(b, cl, named(b, "db"), "db");
    set(b, cl, "identifier", v_str(b, named(b, "db")));
    set(b, cl, "engine", v_str(b, db->engine->name));
    set(b, cl, "engine_version", v_str(b, db->version));
    set(b, cl, "allow_major_version_upgrade", v_bool(b, true));
    if (db->lifecycle)
        set(b, cl, "lifecycle", v_str(b, db->lifecycle));
    set(b, cl, "port", v_int(b, db->port));
    set(b, cl, "subnet_group", v_ref(b, group, "name"));
    set(b, cl, "security_groups", v_db_security_groups(b));
    set(b, cl, "parameter_group", v_ref(b, params, "name"));
    set(b, cl, "storage_type", v_str(b, db->storage_type));
    set_kms(b, cl, "kms_key");
    if (db->name)
        set(b, cl, "db_name", v_str(b, db->name));
    set(b, cl, "username", v_str(b, db->username));
    set(b, cl, "managed_password", v_bool(b, true));
    set_kms(b, cl, "secret_kms_key");
    set_kms_id(b, cl, "secret_kms_key_id");
    set_backups(b, cl, db);
    set(b, cl, "deletion_protection", v_bool(b, db->deletion_protection));
    set(b, cl, "log_exports", v_log_exports(b, db));
    return cl;
}

/* An Aurora DB cluster: the cluster (storage, credentials, backups, logs, capacity), the
 * instance parameter group of its members, and the writer and reader instances. */
static void plan_aurora(builder *b, resource *group, resource *params)
{
    const model_database *db = &b->m->db;
    resource *monitoring = db_monitoring_role(b);
    resource *iparams =
        tagged(b, RES_DB_PARAMETER_GROUP, "db_parameter_group", named(b, "database-instances"));
    set(b, iparams, "family", v_str(b, db->family));
    set(b, iparams, "description",
        v_str(b, arena_printf(b->a, "%s %s instance parameters of %s", db->engine->display,
                              db->family, b->m->name)));

    resource *cl = db_cluster(b, group, params);
    set(b, cl, "iam_auth", v_bool(b, db->iam_auth));
    if (db->backtrack_hours)
        set(b, cl, "backtrack_seconds", v_int(b, (int64_t)db->backtrack_hours * 3600));
    if (db->serverless) {
        /* ACUs are halves: written as numbers, 0.5 as a real */
        set(b, cl, "min_acu", v_acu(b, db->min_acu2));
        set(b, cl, "max_acu", v_acu(b, db->max_acu2));
        if (db->auto_pause_seconds)
            set(b, cl, "auto_pause_seconds", v_int(b, db->auto_pause_seconds));
    }
    if (db->insights && strcmp(db->insights, "advanced") == 0) {
        /* advanced Database Insights is the cluster's, with its Performance Insights kept
         * 465 days (CreateDBCluster, DatabaseInsightsMode) */
        set(b, cl, "insights", v_str(b, db->insights));
        set(b, cl, "performance_insights", v_bool(b, true));
        set(b, cl, "performance_insights_retention", v_int(b, db->performance_insights_retention));
        set_kms(b, cl, "pi_kms_key");
    }
    set(b, cl, "final_snapshot", v_str(b, named(b, "db-final")));
    b->db = cl;

    for (int i = 0; i <= db->replicas; i++) {
        const char *suffix = i ? arena_printf(b->a, "db-reader-%d", i) : "db-writer";
        const char *id = i ? arena_printf(b->a, "database_reader_%d", i) : "database_writer";
        resource *m = tagged(b, RES_DB_CLUSTER_INSTANCE, id, named(b, suffix));
        m->of = cl;
        set(b, m, "identifier", v_str(b, named(b, suffix)));
        set(b, m, "cluster", v_ref(b, cl, "identifier"));
        set(b, m, "engine", v_str(b, db->engine->name));
        set(b, m, "instance_class", v_str(b, db->instance_class));
        set(b, m, "parameter_group", v_ref(b, iparams, "name"));
        set(b, m, "subnet_group", v_ref(b, group, "name"));
        /* the writer is promoted first back; readers in order */
        set(b, m, "promotion_tier", v_int(b, i));
        int az = i ? db->replica_az[i - 1] : db->az;
        set(b, m, "az", v_az(b, az));
        lives_in(m, db_subnet(b, az));
        set_monitoring(b, m, db, monitoring);
    }
}

/* A Multi-AZ DB cluster: one resource, whose writer and two readable standbys RDS creates in
 * three AZs of the subnet group, each with the cluster's class and storage. */
static void plan_multi_az_cluster(builder *b, resource *group, resource *params)
{
    const model_database *db = &b->m->db;
    resource *monitoring = db_monitoring_role(b);
    resource *cl = db_cluster(b, group, params);
    set(b, cl, "cluster_instance_class", v_str(b, db->instance_class));
    /* RDS's default depends on the subnet group; CloudFormation takes it for a Multi-AZ DB
     * cluster (Terraform's aws_rds_cluster has no such argument) */
    set(b, cl, "publicly_accessible", v_bool(b, false));
    set(b, cl, "storage_gb", v_int(b, db->storage_gb));
    set(b, cl, "iops", v_int(b, db->iops));
    /* the deliberate exception, where checkov reads it (docs/security.md) */
    value *skip = v_new(b, VAL_MAP), *skips = v_list(b, 1);
    skip->keys = arena_array(b->a, 2, sizeof *skip->keys);
    skip->items = arena_array(b->a, 2, sizeof *skip->items);
    skip->keys[0] = "id";
    skip->items[0] = v_str(b, "CKV_AWS_162");
    skip->keys[1] = "comment";
    skip->items[1] = v_str(b, "A Multi-AZ DB cluster: CloudFormation refuses "
                              "EnableIAMDatabaseAuthentication on one (cfn-lint E3692)");
    skip->count = 2;
    v_push(skips, skip);
    set(b, cl, "checkov_skip", skips);
    set_monitoring(b, cl, db, monitoring);
    if (db->insights)
        set(b, cl, "insights", v_str(b, db->insights));
    set(b, cl, "final_snapshot", v_str(b, named(b, "db-final")));
    b->db = cl;
}

static void plan_database(builder *b)
{
    const model_database *db = &b->m->db;
    const model_network *nw = &b->m->net;
    if (!db->present)
        return;
    resource *group = tagged(b, RES_DB_SUBNET_GROUP, "db_subnet_group", named(b, "database"));
    set(b, group, "description",
        v_str(b, arena_printf(b->a, "Database subnets of %s", b->m->name)));
    value *subnets = v_list(b, (size_t)nw->az_count);
    for (int i = 0; i < nw->az_count; i++)
        v_push(subnets, v_ref(b, b->subnets[TIER_DATABASE][i], "id"));
    set(b, group, "subnets", subnets);

    bool aurora = db->topology == TOPOLOGY_AURORA;
    /* a cluster: the TLS parameter and the spec's are the cluster's */
    resource *params =
        db->topology != TOPOLOGY_INSTANCE
            ? tagged(b, RES_DB_CLUSTER_PARAMETER_GROUP, "db_cluster_parameter_group",
                     named(b, "database"))
            : tagged(b, RES_DB_PARAMETER_GROUP, "db_parameter_group", named(b, "database"));
    set(b, params, "family", v_str(b, db->family));
    set(b, params, "description",
        v_str(b, arena_printf(b->a, "%s %s parameters of %s (TLS required)", db->engine->display,
                              db->family, b->m->name)));
    value *map = v_new(b, VAL_MAP);
    map->keys = arena_array(b->a, db->parameter_count, sizeof *map->keys);
    map->items = arena_array(b->a, db->parameter_count, sizeof *map->items);
    for (size_t i = 0; i < db->parameter_count; i++) {
        map->keys[map->count] = db->parameters[i].key;
        map->items[map->count++] = v_str(b, db->parameters[i].value);
    }
    set(b, params, "parameters", map);
    if (aurora) {
        plan_aurora(b, group, params);
        return;
    }
    if (db->topology == TOPOLOGY_MULTI_AZ_CLUSTER) {
        plan_multi_az_cluster(b, group, params);
        return;
    }

    resource *options = NULL;
    if (db->audit_plugin) {
        options = tagged(b, RES_DB_OPTION_GROUP, "db_option_group", named(b, "database"));
        set(b, options, "engine", v_str(b, db->engine->name));
        set(b, options, "major_version", v_str(b, db->major));
        set(b, options, "description",
            v_str(b, arena_printf(b->a, "%s options of %s (the audit log)", db->engine->display,
                                  b->m->name)));
    }

    resource *monitoring = db_monitoring_role(b);
    if (!db->managed_password) {
        resource *secret = tagged(b, RES_DB_SECRET, "db_secret", named(b, "db-master"));
        set(b, secret, "secret_name",
            v_str(b, arena_printf(b->a, "%s/database/master", b->m->name)));
        set(b, secret, "description",
            v_str(b, arena_printf(b->a, "Master credentials of the %s database", b->m->name)));
        set(b, secret, "username", v_str(b, db->username));
        set_kms(b, secret, "kms_key");
        b->db_secret = secret;
    }

    resource *inst = tagged(b, RES_DB_INSTANCE, "database", named(b, "db"));
    set_network_type(b, inst);
    db_log_groups(b, inst, named(b, "db"), "db");
    set(b, inst, "identifier", v_str(b, named(b, "db")));
    set(b, inst, "engine", v_str(b, db->engine->name));
    set(b, inst, "engine_version", v_str(b, db->version));
    if (db->lifecycle)
        set(b, inst, "lifecycle", v_str(b, db->lifecycle));
    db_common(b, inst, db, monitoring, options);
    set_kms(b, inst, "kms_key");
    if (db->managed_password) {
        set_kms(b, inst, "secret_kms_key");
        set_kms_id(b, inst, "secret_kms_key_id");
    }
    set(b, inst, "storage_gb", v_int(b, db->storage_gb));
    set(b, inst, "storage_type", v_str(b, db->storage_type));
    if (db->iops)
        set(b, inst, "iops", v_int(b, db->iops));
    if (db->throughput)
        set(b, inst, "throughput", v_int(b, db->throughput));
    if (db->name)
        set(b, inst, "db_name", v_str(b, db->name));
    set(b, inst, "username", v_str(b, db->username));
    if (db->managed_password)
        set(b, inst, "managed_password", v_bool(b, true));
    else {
        set(b, inst, "password", v_ref(b, b->db_secret, "password"));
        /* Terraform: the write-only password is sent when this version changes */
        set(b, inst, "password_version", v_int(b, 1));
    }
    set(b, inst, "subnet_group", v_ref(b, group, "name"));
    set(b, inst, "parameter_group", v_ref(b, params, "name"));
    set(b, inst, "multi_az", v_bool(b, db->multi_az));
    if (db->az >= 0)
        set(b, inst, "az", v_az(b, db->az));
    lives_in(inst, db_subnet(b, db->az));
    set_backups(b, inst, db);
    set(b, inst, "final_snapshot", v_str(b, named(b, "db-final")));
    b->db = inst;

    if (b->db_secret) {
        resource *att = add(b, RES_DB_SECRET_ATTACHMENT, "db_secret_attachment", NULL);
        set(b, att, "secret", v_ref(b, b->db_secret, "id"));
        set(b, att, "secret_password", v_ref(b, b->db_secret, "password"));
        set(b, att, "database", v_ref(b, inst, "id"));
        set(b, att, "address", v_ref(b, inst, "address"));
        set(b, att, "engine", v_str(b, db->engine->name));
        set(b, att, "port", v_int(b, db->port));
        set(b, att, "username", v_str(b, db->username));
        b->db_secret_attachment = att;
    }
    if (db->rotation)
        plan_rotation(b);
    for (int i = 0; i < db->replicas; i++) {
        const char *suffix = arena_printf(b->a, "db-replica-%d", i + 1);
        resource *rep = tagged(b, RES_DB_REPLICA, arena_printf(b->a, "database_replica_%d", i + 1),
                               named(b, suffix));
        db_log_groups(b, rep, named(b, suffix), suffix);
        set(b, rep, "identifier", v_str(b, named(b, suffix)));
        set(b, rep, "source", v_ref(b, inst, "identifier"));
        if (db->replica_multi_az) { /* a standby of its own, in an AZ RDS picks */
            set(b, rep, "multi_az", v_bool(b, true));
        } else {
            set(b, rep, "az", v_az(b, db->replica_az[i]));
            lives_in(rep, db_subnet(b, db->replica_az[i]));
        }
        set(b, rep, "parameter_group", v_ref(b, params, "name"));
        db_common(b, rep, db, monitoring, options);
    }
}

/* ---- outputs ---------------------------------------------------------------------------- */

static void output(builder *b, const char *id, const char *description, value *v)
{
    resource *o = add(b, RES_OUTPUT, id, NULL);
    set(b, o, "description", v_str(b, description));
    set(b, o, "value", v);
}

/* The command that opens a tunnel from a laptop to the database through the bastion. */
static value *tunnel_command(builder *b)
{
    const model_database *db = &b->m->db;
    value *parts[8];
    size_t n = 0;
    const char *port = arena_printf(b->a, "%d", db->port);
    if (b->m->bastion.access == ACCESS_SSM) {
        parts[n++] = v_str(b, "aws ssm start-session --region ");
        parts[n++] = v_new(b, VAL_REGION);
        parts[n++] = v_str(b, " --target ");
        parts[n++] = v_ref(b, b->bastion, "id");
        parts[n++] = v_str(b, " --document-name AWS-StartPortForwardingSessionToRemoteHost "
                              "--parameters host=");
        parts[n++] = v_ref(b, b->db, "address");
        parts[n++] = v_str(b, arena_printf(b->a, ",portNumber=%s,localPortNumber=%s", port, port));
    } else if (b->m->bastion.access == ACCESS_EICE || !b->m->bastion.key_name) {
        /* no key pair: EC2 Instance Connect pushes a one-time key (Amazon Linux 2023 has its
         * agent), directly to an ssh bastion or through the Instance Connect Endpoint, in the
         * contract's form (spec-v1 E) that names no region (AWS CLI reference, "aws
         * ec2-instance-connect ssh",
         * https://docs.aws.amazon.com/cli/latest/reference/ec2-instance-connect/ssh.html) */
        bool eice = b->m->bastion.access == ACCESS_EICE;
        parts[n++] = v_str(b, eice ? "aws ec2-instance-connect ssh"
                                   : "aws ec2-instance-connect ssh "
                                     "--region ");
        if (!eice)
            parts[n++] = v_new(b, VAL_REGION);
        parts[n++] = v_str(b, " --instance-id ");
        parts[n++] = v_ref(b, b->bastion, "id");
        parts[n++] = v_str(b, arena_printf(b->a, " --connection-type %s --local-forwarding %s:",
                                           eice ? "eice" : "direct", port));
        parts[n++] = v_ref(b, b->db, "address");
        parts[n++] = v_str(b, arena_printf(b->a, ":%s", port));
    } else {
        parts[n++] = v_str(b, arena_printf(b->a, "ssh -N -L %s:", port));
        parts[n++] = v_ref(b, b->db, "address");
        parts[n++] = v_str(b, arena_printf(b->a, ":%s ec2-user@", port));
        parts[n++] = v_ref(b, b->bastion_eip, "public_ip");
    }
    return v_sub(b, n, parts);
}

/* The id of the NAT that is one for the whole VPC: the regional gateway (zonal gateways have
 * none: their ids change with the AZs). */
static void plan_nat_outputs(builder *b)
{
    if (regional_nat(&b->m->net))
        output(b, "nat_gateway_id", "The regional NAT gateway (its addresses are AWS's)",
               v_ref(b, b->nats[0], "id"));
    else if (b->nats[0] && b->nats[0]->kind == RES_NAT_INSTANCE)
        output(b, "nat_instance_id", "The NAT instance (managed by Systems Manager)",
               v_ref(b, b->nats[0], "id"));
}

/* The IPv6 blocks of tier t's subnets, one per AZ, comma-joined. */
static void plan_ipv6_output(builder *b, tier_id t)
{
    value *join = v_new(b, VAL_JOIN);
    join->str = ",";
    join->items = arena_array(b->a, (size_t)b->m->net.az_count, sizeof *join->items);
    for (int i = 0; i < b->m->net.az_count; i++)
        join->items[join->count++] = v_ref(b, b->subnets[t][i], "ipv6_cidr");
    output(b, arena_printf(b->a, "%s_subnet_ipv6_cidrs", tier_names[t]),
           arena_printf(b->a, "The IPv6 blocks of the %s subnets, one per AZ, comma-separated",
                        tier_names[t]),
           join);
}

static void plan_outputs(builder *b)
{
    const model *m = b->m;
    output(b, "vpc_id", "The VPC", v_ref(b, b->vpc, "id"));
    if (m->net.ipv6)
        output(b, "vpc_ipv6_cidr", "The VPC's IPv6 block (Amazon-provided)",
               v_ref(b, b->vpc, "ipv6_block"));
    for (int t = 0; t < TIER_COUNT; t++) {
        if (!m->net.tiers[t].present)
            continue;
        if (m->net.ipv6)
            plan_ipv6_output(b, (tier_id)t);
        output(b, arena_printf(b->a, "%s_subnet_ids", tier_names[t]),
               arena_printf(b->a, "The %s subnets, one per AZ, comma-separated", tier_names[t]),
               v_subnet_ids(b, t));
        /* one export per subnet too: a consumer that imports these keeps working when AZs
         * are added (CloudFormation refuses to change an imported export, and the joined
         * list changes with every AZ) */
        for (int i = 0; i < m->net.az_count; i++)
            output(b, arena_printf(b->a, "%s_subnet_%d_id", tier_names[t], i + 1),
                   arena_printf(b->a, "The %s subnet of AZ %d", tier_names[t], i + 1),
                   v_ref(b, b->subnets[t][i], "id"));
    }
    output(b, "app_security_group_id",
           "Security group for the application's compute: admitted to the database",
           v_ref(b, b->app_sg, "id"));
    if (m->db.present) {
        bool cluster = m->db.topology != TOPOLOGY_INSTANCE;
        output(b, "database_endpoint",
               cluster ? "Address of the database (the cluster's writer)"
                       : "Address of the database",
               v_ref(b, b->db, "address"));
        if (cluster)
            output(b, "database_reader_endpoint",
                   "Address of the cluster's readers (the writer when it has none)",
                   v_ref(b, b->db, "reader_address"));
        output(b, "database_port", "Port of the database", v_ref(b, b->db, "port"));
        output(b, "database_secret_arn",
               "Secrets Manager secret with the master user name and password",
               b->db_secret ? v_ref(b, b->db_secret, "id") : v_ref(b, b->db, "master_secret_arn"));
    }
    if (m->bastion.present) {
        output(b, "bastion_instance_id", "The bastion instance", v_ref(b, b->bastion, "id"));
        if (m->bastion.access == ACCESS_SSH)
            output(b, "bastion_public_ip", "Public address of the bastion",
                   v_ref(b, b->bastion_eip, "public_ip"));
        if (b->eice)
            output(b, "instance_connect_endpoint_id",
                   "The EC2 Instance Connect Endpoint that reaches the bastion",
                   v_ref(b, b->eice, "id"));
    }
    plan_nat_outputs(b);
    if (m->db.present && m->bastion.present)
        output(b, "tunnel_command",
               "Opens a tunnel from this machine to the database through the bastion, for "
               "migrations (then connect to localhost)",
               tunnel_command(b));
}

/* ---- entry ------------------------------------------------------------------------------ */

plan *plan_build(arena *a, const model *m)
{
    builder b = {.a = a, .p = arena_alloc(a, sizeof(plan)), .m = m};
    b.p->m = m;
    resource *stack = add(&b, RES_STACK, "stack", m->name);
    set(&b, stack, "description", v_str(&b, m->description));
    if (m->region)
        set(&b, stack, "region", v_str(&b, m->region));
    set(&b, stack, "tags", v_tags(&b, NULL));
    /* hashicorp/aws: aws_nat_gateway takes availability_mode from 6.24.0 (its CHANGELOG,
     * https://github.com/hashicorp/terraform-provider-aws/blob/main/CHANGELOG.md#6240-december-2-2025)
     */
    set(&b, stack, "aws_provider", v_str(&b, m->net.nat == NAT_REGIONAL ? ">= 6.24" : ">= 6.0"));
    if (!m->net.az_names[0])
        b.az_list = add(&b, RES_AZ_LIST, "available", NULL);
    plan_kms_key(&b);
    plan_network(&b);
    plan_flow_logs(&b);
    plan_security_groups(&b);
    plan_endpoints(&b);
    plan_bastion(&b);
    plan_database(&b);
    plan_outputs(&b);
    return b.p;
}
