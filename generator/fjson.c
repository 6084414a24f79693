/* fjson.c - frozen JSON: converting jansson trees, printing them as C, reading them
 * (see fjson.h). */
#include "fjson.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static const char *const type_names[] = {
    [TPL_ANY] = "any",   [TPL_STR] = "str",   [TPL_INT] = "int",   [TPL_INTSTR] = "intstr",
    [TPL_BOOL] = "bool", [TPL_REF] = "ref",   [TPL_LIST] = "list", [TPL_JOIN] = "join",
    [TPL_SUB] = "sub",   [TPL_TAGS] = "tags", [TPL_MAP] = "map",   [TPL_PARAMS] = "params",
};

const char *tpl_type_name(tpl_type t)
{
    return t < sizeof type_names / sizeof *type_names ? type_names[t] : "?";
}

typedef struct compiler {
    arena *a;
    bool placeholders; /* split strings at "@{...}" */
    const char *error; /* the first error, in the arena */
} compiler;

static bool failed(compiler *c, const char *what, const char *text)
{
    if (!c->error)
        c->error = arena_printf(c->a, "%s in '%s'", what, text);
    return false;
}

/* One placeholder "@{key}" or "@{key:type}" starting at at (which points at "@{") in text:
 * its key (in the arena), type and the character after its "}". */
static bool scan_placeholder(compiler *c, const char *text, const char *at, const char *end,
                             const char **key, tpl_type *type, const char **next)
{
    const char *body = at + 2;
    const char *close = memchr(body, '}', (size_t)(end - body));
    if (!close)
        return failed(c, "unterminated placeholder", text);
    if (memchr(body, '{', (size_t)(close - body)))
        return failed(c, "a placeholder inside a placeholder", text);
    const char *colon = memchr(body, ':', (size_t)(close - body));
    const char *key_end = colon ? colon : close;
    if (key_end == body)
        return failed(c, "a placeholder without a key", text);
    *type = TPL_ANY;
    if (colon) {
        size_t n = (size_t)(close - colon - 1);
        size_t t = 0;
        while (t < sizeof type_names / sizeof *type_names &&
               !(strlen(type_names[t]) == n && memcmp(type_names[t], colon + 1, n) == 0))
            t++;
        if (t == sizeof type_names / sizeof *type_names)
            return failed(c, "an unknown placeholder type (str int intstr bool ref list join "
                             "sub tags map params any)", text);
        *type = (tpl_type)t;
    }
    *key = arena_strndup(c->a, body, (size_t)(key_end - body));
    *next = close + 1;
    return true;
}

/* Splits s[0..n) at its placeholders. *whole_type is set when s is exactly one placeholder
 * and may be a hole (a value, not a member name): only such a placeholder may have a type. */
static bool compile_text(compiler *c, const char *s, size_t n, bool may_be_hole, fj_text *out,
                         bool *whole, tpl_type *whole_type)
{
    out->text = arena_strndup(c->a, s, n);
    out->len = n;
    out->part_count = 0;
    out->parts = NULL;
    *whole = false;
    const char *end = out->text + n;
    size_t holes = 0;
    for (const char *p = out->text; c->placeholders && (p = strstr(p, "@{")) != NULL; p += 2)
        holes++;
    if (!holes)
        return true;
    fj_part *parts = arena_array(c->a, holes + 1, sizeof *parts);
    const char *p = out->text;
    size_t i = 0, typed = 0;
    tpl_type type = TPL_ANY;
    for (const char *at; (at = strstr(p, "@{")) != NULL; i++) {
        parts[i].literal = arena_strndup(c->a, p, (size_t)(at - p));
        parts[i].literal_len = (size_t)(at - p);
        if (!scan_placeholder(c, out->text, at, end, &parts[i].key, &type, &p))
            return false;
        typed += memchr(at, ':', (size_t)(p - at)) != NULL;
    }
    parts[i].literal = arena_strndup(c->a, p, (size_t)(end - p));
    parts[i].literal_len = (size_t)(end - p);
    out->part_count = i + 1;
    out->parts = parts;
    *whole = may_be_hole && i == 1 && parts[0].literal_len == 0 && parts[1].literal_len == 0;
    *whole_type = type;
    if (typed && !*whole)
        return failed(c, "a typed placeholder that is not the whole value (a type applies only "
                         "to a string that is exactly one placeholder)", out->text);
    return true;
}

static bool compile_node(compiler *c, const json_t *j, fjson *out)
{
    memset(out, 0, sizeof *out);
    switch (json_typeof(j)) {
    case JSON_OBJECT: {
        out->kind = FJ_OBJECT;
        out->count = json_object_size(j);
        fj_member *m = arena_array(c->a, out->count, sizeof *m);
        out->members = m;
        const char *k;
        json_t *v;
        size_t i = 0;
        json_object_foreach((json_t *)j, k, v) {
            bool whole;
            tpl_type type;
            if (!compile_text(c, k, strlen(k), false, &m[i].name, &whole, &type) ||
                !compile_node(c, v, &m[i].value))
                return false;
            i++;
        }
        return true;
    }
    case JSON_ARRAY: {
        out->kind = FJ_ARRAY;
        out->count = json_array_size(j);
        fjson *items = arena_array(c->a, out->count, sizeof *items);
        out->items = items;
        for (size_t i = 0; i < out->count; i++)
            if (!compile_node(c, json_array_get(j, i), &items[i]))
                return false;
        return true;
    }
    case JSON_STRING: {
        bool whole;
        tpl_type type;
        if (!compile_text(c, json_string_value(j), json_string_length(j), true, &out->text,
                          &whole, &type))
            return false;
        out->kind = FJ_STRING;
        if (whole) {
            /* the node is the value itself: its text is the key */
            const char *key = out->text.parts[0].key;
            out->kind = FJ_HOLE;
            out->type = type;
            out->text = (fj_text){.text = key, .len = strlen(key)};
        }
        return true;
    }
    case JSON_INTEGER:
        out->kind = FJ_INTEGER;
        out->integer = json_integer_value(j);
        return true;
    case JSON_REAL:
        out->kind = FJ_REAL;
        out->real = json_real_value(j);
        return true;
    case JSON_TRUE:
        out->kind = FJ_TRUE;
        return true;
    case JSON_FALSE:
        out->kind = FJ_FALSE;
        return true;
    case JSON_NULL:
        out->kind = FJ_NULL;
        return true;
    }
    return false;
}

const fjson *fjson_compile(arena *a, const json_t *json, bool placeholders, const char **error)
{
    compiler c = {.a = a, .placeholders = placeholders};
    fjson *out = arena_alloc(a, sizeof *out);
    if (!compile_node(&c, json, out)) {
        *error = c.error ? c.error : "a value of an unknown JSON type";
        return NULL;
    }
    return out;
}

/* Most lookups are of a keyword a subschema does not have: the lengths, which the frozen
 * names carry, rule out nearly every member without comparing text. */
const fjson *fj_get(const fjson *v, const char *key)
{
    if (!fj_is_object(v) || !key)
        return NULL;
    size_t n = strlen(key);
    for (size_t i = 0; i < v->count; i++) {
        const fj_text *name = &v->members[i].name;
        if (name->len == n && memcmp(name->text, key, n) == 0)
            return &v->members[i].value;
    }
    return NULL;
}

/* ---- printing as C (the build tool) ----------------------------------------------------- */

typedef struct gen {
    FILE *out;
    const char *prefix; /* of the arrays' names */
    int *next;          /* the number of the next array printed */
} gen;

void fjson_print_string(FILE *out, const char *s, size_t n)
{
    enum { LITERAL_MAX = 4000 }; /* C17 compilers must accept literals of 4095 characters */
    if (n > LITERAL_MAX) {
        fputs("(const char[]){", out);
        for (size_t i = 0; i < n; i++)
            fprintf(out, "%d,%s", (unsigned char)s[i], i % 32 == 31 ? "\n" : "");
        fputs("0}", out);
        return;
    }
    fputc('"', out);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '"' || ch == '\\' || ch == '?') /* '?': no trigraph can form */
            fprintf(out, "\\%c", ch);
        else if (ch >= 0x20 && ch < 0x7f)
            fputc(ch, out);
        else
            fprintf(out, "\\%03o", ch); /* always 3 digits: a digit after it stays a digit */
    }
    fputc('"', out);
}

/* Prints the parts of t as an array; returns its number, or -1 when t has none. */
static int print_parts(gen *g, const fj_text *t)
{
    if (!t->part_count)
        return -1;
    int id = (*g->next)++;
    fprintf(g->out, "static const fj_part %s%d[] = {\n", g->prefix, id);
    for (size_t i = 0; i < t->part_count; i++) {
        fputs("    {", g->out);
        fjson_print_string(g->out, t->parts[i].literal, t->parts[i].literal_len);
        fprintf(g->out, ", %zu, ", t->parts[i].literal_len);
        if (t->parts[i].key)
            fjson_print_string(g->out, t->parts[i].key, strlen(t->parts[i].key));
        else
            fputs("NULL", g->out);
        fputs("},\n", g->out);
    }
    fputs("};\n", g->out);
    return id;
}

static void print_text(gen *g, const fj_text *t, int parts)
{
    fputs("{", g->out);
    fjson_print_string(g->out, t->text, t->len);
    if (parts < 0)
        fprintf(g->out, ", %zu, 0, NULL}", t->len);
    else
        fprintf(g->out, ", %zu, %zu, %s%d}", t->len, t->part_count, g->prefix, parts);
}

/* What a node's initializer refers to: the arrays printed before it. */
typedef struct refs {
    int parts;    /* of its text */
    int children; /* its members or items */
} refs;

static refs print_children(gen *g, const fjson *n);

static void print_node(gen *g, const fjson *n, refs r)
{
    static const char *const kinds[] = {
        [FJ_OBJECT] = "FJ_OBJECT", [FJ_ARRAY] = "FJ_ARRAY", [FJ_STRING] = "FJ_STRING",
        [FJ_HOLE] = "FJ_HOLE",     [FJ_INTEGER] = "FJ_INTEGER", [FJ_REAL] = "FJ_REAL",
        [FJ_TRUE] = "FJ_TRUE",     [FJ_FALSE] = "FJ_FALSE",     [FJ_NULL] = "FJ_NULL",
    };
    fprintf(g->out, "{.kind = %s", kinds[n->kind]);
    if (n->kind == FJ_HOLE)
        fprintf(g->out, ", .type = %d /* %s */", (int)n->type, tpl_type_name(n->type));
    if (n->kind == FJ_STRING || n->kind == FJ_HOLE) {
        fputs(", .text = ", g->out);
        print_text(g, &n->text, r.parts);
    }
    if (n->kind == FJ_INTEGER) {
        if (n->integer == LLONG_MIN)
            fputs(", .integer = -9223372036854775807LL - 1", g->out);
        else
            fprintf(g->out, ", .integer = %lldLL", n->integer);
    }
    if (n->kind == FJ_REAL) {
        /* a double literal, exact (17 digits), with its sign: "-0" would be the integer 0 */
        char num[40];
        snprintf(num, sizeof num, "%.17g", n->real);
        fprintf(g->out, ", .real = %s%s", num, strpbrk(num, ".e") ? "" : ".0");
    }
    if (n->kind == FJ_OBJECT && n->count)
        fprintf(g->out, ", .count = %zu, .members = %s%d", n->count, g->prefix, r.children);
    if (n->kind == FJ_ARRAY && n->count)
        fprintf(g->out, ", .count = %zu, .items = %s%d", n->count, g->prefix, r.children);
    fputs("}", g->out);
}

/* Prints, depth first, every array node n refers to; returns their numbers. */
static refs print_children(gen *g, const fjson *n)
{
    refs r = {.parts = -1, .children = -1};
    if (n->kind == FJ_STRING)
        r.parts = print_parts(g, &n->text);
    if ((n->kind != FJ_OBJECT && n->kind != FJ_ARRAY) || !n->count)
        return r;
    refs *names = calloc(n->count, sizeof *names), *values = calloc(n->count, sizeof *values);
    if (!names || !values)
        fatal_oom();
    for (size_t i = 0; i < n->count; i++) {
        if (n->kind == FJ_OBJECT) {
            names[i].parts = print_parts(g, &n->members[i].name);
            values[i] = print_children(g, &n->members[i].value);
        } else {
            values[i] = print_children(g, &n->items[i]);
        }
    }
    r.children = (*g->next)++;
    fprintf(g->out, "static const %s %s%d[] = {\n", n->kind == FJ_OBJECT ? "fj_member" : "fjson",
            g->prefix, r.children);
    for (size_t i = 0; i < n->count; i++) {
        fputs("    ", g->out);
        if (n->kind == FJ_OBJECT) {
            fputs("{", g->out);
            print_text(g, &n->members[i].name, names[i].parts);
            fputs(", ", g->out);
            print_node(g, &n->members[i].value, values[i]);
            fputs("}", g->out);
        } else {
            print_node(g, &n->items[i], values[i]);
        }
        fputs(",\n", g->out);
    }
    fputs("};\n", g->out);
    free(names);
    free(values);
    return r;
}

void fjson_print_c(FILE *out, const fjson *tree, const char *name, const char *prefix, int *next)
{
    gen g = {.out = out, .prefix = prefix, .next = next};
    refs r = print_children(&g, tree);
    fprintf(out, "static const fjson %s = ", name);
    print_node(&g, tree, r);
    fputs(";\n", out);
}

