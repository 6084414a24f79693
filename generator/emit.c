/* emit.c - the template engine shared by every target (see emit.h).
 *
 * For each resource of the plan, in order, the engine instantiates the kind's template:
 * placeholders are replaced by the resource's values rendered in the target's dialect, and
 * the result is deep-merged into the output document. References are resolved through the
 * "attributes" of the referenced resource's own template, so an emitter never needs to know
 * how another kind is referred to. The built-in templates were compiled at build time
 * (template.h); a --templates folder's are compiled once per run, on first use.
 */
#include "emit.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template.h"

struct emitter {
    arena *a;
    const plan *p;
    const dialect *d;
    const char *dir;
    const template *templates[RES_KIND_COUNT];
    const char **names; /* target name of each plan item, by index */
    jval *shared_tags;  /* the dialect's, for its tags() */
    bool failed;
};

/* Reports a defect of the templates (not of the spec) once. */
static void fail(emitter *e, const resource *r, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail(emitter *e, const resource *r, const char *fmt, ...)
{
    if (e->failed)
        return;
    e->failed = true;
    va_list ap;
    va_start(ap, fmt);
    /* the built-in templates are the program's; a --templates folder is the user's */
    fprintf(stderr, "vpcgen: %stemplate %s/%s.json: ", e->dir ? "" : "internal error in ",
            e->d->target, r ? plan_kind_name(r->kind) : "?");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* Reads and compiles the template of kind from folder dir (--templates). */
static const template *template_from_folder(emitter *e, const resource *r)
{
    const char *file =
        arena_printf(e->a, "%s/%s/%s.json", e->dir, e->d->target, plan_kind_name(r->kind));
    json_error_t err;
    json_t *json = json_load_file(file, JSON_REJECT_DUPLICATES, &err);
    if (!json) {
        if (err.line < 1)
            fail(e, r, "%s", err.text);
        else
            fail(e, r, "%s:%d:%d: %s", file, err.line, err.column, err.text);
        return NULL;
    }
    const char *error = NULL;
    const template *t = template_compile(e->a, json, &error);
    json_decref(json);
    if (!t)
        fail(e, r, "%s", error);
    return t;
}

static const template *template_of(emitter *e, const resource *r)
{
    const template **slot = &e->templates[r->kind];
    if (*slot)
        return *slot;
    if (e->dir) {
        *slot = template_from_folder(e, r);
        return *slot;
    }
    const char *kind = plan_kind_name(r->kind);
    for (const builtin_template *b = builtin_templates; b->target && !*slot; b++)
        if (strcmp(b->kind, kind) == 0 && strcmp(b->target, e->d->target) == 0)
            *slot = &b->tpl;
    if (!*slot)
        fail(e, r, "not built into this binary");
    return *slot;
}

/* The target name of r (names are by plan index). */
static const char *name_of(emitter *e, const resource *r)
{
    return r->index < e->p->count && e->p->items[r->index] == r ? e->names[r->index] : "?";
}

static jval *instantiate(emitter *e, const resource *r, const fjson *t);

/* The expression for attribute attr of resource r, from r's template. */
static jval *attribute(emitter *e, const resource *from, const resource *r, const char *attr)
{
    const template *t = template_of(e, r);
    if (!t)
        return jval_null(e->a);
    const fjson *expr = template_attribute(t, attr);
    if (!expr) {
        fail(e, from, "refers to attribute '%s' of %s, which template %s does not define", attr,
             r->id, plan_kind_name(r->kind));
        return jval_null(e->a);
    }
    jval *v = instantiate(e, r, expr);
    return v ? v : jval_null(e->a);
}

static jval *render(emitter *e, const resource *r, const value *v);

/* The n strings pieces[] end to end, in the arena. */
static const char *concat(arena *a, const char *const *pieces, size_t n)
{
    size_t *lens = arena_array(a, n, sizeof *lens), total = 0;
    for (size_t i = 0; i < n; i++)
        total += lens[i] = strlen(pieces[i]);
    char *out = arena_alloc(a, total + 1), *w = out;
    for (size_t i = 0; i < n; i++) {
        memcpy(w, pieces[i], lens[i]);
        w += lens[i];
    }
    *w = '\0';
    return out;
}

/* A substitution: literals escaped, references embedded. */
static jval *render_sub(emitter *e, const resource *r, const value *v)
{
    const char **pieces = arena_array(e->a, v->count, sizeof *pieces);
    bool refs = false;
    for (size_t i = 0; i < v->count; i++) {
        const value *part = v->items[i];
        const char *piece;
        if (part->kind == VAL_STR) {
            piece = e->d->escape(e->a, part->str);
        } else if (part->kind == VAL_REGION) {
            piece = e->d->region_embedded(e->p->m);
            refs = true;
        } else {
            piece = e->d->embed(e->a, render(e, r, part));
            if (!piece) {
                fail(e, r, "a reference in a substitution cannot be embedded");
                piece = "";
            }
            refs = true;
        }
        pieces[i] = piece;
    }
    return e->d->sub(e->a, concat(e->a, pieces, v->count), refs);
}

/* A value in the target's dialect. */
static jval *render(emitter *e, const resource *r, const value *v)
{
    arena *a = e->a;
    switch (v->kind) {
    case VAL_STR:
        return e->d->literal(a, v->str);
    case VAL_INT:
        return jval_integer(a, v->num);
    case VAL_BOOL:
        return jval_bool(a, v->flag);
    case VAL_REF: {
        jval *expr = attribute(e, r, v->ref, v->attr);
        return v->index >= 0 ? e->d->index(a, expr, v->index) : expr;
    }
    case VAL_LIST:
    case VAL_JOIN: {
        jval *list = jval_array(a);
        for (size_t i = 0; i < v->count; i++)
            jval_append(a, list, render(e, r, v->items[i]));
        return v->kind == VAL_JOIN ? e->d->join(a, v->str, list) : list;
    }
    case VAL_SUB:
        return render_sub(e, r, v);
    case VAL_MAP: {
        jval *map = jval_object(a);
        for (size_t i = 0; i < v->count; i++)
            jval_set(a, map, v->keys[i], render(e, r, v->items[i]));
        return map;
    }
    case VAL_TAGS:
        return e->d->tags(a, e->p->m, v->str, &e->shared_tags);
    case VAL_REGION:
        return e->d->region(a, e->p->m);
    case VAL_REAL:
        return jval_real(a, strtod(v->str, NULL));
    }
    return jval_null(a);
}

/* Does a value of kind k fit a placeholder of type type? */
static bool type_fits(tpl_type type, value_kind k)
{
    static const value_kind kind_of[] = {
        [TPL_STR] = VAL_STR,   [TPL_INT] = VAL_INT,   [TPL_INTSTR] = VAL_INT, [TPL_BOOL] = VAL_BOOL,
        [TPL_REF] = VAL_REF,   [TPL_LIST] = VAL_LIST, [TPL_JOIN] = VAL_JOIN,  [TPL_SUB] = VAL_SUB,
        [TPL_TAGS] = VAL_TAGS, [TPL_MAP] = VAL_MAP,   [TPL_PARAMS] = VAL_MAP,
    };
    return type == TPL_ANY || kind_of[type] == k;
}

/* The value of placeholder key for r: a plan value, or one of the implicit keys; NULL when r
 * has none (the placeholder's member or item is then left out). */
static jval *placeholder(emitter *e, const resource *r, const char *key, tpl_type type)
{
    arena *a = e->a;
    if (strcmp(key, "id") == 0)
        return jval_string(a, name_of(e, r));
    if (strcmp(key, "name") == 0)
        return r->name ? jval_string(a, r->name) : NULL;
    if (strcmp(key, "depends_on") == 0) {
        if (!r->depend_count)
            return NULL;
        jval *list = jval_array(a);
        for (size_t i = 0; i < r->depend_count; i++)
            jval_append(a, list, attribute(e, r, r->depends[i], "dependency"));
        return list;
    }
    const value *v = plan_prop(r, key);
    if (!v)
        return NULL;
    if (!type_fits(type, v->kind)) {
        fail(e, r, "placeholder '%s' is typed '%s' but the plan gives another kind of value", key,
             tpl_type_name(type));
        return jval_null(a);
    }
    if (type == TPL_INTSTR)
        return jval_string(a, arena_printf(a, "%lld", (long long)v->num));
    jval *out = render(e, r, v);
    if (type == TPL_PARAMS) {
        jval *blocks = jval_array(a);
        for (size_t i = 0; i < out->count; i++) {
            jval *block = jval_object(a);
            jval_set(a, block, "name", jval_string(a, out->keys[i]));
            jval_set(a, block, "value", out->items[i]);
            jval_set(a, block, "apply_method", jval_string(a, "pending-reboot"));
            jval_append(a, blocks, block);
        }
        return blocks;
    }
    return out;
}

/* Text t with every "@{key}" replaced by a string or integer value of r: t's own text when
 * it has no placeholder, else a new string in the arena. */
static const char *interpolate(emitter *e, const resource *r, const fj_text *t)
{
    if (!t->part_count)
        return t->text;
    /* literal, value, literal, value, ..., literal */
    const char **pieces = arena_array(e->a, 2 * t->part_count - 1, sizeof *pieces);
    for (size_t i = 0; i < t->part_count; i++)
        pieces[2 * i] = t->parts[i].literal;
    for (size_t i = 0; i + 1 < t->part_count; i++) {
        const char *key = t->parts[i].key;
        jval *v = placeholder(e, r, key, TPL_ANY);
        const char *text = "";
        if (!v)
            fail(e, r, "'%s' is interpolated in a string but %s has no such value", key, r->id);
        else if (v->kind == JV_STRING)
            text = v->str;
        else if (v->kind == JV_INTEGER)
            text = arena_printf(e->a, "%lld", v->integer);
        else if ((text = e->d->embed(e->a, v)) == NULL) {
            fail(e, r, "'%s' cannot be interpolated in a string in this target", key);
            text = "";
        }
        pieces[2 * i + 1] = text;
    }
    return concat(e->a, pieces, 2 * t->part_count - 1);
}

/* Instantiates template fragment t for resource r; NULL means "absent". */
static jval *instantiate(emitter *e, const resource *r, const fjson *t)
{
    arena *a = e->a;
    switch (t->kind) {
    case FJ_HOLE:
        return placeholder(e, r, t->text.text, t->type);
    case FJ_STRING:
        return jval_string(a, interpolate(e, r, &t->text));
    case FJ_OBJECT: {
        jval *out = jval_object(a);
        bool interpolated = false; /* a member name so far was interpolated */
        for (size_t i = 0; i < t->count; i++) {
            jval *x = instantiate(e, r, &t->members[i].value);
            const fj_text *name = &t->members[i].name;
            if (!x)
                continue;
            /* the literal names of one object are distinct (it was a JSON object): only an
             * interpolated name, or one after it, may meet a name already there */
            if (name->part_count || interpolated)
                jval_set(a, out, interpolate(e, r, name), x);
            else
                jval_add(a, out, name->text, x);
            interpolated |= name->part_count != 0;
        }
        /* an object whose every member was an absent value is absent too (a template's
         * literal {} stays) */
        return t->count && !out->count ? NULL : out;
    }
    case FJ_ARRAY: {
        jval *out = jval_array(a);
        for (size_t i = 0; i < t->count; i++) {
            jval *x = instantiate(e, r, &t->items[i]);
            if (x)
                jval_append(a, out, x);
        }
        return out;
    }
    case FJ_INTEGER:
        return jval_integer(a, t->integer);
    case FJ_REAL:
        return jval_real(a, t->real);
    case FJ_TRUE:
        return jval_bool(a, true);
    case FJ_FALSE:
        return jval_bool(a, false);
    case FJ_NULL:
        break;
    }
    return jval_null(a);
}

/* Deep-merges object src into dst. Two leaves at one path are a defect. */
static void merge_into(emitter *e, const resource *r, jval *dst, const jval *src)
{
    for (size_t i = 0; i < src->count; i++) {
        const char *k = src->keys[i];
        jval *v = src->items[i];
        jval *have = jval_get(dst, k);
        if (have && have->kind == JV_OBJECT && v->kind == JV_OBJECT)
            merge_into(e, r, have, v);
        else if (have && !(v->kind == JV_OBJECT && v->count == 0))
            fail(e, r, "'%s' is defined twice in the output", k);
        else if (!have)
            jval_add(e->a, dst, k, v);
    }
}

jval *emit_document(arena *a, const plan *p, const dialect *d, const char *templates_dir)
{
    emitter e = {.a = a, .p = p, .d = d, .dir = templates_dir};
    e.names = arena_array(a, p->count, sizeof *e.names);
    for (size_t i = 0; i < p->count; i++)
        e.names[i] = d->name(a, p->items[i]);
    jval *doc = jval_object(a);
    for (size_t i = 0; i < p->count && !e.failed; i++) {
        const resource *r = p->items[i];
        const template *t = template_of(&e, r);
        if (!t)
            break;
        merge_into(&e, r, doc, instantiate(&e, r, t->document));
    }
    /* sections the stack template opened but nothing filled are left out */
    for (size_t i = doc->count; i-- > 0;)
        if (doc->items[i]->kind == JV_OBJECT && doc->items[i]->count == 0)
            jval_remove(doc, i);
    return e.failed ? NULL : doc;
}

char *emit_dump(const jval *doc, bool compact, size_t *len)
{
    return jval_dump(doc, compact, len);
}
