/* test_plan.c - the plan and its templates: every kind has a template in every target, each
 * template is well-formed, and the plan's shape follows the model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "compile.h"
#include "emit.h"
#include "template.h"

static void test_every_kind_has_templates(void **state)
{
    (void)state;
    static const char *const targets[] = {"cloudformation", "terraform"};
    for (size_t t = 0; t < 2; t++) {
        for (int k = 0; k < RES_KIND_COUNT; k++) {
            const char *kind = plan_kind_name((resource_kind)k);
            const template *tpl = NULL;
            for (const builtin_template *b = builtin_templates; b->target; b++)
                if (strcmp(b->target, targets[t]) == 0 && strcmp(b->kind, kind) == 0)
                    tpl = &b->tpl;
            if (!tpl)
                fail_msg("templates/%s/%s.json is not built in", targets[t], kind);
            assert_int_equal(tpl->document->kind, FJ_OBJECT);
        }
    }
    /* and no template without a kind */
    int templates = 0;
    for (const builtin_template *b = builtin_templates; b->target; b++)
        templates++;
    assert_int_equal(templates, 2 * RES_KIND_COUNT);
}

static plan *build(arena *a, schema *s, const char *yaml)
{
    diag_sink *d = diag_new(a);
    spec_text in = {"t.yaml", yaml, strlen(yaml), strlen(yaml)};
    bool valid;
    node *root = compile_load(a, d, s, &in, &valid);
    assert_true(valid);
    model *m = compile_model(a, d, s, root, NULL, NULL);
    assert_non_null(m);
    return plan_build(a, m);
}

static void test_plan_shape(void **state)
{
    (void)state;
    schema *s = schema_new();
    arena *a = arena_new();
    plan *p = build(a, s,
                    "vpcgen: 1\nname: demo\nnetwork: { azs: 3, nat: per-az, endpoints: [s3, "
                    "dynamodb, ssm, ecr] }\n"
                    "bastion: {}\ndatabase: { replicas: 2 }\n");
    assert_int_equal(plan_count(p, RES_SUBNET), 9);
    assert_int_equal(plan_count(p, RES_NAT_GATEWAY), 3);
    assert_int_equal(plan_count(p, RES_NAT_EIP), 3);
    assert_int_equal(plan_count(p, RES_ROUTE_TABLE), 1 + 3 + 1);
    assert_int_equal(plan_count(p, RES_ROUTE_NAT), 3);
    assert_int_equal(plan_count(p, RES_ROUTE_TABLE_ASSOC), 9);
    assert_int_equal(plan_count(p, RES_GATEWAY_ENDPOINT), 2);
    assert_int_equal(plan_count(p, RES_INTERFACE_ENDPOINT), 3 + 2); /* ssm x3, ecr.api/dkr */
    assert_int_equal(plan_count(p, RES_DB_INSTANCE), 1);
    assert_int_equal(plan_count(p, RES_DB_REPLICA), 2);
    assert_int_equal(plan_count(p, RES_DB_SECRET), 1);
    assert_int_equal(plan_count(p, RES_DB_SECRET_ATTACHMENT), 1);
    assert_int_equal(plan_count(p, RES_BASTION_EIP), 0);
    assert_int_equal(plan_count(p, RES_SG_INGRESS_CIDR), 1); /* endpoints' HTTPS from the VPC */
    assert_int_equal(plan_count(p, RES_AZ_LIST), 1);
    /* the stack comes first, the outputs last */
    assert_int_equal(p->items[0]->kind, RES_STACK);
    assert_int_equal(p->items[p->count - 1]->kind, RES_OUTPUT);
    arena_free(a);

    a = arena_new();
    p = build(
        a, s,
        "vpcgen: 1\nname: demo\nregion: eu-west-1\nnetwork: { azs: [eu-west-1a, eu-west-1c], nat: "
        "none }\n"
        "bastion: { access: ssh, allowed_cidrs: [192.0.2.0/24, 198.51.100.0/24] }\ndatabase: {}\n");
    assert_int_equal(plan_count(p, RES_NAT_GATEWAY), 0);
    assert_int_equal(plan_count(p, RES_ROUTE_NAT), 0);
    assert_int_equal(plan_count(p, RES_AZ_LIST), 0);
    assert_int_equal(plan_count(p, RES_BASTION_EIP), 1);
    assert_int_equal(plan_count(p, RES_SG_INGRESS_CIDR), 2);
    assert_int_equal(plan_count(p, RES_DB_SECRET), 0);
    assert_int_equal(plan_count(p, RES_DB_MONITORING_ROLE), 1);
    const value *az = plan_prop(p->items[5], "az");
    for (size_t i = 0; i < p->count && !az; i++)
        az = p->items[i]->kind == RES_SUBNET ? plan_prop(p->items[i], "az") : NULL;
    assert_non_null(az);
    assert_int_equal(az->kind, VAL_STR);
    arena_free(a);
    schema_free(s);
}

/* Dual stack over growing layouts: each subnet's /64 (its number in the VPC's /56, as the
 * plan writes it for both targets) is the same in every layout that has the subnet, and no two
 * subnets of a layout share one; adding an AZ moves none (issue 15). */
static void test_ipv6_numbers_stable_over_growing_layouts(void **state)
{
    (void)state;
    schema *s = schema_new();
    int seen[TIER_COUNT][MAX_AZS];
    memset(seen, -1, sizeof seen);
    for (int azs = 2; azs <= MAX_AZS; azs++) { /* a network spans 2 to 6 AZs */
        arena *a = arena_new();
        char yaml[256];
        snprintf(yaml, sizeof yaml,
                 "vpcgen: 1\nname: demo\nnetwork: { azs: %d, reserve_azs: 6, ipv6: true, nat: "
                 "per-az }\n",
                 azs);
        plan *p = build(a, s, yaml);
        bool used[256] = {false};
        int subnets = 0;
        for (size_t i = 0; i < p->count; i++) {
            const resource *r = p->items[i];
            const value *v = r->kind == RES_SUBNET ? plan_prop(r, "ipv6_cidr") : NULL;
            if (!v)
                continue;
            int t = -1, slot = -1; /* from its id: "private_subnet_2" */
            for (int k = 0; k < TIER_COUNT && t < 0; k++)
                for (int j = 0; j < azs; j++)
                    if (strstr(r->id, tier_names[k]) == r->id &&
                        atoi(r->id + strlen(r->id) - 1) == j + 1) {
                        t = k;
                        slot = j;
                    }
            assert_true(t >= 0 && slot >= 0);
            assert_true(v->index >= 0 && v->index < 256);
            assert_false(used[v->index]);
            used[v->index] = true;
            if (seen[t][slot] < 0)
                seen[t][slot] = v->index;
            assert_int_equal(seen[t][slot], v->index);
            subnets++;
        }
        assert_int_equal(subnets, 3 * azs);
        arena_free(a);
    }
    schema_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_kind_has_templates),
        cmocka_unit_test(test_plan_shape),
        cmocka_unit_test(test_ipv6_numbers_stable_over_growing_layouts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
