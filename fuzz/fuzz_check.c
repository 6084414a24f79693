/* fuzz_check.c - libFuzzer target: what `vpcgen --check` does with a spec.
 *
 * Bytes in -> compile_load -> compile_check of the base spec and then of every environment
 * (the CLI's --check without -e; compile.h) -> diagnostics printed into a memory stream
 * and discarded. Each input is checked twice, from scratch: once with text diagnostics, once
 * with -W error and JSON diagnostics (whose every line must parse as a JSON object).
 *
 * Asserted (abort, so libFuzzer keeps the input), beyond "no crash, leak, hang or sanitizer
 * report": the passes' contracts - compile_load returns a valid tree exactly when it reported
 * no error; compile_check and compile_model fail only after an error; an environment the
 * spec does not define is an error.
 */
#include "compile.h"
#include "fuzz_common.h"

static void check_once(const uint8_t *data, size_t size, diag_format fmt, bool werror)
{
    arena *a = arena_new();
    diag_sink *d = diag_new(a);
    diag_set_werror(d, werror);

    int before = diag_error_count(d);
    spec_text in = {FUZZ_FILE, (const char *)data, size, size};
    bool valid;
    node *root = compile_load(a, d, fuzz_schema(), &in, &valid);
    FUZZ_ASSERT((root && valid) == (diag_error_count(d) == before),
                "compile_load returned %s (%s) with %d new errors", root ? "a tree" : "NULL",
                valid ? "valid" : "invalid", diag_error_count(d) - before);
    if (root && valid) {
        int had = diag_error_count(d);
        FUZZ_ASSERT(compile_check(a, d, fuzz_schema(), root, NULL, NULL) ==
                        (diag_error_count(d) == had),
                    "compile_check's answer and its errors disagree");
        const char **envs = model_environments(a, root);
        FUZZ_ASSERT(envs != NULL, "model_environments returned NULL");
        for (size_t i = 0; envs[i] && i < FUZZ_MAX_ENVS; i++) {
            had = diag_error_count(d);
            model *me = compile_model(a, d, fuzz_schema(), root, envs[i], NULL);
            FUZZ_ASSERT(me || diag_error_count(d) > had,
                        "compile_model of environment '%s' failed without an error", envs[i]);
        }
        /* -e with a name the spec does not define: an error, never a model */
        had = diag_error_count(d);
        FUZZ_ASSERT(!compile_model(a, d, fuzz_schema(), root, "-no-such-environment-", NULL) &&
                        diag_error_count(d) > had,
                    "compile_model of an unknown environment did not fail with an error");
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
