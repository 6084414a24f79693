/* embed.h - files embedded in the binary at build time (tools/embed.sh).
 *
 * The JSON Schema as written, for --print-schema. (What the validator and the emitter read,
 * the schema and the templates, is frozen into C data: fjson.h.) The installed program is
 * one file and needs no data directory.
 */
#ifndef VPCGEN_EMBED_H
#define VPCGEN_EMBED_H

#include <stddef.h>

typedef struct embedded_file {
    const char *path; /* as in the source tree: "schema/vpcgen.schema.json" */
    const char *data; /* NUL-terminated */
    size_t len;       /* without the NUL */
} embedded_file;

/* Terminated by a row whose path is NULL. */
extern const embedded_file embedded_files[];

/* The embedded file at path, or NULL (borrowed, static). */
const embedded_file *embed_find(const char *path);

#endif
