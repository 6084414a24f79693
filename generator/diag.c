/* diag.c - collects diagnostics and prints them like a compiler (see diag.h).
 *
 * Entries are kept in report order in the arena and printed sorted by position, each note
 * right after the entry it belongs to. Text output quotes the source line with a caret span
 * under the node; JSON output is one object per line.
 */
#include "diag.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct diag_entry {
    diag_severity sev;
    srcloc loc;
    bool has_loc;
    const char *code;
    const char *msg;
    size_t seq;                /* report order, for a stable sort */
    struct diag_entry *parent; /* notes: the entry they belong to */
    struct diag_entry *next;
    const char *env; /* the environment it came from, or NULL */
    srcloc env_loc;  /* where that environment is defined */
    bool accepted;   /* a warning whose code is accepted: shown as a note */
} diag_entry;

typedef struct source {
    const char *file, *text;
    size_t len;
    struct source *next;
} source;

struct diag_sink {
    arena *a;
    diag_entry *head, *tail;
    diag_entry *last_main; /* last error or warning kept, for notes; NULL if dropped */
    size_t count;
    int errors, warnings, dropped;
    bool werror;
    source *sources;
    const char *default_file;
    const char *env; /* diag_set_environment */
    srcloc env_loc;
    const char **accepted; /* diag_accept: for the sink's life */
    size_t accepted_count;
    const char *const *spec_accepted; /* diag_set_spec_accepted: NULL-terminated */
};

diag_sink *diag_new(arena *a)
{
    diag_sink *d = arena_alloc(a, sizeof *d);
    d->a = a;
    return d;
}

void diag_add_source(diag_sink *d, const char *file, const char *text, size_t len)
{
    source *s = arena_alloc(d->a, sizeof *s);
    s->file = file;
    s->text = text;
    s->len = len;
    s->next = d->sources;
    d->sources = s;
    d->default_file = file;
}

void diag_set_werror(diag_sink *d, bool on)
{
    d->werror = on;
}

void diag_set_environment(diag_sink *d, const char *env, const srcloc *where)
{
    d->env = env;
    d->env_loc = where ? *where : (srcloc){0};
}

void diag_accept(diag_sink *d, const char *code)
{
    const char **list = arena_array(d->a, d->accepted_count + 1, sizeof *list);
    if (d->accepted_count)
        memcpy(list, d->accepted, d->accepted_count * sizeof *list);
    list[d->accepted_count++] = code;
    d->accepted = list;
}

void diag_set_spec_accepted(diag_sink *d, const char *const *codes)
{
    d->spec_accepted = codes;
}

static bool is_accepted(const diag_sink *d, const char *code)
{
    for (size_t i = 0; i < d->accepted_count; i++)
        if (strcmp(d->accepted[i], code) == 0)
            return true;
    for (const char *const *c = d->spec_accepted; c && *c; c++)
        if (strcmp(*c, code) == 0)
            return true;
    return false;
}

int diag_error_count(const diag_sink *d)
{
    return d->errors + d->dropped + (d->werror ? d->warnings : 0);
}

bool diag_full(const diag_sink *d)
{
    return d->errors + (d->werror ? d->warnings : 0) >= DIAG_MAX;
}

int diag_warning_count(const diag_sink *d)
{
    return d->warnings;
}

/* Records one entry (see diag_report); standalone: a note of its own, not attached. */
static void record(diag_sink *d, diag_severity sev, bool standalone, const srcloc *loc,
                   const char *code, const char *fmt, va_list ap)
{
    bool attached = sev == SEV_NOTE && !standalone;
    if (attached && !d->last_main)
        return;
    bool accepted = sev == SEV_WARNING && is_accepted(d, code);
    bool counts = sev == SEV_ERROR || (sev == SEV_WARNING && !accepted);
    if (counts && diag_full(d)) {
        if (sev == SEV_ERROR || d->werror)
            d->dropped++;
        d->last_main = NULL;
        return;
    }
    const char *msg = arena_vprintf(d->a, fmt, ap);
    /* the same problem found twice (the base spec and an environment) is reported once */
    for (diag_entry *x = d->head; x && !attached; x = x->next) {
        if (x->sev == sev && !x->parent && x->loc.line == (loc ? loc->line : 0) &&
            x->loc.col == (loc ? loc->col : 0) && strcmp(x->msg, msg) == 0 &&
            (!loc || !x->loc.file || !loc->file || strcmp(x->loc.file, loc->file) == 0)) {
            d->last_main = NULL;
            return;
        }
    }
    diag_entry *e = arena_alloc(d->a, sizeof *e);
    e->sev = sev;
    if (loc && loc->line > 0) {
        e->loc = *loc;
        e->has_loc = true;
    } else {
        e->loc.file = loc && loc->file ? loc->file : d->default_file;
    }
    e->code = code;
    e->msg = msg;
    e->seq = d->count++;
    e->accepted = accepted;
    if (attached) {
        e->parent = d->last_main;
    } else {
        e->env = d->env;
        e->env_loc = d->env_loc;
        d->last_main = e;
        if (sev == SEV_ERROR)
            d->errors++;
        else if (counts)
            d->warnings++;
    }
    if (d->tail)
        d->tail->next = e;
    else
        d->head = e;
    d->tail = e;
}

void diag_report(diag_sink *d, diag_severity sev, const srcloc *loc, const char *code,
                 const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record(d, sev, false, loc, code, fmt, ap);
    va_end(ap);
}

void diag_info(diag_sink *d, const srcloc *loc, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record(d, SEV_NOTE, true, loc, code, fmt, ap);
    va_end(ap);
}

int diag_column(const char *line_start, size_t off)
{
    int col = 1;
    for (size_t i = 0; i < off; col++) {
        unsigned char c = (unsigned char)line_start[i];
        size_t w = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
        for (size_t k = 1; k < w; k++) {
            if (i + k >= off || ((unsigned char)line_start[i + k] & 0xC0) != 0x80) {
                w = 1;
                break;
            }
        }
        i += w;
    }
    return col;
}

/* The sort key of an entry: a note sorts with its parent. */
static const diag_entry *sort_anchor(const diag_entry *e)
{
    return e->parent ? e->parent : e;
}

static int entry_cmp(const void *pa, const void *pb)
{
    const diag_entry *a = *(const diag_entry *const *)pa, *b = *(const diag_entry *const *)pb;
    const diag_entry *ka = sort_anchor(a), *kb = sort_anchor(b);
    if (ka != kb) {
        int la = ka->has_loc ? ka->loc.line : 0, lb = kb->has_loc ? kb->loc.line : 0;
        if (la != lb)
            return la < lb ? -1 : 1;
        int ca = ka->has_loc ? ka->loc.col : 0, cb = kb->has_loc ? kb->loc.col : 0;
        if (ca != cb)
            return ca < cb ? -1 : 1;
        return ka->seq < kb->seq ? -1 : 1;
    }
    if (a == b)
        return 0;
    return a->seq < b->seq ? -1 : 1; /* parent first (it was reported first), then notes */
}

/* Finds line `line` (1-based) of file; sets *len to its length without the newline. */
static const char *source_line(const diag_sink *d, const char *file, int line, size_t *len)
{
    for (const source *s = d->sources; s; s = s->next) {
        if (s->file != file && (!file || !s->file || strcmp(s->file, file) != 0))
            continue;
        const char *p = s->text, *end = s->text + s->len;
        for (int l = 1; l < line && p < end; l++) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            if (!nl)
                return NULL;
            p = nl + 1;
        }
        if (p >= end && line > 1)
            return NULL;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (n && p[n - 1] == '\r')
            n--;
        *len = n;
        return p;
    }
    return NULL;
}

/* Length in bytes of the UTF-8 character at p (at most n bytes), or 0 when it is not valid
 * UTF-8: such bytes are shown as '?' one by one. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
    size_t w = p[0] < 0x80         ? 1
               : (p[0] >> 5) == 6  ? 2
               : (p[0] >> 4) == 14 ? 3
               : (p[0] >> 3) == 30 ? 4
                                   : 0;
    if (w == 0 || w > n || (w == 2 && p[0] < 0xC2))
        return 0;
    for (size_t k = 1; k < w; k++)
        if ((p[k] & 0xC0) != 0x80)
            return 0;
    return w;
}

/* A character that must not reach a terminal as it is: controls (C0 but tab, DEL, C1) and
 * the Unicode bidi controls of "Trojan Source" (they reorder what a reader sees). */
static bool unsafe_char(const unsigned char *p, size_t w)
{
    if (w == 1)
        return (p[0] < 0x20 && p[0] != '\t') || p[0] == 0x7F;
    if (w == 2)
        return (p[0] == 0xC2 && p[1] < 0xA0) || (p[0] == 0xD8 && p[1] == 0x9C);
    if (w == 3 && p[0] == 0xE2 && p[1] == 0x80)
        return p[2] == 0x8E || p[2] == 0x8F || (p[2] >= 0xAA && p[2] <= 0xAE) || p[2] == 0xA8 ||
               p[2] == 0xA9;
    if (w == 3 && p[0] == 0xE2 && p[1] == 0x81)
        return p[2] >= 0xA6 && p[2] <= 0xA9;
    return false;
}

enum { EXCERPT_BEFORE = 60, EXCERPT_AFTER = 100 };

/* Writes the source line and the caret span under [col, end) (1-based character columns).
 * Each character is one column; unsafe ones print as '?'. A long line is shown as a window
 * around the column, with "..." where it was cut. */
static void print_excerpt(FILE *out, const diag_sink *d, const diag_entry *e, bool color)
{
    size_t len;
    const char *text = source_line(d, e->loc.file, e->loc.line, &len);
    if (!text)
        return;
    const unsigned char *u = (const unsigned char *)text;
    int line_chars = diag_column(text, len); /* one past the last character */
    bool window = line_chars > EXCERPT_BEFORE + EXCERPT_AFTER + 1;
    int first = window && e->loc.col > EXCERPT_BEFORE ? e->loc.col - EXCERPT_BEFORE : 1;
    int last = window ? e->loc.col + EXCERPT_AFTER : line_chars; /* exclusive */
    fprintf(out, "%5d | %s", e->loc.line, first > 1 ? "..." : "");
    int col = 1;
    size_t i = 0;
    for (; i < len && col < last; col++) {
        size_t w = utf8_len(u + i, len - i);
        if (col >= first) {
            if (w == 0 || unsafe_char(u + i, w))
                fputc('?', out);
            else
                fwrite(u + i, 1, w, out);
        }
        i += w ? w : 1;
    }
    fputs(i < len ? "...\n" : "\n", out);
    fprintf(out, "      | %s", first > 1 ? "   " : "");
    col = 1;
    i = 0;
    while (col < e->loc.col && i < len) {
        size_t w = utf8_len(u + i, len - i);
        if (col >= first)
            fputc(text[i] == '\t' ? '\t' : ' ', out);
        i += w ? w : 1;
        col++;
    }
    int width;
    if (e->loc.end_line == e->loc.line && e->loc.end_col > e->loc.col)
        width = e->loc.end_col - e->loc.col;
    else
        width = line_chars - e->loc.col;
    if (width > last - e->loc.col)
        width = last - e->loc.col;
    if (width < 1)
        width = 1;
    if (color)
        fputs("\033[1;32m", out);
    fputc('^', out);
    for (int k = 1; k < width; k++)
        fputc('~', out);
    if (color)
        fputs("\033[0m", out);
    fputc('\n', out);
}

static const char *sev_name(const diag_sink *d, const diag_entry *e)
{
    switch (e->sev) {
    case SEV_ERROR:
        return "error";
    case SEV_WARNING:
        return e->accepted ? "note" : d->werror ? "error" : "warning";
    case SEV_NOTE:
        return "note";
    }
    return "error";
}

static void print_text(FILE *out, const diag_sink *d, const diag_entry *e, bool color)
{
    static const char *const sev_color[] = {"\033[1;31m", "\033[1;35m", "\033[1;36m"};
    if (color)
        fputs("\033[1m", out);
    if (e->has_loc)
        fprintf(out, "%s:%d:%d: ", e->loc.file, e->loc.line, e->loc.col);
    else
        fprintf(out, "%s: ", e->loc.file ? e->loc.file : "vpcgen");
    if (color)
        fprintf(out, "%s",
                sev_color[e->accepted                          ? SEV_NOTE
                          : e->sev == SEV_WARNING && d->werror ? SEV_ERROR
                                                               : e->sev]);
    fprintf(out, "%s:", sev_name(d, e));
    if (color)
        fputs("\033[0m\033[1m", out);
    fprintf(out, " %s", e->msg);
    if (e->accepted)
        fprintf(out, " [accepted: %s]", e->code);
    else if (e->sev == SEV_WARNING && d->werror)
        fputs(" [-W error]", out);
    if (color)
        fputs("\033[0m", out);
    fputc('\n', out);
    if (e->has_loc)
        print_excerpt(out, d, e, color);
}

static void print_json(FILE *out, const diag_sink *d, const diag_entry *e)
{
    json_t *o = json_object();
    json_object_set_new(o, "file", json_string(e->loc.file ? e->loc.file : "vpcgen"));
    json_object_set_new(o, "line", json_integer(e->has_loc ? e->loc.line : 0));
    json_object_set_new(o, "column", json_integer(e->has_loc ? e->loc.col : 0));
    json_object_set_new(o, "severity", json_string(sev_name(d, e)));
    json_object_set_new(o, "code", json_string(e->code));
    json_object_set_new(o, "message", json_string(e->msg));
    if (e->accepted)
        json_object_set_new(o, "accepted", json_true());
    if (e->env)
        json_object_set_new(o, "environment", json_string(e->env));
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
    if (!s)
        fatal_oom();
    fprintf(out, "%s\n", s);
    free(s);
    json_decref(o);
}

void diag_print(diag_sink *d, FILE *out, diag_format fmt, bool color)
{
    if (!d->count && !d->dropped)
        return;
    diag_entry **v = malloc((d->count ? d->count : 1) * sizeof *v);
    if (!v)
        fatal_oom();
    size_t n = 0;
    for (diag_entry *e = d->head; e; e = e->next)
        v[n++] = e;
    qsort(v, n, sizeof *v, entry_cmp);
    for (size_t i = 0; i < n; i++) {
        if (fmt == DIAG_JSON) {
            print_json(out, d, v[i]);
            continue;
        }
        print_text(out, d, v[i], color);
        /* after an entry and its notes: the environment it came from */
        const diag_entry *anchor = sort_anchor(v[i]);
        bool there = anchor->has_loc && anchor->loc.line == anchor->env_loc.line &&
                     anchor->loc.col == anchor->env_loc.col;
        if (anchor->env && !there && (i + 1 == n || sort_anchor(v[i + 1]) != anchor)) {
            diag_entry where = {.sev = SEV_NOTE,
                                .code = "note",
                                .loc = anchor->env_loc,
                                .has_loc = anchor->env_loc.line > 0};
            where.msg = arena_printf(d->a, "in environment '%s'", anchor->env);
            if (!where.has_loc)
                where.loc.file = anchor->loc.file;
            print_text(out, d, &where, color);
        }
    }
    free(v);
    if (d->dropped) {
        diag_entry tail = {.sev = SEV_NOTE, .code = "too-many-errors", .loc.file = d->default_file};
        tail.msg = arena_printf(d->a, "%d more error%s not shown (at most %d are reported)",
                                d->dropped, d->dropped == 1 ? "" : "s", DIAG_MAX);
        if (fmt == DIAG_JSON)
            print_json(out, d, &tail);
        else
            print_text(out, d, &tail, color);
    }
    d->head = d->tail = d->last_main = NULL;
    d->count = 0;
}
