/* fuzz_common.h - shared by the libFuzzer targets of vpcgen (fuzz_check.c, fuzz_compile.c).
 *
 * Everything here is static: each target is one translation unit plus the generator's library
 * objects (every .c file of generator/ but main.c) and the generated embedded.c.
 */
#ifndef VPCGEN_FUZZ_COMMON_H
#define VPCGEN_FUZZ_COMMON_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "load.h"
#include "model.h"
#include "schema.h"

/* The file name diagnostics are reported against (what the CLI shows for stdin). */
#define FUZZ_FILE "<stdin>"

/* Environments checked or compiled per input: the language has no limit, but a fuzzer input
 * with hundreds of them only repeats the same work. */
enum { FUZZ_MAX_ENVS = 8 };

/* A broken invariant: say which and abort, so that libFuzzer saves the input. */
#define FUZZ_ASSERT(cond, ...)                                                                 \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            fprintf(stderr, "fuzz: %s:%d: invariant broken: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                                      \
            fputc('\n', stderr);                                                               \
            abort();                                                                           \
        }                                                                                      \
    } while (0)

/* The schema, parsed once per process (its PCRE2 patterns are compiled on first use and kept). */
static schema *fuzz_schema(void)
{
    static schema *s;
    if (!s) {
        s = schema_new();
        if (!s) {
            fprintf(stderr, "fuzz: schema_new failed: the embedded schema is broken\n");
            abort();
        }
    }
    return s;
}

/* Prints and forgets the diagnostics of d into a memory stream, then checks what was printed:
 * in JSON format every line must be a JSON object with the six members of spec-v1; in text
 * format the output must not be empty when there was something to print. */
static void fuzz_print_diagnostics(diag_sink *d, diag_format fmt, bool color)
{
    bool any = diag_error_count(d) > 0 || diag_warning_count(d) > 0;
    char *buf = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buf, &size);
    if (!out)
        abort();
    diag_print(d, out, fmt, color);
    if (fclose(out) != 0)
        abort();
    FUZZ_ASSERT(!any || size > 0, "diagnostics recorded but nothing printed");
    FUZZ_ASSERT(strlen(buf) == size, "a NUL byte in the diagnostics output");
    if (fmt == DIAG_JSON) {
        for (char *line = buf, *nl; *line; line = nl + 1) {
            nl = strchr(line, '\n');
            FUZZ_ASSERT(nl != NULL, "JSON diagnostics do not end with a newline");
            json_error_t err;
            json_t *o = json_loadb(line, (size_t)(nl - line), JSON_REJECT_DUPLICATES, &err);
            FUZZ_ASSERT(o != NULL, "a JSON diagnostic does not parse: %s: %.*s", err.text,
                        (int)(nl - line), line);
            FUZZ_ASSERT(json_is_object(o) && json_is_string(json_object_get(o, "file")) &&
                            json_is_integer(json_object_get(o, "line")) &&
                            json_is_integer(json_object_get(o, "column")) &&
                            json_is_string(json_object_get(o, "severity")) &&
                            json_is_string(json_object_get(o, "code")) &&
                            json_is_string(json_object_get(o, "message")),
                        "a JSON diagnostic lacks a member: %.*s", (int)(nl - line), line);
            json_decref(o);
        }
    }
    free(buf);
}

#endif
