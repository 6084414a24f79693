/* test_schema.c - the schema engine and the schema (schema.h, schema/vpcgen.schema.json).
 *
 * Most cases are YAML snippets run through the real loader and then the schema, checking
 * each diagnostic's code, message and position (collected as --diagnostics json lines).
 * A few build node trees by hand, so the engine's typing rules are tested apart from the
 * loader. The consistency tests walk the schema itself: every property is described, has a
 * default unless it is on the documented no-default list, and every pattern compiles.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "schema.h"

/* Properties without a default (besides required and forbidden ones): absent means "not
 * generated", "AWS decides" or "the engine's default". Their descriptions say so. */
static const char *const no_default[] = {
    "region",
    "bastion",
    "database",
    "bastion.key_name",
    "database.name",
    "database.backup.window",
    "database.maintenance_window",
    "database.storage.max_size_gb",
    "database.storage.iops",
    /* engine defaults: stated once, in the engine table (engine.c) */
    "database.version",
    "database.port",
    "database.performance_insights",
    "database.iam_auth",
    "database.log_exports",
    "database.storage.throughput",
    "database.instance_class",
    "database.storage.type",
    "database.backtrack_hours",
    "database.serverless",
    /* epoch defaults: they depend on the spec's defaults epoch */
    "database.extended_support",
    "database.replica_multi_az",
    "encryption.kms_key",
};

#define BASE "vpcgen: 1\nname: demo\n"

static schema *S;

typedef struct diag_rec {
    int line, col;
    char sev[16], code[48], msg[600];
} diag_rec;

static struct {
    int n;
    diag_rec r[64];
} R;

static int setup(void **state)
{
    (void)state;
    S = schema_new();
    if (S && !schema_self_check(S)) {
        schema_free(S);
        S = NULL;
    }
    return S ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    schema_free(S);
    return 0;
}

/* Prints d as JSON lines and reads them back into R. */
static void collect(diag_sink *d)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    assert_non_null(f);
    diag_print(d, f, DIAG_JSON, false);
    fclose(f);
    R.n = 0;
    for (char *line = strtok(buf, "\n"); line && R.n < 64; line = strtok(NULL, "\n")) {
        json_error_t err;
        json_t *o = json_loads(line, 0, &err);
        assert_non_null(o);
        diag_rec *r = &R.r[R.n++];
        r->line = (int)json_integer_value(json_object_get(o, "line"));
        r->col = (int)json_integer_value(json_object_get(o, "column"));
        snprintf(r->sev, sizeof r->sev, "%s", json_string_value(json_object_get(o, "severity")));
        snprintf(r->code, sizeof r->code, "%s", json_string_value(json_object_get(o, "code")));
        snprintf(r->msg, sizeof r->msg, "%s", json_string_value(json_object_get(o, "message")));
        json_decref(o);
    }
    free(buf);
}

/* Loads yaml (which the loader must accept) and validates it; returns the errors. */
static int run(const char *yaml)
{
    arena *a = arena_new();
    diag_sink *d = diag_new(a);
    node *root = load_spec(a, d, "t.yaml", yaml, strlen(yaml));
    assert_non_null(root);
    assert_int_equal(diag_error_count(d), 0);
    bool ok = schema_validate(S, root, d);
    int errors = diag_error_count(d);
    assert_true(ok == (errors == 0));
    collect(d);
    arena_free(a);
    return errors;
}

static void dump(void)
{
    for (int i = 0; i < R.n; i++)
        fprintf(stderr, "  %d:%d: %s [%s] %s\n", R.r[i].line, R.r[i].col, R.r[i].sev, R.r[i].code,
                R.r[i].msg);
}

/* yaml gives exactly one error: code and message, at line:col (line 0: no location). */
static void expect1(const char *yaml, const char *code, const char *msg, int line, int col)
{
    int n = run(yaml);
    if (n != 1 || strcmp(R.r[0].code, code) != 0 || strcmp(R.r[0].msg, msg) != 0 ||
        R.r[0].line != line || R.r[0].col != col) {
        fprintf(stderr, "for:\n%s\nwant %d:%d: [%s] %s\ngot %d error(s):\n", yaml, line, col, code,
                msg, n);
        dump();
        fail();
    }
}

static void expect_valid(const char *yaml)
{
    if (run(yaml) != 0) {
        fprintf(stderr, "for:\n%s\nwant no error, got:\n", yaml);
        dump();
        fail();
    }
}

static bool has(const char *code, const char *msg)
{
    for (int i = 0; i < R.n; i++)
        if (strcmp(R.r[i].code, code) == 0 && strcmp(R.r[i].msg, msg) == 0)
            return true;
    return false;
}

/* ---- whole specs ---------------------------------------------------------------------- */

static const char spec_example[] =
    "# yaml-language-server: $schema=../schema/vpcgen.schema.json\n"
    "vpcgen: 1\n"
    "name: wagtail-prod\n"
    "description: Wagtail CMS - network, bastion and PostgreSQL\n"
    "region: eu-west-1\n"
    "tags: { project: wagtail, env: prod }\n"
    "network:\n"
    "  cidr: 10.20.0.0/16\n"
    "  azs: 2\n"
    "  nat: single\n"
    "  flow_logs: { retention_days: 90 }\n"
    "  endpoints: [s3]\n"
    "  subnets:\n"
    "    public:   { mask: 24 }\n"
    "    private:  { mask: 20 }\n"
    "    database: { mask: 24 }\n"
    "bastion:\n"
    "  access: ssm\n"
    "  instance_type: t4g.nano\n"
    "database:\n"
    "  engine: postgres\n"
    "  version: \"17\"\n"
    "  instance_class: db.t4g.medium\n"
    "  name: wagtail\n"
    "  username: wagtail\n"
    "  storage: { size_gb: 50, max_size_gb: 200 }\n"
    "  multi_az: true\n"
    "  backup: { retention_days: 14, window: \"03:00-04:00\" }\n"
    "  maintenance_window: \"sun:04:30-sun:05:30\"\n"
    "  parameters: { rds.force_ssl: 1, log_min_duration_statement: 500 }\n"
    "  replicas: 1\n"
    "environments:\n"
    "  staging:\n"
    "    name: wagtail-staging\n"
    "    network: { nat: single }\n"
    "    database: { instance_class: db.t4g.small, multi_az: false, replicas: 0, "
    "deletion_protection: false }\n";

static void test_valid_specs(void **state)
{
    (void)state;
    expect_valid(spec_example);
    expect_valid(BASE "network: {}\n");
    expect_valid(BASE "network:\n"
                      "  azs: [eu-west-1a, eu-west-1b, eu-west-1c]\n"
                      "  reserve_azs: 6\n"
                      "  nat: per-az\n"
                      "  flow_logs: false\n"
                      "  restrict_default_security_group: false\n"
                      "  endpoints: [s3, dynamodb, ssm, secretsmanager, ecr, logs]\n"
                      "  subnets:\n"
                      "    public:\n"
                      "      - { az: eu-west-1a, cidr: 10.0.0.0/24 }\n"
                      "      - { az: eu-west-1b, cidr: 10.0.1.0/24 }\n"
                      "    database: { mask: 28 }\n"
                      "bastion:\n"
                      "  access: ssh\n"
                      "  allowed_cidrs: [203.0.113.0/24, 0.0.0.0/0]\n"
                      "  allow_world: true\n"
                      "  key_name: ops\n"
                      "database:\n"
                      "  engine: mariadb\n"
                      "  version: \"10.6.14\"\n"
                      "  port: 3306\n"
                      "  storage: { size_gb: 100, type: io1, iops: 3000 }\n"
                      "  monitoring_interval: 0\n"
                      "  performance_insights: false\n"
                      "  iam_auth: false\n"
                      "  log_exports: [error, slowquery]\n"
                      "  parameters: { a: x, b: 1.5, c: true, d: -3 }\n"
                      "tags: { \"a b/c=d+e@f:g.h_i-j\": v }\n");
    /* maxLength counts characters: 1024 two-byte characters fit */
    char big[4096] = BASE "network: {}\ndescription: ";
    for (int i = 0; i < 1024; i++)
        strcat(big, "\xc3\xa9");
    strcat(big, "\n");
    expect_valid(big);
}

/* ---- one keyword at a time ------------------------------------------------------------ */

static void test_type(void **state)
{
    (void)state;
    expect1(BASE "network: []\n", "schema-type", "expected a map, found a list", 3, 10);
    expect1(BASE "network: {}\nbastion:\n", "schema-type",
            "expected a map, found null (write {} for the defaults)", 4, 1);
    expect1(BASE "network: {}\ndatabase: { version: 17 }\n", "schema-type",
            "expected a string, found the integer '17'; quote it: \"17\"", 4, 22);
    expect1(BASE "network: {}\ndatabase: { version: 8.4 }\n", "schema-type",
            "expected a string, found the float '8.4'; quote it: \"8.4\"", 4, 22);
    expect1(BASE "network: {}\ntags: { env: true }\n", "schema-type",
            "expected a string, found the boolean 'true'; quote it: \"true\"", 4, 14);
    expect1(BASE "network: { restrict_default_security_group: 1 }\n", "schema-type",
            "expected a boolean, found the integer '1'", 3, 45);
    expect1(BASE "network: {}\ndatabase: { parameters: { a: [1] } }\n", "schema-type",
            "expected a string, a number or a boolean, found a list", 4, 30);
    expect1(BASE "network: {}\ndatabase: { parameters: { a: .nan } }\n", "schema-type",
            "'.nan' is not a finite number", 4, 30);
    expect1("- 1\n", "schema-type", "expected a map, found a list", 1, 1);
}

static void test_enum(void **state)
{
    (void)state;
    expect1(BASE "network: { nat: double }\n", "schema-enum",
            "'double' is not one of: none, single, per-az, regional, instance", 3, 17);
    expect1(
        BASE "network: { nat: singel }\n", "schema-enum",
        "'singel' is not one of: none, single, per-az, regional, instance; did you mean 'single'?",
        3, 17);
    expect1(
        BASE "network: { nat: PER-AZ }\n", "schema-enum",
        "'PER-AZ' is not one of: none, single, per-az, regional, instance; did you mean 'per-az'?",
        3, 17);
    expect1(BASE "network: {}\ndatabase: { monitoring_interval: 2 }\n", "schema-enum",
            "'2' is not one of: 0, 1, 5, 10, 15, 30, 60", 4, 34);
    expect1(BASE "network: { endpoints: [s3, sqs] }\n", "schema-enum",
            "'sqs' is not one of: s3, dynamodb, ssm, secretsmanager, ecr, logs", 3, 28);
}

static void test_const(void **state)
{
    (void)state;
    expect1("vpcgen: 2\nname: demo\nnetwork: {}\n", "schema-const",
            "'2' is not a supported spec version (this vpcgen supports 1)", 1, 9);
    expect1("vpcgen: \"1\"\nname: demo\nnetwork: {}\n", "schema-type",
            "expected an integer, found the string '1' (remove the quotes)", 1, 9);
}

static void test_pattern(void **state)
{
    (void)state;
    const char *stack_name = "'%s' is not a valid stack name (lowercase letters, digits and "
                             "single hyphens, 2-32 characters, starting with a letter and not "
                             "ending with a hyphen)";
    char msg[300];
    static const char *const bad[] = {"Demo",  "a--b", "demo-",
                                      "1demo", "d",    "abcdefghijklmnopqrstuvwxyzabcdefg"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char yaml[200];
        snprintf(yaml, sizeof yaml, "vpcgen: 1\nname: %s\nnetwork: {}\n", bad[i]);
        snprintf(msg, sizeof msg, stack_name, bad[i]);
        expect1(yaml, "schema-pattern", msg, 2, 7);
    }
    expect_valid("vpcgen: 1\nname: a-b-c-0\nnetwork: {}\n");
    expect_valid("vpcgen: 1\nname: abcdefghijklmnopqrstuvwxyzabcdef\nnetwork: {}\n");
    static const char *const cidrs[] = {"10.20.300.0/24", "10.0.0.0/33", "010.0.0.0/16",
                                        "10.0.0/16",      "10.0.0.0",    "10.0.0.0/016"};
    for (size_t i = 0; i < sizeof cidrs / sizeof cidrs[0]; i++) {
        char yaml[200];
        snprintf(yaml, sizeof yaml, BASE "network:\n  cidr: %s\n", cidrs[i]);
        snprintf(msg, sizeof msg, "'%s' is not an IPv4 CIDR block", cidrs[i]);
        expect1(yaml, "schema-pattern", msg, 4, 9);
    }
    /* $ref: allowed_cidrs items are the cidr definition */
    expect1(BASE "network: {}\nbastion: { access: ssh, allowed_cidrs: [1.2.3.4/32, 1.2.3/8] }\n",
            "schema-pattern", "'1.2.3/8' is not an IPv4 CIDR block", 4, 53);
    expect1(BASE "region: eu-west\nnetwork: {}\n", "schema-pattern",
            "'eu-west' is not an AWS region name such as eu-west-1", 3, 9);
    /* $ is the end of the text, not before a final newline */
    expect1(BASE "network: {}\ndatabase: { version: \"17\\n\" }\n", "schema-pattern",
            "'17...' is not a version number such as 17 or 8.4 (aurora-mysql: 3, 3.08, 3.08.0 or "
            "8.0.mysql_aurora.3.08.0)",
            4, 22);
}

static void test_range(void **state)
{
    (void)state;
    expect1(BASE "network: { azs: 7 }\n", "schema-range", "'7' is out of range (2..6)", 3, 17);
    expect1(BASE "network: { azs: 1 }\n", "schema-range", "'1' is out of range (2..6)", 3, 17);
    expect1(BASE "network: {}\ndatabase: { replicas: -1 }\n", "schema-range",
            "'-1' is out of range (0..15)", 4, 23);
    expect1(BASE "network: {}\ndatabase: { port: 99999999999999999999 }\n", "schema-range",
            "'99999999999999999999' is out of range (1150..65535)", 4, 19);
    expect1(BASE "network:\n  subnets: { public: { mask: 29 } }\n", "schema-range",
            "'29' is out of range (16..28)", 4, 30);
    expect_valid(BASE "network: {}\ndatabase: { port: 1150, replicas: 5 }\n");
}

static void test_length(void **state)
{
    (void)state;
    char yaml[2048] = BASE "network: {}\ndescription: ";
    for (int i = 0; i < 1025; i++)
        strcat(yaml, "x");
    strcat(yaml, "\n");
    expect1(yaml, "schema-length", "'description' is too long (1025 characters; at most 1024)", 4,
            14);
    expect1(BASE "network: {}\nbastion: { key_name: \"\" }\n", "schema-length",
            "'key_name' is too short (0 characters; at least 1)", 4, 22);
    expect1(BASE "network: { azs: [eu-west-1a] }\n", "schema-length",
            "'azs' has 1 item (at least 2)", 3, 17);
    expect1(BASE
            "network: { azs: [ab-c-1a, ab-c-1b, ab-c-1c, ab-c-1d, ab-c-1e, ab-c-1f, ab-c-1g] }\n",
            "schema-length", "'azs' has 7 items (at most 6)", 3, 17);
    expect1(BASE "network: { subnets: { public: [] } }\n", "schema-length",
            "'public' has 0 items (at least 1)", 3, 31);
    expect1(BASE "network: { subnets: {} }\n", "schema-length", "'subnets' has 0 keys (at least 1)",
            3, 12);
}

static void test_required(void **state)
{
    (void)state;
    expect1("vpcgen: 1\nnetwork: {}\n", "schema-required", "missing required key 'name'", 0, 0);
    expect1(BASE "network:\n  subnets:\n    public: {}\n", "schema-required",
            "missing required key 'mask'", 5, 5);
    expect1(BASE "network:\n  subnets:\n    public:\n      - { az: eu-west-1a }\n",
            "schema-required", "missing required key 'cidr'", 6, 9);
    assert_int_equal(run("name: demo\n"), 2);
    assert_true(has("schema-required", "missing required key 'vpcgen'"));
    assert_true(has("schema-required", "missing required key 'network'"));
}

static void test_unknown_keys(void **state)
{
    (void)state;
    expect1(BASE "netwrok: {}\nnetwork: {}\n", "schema-unknown-key",
            "unknown key 'netwrok'; did you mean 'network'?", 3, 1);
    /* the misspelt required key is not also reported missing */
    expect1(BASE "netwrok: {}\n", "schema-unknown-key",
            "unknown key 'netwrok'; did you mean 'network'?", 3, 1);
    expect1(BASE "network: {}\nbastion:\n  instance_typ: t4g.nano\n", "schema-unknown-key",
            "unknown key 'instance_typ' in 'bastion'; did you mean 'instance_type'?", 5, 3);
    expect1(BASE "network: {}\nbastion: { foo: 1 }\n", "schema-unknown-key",
            "unknown key 'foo' in 'bastion' (expected one of: access, instance_type, "
            "allowed_cidrs, allow_world, key_name)",
            4, 12);
    expect1(BASE "network: {}\ndatabase: { zzz: 1 }\n", "schema-unknown-key",
            "unknown key 'zzz' in 'database'", 4, 13);
    expect1(BASE "network: { subnets: { publci: { mask: 24 } } }\n", "schema-unknown-key",
            "unknown key 'publci' in 'network.subnets'; did you mean 'public'?", 3, 23);
    expect1(BASE "network: {}\nenvironments: { prod: { vpcgen: 1 } }\n", "schema-unknown-key",
            "unknown key 'vpcgen' in 'environments.prod' (expected one of: defaults, accept, "
            "name, description, region, tags, encryption, network, bastion, database)",
            4, 25);
    /* the forbidden key is never suggested */
    expect1(BASE "network: {}\ndatabase: { passwd: x }\n", "schema-unknown-key",
            "unknown key 'passwd' in 'database'", 4, 13);
}

static void test_key_type(void **state)
{
    (void)state;
    expect1(BASE "network: {}\n1: x\n", "schema-key-type",
            "keys must be strings; found the integer '1'", 4, 1);
    expect1(BASE "network: {}\ntrue: x\n", "schema-key-type",
            "keys must be strings; found the boolean 'true'", 4, 1);
    expect1(BASE "network: {}\ntags: { 1.5: x }\n", "schema-key-type",
            "keys must be strings; found the float '1.5'", 4, 9);
    /* yes is a string key in YAML 1.2: unknown, not mistyped */
    expect1(BASE "network: {}\nyes: x\n", "schema-unknown-key",
            "unknown key 'yes' (expected one of: vpcgen, defaults, accept, name, description, "
            "region, tags, encryption, network, bastion, database, environments)",
            4, 1);
}

static void test_unique(void **state)
{
    (void)state;
    assert_int_equal(run(BASE "network: { endpoints: [s3, ssm, s3] }\n"), 1);
    assert_int_equal(R.n, 2);
    assert_string_equal(R.r[0].msg, "duplicate 's3' in 'endpoints'");
    assert_string_equal(R.r[0].code, "schema-unique");
    assert_int_equal(R.r[0].col, 33);
    assert_string_equal(R.r[1].sev, "note");
    assert_string_equal(R.r[1].msg, "first listed here");
    assert_int_equal(R.r[1].col, 24);
    assert_int_equal(
        run(BASE "network: { azs: [eu-west-1a, eu-west-1b, eu-west-1a, eu-west-1a] }\n"), 2);
    expect_valid(BASE "network: { endpoints: [s3, \"ssm\"] }\n");
    expect_valid(BASE "network: { endpoints: [] }\n"); /* nothing to compare */
}

static void test_one_of(void **state)
{
    (void)state;
    expect_valid(BASE "network: { azs: 3 }\n");
    expect_valid(BASE "network: { azs: [us-gov-west-1a, us-gov-west-1b] }\n");
    expect1(BASE "network: { azs: two }\n", "schema-type",
            "expected an integer or a list, found the string 'two'", 3, 17);
    expect1(BASE "network: { azs: [eu-west-1a, euwest1b] }\n", "schema-pattern",
            "'euwest1b' is not an availability zone name such as eu-west-1a", 3, 30);
    expect1(BASE "network:\n  subnets:\n    public: 24\n", "schema-type",
            "expected a map or a list, found the integer '24'", 5, 13);
    expect1(BASE "network:\n  subnets:\n    public: { mask: 24, az: x }\n", "schema-unknown-key",
            "unknown key 'az' in 'network.subnets.public' (expected one of: mask)", 5, 25);
    expect1(BASE "network:\n  subnets:\n    public: []\n", "schema-length",
            "'public' has 0 items (at least 1)", 5, 13);
    expect_valid(BASE "network: { flow_logs: true }\n");
    expect_valid(BASE "network: { flow_logs: { traffic: ALL } }\n");
    expect1(BASE "network: { flow_logs: { retention_days: 91 } }\n", "schema-enum",
            "'91' is not one of: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, "
            "1096, 1827, 2192, 2557, 2922, 3288, 3653",
            3, 41);
    expect1(BASE "network: { flow_logs: 7 }\n", "schema-type",
            "expected a boolean or a map, found the integer '7'", 3, 23);
    expect1(BASE "network: { flow_logs: off }\n", "schema-type",
            "'off' is a string in YAML 1.2 (a boolean in YAML 1.1); write false", 3, 23);
}

static void test_forbidden(void **state)
{
    (void)state;
    expect1(BASE "network: {}\ndatabase:\n  password: hunter2\n", "schema-forbidden",
            "'password' is not allowed: no secret is ever written in a spec, a template or "
            "Terraform state; the master password is generated and kept in Secrets Manager",
            5, 3);
    expect1(BASE "network: {}\nenvironments: { prod: { database: { password: x } } }\n",
            "schema-forbidden",
            "'password' is not allowed: no secret is ever written in a spec, a template or "
            "Terraform state; the master password is generated and kept in Secrets Manager",
            4, 37);
}

static void test_property_names(void **state)
{
    (void)state;
    expect1(BASE "network: {}\ntags: { \"aws:cost\": x }\n", "schema-pattern",
            "'aws:cost' is not a valid tag key (1-128 letters, digits, spaces and _.:/=+@-, not "
            "starting with 'aws:')",
            4, 9);
    expect1(BASE "network: {}\ntags: { \"a\\u00e9\": x }\n", "schema-pattern",
            "'a\xc3\xa9' is not a valid tag key (1-128 letters, digits, spaces and _.:/=+@-, not "
            "starting with 'aws:')",
            4, 9);
    expect1(BASE "network: {}\nenvironments: { Prod: {} }\n", "schema-pattern",
            "'Prod' is not a valid environment name (lowercase letters, digits and hyphens, "
            "starting with a letter, at most 32 characters)",
            4, 17);
    expect_valid(BASE "network: {}\nenvironments: { prod: {}, staging-2: { name: demo-2 } }\n");
}

/* ---- YAML 1.1 forms where an integer or a boolean is expected --------------------------- */

static void test_yaml11(void **state)
{
    (void)state;
    expect1(BASE "network: {}\ndatabase: { multi_az: NO }\n", "schema-type",
            "'NO' is a string in YAML 1.2 (a boolean in YAML 1.1); write false", 4, 23);
    expect1(BASE "network: {}\ndatabase: { multi_az: yes }\n", "schema-type",
            "'yes' is a string in YAML 1.2 (a boolean in YAML 1.1); write true", 4, 23);
    expect1(BASE "network: { restrict_default_security_group: On }\n", "schema-type",
            "'On' is a string in YAML 1.2 (a boolean in YAML 1.1); write true", 3, 45);
    expect1(BASE "network: { azs: yes }\n", "schema-type",
            "expected an integer or a list, found the string 'yes'", 3, 17);
    expect1(BASE "network: {}\ndatabase: { replicas: 010 }\n", "schema-type",
            "'010' has a leading zero (octal in YAML 1.1); write 10", 4, 23);
    expect1(BASE "network: { azs: 03 }\n", "schema-type",
            "'03' has a leading zero (octal in YAML 1.1); write 3", 3, 17);
    expect1(BASE "network: {}\ndatabase: { replicas: 0o3 }\n", "schema-type",
            "'0o3' is not a decimal integer; write 3", 4, 23);
    expect1(BASE "network: {}\ndatabase: { port: 0x50 }\n", "schema-type",
            "'0x50' is not a decimal integer; write 80", 4, 19);
    expect1(BASE "network: {}\ndatabase: { backup: { retention_days: 1:20 } }\n", "schema-type",
            "'1:20' is not an integer (sexagesimal numbers are YAML 1.1)", 4, 39);
    expect1(BASE "network: {}\ndatabase: { storage: { size_gb: 1_000 } }\n", "schema-type",
            "'1_000' is not an integer (digit separators are YAML 1.1)", 4, 33);
    expect1(BASE "network: {}\ndatabase: { port: 0b101 }\n", "schema-type",
            "'0b101' is not a decimal integer (binary numbers are YAML 1.1)", 4, 19);
    expect1(BASE "network: {}\ndatabase: { storage: { size_gb: 1e3 } }\n", "schema-type",
            "expected an integer, found the float '1e3'", 4, 33);
    expect1(BASE "network: {}\ndatabase: { storage: { size_gb: .inf } }\n", "schema-type",
            "expected an integer, found the float '.inf'", 4, 33);
    expect1(BASE "network: {}\ndatabase: { replicas: 1.0 }\n", "schema-type",
            "expected an integer, found the float '1.0'", 4, 23);
    expect1(BASE "network: { azs: \"2\" }\n", "schema-type",
            "expected an integer, found the string '2' (remove the quotes)", 3, 17);
    expect1(BASE "network: {}\ndatabase: { multi_az: \"true\" }\n", "schema-type",
            "expected a boolean, found the string 'true' (remove the quotes)", 4, 23);
    /* where a string is expected, yes and 010 are fine as written or quoted */
    expect_valid(BASE "network: {}\ndatabase: { parameters: { a: on, b: \"010\" } }\n");
    /* but a parameter value of 0x50 is ambiguous */
    expect1(BASE "network: {}\ndatabase: { parameters: { a: 0x50 } }\n", "schema-type",
            "'0x50' is not a decimal integer; write 80", 4, 30);
}

static void test_multiple_errors(void **state)
{
    (void)state;
    int n = run("vpcgen: 2\n"
                "name: Demo\n"
                "netwrok: {}\n"
                "network:\n"
                "  nat: some\n"
                "  azs: 9\n"
                "  endpoints: [s3, s3]\n"
                "database:\n"
                "  password: x\n"
                "  multi_az: yes\n");
    if (n != 8)
        dump();
    assert_int_equal(n, 8);
    assert_true(
        has("schema-const", "'2' is not a supported spec version (this vpcgen supports 1)"));
    assert_true(has("schema-unknown-key", "unknown key 'netwrok'; did you mean 'network'?"));
    assert_true(
        has("schema-enum", "'some' is not one of: none, single, per-az, regional, instance"));
    assert_true(has("schema-range", "'9' is out of range (2..6)"));
    assert_true(has("schema-unique", "duplicate 's3' in 'endpoints'"));
    assert_true(
        has("schema-type", "'yes' is a string in YAML 1.2 (a boolean in YAML 1.1); write true"));
    /* sorted by position */
    for (int i = 1; i < R.n; i++)
        assert_true(R.r[i - 1].line <= R.r[i].line);
}

/* ---- hand-built trees: the engine apart from the loader -------------------------------- */

static arena *HA;
static int hline;

static node *mk(node_kind kind)
{
    node *n = arena_alloc(HA, sizeof *n);
    n->kind = kind;
    hline++;
    n->loc = (srcloc){"h.yaml", hline, 1, hline, 2};
    return n;
}

static node *scalar(const char *text, scalar_type type, int_form iform, int64_t ival, bool quoted)
{
    node *n = mk(NODE_SCALAR);
    n->text = text;
    n->len = strlen(text);
    n->type = type;
    n->iform = iform;
    n->ival = ival;
    n->bval = type == SCALAR_BOOL && text[0] == 't';
    n->quoted = quoted;
    return n;
}

static node *str(const char *text)
{
    return scalar(text, SCALAR_STR, INT_DECIMAL, 0, false);
}

static node *integer(int64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    return scalar(arena_strdup(HA, buf), SCALAR_INT, INT_DECIMAL, v, false);
}

/* map(n, key0, value0, ...): keys are nodes */
static node *map(int npairs, ...)
{
    node *m = mk(NODE_MAP);
    m->count = (size_t)npairs;
    m->pairs = arena_array(HA, m->count, sizeof *m->pairs);
    va_list ap;
    va_start(ap, npairs);
    for (int i = 0; i < npairs; i++) {
        m->pairs[i].key = va_arg(ap, node *);
        m->pairs[i].value = va_arg(ap, node *);
    }
    va_end(ap);
    return m;
}

static node *seq(int nitems, ...)
{
    node *s = mk(NODE_SEQ);
    s->count = (size_t)nitems;
    s->items = arena_array(HA, s->count, sizeof *s->items);
    va_list ap;
    va_start(ap, nitems);
    for (int i = 0; i < nitems; i++)
        s->items[i] = va_arg(ap, node *);
    va_end(ap);
    return s;
}

static int run_tree(node *(*build)(void))
{
    HA = arena_new();
    hline = 0;
    diag_sink *d = diag_new(HA);
    bool ok = schema_validate(S, build(), d);
    int n = diag_error_count(d);
    assert_true(ok == (n == 0));
    collect(d);
    arena_free(HA);
    return n;
}

static node *tree_valid(void)
{
    return map(
        3, str("vpcgen"), integer(1), str("name"), str("demo"), str("network"),
        map(2, str("azs"), seq(2, str("eu-west-1a"), str("eu-west-1b")), str("nat"), str("none")));
}

static node *tree_bad(void)
{
    return map(5, str("vpcgen"), integer(1), str("name"), str("demo"), str("network"),
               map(2, str("azs"), scalar("07", SCALAR_INT, INT_LEADING_ZERO, 7, false),
                   str("reserve_azs"), scalar("4", SCALAR_STR, INT_DECIMAL, 0, true)),
               scalar("2", SCALAR_INT, INT_DECIMAL, 2, false), str("x"), str("Bastion"), map(0));
}

static void test_hand_built(void **state)
{
    (void)state;
    assert_int_equal(run_tree(tree_valid), 0);
    assert_int_equal(run_tree(tree_bad), 4);
    assert_true(has("schema-type", "'07' has a leading zero (octal in YAML 1.1); write 7"));
    assert_true(
        has("schema-type", "expected an integer, found the string '4' (remove the quotes)"));
    assert_true(has("schema-key-type", "keys must be strings; found the integer '2'"));
    assert_true(has("schema-unknown-key", "unknown key 'Bastion'; did you mean 'bastion'?"));
}

/* ---- defaults, edit distance ---------------------------------------------------------- */

static void test_defaults(void **state)
{
    (void)state;
    assert_string_equal(fj_string(schema_default(S, "network.nat")), "single");
    assert_string_equal(fj_string(schema_default(S, "network.cidr")), "10.0.0.0/16");
    assert_int_equal(fj_integer(schema_default(S, "network.azs")), 2);
    assert_int_equal(fj_integer(schema_default(S, "network.reserve_azs")), 4);
    assert_true(fj_is_true(schema_default(S, "network.flow_logs")));
    assert_int_equal(fj_integer(schema_default(S, "network.flow_logs.retention_days")), 365);
    assert_string_equal(fj_string(schema_default(S, "network.flow_logs.traffic")), "REJECT");
    assert_int_equal(fj_integer(schema_default(S, "database.backup.retention_days")), 7);
    assert_int_equal(fj_integer(schema_default(S, "database.storage.size_gb")), 20);
    assert_null(schema_default(S, "database.port")); /* engine defaults */
    assert_null(schema_default(S, "database.version"));
    assert_string_equal(fj_string(schema_default(S, "bastion.instance_type")), "t4g.nano");
    assert_string_equal(fj_string(schema_default(S, "description")), "");
    const fjson *subnets = schema_default(S, "network.subnets");
    assert_int_equal(fj_integer(fj_get(fj_get(subnets, "private"), "mask")), 20);
    assert_int_equal(fj_integer(fj_get(schema_default(S, "network.subnets.public"), "mask")), 24);
    const fjson *endpoints = schema_default(S, "network.endpoints");
    assert_int_equal(fj_size(endpoints), 1);
    assert_string_equal(fj_string(fj_at(endpoints, 0)), "s3");
    assert_null(schema_default(S, "region"));
    assert_null(schema_default(S, "database.name"));
    assert_null(schema_default(S, "network.subnets.public.mask"));
    assert_null(schema_default(S, "network.nope"));
    assert_null(schema_default(S, "network..nat"));
    assert_null(schema_default(S, ""));
    assert_null(schema_default(S, "network.nat.x"));
}

static void test_edit_distance(void **state)
{
    (void)state;
    assert_int_equal(schema_edit_distance("", ""), 0);
    assert_int_equal(schema_edit_distance("abc", ""), 3);
    assert_int_equal(schema_edit_distance("", "abc"), 3);
    assert_int_equal(schema_edit_distance("network", "network"), 0);
    assert_int_equal(schema_edit_distance("netwrok", "network"), 2);
    assert_int_equal(schema_edit_distance("instance_typ", "instance_type"), 1);
    assert_int_equal(schema_edit_distance("kitten", "sitting"), 3);
    assert_int_equal(schema_edit_distance("flaw", "lawn"), 2);
}

/* ---- the schema itself ---------------------------------------------------------------- */

static json_t *schema_json(void)
{
    size_t len;
    const char *text = schema_text(&len);
    assert_true(len > 0);
    json_error_t err;
    json_t *root = json_loadb(text, len, 0, &err);
    assert_non_null(root);
    return root;
}

static const json_t *deref(const json_t *root, const json_t *sch)
{
    const json_t *ref;
    while ((ref = json_object_get(sch, "$ref")))
        sch = json_object_get(json_object_get(root, "$defs"), json_string_value(ref) + 8);
    return sch;
}

static bool forbidden(const json_t *sch)
{
    return json_is_false(sch) || json_object_get(sch, "not");
}

/* Every member of every "properties" has a description, on itself or its $ref target. */
static int check_descriptions(const json_t *root, const json_t *sch, const char *where)
{
    int missing = 0;
    const char *k;
    json_t *v;
    size_t i;
    if (json_is_array(sch)) {
        json_array_foreach((json_t *)sch, i, v)
        {
            missing += check_descriptions(root, v, where);
        }
        return missing;
    }
    if (!json_is_object(sch))
        return 0;
    json_t *props = json_object_get(sch, "properties");
    json_object_foreach(props, k, v)
    {
        if (!json_object_get(v, "description") && !json_object_get(deref(root, v), "description")) {
            fprintf(stderr, "no description: %s/properties/%s\n", where, k);
            missing++;
        }
    }
    json_object_foreach((json_t *)sch, k, v)
    {
        if (strcmp(k, "examples") != 0 && strcmp(k, "default") != 0) {
            char w[512];
            snprintf(w, sizeof w, "%s/%s", where, k);
            missing += check_descriptions(root, v, w);
        }
    }
    return missing;
}

static bool listed(const char *path)
{
    for (size_t i = 0; i < sizeof no_default / sizeof no_default[0]; i++)
        if (strcmp(no_default[i], path) == 0)
            return true;
    return false;
}

/* Every property reachable from the root (through $ref and the object branches of oneOf) has
 * a default that schema_default() finds, unless it is required, forbidden or listed; the
 * listed ones have none and say "No default", "absent" or "an engine default" in their
 * description. */
static int check_defaults(const json_t *root, const json_t *sch, const char *path)
{
    int bad = 0;
    sch = deref(root, sch);
    const json_t *branches = json_object_get(sch, "oneOf"), *b;
    size_t i;
    json_array_foreach((json_t *)branches, i, b)
    {
        bad += check_defaults(root, b, path);
    }
    const json_t *required = json_object_get(sch, "required");
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(sch, "properties"), k, v)
    {
        char full[256];
        snprintf(full, sizeof full, "%s%s%s", path, *path ? "." : "", k);
        bool req = false;
        json_t *r;
        json_array_foreach((json_t *)required, i, r)
        {
            req = req || strcmp(json_string_value(r), k) == 0;
        }
        const fjson *def = schema_default(S, full);
        if (forbidden(v))
            continue;
        if (listed(full)) {
            const char *desc = json_string_value(json_object_get(v, "description"));
            if (!desc)
                desc = json_string_value(json_object_get(deref(root, v), "description"));
            if (def || !desc ||
                (!strstr(desc, "No default") && !strstr(desc, "absent") &&
                 !strstr(desc, "an engine default") && !strstr(desc, "an epoch default"))) {
                fprintf(stderr, "listed without default but has one or does not say: %s\n", full);
                bad++;
            }
        } else if (!def && !req) {
            fprintf(stderr, "no default: %s\n", full);
            bad++;
        }
        bad += check_defaults(root, v, full);
    }
    return bad;
}

static void test_schema_consistency(void **state)
{
    (void)state;
    json_t *root = schema_json();
    assert_string_equal(json_string_value(json_object_get(root, "$schema")),
                        "https://json-schema.org/draft/2020-12/schema");
    assert_non_null(json_object_get(root, "$id"));
    assert_non_null(json_object_get(root, "title"));
    assert_non_null(json_object_get(root, "description"));
    assert_int_equal(check_descriptions(root, root, "#"), 0);
    assert_int_equal(check_defaults(root, root, ""), 0);
    json_decref(root);
}

/* Every "pattern" in the schema compiles, with the options the engine uses. */
static int compile_patterns(const json_t *sch)
{
    int bad = 0;
    const char *k;
    json_t *v;
    size_t i;
    if (json_is_array(sch)) {
        json_array_foreach((json_t *)sch, i, v)
        {
            bad += compile_patterns(v);
        }
    }
    json_object_foreach((json_t *)sch, k, v)
    {
        if (strcmp(k, "pattern") == 0 && json_is_string(v)) {
            int err;
            PCRE2_SIZE off;
            pcre2_code *re = pcre2_compile((PCRE2_SPTR)json_string_value(v), PCRE2_ZERO_TERMINATED,
                                           PCRE2_UTF | PCRE2_DOLLAR_ENDONLY, &err, &off, NULL);
            if (!re) {
                fprintf(stderr, "pattern does not compile: %s\n", json_string_value(v));
                bad++;
            }
            pcre2_code_free(re);
        } else if (strcmp(k, "examples") != 0) {
            bad += compile_patterns(v);
        }
    }
    return bad;
}

static void test_schema_patterns(void **state)
{
    (void)state;
    json_t *root = schema_json();
    assert_int_equal(compile_patterns(root), 0);
    json_decref(root);
}

static void test_schema_text(void **state)
{
    (void)state;
    size_t len = 0;
    const char *text = schema_text(&len);
    assert_int_equal(strlen(text), len);
    assert_non_null(strstr(text, "\"$schema\": \"https://json-schema.org/draft/2020-12/schema\""));
    assert_int_equal(text[len - 1], '\n');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_specs),
        cmocka_unit_test(test_type),
        cmocka_unit_test(test_enum),
        cmocka_unit_test(test_const),
        cmocka_unit_test(test_pattern),
        cmocka_unit_test(test_range),
        cmocka_unit_test(test_length),
        cmocka_unit_test(test_required),
        cmocka_unit_test(test_unknown_keys),
        cmocka_unit_test(test_key_type),
        cmocka_unit_test(test_unique),
        cmocka_unit_test(test_one_of),
        cmocka_unit_test(test_forbidden),
        cmocka_unit_test(test_property_names),
        cmocka_unit_test(test_yaml11),
        cmocka_unit_test(test_multiple_errors),
        cmocka_unit_test(test_hand_built),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_edit_distance),
        cmocka_unit_test(test_schema_consistency),
        cmocka_unit_test(test_schema_patterns),
        cmocka_unit_test(test_schema_text),
    };
    return cmocka_run_group_tests_name("schema", tests, setup, teardown);
}
