/* test_load.c - unit tests of pass 1 (load.c): locations, core-schema scalars, every
 * rejection with its code and location, the depth and size caps, node_get and node_describe. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the four headers it needs */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "load.h"

static arena *A;
static diag_sink *D;
static char *out; /* the last diagnostics printed, as JSON lines */

static int setup(void **state)
{
    (void)state;
    A = arena_new();
    D = diag_new(A);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    arena_free(A);
    free(out);
    out = NULL;
    return 0;
}

static node *load_n(const char *text, size_t len)
{
    return load_spec(A, D, "t.yaml", text, len);
}

static node *load(const char *text)
{
    return load_n(text, strlen(text));
}

/* Prints (and so forgets) the recorded diagnostics as JSON lines; returns them. */
static const char *diags(void)
{
    size_t n;
    free(out);
    FILE *f = open_memstream(&out, &n);
    assert_non_null(f);
    diag_print(D, f, DIAG_JSON, false);
    fclose(f);
    return out;
}

/* Asserts that the diagnostics include severity sev with code at line:col (0:0: the file). */
static void assert_diag(const char *all, const char *sev, const char *code, int line, int col)
{
    char want[200];
    snprintf(want, sizeof want, "\"line\":%d,\"column\":%d,\"severity\":\"%s\",\"code\":\"%s\"",
             line, col, sev, code);
    if (!strstr(all, want))
        fail_msg("expected %s in:\n%s", want, all);
}

static void assert_span(const node *n, int line, int col, int end_line, int end_col)
{
    assert_non_null(n);
    assert_string_equal(n->loc.file, "t.yaml");
    if (n->loc.line != line || n->loc.col != col || n->loc.end_line != end_line ||
        n->loc.end_col != end_col)
        fail_msg("span %d:%d-%d:%d, expected %d:%d-%d:%d", n->loc.line, n->loc.col, n->loc.end_line,
                 n->loc.end_col, line, col, end_line, end_col);
}

/* --- locations --- */

static void test_locations(void **state)
{
    (void)state;
    node *r = load("vpcgen: 1\n"
                   "name: \"demo\"\n"
                   "network:\n"
                   "  cidr: 10.0.0.0/16\n"
                   "  azs: [a, bb]\n"
                   "list:\n"
                   "- x\n"
                   "- k: v\n"
                   "  j: w   # comment\n"
                   "\n"
                   "# trailing comment\n");
    assert_int_equal(diag_error_count(D), 0);
    assert_int_equal(r->kind, NODE_MAP);
    assert_span(r, 1, 1, 9, 7);
    assert_int_equal(r->count, 4);
    assert_span(r->pairs[0].key, 1, 1, 1, 7);
    assert_span(r->pairs[0].value, 1, 9, 1, 10);
    assert_span(node_get(r, "name"), 2, 7, 2, 13);
    node *net = node_get(r, "network");
    assert_span(net, 4, 3, 5, 15);
    assert_span(node_get(net, "cidr"), 4, 9, 4, 20);
    node *azs = node_get(net, "azs");
    assert_span(azs, 5, 8, 5, 15);
    assert_int_equal(azs->kind, NODE_SEQ);
    assert_int_equal(azs->count, 2);
    assert_span(azs->items[1], 5, 12, 5, 14);
    node *list = node_get(r, "list");
    assert_span(list, 7, 1, 9, 7);
    assert_span(list->items[1], 8, 3, 9, 7);
    assert_span(node_get(list->items[1], "j"), 9, 6, 9, 7);
}

static void test_locations_multibyte(void **state)
{
    (void)state;
    /* columns count characters: é is 2 bytes, € 3, 😀 4 */
    node *r = load("é€😀: [ü, x]\nb: \"€\" # 😀\nc: {😀: y}\n");
    assert_int_equal(diag_error_count(D), 0);
    assert_span(r->pairs[0].key, 1, 1, 1, 4);
    assert_span(r->pairs[0].value, 1, 6, 1, 12);
    assert_span(r->pairs[0].value->items[1], 1, 10, 1, 11);
    assert_span(node_get(r, "b"), 2, 4, 2, 7);
    node *c = node_get(r, "c");
    assert_span(c, 3, 4, 3, 10);
    assert_span(c->pairs[0].value, 3, 8, 3, 9);
    assert_string_equal(c->pairs[0].key->text, "😀");
}

static void test_locations_bom_crlf(void **state)
{
    (void)state;
    node *r = load("\xEF\xBB\xBF"
                   "a: 1\r\n"
                   "bb: [x,\r\n"
                   "  y]\r\n");
    assert_int_equal(diag_error_count(D), 0);
    assert_span(r->pairs[0].key, 1, 1, 1, 2); /* the BOM is in no column */
    assert_span(node_get(r, "bb"), 2, 5, 3, 5);
    assert_span(node_get(r, "bb")->items[1], 3, 3, 3, 4);
}

static void test_locations_block_scalars(void **state)
{
    (void)state;
    node *r = load("a: |\n  one\n  two\n\n\nb: >-\n    folded\n    text\n  # c\nc:\n");
    assert_int_equal(diag_error_count(D), 0);
    assert_span(node_get(r, "a"), 1, 4, 3, 6); /* ends after "two", not at b */
    assert_string_equal(node_get(r, "a")->text, "one\ntwo\n");
    assert_true(node_get(r, "a")->quoted);
    assert_span(node_get(r, "b"), 6, 4, 8, 9);
    assert_string_equal(node_get(r, "b")->text, "folded text");
    assert_span(node_get(r, "c"), 10, 3, 10, 3); /* an empty value: right after the ':' */
    assert_int_equal(node_get(r, "c")->type, SCALAR_NULL);
}

static void test_locations_flow_pair(void **state)
{
    (void)state;
    node *r = load("[a: 1, b]");
    assert_int_equal(diag_error_count(D), 0);
    assert_span(r, 1, 1, 1, 10);
    assert_int_equal(r->items[0]->kind, NODE_MAP);
    assert_span(r->items[0], 1, 2, 1, 6);
}

/* --- scalars --- */

typedef struct {
    const char *text;
    scalar_type type;
    int_form iform;
    int64_t ival;
} scalar_case;

static void test_scalar_resolution(void **state)
{
    (void)state;
    static const scalar_case cases[] = {
        {"~", SCALAR_NULL, 0, 0},
        {"null", SCALAR_NULL, 0, 0},
        {"Null", SCALAR_NULL, 0, 0},
        {"NULL", SCALAR_NULL, 0, 0},
        {"nULL", SCALAR_STR, 0, 0},
        {"true", SCALAR_BOOL, 0, 1},
        {"True", SCALAR_BOOL, 0, 1},
        {"TRUE", SCALAR_BOOL, 0, 1},
        {"false", SCALAR_BOOL, 0, 0},
        {"False", SCALAR_BOOL, 0, 0},
        {"FALSE", SCALAR_BOOL, 0, 0},
        {"tRue", SCALAR_STR, 0, 0},
        {"yes", SCALAR_STR, 0, 0},
        {"no", SCALAR_STR, 0, 0},
        {"on", SCALAR_STR, 0, 0},
        {"off", SCALAR_STR, 0, 0},
        {"y", SCALAR_STR, 0, 0},
        {"0", SCALAR_INT, INT_DECIMAL, 0},
        {"-0", SCALAR_INT, INT_DECIMAL, 0},
        {"+0", SCALAR_INT, INT_DECIMAL, 0},
        {"42", SCALAR_INT, INT_DECIMAL, 42},
        {"-7", SCALAR_INT, INT_DECIMAL, -7},
        {"+12", SCALAR_INT, INT_DECIMAL, 12},
        {"010", SCALAR_INT, INT_LEADING_ZERO, 10},
        {"-007", SCALAR_INT, INT_LEADING_ZERO, -7},
        {"00", SCALAR_INT, INT_LEADING_ZERO, 0},
        {"0o17", SCALAR_INT, INT_OCTAL, 15},
        {"0x1F", SCALAR_INT, INT_HEX, 31},
        {"0xff", SCALAR_INT, INT_HEX, 255},
        {"9223372036854775807", SCALAR_INT, INT_DECIMAL, INT64_MAX},
        {"-9223372036854775808", SCALAR_INT, INT_DECIMAL, INT64_MIN},
        {"9223372036854775808", SCALAR_INT, INT_OUT_OF_RANGE, 0},
        {"-9223372036854775809", SCALAR_INT, INT_OUT_OF_RANGE, 0},
        {"99999999999999999999999999", SCALAR_INT, INT_OUT_OF_RANGE, 0},
        {"0xFFFFFFFFFFFFFFFFFF", SCALAR_INT, INT_HEX, 0},
        {"0o", SCALAR_STR, 0, 0},
        {"0x", SCALAR_STR, 0, 0},
        {"0o8", SCALAR_STR, 0, 0},
        {"0xG", SCALAR_STR, 0, 0},
        {"-0x10", SCALAR_STR, 0, 0},
        {"0b101", SCALAR_STR, 0, 0},
        {"1_000", SCALAR_STR, 0, 0},
        {"1:20", SCALAR_STR, 0, 0},
        {"1.5", SCALAR_FLOAT, 0, 0},
        {"-1.5", SCALAR_FLOAT, 0, 0},
        {".5", SCALAR_FLOAT, 0, 0},
        {"+.5", SCALAR_FLOAT, 0, 0},
        {"1.", SCALAR_FLOAT, 0, 0},
        {"1e3", SCALAR_FLOAT, 0, 0},
        {"1E-3", SCALAR_FLOAT, 0, 0},
        {"2.5e+10", SCALAR_FLOAT, 0, 0},
        {".inf", SCALAR_FLOAT, 0, 0},
        {"-.Inf", SCALAR_FLOAT, 0, 0},
        {"+.INF", SCALAR_FLOAT, 0, 0},
        {".nan", SCALAR_FLOAT, 0, 0},
        {".NaN", SCALAR_FLOAT, 0, 0},
        {".NAN", SCALAR_FLOAT, 0, 0},
        {"-.nan", SCALAR_STR, 0, 0},
        {".", SCALAR_STR, 0, 0},
        {"+", SCALAR_STR, 0, 0},
        {"1e", SCALAR_STR, 0, 0},
        {".e5", SCALAR_STR, 0, 0},
        {"1.2.3", SCALAR_STR, 0, 0},
        {"10.0.0.0/16", SCALAR_STR, 0, 0},
        {"inf", SCALAR_STR, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const scalar_case *c = &cases[i];
        char text[100];
        snprintf(text, sizeof text, "v: %s\n", c->text);
        node *r = load(text);
        if (!r)
            fail_msg("'%s' was rejected: %s", c->text, diags());
        node *v = node_get(r, "v");
        assert_false(v->quoted);
        assert_string_equal(v->text, c->text);
        if (v->type != c->type)
            fail_msg("'%s' is type %d, expected %d", c->text, v->type, c->type);
        if (c->type == SCALAR_INT && (v->iform != c->iform || v->ival != c->ival))
            fail_msg("'%s' is form %d value %lld, expected %d %lld", c->text, v->iform,
                     (long long)v->ival, c->iform, (long long)c->ival);
        if (c->type == SCALAR_BOOL)
            assert_int_equal(v->bval, c->ival);
    }
}

static void test_scalar_empty_and_quoted(void **state)
{
    (void)state;
    node *r = load("a:\nb: \"1\"\nc: 'true'\nd: \"\"\ne: |\n  null\nf: \"a\\tb\\u00e9\"\n");
    assert_non_null(r);
    assert_int_equal(node_get(r, "a")->type, SCALAR_NULL);
    assert_string_equal(node_get(r, "a")->text, "");
    const char *quoted[] = {"b", "c", "d", "e", "f"};
    for (size_t i = 0; i < 5; i++) {
        node *v = node_get(r, quoted[i]);
        assert_true(v->quoted);
        assert_int_equal(v->type, SCALAR_STR);
    }
    assert_string_equal(node_get(r, "f")->text, "a\tb\xC3\xA9");
    assert_int_equal(node_get(r, "f")->len, 5);
}

/* --- rejections --- */

typedef struct {
    const char *text;
    size_t len; /* 0: strlen(text) */
    const char *code;
    int line, col, errors;
} reject_case;

static void test_rejections(void **state)
{
    (void)state;
    static const reject_case cases[] = {
        /* anchors, aliases, merge keys */
        {"a: &x 1\n", 0, "yaml-anchor", 1, 4, 1},
        {"a: &x {b: 1}\n", 0, "yaml-anchor", 1, 4, 1},
        {"a: &x\n  b: 1\n", 0, "yaml-anchor", 1, 4, 1},
        {"a: [&x 1, 2]\n", 0, "yaml-anchor", 1, 5, 1},
        {"a: 1\nb: *x\n", 0, "yaml-anchor", 2, 4, 1},
        {"a: &x {k: 1}\nb:\n  <<: *x\n", 0, "yaml-merge-key", 3, 3, 3},
        {"<<: {a: 1}\n", 0, "yaml-merge-key", 1, 1, 1},
        /* tags and directives */
        {"a: !!python/object:os.system x\n", 0, "yaml-tag", 1, 4, 1},
        {"a: !Ref x\n", 0, "yaml-tag", 1, 4, 1},
        {"a: !!binary aGVsbG8=\n", 0, "yaml-tag", 1, 4, 1},
        {"a: !!str 1\n", 0, "yaml-tag", 1, 4, 1},
        {"a: !custom\n  b: 1\n", 0, "yaml-tag", 1, 4, 1},
        {"a: ! \"x\"\n", 0, "yaml-tag", 1, 4, 1},
        {"a: &x !t 1\n", 0, "yaml-tag", 1, 7, 2},
        {"%TAG ! tag:example.com,2000:\n---\na: 1\n", 0, "yaml-tag", 1, 1, 1},
        {"%YAML 1.1\n---\na: 1\n", 0, "yaml-version", 1, 1, 1},
        /* documents */
        {"", 0, "yaml-empty", 0, 0, 1},
        {"# only\n# comments\n", 0, "yaml-empty", 0, 0, 1},
        {"a: 1\n---\nb: 2\n", 0, "yaml-multiple-documents", 2, 1, 1},
        {"a: 1\n---\n", 0, "yaml-multiple-documents", 2, 1, 1},
        /* keys */
        {"? [a, b]\n: 1\n", 0, "yaml-complex-key", 1, 3, 1},
        {"? {a: 1}\n: 1\n", 0, "yaml-complex-key", 1, 3, 1},
        {"\"\": 1\n", 0, "yaml-empty-key", 1, 1, 1},
        {"a: 1\n? \n: 2\n", 0, "yaml-empty-key", 2, 2, 1},
        {"a: 1\nb: 2\na: 3\n", 0, "yaml-duplicate-key", 3, 1, 1},
        {"a: 1\n\"a\": 2\n", 0, "yaml-duplicate-key", 2, 1, 1},
        {"x: {a: 1, b: 2, a: 3}\n", 0, "yaml-duplicate-key", 1, 17, 1},
        {"- a: 1\n  a: 2\n", 0, "yaml-duplicate-key", 2, 3, 1},
        {"a: 1\na: 2\na: 3\n", 0, "yaml-duplicate-key", 3, 1, 2},
        /* syntax */
        {"a:\n  b: 1\n c: 2\n", 0, "yaml-syntax", 3, 2, 1},
        {"a: \"unclosed\nb: 1\n", 0, "yaml-syntax", 2, 5, 1},
        {"a: [1, 2\n", 0, "yaml-syntax", 1, 9, 1},
        {"a:\tb\n\tc: 1\n", 0, "yaml-syntax", 2, 1, 1},
        {"%YAML 2.0\n---\na: 1\n", 0, "yaml-syntax", 1, 1, 1},
        /* encoding */
        {"a: \xC3\n", 0, "encoding-utf8", 1, 4, 1},
        {"a: x\xC3", 0, "encoding-utf8", 1, 5, 1},
        {"a: \x80\n", 0, "encoding-utf8", 1, 4, 1},
        {"a: \xC0\xAF\n", 0, "encoding-utf8", 1, 4, 1},
        {"a: \xE0\x80\xAF\n", 0, "encoding-utf8", 1, 4, 1},
        {"a: \xED\xA0\x80\n", 0, "encoding-utf8", 1, 4, 1},
        {"a: \xF4\x90\x80\x80\n", 0, "encoding-utf8", 1, 4, 1},
        {"a: \xFF\n", 0, "encoding-utf8", 1, 4, 1},
        {"a: x\n\xC3\xA9\xC3\xA9: \xFE\n", 0, "encoding-utf8", 2, 5, 1},
        {"a: 1\nb: x\0y\n", 12, "encoding-control", 2, 5, 1},
        {"a: \x07\n", 0, "encoding-control", 1, 4, 1},
        {"a: \x1B[31m\n", 0, "encoding-control", 1, 4, 1},
        {"a: x\x7F\n", 0, "encoding-control", 1, 5, 1},
        {"a: \xC2\x85\n", 0, "encoding-control", 1, 4, 1},
        {"a: \xC2\x9B\n", 0, "encoding-control", 1, 4, 1},
        {"a: \xE2\x80\xA8\n", 0, "encoding-control", 1, 4, 1},
        {"a: \xEF\xBF\xBF\n", 0, "encoding-control", 1, 4, 1},
        {"a: \"x\\0\"\n", 0, "encoding-control", 1, 4, 1},
        {"a: \"\\e[2J\"\n", 0, "encoding-control", 1, 4, 1},
        {"a: \"\\u202E\"\n", 0, "encoding-bidi", 1, 4, 1},
        {"a: \xE2\x80\xAE"
         "cba\n",
         0, "encoding-bidi", 1, 4, 1},
        {"a: x\xE2\x80\xAA\n", 0, "encoding-bidi", 1, 5, 1},
        {"a: \xE2\x81\xA6x\xE2\x81\xA9\n", 0, "encoding-bidi", 1, 4, 2},
        {"a: \xE2\x80\x8F\n", 0, "encoding-bidi", 1, 4, 1},
        {"\xFF\xFE"
         "a\0:\0",
         6, "encoding-utf16", 0, 0, 1},
        {"\xFE\xFF\0a\0:", 6, "encoding-utf16", 0, 0, 1},
        {"a\0:\0 \0", 6, "encoding-utf16", 0, 0, 1},
        {"\xFF\xFE\0\0"
         "a\0\0\0",
         8, "encoding-utf32", 0, 0, 1},
        {"\0\0\xFE\xFF", 4, "encoding-utf32", 0, 0, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const reject_case *c = &cases[i];
        node *r = load_n(c->text, c->len ? c->len : strlen(c->text));
        int errors = diag_error_count(D);
        const char *all = diags();
        if (r || errors != c->errors)
            fail_msg("case %zu: %d errors, expected %d (root %p):\n%s", i, errors, c->errors,
                     (void *)r, all);
        assert_diag(all, "error", c->code, c->line, c->col);
        teardown(state);
        setup(state);
    }
}

static void test_messages(void **state)
{
    (void)state;
    assert_null(load("a: &x 1\nb: !!python/object:os.system x\n<<: 1\n\"\": 2\nd: 1\nd: 2\n"
                     "e: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n"));
    const char *all = diags();
    const char *want[] = {
        "\"message\":\"anchors and aliases are not supported\"",
        "\"message\":\"explicit tags are not supported ('!!python/object:os.system')\"",
        "\"message\":\"merge keys ('<<') are not supported\"",
        "\"message\":\"empty key\"",
        "\"code\":\"yaml-duplicate-key\",\"message\":\"duplicate key 'd'\"",
        "\"line\":5,\"column\":1,\"severity\":\"note\",\"code\":\"note\",\"message\":\"'d' was "
        "first defined here\"",
        "\"line\":7,\"column\":35,\"severity\":\"error\",\"code\":\"yaml-depth\",\"message\":"
        "\"nesting is deeper than 32 levels\"",
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        if (!strstr(all, want[i]))
            fail_msg("expected %s in:\n%s", want[i], all);
}

static void test_messages_documents_and_encoding(void **state)
{
    (void)state;
    assert_null(load("a: 1\n---\nb: 1\n"));
    assert_non_null(strstr(diags(), "a spec file holds one YAML document; found a second one"));
    assert_null(load("# nothing\n"));
    assert_non_null(strstr(diags(), "\"message\":\"the file has no YAML document\""));
    assert_null(load_n("\xFF\xFE"
                       "a\0",
                       4));
    assert_non_null(strstr(diags(), "\"message\":\"the file is UTF-16; save it as UTF-8\""));
    assert_null(load("a: \xE2\x80\xAE\n"));
    assert_non_null(strstr(diags(), "bidirectional text control U+202E is not allowed"));
    assert_null(load("a: \xC2\x85\n"));
    assert_non_null(strstr(diags(), "control character U+0085 is not allowed"));
    assert_null(load("a: \xC0\xAF\n"));
    assert_non_null(strstr(diags(), "invalid UTF-8 (an overlong encoding of U+002F)"));
    assert_null(load("a: \"x\\0\"\n"));
    assert_non_null(strstr(diags(), "\"message\":\"NUL characters are not allowed\""));
    assert_null(load("a: \"open\n"));
    const char *all = diags();
    assert_non_null(strstr(all, "found unexpected end of stream"));
    assert_non_null(strstr(all, "\"severity\":\"note\",\"code\":\"note\",\"message\":\"while "
                                "scanning a quoted scalar\""));
}

static void test_every_bad_spot(void **state)
{
    (void)state;
    assert_null(load("a: \xFF\nb: \x07 \xC2\x80\nc: \xE2\x80\xAE\n"));
    assert_int_equal(diag_error_count(D), 4);
    const char *all = diags();
    assert_diag(all, "error", "encoding-utf8", 1, 4);
    assert_diag(all, "error", "encoding-control", 2, 4);
    assert_diag(all, "error", "encoding-control", 2, 6);
    assert_diag(all, "error", "encoding-bidi", 3, 4);
}

static void test_bad_spots_capped(void **state)
{
    (void)state;
    size_t n = 100000;
    char *text = malloc(n);
    memset(text, 0x80, n);
    clock_t t0 = clock();
    assert_null(load_n(text, n));
    double ms = (double)(clock() - t0) * 1000 / CLOCKS_PER_SEC;
    assert_int_equal(diag_error_count(D), (int)n); /* DIAG_MAX kept, the rest counted */
    assert_true(ms < 1000);
    free(text);
}

static void test_bom(void **state)
{
    (void)state;
    assert_non_null(load("\xEF\xBB\xBF"
                         "a: 1\n"));
    assert_null(load("a: 1\n\xEF\xBB\xBF"
                     "b: \xE2\x80\xAE\n")); /* a BOM elsewhere is a character */
    assert_diag(diags(), "error", "encoding-bidi", 2, 5);
}

static void test_duplicate_key_note(void **state)
{
    (void)state;
    assert_null(load("top:\n  name: a\n  other: 1\n  'name': b\n"));
    assert_int_equal(diag_error_count(D), 1);
    const char *all = diags();
    assert_diag(all, "error", "yaml-duplicate-key", 4, 3);
    assert_diag(all, "note", "note", 2, 3);
    assert_non_null(strstr(all, "duplicate key 'name'"));
    assert_non_null(strstr(all, "'name' was first defined here"));
}

static void test_duplicate_keys_many(void **state)
{
    (void)state;
    /* a large map is checked in n log n: 9000 keys (18000 values, under the cap), one repeated */
    size_t n = 9000, cap = n * 16;
    char *text = malloc(cap), *p = text;
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "k%zu: %zu\n", i, i);
    p += sprintf(p, "k17: again\n");
    assert_null(load_n(text, (size_t)(p - text)));
    assert_int_equal(diag_error_count(D), 1);
    assert_diag(diags(), "error", "yaml-duplicate-key", (int)n + 1, 1);
    free(text);
}

/* LOAD_MAX_NODES values load; one more stops the loader at the value that is one too many. */
static void test_value_cap(void **state)
{
    (void)state;
    size_t items = LOAD_MAX_NODES - 1; /* the list itself is a value too */
    char *text = malloc(items * 3 + 16), *p = text;
    p += sprintf(p, "[");
    for (size_t i = 0; i < items; i++)
        p += sprintf(p, "%sa", i ? "," : "");
    p += sprintf(p, "]\n");
    node *root = load_n(text, (size_t)(p - text));
    assert_non_null(root);
    assert_int_equal(root->count, items);
    teardown(state);
    setup(state);
    p[-2] = ',';
    p[-1] = 'b';
    p += sprintf(p, "]\n");
    assert_null(load_n(text, (size_t)(p - text)));
    assert_int_equal(diag_error_count(D), 1);
    assert_diag(diags(), "error", "yaml-size", 1, (int)(p - text) - 2);
    free(text);
}

static void test_root_kinds(void **state)
{
    (void)state;
    node *r = load("---\n");
    assert_non_null(r);
    assert_int_equal(r->kind, NODE_SCALAR);
    assert_int_equal(r->type, SCALAR_NULL);
    teardown(state);
    setup(state);
    r = load("just a string\n");
    assert_non_null(r);
    assert_int_equal(r->type, SCALAR_STR);
    teardown(state);
    setup(state);
    r = load("- 1\n- 2\n");
    assert_non_null(r);
    assert_int_equal(r->kind, NODE_SEQ);
    teardown(state);
    setup(state);
    r = load("%YAML 1.2\n---\na: 1\n...\n");
    assert_non_null(r);
    assert_span(r, 3, 1, 3, 5);
}

/* --- caps --- */

/* depth levels of nesting, as flow sequences or block maps */
static char *nested(int depth, bool block)
{
    char *s = malloc((size_t)(depth + 1) * (2 * (size_t)depth + 8)), *p = s;
    for (int i = 0; i < depth; i++)
        p += block ? sprintf(p, "%*sk:\n", 2 * i, "") : sprintf(p, "[");
    p += block ? sprintf(p, "%*sv: 1\n", 2 * depth, "") : 0;
    for (int i = 0; !block && i < depth; i++)
        *p++ = ']';
    *p = '\0';
    return s;
}

static void test_depth(void **state)
{
    (void)state;
    char *s = nested(32, false);
    assert_non_null(load(s));
    free(s);
    s = nested(33, false);
    assert_null(load(s));
    assert_int_equal(diag_error_count(D), 1);
    assert_diag(diags(), "error", "yaml-depth", 1, 33);
    free(s);
    s = nested(31, true); /* 31 keys and the map of "v": 32 maps */
    assert_non_null(load(s));
    free(s);
    s = nested(32, true);
    assert_null(load(s));
    assert_diag(diags(), "error", "yaml-depth", 33, 65);
    free(s);
}

static void test_depth_stops_fast(void **state)
{
    (void)state;
    size_t n = LOAD_MAX_BYTES;
    char *s = malloc(n);
    memset(s, '[', n);
    clock_t t0 = clock();
    assert_null(load_n(s, n));
    double ms = (double)(clock() - t0) * 1000 / CLOCKS_PER_SEC;
    assert_int_equal(diag_error_count(D), 1);
    assert_diag(diags(), "error", "yaml-depth", 1, 33);
    print_message("1 MiB of '[' rejected in %.1f ms\n", ms);
    assert_true(ms < 500); /* about 1 ms in a plain build; slack for sanitizers */
    free(s);
}

static void test_size_cap(void **state)
{
    (void)state;
    size_t n = LOAD_MAX_BYTES + 1;
    char *s = malloc(n);
    memset(s, '#', n);
    assert_null(load_n(s, n));
    assert_int_equal(diag_error_count(D), 1);
    const char *all = diags();
    assert_diag(all, "error", "input-too-large", 0, 0);
    assert_non_null(strstr(all, "file is 1048577 bytes; the limit is 1048576"));
    memcpy(s, "a: 1\n", 5); /* exactly the limit is accepted */
    assert_non_null(load_n(s, n - 1));
    free(s);
}

/* --- node_get and node_describe --- */

static void test_node_get(void **state)
{
    (void)state;
    node *r = load("a: 1\n\"b c\": [x]\nnested: {d: true}\n");
    assert_non_null(r);
    assert_string_equal(node_get(r, "a")->text, "1");
    assert_int_equal(node_get(r, "b c")->kind, NODE_SEQ);
    assert_true(node_get(node_get(r, "nested"), "d")->bval);
    assert_null(node_get(r, "missing"));
    assert_null(node_get(r, "b"));
    assert_null(node_get(NULL, "a"));
    assert_null(node_get(node_get(r, "a"), "a"));
    assert_null(node_get(node_get(r, "b c"), "x"));
}

static void test_node_describe(void **state)
{
    (void)state;
    node *r = load("[{}, [], s, \"1\", ~, true, 1, 1.5, 0x1F]");
    assert_non_null(r);
    const char *want[] = {"a map",     "a list",     "a string", "a string",  "null",
                          "a boolean", "an integer", "a float",  "an integer"};
    assert_int_equal(r->count, 9);
    for (size_t i = 0; i < 9; i++)
        assert_string_equal(node_describe(r->items[i]), want[i]);
    assert_string_equal(node_describe(NULL), "nothing");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_locations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_locations_multibyte, setup, teardown),
        cmocka_unit_test_setup_teardown(test_locations_bom_crlf, setup, teardown),
        cmocka_unit_test_setup_teardown(test_locations_block_scalars, setup, teardown),
        cmocka_unit_test_setup_teardown(test_locations_flow_pair, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scalar_resolution, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scalar_empty_and_quoted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rejections, setup, teardown),
        cmocka_unit_test_setup_teardown(test_messages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_messages_documents_and_encoding, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_bad_spot, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_spots_capped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bom, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_key_note, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_keys_many, setup, teardown),
        cmocka_unit_test_setup_teardown(test_value_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_root_kinds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_depth, setup, teardown),
        cmocka_unit_test_setup_teardown(test_depth_stops_fast, setup, teardown),
        cmocka_unit_test_setup_teardown(test_size_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_node_get, setup, teardown),
        cmocka_unit_test_setup_teardown(test_node_describe, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
