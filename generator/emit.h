/* emit.h - pass 5: the plan rendered through a target's templates.
 *
 * One engine fills templates for every target. A template (templates/<target>/<kind>.json)
 * is JSON with two members:
 *   "document":   the fragment this resource adds to the output, deep-merged into it
 *                 (CloudFormation: {"Resources": {"@{id}": {...}}}; Terraform:
 *                 {"resource": {"aws_subnet": {"@{id}": {...}}}});
 *   "attributes": how other resources refer to this one, by neutral attribute name
 *                 ("id", "arn", "address", ...), as expressions of the target.
 * A string that is exactly "@{key:type}" is replaced by the resource's value `key`, checked
 * against `type`; when the resource has no such value the member (or array element) is
 * removed. "@{key}" inside a longer string interpolates a string or an integer. Two keys are
 * implicit: "id" (the resource's name in the target) and "name" (its Name tag), and
 * "depends_on" is the list of its explicit dependencies. Types:
 *   str int intstr bool ref list join sub tags map params any
 * (intstr: an integer written as a string; params: a map as [{"name", "value"}] blocks).
 *
 * What differs between targets beyond the templates is only how a dialect names resources
 * and spells a reference, an element of a list, a join, a substitution, the region and tags:
 * the `dialect` table below, one per target file (emit_cfn.c, emit_tf.c).
 */
#ifndef VPCGEN_EMIT_H
#define VPCGEN_EMIT_H

#include <jansson.h>

#include "plan.h"

typedef struct emitter emitter;

typedef struct dialect {
    const char *target; /* the templates folder: "cloudformation" */
    /* The resource's name in the target ("PublicSubnet1" / "public_subnet_1"), in the arena. */
    const char *(*name)(arena *a, const resource *r);
    /* Element index of the list expression expr (steals expr). */
    json_t *(*index)(json_t *expr, int index);
    /* items (each an expression) joined by sep (steals items). */
    json_t *(*join)(const char *sep, json_t *items);
    /* A reference expression as it is written inside a substituted string ("${X.Attr}"), in
     * the arena; NULL when the expression cannot be embedded. */
    const char *(*embed)(arena *a, const json_t *expr);
    /* A literal text escaped for a substituted string, in the arena. */
    const char *(*escape)(arena *a, const char *text);
    /* A literal text (a value of the spec: a description, a tag) as a JSON string of the
     * target, escaped where the target would read it as an expression. New reference. */
    json_t *(*literal)(arena *a, const char *text);
    /* Wraps the text of a substitution that embeds references (steals nothing). */
    json_t *(*sub)(const char *text, bool has_refs);
    /* The deployment region as an expression, and as embedded in a substitution. */
    json_t *(*region)(const model *m);
    const char *(*region_embedded)(const model *m);
    /* Tags: the Name tag (NULL for the stack itself) and the model's user tags. *shared is
     * the dialect's to keep what every resource repeats (NULL before the first call of a
     * document; the engine releases it at the end). New reference. */
    json_t *(*tags)(arena *a, const model *m, const char *name, json_t **shared);
} dialect;

extern const dialect dialect_cloudformation;
extern const dialect dialect_terraform;

/* Renders plan p with dialect d. Templates come from the binary, or from folder
 * templates_dir/<target>/ when it is not NULL. Returns a new reference to the document, or
 * NULL after printing "vpcgen: ..." to stderr (a template that is missing, malformed, or
 * does not fit the plan: a defect of the templates, not of the spec). */
json_t *emit_document(arena *a, const plan *p, const dialect *d, const char *templates_dir);

/* The document as bytes: two-space indentation, keys in document order, a final newline.
 * Returns malloc'd text the caller frees, or NULL on allocation failure. */
char *emit_dump(const json_t *doc, size_t *len);

#endif
