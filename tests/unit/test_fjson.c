/* test_fjson.c - frozen JSON (fjson.c, template.c): placeholders found once, every defect of a
 * template refused with a message, and the data frozen at build time (the templates and the
 * schema) equal to what the source files say. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "schema.h"
#include "template.h"

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

/* Compiles text; returns the template, or NULL with the message in *error. */
static const template *compile(const char *text, const char **error)
{
    json_error_t err;
    json_t *json = json_loads(text, JSON_REJECT_DUPLICATES, &err);
    if (!json)
        fail_msg("test JSON: %s", err.text);
    *error = NULL;
    const template *t = template_compile(A, json, error);
    json_decref(json);
    return t;
}

static const char *error_of(const char *text)
{
    const char *error;
    assert_null(compile(text, &error));
    assert_non_null(error);
    return error;
}

static void test_whole_placeholder_is_a_hole(void **state)
{
    (void)state;
    const char *error;
    const template *t = compile(
        "{\"document\": {\"a\": \"@{cidr:str}\", \"b\": \"@{az}\", \"c\": [\"@{n:intstr}\"]}}",
        &error);
    assert_non_null(t);
    assert_int_equal(t->document->count, 3);
    const fjson *a = &t->document->members[0].value;
    assert_int_equal(a->kind, FJ_HOLE);
    assert_string_equal(a->text.text, "cidr");
    assert_int_equal(a->type, TPL_STR);
    const fjson *b = &t->document->members[1].value;
    assert_int_equal(b->kind, FJ_HOLE);
    assert_string_equal(b->text.text, "az");
    assert_int_equal(b->type, TPL_ANY);
    const fjson *c = &t->document->members[2].value;
    assert_int_equal(c->kind, FJ_ARRAY);
    assert_int_equal(c->items[0].kind, FJ_HOLE);
    assert_int_equal(c->items[0].type, TPL_INTSTR);
    assert_null(t->attributes);
}

static void test_interpolation_is_split_into_parts(void **state)
{
    (void)state;
    const char *error;
    const template *t = compile("{\"document\": {\"@{id}Attachment\": \"x-@{a}-@{b}\"},"
                                " \"attributes\": {\"id\": {\"Ref\": \"@{id}\"}}}",
                                &error);
    assert_non_null(t);
    const fj_member *m = &t->document->members[0];
    assert_string_equal(m->name.text, "@{id}Attachment");
    assert_int_equal(m->name.part_count, 2);
    assert_int_equal(m->name.parts[0].literal_len, 0);
    assert_string_equal(m->name.parts[0].key, "id");
    assert_int_equal(m->name.parts[1].literal_len, 10);
    assert_memory_equal(m->name.parts[1].literal, "Attachment", 10);
    assert_null(m->name.parts[1].key);
    const fjson *v = &m->value;
    assert_int_equal(v->kind, FJ_STRING);
    assert_int_equal(v->text.part_count, 3);
    assert_memory_equal(v->text.parts[0].literal, "x-", 2);
    assert_string_equal(v->text.parts[0].key, "a");
    assert_memory_equal(v->text.parts[1].literal, "-", 1);
    assert_string_equal(v->text.parts[1].key, "b");
    assert_int_equal(v->text.parts[2].literal_len, 0);
    /* a member name that is one placeholder is interpolated, never a hole */
    assert_int_equal(fj_size(t->attributes), 1);
    const fjson *id = template_attribute(t, "id");
    assert_non_null(id);
    assert_int_equal(id->members[0].value.kind, FJ_HOLE);
    assert_null(template_attribute(t, "arn"));
}

static void test_plain_values(void **state)
{
    (void)state;
    const char *error;
    const template *t = compile("{\"document\": {\"s\": \"@ {x}\", \"i\": -3, \"r\": 0.5,"
                                " \"t\": true, \"f\": false, \"n\": null, \"e\": {}}}",
                                &error);
    assert_non_null(t);
    const fj_member *m = t->document->members;
    assert_int_equal(m[0].value.kind, FJ_STRING);
    assert_int_equal(m[0].value.text.part_count, 0);
    assert_int_equal(m[1].value.kind, FJ_INTEGER);
    assert_int_equal(m[1].value.integer, -3);
    assert_int_equal(m[2].value.kind, FJ_REAL);
    assert_true(m[2].value.real == 0.5);
    assert_int_equal(m[3].value.kind, FJ_TRUE);
    assert_int_equal(m[4].value.kind, FJ_FALSE);
    assert_int_equal(m[5].value.kind, FJ_NULL);
    assert_int_equal(m[6].value.kind, FJ_OBJECT);
    assert_int_equal(m[6].value.count, 0);
}

static void test_defects_are_refused(void **state)
{
    (void)state;
    assert_string_equal(error_of("{\"attributes\": {}}"), "it has no 'document' object");
    assert_string_equal(error_of("{\"document\": []}"), "it has no 'document' object");
    assert_string_equal(error_of("{\"document\": {}, \"attributes\": []}"),
                        "its 'attributes' is not an object");
    assert_string_equal(error_of("{\"document\": {}, \"atributes\": {}}"),
                        "unknown member 'atributes' (a template has 'document' and "
                        "'attributes')");
    assert_string_equal(error_of("{\"document\": {\"a\": \"x@{id\"}}"),
                        "unterminated placeholder in 'x@{id'");
    assert_string_equal(error_of("{\"document\": {\"a@{id\": 1}}"),
                        "unterminated placeholder in 'a@{id'");
    assert_string_equal(error_of("{\"document\": {\"a\": [\"@{a@{b}}\"]}}"),
                        "a placeholder inside a placeholder in '@{a@{b}}'");
    assert_string_equal(error_of("{\"document\": {\"a\": \"@{:str}\"}}"),
                        "a placeholder without a key in '@{:str}'");
    assert_string_equal(error_of("{\"document\": {}, \"attributes\": {\"id\": \"@{}\"}}"),
                        "a placeholder without a key in '@{}'");
    assert_string_equal(error_of("{\"document\": {\"a\": \"@{cidr:string}\"}}"),
                        "an unknown placeholder type (str int intstr bool ref list join sub "
                        "tags map params any) in '@{cidr:string}'");
    const char *typed = "a typed placeholder that is not the whole value (a type applies only "
                        "to a string that is exactly one placeholder) in ";
    char want[256];
    snprintf(want, sizeof want, "%s'x-@{a:str}'", typed);
    assert_string_equal(error_of("{\"document\": {\"a\": \"x-@{a:str}\"}}"), want);
    snprintf(want, sizeof want, "%s'@{id:str}'", typed);
    assert_string_equal(error_of("{\"document\": {\"@{id:str}\": 1}}"), want);
}

/* Two frozen trees hold the same JSON, placeholders included. */
static bool same_node(const fjson *x, const fjson *y);

static bool same_text(const fj_text *x, const fj_text *y)
{
    if (x->len != y->len || memcmp(x->text, y->text, x->len) != 0 || x->part_count != y->part_count)
        return false;
    for (size_t i = 0; i < x->part_count; i++) {
        const fj_part *p = &x->parts[i], *q = &y->parts[i];
        if (p->literal_len != q->literal_len || strcmp(p->literal, q->literal) != 0 ||
            !p->key != !q->key || (p->key && strcmp(p->key, q->key) != 0))
            return false;
    }
    return true;
}

static bool same_node(const fjson *x, const fjson *y)
{
    if (!x || !y)
        return x == y;
    if (x->kind != y->kind || x->type != y->type)
        return false;
    /* the node's kind says which member of its union it holds */
    if ((x->kind == FJ_STRING || x->kind == FJ_HOLE) && !same_text(&x->text, &y->text))
        return false;
    if ((x->kind == FJ_INTEGER && x->integer != y->integer) ||
        (x->kind == FJ_REAL && x->real != y->real))
        return false;
    if ((x->kind == FJ_OBJECT || x->kind == FJ_ARRAY) && x->count != y->count)
        return false;
    for (size_t i = 0; (x->kind == FJ_OBJECT || x->kind == FJ_ARRAY) && i < x->count; i++) {
        if (x->kind == FJ_OBJECT && (!same_text(&x->members[i].name, &y->members[i].name) ||
                                     !same_node(&x->members[i].value, &y->members[i].value)))
            return false;
        if (x->kind == FJ_ARRAY && !same_node(&x->items[i], &y->items[i]))
            return false;
    }
    return true;
}

static json_t *load(const char *path)
{
    json_error_t err;
    json_t *json = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
    if (!json)
        fail_msg("%s: %s", path, err.text);
    return json;
}

static void test_builtin_templates_match_the_sources(void **state)
{
    (void)state;
    int n = 0;
    for (const builtin_template *b = builtin_templates; b->target; b++, n++) {
        char path[256];
        snprintf(path, sizeof path, "templates/%s/%s.json", b->target, b->kind);
        json_t *json = load(path);
        const char *error = NULL;
        const template *t = template_compile(A, json, &error);
        json_decref(json);
        if (!t)
            fail_msg("%s: %s", path, error);
        if (!same_node(t->document, b->tpl.document) ||
            !same_node(t->attributes, b->tpl.attributes))
            fail_msg("%s differs from its built-in copy", path);
    }
    assert_true(n > 0);
}

/* The frozen schema is the source schema without annotations only editors read: src has
 * every member of frozen, equal, and what frozen lacks is "examples", "$comment" or a
 * "description" (kept where the engine quotes it: beside "not"). Member names count as
 * plain text: nothing in the schema is a placeholder. */
static bool schema_matches(const json_t *src, const fjson *frozen, const char *where)
{
    switch (json_typeof(src)) {
    case JSON_OBJECT: {
        if (frozen->kind != FJ_OBJECT)
            return false;
        size_t kept = 0;
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)src, k, v)
        {
            const fjson *f = fj_get(frozen, k);
            if (f) {
                kept++;
                if (!schema_matches(v, f, k))
                    return false;
            } else if (strcmp(k, "examples") != 0 && strcmp(k, "$comment") != 0 &&
                       strcmp(k, "description") != 0) {
                fprintf(stderr, "frozen schema lacks '%s' (in '%s')\n", k, where);
                return false;
            }
        }
        return kept == frozen->count;
    }
    case JSON_ARRAY:
        if (frozen->kind != FJ_ARRAY || frozen->count != json_array_size(src))
            return false;
        for (size_t i = 0; i < frozen->count; i++)
            if (!schema_matches(json_array_get(src, i), &frozen->items[i], where))
                return false;
        return true;
    case JSON_STRING:
        return frozen->kind == FJ_STRING && frozen->text.part_count == 0 &&
               strcmp(frozen->text.text, json_string_value(src)) == 0;
    case JSON_INTEGER:
        return frozen->kind == FJ_INTEGER && frozen->integer == json_integer_value(src);
    case JSON_REAL:
        return frozen->kind == FJ_REAL && frozen->real == json_real_value(src);
    case JSON_TRUE:
        return frozen->kind == FJ_TRUE;
    case JSON_FALSE:
        return frozen->kind == FJ_FALSE;
    case JSON_NULL:
        return frozen->kind == FJ_NULL;
    }
    return false;
}

static void test_builtin_schema_matches_the_source(void **state)
{
    (void)state;
    json_t *src = load("schema/vpcgen.schema.json");
    assert_true(schema_matches(src, builtin_schema, "#"));
    /* what the engine quotes stayed ("'password' is not allowed: ..."), the rest went */
    const fjson *db = fj_get(fj_get(builtin_schema, "$defs"), "database");
    assert_non_null(fj_get(fj_get(fj_get(db, "properties"), "password"), "description"));
    assert_null(fj_get(db, "description"));
    json_decref(src);
}

/* The printer writes reals as double literals with their sign, and strings too long for a
 * portable literal as arrays (what tools/fjgen.c puts in builtin_data.c). */
static void test_printed_c(void **state)
{
    (void)state;
    char *long_text = malloc(5002);
    assert_non_null(long_text);
    memset(long_text, 'a', 5000);
    long_text[5000] = '\0';
    json_t *json = json_pack("{s:f,s:f,s:f,s:s,s:s}", "neg", -0.0, "one", 1.0, "big", 1e300, "odd",
                             "?\?=\\\"\001"
                             "7",
                             "long", long_text);
    const char *error = NULL;
    const fjson *t = fjson_compile(A, json, false, &error);
    json_decref(json);
    free(long_text);
    assert_non_null(t);
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    assert_non_null(out);
    int next = 0;
    fjson_print_c(out, t, "root", "x", &next);
    fclose(out);
    assert_non_null(strstr(text, ".real = -0.0}"));
    assert_non_null(strstr(text, ".real = 1.0}"));
    assert_non_null(strstr(text, ".real = 1.0000000000000001e+300}"));
    assert_non_null(strstr(text, "\"\\?\\?=\\\\\\\"\\0017\""));
    assert_non_null(strstr(text, "(const char[]){97,97,"));
    assert_non_null(strstr(text, "static const fjson root = {.kind = FJ_OBJECT, .count = 5"));
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whole_placeholder_is_a_hole),
        cmocka_unit_test(test_interpolation_is_split_into_parts),
        cmocka_unit_test(test_plain_values),
        cmocka_unit_test(test_defects_are_refused),
        cmocka_unit_test(test_builtin_templates_match_the_sources),
        cmocka_unit_test(test_builtin_schema_matches_the_source),
        cmocka_unit_test(test_printed_c),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
