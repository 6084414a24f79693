/* load.c - pass 1: YAML text to a located spec tree (see load.h).
 *
 * The pass has three steps:
 *   1. size and encoding: the raw bytes are checked before libyaml sees them (valid UTF-8;
 *      no control, bidi, separator or noncharacter code points; no UTF-16 or UTF-32), so each
 *      bad spot is reported at its own line and column and nothing is ever misdecoded;
 *   2. events: libyaml's event parser drives an explicit stack of the open maps and sequences
 *      (never deeper than LOAD_MAX_DEPTH, checked as each one opens, so a hostile file stops
 *      at once); anchors, aliases, tags, directives and extra documents are rejected as their
 *      events arrive, and plain scalars are resolved with the YAML 1.2 core schema;
 *   3. keys: each is checked as it is added (no complex, empty or merge keys), and each map for
 *      duplicate keys as it closes (or when the parse stops while it is open).
 * Locations: libyaml's mark.index counts characters (a UTF-8 BOM excluded) and libyaml breaks
 * lines at a lone CR too, while diag counts lines by LF. So a cursor walks the text to each
 * mark.index and yields the LF-based line and the column in characters, the one convention of
 * diag.h. Marks arrive in text order (errors aside), so the walk is linear overall.
 * Any error reported here makes load_spec return NULL: later passes only see a tree that says
 * exactly what the text says.
 */
#include "load.h"

#include <assert.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* A map or sequence being filled. */
typedef struct frame {
    node *n;
    node **kids; /* sequence: the items; map: key, value, key, value, ... */
    size_t count, cap;
    int end_line, end_col; /* end of the last child so far */
} frame;

typedef struct loader {
    arena *a;
    diag_sink *d;
    const char *file;
    const unsigned char *text;
    size_t len, base; /* base: length of a leading UTF-8 BOM, which is in no line or column */
    /* the cursor: character `chr` (libyaml's mark.index) is at byte `byte` on line `line`,
     * whose first character is character line_chr, at byte line_byte */
    size_t byte, chr, line_byte, line_chr;
    int line;
    frame stack[LOAD_MAX_DEPTH];
    int depth, docs;
    size_t nodes; /* values so far, against LOAD_MAX_NODES */
    node *root;
    bool stop; /* an error after which nothing more is read */
} loader;

/* --- locations --- */

static void cursor_reset(loader *l)
{
    l->byte = l->line_byte = l->base;
    l->chr = l->line_chr = 0;
    l->line = 1;
}

/* Moves the cursor to character index `to`, or to byte offset `to` when by_byte. */
static void seek(loader *l, size_t to, bool by_byte)
{
    if (to < (by_byte ? l->byte : l->chr)) {
        if (to < (by_byte ? l->line_byte : l->line_chr)) {
            cursor_reset(l);
        } else {
            l->byte = l->line_byte;
            l->chr = l->line_chr;
        }
    }
    while ((by_byte ? l->byte : l->chr) < to && l->byte < l->len) {
        unsigned char c = l->text[l->byte];
        size_t w = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; /* the text is valid UTF-8 */
        l->byte += w < l->len - l->byte ? w : l->len - l->byte;
        l->chr++;
        if (c == '\n') {
            l->line++;
            l->line_byte = l->byte;
            l->line_chr = l->chr;
        }
    }
}

/* The span from s to e, character indexes (libyaml marks) or byte offsets when by_byte. A
 * point past the final line break is moved to the end of the last line. */
static srcloc span(loader *l, size_t s, size_t e, bool by_byte)
{
    srcloc loc = {.file = l->file};
    seek(l, s, by_byte);
    loc.line = l->line;
    loc.col = (int)(l->chr - l->line_chr) + 1;
    if (e == s && l->byte == l->len && l->line_byte == l->len && l->line > 1) {
        size_t end = l->len - 1 - (l->len - 1 > l->base && l->text[l->len - 2] == '\r'), ls = end;
        while (ls > l->base && l->text[ls - 1] != '\n')
            ls--;
        loc.line--;
        loc.col = diag_column((const char *)l->text + ls, end - ls);
    }
    seek(l, e, by_byte);
    loc.end_line = e == s ? loc.line : l->line;
    loc.end_col = e == s ? loc.col : (int)(l->chr - l->line_chr) + 1;
    return loc;
}

/* Widens an empty span to one character, so that a caret does not run to the end of the line. */
static const srcloc *point(srcloc *loc)
{
    if (loc->end_line == loc->line && loc->end_col <= loc->col)
        loc->end_col = loc->col + 1;
    return loc;
}

/* Copy of s[0..n) fit to quote in a message: line breaks and tabs escaped, at most 64 bytes. */
static const char *shown(loader *l, const char *s, size_t n)
{
    char buf[64 + 8];
    size_t o = 0, i = 0;
    for (; i < n && o < 64; i++) {
        const char *esc = s[i] == '\n' ? "\\n" : s[i] == '\r' ? "\\r" : s[i] == '\t' ? "\\t" : NULL;
        if (esc)
            o += (size_t)snprintf(buf + o, 3, "%s", esc);
        else
            buf[o++] = s[i];
    }
    if (i < n) {
        for (; o > 0 && ((unsigned char)s[i] & 0xC0) == 0x80; i--) /* keep characters whole */
            o--;
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    return arena_strndup(l->a, buf, o);
}

/* --- step 1: size and encoding --- */

/* What is wrong with the character at s[0..n): returns the code and writes the message to
 * msg[0..size), or returns NULL when it is acceptable; sets *w to its bytes (also when invalid). */
static const char *char_problem(const unsigned char *s, size_t n, size_t *w, char *msg, size_t size)
{
    unsigned c = s[0], cp = c;
    size_t need = c < 0x80 ? 1 : c < 0xC0 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF8 ? 4 : 0;
    const char *what = NULL, *code = "encoding-control";
    *w = 1;
    if (!need) {
        snprintf(msg, size, "invalid UTF-8 byte 0x%02X%s", c,
                 c < 0xC0 ? " (a continuation byte)" : "");
        return "encoding-utf8";
    }
    if (need > 1) {
        cp = c & (0x7Fu >> need);
        for (; *w < need && *w < n && (s[*w] & 0xC0) == 0x80; ++*w)
            cp = (cp << 6) | (s[*w] & 0x3F);
        if (*w < need)
            snprintf(msg, size, "invalid UTF-8 byte 0x%02X (an incomplete sequence)", c);
        else if (cp < (need == 2 ? 0x80u : need == 3 ? 0x800u : 0x10000u))
            snprintf(msg, size, "invalid UTF-8 (an overlong encoding of U+%04X)", cp);
        else if (cp >= 0xD800 && cp <= 0xDFFF)
            snprintf(msg, size, "invalid UTF-8 (an encoded surrogate U+%04X)", cp);
        else if (cp > 0x10FFFF)
            snprintf(msg, size, "invalid UTF-8 (U+%X is beyond U+10FFFF)", cp);
        else
            need = 1;
        if (need > 1)
            return "encoding-utf8";
    }
    if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7F && cp <= 0x9F))
        what = "control character";
    else if (cp == 0x2028 || cp == 0x2029)
        what = "Unicode line separator";
    else if (cp == 0xFFFE || cp == 0xFFFF)
        what = "noncharacter";
    else if (cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
             (cp >= 0x2066 && cp <= 0x2069))
        what = "bidirectional text control", code = "encoding-bidi";
    if (cp == 0)
        snprintf(msg, size, "NUL characters are not allowed");
    else if (what)
        snprintf(msg, size, "%s U+%04X is not allowed", what, cp);
    return what ? code : NULL;
}

/* A UTF-16 or UTF-32 file, told by its byte order mark or by the zero bytes around its first
 * (ASCII) character as YAML 1.2 section 5.2 does: returns 16, 32 or 0. */
static int utf_wide(const unsigned char *t, size_t n)
{
    if (n >= 4 && ((!t[0] && !t[1] && t[2] == 0xFE && t[3] == 0xFF) ||
                   (t[0] == 0xFF && t[1] == 0xFE && !t[2] && !t[3]) ||
                   (!t[0] && !t[1] && !t[2] && t[3]) || (t[0] && !t[1] && !t[2] && !t[3])))
        return 32;
    if (n >= 2 && ((t[0] == 0xFF && t[1] == 0xFE) || (t[0] == 0xFE && t[1] == 0xFF) ||
                   (!t[0] && t[1]) || (t[0] && !t[1])))
        return 16;
    return 0;
}

/* Reports every character outside the accepted text; returns true when there was none. */
static bool scan_encoding(loader *l)
{
    const unsigned char *t = l->text;
    srcloc loc = {.file = l->file};
    int wide = utf_wide(t, l->len);
    if (wide) {
        diag_error(l->d, &loc, wide == 16 ? "encoding-utf16" : "encoding-utf32",
                   "the file is UTF-%d; save it as UTF-8", wide);
        return false;
    }
    bool ok = true;
    int line = 1;
    size_t ls = l->base, w;
    for (size_t i = l->base; i < l->len; i += w) {
        const char *code;
        char msg[80];
        w = 1;
        if (t[i] == '\n') {
            line++;
            ls = i + 1;
        } else if ((t[i] < 0x20 || t[i] >= 0x7F) &&
                   (code = char_problem(t + i, l->len - i, &w, msg, sizeof msg))) {
            loc.line = loc.end_line = 0;
            if (diag_error_count(l->d) < DIAG_MAX) { /* past the cap only the count matters */
                loc.line = loc.end_line = line;
                loc.col = diag_column((const char *)t + ls, i - ls);
                loc.end_col = loc.col + 1;
            }
            diag_error(l->d, &loc, code, "%s", msg);
            ok = false;
        }
    }
    return ok;
}

/* --- scalars --- */

static bool one_of(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0)
            return true;
    return false;
}

/* Parses the digits s[0..n) in base 8, 10 or 16 into *v; false when one is not a digit or n is
 * 0. Sets *over (and stops accumulating) when the value would exceed limit. */
static bool parse_digits(const char *s, size_t n, unsigned base, uint64_t limit, uint64_t *v,
                         bool *over)
{
    static const char digits[] = "0123456789abcdefABCDEF";
    uint64_t x = 0;
    *over = false;
    for (size_t i = 0; i < n; i++) {
        const char *p = memchr(digits, s[i], 22);
        unsigned d = p ? (unsigned)(p - digits) - (p - digits >= 16 ? 6 : 0) : 99;
        if (d >= base)
            return false;
        if (*over || x > (limit - d) / base)
            *over = true;
        else
            x = x * base + d;
    }
    *v = x;
    return n > 0;
}

/* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?, [-+]?\.(inf|Inf|INF), \.(nan|NaN|NAN) */
static bool is_float(const char *s)
{
    static const char *const inf[] = {".inf", ".Inf", ".INF", NULL};
    static const char *const nan[] = {".nan", ".NaN", ".NAN", NULL};
    if (one_of(s, nan))
        return true;
    s += *s == '-' || *s == '+';
    if (one_of(s, inf))
        return true;
    size_t whole = strspn(s, "0123456789"), frac = 0;
    s += whole;
    if (*s == '.') {
        frac = strspn(s + 1, "0123456789");
        s += 1 + frac;
    }
    if (!whole && !frac)
        return false;
    if (*s == 'e' || *s == 'E') {
        s += 1 + (s[1] == '-' || s[1] == '+');
        size_t exp = strspn(s, "0123456789");
        if (!exp)
            return false;
        s += exp;
    }
    return *s == '\0';
}

/* Types a plain scalar with the YAML 1.2 core schema; anything unmatched stays SCALAR_STR. */
static void resolve_plain(node *n)
{
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL", NULL};
    static const char *const trues[] = {"true", "True", "TRUE", NULL};
    static const char *const falses[] = {"false", "False", "FALSE", NULL};
    const char *s = n->text;
    size_t len = n->len, sign = s[0] == '-' || s[0] == '+';
    uint64_t v = 0, limit = s[0] == '-' ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    bool over;
    if (one_of(s, nulls)) {
        n->type = SCALAR_NULL;
    } else if (one_of(s, trues) || one_of(s, falses)) {
        n->type = SCALAR_BOOL;
        n->bval = s[0] == 't' || s[0] == 'T';
    } else if (s[0] == '0' && (s[1] == 'o' || s[1] == 'x') &&
               parse_digits(s + 2, len - 2, s[1] == 'o' ? 8 : 16, INT64_MAX, &v, &over)) {
        n->type = SCALAR_INT;
        n->iform = s[1] == 'o' ? INT_OCTAL : INT_HEX;
        n->ival = over ? 0 : (int64_t)v;
    } else if (parse_digits(s + sign, len - sign, 10, limit, &v, &over)) {
        n->type = SCALAR_INT;
        n->iform = over                               ? INT_OUT_OF_RANGE
                   : len - sign > 1 && s[sign] == '0' ? INT_LEADING_ZERO
                                                      : INT_DECIMAL;
        if (!over && s[0] == '-')
            n->ival = v > (uint64_t)INT64_MAX ? INT64_MIN : -(int64_t)v;
        else if (!over)
            n->ival = (int64_t)v;
    } else if (is_float(s)) {
        n->type = SCALAR_FLOAT;
    }
}

/* --- step 2: events --- */

/* Rejects the anchor (which: '&') or the tag ('!') of the node whose event starts at byte off,
 * where its properties are, in either order; value is what libyaml read, at the node's start. */
static void reject_property(loader *l, size_t off, char which, const char *value, const srcloc *at)
{
    const unsigned char *t = l->text;
    srcloc loc = *at;
    size_t b = off, e = off, vlen = strlen(value);
    for (int k = 0; k < 2; k++, b = e) {
        while (b < l->len && (t[b] == ' ' || t[b] == '\t' || t[b] == '\r' || t[b] == '\n'))
            b++;
        if (b >= l->len || (t[b] != '&' && t[b] != '!'))
            break;
        bool verbatim = t[b] == '!' && b + 1 < l->len && t[b + 1] == '<'; /* !<uri> */
        for (e = b + 1; e < l->len && !strchr(verbatim ? ">\n" : " \t\r\n,[]{}", t[e]);)
            e++;
        e += verbatim && e < l->len && t[e] == '>';
        if (t[b] == which) {
            loc = span(l, b, e, true);
            value = (const char *)t + b;
            vlen = e - b;
            break;
        }
    }
    if (which == '&')
        diag_error(l->d, &loc, "yaml-anchor", "anchors and aliases are not supported");
    else
        diag_error(l->d, &loc, "yaml-tag", "explicit tags are not supported ('%s')",
                   shown(l, value, vlen));
}

/* Rejects the anchor and the tag of a node, if it has them. */
static void check_properties(loader *l, size_t off, const yaml_char_t *anchor,
                             const yaml_char_t *tag, const srcloc *at)
{
    if (anchor)
        reject_property(l, off, '&', (const char *)anchor, at);
    if (tag)
        reject_property(l, off, '!', (const char *)tag, at);
}

/* Adds a finished node to the open collection (checking it when it is a key) or makes it the
 * root. */
static void add_node(loader *l, node *n)
{
    if (l->depth == 0) {
        l->root = n;
        return;
    }
    frame *f = &l->stack[l->depth - 1];
    if (f->n->kind == NODE_MAP && f->count % 2 == 0) {
        srcloc at = n->loc;
        if (n->kind != NODE_SCALAR)
            diag_error(l->d, &at, "yaml-complex-key", "keys must be strings; found %s",
                       node_describe(n));
        else if (n->len == 0)
            diag_error(l->d, point(&at), "yaml-empty-key", "empty key");
        else if (!n->quoted && strcmp(n->text, "<<") == 0)
            diag_error(l->d, &at, "yaml-merge-key", "merge keys ('<<') are not supported");
    }
    if (f->count == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 8;
        node **kids = arena_array(l->a, f->cap, sizeof *kids);
        if (f->count)
            memcpy(kids, f->kids, f->count * sizeof *kids);
        f->kids = kids;
    }
    f->kids[f->count++] = n;
    f->end_line = n->loc.end_line;
    f->end_col = n->loc.end_col;
}

/* Block scalars end after their trailing line breaks: sets the end of loc to the last
 * non-blank character before the cursor, at or after byte start. */
static void trim_block_end(loader *l, srcloc *loc, size_t start)
{
    const unsigned char *t = l->text;
    size_t b = l->byte, ls;
    int lines = 0;
    while (b > start && strchr(" \t\r\n", t[b - 1]))
        lines += t[--b] == '\n';
    for (ls = b; ls > l->base && t[ls - 1] != '\n';)
        ls--;
    loc->end_line = l->line - lines;
    loc->end_col = diag_column((const char *)t + ls, b - ls);
}

/* Any scalar (SCALAR event): its text, span and core-schema type. */
static node *new_scalar(loader *l, const yaml_event_t *ev)
{
    node *n = arena_alloc(l->a, sizeof *n);
    const char *v = (const char *)ev->data.scalar.value;
    yaml_scalar_style_t style = ev->data.scalar.style;
    n->kind = NODE_SCALAR;
    n->len = ev->data.scalar.length;
    n->text = arena_strndup(l->a, v, n->len);
    n->quoted = style != YAML_PLAIN_SCALAR_STYLE;
    n->loc = span(l, ev->start_mark.index, ev->start_mark.index, false);
    size_t start = l->byte;
    check_properties(l, start, ev->data.scalar.anchor, ev->data.scalar.tag, &n->loc);
    srcloc end = span(l, ev->end_mark.index, ev->end_mark.index, false);
    n->loc.end_line = end.line;
    n->loc.end_col = end.col;
    if (style == YAML_LITERAL_SCALAR_STYLE || style == YAML_FOLDED_SCALAR_STYLE)
        trim_block_end(l, &n->loc, start);
    char msg[80];
    const char *code = NULL;
    for (size_t i = 0, w; style == YAML_DOUBLE_QUOTED_SCALAR_STYLE && !code && i < n->len; i += w)
        code = char_problem((const unsigned char *)v + i, n->len - i, &w, msg, sizeof msg);
    if (code) /* written as an escape: "\0", "\e", "\u202E" */
        diag_error(l->d, &n->loc, code, "%s", msg);
    if (!n->quoted)
        resolve_plain(n);
    return n;
}

/* MAPPING-START or SEQUENCE-START: opens a frame, unless it is one level too deep. */
static void open_collection(loader *l, const yaml_event_t *ev, node_kind kind)
{
    srcloc loc = span(l, ev->start_mark.index, ev->start_mark.index, false);
    if (l->depth == LOAD_MAX_DEPTH) {
        diag_error(l->d, point(&loc), "yaml-depth", "nesting is deeper than %d levels",
                   LOAD_MAX_DEPTH);
        l->stop = true;
        return;
    }
    bool map = kind == NODE_MAP;
    check_properties(l, l->byte,
                     map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor,
                     map ? ev->data.mapping_start.tag : ev->data.sequence_start.tag, &loc);
    node *n = arena_alloc(l->a, sizeof *n);
    n->kind = kind;
    n->loc = loc;
    l->stack[l->depth++] = (frame){.n = n, .end_line = loc.line, .end_col = loc.col};
}

/* --- step 3: keys --- */

/* Orders pointers to keys (in one array) by key text, then by position. */
static int key_cmp(const void *pa, const void *pb)
{
    node *const *a = *(node *const *const *)pa, *const *b = *(node *const *const *)pb;
    size_t n = (*a)->len < (*b)->len ? (*a)->len : (*b)->len;
    int c = memcmp((*a)->text, (*b)->text, n);
    if (c || (*a)->len != (*b)->len)
        return c ? c : (*a)->len < (*b)->len ? -1 : 1;
    return a < b ? -1 : a > b;
}

/* Reports each key that repeats an earlier one of the same map, given as kids[0..2 * pairs):
 * key, value, ... (empty and complex keys are already errors and are skipped). */
static void check_duplicates(loader *l, node **kids, size_t pairs)
{
    if (!pairs)
        return;
    assert(kids); /* a frame holds its children once it has any */
    node ***v = arena_array(l->a, pairs, sizeof *v);
    size_t m = 0;
    for (size_t i = 0; i < pairs; i++)
        if (kids[2 * i]->kind == NODE_SCALAR && kids[2 * i]->len)
            v[m++] = &kids[2 * i];
    qsort(v, m, sizeof *v, key_cmp);
    for (size_t i = 1, first = 0; i < m; i++) {
        const node *k = *v[i], *k0 = *v[first];
        if (k->len != k0->len || memcmp(k->text, k0->text, k->len) != 0) {
            first = i;
            continue;
        }
        const char *name = shown(l, k->text, k->len);
        diag_error(l->d, &k->loc, "yaml-duplicate-key", "duplicate key '%s'", name);
        diag_note(l->d, &k0->loc, "'%s' was first defined here", name);
    }
}

/* MAPPING-END or SEQUENCE-END: a flow collection ends after its closing bracket, a block one
 * (or a single-pair map in a flow sequence) at the end of its last child. */
static void close_collection(loader *l, const yaml_event_t *ev)
{
    assert(l->depth > 0); /* libyaml pairs every end event with its start */
    frame *f = &l->stack[--l->depth];
    node *n = f->n;
    assert(n);
    n->loc.end_line = f->end_line;
    n->loc.end_col = f->end_col;
    if (ev->end_mark.index > ev->start_mark.index) {
        srcloc end = span(l, ev->end_mark.index, ev->end_mark.index, false);
        n->loc.end_line = end.line;
        n->loc.end_col = end.col;
    }
    assert(f->kids || !f->count);
    if (n->kind == NODE_SEQ) {
        n->count = f->count;
        n->items = f->kids;
    } else {
        n->count = f->count / 2;
        n->pairs = arena_array(l->a, n->count, sizeof *n->pairs);
        for (size_t i = 0; i < n->count; i++)
            n->pairs[i] = (node_pair){f->kids[2 * i], f->kids[2 * i + 1]};
        check_duplicates(l, f->kids, n->count);
    }
    add_node(l, n);
}

/* %YAML other than 1.2, and %TAG: each reported on its own line, between the document's first
 * directive and its '---'. */
static void check_directives(loader *l, const yaml_event_t *ev)
{
    const yaml_version_directive_t *ver = ev->data.document_start.version_directive;
    bool bad_version = ver && !(ver->major == 1 && ver->minor == 2);
    bool tags =
        ev->data.document_start.tag_directives.start != ev->data.document_start.tag_directives.end;
    if (!bad_version && !tags)
        return;
    seek(l, ev->start_mark.index, false);
    for (size_t off = l->line_byte, n; off < l->len; off += n + 1) {
        const char *s = (const char *)l->text + off, *nl = memchr(s, '\n', l->len - off);
        n = nl ? (size_t)(nl - s) : l->len - off;
        if (n >= 3 && memcmp(s, "---", 3) == 0)
            break;
        size_t e = 0;
        while (e < n && s[e] != '#')
            e++;
        while (e > 0 && strchr(" \t\r", s[e - 1]))
            e--;
        srcloc loc = span(l, off, off + e, true);
        if (e >= 4 && memcmp(s, "%TAG", 4) == 0 && tags)
            diag_error(l->d, &loc, "yaml-tag", "tag directives ('%%TAG') are not supported");
        else if (e >= 5 && memcmp(s, "%YAML", 5) == 0 && bad_version)
            diag_error(l->d, &loc, "yaml-version",
                       "only YAML 1.2 is supported; found '%%YAML %d.%d'", ver->major, ver->minor);
    }
}

/* A libyaml reader, scanner or parser error, at its problem mark, with its context as a note. */
static void report_libyaml(loader *l, const yaml_parser_t *p)
{
    if (p->error == YAML_MEMORY_ERROR)
        fatal_oom();
    const char *problem = p->problem ? p->problem : "invalid YAML";
    if (p->error == YAML_READER_ERROR) { /* only what scan_encoding let through */
        srcloc loc = span(l, p->problem_offset, p->problem_offset, true);
        diag_error(l->d, point(&loc), "yaml-syntax", "%s", problem);
        return;
    }
    srcloc loc = span(l, p->problem_mark.index, p->problem_mark.index, false);
    diag_error(l->d, point(&loc), "yaml-syntax", "%s", problem);
    if (p->context && p->context_mark.index != p->problem_mark.index) {
        srcloc ctx = span(l, p->context_mark.index, p->context_mark.index, false);
        diag_note(l->d, point(&ctx), "%s", p->context);
    }
}

static void handle_event(loader *l, const yaml_event_t *ev)
{
    /* a value's event: a hostile file stops here, before its nodes use the memory */
    if ((ev->type == YAML_SCALAR_EVENT || ev->type == YAML_ALIAS_EVENT ||
         ev->type == YAML_SEQUENCE_START_EVENT || ev->type == YAML_MAPPING_START_EVENT) &&
        ++l->nodes > LOAD_MAX_NODES) {
        srcloc loc = span(l, ev->start_mark.index, ev->start_mark.index, false);
        diag_error(l->d, point(&loc), "yaml-size",
                   "the spec has more than %d values; a stack spec needs a few hundred",
                   LOAD_MAX_NODES);
        l->stop = true;
        return;
    }
    switch (ev->type) {
    default: /* STREAM-START, DOCUMENT-END */
        break;
    case YAML_STREAM_END_EVENT:
        if (!l->docs)
            diag_error(l->d, &(srcloc){.file = l->file}, "yaml-empty",
                       "the file has no YAML document");
        break;
    case YAML_DOCUMENT_START_EVENT:
        if (l->docs++) {
            srcloc loc = span(l, ev->start_mark.index, ev->end_mark.index, false);
            diag_error(l->d, point(&loc), "yaml-multiple-documents",
                       "a spec file holds one YAML document; found a second one");
            l->stop = true;
        } else {
            check_directives(l, ev);
        }
        break;
    case YAML_ALIAS_EVENT: { /* kept as a string "*name" so that the tree stays whole */
        node *n = arena_alloc(l->a, sizeof *n);
        n->kind = NODE_SCALAR;
        n->text = arena_printf(l->a, "*%s", (const char *)ev->data.alias.anchor);
        n->len = strlen(n->text);
        n->quoted = true;
        n->loc = span(l, ev->start_mark.index, ev->end_mark.index, false);
        diag_error(l->d, &n->loc, "yaml-anchor", "anchors and aliases are not supported");
        add_node(l, n);
        break;
    }
    case YAML_SCALAR_EVENT:
        add_node(l, new_scalar(l, ev));
        break;
    case YAML_SEQUENCE_START_EVENT:
        open_collection(l, ev, NODE_SEQ);
        break;
    case YAML_MAPPING_START_EVENT:
        open_collection(l, ev, NODE_MAP);
        break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        close_collection(l, ev);
        break;
    }
}

node *load_spec(arena *a, diag_sink *d, const char *file, const char *text, size_t len)
{
    loader l = {.a = a,
                .d = d,
                .file = file,
                .text = (const unsigned char *)(text ? text : ""),
                .len = text ? len : 0};
    int errors = diag_error_count(d);
    if (l.len > LOAD_MAX_BYTES) { /* text is not read: the driver passes a file's full size */
        diag_error(d, &(srcloc){.file = file}, "input-too-large",
                   "file is %zu bytes; the limit is %d", l.len, LOAD_MAX_BYTES);
        return NULL;
    }
    diag_add_source(d, file, (const char *)l.text, l.len);
    l.base = l.len >= 3 && memcmp(l.text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    cursor_reset(&l);
    if (!scan_encoding(&l))
        return NULL;

    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        fatal_oom();
    yaml_parser_set_input_string(&parser, l.text, l.len);
    while (!l.stop) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            report_libyaml(&l, &parser);
            break;
        }
        handle_event(&l, &ev);
        l.stop |= ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    for (int i = 0; i < l.depth; i++) /* the maps still open when the parse stopped */
        if (l.stack[i].n->kind == NODE_MAP)
            check_duplicates(&l, l.stack[i].kids, l.stack[i].count / 2);
    return diag_error_count(d) > errors ? NULL : l.root;
}

node *node_get(const node *m, const char *key)
{
    if (!m || m->kind != NODE_MAP || !key)
        return NULL;
    size_t n = strlen(key);
    for (size_t i = 0; i < m->count; i++) {
        const node *k = m->pairs[i].key;
        if (k->kind == NODE_SCALAR && k->len == n && memcmp(k->text, key, n) == 0)
            return m->pairs[i].value;
    }
    return NULL;
}

const char *node_describe(const node *n)
{
    static const char *const scalars[] = {
        [SCALAR_STR] = "a string",   [SCALAR_NULL] = "null",     [SCALAR_BOOL] = "a boolean",
        [SCALAR_INT] = "an integer", [SCALAR_FLOAT] = "a float",
    };
    if (!n)
        return "nothing";
    return n->kind == NODE_MAP ? "a map" : n->kind == NODE_SEQ ? "a list" : scalars[n->type];
}
