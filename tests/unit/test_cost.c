/* test_cost.c - the fixed monthly cost: the arithmetic of each NAT kind and bastion against
 * figures worked by hand from tools/cost/prices.json, the refusals (no region, no price, bad
 * input), the table's invariants, and every total docs/cost.md shows (test_cost_docs.inc,
 * generated with the docs by tools/cost/gen.py) priced again here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cost.h"

#define CENT 0.005

static cost_network net(cost_nat_kind nat, int azs, cost_bastion_kind b, int ipv4)
{
    cost_network n = {nat, azs, "t4g.nano", b, "t4g.nano", ipv4};
    return n;
}

static cost_estimate priced(cost_network n, const char *region)
{
    cost_estimate e;
    bool ok = cost_estimate_network(&n, region, &e);
    assert_true(ok);
    assert_true(e.known);
    assert_null(e.missing);
    assert_string_equal(e.date, cost_data_date);
    assert_string_equal(e.region_used, region);
    return e;
}

static void refused(cost_network n, const char *region, const char *missing)
{
    cost_estimate e;
    assert_false(cost_estimate_network(&n, region, &e));
    assert_false(e.known);
    assert_string_equal(e.missing, missing);
    assert_int_equal(e.line_count, 0);
    assert_true(e.usd_month == 0);
}

/* us-east-1: NAT gateway $0.045/h and /GB, public IPv4 $0.005/h, t4g.nano $0.0042/h */
static void test_zonal_nat(void **state)
{
    (void)state;
    /* 0.045 * 730 = 32.85 per gateway, 0.005 * 730 = 3.65 per address */
    cost_estimate e = priced(net(COST_NAT_SINGLE, 1, COST_BASTION_NONE, 1), "us-east-1");
    assert_float_equal(e.usd_month, 36.50, CENT);
    assert_int_equal(e.line_count, 2);
    assert_string_equal(e.lines[0].what, "NAT gateway");
    assert_int_equal(e.lines[0].count, 1);
    assert_float_equal(e.lines[0].usd_month, 32.85, CENT);
    assert_string_equal(e.lines[1].what, "public IPv4 address");
    assert_float_equal(e.lines[1].usd_month, 3.65, CENT);
    assert_true(e.per_gb_known);
    assert_float_equal(e.usd_per_gb, 0.045, 1e-9);
    assert_false(e.first_party); /* the Price List copies */
    assert_null(e.caveat);
    /* a single gateway costs the same in 3 AZs */
    e = priced(net(COST_NAT_SINGLE, 3, COST_BASTION_NONE, 1), "us-east-1");
    assert_float_equal(e.usd_month, 36.50, CENT);
    /* per AZ: 3 * 32.85 + 3 * 3.65 = 109.50; in 1 AZ it is the single gateway */
    e = priced(net(COST_NAT_PER_AZ, 3, COST_BASTION_NONE, 3), "us-east-1");
    assert_float_equal(e.usd_month, 109.50, CENT);
    assert_int_equal(e.lines[0].count, 3);
    e = priced(net(COST_NAT_PER_AZ, 1, COST_BASTION_NONE, 1), "us-east-1");
    assert_float_equal(e.usd_month, 36.50, CENT);
}

static void test_regional_nat(void **state)
{
    (void)state;
    /* us-east-1 $0.045/h per active AZ: 32.85 and 98.55; no stack address */
    cost_estimate e = priced(net(COST_NAT_REGIONAL, 1, COST_BASTION_NONE, 0), "us-east-1");
    assert_float_equal(e.usd_month, 32.85, CENT);
    e = priced(net(COST_NAT_REGIONAL, 3, COST_BASTION_NONE, 0), "us-east-1");
    assert_float_equal(e.usd_month, 98.55, CENT);
    assert_int_equal(e.line_count, 1);
    assert_string_equal(e.lines[0].what, "regional NAT gateway");
    assert_int_equal(e.lines[0].count, 3);
    assert_non_null(e.caveat);
    assert_false(e.first_party);
    assert_false(e.per_gb_known); /* no us-east-1 source for its per-GB rate */
    /* eu-west-1 $0.048/h: 35.04 and 105.12, $0.048/GB */
    e = priced(net(COST_NAT_REGIONAL, 1, COST_BASTION_NONE, 0), "eu-west-1");
    assert_float_equal(e.usd_month, 35.04, CENT);
    e = priced(net(COST_NAT_REGIONAL, 3, COST_BASTION_NONE, 0), "eu-west-1");
    assert_float_equal(e.usd_month, 105.12, CENT);
    assert_true(e.per_gb_known);
    assert_float_equal(e.usd_per_gb, 0.048, 1e-9);
}

static void test_nat_instance_and_none(void **state)
{
    (void)state;
    /* 0.0042 * 730 = 3.066, + its Elastic IP 3.65 = 6.716, in 1 AZ or 3 */
    for (int azs = 1; azs <= 3; azs += 2) {
        cost_estimate e = priced(net(COST_NAT_INSTANCE, azs, COST_BASTION_NONE, 1), "us-east-1");
        assert_float_equal(e.usd_month, 6.716, 1e-9);
        assert_string_equal(e.lines[0].what, "NAT instance");
        assert_string_equal(e.lines[0].type, "t4g.nano");
        assert_false(e.per_gb_known); /* no processing fee */
        e = priced(net(COST_NAT_NONE, azs, COST_BASTION_NONE, 0), "us-east-1");
        assert_true(e.usd_month == 0);
        assert_int_equal(e.line_count, 0);
        assert_true(e.first_party); /* nothing priced, nothing copied */
    }
    /* no NAT needs no price at all: known even where the table has none */
    priced(net(COST_NAT_NONE, 3, COST_BASTION_NONE, 0), "ap-southeast-2");
}

static void test_bastions(void **state)
{
    (void)state;
    cost_estimate e = priced(net(COST_NAT_NONE, 1, COST_BASTION_SSM, 0), "us-east-1");
    assert_float_equal(e.usd_month, 3.066, 1e-9);
    e = priced(net(COST_NAT_NONE, 1, COST_BASTION_SSH, 1), "us-east-1");
    assert_float_equal(e.usd_month, 6.716, 1e-9);
    e = priced(net(COST_NAT_NONE, 1, COST_BASTION_EICE, 0), "us-east-1");
    assert_float_equal(e.usd_month, 3.066, 1e-9);
    assert_int_equal(e.line_count, 2);
    assert_string_equal(e.lines[1].what, "EC2 Instance Connect Endpoint");
    assert_true(e.lines[1].usd_month == 0);
    assert_int_equal(cost_sources[e.lines[1].source].kind, COST_SRC_AWS);
    /* everything at once: per-AZ NAT in 3 AZs + ssh bastion = 109.50 + 3.066 + 3.65 */
    e = priced(net(COST_NAT_PER_AZ, 3, COST_BASTION_SSH, 4), "us-east-1");
    assert_float_equal(e.usd_month, 116.216, 1e-9);
    assert_int_equal(e.line_count, 3);
}

static void test_refusals(void **state)
{
    (void)state;
    refused(net(COST_NAT_SINGLE, 1, COST_BASTION_NONE, 1), "xx-nowhere-1", "region");
    refused(net(COST_NAT_SINGLE, 1, COST_BASTION_NONE, 1), "", "region");
    refused(net(COST_NAT_SINGLE, 1, COST_BASTION_NONE, 1), "US-EAST-1", "region");
    refused(net(COST_NAT_SINGLE, 1, COST_BASTION_NONE, 1), "eu-central-1", "NAT gateway");
    /* eu-west-1: the NAT gateway's $0.048/h and AWS's $0.005/h of a public IPv4 address, the
     * same in every region (AWS's statement, quoted): 35.04 + 3.65 */
    cost_estimate e1 = priced(net(COST_NAT_SINGLE, 1, COST_BASTION_NONE, 1), "eu-west-1");
    assert_float_equal(e1.usd_month, 38.69, CENT);
    assert_int_equal(cost_sources[e1.lines[1].source].kind, COST_SRC_AWS_QUOTED);
    assert_false(e1.first_party);
    refused(net(COST_NAT_PER_AZ, 2, COST_BASTION_SSH, 3), "eu-central-1", "NAT gateway");
    refused(net(COST_NAT_REGIONAL, 2, COST_BASTION_NONE, 0), "ap-southeast-2",
            "regional NAT gateway");
    refused(net(COST_NAT_INSTANCE, 1, COST_BASTION_NONE, 1), "eu-west-1", "NAT instance");
    refused(net(COST_NAT_NONE, 1, COST_BASTION_SSM, 0), "eu-west-1", "bastion instance");
    cost_network n = net(COST_NAT_NONE, 1, COST_BASTION_SSM, 0);
    n.bastion_type = "t3.micro"; /* not in the table */
    refused(n, "us-east-1", "bastion instance");
    n.bastion_type = "t4g.micro"; /* in the table, no source */
    refused(n, "us-east-1", "bastion instance");
    n.bastion_type = NULL;
    refused(n, "us-east-1", "bastion instance type");
    n = net(COST_NAT_INSTANCE, 1, COST_BASTION_NONE, 1);
    n.nat_instance_type = NULL;
    refused(n, "us-east-1", "NAT instance type");
    refused(net(COST_NAT_SINGLE, 0, COST_BASTION_NONE, 1), "us-east-1", "input");
    refused(net(COST_NAT_SINGLE, 1, COST_BASTION_NONE, -1), "us-east-1", "input");
    refused(net(COST_NAT_SINGLE, 1, COST_BASTION_NONE, 1), NULL, "input");
    cost_estimate e;
    assert_false(cost_estimate_network(NULL, "us-east-1", &e));
    assert_string_equal(e.missing, "input");
    cost_network ok = net(COST_NAT_NONE, 1, COST_BASTION_NONE, 0);
    assert_false(cost_estimate_network(&ok, "us-east-1", NULL));
    assert_null(cost_region_find(NULL));
    assert_null(cost_instance_hour(NULL, "t4g.nano"));
    assert_null(cost_instance_hour(cost_region_find("us-east-1"), NULL));
}

/* Sorted regions (the binary search), a source behind every known rate, none behind an
 * unknown one, and dates in the table's shape. */
static void test_table(void **state)
{
    (void)state;
    assert_true(cost_region_count >= 4);
    assert_int_equal(cost_hours_per_month, 730);
    assert_int_equal(strlen(cost_data_date), 10);
    for (size_t i = 0; i < cost_region_count; i++) {
        const cost_region *r = &cost_regions[i];
        if (i > 0)
            assert_true(strcmp(cost_regions[i - 1].region, r->region) < 0);
        assert_ptr_equal(cost_region_find(r->region), r);
        const cost_rate *rates[] = {&r->nat_hour,        &r->nat_gb,    &r->regional_nat_hour,
                                    &r->regional_nat_gb, &r->ipv4_hour, &r->eice_hour};
        for (size_t k = 0; k < sizeof rates / sizeof rates[0]; k++) {
            if (rates[k]->known) {
                assert_true(rates[k]->source >= 0 && (size_t)rates[k]->source < cost_source_count);
                assert_true(rates[k]->usd >= 0);
            } else {
                assert_int_equal(rates[k]->source, -1);
            }
        }
        for (size_t k = 0; k < r->instance_count; k++) {
            const cost_rate *h = &r->instances[k].hour;
            assert_ptr_equal(cost_instance_hour(r, r->instances[k].type), h);
            assert_int_equal(h->known, h->source >= 0);
        }
    }
    for (size_t i = 0; i < cost_source_count; i++) {
        assert_int_equal(strlen(cost_sources[i].published), 10);
        assert_true(strncmp(cost_sources[i].url, "https://", 8) == 0);
    }
}

typedef struct doc_cell {
    const char *region;
    cost_network net;
    bool known;
    double usd_month;
    const char *missing;
} doc_cell;

static const doc_cell doc_cells[] = {
#include "test_cost_docs.inc"
};

/* Every total of docs/cost.md is what cost_estimate_network computes. */
static void test_docs_agree(void **state)
{
    (void)state;
    assert_true(sizeof doc_cells / sizeof doc_cells[0] >= 40);
    for (size_t i = 0; i < sizeof doc_cells / sizeof doc_cells[0]; i++) {
        const doc_cell *c = &doc_cells[i];
        cost_estimate e;
        bool known = cost_estimate_network(&c->net, c->region, &e);
        assert_int_equal(known, c->known);
        if (known)
            assert_float_equal(e.usd_month, c->usd_month, 1e-6);
        else
            assert_string_equal(e.missing, c->missing);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zonal_nat),
        cmocka_unit_test(test_regional_nat),
        cmocka_unit_test(test_nat_instance_and_none),
        cmocka_unit_test(test_bastions),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_docs_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
