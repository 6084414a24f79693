/* test_model.c - the model: spec-v1's defaults, stable subnet allocation, the environment
 * overlay and the derived values, through the real load -> schema -> model pipeline. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "compile.h"

typedef struct fixture {
    arena *a;
    diag_sink *d;
    schema *s;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->s = schema_new();
    *state = f;
    return f->s ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    schema_free(f->s);
    arena_free(f->a);
    free(f);
    return 0;
}

/* The model of yaml with environment env; fails the test on any error. */
static const model *build(fixture *f, const char *yaml, const char *env)
{
    arena_free(f->a);
    f->a = arena_new();
    f->d = diag_new(f->a);
    spec_text in = {"t.yaml", yaml, strlen(yaml), strlen(yaml)};
    bool valid;
    node *root = compile_load(f->a, f->d, f->s, &in, &valid);
    assert_non_null(root);
    assert_true(valid);
    const model *m = compile_model(f->a, f->d, f->s, root, env, NULL);
    if (!m) {
        diag_print(f->d, stderr, DIAG_TEXT, false);
        fail_msg("model_build failed");
    }
    return m;
}

static const char *fmt(cidr c)
{
    static char buf[8][20];
    static int i;
    return cidr_format(c, buf[i++ % 8]);
}

static void test_defaults_are_spec_v1(void **state)
{
    const model *m = build(*state, "vpcgen: 1\nname: demo\nnetwork: {}\nbastion: {}\ndatabase: {}\n", NULL);
    assert_string_equal(fmt(m->net.vpc), "10.0.0.0/16");
    assert_int_equal(m->net.az_count, 2);
    assert_null(m->net.az_names[0]);
    assert_int_equal(m->net.reserve_azs, 4);
    assert_int_equal(m->net.nat, NAT_SINGLE);
    assert_int_equal(m->net.nat_count, 1);
    assert_true(m->net.flow_logs);
    assert_int_equal(m->net.flow_retention_days, 365);
    assert_string_equal(m->net.flow_traffic, "REJECT");
    assert_true(m->net.restrict_default_sg);
    assert_true(m->net.endpoints[EP_S3]);
    for (int e = EP_DYNAMODB; e < EP_COUNT; e++)
        assert_false(m->net.endpoints[e]);
    assert_int_equal(m->net.tiers[TIER_PUBLIC].mask, 24);
    assert_int_equal(m->net.tiers[TIER_PRIVATE].mask, 20);
    assert_int_equal(m->net.tiers[TIER_DATABASE].mask, 24);
    assert_string_equal(m->description, "");
    assert_null(m->region);

    assert_int_equal(m->bastion.access, ACCESS_SSM);
    assert_string_equal(m->bastion.instance_type, "t4g.nano");
    assert_true(m->bastion.arm64);
    assert_int_equal(m->bastion.tier, TIER_PRIVATE);

    const model_database *db = &m->db;
    assert_string_equal(db->engine->name, "postgres");
    assert_string_equal(db->version, "17");
    assert_string_equal(db->family, "postgres17");
    assert_string_equal(db->instance_class, "db.t4g.micro");
    assert_string_equal(db->username, "dbadmin");
    assert_null(db->name);
    assert_int_equal(db->port, 5432);
    assert_int_equal(db->storage_gb, 20);
    assert_int_equal(db->max_storage_gb, 0);
    assert_string_equal(db->storage_type, "gp3");
    assert_false(db->multi_az);
    assert_int_equal(db->backup_retention, 7);
    assert_null(db->backup_window);
    assert_null(db->maintenance_window);
    assert_true(db->deletion_protection);
    assert_int_equal(db->replicas, 0);
    assert_true(db->performance_insights);
    assert_int_equal(db->monitoring_interval, 60);
    assert_true(db->iam_auth);
    assert_int_equal(db->log_export_count, 2);
    assert_string_equal(db->log_exports[0], "postgresql");
    assert_string_equal(db->log_exports[1], "upgrade");
    assert_true(db->managed_password);
    assert_int_equal(db->parameter_count, 1);
    assert_string_equal(db->parameters[0].key, "rds.force_ssl");
    assert_string_equal(db->parameters[0].value, "1");
}

static void test_engine_defaults(void **state)
{
    const model *m = build(*state, "vpcgen: 1\nname: demo\nnetwork: {}\ndatabase: { engine: mysql }\n", NULL);
    assert_string_equal(m->db.version, "8.4");
    assert_string_equal(m->db.family, "mysql8.4");
    assert_int_equal(m->db.port, 3306);
    assert_false(m->db.performance_insights); /* db.t4g.micro */
    assert_string_equal(m->db.parameters[0].key, "require_secure_transport");
    assert_string_equal(m->db.log_exports[0], "error");
    m = build(*state, "vpcgen: 1\nname: demo\nnetwork: {}\ndatabase: { engine: mysql, instance_class: db.r7g.large }\n", NULL);
    assert_true(m->db.performance_insights);
    m = build(*state, "vpcgen: 1\nname: demo\nnetwork: {}\ndatabase: { engine: mariadb, version: '10.6' }\n", NULL);
    assert_false(m->db.iam_auth);
    assert_string_equal(m->db.family, "mariadb10.6");
    m = build(*state, "vpcgen: 1\nname: demo\nnetwork: {}\ndatabase: { engine: mariadb }\n", NULL);
    assert_true(m->db.iam_auth);
    assert_string_equal(m->db.family, "mariadb11.4");
    m = build(*state, "vpcgen: 1\nname: demo\nnetwork: {}\ndatabase: { version: '16.4', port: 6543 }\n", NULL);
    assert_string_equal(m->db.family, "postgres16");
    assert_int_equal(m->db.port, 6543);
}

static void test_wagtail_allocation(void **state)
{
    /* spec-v1's example: public /24 x4 at the bottom, database /24 x4 in the next free /24s,
     * private /20 x4 at the first free /20 */
    const model *m = build(*state,
                           "vpcgen: 1\nname: web\nnetwork:\n  cidr: 10.20.0.0/16\n  subnets:\n"
                           "    public: { mask: 24 }\n    private: { mask: 20 }\n    database: { mask: 24 }\n",
                           NULL);
    assert_string_equal(fmt(m->net.tiers[TIER_PUBLIC].subnets[0]), "10.20.0.0/24");
    assert_string_equal(fmt(m->net.tiers[TIER_PUBLIC].subnets[1]), "10.20.1.0/24");
    assert_string_equal(fmt(m->net.tiers[TIER_PRIVATE].subnets[0]), "10.20.16.0/20");
    assert_string_equal(fmt(m->net.tiers[TIER_PRIVATE].subnets[1]), "10.20.32.0/20");
    assert_string_equal(fmt(m->net.tiers[TIER_DATABASE].subnets[0]), "10.20.4.0/24");
    assert_string_equal(fmt(m->net.tiers[TIER_DATABASE].subnets[1]), "10.20.5.0/24");
}

/* Going from n to n+1 AZs moves no subnet that exists, for many layouts. */
static void test_allocation_is_stable(void **state)
{
    static const char *const layouts[] = {
        "public: { mask: 24 }\n    private: { mask: 20 }\n    database: { mask: 24 }",
        "public: { mask: 26 }\n    private: { mask: 22 }\n    database: { mask: 28 }",
        "public: { mask: 28 }\n    private: { mask: 24 }",
        "private: { mask: 21 }\n    database: { mask: 27 }",
    };
    static const char *const vpcs[] = {"10.0.0.0/16", "172.16.0.0/18", "192.168.0.0/19"};
    int compared = 0;
    for (size_t l = 0; l < sizeof layouts / sizeof *layouts; l++) {
        for (size_t v = 0; v < sizeof vpcs / sizeof *vpcs; v++) {
            cidr prev[TIER_COUNT][MAX_AZS];
            for (int azs = 2; azs <= 6; azs++) {
                char yaml[512];
                snprintf(yaml, sizeof yaml,
                         "vpcgen: 1\nname: stable\nnetwork:\n  cidr: %s\n  azs: %d\n  reserve_azs: 6\n"
                         "  nat: none\n  subnets:\n    %s\n",
                         vpcs[v], azs, layouts[l]);
                fixture *f = *state;
                arena_free(f->a);
                f->a = arena_new();
                f->d = diag_new(f->a);
                spec_text in = {"t.yaml", yaml, strlen(yaml), strlen(yaml)};
                bool valid;
                node *root = compile_load(f->a, f->d, f->s, &in, &valid);
                assert_true(valid);
                const model *m = compile_model(f->a, f->d, f->s, root, NULL, NULL);
                if (!m)
                    break; /* this VPC is too small for 6 slots of this layout: fine */
                for (int t = 0; t < TIER_COUNT; t++) {
                    if (!m->net.tiers[t].present)
                        continue;
                    for (int i = 0; i < azs - 1 && azs > 2; i++) {
                        assert_memory_equal(&prev[t][i], &m->net.tiers[t].subnets[i], sizeof(cidr));
                        compared++;
                    }
                    memcpy(prev[t], m->net.tiers[t].subnets, sizeof prev[t]);
                    /* every subnet inside the VPC, aligned, and no two overlapping */
                    for (int i = 0; i < azs; i++) {
                        cidr s = m->net.tiers[t].subnets[i];
                        assert_true(cidr_contains(m->net.vpc, s));
                        assert_true(cidr_host_bits_zero(s));
                        for (int u = 0; u < TIER_COUNT; u++)
                            for (int k = 0; m->net.tiers[u].present && k < azs; k++)
                                if (u != t || k != i)
                                    assert_false(cidr_overlaps(s, m->net.tiers[u].subnets[k]));
                    }
                }
            }
        }
    }
    assert_true(compared > 100);
}

static void test_explicit_subnets_placed_first(void **state)
{
    const model *m = build(*state,
                           "vpcgen: 1\nname: explicit\nregion: eu-central-1\nnetwork:\n  cidr: 172.20.0.0/20\n"
                           "  azs: [eu-central-1a, eu-central-1b]\n  subnets:\n    public:\n"
                           "      - { az: eu-central-1b, cidr: 172.20.0.64/26 }\n"
                           "      - { az: eu-central-1a, cidr: 172.20.0.0/26 }\n"
                           "    private: { mask: 23 }\n",
                           NULL);
    /* listed out of order: each lands in its AZ's slot */
    assert_string_equal(fmt(m->net.tiers[TIER_PUBLIC].subnets[0]), "172.20.0.0/26");
    assert_string_equal(fmt(m->net.tiers[TIER_PUBLIC].subnets[1]), "172.20.0.64/26");
    /* the private block starts at the first /23 the explicit subnets leave free */
    assert_string_equal(fmt(m->net.tiers[TIER_PRIVATE].subnets[0]), "172.20.2.0/23");
    assert_string_equal(fmt(m->net.tiers[TIER_PRIVATE].subnets[1]), "172.20.4.0/23");
    assert_false(m->net.tiers[TIER_DATABASE].present);
    assert_string_equal(m->net.az_names[1], "eu-central-1b");
}

static void test_overlay(void **state)
{
    static const char *const yaml =
        "vpcgen: 1\nname: wagtail-prod\nregion: eu-west-1\ntags: { project: wagtail, env: prod }\n"
        "network: { cidr: 10.20.0.0/16, nat: per-az }\n"
        "database:\n  instance_class: db.t4g.medium\n  multi_az: true\n  replicas: 1\n"
        "  storage: { size_gb: 50, max_size_gb: 200 }\n"
        "environments:\n  staging:\n    name: wagtail-staging\n    tags: { env: staging }\n"
        "    network: { nat: single }\n"
        "    database: { instance_class: db.t4g.small, multi_az: false, replicas: 0 }\n"
        "  prod: {}\n";
    const model *m = build(*state, yaml, NULL);
    assert_false(m->db.managed_password); /* replicas need a stack-owned secret */
    m = build(*state, yaml, "staging");
    assert_string_equal(m->name, "wagtail-staging");
    assert_int_equal(m->net.nat, NAT_SINGLE);
    assert_string_equal(fmt(m->net.vpc), "10.20.0.0/16"); /* kept from the base */
    assert_string_equal(m->db.instance_class, "db.t4g.small");
    assert_false(m->db.multi_az);
    assert_int_equal(m->db.replicas, 0);
    assert_true(m->db.managed_password);
    assert_int_equal(m->db.storage_gb, 50);     /* maps merge key by key */
    assert_int_equal(m->db.max_storage_gb, 200);
    assert_int_equal(m->tag_count, 2);          /* tags merge too: env replaced */
    assert_string_equal(m->tags[1].key, "env");
    assert_string_equal(m->tags[1].value, "staging");
    m = build(*state, yaml, "prod");
    assert_string_equal(m->name, "wagtail-prod");
    const char **envs = model_environments(((fixture *)*state)->a, NULL);
    assert_null(envs[0]);
}

static void test_unknown_environment(void **state)
{
    fixture *f = *state;
    arena_free(f->a);
    f->a = arena_new();
    f->d = diag_new(f->a);
    const char *yaml = "vpcgen: 1\nname: demo\nnetwork: {}\nenvironments: { dev: {}, qa: {} }\n";
    spec_text in = {"t.yaml", yaml, strlen(yaml), strlen(yaml)};
    bool valid;
    node *root = compile_load(f->a, f->d, f->s, &in, &valid);
    assert_true(valid);
    assert_null(compile_model(f->a, f->d, f->s, root, "prod", NULL));
    assert_int_equal(diag_error_count(f->d), 1);
    const char **envs = model_environments(f->a, root);
    assert_string_equal(envs[0], "dev");
    assert_string_equal(envs[1], "qa");
    assert_null(envs[2]);
}

static void test_derived(void **state)
{
    const model *m = build(*state,
                           "vpcgen: 1\nname: demo\nnetwork: { azs: 3, nat: per-az }\n"
                           "bastion: { access: ssh, instance_type: t3.micro, allowed_cidrs: [10.1.0.0/16] }\n",
                           NULL);
    assert_int_equal(m->net.nat_count, 3);
    assert_int_equal(m->net.reserve_azs, 4);
    assert_false(m->bastion.arm64);
    assert_int_equal(m->bastion.tier, TIER_PUBLIC);
    m = build(*state, "vpcgen: 1\nname: demo\nnetwork: { azs: 6, nat: none }\n", NULL);
    assert_int_equal(m->net.reserve_azs, 6); /* max(4, azs) */
    assert_int_equal(m->net.nat_count, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_are_spec_v1),
        cmocka_unit_test(test_engine_defaults),
        cmocka_unit_test(test_wagtail_allocation),
        cmocka_unit_test(test_allocation_is_stable),
        cmocka_unit_test(test_explicit_subnets_placed_first),
        cmocka_unit_test(test_overlay),
        cmocka_unit_test(test_unknown_environment),
        cmocka_unit_test(test_derived),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
