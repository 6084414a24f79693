/* schema.h - pass 2a: structural validation against the JSON Schema of the language.
 *
 * schema/vpcgen.schema.json (JSON Schema 2020-12) is the one description of the spec
 * language: editors read it, and the compiler embeds it and validates every spec tree
 * against it. The engine implements the subset the schema uses: type, enum, const, pattern
 * (PCRE2, each compiled once, on first use), minimum/maximum, minLength/maxLength,
 * minItems/maxItems, required, properties, additionalProperties (false or a schema),
 * propertyNames, items, uniqueItems, oneOf, $ref to "#/$defs/...", and description/default/
 * examples as annotations. Anything else in the schema is an error of the schema, caught by
 * schema_self_check in the unit tests, not silently ignored.
 *
 * Scalars are typed as load.h resolves them (YAML 1.2 core). Where an integer is expected,
 * YAML 1.1 forms (010, 0o10, 0x50, 1_000, 1:20, yes/no) get an error that says why.
 * Unknown keys get "did you mean 'x'?" when exactly one known key is close.
 */
#ifndef VPCGEN_SCHEMA_H
#define VPCGEN_SCHEMA_H

#include <jansson.h>
#include <stdbool.h>

#include "diag.h"
#include "load.h"

typedef struct schema schema;

/* Parses the embedded schema. Returns a new schema the caller frees with schema_free(), or
 * NULL when the embedded text is not valid JSON (a build defect; message on stderr). */
schema *schema_new(void);
void schema_free(schema *s);

/* Checks that the schema uses only what the engine implements (keywords, types, $ref
 * targets, patterns that compile), printing the first problem to stderr. The embedded schema
 * is fixed at build time, so the unit tests run this once instead of every run of vpcgen. */
bool schema_self_check(schema *s);

/* The schema text as embedded in the binary (borrowed, static), for --print-schema. */
const char *schema_text(size_t *len);

/* Validates root (the whole spec) against the schema; reports every violation to d.
 * Returns true when there was none. */
bool schema_validate(schema *s, const node *root, diag_sink *d);

/* The schema's "default" for the property at a dotted path of property names from the root,
 * following $ref: "network.nat", "database.backup.retention_days". Returns a borrowed
 * reference owned by s, or NULL when the schema has no default there. */
const json_t *schema_default(const schema *s, const char *path);

/* Edit distance (Levenshtein) between a and b, for "did you mean". */
int schema_edit_distance(const char *a, const char *b);

#endif
