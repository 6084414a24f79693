/* test_arena.c - arena_printf's own formatter and its fallback to the C library's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"

/* Each format is compared with what snprintf writes for the same arguments. */
static void test_simple_conversions(void **state)
{
    (void)state;
    arena *a = arena_new();
    assert_string_equal(arena_printf(a, "%s-%s", "wagtail", "db"), "wagtail-db");
    assert_string_equal(arena_printf(a, "%s_subnet_%d", "private", 3), "private_subnet_3");
    assert_string_equal(arena_printf(a, "%d %d %d", 0, -7, -2147483647 - 1), "0 -7 -2147483648");
    assert_string_equal(arena_printf(a, "%zu%%", (size_t)18446744073709551615ULL),
                        "18446744073709551615%");
    assert_string_equal(arena_printf(a, "plain"), "plain");
    assert_string_equal(arena_printf(a, "%s", ""), "");
    arena_free(a);
}

/* Another conversion, and a result longer than the formatter's buffer, go to vsnprintf. */
static void test_fallback(void **state)
{
    (void)state;
    arena *a = arena_new();
    assert_string_equal(arena_printf(a, "%.*s|%02d|%lld", 3, "abcdef", 5, 1234567890123LL),
                        "abc|05|1234567890123");
    char longer[2000];
    memset(longer, 'x', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    char *p = arena_printf(a, "<%s>%d", longer, 42);
    assert_int_equal(strlen(p), sizeof longer - 1 + 4);
    assert_memory_equal(p + sizeof longer, ">42", 4);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple_conversions),
        cmocka_unit_test(test_fallback),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
