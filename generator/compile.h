/* compile.h - the pipeline, once: a spec's text through every pass to its output.
 *
 *   load -> schema -> model (+ environment) -> plan -> emit (a dialect) or a report
 *
 * main.c, `vpcgen diff`, the fuzz targets and the unit tests all run specs through these
 * functions, so there is one way to compile a spec. The targets are one table: a name, an
 * alias, how the output is made (a dialect's document or a report's text) and what the
 * target needs of the spec beyond its own rules.
 */
#ifndef VPCGEN_COMPILE_H
#define VPCGEN_COMPILE_H

#include <stdbool.h>
#include <stddef.h>

#include "emit.h"
#include "model.h"
#include "plan.h"
#include "schema.h"

typedef struct target {
    const char *name;       /* "cloudformation" */
    const char *alias;      /* "cfn"; NULL: none */
    const dialect *dialect; /* a JSON target's dialect; NULL for a report */
    /* A report's text (malloc'd, caller frees; NULL on allocation failure). */
    char *(*report)(const plan *p, size_t *len);
    bool needs_region;   /* terraform: the provider's region */
    size_t inline_limit; /* the largest output its tools take inline; 0: no limit */
} target;

/* The target named name or alias, or NULL (borrowed, static). */
const target *target_find(const char *name);
/* The default target, CloudFormation. */
const target *target_default(void);
/* The targets for a usage message: "cloudformation (cfn), terraform (tf), dot or summary". */
const char *target_list(void);

/* A spec's text as read: file names it in diagnostics (borrowed, like text); size is its
 * real size when known (the loader refuses a file too large on it), else len. */
typedef struct spec_text {
    const char *file;
    const char *text;
    size_t len, size;
} spec_text;

/* Loads and validates a spec. Registers the text with d. Returns the tree (owned by a), or
 * NULL when the loader refused the text. *valid says whether the schema accepted it: a tree
 * the schema refused is still returned, its refused sections marked (node.schema_error), so
 * that the rules of the sections it does not touch can be checked too (compile_model). */
node *compile_load(arena *a, diag_sink *d, const schema *s, const spec_text *in, bool *valid);

/* The model of root with the environment env (NULL: the base), checked for what target t
 * needs (t may be NULL: none). NULL when there was an error. */
model *compile_model(arena *a, diag_sink *d, const schema *s, const node *root, const char *env,
                     const target *t);

/* What --check does: with env, that environment; without, the base spec and then every
 * environment (a problem of the base stops there, so it is reported once). A spec on an
 * older defaults epoch gets one note that names what the newest would change. True when no
 * error was reported. */
bool compile_check(arena *a, diag_sink *d, const schema *s, const node *root, const char *env,
                   const target *t);

/* Output options. */
typedef struct output_options {
    const char *templates; /* --templates DIR, or NULL: the built-in templates */
    bool compact;          /* JSON on one line */
} output_options;

/* The stack of model m in target t: its plan (*plan_out, may be NULL) and, for a JSON target,
 * its document (*doc_out, may be NULL). Returns the output bytes (malloc'd, caller frees;
 * *len their length), or NULL after printing "vpcgen: ..." for a template that does not fit
 * the plan (a defect of the templates, not of the spec). */
char *compile_output(arena *a, const model *m, const target *t, const output_options *o,
                     size_t *len, plan **plan_out, jval **doc_out);

/* The document of model m in the JSON target t (its plan in *plan_out, may be NULL), without
 * writing it out; NULL for a report target, or after printing "vpcgen: ..." for a template
 * that does not fit the plan. In arena a. */
jval *compile_document(arena *a, const model *m, const target *t, const output_options *o,
                       plan **plan_out);

/* Warns when an output of len bytes is larger than t's tools take inline (CloudFormation:
 * `aws cloudformation deploy --template-file` sends at most 51,200 bytes). */
void compile_warn_size(diag_sink *d, const target *t, size_t len);

#endif
