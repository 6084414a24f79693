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
    json_t *shared_tags; /* the dialect's, for its tags() */
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
    const char *file = arena_printf(e->a, "%s/%s/%s.json", e->dir, e->d->target,
                                    plan_kind_name(r->kind));
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
        if (strcmp(b->target, e->d->target) == 0 && strcmp(b->kind, kind) == 0)
            *slot = &b->tpl;
    if (!*slot)
        fail(e, r, "not built into this binary");
    return *slot;
}

/* Index of r in the plan (for its name). */
static const char *name_of(emitter *e, const resource *r)
{
    for (size_t i = 0; i < e->p->count; i++)
        if (e->p->items[i] == r)
            return e->names[i];
    return "?";
}

static json_t *instantiate(emitter *e, const resource *r, const fjson *t);

/* The expression for attribute attr of resource r, from r's template. New reference. */
static json_t *attribute(emitter *e, const resource *from, const resource *r, const char *attr)
{
    const template *t = template_of(e, r);
    if (!t)
        return json_null();
    const fjson *expr = template_attribute(t, attr);
    if (!expr) {
        fail(e, from, "refers to attribute '%s' of %s, which template %s does not define",
             attr, r->id, plan_kind_name(r->kind));
        return json_null();
    }
    return instantiate(e, r, expr);
}

static json_t *render(emitter *e, const resource *r, const value *v);

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
static json_t *render_sub(emitter *e, const resource *r, const value *v)
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
            json_t *expr = render(e, r, part);
            piece = e->d->embed(e->a, expr);
            json_decref(expr);
            if (!piece) {
                fail(e, r, "a reference in a substitution cannot be embedded");
                piece = "";
            }
            refs = true;
        }
        pieces[i] = piece;
    }
    return e->d->sub(concat(e->a, pieces, v->count), refs);
}

/* A value in the target's dialect. New reference. */
static json_t *render(emitter *e, const resource *r, const value *v)
{
    switch (v->kind) {
    case VAL_STR:
        return e->d->literal(e->a, v->str);
    case VAL_INT:
        return json_integer(v->num);
    case VAL_BOOL:
        return json_boolean(v->flag);
    case VAL_REF: {
        json_t *expr = attribute(e, r, v->ref, v->attr);
        return v->index >= 0 ? e->d->index(expr, v->index) : expr;
    }
    case VAL_LIST: {
        json_t *list = json_array();
        for (size_t i = 0; i < v->count; i++)
            json_array_append_new(list, render(e, r, v->items[i]));
        return list;
    }
    case VAL_JOIN: {
        json_t *list = json_array();
        for (size_t i = 0; i < v->count; i++)
            json_array_append_new(list, render(e, r, v->items[i]));
        return e->d->join(v->str, list);
    }
    case VAL_SUB:
        return render_sub(e, r, v);
    case VAL_MAP: {
        json_t *map = json_object();
        for (size_t i = 0; i < v->count; i++)
            json_object_set_new(map, v->keys[i], render(e, r, v->items[i]));
        return map;
    }
    case VAL_TAGS:
        return e->d->tags(e->a, e->p->m, v->str, &e->shared_tags);
    case VAL_REGION:
        return e->d->region(e->p->m);
    }
    return json_null();
}

/* Does a value of kind k fit a placeholder of type type? */
static bool type_fits(tpl_type type, value_kind k)
{
    static const value_kind kind_of[] = {
        [TPL_STR] = VAL_STR,   [TPL_INT] = VAL_INT,   [TPL_INTSTR] = VAL_INT,
        [TPL_BOOL] = VAL_BOOL, [TPL_REF] = VAL_REF,   [TPL_LIST] = VAL_LIST,
        [TPL_JOIN] = VAL_JOIN, [TPL_SUB] = VAL_SUB,   [TPL_TAGS] = VAL_TAGS,
        [TPL_MAP] = VAL_MAP,   [TPL_PARAMS] = VAL_MAP,
    };
    return type == TPL_ANY || kind_of[type] == k;
}

/* The value of placeholder key for r: a plan value, or one of the implicit keys. Sets
 * *absent when r has none. New reference. */
static json_t *placeholder(emitter *e, const resource *r, const char *key, tpl_type type,
                           bool *absent)
{
    *absent = false;
    if (strcmp(key, "id") == 0)
        return json_string(name_of(e, r));
    if (strcmp(key, "name") == 0) {
        if (r->name)
            return json_string(r->name);
        *absent = true;
        return NULL;
    }
    if (strcmp(key, "depends_on") == 0) {
        if (!r->depend_count) {
            *absent = true;
            return NULL;
        }
        json_t *list = json_array();
        for (size_t i = 0; i < r->depend_count; i++)
            json_array_append_new(list, attribute(e, r, r->depends[i], "dependency"));
        return list;
    }
    const value *v = plan_prop(r, key);
    if (!v) {
        *absent = true;
        return NULL;
    }
    if (!type_fits(type, v->kind)) {
        fail(e, r, "placeholder '%s' is typed '%s' but the plan gives another kind of value",
             key, tpl_type_name(type));
        return json_null();
    }
    if (type == TPL_INTSTR)
        return json_string(arena_printf(e->a, "%lld", (long long)v->num));
    json_t *out = render(e, r, v);
    if (type == TPL_PARAMS) {
        json_t *blocks = json_array();
        const char *k;
        json_t *val;
        json_object_foreach(out, k, val) {
            json_t *block = json_object();
            json_object_set_new(block, "name", json_string(k));
            json_object_set(block, "value", val);
            json_object_set_new(block, "apply_method", json_string("pending-reboot"));
            json_array_append_new(blocks, block);
        }
        json_decref(out);
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
        bool absent;
        json_t *v = placeholder(e, r, key, TPL_ANY, &absent);
        const char *text = "";
        if (absent)
            fail(e, r, "'%s' is interpolated in a string but %s has no such value", key, r->id);
        else if (json_is_string(v))
            text = arena_strdup(e->a, json_string_value(v));
        else if (json_is_integer(v))
            text = arena_printf(e->a, "%lld", (long long)json_integer_value(v));
        else if ((text = e->d->embed(e->a, v)) == NULL) {
            fail(e, r, "'%s' cannot be interpolated in a string in this target", key);
            text = "";
        }
        json_decref(v);
        pieces[2 * i + 1] = text;
    }
    return concat(e->a, pieces, 2 * t->part_count - 1);
}

/* Instantiates template fragment t for resource r. New reference; NULL means "absent". */
static json_t *instantiate(emitter *e, const resource *r, const fjson *t)
{
    switch (t->kind) {
    case FJ_HOLE: {
        bool absent;
        json_t *v = placeholder(e, r, t->text.text, t->type, &absent);
        return absent ? NULL : v;
    }
    case FJ_STRING:
        return json_string(interpolate(e, r, &t->text));
    case FJ_OBJECT: {
        json_t *out = json_object();
        for (size_t i = 0; i < t->count; i++) {
            json_t *x = instantiate(e, r, &t->members[i].value);
            if (x)
                json_object_set_new(out, interpolate(e, r, &t->members[i].name), x);
        }
        return out;
    }
    case FJ_ARRAY: {
        json_t *out = json_array();
        for (size_t i = 0; i < t->count; i++) {
            json_t *x = instantiate(e, r, &t->items[i]);
            if (x)
                json_array_append_new(out, x);
        }
        return out;
    }
    case FJ_INTEGER:
        return json_integer(t->integer);
    case FJ_REAL:
        return json_real(t->real);
    case FJ_TRUE:
        return json_true();
    case FJ_FALSE:
        return json_false();
    case FJ_NULL:
        break;
    }
    return json_null();
}

/* Deep-merges object src into dst (steals src). Two leaves at one path are a defect. */
static void merge_into(emitter *e, const resource *r, json_t *dst, json_t *src)
{
    const char *k;
    json_t *v;
    json_object_foreach(src, k, v) {
        json_t *have = json_object_get(dst, k);
        if (have && json_is_object(have) && json_is_object(v))
            merge_into(e, r, have, json_incref(v));
        else if (have && !(json_is_object(v) && json_object_size(v) == 0))
            fail(e, r, "'%s' is defined twice in the output", k);
        else if (!have)
            json_object_set(dst, k, v);
    }
    json_decref(src);
}

json_t *emit_document(arena *a, const plan *p, const dialect *d, const char *templates_dir)
{
    emitter e = {.a = a, .p = p, .d = d, .dir = templates_dir};
    e.names = arena_array(a, p->count, sizeof *e.names);
    for (size_t i = 0; i < p->count; i++)
        e.names[i] = d->name(a, p->items[i]);
    json_t *doc = json_object();
    for (size_t i = 0; i < p->count && !e.failed; i++) {
        const resource *r = p->items[i];
        const template *t = template_of(&e, r);
        if (!t)
            break;
        json_t *part = instantiate(&e, r, t->document);
        merge_into(&e, r, doc, part);
    }
    /* sections the stack template opened but nothing filled are left out */
    const char *k;
    json_t *v;
    void *tmp;
    json_object_foreach_safe(doc, tmp, k, v) {
        if (json_is_object(v) && json_object_size(v) == 0)
            json_object_del(doc, k);
    }
    json_decref(e.shared_tags);
    if (e.failed) {
        json_decref(doc);
        return NULL;
    }
    return doc;
}

/* A growable output buffer for emit_dump. */
typedef struct outbuf {
    char *data;
    size_t len, cap;
    bool failed;
} outbuf;

static void out_reserve(outbuf *b, size_t n)
{
    if (b->failed || b->len + n <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 16384;
    while (cap < b->len + n)
        cap *= 2;
    char *data = realloc(b->data, cap);
    if (!data) {
        b->failed = true;
        return;
    }
    b->data = data;
    b->cap = cap;
}

static void out_put(outbuf *b, const char *s, size_t n)
{
    out_reserve(b, n);
    if (!b->failed) {
        memcpy(b->data + b->len, s, n);
        b->len += n;
    }
}

static void out_indent(outbuf *b, int depth)
{
    out_reserve(b, 1 + 2 * (size_t)depth);
    if (b->failed)
        return;
    b->data[b->len++] = '\n';
    memset(b->data + b->len, ' ', 2 * (size_t)depth);
    b->len += 2 * (size_t)depth;
}

/* A JSON string as jansson writes it: '"' and '\\' escaped, control characters as \b \f
 * \n \r \t or \u00XX, everything else (UTF-8 included) as it is. */
static void out_string(outbuf *b, const char *s, size_t n)
{
    out_reserve(b, n + 2);
    out_put(b, "\"", 1);
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out_put(b, s + run, i - run);
        run = i + 1;
        char esc[8];
        switch (c) {
        case '"': out_put(b, "\\\"", 2); break;
        case '\\': out_put(b, "\\\\", 2); break;
        case '\b': out_put(b, "\\b", 2); break;
        case '\f': out_put(b, "\\f", 2); break;
        case '\n': out_put(b, "\\n", 2); break;
        case '\r': out_put(b, "\\r", 2); break;
        case '\t': out_put(b, "\\t", 2); break;
        default:
            snprintf(esc, sizeof esc, "\\u%04X", c);
            out_put(b, esc, 6);
        }
    }
    out_put(b, s + run, n - run);
    out_put(b, "\"", 1);
}

static void out_value(outbuf *b, const json_t *v, int depth)
{
    char num[32];
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        if (!json_object_size(v)) {
            out_put(b, "{}", 2);
            return;
        }
        out_put(b, "{", 1);
        const char *k;
        json_t *x;
        size_t i = 0;
        json_object_foreach((json_t *)v, k, x) {
            if (i++)
                out_put(b, ",", 1);
            out_indent(b, depth + 1);
            out_string(b, k, strlen(k));
            out_put(b, ": ", 2);
            out_value(b, x, depth + 1);
        }
        out_indent(b, depth);
        out_put(b, "}", 1);
        return;
    }
    case JSON_ARRAY: {
        if (!json_array_size(v)) {
            out_put(b, "[]", 2);
            return;
        }
        out_put(b, "[", 1);
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) {
            if (i)
                out_put(b, ",", 1);
            out_indent(b, depth + 1);
            out_value(b, x, depth + 1);
        }
        out_indent(b, depth);
        out_put(b, "]", 1);
        return;
    }
    case JSON_STRING:
        out_string(b, json_string_value(v), json_string_length(v));
        return;
    case JSON_INTEGER:
        out_put(b, num, (size_t)snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT,
                                         json_integer_value(v)));
        return;
    case JSON_REAL:
        out_put(b, num, (size_t)snprintf(num, sizeof num, "%.17g", json_real_value(v)));
        return;
    case JSON_TRUE:
        out_put(b, "true", 4);
        return;
    case JSON_FALSE:
        out_put(b, "false", 5);
        return;
    case JSON_NULL:
        out_put(b, "null", 4);
        return;
    }
}

/* The document in the documented format, written directly: jansson's generic dumper was a
 * quarter of a run. The bytes are those of json_dumps(JSON_INDENT(2)) plus a newline. */
char *emit_dump(const json_t *doc, size_t *len)
{
    outbuf b = {0};
    out_value(&b, doc, 0);
    out_put(&b, "\n", 2); /* the final newline and the NUL */
    if (b.failed) {
        free(b.data);
        return NULL;
    }
    *len = b.len - 1;
    return b.data;
}
