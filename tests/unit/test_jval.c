/* test_jval.c - the output's JSON tree (jval.c): members set and removed in order, and
 * jval_dump writing exactly what jansson's json_dumps(JSON_INDENT(2)) writes, plus a newline,
 * for the same values (the format every golden file was made in). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>
#include <limits.h>

#include "jval.h"

/* The same value built twice: as a jval and as a jansson tree. */
typedef struct pair {
    jval *j;
    json_t *ref;
} pair;

static arena *A;

static int setup(void **state)
{
    (void)state;
    A = arena_new();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    arena_free(A);
    return 0;
}

static pair str(const char *s) { return (pair){jval_string(A, s), json_string(s)}; }
static pair integer(long long n) { return (pair){jval_integer(A, n), json_integer(n)}; }
static pair real(double x) { return (pair){jval_real(A, x), json_real(x)}; }

static void set(pair o, const char *key, pair v)
{
    jval_set(A, o.j, key, v.j);
    json_object_set_new(o.ref, key, v.ref);
}

static void append(pair arr, pair v)
{
    jval_append(A, arr.j, v.j);
    json_array_append_new(arr.ref, v.ref);
}

/* Dumps v both ways with jansson's flags (plus the final newline) and compares the bytes. */
static void same_bytes(const jval *v, const json_t *ref_json, bool compact)
{
    size_t len = 0;
    char *got = jval_dump(v, compact, &len);
    size_t flags = compact ? JSON_COMPACT : JSON_INDENT(2);
    char *ref = json_dumps(ref_json, flags | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
    assert_non_null(got);
    assert_non_null(ref);
    size_t rlen = strlen(ref);
    assert_int_equal(len, rlen + 1);
    assert_memory_equal(got, ref, rlen);
    assert_int_equal(got[rlen], '\n');
    assert_int_equal(got[len], '\0');
    free(got);
    free(ref);
}

/* Dumps both, indented and compact (--compact), and compares the bytes. */
static void same_dump(pair p)
{
    same_bytes(p.j, p.ref, false);
    same_bytes(p.j, p.ref, true);
    json_decref(p.ref);
}

static void test_dump_matches_jansson(void **state)
{
    (void)state;
    pair doc = {jval_object(A), json_object()};
    set(doc, "text", str("quote \" backslash \\ controls \b\f\n\r\t \x01\x1f utf-8 \xc3\xa9 ${x}"));
    set(doc, "empty object", (pair){jval_object(A), json_object()});
    set(doc, "empty array", (pair){jval_array(A), json_array()});
    set(doc, "bools", (pair){jval_bool(A, true), json_true()});
    set(doc, "no", (pair){jval_bool(A, false), json_false()});
    set(doc, "null", (pair){jval_null(A), json_null()});
    pair ints = {jval_array(A), json_array()};
    append(ints, integer(0));
    append(ints, integer(-1));
    append(ints, integer(LLONG_MIN));
    append(ints, integer(LLONG_MAX));
    set(doc, "integers", ints);
    pair reals = {jval_array(A), json_array()};
    static const double xs[] = {0.5, 1.0, -0.0, 1e300, 1e-7, -2.5e-300, 123456789.125,
                                3.141592653589793, 1e21, 100.0};
    for (size_t i = 0; i < sizeof xs / sizeof *xs; i++)
        append(reals, real(xs[i]));
    set(doc, "reals", reals);
    pair nested = {jval_object(A), json_object()};
    pair list = {jval_array(A), json_array()};
    append(list, str("a"));
    pair inner = {jval_object(A), json_object()};
    set(inner, "k", str(""));
    append(list, inner);
    set(nested, "list", list);
    set(doc, "nested", nested);
    same_dump(doc);
    same_dump(str("top-level string"));
    same_dump((pair){jval_object(A), json_object()});
}

static void test_members_keep_their_order(void **state)
{
    (void)state;
    jval *o = jval_object(A);
    for (int i = 0; i < 20; i++) /* past the first growth of the member arrays */
        jval_set(A, o, arena_printf(A, "k%d", i), jval_integer(A, i));
    jval_set(A, o, "k3", jval_string(A, "replaced"));
    assert_int_equal(o->count, 20);
    assert_string_equal(o->keys[3], "k3");
    assert_string_equal(jval_get(o, "k3")->str, "replaced");
    jval_add(A, o, "k20", jval_null(A));
    jval_remove(o, 0);
    assert_int_equal(o->count, 20);
    assert_string_equal(o->keys[0], "k1");
    assert_string_equal(o->keys[19], "k20");
    assert_null(jval_get(o, "k0"));
    assert_null(jval_get(jval_array(A), "k1"));
    assert_null(jval_get(NULL, "k1"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dump_matches_jansson),
        cmocka_unit_test(test_members_keep_their_order),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
