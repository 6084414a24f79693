/* tplgen.c - a build tool: compiles the built-in templates into C data.
 *
 *   tplgen TARGET/KIND=FILE... > builtin_templates.c
 *
 * Each FILE is compiled by generator/template.c, the module vpcgen itself uses for
 * `--templates DIR`, and printed as static tpl_node trees plus the table builtin_templates[]
 * (template.h). So a run of vpcgen parses no template: parsing them was a quarter of a run.
 * Duplicate keys and every error template_compile() finds fail the build, naming the file.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template.h"

typedef struct gen {
    FILE *out;
    arena *a;
    int next; /* the number of the next array printed */
} gen;

/* s[0..n) as a C string literal: printable ASCII as it is, everything else in octal, and
 * '?' escaped so that no trigraph can form. */
static void print_literal(FILE *out, const char *s, size_t n)
{
    fputc('"', out);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '"' || ch == '\\' || ch == '?')
            fprintf(out, "\\%c", ch);
        else if (ch >= 0x20 && ch < 0x7f)
            fputc(ch, out);
        else
            fprintf(out, "\\%03o", ch);
    }
    fputc('"', out);
}

/* Prints the parts of t as an array; returns its number, or -1 when t has none. */
static int print_parts(gen *g, const tpl_text *t)
{
    if (!t->part_count)
        return -1;
    int id = g->next++;
    fprintf(g->out, "static const tpl_part a%d[] = {\n", id);
    for (size_t i = 0; i < t->part_count; i++) {
        fputs("    {", g->out);
        print_literal(g->out, t->parts[i].literal, t->parts[i].literal_len);
        fprintf(g->out, ", %zu, ", t->parts[i].literal_len);
        if (t->parts[i].key)
            print_literal(g->out, t->parts[i].key, strlen(t->parts[i].key));
        else
            fputs("NULL", g->out);
        fputs("},\n", g->out);
    }
    fputs("};\n", g->out);
    return id;
}

static void print_text(gen *g, const tpl_text *t, int parts)
{
    fputs("{", g->out);
    print_literal(g->out, t->text, t->len);
    if (parts < 0)
        fprintf(g->out, ", %zu, 0, NULL}", t->len);
    else
        fprintf(g->out, ", %zu, %zu, a%d}", t->len, t->part_count, parts);
}

/* What a node's initializer refers to: the arrays printed before it. */
typedef struct refs {
    int parts;    /* of its text */
    int children; /* its members or items */
} refs;

static refs print_children(gen *g, const tpl_node *n);

static void print_node(gen *g, const tpl_node *n, refs r)
{
    static const char *const kinds[] = {
        [TPL_OBJECT] = "TPL_OBJECT", [TPL_ARRAY] = "TPL_ARRAY", [TPL_STRING] = "TPL_STRING",
        [TPL_HOLE] = "TPL_HOLE",     [TPL_INTEGER] = "TPL_INTEGER", [TPL_REAL] = "TPL_REAL",
        [TPL_TRUE] = "TPL_TRUE",     [TPL_FALSE] = "TPL_FALSE",     [TPL_NULL] = "TPL_NULL",
    };
    fprintf(g->out, "{.kind = %s", kinds[n->kind]);
    if (n->kind == TPL_HOLE)
        fprintf(g->out, ", .type = %d /* %s */", (int)n->type, template_type_name(n->type));
    if (n->kind == TPL_STRING || n->kind == TPL_HOLE) {
        fputs(", .text = ", g->out);
        print_text(g, &n->text, r.parts);
    }
    if (n->kind == TPL_INTEGER) {
        if (n->integer == LLONG_MIN)
            fputs(", .integer = -9223372036854775807LL - 1", g->out);
        else
            fprintf(g->out, ", .integer = %lldLL", n->integer);
    }
    if (n->kind == TPL_REAL)
        fprintf(g->out, ", .real = %.17g", n->real);
    if (n->kind == TPL_OBJECT && n->count)
        fprintf(g->out, ", .count = %zu, .members = a%d", n->count, r.children);
    if (n->kind == TPL_ARRAY && n->count)
        fprintf(g->out, ", .count = %zu, .items = a%d", n->count, r.children);
    fputs("}", g->out);
}

/* Prints, depth first, every array node n refers to; returns their numbers. */
static refs print_children(gen *g, const tpl_node *n)
{
    refs r = {.parts = -1, .children = -1};
    if (n->kind == TPL_STRING)
        r.parts = print_parts(g, &n->text);
    if ((n->kind != TPL_OBJECT && n->kind != TPL_ARRAY) || !n->count)
        return r;
    refs *names = arena_array(g->a, n->count, sizeof *names);
    refs *values = arena_array(g->a, n->count, sizeof *values);
    for (size_t i = 0; i < n->count; i++) {
        if (n->kind == TPL_OBJECT) {
            names[i].parts = print_parts(g, &n->members[i].name);
            values[i] = print_children(g, &n->members[i].value);
        } else {
            values[i] = print_children(g, &n->items[i]);
        }
    }
    r.children = g->next++;
    fprintf(g->out, "static const %s a%d[] = {\n", n->kind == TPL_OBJECT ? "tpl_member" : "tpl_node",
            r.children);
    for (size_t i = 0; i < n->count; i++) {
        fputs("    ", g->out);
        if (n->kind == TPL_OBJECT) {
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
    return r;
}

static void print_template(gen *g, const template *t, int id)
{
    refs doc = print_children(g, &t->document);
    tpl_node attrs = {.kind = TPL_OBJECT, .count = t->attribute_count, .members = t->attributes};
    refs att = print_children(g, &attrs);
    fprintf(g->out, "static const template t%d = {", id);
    print_node(g, &t->document, doc);
    if (t->attribute_count)
        fprintf(g->out, ", %zu, a%d};\n\n", t->attribute_count, att.children);
    else
        fputs(", 0, NULL};\n\n", g->out);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: tplgen TARGET/KIND=FILE... > builtin_templates.c\n", stderr);
        return 2;
    }
    gen g = {.out = stdout, .a = arena_new()};
    fputs("/* Generated by tools/tplgen.c from templates/: do not edit. */\n"
          "#include \"template.h\"\n\n",
          g.out);
    for (int i = 1; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        const char *slash = strchr(argv[i], '/');
        if (!eq || !slash || slash > eq) {
            fprintf(stderr, "tplgen: expected TARGET/KIND=FILE, got %s\n", argv[i]);
            return 2;
        }
        json_error_t err;
        json_t *json = json_load_file(eq + 1, JSON_REJECT_DUPLICATES, &err);
        if (!json) {
            fprintf(stderr, "%s:%d:%d: %s\n", eq + 1, err.line, err.column, err.text);
            return 1;
        }
        const char *error = NULL;
        const template *t = template_compile(g.a, json, &error);
        json_decref(json);
        if (!t) {
            fprintf(stderr, "%s: %s\n", eq + 1, error);
            return 1;
        }
        print_template(&g, t, i);
    }
    fputs("const builtin_template builtin_templates[] = {\n", g.out);
    for (int i = 1; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        const char *slash = strchr(argv[i], '/');
        fprintf(g.out, "    {\"%.*s\", \"%.*s\", &t%d},\n", (int)(slash - argv[i]), argv[i],
                (int)(eq - slash - 1), slash + 1, i);
    }
    fputs("    {NULL, NULL, NULL},\n};\n", g.out);
    arena_free(g.a);
    if (fflush(g.out) != 0 || ferror(g.out)) {
        perror("tplgen: write");
        return 1;
    }
    return 0;
}
