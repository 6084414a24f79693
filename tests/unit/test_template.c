/* test_template.c - compiling templates (template.c): placeholders found once, every defect of
 * a template refused with a message, and the built-in table equal to compiling the sources. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

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
    const template *t =
        compile("{\"document\": {\"a\": \"@{cidr:str}\", \"b\": \"@{az}\", \"c\": [\"@{n:intstr}\"]}}",
                &error);
    assert_non_null(t);
    assert_int_equal(t->document.count, 3);
    const tpl_node *a = &t->document.members[0].value;
    assert_int_equal(a->kind, TPL_HOLE);
    assert_string_equal(a->text.text, "cidr");
    assert_int_equal(a->type, TPL_STR);
    const tpl_node *b = &t->document.members[1].value;
    assert_int_equal(b->kind, TPL_HOLE);
    assert_string_equal(b->text.text, "az");
    assert_int_equal(b->type, TPL_ANY);
    const tpl_node *c = &t->document.members[2].value;
    assert_int_equal(c->kind, TPL_ARRAY);
    assert_int_equal(c->items[0].kind, TPL_HOLE);
    assert_int_equal(c->items[0].type, TPL_INTSTR);
    assert_int_equal(t->attribute_count, 0);
}

static void test_interpolation_is_split_into_parts(void **state)
{
    (void)state;
    const char *error;
    const template *t = compile("{\"document\": {\"@{id}Attachment\": \"x-@{a}-@{b:int}\"},"
                                " \"attributes\": {\"id\": {\"Ref\": \"@{id}\"}}}",
                                &error);
    assert_non_null(t);
    const tpl_member *m = &t->document.members[0];
    assert_string_equal(m->name.text, "@{id}Attachment");
    assert_int_equal(m->name.part_count, 2);
    assert_int_equal(m->name.parts[0].literal_len, 0);
    assert_string_equal(m->name.parts[0].key, "id");
    assert_int_equal(m->name.parts[1].literal_len, 10);
    assert_memory_equal(m->name.parts[1].literal, "Attachment", 10);
    assert_null(m->name.parts[1].key);
    const tpl_node *v = &m->value;
    assert_int_equal(v->kind, TPL_STRING);
    assert_int_equal(v->text.part_count, 3);
    assert_memory_equal(v->text.parts[0].literal, "x-", 2);
    assert_string_equal(v->text.parts[0].key, "a");
    assert_memory_equal(v->text.parts[1].literal, "-", 1);
    assert_string_equal(v->text.parts[1].key, "b");
    assert_int_equal(v->text.parts[2].literal_len, 0);
    /* a member name that is one placeholder is interpolated, never a hole */
    assert_int_equal(t->attribute_count, 1);
    const tpl_node *id = template_attribute(t, "id");
    assert_non_null(id);
    assert_int_equal(id->members[0].value.kind, TPL_HOLE);
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
    const tpl_member *m = t->document.members;
    assert_int_equal(m[0].value.kind, TPL_STRING);
    assert_int_equal(m[0].value.text.part_count, 0);
    assert_int_equal(m[1].value.kind, TPL_INTEGER);
    assert_int_equal(m[1].value.integer, -3);
    assert_int_equal(m[2].value.kind, TPL_REAL);
    assert_true(m[2].value.real == 0.5);
    assert_int_equal(m[3].value.kind, TPL_TRUE);
    assert_int_equal(m[4].value.kind, TPL_FALSE);
    assert_int_equal(m[5].value.kind, TPL_NULL);
    assert_int_equal(m[6].value.kind, TPL_OBJECT);
    assert_int_equal(m[6].value.count, 0);
}

static void test_defects_are_refused(void **state)
{
    (void)state;
    assert_string_equal(error_of("{\"attributes\": {}}"), "it has no \"document\" object");
    assert_string_equal(error_of("{\"document\": []}"), "it has no \"document\" object");
    assert_string_equal(error_of("{\"document\": {}, \"attributes\": []}"),
                        "its \"attributes\" is not an object");
    assert_string_equal(error_of("{\"document\": {}, \"atributes\": {}}"),
                        "unknown member \"atributes\" (a template has \"document\" and "
                        "\"attributes\")");
    assert_string_equal(error_of("{\"document\": {\"a\": \"x@{id\"}}"),
                        "unterminated placeholder in \"x@{id\"");
    assert_string_equal(error_of("{\"document\": {\"a@{id\": 1}}"),
                        "unterminated placeholder in \"a@{id\"");
    assert_string_equal(error_of("{\"document\": {\"a\": [\"@{a@{b}}\"]}}"),
                        "a placeholder inside a placeholder in \"@{a@{b}}\"");
    assert_string_equal(error_of("{\"document\": {\"a\": \"@{:str}\"}}"),
                        "a placeholder without a key in \"@{:str}\"");
    assert_string_equal(error_of("{\"document\": {}, \"attributes\": {\"id\": \"@{}\"}}"),
                        "a placeholder without a key in \"@{}\"");
    assert_string_equal(error_of("{\"document\": {\"a\": \"@{cidr:string}\"}}"),
                        "an unknown placeholder type (str int intstr bool ref list join sub "
                        "tags map params any) in \"@{cidr:string}\"");
}

/* The generated table holds exactly what compiling each source file gives. */
static bool same_node(const tpl_node *x, const tpl_node *y);

static bool same_text(const tpl_text *x, const tpl_text *y)
{
    if (x->len != y->len || memcmp(x->text, y->text, x->len) != 0 || x->part_count != y->part_count)
        return false;
    for (size_t i = 0; i < x->part_count; i++) {
        const tpl_part *p = &x->parts[i], *q = &y->parts[i];
        if (p->literal_len != q->literal_len || memcmp(p->literal, q->literal, p->literal_len) ||
            !p->key != !q->key || (p->key && strcmp(p->key, q->key) != 0))
            return false;
    }
    return true;
}

static bool same_node(const tpl_node *x, const tpl_node *y)
{
    if (x->kind != y->kind || x->type != y->type || x->count != y->count ||
        x->integer != y->integer || x->real != y->real)
        return false;
    if ((x->kind == TPL_STRING || x->kind == TPL_HOLE) && !same_text(&x->text, &y->text))
        return false;
    for (size_t i = 0; i < x->count; i++) {
        if (x->kind == TPL_OBJECT && (!same_text(&x->members[i].name, &y->members[i].name) ||
                                      !same_node(&x->members[i].value, &y->members[i].value)))
            return false;
        if (x->kind == TPL_ARRAY && !same_node(&x->items[i], &y->items[i]))
            return false;
    }
    return true;
}

static void test_builtin_table_matches_the_sources(void **state)
{
    (void)state;
    int n = 0;
    for (const builtin_template *b = builtin_templates; b->target; b++, n++) {
        char path[256];
        snprintf(path, sizeof path, "templates/%s/%s.json", b->target, b->kind);
        json_error_t err;
        json_t *json = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
        if (!json)
            fail_msg("%s: %s", path, err.text);
        const char *error = NULL;
        const template *t = template_compile(A, json, &error);
        json_decref(json);
        if (!t)
            fail_msg("%s: %s", path, error);
        tpl_node xa = {.kind = TPL_OBJECT, .count = t->attribute_count, .members = t->attributes};
        tpl_node ya = {.kind = TPL_OBJECT, .count = b->tpl->attribute_count,
                       .members = b->tpl->attributes};
        if (!same_node(&t->document, &b->tpl->document) || !same_node(&xa, &ya))
            fail_msg("%s differs from its built-in copy", path);
    }
    assert_true(n > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whole_placeholder_is_a_hole),
        cmocka_unit_test(test_interpolation_is_split_into_parts),
        cmocka_unit_test(test_plain_values),
        cmocka_unit_test(test_defects_are_refused),
        cmocka_unit_test(test_builtin_table_matches_the_sources),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
