/* diag.h - compiler-style diagnostics.
 *
 * Every pass reports problems here instead of printing: a sink collects them (each with its
 * location, severity, a short machine code and a message), and the driver prints them all at
 * the end, sorted by position, in the format of spec-v1:
 *
 *   stack.yaml:14:11: error: 10.20.300.0/24 is not an IPv4 CIDR block
 *      14 |     cidr: 10.20.300.0/24
 *         |           ^~~~~~~~~~~~~~
 *
 * or as one JSON object per line with --diagnostics json. Notes attach to the diagnostic
 * reported just before them. At most DIAG_MAX errors are kept per sink; past that one line
 * says the rest were dropped. Message style: lowercase, no final period, the subject in
 * single quotes.
 */
#ifndef VPCGEN_DIAG_H
#define VPCGEN_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "arena.h"

enum { DIAG_MAX = 50 };

/* A source span. Lines and columns are 1-based and count characters (not bytes); the end is
 * exclusive. line 0 means "no location" (the file as a whole). */
typedef struct srcloc {
    const char *file;
    int line, col;
    int end_line, end_col;
} srcloc;

typedef enum { SEV_ERROR, SEV_WARNING, SEV_NOTE } diag_severity;

typedef enum { DIAG_TEXT, DIAG_JSON } diag_format;

typedef struct diag_sink diag_sink;

/* New sink whose entries live in arena a. */
diag_sink *diag_new(arena *a);

/* Registers the text of file so that diagnostics can quote its lines (borrowed: it must
 * outlive the sink). Call once per file before reporting against it. */
void diag_add_source(diag_sink *d, const char *file, const char *text, size_t len);

/* Records one problem. loc may be NULL (no location: "file: error: ..." with file from
 * diag_add_source's last file, or "vpcgen: ..." when none). code is a short stable
 * identifier such as "yaml-alias" or "cidr-overlap" (borrowed, usually a literal). */
void diag_report(diag_sink *d, diag_severity sev, const srcloc *loc, const char *code,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
#define diag_error(d, loc, code, ...) diag_report((d), SEV_ERROR, (loc), (code), __VA_ARGS__)
#define diag_warning(d, loc, code, ...) diag_report((d), SEV_WARNING, (loc), (code), __VA_ARGS__)
/* A note attached to the last error or warning (dropped if that one was dropped). */
#define diag_note(d, loc, ...) diag_report((d), SEV_NOTE, (loc), "note", __VA_ARGS__)
/* A note of its own, with its own code: advice that is neither an error nor a warning. */
void diag_info(diag_sink *d, const srcloc *loc, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Diagnostics reported from now on come from the environment overlay env (NULL: the base
 * spec; borrowed), whose key in the spec is at where: text output adds a note "in
 * environment 'env'" at where, JSON an "environment" member. */
void diag_set_environment(diag_sink *d, const char *env, const srcloc *where);

/* Accepted warnings: a warning whose code was accepted is still shown, as a note that says
 * so, and never counts as a warning (so -W error does not fail on it). diag_accept accepts a
 * code for the sink's life (-W no-CODE); diag_set_spec_accepted sets the codes a spec
 * accepts (its `accept` list, NULL-terminated, borrowed), replacing the previous spec's. */
void diag_accept(diag_sink *d, const char *code);
void diag_set_spec_accepted(diag_sink *d, const char *const *codes);

/* Number of errors recorded (after -W error, warnings count as errors). */
int diag_error_count(const diag_sink *d);
/* Would an error reported now be dropped (DIAG_MAX kept already)? A caller may then skip
 * composing its message, reporting it with an empty one so that it is still counted. */
bool diag_full(const diag_sink *d);
int diag_warning_count(const diag_sink *d);

/* -W error: every warning recorded from now on, and those already recorded, are errors. */
void diag_set_werror(diag_sink *d, bool on);

/* Prints every recorded entry to out in position order (stable), then forgets them.
 * color adds ANSI colours (text format only). */
void diag_print(diag_sink *d, FILE *out, diag_format fmt, bool color);

/* Column (1-based, in characters) of byte offset off within the line that starts at
 * line_start: the one conversion from bytes to columns, used by the loader for libyaml's
 * byte-based marks. Invalid UTF-8 bytes count as one column each. */
int diag_column(const char *line_start, size_t off);

#endif
