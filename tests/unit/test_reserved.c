/* test_reserved.c - the master user names RDS refuses (reserved.h, reserved_gen.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "reserved.h"

static const char *const engines[] = {"postgres", "mysql", "mariadb", "aurora-postgresql",
                                      "aurora-mysql"};
#define N_ENGINES (sizeof engines / sizeof *engines)

/* RDS's own administrator, on every engine (cfn-lint PR #4425), in any letter case. */
static void test_rdsadmin_everywhere(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_ENGINES; i++) {
        assert_true(reserved_user(engines[i], "rdsadmin"));
        assert_true(reserved_user(engines[i], "RDSAdmin"));
        assert_true(reserved_user(engines[i], "RDSADMIN"));
        assert_false(reserved_user(engines[i], "rdsadmins"));
        assert_false(reserved_user(engines[i], "rdsadmi"));
    }
}

/* admin: refused by PostgreSQL engines only; postgres is PostgreSQL's own default. */
static void test_admin_and_postgres(void **state)
{
    (void)state;
    assert_true(reserved_user("postgres", "admin"));
    assert_true(reserved_user("postgres", "ADMIN"));
    assert_true(reserved_user("aurora-postgresql", "Admin"));
    assert_false(reserved_user("mysql", "admin"));
    assert_false(reserved_user("mariadb", "admin"));
    assert_false(reserved_user("aurora-mysql", "admin"));
    assert_false(reserved_user("postgres", "postgres"));
    assert_false(reserved_user("aurora-postgresql", "postgres"));
}

/* PostgreSQL reserves role names starting with pg_, in any case here. */
static void test_pg_prefix(void **state)
{
    (void)state;
    assert_true(reserved_user("postgres", "pg_owner"));
    assert_true(reserved_user("postgres", "PG_x"));
    assert_true(reserved_user("postgres", "pg_"));
    assert_true(reserved_user("aurora-postgresql", "pg_monitor"));
    assert_false(reserved_user("postgres", "pgadmin"));
    assert_false(reserved_user("postgres", "pg"));
    assert_false(reserved_user("mysql", "pg_owner"));
    assert_false(reserved_user("mariadb", "pg_owner"));
}

/* The engines' reserved words, and RDS's PostgreSQL roles. */
static void test_sql_words(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_ENGINES; i++) {
        assert_true(reserved_user(engines[i], "select"));
        assert_true(reserved_user(engines[i], "SELECT"));
        assert_true(reserved_user(engines[i], "Table"));
        assert_false(reserved_user(engines[i], "selection"));
        assert_false(reserved_user(engines[i], "sel"));
    }
    /* user is reserved by PostgreSQL, not by MySQL */
    assert_true(reserved_user("postgres", "user"));
    assert_false(reserved_user("mysql", "user"));
    /* the first and the last of a list, for the binary search */
    assert_true(reserved_user("postgres", "all"));
    assert_true(reserved_user("postgres", "with"));
    assert_true(reserved_user("mysql", "zerofill"));
    assert_true(reserved_user("mariadb", "zerofill"));
    /* PostgreSQL's grammar refuses public and none as role names */
    assert_true(reserved_user("postgres", "public"));
    assert_true(reserved_user("postgres", "None"));
    /* the roles RDS creates */
    assert_true(reserved_user("postgres", "rds_superuser"));
    assert_true(reserved_user("aurora-postgresql", "rds_iam"));
    assert_false(reserved_user("mysql", "rds_superuser"));
}

/* Ordinary names pass; an unknown engine refuses nothing. */
static void test_allowed(void **state)
{
    (void)state;
    static const char *const ok[] = {"wagtail", "shop",    "cms", "shopadmin", "owner",
                                     "app",     "dbadmin", "a",   "z"};
    for (size_t i = 0; i < N_ENGINES; i++)
        for (size_t j = 0; j < sizeof ok / sizeof *ok; j++)
            if (reserved_user(engines[i], ok[j]))
                fail_msg("%s refuses '%s'", engines[i], ok[j]);
    assert_false(reserved_user("oracle-ee", "rdsadmin"));
    assert_false(reserved_user("postgres", ""));
}

/* Every generated list is lower case, sorted and unique (the binary search relies on it). */
static void check_list(const char *const *list)
{
    for (size_t i = 0; list[i]; i++) {
        for (const char *p = list[i]; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                fail_msg("'%s' is not lower case", list[i]);
        if (i > 0 && strcmp(list[i - 1], list[i]) >= 0)
            fail_msg("'%s' before '%s'", list[i - 1], list[i]);
    }
}

static void test_lists_sorted(void **state)
{
    (void)state;
    const char *const *const lists[] = {
        rds_reserved_users_postgres,
        rds_reserved_users_mysql,
        rds_reserved_users_mariadb,
        rds_reserved_users_aurora_postgresql,
        rds_reserved_users_aurora_mysql,
        rds_reserved_prefixes_postgres,
        rds_reserved_prefixes_mysql,
        rds_reserved_prefixes_mariadb,
        rds_reserved_prefixes_aurora_postgresql,
        rds_reserved_prefixes_aurora_mysql,
    };
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++)
        check_list(lists[i]);
    /* every name of the lists is refused by its engine */
    for (size_t i = 0; rds_reserved_users_postgres[i]; i++)
        assert_true(reserved_user("postgres", rds_reserved_users_postgres[i]));
    for (size_t i = 0; rds_reserved_users_mysql[i]; i++)
        assert_true(reserved_user("aurora-mysql", rds_reserved_users_mysql[i]));
    for (size_t i = 0; rds_reserved_users_mariadb[i]; i++)
        assert_true(reserved_user("mariadb", rds_reserved_users_mariadb[i]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rdsadmin_everywhere),
        cmocka_unit_test(test_admin_and_postgres),
        cmocka_unit_test(test_pg_prefix),
        cmocka_unit_test(test_sql_words),
        cmocka_unit_test(test_allowed),
        cmocka_unit_test(test_lists_sorted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
