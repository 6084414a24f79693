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

#include <stdbool.h>

#include "diag.h"
#include "fjson.h"
#include "load.h"

/* The validator's copy of schema/vpcgen.schema.json, frozen at build time by tools/fjgen.c
 * (without examples and the descriptions the engine never quotes). */
extern const fjson *const builtin_schema;

typedef struct schema schema;

/* The built-in schema, ready to validate (nothing is parsed: patterns are compiled on first
 * use). Returns a new schema the caller frees with schema_free(); never NULL. */
schema *schema_new(void);
void schema_free(schema *s);

/* Checks that the schema uses only what the engine implements (keywords, types, $ref
 * targets, patterns that compile), printing the first problem to stderr. The embedded schema
 * is fixed at build time, so the unit tests run this once instead of every run of vpcgen. */
bool schema_self_check(schema *s);

/* The schema text as embedded in the binary (borrowed, static), for --print-schema. */
const char *schema_text(size_t *len);

/* Validates root (the whole spec) against the schema; reports every violation to d, and
 * marks every node at or above one (node.schema_error). Returns true when there was none. */
bool schema_validate(schema *s, node *root, diag_sink *d);

/* The schema's "default" for the property at a dotted path of property names from the root,
 * following $ref: "network.nat", "database.backup.retention_days". Returns a borrowed
 * value (static), or NULL when the schema has no default there. */
const fjson *schema_default(const schema *s, const char *path);

/* Whether value is a valid value of the property at a dotted path ("name", "accept"):
 * validated as if it were written there, with nothing reported. */
bool schema_accepts(schema *s, const char *path, node *value);
/* The title of the property at path (what a valid value is: "a valid stack name (...)"), or
 * NULL (borrowed, static). */
const char *schema_title(const schema *s, const char *path);

/* Edit distance (Levenshtein) between a and b, for "did you mean". */
int schema_edit_distance(const char *a, const char *b);

#endif
