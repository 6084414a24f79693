/* schema.c - pass 2a: validates a spec tree against the embedded JSON Schema (see schema.h).
 *
 * The engine walks the node tree and the schema together and reports every violation at the
 * node a user would edit: an unknown key at the key, a missing key at the key of its map, a
 * wrong value at the value. It implements exactly the keywords vpcgen.schema.json uses;
 * schema_new() refuses a schema with any other keyword, so the engine and the schema cannot
 * silently disagree.
 *
 * Scalars are typed as the loader resolved them (YAML 1.2 core). Where a type is expected
 * and the scalar is what YAML 1.1 would have read as one (010, 0x50, 1_000, 1:20, yes, no),
 * or the right thing in quotes, the message says why and what to write instead. oneOf picks
 * its branch by the node's type (exactly, else by such a near miss), so its errors talk about
 * the branch the user meant.
 */
#include "schema.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <pcre2.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embed.h"

static const char SCHEMA_PATH[] = "schema/vpcgen.schema.json";

enum {
    SHOWN_CHARS = 48, /* characters of a value quoted in a message */
    SHOWN_SIZE = SHOWN_CHARS * 4 + 8,
    SUGGEST_MAX = 64,   /* longest word "did you mean" considers */
    LIST_KEYS_MAX = 10, /* unknown key: list the known ones when this few */
    PATH_MAX_DEPTH = LOAD_MAX_DEPTH + 8,
    REF_MAX_HOPS = 16,
};

/* JSON Schema types as bits; type_names[i] is bit 1 << i. */
enum {
    T_STRING = 1 << 0,
    T_INTEGER = 1 << 1,
    T_NUMBER = 1 << 2,
    T_BOOLEAN = 1 << 3,
    T_OBJECT = 1 << 4,
    T_ARRAY = 1 << 5,
    T_NULL = 1 << 6,
};
static const char *const type_names[][2] = {
    {"string", "a string"},   {"integer", "an integer"}, {"number", "a number"},
    {"boolean", "a boolean"}, {"object", "a map"},       {"array", "a list"},
    {"null", "null"},
};
enum { NTYPES = sizeof type_names / sizeof type_names[0] };

typedef struct pattern_entry {
    const json_t *key; /* the pattern string in the schema tree */
    pcre2_code *code;  /* NULL when it did not compile (reported once) */
} pattern_entry;

struct schema {
    json_t *root;
    const json_t *defs;
    pattern_entry *pats;
    size_t npats, cap;
    pcre2_match_data *md;
};

typedef struct ctx {
    schema *s;
    diag_sink *d;
    const node *root;
    const char *path[PATH_MAX_DEPTH]; /* keys from the root to the current map, for messages */
    int depth;
} ctx;

/* ---- the schema itself ---------------------------------------------------------------- */

typedef enum {
    K_ANNOT,
    K_TEXT,
    K_DEFS,
    K_TYPE,
    K_ENUM,
    K_CONST,
    K_NUMBER,
    K_COUNT,
    K_BOOL,
    K_NAMES,
    K_PROPS,
    K_SCHEMA,
    K_LIST,
    K_REF,
    K_NOT
} kw_kind;

static const struct {
    const char *name;
    kw_kind kind;
} keywords[] = {
    {"$schema", K_ANNOT},
    {"$id", K_ANNOT},
    {"$comment", K_ANNOT},
    {"default", K_ANNOT},
    {"examples", K_ANNOT},
    {"title", K_TEXT},
    {"description", K_TEXT},
    {"pattern", K_TEXT},
    {"$defs", K_DEFS},
    {"type", K_TYPE},
    {"enum", K_ENUM},
    {"const", K_CONST},
    {"minimum", K_NUMBER},
    {"maximum", K_NUMBER},
    {"minLength", K_COUNT},
    {"maxLength", K_COUNT},
    {"minItems", K_COUNT},
    {"maxItems", K_COUNT},
    {"minProperties", K_COUNT},
    {"uniqueItems", K_BOOL},
    {"required", K_NAMES},
    {"properties", K_PROPS},
    {"additionalProperties", K_SCHEMA},
    {"propertyNames", K_SCHEMA},
    {"items", K_SCHEMA},
    {"oneOf", K_LIST},
    {"$ref", K_REF},
    {"not", K_NOT},
};

static unsigned type_bit(const char *name)
{
    for (int i = 0; i < NTYPES; i++)
        if (strcmp(type_names[i][0], name) == 0)
            return 1u << i;
    return 0;
}

/* The bits of a "type" value (a name or a list of names); 0 if any name is unknown. */
static unsigned type_mask(const json_t *type)
{
    if (json_is_string(type))
        return type_bit(json_string_value(type));
    unsigned m = 0;
    size_t i;
    const json_t *t;
    json_array_foreach(type, i, t)
    {
        unsigned b = json_is_string(t) ? type_bit(json_string_value(t)) : 0;
        if (!b)
            return 0;
        m |= b;
    }
    return m;
}

/* The target of a "$ref" ("#/$defs/NAME"), or NULL. */
static const json_t *resolve(const schema *s, const json_t *ref)
{
    const char *r = json_string_value(ref);
    if (!r || strncmp(r, "#/$defs/", 8) != 0)
        return NULL;
    return json_object_get(s->defs, r + 8);
}

static bool schema_fail(const char *where, const char *what, const char *kw)
{
    fprintf(stderr, "vpcgen: %s: %s: %s '%s'\n", SCHEMA_PATH, where, what, kw);
    return false;
}

static bool scalar_json(const json_t *v)
{
    return json_is_string(v) || json_is_number(v) || json_is_boolean(v) || json_is_null(v);
}

/* Checks that sch (at JSON pointer where[0..len)) uses only the keywords this engine
 * implements, each in a shape it understands; prints the first problem to stderr. */
static bool check_schema(const schema *s, const json_t *sch, char *where, size_t len, bool top)
{
    if (json_is_boolean(sch))
        return true;
    if (!json_is_object(sch))
        return schema_fail(where, "a schema must be an object or a boolean, at", "");
    const char *kw;
    json_t *v;
    json_object_foreach((json_t *)sch, kw, v)
    {
        size_t k = 0, nk = sizeof keywords / sizeof keywords[0];
        while (k < nk && strcmp(keywords[k].name, kw) != 0)
            k++;
        if (k == nk)
            return schema_fail(where, "keyword not implemented by the engine", kw);
        snprintf(where + len, 512 - len, "/%s", kw);
        size_t klen = strlen(where), i;
        const char *name;
        json_t *sub;
        bool ok = true;
        switch (keywords[k].kind) {
        case K_ANNOT:
            break;
        case K_TEXT:
            ok = json_is_string(v);
            break;
        case K_DEFS:
            ok = top && json_is_object(v);
            json_object_foreach(v, name, sub)
            {
                snprintf(where + klen, 512 - klen, "/%s", name);
                if (ok && !check_schema(s, sub, where, strlen(where), false))
                    return false;
            }
            break;
        case K_TYPE:
            ok = type_mask(v) != 0;
            break;
        case K_ENUM:
            ok = json_is_array(v) && json_array_size(v) > 0;
            json_array_foreach(v, i, sub) ok = ok && scalar_json(sub);
            break;
        case K_CONST:
            ok = scalar_json(v);
            break;
        case K_NUMBER:
            ok = json_is_number(v);
            break;
        case K_COUNT:
            ok = json_is_integer(v) && json_integer_value(v) >= 0;
            break;
        case K_BOOL:
            ok = json_is_boolean(v);
            break;
        case K_NAMES:
            ok = json_is_array(v);
            json_array_foreach(v, i, sub) ok = ok && json_is_string(sub);
            break;
        case K_PROPS:
            ok = json_is_object(v);
            json_object_foreach(v, name, sub)
            {
                snprintf(where + klen, 512 - klen, "/%s", name);
                if (ok && !check_schema(s, sub, where, strlen(where), false))
                    return false;
            }
            break;
        case K_SCHEMA:
            if (!check_schema(s, v, where, klen, false))
                return false;
            break;
        case K_LIST:
            ok = json_is_array(v) && json_array_size(v) > 0;
            json_array_foreach(v, i, sub)
            {
                snprintf(where + klen, 512 - klen, "/%zu", i);
                if (ok && !check_schema(s, sub, where, strlen(where), false))
                    return false;
            }
            break;
        case K_REF: {
            const json_t *t = resolve(s, v);
            for (int hops = 0; ok && t && json_object_get(t, "$ref"); hops++) {
                t = resolve(s, json_object_get(t, "$ref"));
                ok = hops < REF_MAX_HOPS;
            }
            ok = ok && t;
            break;
        }
        case K_NOT: /* only "not": {} (or true), a forbidden key that carries a description */
            ok = json_is_true(v) || (json_is_object(v) && json_object_size(v) == 0);
            break;
        }
        where[len] = '\0';
        if (!ok)
            return schema_fail(where, "unsupported value or position of keyword", kw);
    }
    return true;
}

schema *schema_new(void)
{
    const embedded_file *f = embed_find(SCHEMA_PATH);
    if (!f) {
        fprintf(stderr, "vpcgen: %s is not embedded in this build\n", SCHEMA_PATH);
        return NULL;
    }
    json_error_t err;
    json_t *root = json_loadb(f->data, f->len, JSON_REJECT_DUPLICATES, &err);
    if (!root) {
        fprintf(stderr, "vpcgen: %s:%d:%d: %s\n", SCHEMA_PATH, err.line, err.column, err.text);
        return NULL;
    }
    schema *s = calloc(1, sizeof *s);
    if (!s)
        fatal_oom();
    s->root = root;
    s->defs = json_object_get(root, "$defs");
    char where[512] = "#";
    if (!check_schema(s, root, where, 1, true)) {
        schema_free(s);
        return NULL;
    }
    s->md = pcre2_match_data_create(1, NULL);
    if (!s->md)
        fatal_oom();
    return s;
}

void schema_free(schema *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->npats; i++)
        pcre2_code_free(s->pats[i].code);
    free(s->pats);
    pcre2_match_data_free(s->md);
    json_decref(s->root);
    free(s);
}

const char *schema_text(size_t *len)
{
    const embedded_file *f = embed_find(SCHEMA_PATH);
    if (len)
        *len = f ? f->len : 0;
    return f ? f->data : "";
}

/* The compiled form of a "pattern" string, compiled on first use and cached. */
static pcre2_code *pattern_get(schema *s, const json_t *pat)
{
    for (size_t i = 0; i < s->npats; i++)
        if (s->pats[i].key == pat)
            return s->pats[i].code;
    int err;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)json_string_value(pat), PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_DOLLAR_ENDONLY, &err, &off, NULL);
    if (!re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof msg);
        fprintf(stderr, "vpcgen: %s: pattern '%s' does not compile at offset %zu: %s\n",
                SCHEMA_PATH, json_string_value(pat), (size_t)off, (const char *)msg);
    }
    if (s->npats == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 32;
        pattern_entry *p = realloc(s->pats, s->cap * sizeof *p);
        if (!p)
            fatal_oom();
        s->pats = p;
    }
    s->pats[s->npats++] = (pattern_entry){pat, re};
    return re;
}

/* ---- how a scalar was written ---------------------------------------------------------- */

static bool all_of(const char *s, const char *set)
{
    return *s && s[strspn(s, set)] == '\0';
}

/* [-+]?[0-9]+ */
static bool is_decimal(const char *s)
{
    return all_of(s + (*s == '-' || *s == '+'), "0123456789");
}

/* A YAML 1.2 core float: [-+]?(.[0-9]+|[0-9]+(.[0-9]*)?)([eE][-+]?[0-9]+)? */
static bool is_core_float(const char *s)
{
    char *end;
    s += (*s == '-' || *s == '+');
    if (!(*s >= '0' && *s <= '9') && !(*s == '.' && s[1] >= '0' && s[1] <= '9'))
        return false;
    strtod(s, &end);
    return *end == '\0' && !strpbrk(s, "xXpPnNiI");
}

static bool is_core_bool(const char *s)
{
    static const char *const b[] = {"true", "True", "TRUE", "false", "False", "FALSE"};
    for (size_t i = 0; i < 6; i++)
        if (strcmp(s, b[i]) == 0)
            return true;
    return false;
}

/* A YAML 1.1 boolean that YAML 1.2 reads as a string; *val is what 1.1 meant. */
static bool is_yaml11_bool(const char *s, bool *val)
{
    static const char *const t[] = {"y", "Y", "yes", "Yes", "YES", "on", "On", "ON"};
    static const char *const f[] = {"n", "N", "no", "No", "NO", "off", "Off", "OFF"};
    for (size_t i = 0; i < 8; i++) {
        if (strcmp(s, t[i]) == 0 || strcmp(s, f[i]) == 0) {
            *val = strcmp(s, t[i]) == 0;
            return true;
        }
    }
    return false;
}

/* 1_000, 1:20, 0b101: integers in YAML 1.1, strings in 1.2. Returns what the text is not
 * and why ("an integer (digit separators are YAML 1.1)"), or NULL. */
static const char *yaml11_number(const char *s)
{
    s += (*s == '-' || *s == '+');
    if (*s < '0' || *s > '9')
        return NULL;
    if (strncmp(s, "0b", 2) == 0 && all_of(s + 2, "01_"))
        return "a decimal integer (binary numbers are YAML 1.1)";
    if (all_of(s, "0123456789_.") && strchr(s, '_'))
        return "an integer (digit separators are YAML 1.1)";
    if (all_of(s, "0123456789_:.") && strchr(s, ':') && s[strlen(s) - 1] != ':')
        return "an integer (sexagesimal numbers are YAML 1.1)";
    return NULL;
}

/* The value of 0o17 or 0x1F (optionally signed); false when it does not fit. */
static bool nondecimal_value(const char *s, long long *v)
{
    bool neg = *s == '-';
    s += (*s == '-' || *s == '+');
    int base = s[1] == 'x' ? 16 : 8;
    errno = 0;
    char *end;
    long long x = strtoll(s + 2, &end, base);
    if (errno || *end)
        return false;
    *v = neg ? -x : x;
    return true;
}

/* The types a node has exactly. */
static unsigned node_mask(const node *n)
{
    switch (n->kind) {
    case NODE_MAP:
        return T_OBJECT;
    case NODE_SEQ:
        return T_ARRAY;
    case NODE_SCALAR:
        break;
    }
    switch (n->type) {
    case SCALAR_STR:
        return T_STRING;
    case SCALAR_NULL:
        return T_NULL;
    case SCALAR_BOOL:
        return T_BOOLEAN;
    case SCALAR_INT:
        return n->iform == INT_DECIMAL ? T_INTEGER | T_NUMBER : 0;
    case SCALAR_FLOAT:
        return strpbrk(n->text, "iInN") ? 0 : T_NUMBER; /* .inf and .nan are not JSON */
    }
    return 0;
}

/* The types a scalar was probably meant to have: YAML 1.1 forms, quoted values, numbers and
 * booleans where a string is expected. Used to pick a oneOf branch and to explain. */
static unsigned loose_mask(const node *n)
{
    bool b;
    if (n->kind != NODE_SCALAR)
        return 0;
    switch (n->type) {
    case SCALAR_INT:
    case SCALAR_FLOAT:
        return T_INTEGER | T_NUMBER | T_STRING;
    case SCALAR_BOOL:
        return T_STRING;
    case SCALAR_STR:
        if (n->quoted)
            return (is_decimal(n->text) ? T_INTEGER | T_NUMBER : 0) |
                   (is_core_float(n->text) ? T_NUMBER : 0) |
                   (is_core_bool(n->text) ? T_BOOLEAN : 0);
        return (yaml11_number(n->text) ? T_INTEGER | T_NUMBER : 0) |
               (is_yaml11_bool(n->text, &b) ? T_BOOLEAN : 0);
    case SCALAR_NULL:
        return 0;
    }
    return 0;
}

/* ---- message pieces -------------------------------------------------------------------- */

/* printf at the end of the string in buf[0..size), truncating. */
__attribute__((format(printf, 3, 4))) static void appendf(char *buf, size_t size, const char *fmt,
                                                          ...)
{
    size_t len = strlen(buf);
    if (len + 1 >= size)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + len, size - len, fmt, ap);
    va_end(ap);
}

/* text for a message: at most SHOWN_CHARS characters of its first line, "..." when cut */
static const char *shown(const char *text, char *buf)
{
    size_t i = 0, o = 0;
    for (int chars = 0; text[i] && text[i] != '\n' && text[i] != '\r' && chars < SHOWN_CHARS;
         chars++) {
        size_t w = 1;
        while (w < 4 && ((unsigned char)text[i + w] & 0xC0) == 0x80)
            w++;
        memcpy(buf + o, text + i, w);
        o += w;
        i += w;
    }
    if (text[i]) {
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o] = '\0';
    return buf;
}

/* "a map", "a list", "null", "the string 'x'", "the integer '17'" ... */
static const char *describe(const node *n, char *buf, size_t size)
{
    static const char *const word[] = {[SCALAR_STR] = "string",
                                       [SCALAR_INT] = "integer",
                                       [SCALAR_FLOAT] = "float",
                                       [SCALAR_BOOL] = "boolean"};
    char v[SHOWN_SIZE];
    if (n->kind == NODE_MAP)
        return "a map";
    if (n->kind == NODE_SEQ)
        return "a list";
    if (n->type == SCALAR_NULL)
        return "null";
    snprintf(buf, size, "the %s '%s'", word[n->type], shown(n->text, v));
    return buf;
}

/* "an integer", "a boolean or a map", "a string, a number or a boolean" */
static const char *type_phrase(unsigned want, char *buf, size_t size)
{
    if (want & T_NUMBER)
        want &= ~(unsigned)T_INTEGER;
    int total = 0, done = 0;
    for (int i = 0; i < NTYPES; i++)
        total += (want >> i) & 1;
    buf[0] = '\0';
    for (int i = 0; i < NTYPES; i++) {
        if (!((want >> i) & 1))
            continue;
        const char *sep = done == 0 ? "" : done == total - 1 ? " or " : ", ";
        appendf(buf, size, "%s%s", sep, type_names[i][1]);
        done++;
    }
    return buf;
}

/* A scalar schema value for messages: "single", "5", "true". */
static const char *json_scalar_text(const json_t *v, char *buf, size_t size)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v))
        snprintf(buf, size, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v))
        snprintf(buf, size, "%g", json_real_value(v));
    else
        snprintf(buf, size, "%s", json_is_true(v) ? "true" : json_is_false(v) ? "false" : "null");
    return buf;
}

/* " (2..6)", " (at least 20)", " (at most 5)" or "" for a schema's minimum/maximum. */
static const char *range_phrase(const json_t *sch, char *buf, size_t size)
{
    const json_t *lo = json_object_get(sch, "minimum"), *hi = json_object_get(sch, "maximum");
    char a[32], b[32];
    if (lo && hi)
        snprintf(buf, size, " (%s..%s)", json_scalar_text(lo, a, 32), json_scalar_text(hi, b, 32));
    else if (lo || hi)
        snprintf(buf, size, " (at %s %s)", lo ? "least" : "most",
                 json_scalar_text(lo ? lo : hi, a, 32));
    else
        buf[0] = '\0';
    return buf;
}

/* What a message calls a value: its key when it has one, else the value itself. */
static const char *subject(const node *n, const node *key, char *buf, size_t size)
{
    char v[SHOWN_SIZE];
    if (key || n->kind == NODE_SCALAR)
        snprintf(buf, size, "'%s'", shown(key ? key->text : n->text, v));
    else
        snprintf(buf, size, "the %s", n->kind == NODE_MAP ? "map" : "list");
    return buf;
}

/* " in 'network.subnets'" for the map being checked, or "" at the top. */
static const char *where_in(const ctx *c, char *buf, size_t size)
{
    buf[0] = '\0';
    if (c->depth == 0)
        return buf;
    appendf(buf, size, " in '");
    for (int i = 0; i < c->depth && i < PATH_MAX_DEPTH; i++)
        appendf(buf, size, "%s%s", i ? "." : "", c->path[i]);
    appendf(buf, size, "'");
    return buf;
}

/* Where to point for a value: an empty value (`key:` alone) has no text, so at its key. */
static const srcloc *value_loc(const node *n, const node *key)
{
    if (key && n->kind == NODE_SCALAR && n->type == SCALAR_NULL && n->len == 0)
        return &key->loc;
    return &n->loc;
}

int schema_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    int *row = malloc((lb + 1) * sizeof *row);
    if (!row)
        fatal_oom();
    for (size_t j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    int d = row[lb];
    free(row);
    return d;
}

static void lower(const char *s, char *out)
{
    size_t i = 0;
    for (; s[i]; i++)
        out[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
    out[i] = '\0';
}

/* The one candidate close to word, ignoring case: at edit distance <= max(1, len/3) and
 * strictly closer than every other candidate. NULL when there is none. */
static const char *suggest(const char *word, const char *const *cands, size_t n)
{
    size_t len = strlen(word);
    if (len > SUGGEST_MAX)
        return NULL;
    char w[SUGGEST_MAX + 1], cand[SUGGEST_MAX + 1];
    lower(word, w);
    int limit = len / 3 > 1 ? (int)(len / 3) : 1, best = limit + 1, ties = 0;
    const char *pick = NULL;
    for (size_t i = 0; i < n; i++) {
        if (strlen(cands[i]) > SUGGEST_MAX)
            continue;
        lower(cands[i], cand);
        int d = schema_edit_distance(w, cand);
        if (d < best) {
            best = d;
            pick = cands[i];
            ties = 0;
        } else if (d == best) {
            ties++;
        }
    }
    return ties ? NULL : pick;
}

/* ---- validation ------------------------------------------------------------------------ */

static void validate(ctx *c, const json_t *sch, const node *n, const node *key);

/* Reports that n (under key) is not of the types in want, saying why when it can. */
static void type_error(ctx *c, const json_t *sch, unsigned want, const node *n, const node *key)
{
    const srcloc *loc = value_loc(n, key);
    char v[SHOWN_SIZE], found[SHOWN_SIZE + 32], exp[128], r[80];
    const char *t = n->kind == NODE_SCALAR ? shown(n->text, v) : "";
    const char *what = describe(n, found, sizeof found);
    type_phrase(want, exp, sizeof exp);
    bool num = want & (T_INTEGER | T_NUMBER), yes;
    long long x;
    const char *why;
    if (n->kind == NODE_SCALAR && num && n->type == SCALAR_INT) {
        switch (n->iform) {
        case INT_LEADING_ZERO:
            errno = 0;
            x = strtoll(n->text, NULL, 10);
            if (errno)
                diag_error(c->d, loc, "schema-type", "'%s' has a leading zero (octal in YAML 1.1)",
                           t);
            else
                diag_error(c->d, loc, "schema-type",
                           "'%s' has a leading zero (octal in YAML 1.1); write %lld", t, x);
            return;
        case INT_OCTAL:
        case INT_HEX:
            if (nondecimal_value(n->text, &x))
                diag_error(c->d, loc, "schema-type", "'%s' is not a decimal integer; write %lld", t,
                           x);
            else
                diag_error(c->d, loc, "schema-type", "'%s' is not a decimal integer", t);
            return;
        case INT_OUT_OF_RANGE:
            diag_error(c->d, loc, "schema-range", "'%s' is out of range%s", t,
                       range_phrase(sch, r, sizeof r));
            return;
        case INT_DECIMAL:
            break;
        }
    }
    if (n->kind == NODE_SCALAR && (want & T_NUMBER) && n->type == SCALAR_FLOAT) {
        diag_error(c->d, loc, "schema-type", "'%s' is not a finite number", t);
        return;
    }
    if (n->kind == NODE_SCALAR && n->type == SCALAR_STR && !n->quoted) {
        if (num && (why = yaml11_number(n->text))) {
            diag_error(c->d, loc, "schema-type", "'%s' is not %s", t, why);
            return;
        }
        if ((want & T_BOOLEAN) && is_yaml11_bool(n->text, &yes)) {
            diag_error(c->d, loc, "schema-type",
                       "'%s' is a string in YAML 1.2 (a boolean in YAML 1.1); write %s", t,
                       yes ? "true" : "false");
            return;
        }
    }
    if (n->kind == NODE_SCALAR && (want & T_STRING) && n->type != SCALAR_STR &&
        n->type != SCALAR_NULL) {
        diag_error(c->d, loc, "schema-type", "expected %s, found %s; quote it: \"%s\"", exp, what,
                   t);
        return;
    }
    if (n->kind == NODE_SCALAR && n->quoted && (loose_mask(n) & want)) {
        diag_error(c->d, loc, "schema-type", "expected %s, found %s (remove the quotes)", exp,
                   what);
        return;
    }
    if ((want & T_OBJECT) && n->kind == NODE_SCALAR && n->type == SCALAR_NULL && sch &&
        !json_object_get(sch, "required")) {
        diag_error(c->d, loc, "schema-type", "expected %s, found null (write {} for the defaults)",
                   exp);
        return;
    }
    diag_error(c->d, loc, "schema-type", "expected %s, found %s", exp, what);
}

/* A key whose schema is false, or {"not": {}} with a description saying why. */
static void forbidden(ctx *c, const json_t *sch, const node *n, const node *key)
{
    char why[1024] = "", k[SHOWN_SIZE];
    const char *desc = json_string_value(json_object_get(sch, "description"));
    if (desc) {
        int len = snprintf(why, sizeof why, ": %s", desc);
        if (why[2] >= 'A' && why[2] <= 'Z' && why[3] >= 'a' && why[3] <= 'z')
            why[2] = (char)(why[2] - 'A' + 'a');
        if (len > 0 && (size_t)len < sizeof why && why[len - 1] == '.')
            why[len - 1] = '\0';
    }
    if (key)
        diag_error(c->d, &key->loc, "schema-forbidden", "'%s' is not allowed%s",
                   shown(key->text, k), why);
    else
        diag_error(c->d, &n->loc, "schema-forbidden", "this value is not allowed%s", why);
}

/* n equals the scalar schema value v (JSON equality, as far as a YAML scalar can have it). */
static bool equals_json(const node *n, const json_t *v)
{
    if (n->kind != NODE_SCALAR)
        return false;
    unsigned m = node_mask(n);
    if (json_is_string(v))
        return (m & T_STRING) && strcmp(n->text, json_string_value(v)) == 0;
    if (json_is_integer(v) && (m & T_INTEGER))
        return n->ival == json_integer_value(v);
    if (json_is_number(v) && (m & T_NUMBER))
        return strtod(n->text, NULL) == json_number_value(v);
    if (json_is_boolean(v))
        return n->type == SCALAR_BOOL && n->bval == json_is_true(v);
    return json_is_null(v) && n->type == SCALAR_NULL;
}

static void check_enum(ctx *c, const json_t *values, const node *n, const node *key)
{
    size_t i;
    const json_t *e;
    json_array_foreach(values, i, e)
    {
        if (equals_json(n, e))
            return;
    }
    char list[512] = "", buf[32], v[SHOWN_SIZE], found[SHOWN_SIZE + 32];
    const char *strs[64];
    size_t nstrs = 0;
    json_array_foreach(values, i, e)
    {
        appendf(list, sizeof list, "%s%s", i ? ", " : "", json_scalar_text(e, buf, sizeof buf));
        if (json_is_string(e) && nstrs < 64)
            strs[nstrs++] = json_string_value(e);
    }
    if (n->kind != NODE_SCALAR) {
        diag_error(c->d, value_loc(n, key), "schema-enum", "expected one of: %s, found %s", list,
                   describe(n, found, sizeof found));
        return;
    }
    const char *near = n->type == SCALAR_STR ? suggest(n->text, strs, nstrs) : NULL;
    if (near)
        diag_error(c->d, &n->loc, "schema-enum", "'%s' is not one of: %s; did you mean '%s'?",
                   shown(n->text, v), list, near);
    else
        diag_error(c->d, value_loc(n, key), "schema-enum", "'%s' is not one of: %s",
                   shown(n->text, v), list);
}

/* Compares n with a schema's minimum or maximum. */
static int num_cmp(const node *n, const json_t *lim)
{
    if (n->type == SCALAR_INT && json_is_integer(lim))
        return (n->ival > json_integer_value(lim)) - (n->ival < json_integer_value(lim));
    double a = n->type == SCALAR_INT ? (double)n->ival : strtod(n->text, NULL);
    double b = json_number_value(lim);
    return (a > b) - (a < b);
}

static size_t utf8_chars(const char *s, size_t len)
{
    size_t chars = 0;
    for (size_t i = 0; i < len; i++)
        chars += ((unsigned char)s[i] & 0xC0) != 0x80;
    return chars;
}

static void validate_scalar(ctx *c, const json_t *sch, const node *n, const node *key)
{
    char v[SHOWN_SIZE], subj[SHOWN_SIZE + 8], r[80];
    const json_t *p, *lo = json_object_get(sch, "minimum"), *hi = json_object_get(sch, "maximum");
    unsigned m = node_mask(n);
    if ((m & T_NUMBER) && ((lo && num_cmp(n, lo) < 0) || (hi && num_cmp(n, hi) > 0)))
        diag_error(c->d, &n->loc, "schema-range", "'%s' is out of range%s", shown(n->text, v),
                   range_phrase(sch, r, sizeof r));
    if (!(m & T_STRING))
        return;
    if ((p = json_object_get(sch, "pattern"))) {
        pcre2_code *re = pattern_get(c->s, p);
        if (re && pcre2_match(re, (PCRE2_SPTR)n->text, n->len, 0, 0, c->s->md, NULL) < 0) {
            const char *title = json_string_value(json_object_get(sch, "title"));
            if (title)
                diag_error(c->d, &n->loc, "schema-pattern", "'%s' is not %s", shown(n->text, v),
                           title);
            else
                diag_error(c->d, &n->loc, "schema-pattern", "'%s' does not match '%s'",
                           shown(n->text, v), json_string_value(p));
        }
    }
    long long chars = (long long)utf8_chars(n->text, n->len);
    subject(n, key, subj, sizeof subj);
    if ((p = json_object_get(sch, "maxLength")) && chars > json_integer_value(p))
        diag_error(c->d, &n->loc, "schema-length", "%s is too long (%lld characters; at most %lld)",
                   subj, chars, (long long)json_integer_value(p));
    if ((p = json_object_get(sch, "minLength")) && chars < json_integer_value(p))
        diag_error(c->d, value_loc(n, key), "schema-length",
                   "%s is too short (%lld characters; at least %lld)", subj, chars,
                   (long long)json_integer_value(p));
}

/* A total order on nodes, for finding duplicates by sorting. */
static int node_cmp(const node *a, const node *b)
{
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    if (a->kind == NODE_SCALAR) {
        if (a->type != b->type)
            return a->type < b->type ? -1 : 1;
        if (a->type == SCALAR_INT && a->iform == INT_DECIMAL && b->iform == INT_DECIMAL)
            return (a->ival > b->ival) - (a->ival < b->ival);
        return strcmp(a->text, b->text);
    }
    if (a->count != b->count)
        return a->count < b->count ? -1 : 1;
    for (size_t i = 0; i < a->count; i++) {
        int d = a->kind == NODE_SEQ ? node_cmp(a->items[i], b->items[i])
                                    : node_cmp(a->pairs[i].key, b->pairs[i].key);
        if (!d && a->kind == NODE_MAP)
            d = node_cmp(a->pairs[i].value, b->pairs[i].value);
        if (d)
            return d;
    }
    return 0;
}

typedef struct indexed {
    const node *n;
    size_t i;
} indexed;

static int indexed_cmp(const void *pa, const void *pb)
{
    const indexed *a = pa, *b = pb;
    int d = node_cmp(a->n, b->n);
    return d ? d : (a->i > b->i) - (a->i < b->i);
}

/* uniqueItems: every repeat is reported at itself, with a note at the first occurrence. */
static void check_unique(ctx *c, const node *n, const node *key)
{
    if (n->count < 2)
        return;
    indexed *v = malloc(n->count * sizeof *v);
    if (!v)
        fatal_oom();
    for (size_t i = 0; i < n->count; i++)
        v[i] = (indexed){n->items[i], i};
    qsort(v, n->count, sizeof *v, indexed_cmp);
    char subj[SHOWN_SIZE + 8], item[SHOWN_SIZE + 8];
    subject(n, key, subj, sizeof subj);
    for (size_t i = 1, first = 0; i < n->count; i++) {
        if (node_cmp(v[first].n, v[i].n) != 0) {
            first = i;
            continue;
        }
        if (v[i].n->kind == NODE_SCALAR)
            subject(v[i].n, NULL, item, sizeof item);
        else
            snprintf(item, sizeof item, "item");
        diag_error(c->d, &v[i].n->loc, "schema-unique", "duplicate %s in %s", item, subj);
        diag_note(c->d, &v[first].n->loc, "first listed here");
    }
    free(v);
}

static void validate_seq(ctx *c, const json_t *sch, const node *n, const node *key)
{
    char subj[SHOWN_SIZE + 8];
    const json_t *p;
    long long cnt = (long long)n->count;
    subject(n, key, subj, sizeof subj);
    if ((p = json_object_get(sch, "maxItems")) && cnt > json_integer_value(p))
        diag_error(c->d, &n->loc, "schema-length", "%s has %lld items (at most %lld)", subj, cnt,
                   (long long)json_integer_value(p));
    if ((p = json_object_get(sch, "minItems")) && cnt < json_integer_value(p))
        diag_error(c->d, &n->loc, "schema-length", "%s has %lld item%s (at least %lld)", subj, cnt,
                   cnt == 1 ? "" : "s", (long long)json_integer_value(p));
    if ((p = json_object_get(sch, "items")))
        for (size_t i = 0; i < n->count; i++)
            validate(c, p, n->items[i], NULL);
    if (json_is_true(json_object_get(sch, "uniqueItems")))
        check_unique(c, n, key);
}

static bool is_forbidden(const json_t *sch)
{
    return json_is_false(sch) || json_object_get(sch, "not");
}

/* Reports an unknown key; returns the key suggested instead, if any. */
static const char *unknown_key(ctx *c, const json_t *props, const node *k)
{
    const char *names[64], *name;
    size_t n = 0;
    json_t *p;
    json_object_foreach((json_t *)props, name, p)
    {
        if (!is_forbidden(p) && n < 64)
            names[n++] = name;
    }
    char kb[SHOWN_SIZE], where[256], list[512] = "";
    const char *near = suggest(k->text, names, n);
    shown(k->text, kb);
    where_in(c, where, sizeof where);
    if (near) {
        diag_error(c->d, &k->loc, "schema-unknown-key", "unknown key '%s'%s; did you mean '%s'?",
                   kb, where, near);
        return near;
    }
    if (n > 0 && n <= LIST_KEYS_MAX) {
        for (size_t i = 0; i < n; i++)
            appendf(list, sizeof list, "%s%s", i ? ", " : "", names[i]);
        diag_error(c->d, &k->loc, "schema-unknown-key", "unknown key '%s'%s (expected one of: %s)",
                   kb, where, list);
        return NULL;
    }
    diag_error(c->d, &k->loc, "schema-unknown-key", "unknown key '%s'%s", kb, where);
    return NULL;
}

/* m has the string key name */
static bool map_has(const node *m, const char *name)
{
    for (size_t i = 0; i < m->count; i++) {
        const node *k = m->pairs[i].key;
        if (k->kind == NODE_SCALAR && k->type == SCALAR_STR && strcmp(k->text, name) == 0)
            return true;
    }
    return false;
}

static void validate_map(ctx *c, const json_t *sch, const node *n, const node *key)
{
    const json_t *props = json_object_get(sch, "properties");
    const json_t *extra = json_object_get(sch, "additionalProperties");
    const json_t *names = json_object_get(sch, "propertyNames"), *p;
    const char *meant[8]; /* keys suggested for unknown ones: not also "missing" */
    size_t nmeant = 0;
    char buf[SHOWN_SIZE + 32];
    for (size_t i = 0; i < n->count; i++) {
        const node *k = n->pairs[i].key, *v = n->pairs[i].value;
        if (k->kind != NODE_SCALAR || k->type != SCALAR_STR) {
            diag_error(c->d, &k->loc, "schema-key-type", "keys must be strings; found %s",
                       describe(k, buf, sizeof buf));
            continue;
        }
        if (names)
            validate(c, names, k, NULL);
        const json_t *ps = json_object_get(props, k->text);
        if (!ps && json_is_false(extra)) {
            const char *near = unknown_key(c, props, k);
            if (near && nmeant < 8)
                meant[nmeant++] = near;
            continue;
        }
        if (!ps)
            ps = extra;
        if (!ps)
            continue;
        if (c->depth < PATH_MAX_DEPTH)
            c->path[c->depth] = k->text;
        c->depth++;
        validate(c, ps, v, k);
        c->depth--;
    }
    size_t i;
    json_array_foreach(json_object_get(sch, "required"), i, p)
    {
        const char *name = json_string_value(p);
        bool suggested = false;
        for (size_t j = 0; j < nmeant; j++)
            suggested = suggested || strcmp(meant[j], name) == 0;
        if (suggested || map_has(n, name))
            continue;
        srcloc top = {.file = n->loc.file};
        const srcloc *loc = key ? &key->loc : n == c->root ? &top : &n->loc;
        diag_error(c->d, loc, "schema-required", "missing required key '%s'", name);
    }
    if ((p = json_object_get(sch, "minProperties")) && (long long)n->count < json_integer_value(p))
        diag_error(c->d, key ? &key->loc : &n->loc, "schema-length",
                   "%s has %zu keys (at least %lld)", subject(n, key, buf, sizeof buf), n->count,
                   (long long)json_integer_value(p));
}

/* The types a oneOf branch accepts (through $ref); 0 when it does not say. */
static unsigned branch_mask(const schema *s, const json_t *b)
{
    for (int hops = 0; b && hops <= REF_MAX_HOPS; hops++) {
        const json_t *t = json_object_get(b, "type");
        if (t)
            return type_mask(t);
        b = resolve(s, json_object_get(b, "$ref"));
    }
    return 0;
}

/* oneOf: the branch whose type n has, else the one it was probably meant for, else a type
 * error naming every branch's type. */
static void validate_oneof(ctx *c, const json_t *branches, const node *n, const node *key)
{
    unsigned all = 0;
    size_t i;
    const json_t *b;
    json_array_foreach(branches, i, b)
    {
        unsigned m = branch_mask(c->s, b);
        if (!m || (node_mask(n) & m)) {
            validate(c, b, n, key);
            return;
        }
        all |= m;
    }
    json_array_foreach(branches, i, b)
    {
        if (loose_mask(n) & branch_mask(c->s, b)) {
            validate(c, b, n, key);
            return;
        }
    }
    type_error(c, NULL, all, n, key);
}

/* Validates n (the value of key, or an item or the root when key is NULL) against sch. */
static void validate(ctx *c, const json_t *sch, const node *n, const node *key)
{
    const json_t *v;
    if (!sch || json_is_true(sch))
        return;
    if (is_forbidden(sch)) {
        forbidden(c, sch, n, key);
        return;
    }
    if ((v = json_object_get(sch, "$ref"))) {
        int before = diag_error_count(c->d);
        validate(c, resolve(c->s, v), n, key);
        if (diag_error_count(c->d) != before)
            return; /* siblings of $ref are annotations here; do not say it twice */
    }
    if ((v = json_object_get(sch, "oneOf")))
        validate_oneof(c, v, n, key);
    if ((v = json_object_get(sch, "type"))) {
        unsigned want = type_mask(v);
        if (!(node_mask(n) & want)) {
            type_error(c, sch, want, n, key);
            return;
        }
    }
    if ((v = json_object_get(sch, "const")) && !equals_json(n, v)) {
        char a[32], b[SHOWN_SIZE], f[SHOWN_SIZE + 32];
        const char *title = json_string_value(json_object_get(sch, "title"));
        if (title && n->kind == NODE_SCALAR)
            diag_error(c->d, &n->loc, "schema-const", "'%s' is not %s", shown(n->text, b), title);
        else
            diag_error(c->d, value_loc(n, key), "schema-const", "expected %s, found %s",
                       json_scalar_text(v, a, sizeof a), describe(n, f, sizeof f));
        return;
    }
    if ((v = json_object_get(sch, "enum"))) {
        int before = diag_error_count(c->d);
        check_enum(c, v, n, key);
        if (diag_error_count(c->d) != before)
            return;
    }
    switch (n->kind) {
    case NODE_MAP:
        validate_map(c, sch, n, key);
        break;
    case NODE_SEQ:
        validate_seq(c, sch, n, key);
        break;
    case NODE_SCALAR:
        validate_scalar(c, sch, n, key);
        break;
    }
}

bool schema_validate(schema *s, const node *root, diag_sink *d)
{
    int before = diag_error_count(d);
    ctx c = {.s = s, .d = d, .root = root};
    if (root)
        validate(&c, s->root, root, NULL);
    return diag_error_count(d) == before;
}

/* ---- defaults -------------------------------------------------------------------------- */

/* The schema of property name in sch, looking through $ref and oneOf branches. */
static const json_t *find_property(const schema *s, const json_t *sch, const char *name, int depth)
{
    if (!json_is_object(sch) || depth > REF_MAX_HOPS)
        return NULL;
    const json_t *p = json_object_get(json_object_get(sch, "properties"), name), *b;
    if (p)
        return p;
    if ((p = find_property(s, resolve(s, json_object_get(sch, "$ref")), name, depth + 1)))
        return p;
    size_t i;
    json_array_foreach(json_object_get(sch, "oneOf"), i, b)
    {
        if ((p = find_property(s, b, name, depth + 1)))
            return p;
    }
    return NULL;
}

const json_t *schema_default(const schema *s, const char *path)
{
    const json_t *sch = s->root;
    char name[256];
    if (!path || !*path)
        return NULL;
    for (const char *p = path; sch && *p;) {
        size_t len = strcspn(p, ".");
        if (len == 0 || len >= sizeof name)
            return NULL;
        memcpy(name, p, len);
        name[len] = '\0';
        sch = find_property(s, sch, name, 0);
        p += len + (p[len] == '.');
    }
    for (int hops = 0; sch && hops <= REF_MAX_HOPS; hops++) {
        const json_t *d = json_object_get(sch, "default");
        if (d)
            return d;
        sch = resolve(s, json_object_get(sch, "$ref"));
    }
    return NULL;
}
