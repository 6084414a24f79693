/* test_report.c - the dot and summary targets (report.h).
 *
 * Each case runs an inline spec through the real passes (load, schema, model, plan) and checks
 * the text: exact summary rows (tier, AZ, CIDR, usable addresses, route), the arithmetic of
 * usable addresses, the route of each tier under every NAT mode, what may reach the database;
 * that both outputs are deterministic, ASCII and tidy where promised; that the diagram has its
 * clusters and its labelled edges, and that Graphviz's dot renders it without a word on stderr.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four headers it needs */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compile.h"
#include "report.h"

static schema *S;
static arena *A;

static int setup(void **state)
{
    (void)state;
    S = schema_new();
    return S ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    schema_free(S);
    return 0;
}

static int arena_setup(void **state)
{
    (void)state;
    A = arena_new();
    return 0;
}

static int arena_teardown(void **state)
{
    (void)state;
    arena_free(A);
    return 0;
}

/* The plan of yaml (env: an environment or NULL), through every pass; fails on an error. */
static plan *build_env(const char *yaml, const char *env)
{
    diag_sink *d = diag_new(A);
    spec_text in = {"t.yaml", yaml, strlen(yaml), strlen(yaml)};
    bool valid;
    node *root = compile_load(A, d, S, &in, &valid);
    model *m = root && valid ? compile_model(A, d, S, root, env, NULL) : NULL;
    if (!m || diag_error_count(d)) {
        diag_print(d, stderr, DIAG_TEXT, false);
        fail_msg("the spec was refused:\n%s", yaml);
    }
    return plan_build(A, m);
}

static plan *build(const char *yaml)
{
    return build_env(yaml, NULL);
}

/* The report as a NUL-terminated string the test frees; checks the length it gives. */
static char *summary(const plan *p)
{
    size_t len = 0;
    char *text = report_summary(p, &len);
    assert_non_null(text);
    assert_int_equal(len, strlen(text));
    return text;
}

static char *diagram(const plan *p)
{
    size_t len = 0;
    char *text = report_dot(p, &len);
    assert_non_null(text);
    assert_int_equal(len, strlen(text));
    return text;
}

static void assert_contains(const char *text, const char *want)
{
    if (!strstr(text, want))
        fail_msg("expected\n%s\nin:\n%s", want, text);
}

/* The summary row of a subnet (or other first column) id, without the indent, in buf. */
static const char *row_of(const char *text, const char *id, char *buf, size_t n)
{
    char key[80];
    snprintf(key, sizeof key, "\n  %s ", id);
    const char *at = strstr(text, key);
    if (!at) {
        fail_msg("no row for %s in:\n%s", id, text);
        *buf = '\0'; /* not reached: fail_msg jumps out of the test */
        return buf;
    }
    at += 3;
    size_t len = strcspn(at, "\n");
    snprintf(buf, n, "%.*s", (int)(len < n ? len : n - 1), at);
    return buf;
}

/* The last column of a subnet's row: its route ("igw", "nat (nat_gateway_1)", "none"). Columns
 * are two or more spaces apart; no cell holds two spaces in a row. */
static const char *route_of(const char *text, const char *id, char *buf, size_t n)
{
    row_of(text, id, buf, n);
    char *last = buf;
    for (char *c = buf; (c = strstr(c, "  ")) != NULL; c++)
        last = c;
    while (*last == ' ')
        last++;
    memmove(buf, last, strlen(last) + 1);
    return buf;
}

#define WAGTAIL                                                                                    \
    "vpcgen: 1\nname: wagtail-prod\ndescription: Wagtail CMS\nregion: eu-west-1\n"                 \
    "network:\n  cidr: 10.20.0.0/16\n  azs: 2\n  nat: single\n  endpoints: [s3]\n"                 \
    "  subnets: { public: { mask: 24 }, private: { mask: 20 }, database: { mask: 24 } }\n"         \
    "bastion: { access: ssm, instance_type: t4g.nano }\n"                                          \
    "database:\n  engine: postgres\n  version: \"17\"\n  instance_class: db.t4g.medium\n"          \
    "  multi_az: true\n  replicas: 1\n"

/* ---- summary ---------------------------------------------------------------------------- */

static void test_summary_subnet_rows(void **state)
{
    (void)state;
    char *text = summary(build(WAGTAIL));
    char buf[200];
    assert_string_equal(row_of(text, "public_subnet_1", buf, sizeof buf),
                        "public_subnet_1    public    AZ 1  10.20.0.0/24      251  igw");
    assert_string_equal(
        row_of(text, "private_subnet_2", buf, sizeof buf),
        "private_subnet_2   private   AZ 2  10.20.32.0/20    4091  nat (nat_gateway_1)");
    assert_string_equal(row_of(text, "database_subnet_1", buf, sizeof buf),
                        "database_subnet_1  database  AZ 1  10.20.4.0/24      251  none");
    assert_contains(
        text, "\nSubnets\n  SUBNET             TIER      AZ    CIDR           USABLE  ROUTE\n");
    assert_contains(text, "\n  nat_gateway_1  AZ 1  public_subnet_1  nat_eip_1   "
                          "private_subnet_1, private_subnet_2\n");
    free(text);
}

/* usable = 2^(32 - prefix) - 5 for every mask the schema allows at either end and between */
static void test_summary_usable_addresses(void **state)
{
    (void)state;
    static const struct {
        int mask;
        const char *usable;
    } cases[] = {{24, "251"}, {20, "4091"}, {28, "11"}, {26, "59"}, {18, "16379"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char yaml[300], buf[200], want[40];
        snprintf(yaml, sizeof yaml,
                 "vpcgen: 1\nname: sizes\nnetwork:\n  cidr: 10.0.0.0/16\n  nat: none\n"
                 "  subnets: { private: { mask: %d } }\n",
                 cases[i].mask);
        arena_free(A);
        A = arena_new();
        char *text = summary(build(yaml));
        snprintf(want, sizeof want, "/%d ", cases[i].mask);
        const char *c = strstr(row_of(text, "private_subnet_1", buf, sizeof buf), want);
        assert_non_null(c);
        for (c += strlen(want); *c == ' '; c++)
            ;
        snprintf(want, sizeof want, "%s  none", cases[i].usable);
        if (strcmp(c, want) != 0)
            fail_msg("/%d: expected '%s' after the CIDR in '%s'", cases[i].mask, want, buf);
        free(text);
    }
}

static void test_summary_routes_by_nat_mode(void **state)
{
    (void)state;
    static const struct {
        const char *nat;
        const char *private1, *private2;
    } cases[] = {
        {"none", "none", "none"},
        {"single", "nat (nat_gateway_1)", "nat (nat_gateway_1)"},
        {"per-az", "nat (nat_gateway_1)", "nat (nat_gateway_2)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char yaml[200], buf[200];
        snprintf(yaml, sizeof yaml, "vpcgen: 1\nname: routes\nnetwork: { azs: 2, nat: %s }\n",
                 cases[i].nat);
        arena_free(A);
        A = arena_new();
        char *text = summary(build(yaml));
        assert_string_equal(route_of(text, "public_subnet_1", buf, sizeof buf), "igw");
        assert_string_equal(route_of(text, "public_subnet_2", buf, sizeof buf), "igw");
        assert_string_equal(route_of(text, "private_subnet_1", buf, sizeof buf), cases[i].private1);
        assert_string_equal(route_of(text, "private_subnet_2", buf, sizeof buf), cases[i].private2);
        assert_string_equal(route_of(text, "database_subnet_1", buf, sizeof buf), "none");
        assert_string_equal(route_of(text, "database_subnet_2", buf, sizeof buf), "none");
        if (strcmp(cases[i].nat, "none") == 0)
            assert_contains(text, "\nNAT gateways\n  none\n");
        free(text);
    }
}

static void test_summary_database_and_bastion(void **state)
{
    (void)state;
    char *text = summary(build(WAGTAIL));
    assert_contains(text, "\nDatabase access\n"
                          "  SOURCE                            PORT      RULE                      "
                          "DESCRIPTION\n"
                          "  app_security_group                tcp/5432  database_ingress_app      "
                          "PostgreSQL from the application\n"
                          "  bastion_security_group (bastion)  tcp/5432  database_ingress_bastion  "
                          "PostgreSQL from the bastion (migrations tunnel)\n");
    assert_contains(text, "\n  access    ssm (Session Manager, no inbound)\n");
    assert_contains(text, "\n  subnet    private_subnet_1 (AZ 1)\n");
    assert_contains(text, "\n  engine       PostgreSQL (postgres)\n");
    assert_contains(text, "\n  Multi-AZ     yes (a standby in another AZ)\n");
    assert_contains(text, "\n  credentials  secret db_secret, generated by the stack (user ");
    assert_contains(text, "\n  replica      database_replica_1 in AZ 2 (database_subnet_2)\n");
    assert_contains(text, "\n  tunnel_command         Opens a tunnel");
    free(text);

    /* an ssh bastion, AZs by name, no replicas: RDS manages the password */
    arena_free(A);
    A = arena_new();
    text = summary(build("vpcgen: 1\nname: shop\nregion: us-east-1\n"
                         "network: { azs: [us-east-1a, us-east-1b], nat: per-az }\n"
                         "bastion: { access: ssh, allowed_cidrs: [203.0.113.0/24] }\n"
                         "database: { engine: mysql }\n"));
    char buf[200];
    assert_string_equal(row_of(text, "public_subnet_2", buf, sizeof buf),
                        "public_subnet_2    public    us-east-1b  10.0.1.0/24      251  igw");
    assert_contains(text, "\n  ingress    tcp/22 from 203.0.113.0/24\n");
    assert_contains(text, "\n  public IP  bastion_eip (Elastic IP)\n");
    assert_contains(text, "tcp/3306  database_ingress_app ");
    assert_contains(text, "\n  credentials  managed and rotated by RDS in Secrets Manager (user ");
    assert_contains(text,
                    "\n  subnets      db_subnet_group: database_subnet_1, database_subnet_2\n");
    free(text);

    /* neither: the sections say so */
    arena_free(A);
    A = arena_new();
    text = summary(build("vpcgen: 1\nname: bare\nnetwork: {}\n"));
    assert_contains(text, "\nDatabase access\n  none\n");
    assert_contains(text, "\nBastion\n  none\n");
    assert_contains(text, "\nDatabase\n  none\n");
    free(text);
}

/* ASCII, no trailing spaces, a final newline, the same bytes every time */
static void test_summary_is_tidy(void **state)
{
    (void)state;
    plan *p = build("vpcgen: 1\nname: tidy\n"
                    "description: \"caf\\u00e9 \\u2615 \\\"q\\\" \\\\ x \\t\\n\"\n"
                    "network: {}\ndatabase: {}\n");
    char *text = summary(p), *again = summary(p);
    assert_string_equal(text, again);
    const char *title = "Summary of tidy: caf? ? \"q\" \\ x\n";
    assert_true(strncmp(text, title, strlen(title)) == 0);
    for (const char *c = text; *c; c++) {
        if ((unsigned char)*c > 0x7E || ((unsigned char)*c < 0x20 && *c != '\n'))
            fail_msg("byte 0x%02x at offset %td", (unsigned char)*c, c - text);
        if (*c == '\n' && c > text && c[-1] == ' ')
            fail_msg("trailing space before offset %td", c - text);
    }
    assert_int_equal(text[strlen(text) - 1], '\n');
    free(text);
    free(again);
}

/* ---- dot -------------------------------------------------------------------------------- */

/* Renders text with Graphviz (dot -Tsvg); returns what it printed on stderr (malloc'd), or
 * NULL when dot is not installed. */
static char *render(const char *text, int *status)
{
    if (system("command -v dot >/dev/null 2>&1") != 0)
        return NULL;
    char path[] = "/tmp/test_report_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    char cmd[120];
    snprintf(cmd, sizeof cmd, "dot -Tsvg -o /dev/null %s 2>&1", path);
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    char *out = calloc(1, 4096);
    size_t n = fread(out, 1, 4095, f);
    out[n] = '\0';
    *status = pclose(f);
    unlink(path);
    return out;
}

static void assert_renders(const char *text)
{
    int status = 0;
    char *err = render(text, &status);
    if (!err) {
        skip(); /* no Graphviz here: the other checks still ran */
        return;
    }
    if (*err || status != 0)
        fail_msg("dot -Tsvg said (status %d):\n%s\nfor:\n%s", status, err, text);
    free(err);
}

static void test_dot_clusters_and_edges(void **state)
{
    (void)state;
    char *text = diagram(build(WAGTAIL));
    assert_true(strncmp(text, "digraph \"wagtail-prod\" {\n", 25) == 0);
    assert_contains(text, "subgraph \"cluster_vpc\" {\n");
    assert_contains(text, "label=\"wagtail-prod-vpc\\n10.20.0.0/16\"");
    assert_contains(text, "subgraph \"cluster_az_1\" {\n");
    assert_contains(text, "subgraph \"cluster_az_2\" {\n");
    assert_contains(text, "label=\"AZ 2\"");
    assert_contains(text, "subgraph \"cluster_public_subnet_1\" {\n");
    assert_contains(text, "\"database_subnet_2\" [shape=plaintext, style=\"\", "
                          "label=\"10.20.5.0/24\\n251 usable addresses\"];\n");
    /* who may connect to the database, and on which port */
    assert_contains(text, "\"app_security_group\" -> \"database\" [color=\"#b03a2e\", "
                          "fontcolor=\"#b03a2e\", label=\"tcp/5432\"];\n");
    assert_contains(text, "\"bastion\" -> \"database\" [color=\"#b03a2e\", "
                          "fontcolor=\"#b03a2e\", label=\"tcp/5432\"];\n");
    /* routes: public to the internet gateway, private to the NAT, database nowhere */
    assert_contains(text, "\"internet_gateway\" -> \"public_route_table\" [dir=back, "
                          "penwidth=1.5, label=\"0.0.0.0/0\"];\n");
    assert_contains(text, "\"nat_gateway_1\" -> \"private_route_table\" [dir=back");
    assert_null(strstr(text, "-> \"database_route_table\""));
    /* the ssm path; the replica in AZ 2 */
    assert_contains(text, "\"ssm\" -> \"bastion\" [dir=back, style=dashed");
    assert_contains(text, "\"database_replica_1\" -> \"database\" [dir=back, style=dashed, "
                          "label=\"replication\"];\n");
    const char *az2 = strstr(text, "subgraph \"cluster_database_subnet_2\"");
    assert_non_null(az2);
    assert_non_null(strstr(az2, "\"database_replica_1\" [shape=cylinder"));
    assert_renders(text);
    free(text);
}

static void test_dot_ssh_and_names(void **state)
{
    (void)state;
    char *text = diagram(build("vpcgen: 1\ndefaults: 2026-12\nname: shop\nregion: us-east-1\n"
                               "description: 'a \"quoted\" \\ stack'\n"
                               "network: { azs: [us-east-1a, us-east-1b, us-east-1c], nat: per-az, "
                               "endpoints: [s3, ssm, logs] }\n"
                               "bastion: { access: ssh, allowed_cidrs: [203.0.113.0/24, "
                               "198.51.100.7/32] }\n"
                               "database: { engine: mysql, replicas: 2 }\n"));
    assert_contains(text, "label=\"shop\\na \\\"quoted\\\" \\\\ stack\"");
    assert_contains(text, "label=\"us-east-1c\"");
    assert_contains(text, "\"bastion_ingress_ssh_2\" -> \"bastion\" [color=\"#b03a2e\", "
                          "fontcolor=\"#b03a2e\", label=\"tcp/22\"];\n");
    assert_contains(text, "\"bastion\" -> \"database\" [color=\"#b03a2e\", "
                          "fontcolor=\"#b03a2e\", label=\"tcp/3306\"];\n");
    assert_contains(text, "\"nat_gateway_3\" -> \"private_route_table_3\" [dir=back");
    assert_null(strstr(text, "\"ssm\" ->")); /* ssh: no Systems Manager path */
    /* a single-AZ primary is drawn in the first database subnet (2026-12 places it there) */
    const char *db1 = strstr(text, "subgraph \"cluster_database_subnet_1\"");
    const char *db2 = strstr(text, "subgraph \"cluster_database_subnet_2\"");
    const char *primary = strstr(text, "\"database\" [shape=cylinder");
    assert_true(db1 && db2 && primary && db1 < primary && primary < db2);
    assert_renders(text);
    free(text);

    /* an ssm bastion without NAT reaches Systems Manager through its endpoint */
    arena_free(A);
    A = arena_new();
    text = diagram(build("vpcgen: 1\nname: quiet\nnetwork:\n  nat: none\n  endpoints: [ssm]\n"
                         "  subnets: { private: { mask: 22 }, database: { mask: 26 } }\n"
                         "bastion: {}\ndatabase: { multi_az: true, replicas: 2 }\n"));
    assert_contains(text, "\"bastion\" -> \"ssm_endpoint\" [style=dashed");
    assert_contains(text, "\"ssm\" -> \"ssm_endpoint\" [dir=back, style=dashed];\n");
    assert_renders(text);
    free(text);
}

/* the same bytes every time, and from a plan built afresh */
static void test_dot_is_deterministic(void **state)
{
    (void)state;
    char *one = diagram(build(WAGTAIL)), *two = diagram(build(WAGTAIL));
    assert_string_equal(one, two);
    char *staging =
        diagram(build_env(WAGTAIL "environments:\n  staging:\n    name: wagtail-staging\n"
                                  "    database: { multi_az: false, replicas: 0 }\n",
                          "staging"));
    assert_contains(staging, "digraph \"wagtail-staging\"");
    assert_null(strstr(staging, "database_replica_1"));
    assert_renders(staging);
    free(one);
    free(two);
    free(staging);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_summary_subnet_rows, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(test_summary_usable_addresses, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(test_summary_routes_by_nat_mode, arena_setup,
                                        arena_teardown),
        cmocka_unit_test_setup_teardown(test_summary_database_and_bastion, arena_setup,
                                        arena_teardown),
        cmocka_unit_test_setup_teardown(test_summary_is_tidy, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(test_dot_clusters_and_edges, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(test_dot_ssh_and_names, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(test_dot_is_deterministic, arena_setup, arena_teardown),
    };
    return cmocka_run_group_tests_name("report", tests, setup, teardown);
}
