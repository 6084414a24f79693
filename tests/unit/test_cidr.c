/* test_cidr.c - the CIDR arithmetic, exhaustively at its boundaries, and the engine table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cidr.h"
#include "engine.h"
#include "schema.h"

static cidr C(const char *s)
{
    cidr c;
    assert_true(cidr_parse(s, &c));
    return c;
}

static void test_parse_valid(void **state)
{
    (void)state;
    cidr c;
    assert_true(cidr_parse("10.20.0.0/16", &c));
    assert_int_equal(c.addr, 0x0A140000u);
    assert_int_equal(c.prefix, 16);
    assert_true(cidr_parse("0.0.0.0/0", &c));
    assert_int_equal(c.prefix, 0);
    assert_true(cidr_parse("255.255.255.255/32", &c));
    assert_int_equal(c.addr, 0xFFFFFFFFu);
    /* every prefix round-trips through the formatter */
    for (int p = 0; p <= 32; p++) {
        char in[32], out[20];
        snprintf(in, sizeof in, "192.168.1.0/%d", p);
        assert_true(cidr_parse(in, &c));
        assert_string_equal(cidr_format(c, out), in);
    }
}

static void test_parse_invalid(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "10.0.0.0",
        "10.0.0/16",
        "10.0.0.0.0/16",
        "10.0.0.256/16",
        "10.20.300.0/24",
        "010.0.0.0/8",
        "10.00.0.0/16",
        "10.0.0.0/33",
        "10.0.0.0/016",
        "10.0.0.0/",
        "/16",
        " 10.0.0.0/16",
        "10.0.0.0/16 ",
        "10.0.0.0/1a",
        "10.0.0.-1/16",
        "10.0.0.0//16",
        "a.b.c.d/8",
        "1000.0.0.0/8",
        "10.0.0.0/100",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cidr c;
        if (cidr_parse(bad[i], &c))
            fail_msg("accepted '%s'", bad[i]);
    }
}

static void test_host_bits(void **state)
{
    (void)state;
    /* for every prefix, the network address has none and the next address has some */
    for (int p = 0; p <= 32; p++) {
        cidr c = {0x0A000000u & (p ? 0xFFFFFFFFu << (32 - p) : 0), p};
        assert_true(cidr_host_bits_zero(c));
        if (p < 32) {
            cidr h = {c.addr | 1u, p};
            assert_false(cidr_host_bits_zero(h));
            assert_int_equal(cidr_network(h).addr, c.addr);
        }
    }
    assert_false(cidr_host_bits_zero(C("10.20.0.1/16")));
    assert_true(cidr_host_bits_zero(C("10.20.0.0/16")));
}

static void test_sizes(void **state)
{
    (void)state;
    for (int p = 0; p <= 32; p++) {
        cidr c = {0, p};
        assert_int_equal(cidr_size(c), (uint64_t)1 << (32 - p));
        assert_int_equal((uint64_t)cidr_last(c) - cidr_first(c) + 1, cidr_size(c));
    }
    assert_int_equal(cidr_usable(C("10.0.0.0/24")), 251);
    assert_int_equal(cidr_usable(C("10.0.0.0/20")), 4091);
    assert_int_equal(cidr_usable(C("10.0.0.0/28")), 11);
    assert_int_equal(cidr_last(C("255.255.255.0/24")), 0xFFFFFFFFu);
}

static void test_contains_overlaps(void **state)
{
    (void)state;
    cidr vpc = C("10.0.0.0/16");
    /* equal */
    assert_true(cidr_contains(vpc, vpc));
    assert_true(cidr_overlaps(vpc, vpc));
    /* nested, both ways */
    assert_true(cidr_contains(vpc, C("10.0.5.0/24")));
    assert_false(cidr_contains(C("10.0.5.0/24"), vpc));
    assert_true(cidr_overlaps(vpc, C("10.0.5.0/24")));
    assert_true(cidr_overlaps(C("10.0.5.0/24"), vpc));
    /* the first and the last block of the VPC */
    assert_true(cidr_contains(vpc, C("10.0.0.0/28")));
    assert_true(cidr_contains(vpc, C("10.0.255.240/28")));
    assert_true(cidr_contains(vpc, C("10.0.255.255/32")));
    /* adjacent: just outside on both sides */
    assert_false(cidr_contains(vpc, C("10.1.0.0/28")));
    assert_false(cidr_contains(vpc, C("9.255.255.240/28")));
    assert_false(cidr_overlaps(vpc, C("10.1.0.0/16")));
    assert_false(cidr_overlaps(C("10.0.0.0/24"), C("10.0.1.0/24")));
    assert_false(cidr_overlaps(C("10.0.1.0/24"), C("10.0.0.0/24")));
    /* partial: a larger block that starts inside */
    assert_false(cidr_contains(vpc, C("10.0.0.0/15")));
    assert_true(cidr_overlaps(vpc, C("10.0.0.0/15")));
    /* the ends of the address space */
    assert_true(cidr_contains(C("0.0.0.0/0"), C("255.255.255.255/32")));
    assert_true(cidr_overlaps(C("255.255.255.0/24"), C("255.255.255.255/32")));
}

/* The reference: every aligned start, in order, checked address by address. */
static int64_t brute_find(cidr vpc, uint64_t size, uint64_t align, const cidr *taken, size_t n)
{
    for (uint64_t at = cidr_first(vpc); at + size <= (uint64_t)cidr_last(vpc) + 1; at++) {
        if (at % align)
            continue;
        bool free = true;
        for (size_t i = 0; i < n && free; i++)
            free = !(cidr_first(taken[i]) < at + size && at <= cidr_last(taken[i]));
        if (free)
            return (int64_t)at;
    }
    return -1;
}

static void test_find_free_against_reference(void **state)
{
    (void)state;
    /* a /24 VPC, every subnet size /24../28, every count 1..6 of slots, with 0..3 blocks
     * already taken at assorted places: the allocator agrees with the brute force */
    cidr vpc = C("10.9.8.0/24");
    static const char *const taken_sets[][3] = {
        {NULL},
        {"10.9.8.0/28", NULL},
        {"10.9.8.16/28", "10.9.8.64/26", NULL},
        {"10.9.8.0/26", "10.9.8.128/27", "10.9.8.240/28"},
        {"10.9.8.48/28", "10.9.8.200/29", NULL},
    };
    int cases = 0;
    for (size_t s = 0; s < sizeof taken_sets / sizeof *taken_sets; s++) {
        cidr taken[3];
        size_t n = 0;
        for (size_t k = 0; k < 3 && taken_sets[s][k]; k++)
            taken[n++] = C(taken_sets[s][k]);
        for (int mask = 24; mask <= 28; mask++) {
            uint64_t sub = (uint64_t)1 << (32 - mask);
            for (int slots = 1; slots <= 6; slots++) {
                uint32_t got;
                bool ok = cidr_find_free(vpc, sub * (uint64_t)slots, sub, taken, n, &got);
                int64_t want = brute_find(vpc, sub * (uint64_t)slots, sub, taken, n);
                if (want < 0)
                    assert_false(ok);
                else {
                    assert_true(ok);
                    assert_int_equal(got, (uint32_t)want);
                    assert_int_equal(got % sub, 0);
                }
                cases++;
            }
        }
    }
    assert_int_equal(cases, 5 * 5 * 6);
}

static void test_find_free_vpc_sizes(void **state)
{
    (void)state;
    /* every VPC size /16../24 and every subnet /16../28: a block that fits starts at the
     * VPC and ends inside it; the last block of the VPC is reachable; one more does not fit */
    for (int vp = 16; vp <= 24; vp++) {
        cidr vpc = {0x0A000000u, vp};
        for (int mask = vp; mask <= 28; mask++) {
            uint64_t sub = (uint64_t)1 << (32 - mask);
            uint64_t slots = cidr_size(vpc) / sub;
            uint32_t at;
            assert_true(cidr_find_free(vpc, sub * slots, sub, NULL, 0, &at));
            assert_int_equal(at, vpc.addr);
            assert_false(cidr_find_free(vpc, sub * (slots + 1), sub, NULL, 0, &at));
            /* everything but the last block taken: the last block is found */
            if (slots > 1) {
                cidr first_part = {vpc.addr, mask}; /* one subnet */
                cidr rest[64];
                size_t n = 0;
                for (uint64_t k = 0; k + 1 < slots && n < 64; k++) {
                    first_part.addr = vpc.addr + (uint32_t)(k * sub);
                    rest[n++] = first_part;
                }
                if (n == slots - 1) {
                    assert_true(cidr_find_free(vpc, sub, sub, rest, n, &at));
                    assert_int_equal(at, cidr_last(vpc) + 1 - sub);
                }
            }
        }
    }
}

static void test_private_ranges(void **state)
{
    (void)state;
    assert_true(cidr_is_private(C("10.0.0.0/16")));
    assert_true(cidr_is_private(C("172.16.0.0/16")));
    assert_true(cidr_is_private(C("172.31.255.0/24")));
    assert_false(cidr_is_private(C("172.32.0.0/16")));
    assert_true(cidr_is_private(C("192.168.0.0/16")));
    assert_true(cidr_is_private(C("100.64.0.0/16")));
    assert_true(cidr_is_private(C("100.127.0.0/16")));
    assert_false(cidr_is_private(C("100.128.0.0/16")));
    assert_false(cidr_is_private(C("8.8.0.0/16")));
    assert_false(cidr_is_private(C("10.0.0.0/7")));
}

static void test_engine_table(void **state)
{
    (void)state;
    const engine_info *pg = engine_find("postgres"), *my = engine_find("mysql"),
                      *ma = engine_find("mariadb");
    assert_non_null(pg);
    assert_non_null(my);
    assert_non_null(ma);
    assert_null(engine_find("aurora"));
    const engine_info *apg = engine_find("aurora-postgresql"), *amy = engine_find("aurora-mysql");
    assert_true(apg && apg->aurora && amy && amy->aurora && !pg->aurora);
    assert_true(amy->backtrack && !apg->backtrack);
    assert_string_equal(pg->default_version, "17");
    assert_string_equal(my->default_version, "8.4");
    assert_string_equal(ma->default_version, "11.4");
    assert_int_equal(pg->default_port, 5432);
    assert_int_equal(my->default_port, 3306);
    assert_int_equal(ma->default_port, 3306);
    char buf[16];
    assert_string_equal(engine_major(pg, "17", buf), "17");
    assert_string_equal(engine_major(pg, "16.4", buf), "16");
    assert_string_equal(engine_major(my, "8.4.3", buf), "8.4");
    assert_string_equal(engine_major(ma, "10.11", buf), "10.11");
    assert_null(engine_major(my, "8", buf));
    /* every engine of the schema's enum has its row and AWS's data, and its default version
     * is a major RDS offers (adding an engine to the schema alone fails here) */
    const fjson *engines = fj_get(
        fj_get(fj_get(fj_get(fj_get(builtin_schema, "$defs"), "database"), "properties"), "engine"),
        "enum");
    assert_true(fj_size(engines) >= 3);
    size_t i;
    const fjson *name;
    fj_array_foreach(engines, i, name)
    {
        const engine_info *x = engine_find(fj_string(name));
        if (!x)
            fail_msg("engine '%s' of the schema has no row in engine.c", fj_string(name));
        if (!engine_data(x))
            fail_msg("engine '%s' has no AWS data (awsdata_gen.c)", fj_string(name));
        const rds_major *m =
            awsdata_major(engine_data(x), engine_major(x, x->default_version, buf));
        if (!m || !m->version_count)
            fail_msg("the default version of '%s' is not a major RDS offers", fj_string(name));
        for (const char *const *l = x->default_logs; *l; l++)
            assert_true(engine_list_has(x->allowed_logs, *l, false));
        /* a Multi-AZ DB cluster's default class is offered for every major that has one */
        const rds_engine_data *data = engine_data(x);
        for (size_t k = 0; x->multi_az_cluster_class && k < data->major_count; k++)
            if (data->majors[k].cluster_version_count &&
                !awsdata_set_has(data->majors[k].cluster_classes,
                                 awsdata_class_index(x->multi_az_cluster_class)))
                fail_msg("%s %s offers no Multi-AZ DB cluster of %s", fj_string(name),
                         data->majors[k].major, x->multi_az_cluster_class);
    }
    assert_non_null(pg->multi_az_cluster_class);
    assert_non_null(my->multi_az_cluster_class);
    assert_null(ma->multi_az_cluster_class);
    /* RDS's own version names compare without looping: "17.6-rds.20250930" */
    assert_true(engine_version_cmp("17.6-rds.20250930", "17.6") > 0);
    assert_true(engine_version_cmp("17", "17.0") == 0);
    assert_true(engine_version_cmp("10.11", "10.6") > 0);
    assert_true(engine_version_cmp("10.6", "10.11") < 0);
    assert_int_equal(engine_version_cmp("11.4", "11.4"), 0);
    assert_true(engine_version_cmp("9", "10") < 0);
}

static void test_instance_classes(void **state)
{
    (void)state;
    /* AWS's table of Graviton families (awsdata.h): a1 has no 'g' but is Graviton */
    static const char *const graviton[] = {
        "t4g.nano",     "m7g.large",   "r8gd.xlarge", "c6gn.medium", "db.t4g.micro",
        "db.r7g.large", "im4gn.large", "x2gd.medium", "g5g.xlarge",  "a1.medium"};
    static const char *const x86[] = {"t3.micro",    "m5.large",     "c7i.large", "g5.xlarge",
                                      "db.t3.small", "db.m6i.large", "r6a.large", "inf2.xlarge"};
    for (size_t i = 0; i < sizeof graviton / sizeof *graviton; i++)
        if (!awsdata_is_graviton(graviton[i]))
            fail_msg("%s is Graviton", graviton[i]);
    for (size_t i = 0; i < sizeof x86 / sizeof *x86; i++)
        if (awsdata_is_graviton(x86[i]))
            fail_msg("%s is not Graviton", x86[i]);
    assert_true(engine_class_is_small("db.t4g.micro"));
    assert_true(engine_class_is_small("db.t3.small"));
    assert_false(engine_class_is_small("db.t4g.medium"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_valid),
        cmocka_unit_test(test_parse_invalid),
        cmocka_unit_test(test_host_bits),
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_contains_overlaps),
        cmocka_unit_test(test_find_free_against_reference),
        cmocka_unit_test(test_find_free_vpc_sizes),
        cmocka_unit_test(test_private_ranges),
        cmocka_unit_test(test_engine_table),
        cmocka_unit_test(test_instance_classes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
