/* test_awsdata.c - the invariants of the generated AWS tables, their look-ups, and facts
 * that must hold in the data (tools/awsdata/README.md). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "awsdata.h"

/* Versions compare dot by dot: a component's leading digits as a number, the rest of it
 * ("-rds", "-limitless") as text after that; a numeric component before a textual one
 * ("mysql_aurora"); a version after its prefixes. The order gen.py sorts by. */
static int component_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    size_t ad = 0, bd = 0;
    while (ad < an && a[ad] >= '0' && a[ad] <= '9')
        ad++;
    while (bd < bn && b[bd] >= '0' && b[bd] <= '9')
        bd++;
    if ((ad > 0) != (bd > 0))
        return ad > 0 ? -1 : 1;
    if (ad > 0) {
        unsigned long long x = strtoull(a, NULL, 10), y = strtoull(b, NULL, 10);
        if (x != y)
            return x < y ? -1 : 1;
    }
    size_t ar = an - ad, br = bn - bd;
    int c = strncmp(a + ad, b + bd, ar < br ? ar : br);
    if (c != 0)
        return c;
    return ar == br ? 0 : (ar < br ? -1 : 1);
}

static int version_cmp(const char *a, const char *b)
{
    for (;;) {
        size_t an = strcspn(a, "."), bn = strcspn(b, ".");
        int c = component_cmp(a, an, b, bn);
        if (c != 0)
            return c;
        a += an;
        b += bn;
        if (*a == '\0' || *b == '\0')
            return *a == *b ? 0 : (*a == '\0' ? -1 : 1);
        a++;
        b++;
    }
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool is_date(const char *s)
{
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !(s[i] >= '0' && s[i] <= '9'))
            return false;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(m == 2 && d == 29 && !leap);
}

static void check_set(aws_index_set set, const char *what)
{
    if (set.count == 0) {
        if (set.items != NULL)
            fail_msg("%s: an empty set with items", what);
        return;
    }
    assert_non_null(set.items);
    for (size_t i = 0; i < set.count; i++) {
        if (set.items[i] >= rds_class_count)
            fail_msg("%s: index %u out of range", what, (unsigned)set.items[i]);
        if (i > 0 && set.items[i - 1] >= set.items[i])
            fail_msg("%s: indexes not ascending at %zu", what, i);
    }
}

static void check_versions(const char *const *v, size_t n, const char *prefix, const char *what)
{
    if (n > 0)
        assert_non_null(v);
    for (size_t i = 0; i < n; i++) {
        assert_non_null(v[i]);
        if (!starts_with(v[i], prefix) || strlen(v[i]) == strlen(prefix))
            fail_msg("%s: %s does not start with %s", what, v[i], prefix);
        if (i > 0 && version_cmp(v[i - 1], v[i]) >= 0)
            fail_msg("%s: %s then %s, not ascending", what, v[i - 1], v[i]);
    }
}

/* The prefix every version of m starts with: "17." or, for Aurora MySQL, "8.0.mysql_aurora.3." */
static void version_prefix(const rds_engine_data *e, const rds_major *m, char *buf, size_t size)
{
    if (strcmp(e->engine, "aurora-mysql") == 0)
        snprintf(buf, size, "%s.mysql_aurora.%s.", m->family + strlen("aurora-mysql"), m->major);
    else
        snprintf(buf, size, "%s.", m->major);
}

static void test_class_names(void **state)
{
    (void)state;
    assert_true(rds_class_count > 100);
    assert_true(rds_class_count <= UINT16_MAX);
    for (size_t i = 0; i < rds_class_count; i++) {
        assert_true(starts_with(rds_class_names[i], "db."));
        if (i > 0 && strcmp(rds_class_names[i - 1], rds_class_names[i]) >= 0)
            fail_msg("%s then %s: not sorted and unique", rds_class_names[i - 1],
                     rds_class_names[i]);
        assert_int_equal(awsdata_class_index(rds_class_names[i]), (int)i);
    }
}

static void test_engines(void **state)
{
    (void)state;
    static const char *const order[] = {"postgres", "mysql", "mariadb", "aurora-postgresql",
                                        "aurora-mysql"};
    assert_int_equal(rds_engine_count, sizeof order / sizeof *order);
    for (size_t i = 0; i < rds_engine_count; i++) {
        const rds_engine_data *e = &rds_engines[i];
        assert_string_equal(e->engine, order[i]);
        assert_ptr_equal(awsdata_engine(order[i]), e);
        assert_true(e->major_count > 0);
        assert_true(e->region_count > 0);
        for (size_t r = 0; r < e->region_count; r++) {
            char what[96];
            snprintf(what, sizeof what, "%s %s", e->engine, e->regions[r].region);
            if (r > 0 && strcmp(e->regions[r - 1].region, e->regions[r].region) >= 0)
                fail_msg("%s: regions not sorted", what);
            check_set(e->regions[r].classes, what);
            check_set(e->regions[r].cluster_classes, what);
            assert_true(e->regions[r].classes.count > 0 || e->regions[r].cluster_classes.count > 0);
            assert_ptr_equal(awsdata_region(e, e->regions[r].region), &e->regions[r]);
        }
    }
}

static void test_majors(void **state)
{
    (void)state;
    for (size_t i = 0; i < rds_engine_count; i++) {
        const rds_engine_data *e = &rds_engines[i];
        bool aurora = starts_with(e->engine, "aurora-");
        bool multi_az_cluster = !strcmp(e->engine, "postgres") || !strcmp(e->engine, "mysql");
        for (size_t j = 0; j < e->major_count; j++) {
            const rds_major *m = &e->majors[j];
            char what[96], prefix[64], family[64];
            snprintf(what, sizeof what, "%s %s", e->engine, m->major);
            if (j > 0 && version_cmp(e->majors[j - 1].major, m->major) >= 0)
                fail_msg("%s: majors not ascending", what);
            assert_ptr_equal(awsdata_major(e, m->major), m);
            /* the family: the engine and its major, Aurora MySQL's that of its MySQL */
            if (strcmp(e->engine, "aurora-mysql") == 0) {
                assert_true(starts_with(m->family, "aurora-mysql"));
            } else {
                snprintf(family, sizeof family, "%s%s", e->engine, m->major);
                assert_string_equal(m->family, family);
            }
            version_prefix(e, m, prefix, sizeof prefix);
            if (m->version_count == 0)
                fail_msg("%s: a major without an offered version", what);
            check_versions(m->versions, m->version_count, prefix, what);
            check_versions(m->retired, m->retired_count, prefix, what);
            check_versions(m->cluster_versions, m->cluster_version_count, prefix, what);
            for (size_t k = 0; k < m->retired_count; k++)
                if (awsdata_list_has(m->versions, m->version_count, m->retired[k]))
                    fail_msg("%s: %s both offered and retired", what, m->retired[k]);
            if (m->default_version)
                assert_true(awsdata_list_has(m->versions, m->version_count, m->default_version));
            check_set(m->classes, what);
            check_set(m->cluster_classes, what);
            assert_true(m->classes.count > 0);
            if (multi_az_cluster)
                assert_int_equal(m->cluster_version_count > 0, m->cluster_classes.count > 0);
            else
                assert_int_equal(m->cluster_classes.count, 0);
            if (!aurora && !multi_az_cluster) /* mariadb: no Multi-AZ DB clusters */
                assert_int_equal(m->cluster_version_count, 0);
        }
    }
}

static void test_dates(void **state)
{
    (void)state;
    assert_true(is_date(aws_data_date));
    for (size_t i = 0; i < rds_engine_count; i++) {
        const rds_engine_data *e = &rds_engines[i];
        for (size_t j = 0; j < e->major_count; j++) {
            const rds_major *m = &e->majors[j];
            if (m->standard_end && !is_date(m->standard_end))
                fail_msg("%s %s: standard_end %s", e->engine, m->major, m->standard_end);
            if (m->extended_end && !is_date(m->extended_end))
                fail_msg("%s %s: extended_end %s", e->engine, m->major, m->extended_end);
            if (m->standard_end && m->extended_end && strcmp(m->standard_end, m->extended_end) > 0)
                fail_msg("%s %s: standard support ends after Extended Support", e->engine,
                         m->major);
            if (strcmp(e->engine, "mariadb") == 0)
                assert_null(m->extended_end); /* RDS for MariaDB has no Extended Support */
            else
                assert_non_null(m->extended_end);
            assert_non_null(m->standard_end); /* every major in the data has a calendar row */
        }
    }
    const rds_major *pg13 = awsdata_major(awsdata_engine("postgres"), "13");
    assert_non_null(pg13);
    assert_true(strcmp(pg13->standard_end, aws_data_date) < 0); /* ended before the data */
}

static void test_sources(void **state)
{
    (void)state;
    size_t n = strlen(aws_data_sources), lines = 0;
    assert_true(n > 0);
    assert_int_equal(aws_data_sources[n - 1], '\n');
    for (size_t i = 0; i < n; i++)
        lines += aws_data_sources[i] == '\n';
    assert_true(lines >= 3);
    assert_non_null(strstr(aws_data_sources, "cfn-lint"));
}

static void test_lookups_miss(void **state)
{
    (void)state;
    assert_null(awsdata_engine("oracle-ee"));
    assert_null(awsdata_engine(""));
    assert_null(awsdata_engine(NULL));
    assert_null(awsdata_engine("Postgres"));
    const rds_engine_data *pg = awsdata_engine("postgres");
    assert_null(awsdata_major(pg, "9.6"));
    assert_null(awsdata_major(pg, "17.4"));
    assert_null(awsdata_major(pg, ""));
    assert_null(awsdata_major(NULL, "17"));
    assert_null(awsdata_region(pg, "xx-nowhere-1"));
    assert_null(awsdata_region(pg, ""));
    assert_null(awsdata_region(NULL, "eu-west-1"));
    assert_int_equal(awsdata_class_index("db.nope.large"), -1);
    assert_int_equal(awsdata_class_index("db.t4g"), -1);
    assert_int_equal(awsdata_class_index("db.t4g.micro "), -1);
    assert_int_equal(awsdata_class_index(""), -1);
    assert_int_equal(awsdata_class_index(NULL), -1);
    assert_int_equal(awsdata_class_index("aaa"), -1);  /* before the first */
    assert_int_equal(awsdata_class_index("zzz"), -1);  /* after the last */
    const rds_major *pg17 = awsdata_major(pg, "17");
    assert_non_null(pg17);
    assert_false(awsdata_set_has(pg17->classes, -1));
    assert_false(awsdata_set_has(pg17->classes, (int)rds_class_count));
    aws_index_set empty = {NULL, 0};
    assert_false(awsdata_set_has(empty, 0));
    assert_false(awsdata_list_has(pg17->versions, pg17->version_count, "17"));
    assert_false(awsdata_list_has(pg17->versions, pg17->version_count, "17.1")); /* retired */
    assert_false(awsdata_list_has(pg17->versions, pg17->version_count, NULL));
    assert_false(awsdata_list_has(NULL, 0, "17.9"));
    assert_true(awsdata_list_has(pg17->retired, pg17->retired_count, "17.1"));
}

static bool offers(const char *engine, const char *major, const char *cls)
{
    const rds_major *m = awsdata_major(awsdata_engine(engine), major);
    if (!m)
        fail_msg("%s %s is not in the data", engine, major);
    return awsdata_set_has(m->classes, awsdata_class_index(cls));
}

static void test_facts(void **state)
{
    (void)state;
    /* classes per major, the union over its versions */
    assert_false(offers("postgres", "17", "db.t2.micro"));
    assert_false(offers("postgres", "16", "db.m1.small"));
    assert_true(offers("postgres", "17", "db.t4g.micro"));
    assert_true(offers("postgres", "17", "db.r7g.large"));
    assert_true(offers("mysql", "8.4", "db.t4g.micro"));
    assert_false(offers("postgres", "17", "db.serverless")); /* Aurora's only */
    assert_true(offers("aurora-postgresql", "16", "db.serverless"));
    assert_true(offers("aurora-mysql", "3", "db.r6g.large"));
    /* the majors a spec names */
    static const char *const majors[][2] = {
        {"postgres", "13"},  {"postgres", "17"},  {"postgres", "18"},   {"mysql", "8.0"},
        {"mysql", "8.4"},    {"mariadb", "10.6"}, {"mariadb", "10.11"}, {"mariadb", "11.4"},
        {"mariadb", "11.8"}, {"aurora-postgresql", "16"}, {"aurora-mysql", "2"},
        {"aurora-mysql", "3"},
    };
    for (size_t i = 0; i < sizeof majors / sizeof *majors; i++)
        if (!awsdata_major(awsdata_engine(majors[i][0]), majors[i][1]))
            fail_msg("%s %s is not in the data", majors[i][0], majors[i][1]);
    assert_string_equal(awsdata_major(awsdata_engine("aurora-mysql"), "3")->family,
                        "aurora-mysql8.0");
    assert_string_equal(awsdata_major(awsdata_engine("aurora-mysql"), "2")->family,
                        "aurora-mysql5.7");
    assert_string_equal(awsdata_major(awsdata_engine("mariadb"), "11.4")->family, "mariadb11.4");
    /* regions */
    const rds_region_classes *r = awsdata_region(awsdata_engine("postgres"), "eu-west-1");
    assert_non_null(r);
    assert_true(awsdata_set_has(r->classes, awsdata_class_index("db.t4g.micro")));
    assert_true(r->cluster_classes.count > 0);
    assert_non_null(awsdata_region(awsdata_engine("aurora-mysql"), "us-east-1"));
    /* Multi-AZ DB clusters: postgres 17 has them, on classes with local NVMe storage */
    const rds_major *pg17 = awsdata_major(awsdata_engine("postgres"), "17");
    assert_true(pg17->cluster_version_count > 0);
    assert_true(awsdata_set_has(pg17->cluster_classes, awsdata_class_index("db.r6gd.large")));
    assert_false(awsdata_set_has(pg17->cluster_classes, awsdata_class_index("db.t4g.micro")));
}

static void test_graviton(void **state)
{
    (void)state;
    assert_true(ec2_graviton_family_count > 20);
    for (size_t i = 1; i < ec2_graviton_family_count; i++)
        if (strcmp(ec2_graviton_families[i - 1], ec2_graviton_families[i]) >= 0)
            fail_msg("%s then %s: not sorted and unique", ec2_graviton_families[i - 1],
                     ec2_graviton_families[i]);
    static const char *const yes[] = {
        "a1.large",      "t4g.nano",        "m6g.large",    "m6gd.xlarge", "c6gn.large",
        "c7gn.2xlarge",  "r8g.large",       "x2gd.medium",  "im4gn.large", "is4gen.xlarge",
        "g5g.xlarge",    "hpc7g.16xlarge",  "i4g.large",    "m8gd.large",  "db.t4g.micro",
        "db.r7g.large",  "db.x2g.large",    "db.m6gd.large"};
    static const char *const no[] = {
        "t3.micro",  "g4dn.xlarge", "m5.large",     "c7i.large",  "g5.xlarge", "db.t3.small",
        "db.m6i.large", "r6a.large", "inf2.xlarge", "gr6.4xlarge", "mac2-m2.metal", "t4g",
        "t4g.",      "db.",         "",             ".large",     "db.t4g",    "x2g"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (!awsdata_is_graviton(yes[i]))
            fail_msg("%s is Graviton", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (awsdata_is_graviton(no[i]))
            fail_msg("%s is not Graviton", no[i]);
    assert_false(awsdata_is_graviton(NULL));
}

static void test_version_order(void **state)
{
    (void)state;
    /* the comparator these tests check the data with */
    assert_true(version_cmp("10.5", "10.11") < 0);
    assert_true(version_cmp("11.22", "11.22-rds.20241121") < 0);
    assert_true(version_cmp("11.22-rds.20241121", "11.22-rds.20250220") < 0);
    assert_true(version_cmp("16.10", "16.10-limitless") < 0);
    assert_true(version_cmp("16.10-limitless", "16.11") < 0);
    assert_true(version_cmp("8.0.mysql_aurora.3.04.6", "8.0.mysql_aurora.3.10.0") < 0);
    assert_true(version_cmp("17", "17.1") < 0);
    assert_int_equal(version_cmp("8.4.9", "8.4.9"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version_order),
        cmocka_unit_test(test_class_names),
        cmocka_unit_test(test_engines),
        cmocka_unit_test(test_majors),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_sources),
        cmocka_unit_test(test_lookups_miss),
        cmocka_unit_test(test_facts),
        cmocka_unit_test(test_graviton),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
