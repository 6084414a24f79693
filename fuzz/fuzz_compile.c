/* fuzz_compile.c - libFuzzer target: the whole pipeline, into both targets.
 *
 * Bytes in -> compile_load -> for the base spec and each environment (as the CLI does with
 * and without -e, each with a fresh diagnostic sink): compile_model -> compile_output into
 * CloudFormation and, when the model has a region, Terraform (the CLI refuses terraform
 * without a region), dot and summary (compile.h, the pipeline every caller uses).
 * Diagnostics are printed (text, with colour) into a memory stream and discarded.
 *
 * Asserted (abort, so libFuzzer keeps the input), beyond "no crash, leak, hang or sanitizer
 * report":
 *   - compile_output never fails on a valid model (a failure is a template defect, and every
 *     template is embedded);
 *   - the output is non-empty, ends with a newline, and parses as JSON (json_loadb, duplicate
 *     keys rejected) into an object;
 *   - the summary is printable ASCII lines; the dot diagram is one statement per line with
 *     every quoted string closed on its line and its braces balanced (text from the spec
 *     cannot break out of a label);
 *   - vpcgen diff of each output with itself (and with a copy parsed again) reports no change,
 *     and the two reports are the same bytes;
 *   - determinism: running the whole pipeline a second time, from scratch, gives the same
 *     bytes for every environment and target;
 *   - no text of the spec becomes code in the target (template injection): in Terraform
 *     output every "${" starts a reference or join() that vpcgen writes and there is no "%{"
 *     (literal ones must be escaped as "$${" and "%%{"); in CloudFormation output every
 *     "{{resolve:" is vpcgen's own secretsmanager reference, and every "${" of an Fn::Sub is a
 *     reference (a literal one is written "${!"). Set VPCGEN_FUZZ_NO_INJECTION_CHECK=1 to
 *     skip this check (to fuzz for other bugs while an injection bug is open).
 */
#include "compile.h"
#include "diff.h"
#include "fuzz_common.h"

/* Every document of one run, in order, with a separator line naming env and target. */
typedef struct outputs {
    char *buf;
    size_t size;
    FILE *f;
    int documents;
} outputs;

static bool injection_check = true;

/* Length of a Terraform reference at s: [a-z][a-z0-9_]* then .name or [digits] parts (a
 * name may have capitals: a nested stack's outputs.RotationLambdaARN); 0 if none. */
#define TF_NAME_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"

static size_t tf_ref_len(const char *s)
{
    size_t i = 0;
    if (!(s[i] >= 'a' && s[i] <= 'z'))
        return 0;
    while (s[i] && strchr("abcdefghijklmnopqrstuvwxyz0123456789_", s[i]))
        i++;
    for (;;) {
        if (s[i] == '.' && s[i + 1] && strchr(TF_NAME_CHARS, s[i + 1])) {
            for (i++; s[i] && strchr(TF_NAME_CHARS, s[i]);)
                i++;
        } else if (s[i] == '[' && s[i + 1] >= '0' && s[i + 1] <= '9') {
            size_t j = i + 1;
            while (s[j] >= '0' && s[j] <= '9')
                j++;
            if (s[j] != ']')
                return i;
            i = j + 1;
        } else {
            return i;
        }
    }
}

/* Length of digits at s. */
static size_t digits_len(const char *s)
{
    size_t i = 0;
    while (s[i] >= '0' && s[i] <= '9')
        i++;
    return i;
}

/* Length of what vpcgen writes after "${" in Terraform (up to and including '}'): a
 * reference, cidrsubnet(ref, N, N) (a dual-stack subnet's /64), or join("sep", [ref, ref,
 * ...]) with a sep of punctuation; 0 if s is anything else. */
static size_t tf_interpolation_len(const char *s)
{
    size_t n = tf_ref_len(s);
    if (n && s[n] == '}')
        return n + 1;
    if (strncmp(s, "cidrsubnet(", 11) == 0 && (n = tf_ref_len(s + 11))) {
        size_t i = 11 + n, d;
        for (int arg = 0; arg < 2; arg++) {
            if (strncmp(s + i, ", ", 2) != 0 || !(d = digits_len(s + i + 2)))
                return 0;
            i += 2 + d;
        }
        return strncmp(s + i, ")}", 2) == 0 ? i + 2 : 0;
    }
    if (strncmp(s, "join(\"", 6) != 0)
        return 0;
    size_t i = 6;
    while (s[i] && strchr(",;:| -", s[i]))
        i++;
    if (strncmp(s + i, "\", [", 4) != 0)
        return 0;
    i += 4;
    for (bool first = true;; first = false) {
        if (!first) {
            if (strncmp(s + i, ", ", 2) != 0)
                break;
            i += 2;
        }
        if (!(n = tf_ref_len(s + i)))
            return 0;
        i += n;
    }
    return strncmp(s + i, "])}", 3) == 0 ? i + 3 : 0;
}

/* Checks one string of the output of target (see the top of the file); in_sub: it is the
 * value of a CloudFormation Fn::Sub; in_res: it is inside "Resources" (where CloudFormation
 * resolves dynamic references). */
static void check_string(const char *target, const char *s, bool in_sub, bool in_res)
{
    bool tf = strcmp(target, "terraform") == 0;
    for (size_t i = 0; s[i]; i++) {
        if (tf) {
            if ((s[i] == '$' && s[i + 1] == '$' && s[i + 2] == '{') ||
                (s[i] == '%' && s[i + 1] == '%' && s[i + 2] == '{')) {
                i += 2;
                continue;
            }
            FUZZ_ASSERT(!(s[i] == '%' && s[i + 1] == '{'),
                        "a Terraform template directive '%%{' in the output: \"%s\"", s);
            if (s[i] == '$' && s[i + 1] == '{') {
                size_t n = tf_interpolation_len(s + i + 2);
                FUZZ_ASSERT(n > 0, "Terraform interpolation of text from the spec: \"%s\"", s);
                i += 1 + n;
            }
        } else {
            if (in_res && strncmp(s + i, "{{resolve:", 10) == 0)
                FUZZ_ASSERT(in_sub && strncmp(s + i + 10, "secretsmanager:${", 17) == 0,
                            "a CloudFormation dynamic reference from the spec: \"%s\"", s);
            if (in_sub && s[i] == '$' && s[i + 1] == '{' && s[i + 2] != '!') {
                size_t j = i + 2;
                while (s[j] && strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                      "0123456789:.",
                                      s[j]))
                    j++;
                FUZZ_ASSERT(j > i + 2 && s[j] == '}',
                            "Fn::Sub substitutes text from the spec: \"%s\"", s);
                i = j;
            }
        }
    }
}

/* Walks every key and string of a document (see check_string); depth 0 is the document. */
static void check_injection(const char *target, const json_t *j, bool in_sub, bool in_res,
                            int depth)
{
    if (json_is_string(j)) {
        check_string(target, json_string_value(j), in_sub, in_res);
    } else if (json_is_array(j)) {
        size_t i;
        const json_t *v;
        json_array_foreach(j, i, v) check_injection(target, v, in_sub, in_res, depth + 1);
    } else if (json_is_object(j)) {
        const char *k;
        const json_t *v;
        json_object_foreach((json_t *)j, k, v)
        {
            check_string(target, k, false, in_res);
            check_injection(target, v, strcmp(k, "Fn::Sub") == 0,
                            in_res || (depth == 0 && strcmp(k, "Resources") == 0), depth + 1);
        }
    }
}

static void emit_one(arena *a, const model *m, const target *t, const char *env, outputs *o)
{
    size_t len = 0;
    jval *doc = NULL;
    char *text = compile_output(a, m, t, NULL, &len, NULL, &doc);
    FUZZ_ASSERT(text != NULL, "compile_output failed for target %s, environment %s", t->name,
                env ? env : "(base)");
    FUZZ_ASSERT(len > 0 && strlen(text) == len && text[len - 1] == '\n',
                "output of %zu bytes is empty, has a NUL or no final newline", len);
    json_error_t err;
    json_t *back = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    FUZZ_ASSERT(back != NULL, "%s output does not parse as JSON: %d:%d: %s", t->name, err.line,
                err.column, err.text);
    FUZZ_ASSERT(json_is_object(back), "%s output is not a JSON object", t->name);
    if (injection_check)
        check_injection(t->dialect->target, back, false, false, 0);
    /* vpcgen diff of a stack with itself, and with its text read back, changes nothing, and
     * the reports are the same bytes */
    bool tf = t->needs_region, read_tf = !tf;
    const char *error = NULL;
    diff_result *same = diff_stacks(a, doc, doc, tf);
    FUZZ_ASSERT(same->count == 0 && !same->data_loss && !same->refused,
                "diff of a %s stack with itself reports %zu change(s)", t->name, same->count);
    jval *twin = diff_read_stack(a, text, len, &read_tf, &error);
    FUZZ_ASSERT(twin && read_tf == tf, "diff cannot read back a %s stack: %s", t->name,
                error ? error : "not recognised");
    diff_result *again = diff_stacks(a, twin, doc, tf);
    size_t l1 = 0, l2 = 0;
    char *r1 = diff_report(same, true, &l1), *r2 = diff_report(again, true, &l2);
    FUZZ_ASSERT(r1 && r2 && l1 == l2 && memcmp(r1, r2, l1) == 0,
                "diff reports of equal stacks differ");
    free(r1);
    free(r2);
    json_decref(back);
    fprintf(o->f, "=== %s %s\n", env ? env : "-", t->name);
    fwrite(text, 1, len, o->f);
    o->documents++;
    free(text);
}

/* Checks a report: malloc'd text of len bytes, NUL-terminated, ending with a newline. */
static void check_report(const char *what, const char *text, size_t len)
{
    FUZZ_ASSERT(text != NULL, "%s failed", what);
    FUZZ_ASSERT(len > 0 && strlen(text) == len && text[len - 1] == '\n',
                "%s of %zu bytes is empty, has a NUL or no final newline", what, len);
    if (strcmp(what, "summary") == 0) {
        for (size_t i = 0; i < len; i++)
            FUZZ_ASSERT(text[i] == '\n' || (text[i] >= 0x20 && text[i] < 0x7F),
                        "the summary has byte 0x%02X at offset %zu", (unsigned char)text[i], i);
        return;
    }
    FUZZ_ASSERT(strncmp(text, "digraph \"", 9) == 0, "the dot output does not start a digraph");
    int depth = 0;
    bool quoted = false;
    size_t line = 1;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        FUZZ_ASSERT(c >= 0x20 || c == '\n', "dot line %zu has control byte 0x%02X", line, c);
        if (quoted) {
            FUZZ_ASSERT(c != '\n', "dot line %zu ends inside a quoted string", line);
            if (c == '\\')
                i++; /* an escape: the next byte is literal */
            else if (c == '"')
                quoted = false;
            continue;
        }
        if (c == '"')
            quoted = true;
        else if (c == '{')
            depth++;
        else if (c == '}')
            FUZZ_ASSERT(--depth >= 0, "dot line %zu closes a brace never opened", line);
        else if (c == '\n')
            line++;
    }
    FUZZ_ASSERT(!quoted && depth == 0, "the dot output ends inside a string or a brace");
}

/* A report's text of m, checked, into *o. */
static void report_one(arena *a, const model *m, const target *t, const char *env, outputs *o)
{
    size_t len = 0;
    char *text = compile_output(a, m, t, NULL, &len, NULL, NULL);
    check_report(t->name, text, len);
    fprintf(o->f, "=== %s %s\n%s", env ? env : "-", t->name, text);
    free(text);
}

/* One spec, one environment (NULL: the base), as `vpcgen [-e ENV] [-t TARGET]` would. */
static void compile_env(arena *a, const spec_text *in, const node *root, const char *env,
                        outputs *o)
{
    diag_sink *d = diag_new(a);
    diag_add_source(d, in->file, in->text, in->size);
    model *m = compile_model(a, d, fuzz_schema(), root, env, NULL);
    FUZZ_ASSERT(m || diag_error_count(d) > 0, "compile_model failed without an error");
    if (m && !diag_error_count(d)) {
        emit_one(a, m, target_find("cloudformation"), env, o);
        if (m->region)
            emit_one(a, m, target_find("terraform"), env, o);
        report_one(a, m, target_find("dot"), env, o);
        report_one(a, m, target_find("summary"), env, o);
    }
    fuzz_print_diagnostics(d, DIAG_TEXT, true);
}

/* The whole pipeline once; the documents go to *o. */
static void compile_once(const uint8_t *data, size_t size, outputs *o)
{
    o->buf = NULL;
    o->size = 0;
    o->documents = 0;
    o->f = open_memstream(&o->buf, &o->size);
    if (!o->f)
        abort();
    arena *a = arena_new();
    diag_sink *d = diag_new(a);
    spec_text in = {FUZZ_FILE, (const char *)data, size, size};
    bool valid;
    node *root = compile_load(a, d, fuzz_schema(), &in, &valid);
    if (root && valid) {
        compile_env(a, &in, root, NULL, o);
        const char **envs = model_environments(a, root);
        for (size_t i = 0; envs[i] && i < FUZZ_MAX_ENVS; i++)
            compile_env(a, &in, root, envs[i], o);
    }
    fuzz_print_diagnostics(d, DIAG_TEXT, true);
    arena_free(a);
    if (fclose(o->f) != 0)
        abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *no = getenv("VPCGEN_FUZZ_NO_INJECTION_CHECK");
    injection_check = !(no && *no && strcmp(no, "0") != 0);
    fuzz_schema();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    outputs first, second;
    compile_once(data, size, &first);
    if (first.documents) {
        compile_once(data, size, &second);
        FUZZ_ASSERT(first.size == second.size && memcmp(first.buf, second.buf, first.size) == 0,
                    "two runs on the same input gave different output (%zu and %zu bytes)",
                    first.size, second.size);
        free(second.buf);
    }
    free(first.buf);
    return 0;
}
