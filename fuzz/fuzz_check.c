/* fuzz_check.c - libFuzzer target: what `vpcgen --check` does with a spec.
 *
 * Bytes in -> load_spec -> schema_validate -> model_build of the base spec and then of every
 * environment (like the CLI's --check without -e) -> diagnostics printed into a memory stream
 * and discarded. Each input is checked twice, from scratch: once with text diagnostics, once
 * with -W error and JSON diagnostics (whose every line must parse as a JSON object).
 *
 * Asserted (abort, so libFuzzer keeps the input), beyond "no crash, leak, hang or sanitizer
 * report": the passes' contracts - load_spec returns NULL only after an error and never
 * reports an error while returning a tree; schema_validate and model_build return false/NULL
 * only after an error; an environment the spec does not define is an error.
 */
#include "fuzz_common.h"

static void check_once(const uint8_t *data, size_t size, diag_format fmt, bool werror)
{
    arena *a = arena_new();
    diag_sink *d = diag_new(a);
    diag_set_werror(d, werror);
    diag_add_source(d, FUZZ_FILE, (const char *)data, size);

    int before = diag_error_count(d);
    node *root = load_spec(a, d, FUZZ_FILE, (const char *)data, size);
    FUZZ_ASSERT((root == NULL) == (diag_error_count(d) > before),
                "load_spec returned %s with %d new errors", root ? "a tree" : "NULL",
                diag_error_count(d) - before);
    if (root) {
        bool valid = schema_validate(fuzz_schema(), root, d);
        FUZZ_ASSERT(valid || diag_error_count(d) > 0, "schema_validate failed without an error");
        if (valid) {
            int had = diag_error_count(d);
            model *m = model_build(a, d, fuzz_schema(), root, NULL);
            FUZZ_ASSERT(m || diag_error_count(d) > had, "model_build failed without an error");
            if (m) {
                const char **envs = model_environments(a, root);
                FUZZ_ASSERT(envs != NULL, "model_environments returned NULL");
                for (size_t i = 0; envs[i] && i < FUZZ_MAX_ENVS; i++) {
                    had = diag_error_count(d);
                    model *me = model_build(a, d, fuzz_schema(), root, envs[i]);
                    FUZZ_ASSERT(me || diag_error_count(d) > had,
                                "model_build of environment '%s' failed without an error",
                                envs[i]);
                }
                /* -e with a name the spec does not define: an error, never a model */
                had = diag_error_count(d);
                FUZZ_ASSERT(!model_build(a, d, fuzz_schema(), root, "-no-such-environment-") &&
                                diag_error_count(d) > had,
                            "model_build of an unknown environment did not fail with an error");
            }
        }
    }
    fuzz_print_diagnostics(d, fmt, false);
    arena_free(a);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_schema();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_once(data, size, DIAG_TEXT, false);
    check_once(data, size, DIAG_JSON, true);
    return 0;
}
