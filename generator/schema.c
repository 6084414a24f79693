/* schema.c - pass 2a: validates a spec tree against the embedded JSON Schema (see schema.h).
 *
 * The engine walks the node tree and the schema together and reports every violation at the
 * node a user would edit: an unknown key at the key, a missing key at the key of its map, a
 * wrong value at the value. It implements exactly the keywords vpcgen.schema.json uses;
 * schema_self_check() (run by the unit tests) refuses a schema with any other keyword, so the
 * engine and the schema cannot silently disagree.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embed.h"

static const char SCHEMA_PATH[] = "schema/vpcgen.schema.json";

enum {
    SHOWN_CHARS = 48, /* characters of a value quoted in a message */
    SHOWN_SIZE = SHOWN_CHARS * 4 + 8,
    SUGGEST_MAX = 64,   /* longest word "did you mean" considers */
    LIST_KEYS_MAX = 12, /* unknown key: list the known ones when there are this few */
    PATH_DEPTH = LOAD_MAX_DEPTH + 8,
    REF_HOPS = 16,
};

/* JSON Schema types as bits: bit i is type_names[i]. */
enum {
    T_STRING = 1,
    T_INTEGER = 2,
    T_NUMBER = 4,
    T_BOOLEAN = 8,
    T_OBJECT = 16,
    T_ARRAY = 32,
    T_NULL = 64
};
static const char *const type_names[][2] = {
    {"string", "a string"},   {"integer", "an integer"}, {"number", "a number"},
    {"boolean", "a boolean"}, {"object", "a map"},       {"array", "a list"},
    {"null", "null"},
};
enum { NTYPES = sizeof type_names / sizeof type_names[0] };

/* Every keyword the engine implements, space-separated (title, description, default,
 * examples, $schema, $id and $comment are annotations). */
static const char keywords[] =
    " $schema $id $comment $defs title description default examples "
    "type enum const pattern minimum maximum minLength maxLength "
    "minItems maxItems minProperties maxProperties uniqueItems required properties "
    "additionalProperties propertyNames items oneOf $ref not ";

typedef struct pattern_entry {
    const fjson *key; /* the pattern string in the schema tree */
    pcre2_code *code; /* NULL when it did not compile (reported once) */
} pattern_entry;

struct schema {
    const fjson *root; /* builtin_schema: frozen at build time, without what only editors read */
    const fjson *defs;
    pattern_entry *pats;
    size_t npats, cap;
    pcre2_match_data *md;
};

typedef struct ctx {
    schema *s;
    diag_sink *d;
    const node *root;
    const char *path[PATH_DEPTH]; /* keys from the root to the current map, for messages */
    int depth;
} ctx;

/* ---- the schema ----------------------------------------------------------------------- */

/* The bits of a "type" value (a name or a list of names); 0 if any name is unknown. */
static unsigned type_mask(const fjson *type)
{
    unsigned m = 0;
    for (size_t i = 0; i < (fj_is_array(type) ? fj_size(type) : 1); i++) {
        const char *name = fj_string(fj_is_array(type) ? fj_at(type, i) : type);
        unsigned bit = 0;
        for (int t = 0; name && t < NTYPES && !bit; t++)
            bit = strcmp(type_names[t][0], name) == 0 ? 1u << t : 0;
        if (!bit)
            return 0;
        m |= bit;
    }
    return m;
}

/* The target of a "$ref" ("#/$defs/NAME"), or NULL. */
static const fjson *resolve(const schema *s, const fjson *ref)
{
    const char *r = fj_string(ref);
    return r && strncmp(r, "#/$defs/", 8) == 0 ? fj_get(s->defs, r + 8) : NULL;
}

/* A key whose schema is false, or {"not": {}} with a description saying why. */
static bool is_forbidden(const fjson *sch)
{
    return fj_is_false(sch) || fj_get(sch, "not");
}

/* Checks that sch, at JSON pointer where, uses only keywords this engine implements, and
 * that the ones it interprets structurally make sense; prints the first problem. */
static bool check_schema(const schema *s, const fjson *sch, const char *where)
{
    const char *kw, *name;
    const fjson *v, *sub;
    size_t k;
    char at[512];
    if (fj_is_boolean(sch))
        return true;
    if (!fj_is_object(sch)) {
        fprintf(stderr, "vpcgen: %s: %s is not a schema\n", SCHEMA_PATH, where);
        return false;
    }
    fj_object_foreach(sch, k, kw, v)
    {
        size_t i;
        bool ok = true;
        snprintf(at, sizeof at, " %s ", kw);
        if (!strstr(keywords, at)) {
            snprintf(at, sizeof at, "%s/%s", where, kw);
            fprintf(stderr, "vpcgen: %s: %s: keyword not implemented by vpcgen\n", SCHEMA_PATH, at);
            return false;
        }
        snprintf(at, sizeof at, "%s/%s", where, kw);
        if (strcmp(kw, "properties") == 0 || (strcmp(kw, "$defs") == 0 && sch == s->root)) {
            char sub_at[1024];
            size_t j;
            fj_object_foreach(v, j, name, sub)
            {
                snprintf(sub_at, sizeof sub_at, "%s/%s", at, name);
                if (!check_schema(s, sub, sub_at))
                    return false;
            }
        } else if (strcmp(kw, "$defs") == 0) {
            ok = false; /* only at the root: $ref resolves nothing else */
        } else if (strcmp(kw, "oneOf") == 0) {
            ok = fj_size(v) > 0;
            fj_array_foreach(v, i, sub)
            {
                if (!check_schema(s, sub, at))
                    return false;
            }
        } else if (strcmp(kw, "items") == 0 || strcmp(kw, "additionalProperties") == 0 ||
                   strcmp(kw, "propertyNames") == 0) {
            ok = check_schema(s, v, at);
        } else if (strcmp(kw, "type") == 0) {
            ok = type_mask(v) != 0;
        } else if (strcmp(kw, "$ref") == 0) {
            const fjson *t = resolve(s, v);
            for (int hops = 0; t && fj_get(t, "$ref") && hops < REF_HOPS; hops++)
                t = resolve(s, fj_get(t, "$ref"));
            ok = t && !fj_get(t, "$ref");
        } else if (strcmp(kw, "not") == 0) {
            ok = fj_is_true(v) || (fj_is_object(v) && fj_size(v) == 0);
        } else if (strcmp(kw, "enum") == 0 || strcmp(kw, "required") == 0) {
            ok = fj_is_array(v);
        }
        if (!ok) {
            fprintf(stderr, "vpcgen: %s: %s: value not supported by vpcgen\n", SCHEMA_PATH, at);
            return false;
        }
    }
    return true;
}

schema *schema_new(void)
{
    schema *s = calloc(1, sizeof *s);
    if (!s)
        fatal_oom();
    s->root = builtin_schema;
    s->defs = fj_get(s->root, "$defs");
    s->md = pcre2_match_data_create(1, NULL);
    if (!s->md)
        fatal_oom();
    return s;
}

bool schema_self_check(schema *s)
{
    return check_schema(s, s->root, "#");
}

void schema_free(schema *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->npats; i++)
        pcre2_code_free(s->pats[i].code);
    free(s->pats);
    pcre2_match_data_free(s->md);
    free(s);
}

const char *schema_text(size_t *len)
{
    const embedded_file *f = embed_find(SCHEMA_PATH);
    if (len)
        *len = f ? f->len : 0;
    return f ? f->data : "";
}

/* Does text match the "pattern" string pat? Compiled on first use and cached; a pattern
 * that does not compile is reported once and matches everything. */
static bool pattern_matches(schema *s, const fjson *pat, const node *n)
{
    size_t i = 0;
    while (i < s->npats && s->pats[i].key != pat)
        i++;
    if (i == s->npats) {
        int err;
        PCRE2_SIZE off;
        pcre2_code *re = pcre2_compile((PCRE2_SPTR)fj_string(pat), PCRE2_ZERO_TERMINATED,
                                       PCRE2_UTF | PCRE2_DOLLAR_ENDONLY, &err, &off, NULL);
        if (!re) {
            PCRE2_UCHAR msg[256];
            pcre2_get_error_message(err, msg, sizeof msg);
            fprintf(stderr, "vpcgen: %s: pattern '%s' does not compile at offset %zu: %s\n",
                    SCHEMA_PATH, fj_string(pat), (size_t)off, (const char *)msg);
        }
        if (s->npats == s->cap) {
            s->cap = s->cap ? 2 * s->cap : 32;
            s->pats = realloc(s->pats, s->cap * sizeof *s->pats);
            if (!s->pats)
                fatal_oom();
        }
        s->pats[s->npats++] = (pattern_entry){pat, re};
    }
    return !s->pats[i].code ||
           pcre2_match(s->pats[i].code, (PCRE2_SPTR)n->text, n->len, 0, 0, s->md, NULL) >= 0;
}

/* ---- how a scalar was written --------------------------------------------------------- */

static bool all_of(const char *s, const char *set)
{
    return *s && s[strspn(s, set)] == '\0';
}

static bool one_of(const char *s, const char *const *list)
{
    while (*list && strcmp(*list, s) != 0)
        list++;
    return *list != NULL;
}

static const char *const yaml11_true[] = {"y", "Y", "yes", "Yes", "YES", "on", "On", "ON", NULL};
static const char *const yaml11_false[] = {"n", "N", "no", "No", "NO", "off", "Off", "OFF", NULL};
static const char *const core_bools[] = {"true", "True", "TRUE", "false", "False", "FALSE", NULL};

/* 1_000, 1:20, 0b101: integers in YAML 1.1, strings in 1.2. Returns what the text is not
 * and why ("an integer (digit separators are YAML 1.1)"), or NULL. */
static const char *yaml11_number(const char *s)
{
    s += *s == '-' || *s == '+';
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

/* The types a node has exactly. */
static unsigned node_mask(const node *n)
{
    if (n->kind != NODE_SCALAR)
        return n->kind == NODE_MAP ? T_OBJECT : T_ARRAY;
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

/* The types a scalar was probably meant to have: YAML 1.1 numbers and booleans, quoted
 * integers and booleans, numbers and booleans where a string is expected. Picks a oneOf
 * branch, and says which hint type_error() can give. */
static unsigned loose_mask(const node *n)
{
    if (n->kind != NODE_SCALAR || n->type == SCALAR_NULL)
        return 0;
    if (n->type != SCALAR_STR)
        return T_STRING | (n->type == SCALAR_BOOL ? 0 : T_INTEGER | T_NUMBER);
    const char *s = n->text + (n->quoted && (*n->text == '-' || *n->text == '+'));
    if (n->quoted)
        return (all_of(s, "0123456789") ? T_INTEGER | T_NUMBER : 0) |
               (one_of(s, core_bools) ? T_BOOLEAN : 0);
    return (yaml11_number(s) ? T_INTEGER | T_NUMBER : 0) |
           (one_of(s, yaml11_true) || one_of(s, yaml11_false) ? T_BOOLEAN : 0);
}

/* ---- message pieces ------------------------------------------------------------------- */

/* printf at the end of the string in buf[0..size), truncating. */
__attribute__((format(printf, 3, 4))) static void appendf(char *buf, size_t size, const char *fmt,
                                                          ...)
{
    size_t len = strlen(buf);
    va_list ap;
    va_start(ap, fmt);
    if (len + 1 < size)
        vsnprintf(buf + len, size - len, fmt, ap);
    va_end(ap);
}

/* text for a message: at most SHOWN_CHARS characters of its first line, "..." when cut */
static const char *shown(const char *text, char *buf)
{
    size_t i = 0, o = 0;
    for (int chars = 0; text[i] && !strchr("\r\n", text[i]) && chars < SHOWN_CHARS; chars++) {
        size_t w = 1;
        while (w < 4 && ((unsigned char)text[i + w] & 0xC0) == 0x80)
            w++;
        memcpy(buf + o, text + i, w);
        o += w;
        i += w;
    }
    strcpy(buf + o, text[i] ? "..." : "");
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
    if (n->kind != NODE_SCALAR)
        return n->kind == NODE_MAP ? "a map" : "a list";
    if (n->type == SCALAR_NULL)
        return "null";
    snprintf(buf, size, "the %s '%s'", word[n->type], shown(n->text, v));
    return buf;
}

/* "an integer", "a boolean or a map", "a string, a number or a boolean" */
static const char *type_phrase(unsigned want, char *buf, size_t size)
{
    int total = 0, done = 0;
    if (want & T_NUMBER)
        want &= ~(unsigned)T_INTEGER;
    for (int i = 0; i < NTYPES; i++)
        total += (want >> i) & 1;
    buf[0] = '\0';
    for (int i = 0; i < NTYPES; i++) {
        if (!((want >> i) & 1))
            continue;
        appendf(buf, size, "%s%s",
                done == 0           ? ""
                : done == total - 1 ? " or "
                                    : ", ",
                type_names[i][1]);
        done++;
    }
    return buf;
}

/* A scalar schema value for messages: "single", "5", "true". */
static const char *json_text(const fjson *v, char *buf, size_t size)
{
    if (fj_is_string(v))
        return fj_string(v);
    if (fj_is_integer(v))
        snprintf(buf, size, "%lld", (long long)fj_integer(v));
    else if (fj_is_real(v))
        snprintf(buf, size, "%g", fj_number(v));
    else
        snprintf(buf, size, "%s", fj_is_true(v) ? "true" : fj_is_false(v) ? "false" : "null");
    return buf;
}

/* " (2..6)", " (at least 20)", " (at most 5)" or "" for a schema's minimum/maximum. */
static const char *range_phrase(const fjson *sch, char *buf, size_t size)
{
    const fjson *lo = fj_get(sch, "minimum"), *hi = fj_get(sch, "maximum");
    char a[32], b[32];
    buf[0] = '\0';
    if (lo && hi)
        snprintf(buf, size, " (%s..%s)", json_text(lo, a, 32), json_text(hi, b, 32));
    else if (lo || hi)
        snprintf(buf, size, " (at %s %s)", lo ? "least" : "most", json_text(lo ? lo : hi, a, 32));
    return buf;
}

/* What a message calls a value: 'its key' when it has one, else 'the value' or the list. */
static const char *subject(const node *n, const node *key, char *buf, size_t size)
{
    char v[SHOWN_SIZE];
    if (key || n->kind == NODE_SCALAR)
        snprintf(buf, size, "'%s'", shown(key ? key->text : n->text, v));
    else
        snprintf(buf, size, "the %s", n->kind == NODE_MAP ? "map" : "list");
    return buf;
}

/* Where to point for a value: an empty value (`key:` alone) has no text, so at its key. */
static const srcloc *value_loc(const node *n, const node *key)
{
    bool empty = n->kind == NODE_SCALAR && n->type == SCALAR_NULL && n->len == 0;
    return key && empty ? &key->loc : &n->loc;
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
            best = up + 1 < best ? up + 1 : best;
            best = row[j - 1] + 1 < best ? row[j - 1] + 1 : best;
            row[j] = best;
            diag = up;
        }
    }
    int d = row[lb];
    free(row);
    return d;
}

/* out = s in ASCII lowercase */
static void fold(const char *s, char *out)
{
    do
        *out++ = (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
    while (*s++);
}

/* The one candidate close to word, ignoring ASCII case: at edit distance <= max(1, len/3)
 * and strictly closer than every other candidate. NULL when there is none. */
static const char *suggest(const char *word, const char *const *cands, size_t n)
{
    char w[SUGGEST_MAX + 1], c[SUGGEST_MAX + 1];
    size_t len = strlen(word);
    int limit = len / 3 > 1 ? (int)(len / 3) : 1, best = limit + 1, ties = 0;
    const char *pick = NULL;
    if (len > SUGGEST_MAX)
        return NULL;
    fold(word, w);
    for (size_t i = 0; i < n; i++) {
        if (strlen(cands[i]) > SUGGEST_MAX)
            continue;
        fold(cands[i], c);
        int d = schema_edit_distance(w, c);
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

/* ---- validation ----------------------------------------------------------------------- */

static void validate(ctx *c, const fjson *sch, node *n, const node *key);
static void validate_node(ctx *c, const fjson *sch, const node *n, const node *key);

/* Reports that n (under key) is none of the types in want, saying why when it can. */
static void type_error(ctx *c, const fjson *sch, unsigned want, const node *n, const node *key)
{
    const srcloc *loc = value_loc(n, key);
    if (diag_full(c->d)) { /* counted, not composed */
        diag_error(c->d, loc, "schema-type", "%s", "");
        return;
    }
    char v[SHOWN_SIZE], found[SHOWN_SIZE + 32], exp[128], r[80];
    const char *t = n->kind == NODE_SCALAR ? shown(n->text, v) : "", *why;
    const char *what = describe(n, found, sizeof found);
    type_phrase(want, exp, sizeof exp);
    unsigned hint = loose_mask(n) & want, numeric = T_INTEGER | T_NUMBER;
    if ((hint & numeric) && n->type == SCALAR_INT && n->iform != INT_DECIMAL) {
        bool prefixed = n->iform == INT_HEX || n->iform == INT_OCTAL; /* 0x50, 0o17: no sign */
        errno = 0;
        long long x = n->iform == INT_LEADING_ZERO ? n->ival
                      : prefixed ? strtoll(n->text + 2, NULL, n->iform == INT_HEX ? 16 : 8)
                                 : 0;
        if (n->iform == INT_OUT_OF_RANGE)
            diag_error(c->d, loc, "schema-range", "'%s' is out of range%s", t,
                       range_phrase(sch, r, sizeof r));
        else if (n->iform == INT_LEADING_ZERO)
            diag_error(c->d, loc, "schema-type",
                       "'%s' has a leading zero (octal in YAML 1.1); write %lld", t, x);
        else if (errno)
            diag_error(c->d, loc, "schema-type", "'%s' is not a decimal integer", t);
        else
            diag_error(c->d, loc, "schema-type", "'%s' is not a decimal integer; write %lld", t, x);
    } else if ((want & T_NUMBER) && n->kind == NODE_SCALAR && n->type == SCALAR_FLOAT) {
        diag_error(c->d, loc, "schema-type", "'%s' is not a finite number", t);
    } else if ((hint & numeric) && !n->quoted && (why = yaml11_number(n->text))) {
        diag_error(c->d, loc, "schema-type", "'%s' is not %s", t, why);
    } else if ((hint & T_BOOLEAN) && !n->quoted) {
        diag_error(c->d, loc, "schema-type",
                   "'%s' is a string in YAML 1.2 (a boolean in YAML 1.1); write %s", t,
                   one_of(n->text, yaml11_true) ? "true" : "false");
    } else if ((hint & T_STRING) && n->type != SCALAR_STR) {
        diag_error(c->d, loc, "schema-type", "expected %s, found %s; quote it: \"%s\"", exp, what,
                   t);
    } else if (hint && n->quoted) {
        diag_error(c->d, loc, "schema-type", "expected %s, found %s (remove the quotes)", exp,
                   what);
    } else if ((want & T_OBJECT) && (node_mask(n) & T_NULL) && sch && !fj_get(sch, "required")) {
        diag_error(c->d, loc, "schema-type", "expected %s, found null (write {} for the defaults)",
                   exp);
    } else {
        diag_error(c->d, loc, "schema-type", "expected %s, found %s", exp, what);
    }
}

/* A forbidden key: "'password' is not allowed: <its description>". */
static void forbidden(ctx *c, const fjson *sch, const node *n, const node *key)
{
    char why[1024] = "", k[SHOWN_SIZE];
    const char *desc = fj_string(fj_get(sch, "description"));
    if (desc) {
        size_t len = (size_t)snprintf(why, sizeof why, ": %s", desc);
        if (why[2] >= 'A' && why[2] <= 'Z' && why[3] >= 'a' && why[3] <= 'z')
            why[2] = (char)(why[2] + 32); /* a sentence becomes a clause: lowercase, no period */
        if (len < sizeof why && why[len - 1] == '.')
            why[len - 1] = '\0';
    }
    if (key)
        diag_error(c->d, &key->loc, "schema-forbidden", "'%s' is not allowed%s",
                   shown(key->text, k), why);
    else
        diag_error(c->d, &n->loc, "schema-forbidden", "this value is not allowed%s", why);
}

/* n equals the scalar schema value v (JSON equality, as far as a YAML scalar can have it). */
static bool equals_json(const node *n, const fjson *v)
{
    unsigned m = node_mask(n);
    if (fj_is_string(v))
        return (m & T_STRING) && strcmp(n->text, fj_string(v)) == 0;
    if (fj_is_integer(v) && (m & T_INTEGER))
        return n->ival == fj_integer(v);
    if (fj_is_number(v))
        return (m & T_NUMBER) && strtod(n->text, NULL) == fj_number(v);
    if (fj_is_boolean(v))
        return (m & T_BOOLEAN) && n->bval == fj_is_true(v);
    return fj_is_null(v) && (m & T_NULL);
}

/* enum: "'x' is not one of: a, b, c", with "did you mean" for a near string. */
static void check_enum(ctx *c, const fjson *values, const node *n, const node *key)
{
    char list[512] = "", buf[32], v[SHOWN_SIZE], found[SHOWN_SIZE + 32];
    const char *strs[64], *near;
    size_t i, nstrs = 0;
    const fjson *e;
    fj_array_foreach(values, i, e)
    {
        if (equals_json(n, e))
            return;
    }
    if (diag_full(c->d)) { /* counted, not composed */
        diag_error(c->d, &n->loc, "schema-enum", "%s", "");
        return;
    }
    fj_array_foreach(values, i, e)
    {
        appendf(list, sizeof list, "%s%s", i ? ", " : "", json_text(e, buf, sizeof buf));
        if (fj_is_string(e) && nstrs < 64)
            strs[nstrs++] = fj_string(e);
    }
    if (n->kind != NODE_SCALAR || n->type == SCALAR_NULL)
        diag_error(c->d, value_loc(n, key), "schema-enum", "expected one of: %s, found %s", list,
                   describe(n, found, sizeof found));
    else if (n->type == SCALAR_STR && (near = suggest(n->text, strs, nstrs)))
        diag_error(c->d, &n->loc, "schema-enum", "'%s' is not one of: %s; did you mean '%s'?",
                   shown(n->text, v), list, near);
    else
        diag_error(c->d, &n->loc, "schema-enum", "'%s' is not one of: %s", shown(n->text, v), list);
}

/* Compares a number node with a schema's minimum or maximum. */
static int num_cmp(const node *n, const fjson *lim)
{
    if (n->type == SCALAR_INT && fj_is_integer(lim))
        return (n->ival > fj_integer(lim)) - (n->ival < fj_integer(lim));
    double a = n->type == SCALAR_INT ? (double)n->ival : strtod(n->text, NULL);
    return (a > fj_number(lim)) - (a < fj_number(lim));
}

/* minimum/maximum for numbers; pattern and minLength/maxLength (in characters) for strings */
static void validate_scalar(ctx *c, const fjson *sch, const node *n, const node *key)
{
    char v[SHOWN_SIZE], subj[SHOWN_SIZE + 8], r[80];
    const fjson *p, *lo = fj_get(sch, "minimum"), *hi = fj_get(sch, "maximum");
    unsigned m = node_mask(n);
    if ((m & T_NUMBER) && ((lo && num_cmp(n, lo) < 0) || (hi && num_cmp(n, hi) > 0)))
        diag_error(c->d, &n->loc, "schema-range", "'%s' is out of range%s", shown(n->text, v),
                   range_phrase(sch, r, sizeof r));
    if (!(m & T_STRING))
        return;
    if ((p = fj_get(sch, "pattern")) && !pattern_matches(c->s, p, n)) {
        const char *title = fj_string(fj_get(sch, "title"));
        if (title)
            diag_error(c->d, &n->loc, "schema-pattern", "'%s' is not %s", shown(n->text, v), title);
        else
            diag_error(c->d, &n->loc, "schema-pattern", "'%s' does not match '%s'",
                       shown(n->text, v), fj_string(p));
    }
    const fjson *max = fj_get(sch, "maxLength"), *min = fj_get(sch, "minLength");
    if (!max && !min)
        return;
    long long chars = 0;
    for (size_t i = 0; i < n->len; i++)
        chars += ((unsigned char)n->text[i] & 0xC0) != 0x80;
    if (max && chars > fj_integer(max))
        diag_error(c->d, &n->loc, "schema-length", "%s is too long (%lld characters; at most %lld)",
                   subject(n, key, subj, sizeof subj), chars, (long long)fj_integer(max));
    if (min && chars < fj_integer(min))
        diag_error(c->d, value_loc(n, key), "schema-length",
                   "%s is too short (%lld characters; at least %lld)",
                   subject(n, key, subj, sizeof subj), chars, (long long)fj_integer(min));
}

/* Orders the items of a list so that equal scalars (same type, same text) are adjacent, in
 * document order; maps and lists equal nothing (the schema asks uniqueness of scalars). */
static int item_cmp(const void *pa, const void *pb)
{
    const node *a = *(const node *const *)pa, *b = *(const node *const *)pb;
    int d = (int)a->kind - (int)b->kind;
    if (!d && a->kind == NODE_SCALAR)
        d = a->type != b->type ? (int)a->type - (int)b->type : strcmp(a->text, b->text);
    if (!d)
        d = a->loc.line != b->loc.line ? a->loc.line - b->loc.line : a->loc.col - b->loc.col;
    return d;
}

static bool same_item(const node *a, const node *b)
{
    return a->kind == NODE_SCALAR && b->kind == NODE_SCALAR && a->type == b->type &&
           strcmp(a->text, b->text) == 0;
}

/* uniqueItems: each repeat is reported at itself, with a note at the first occurrence. */
static void check_unique(ctx *c, const node *n, const node *key)
{
    char subj[SHOWN_SIZE + 8], item[SHOWN_SIZE + 8];
    if (n->count < 2)
        return;
    const node **v = malloc(n->count * sizeof *v);
    if (!v)
        fatal_oom();
    memcpy(v, n->items, n->count * sizeof *v);
    qsort(v, n->count, sizeof *v, item_cmp);
    subject(n, key, subj, sizeof subj);
    for (size_t i = 1, first = 0; i < n->count; i++) {
        if (!same_item(v[first], v[i])) {
            first = i;
            continue;
        }
        diag_error(c->d, &v[i]->loc, "schema-unique", "duplicate %s in %s",
                   subject(v[i], NULL, item, sizeof item), subj);
        diag_note(c->d, &v[first]->loc, "first listed here");
    }
    free(v);
}

static void validate_seq(ctx *c, const fjson *sch, const node *n, const node *key)
{
    char subj[SHOWN_SIZE + 8];
    const fjson *p;
    long long count = (long long)n->count;
    if ((p = fj_get(sch, "maxItems")) && count > fj_integer(p))
        diag_error(c->d, &n->loc, "schema-length", "%s has %lld items (at most %lld)",
                   subject(n, key, subj, sizeof subj), count, (long long)fj_integer(p));
    if ((p = fj_get(sch, "minItems")) && count < fj_integer(p))
        diag_error(c->d, &n->loc, "schema-length", "%s has %lld item%s (at least %lld)",
                   subject(n, key, subj, sizeof subj), count, count == 1 ? "" : "s",
                   (long long)fj_integer(p));
    if ((p = fj_get(sch, "items")))
        for (size_t i = 0; i < n->count; i++)
            validate(c, p, n->items[i], NULL);
    if (fj_is_true(fj_get(sch, "uniqueItems")))
        check_unique(c, n, key);
}

/* Reports an unknown key k of a map with properties props; returns the key suggested
 * instead, if any. */
static const char *unknown_key(ctx *c, const fjson *props, const node *k)
{
    const char *names[64], *name, *near;
    size_t n = 0;
    const fjson *p;
    size_t m;
    char kb[SHOWN_SIZE], where[256] = "", list[512] = "";
    fj_object_foreach(props, m, name, p)
    {
        if (!is_forbidden(p) && n < 64)
            names[n++] = name;
    }
    if (diag_full(c->d)) { /* counted, not composed; the suggestion is still the caller's */
        diag_error(c->d, &k->loc, "schema-unknown-key", "%s", "");
        return suggest(k->text, names, n);
    }
    for (int i = 0; i < c->depth && i < PATH_DEPTH; i++)
        appendf(where, sizeof where, "%s%s", i ? "." : " in '", c->path[i]);
    appendf(where, sizeof where, "%s", c->depth ? "'" : "");
    shown(k->text, kb);
    if ((near = suggest(k->text, names, n))) {
        diag_error(c->d, &k->loc, "schema-unknown-key", "unknown key '%s'%s; did you mean '%s'?",
                   kb, where, near);
        return near;
    }
    for (size_t i = 0; i < n && n <= LIST_KEYS_MAX; i++)
        appendf(list, sizeof list, "%s%s%s", i ? ", " : " (expected one of: ", names[i],
                i + 1 == n ? ")" : "");
    diag_error(c->d, &k->loc, "schema-unknown-key", "unknown key '%s'%s%s", kb, where, list);
    return NULL;
}

/* keys are strings; propertyNames, properties, additionalProperties, required and
 * minProperties, maxProperties */
static void validate_map(ctx *c, const fjson *sch, const node *n, const node *key)
{
    const fjson *props = fj_get(sch, "properties"), *p;
    const fjson *extra = fj_get(sch, "additionalProperties");
    const fjson *names = fj_get(sch, "propertyNames");
    const char *meant[8]; /* keys suggested for unknown ones: not also reported missing */
    size_t nmeant = 0, i;
    char buf[SHOWN_SIZE + 32];
    for (i = 0; i < n->count; i++) {
        node *k = n->pairs[i].key, *v = n->pairs[i].value;
        if (k->kind != NODE_SCALAR || k->type != SCALAR_STR) {
            diag_error(c->d, &k->loc, "schema-key-type", "keys must be strings; found %s",
                       describe(k, buf, sizeof buf));
            continue;
        }
        if (names)
            validate(c, names, k, NULL);
        const fjson *ps = fj_get(props, k->text);
        if (!ps && fj_is_false(extra)) {
            const char *near = unknown_key(c, props, k);
            if (near && nmeant < 8)
                meant[nmeant++] = near;
            continue;
        }
        if (c->depth < PATH_DEPTH)
            c->path[c->depth] = k->text;
        c->depth++;
        validate(c, ps ? ps : extra, v, k);
        c->depth--;
    }
    fj_array_foreach(fj_get(sch, "required"), i, p)
    {
        const char *name = fj_string(p);
        bool present = false;
        for (size_t j = 0; j < nmeant; j++)
            present = present || strcmp(meant[j], name) == 0;
        for (size_t j = 0; j < n->count; j++)
            present = present || strcmp(n->pairs[j].key->text, name) == 0;
        srcloc top = {.file = n->loc.file}; /* the root: the file as a whole */
        if (!present)
            diag_error(c->d,
                       key            ? &key->loc
                       : n == c->root ? &top
                                      : &n->loc,
                       "schema-required", "missing required key '%s'", name);
    }
    if ((p = fj_get(sch, "maxProperties")) && (long long)n->count > fj_integer(p))
        diag_error(c->d, key ? &key->loc : &n->loc, "schema-length",
                   "%s has %zu keys (at most %lld)", subject(n, key, buf, sizeof buf), n->count,
                   (long long)fj_integer(p));
    if ((p = fj_get(sch, "minProperties")) && (long long)n->count < fj_integer(p))
        diag_error(c->d, key ? &key->loc : &n->loc, "schema-length",
                   "%s has %zu keys (at least %lld)", subject(n, key, buf, sizeof buf), n->count,
                   (long long)fj_integer(p));
}

/* The types a oneOf branch accepts (through $ref); 0 when it does not say. */
static unsigned branch_mask(const schema *s, const fjson *b)
{
    for (int hops = 0; b && hops <= REF_HOPS; hops++, b = resolve(s, fj_get(b, "$ref")))
        if (fj_get(b, "type"))
            return type_mask(fj_get(b, "type"));
    return 0;
}

/* oneOf: the branch whose type n has, else the one it was probably meant for, else a type
 * error naming every branch's type. */
/* The branch b names its values (const, enum) and n is none of them. */
static bool refuses_value(const fjson *b, const node *n)
{
    const fjson *v = fj_get(b, "const"), *item;
    size_t i;
    if (v)
        return !equals_json(n, v);
    if (!(v = fj_get(b, "enum")))
        return false;
    fj_array_foreach(v, i, item)
    {
        if (equals_json(n, item))
            return false;
    }
    return true;
}

/* The branch of n's type, else the one it was probably meant for (loose_mask: "yes" for a
 * boolean), else the branch of its type that names other values (to say which). */
static void validate_oneof(ctx *c, const fjson *branches, const node *n, const node *key)
{
    unsigned all = 0;
    const fjson *named = NULL; /* of n's type, but n is not among its values */
    for (int loose = 0; loose < 2; loose++) {
        size_t i;
        const fjson *b;
        fj_array_foreach(branches, i, b)
        {
            unsigned m = branch_mask(c->s, b);
            if (loose ? (loose_mask(n) & m) != 0 : !m || (node_mask(n) & m)) {
                if (!loose && refuses_value(b, n)) {
                    named = named ? named : b;
                    continue;
                }
                validate_node(c, b, n, key);
                return;
            }
            all |= m;
        }
    }
    if (named)
        validate_node(c, named, n, key);
    else
        type_error(c, NULL, all, n, key);
}

/* Validates n (the value of key, or an item or the root when key is NULL) against sch. */
static void validate_node(ctx *c, const fjson *sch, const node *n, const node *key)
{
    const fjson *v;
    int before = diag_error_count(c->d);
    if (!sch || fj_is_true(sch))
        return;
    if (is_forbidden(sch)) {
        forbidden(c, sch, n, key);
        return;
    }
    if ((v = fj_get(sch, "$ref"))) {
        validate_node(c, resolve(c->s, v), n, key);
        if (diag_error_count(c->d) != before)
            return; /* the rest is annotations here; do not say anything twice */
    }
    if ((v = fj_get(sch, "oneOf")))
        validate_oneof(c, v, n, key);
    if ((v = fj_get(sch, "type")) && !(node_mask(n) & type_mask(v))) {
        type_error(c, sch, type_mask(v), n, key);
        return;
    }
    if ((v = fj_get(sch, "const")) && !equals_json(n, v)) {
        char a[32], b[SHOWN_SIZE], f[SHOWN_SIZE + 32];
        const char *title = fj_string(fj_get(sch, "title"));
        if (title && n->kind == NODE_SCALAR)
            diag_error(c->d, &n->loc, "schema-const", "'%s' is not %s", shown(n->text, b), title);
        else
            diag_error(c->d, value_loc(n, key), "schema-const", "expected %s, found %s",
                       json_text(v, a, sizeof a), describe(n, f, sizeof f));
        return;
    }
    if ((v = fj_get(sch, "enum"))) {
        check_enum(c, v, n, key);
        if (diag_error_count(c->d) != before)
            return;
    }
    if (n->kind == NODE_MAP)
        validate_map(c, sch, n, key);
    else if (n->kind == NODE_SEQ)
        validate_seq(c, sch, n, key);
    else
        validate_scalar(c, sch, n, key);
}

/* validate_node, then marks n when it or anything under it was refused: the model checks the
 * rules of the sections the schema accepted (see node.schema_error). */
static void validate(ctx *c, const fjson *sch, node *n, const node *key)
{
    int before = diag_error_count(c->d);
    validate_node(c, sch, n, key);
    if (diag_error_count(c->d) != before)
        n->schema_error = true;
}

bool schema_validate(schema *s, node *root, diag_sink *d)
{
    int before = diag_error_count(d);
    ctx c = {.s = s, .d = d, .root = root};
    if (root)
        validate(&c, s->root, root, NULL);
    return diag_error_count(d) == before;
}

/* ---- defaults ------------------------------------------------------------------------- */

/* The schema of property name in sch, looking through $ref and oneOf branches. */
static const fjson *find_property(const schema *s, const fjson *sch, const char *name, int depth)
{
    const fjson *p = fj_get(fj_get(sch, "properties"), name), *b;
    size_t i;
    if (p || !fj_is_object(sch) || depth > REF_HOPS)
        return p;
    if ((p = find_property(s, resolve(s, fj_get(sch, "$ref")), name, depth + 1)))
        return p;
    fj_array_foreach(fj_get(sch, "oneOf"), i, b)
    {
        if ((p = find_property(s, b, name, depth + 1)))
            return p;
    }
    return NULL;
}

/* The schema of the property at a dotted path, or NULL. */
static const fjson *property_at(const schema *s, const char *path)
{
    const fjson *sch = s->root;
    char name[256];
    if (!path || !*path)
        return NULL;
    for (const char *p = path; sch && *p; p += strlen(name) + (p[strlen(name)] == '.')) {
        size_t len = strcspn(p, ".");
        if (len == 0 || len >= sizeof name)
            return NULL;
        memcpy(name, p, len);
        name[len] = '\0';
        sch = find_property(s, sch, name, 0);
    }
    return sch;
}

bool schema_accepts(schema *s, const char *path, node *value)
{
    const fjson *sch = property_at(s, path);
    if (!sch)
        return false;
    arena *a = arena_new();
    diag_sink *d = diag_new(a);
    ctx c = {.s = s, .d = d, .root = value};
    validate(&c, sch, value, NULL);
    bool ok = diag_error_count(d) == 0;
    arena_free(a);
    return ok;
}

const char *schema_title(const schema *s, const char *path)
{
    const fjson *sch = property_at(s, path);
    for (int hops = 0; sch && hops <= REF_HOPS; hops++) {
        if (fj_string(fj_get(sch, "title")))
            return fj_string(fj_get(sch, "title"));
        sch = resolve(s, fj_get(sch, "$ref"));
    }
    return NULL;
}

const fjson *schema_default(const schema *s, const char *path)
{
    const fjson *sch = property_at(s, path);
    for (int hops = 0; sch && hops <= REF_HOPS; hops++) {
        if (fj_get(sch, "default"))
            return fj_get(sch, "default");
        sch = resolve(s, fj_get(sch, "$ref"));
    }
    return NULL;
}
