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
 * removed, and so is an object whose every member was removed. "@{key}" inside a longer string or a
 * member name interpolates a string or an integer (and takes no type: template_compile refuses one
 * there). Two keys are implicit: "id" (the resource's name in the target) and "name" (its Name
 * tag), and "depends_on" is the list of its explicit dependencies. Types: str int intstr bool ref
 * list join sub tags map params any (intstr: an integer written as a string; params: a map as
 * [{"name", "value"}] blocks).
 *
 * What differs between targets beyond the templates is only how a dialect names resources
 * and spells a reference, an element of a list, a join, a substitution, the region and tags:
 * the `dialect` table below, one per target file (emit_cfn.c, emit_tf.c).
 */
#ifndef VPCGEN_EMIT_H
#define VPCGEN_EMIT_H

#include "jval.h"
#include "plan.h"

typedef struct emitter emitter;

/* Every expression below is a jval in arena a (see jval.h): nothing is freed or stolen. */
typedef struct dialect {
    const char *target; /* the templates folder: "cloudformation" */
    /* The resource's name in the target ("PublicSubnet1" / "public_subnet_1"), in the arena. */
    const char *(*name)(arena *a, const resource *r);
    /* Element index of the list expression expr. */
    jval *(*index)(arena *a, jval *expr, int index);
    /* items (an array of expressions) joined by sep. */
    jval *(*join)(arena *a, const char *sep, jval *items);
    /* A reference expression as it is written inside a substituted string ("${X.Attr}"), in
     * the arena; NULL when the expression cannot be embedded. */
    const char *(*embed)(arena *a, const jval *expr);
    /* A literal text escaped for a substituted string, in the arena. */
    const char *(*escape)(arena *a, const char *text);
    /* A literal text (a value of the spec: a description, a tag) as a JSON string of the
     * target, escaped where the target would read it as an expression. */
    jval *(*literal)(arena *a, const char *text);
    /* Wraps the text of a substitution that embeds references. */
    jval *(*sub)(arena *a, const char *text, bool has_refs);
    /* The deployment region as an expression, and as embedded in a substitution. */
    jval *(*region)(arena *a, const model *m);
    const char *(*region_embedded)(const model *m);
    /* Tags: the Name tag (NULL for the stack itself) and the model's user tags. *shared is
     * the dialect's to keep what every resource repeats (NULL before the first call of a
     * document). */
    jval *(*tags)(arena *a, const model *m, const char *name, jval **shared);
} dialect;

extern const dialect dialect_cloudformation;
extern const dialect dialect_terraform;

/* Renders plan p with dialect d. Templates come from the binary, or from folder
 * templates_dir/<target>/ when it is not NULL. Returns the document, in arena a, or NULL
 * after printing "vpcgen: ..." to stderr (a template that is missing, malformed, or does not
 * fit the plan: a defect of the templates, not of the spec). */
jval *emit_document(arena *a, const plan *p, const dialect *d, const char *templates_dir);

/* The document as bytes (jval_dump): two-space indentation, keys in document order, a final
 * newline; compact: on one line. Returns malloc'd text the caller frees, or NULL on allocation
 * failure. */
char *emit_dump(const jval *doc, bool compact, size_t *len);

#endif
