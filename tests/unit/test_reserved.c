/* test_reserved.c - the master user names RDS refuses (reserved.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "reserved.h"

static void test_refused(void **state)
{
    (void)state;
    static const char *const engines[] = {"postgres", "mysql", "mariadb", "aurora-postgresql",
                                          "aurora-mysql"};
    for (size_t i = 0; i < sizeof engines / sizeof *engines; i++) {
        assert_true(reserved_user(engines[i], "rdsadmin"));
        assert_true(reserved_user(engines[i], "RDSAdmin")); /* without letter case */
        assert_false(reserved_user(engines[i], "wagtail"));
        assert_false(reserved_user(engines[i], "rdsadmins"));
    }
    assert_true(reserved_user("postgres", "admin"));
    assert_true(reserved_user("aurora-postgresql", "Admin"));
    assert_true(reserved_user("postgres", "pg_owner"));
    assert_true(reserved_user("postgres", "PG_x"));
    assert_false(reserved_user("postgres", "postgres")); /* RDS's default for PostgreSQL */
    assert_false(reserved_user("postgres", "pgadmin"));
    assert_false(reserved_user("mysql", "admin")); /* RDS's console default for MySQL */
    assert_false(reserved_user("mysql", "pg_owner"));
    assert_false(reserved_user("aurora-mysql", "admin"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_refused)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
