/* fuzz_compile.c - libFuzzer target: the whole pipeline, into both targets.
 *
 * Bytes in -> load_spec -> schema_validate -> for the base spec and each environment (as the
 * CLI does with and without -e, each with a fresh diagnostic sink): model_build -> plan_build
 * -> emit_document with the CloudFormation dialect and, when the model has a region, the
 * Terraform one (the CLI refuses terraform without a region) -> emit_dump. Diagnostics are
 * printed (text, with colour) into a memory stream and discarded.
 *
 * Asserted (abort, so libFuzzer keeps the input), beyond "no crash, leak, hang or sanitizer
 * report":
 *   - emit_document never fails on a plan of a valid model (a failure is a template defect,
 *     and every template is embedded);
 *   - the output is non-empty, ends with a newline, and parses as JSON (json_loadb, duplicate
 *     keys rejected) into an object;
 *   - the summary is printable ASCII lines; the dot diagram is one statement per line with
 *     every quoted string closed on its line and its braces balanced (text from the spec
 *     cannot break out of a label);
 *   - determinism: running the whole pipeline a second time, from scratch, gives the same
 *     bytes for every environment and target;
 *   - no text of the spec becomes code in the target (template injection): in Terraform
 *     output every "${" starts a reference or join() that vpcgen writes and there is no "%{"
 *     (literal ones must be escaped as "$${" and "%%{"); in CloudFormation output every
 *     "{{resolve:" is vpcgen's own secretsmanager reference, and every "${" of an Fn::Sub is a
 *     reference (a literal one is written "${!"). Set VPCGEN_FUZZ_NO_INJECTION_CHECK=1 to
 *     skip this check (to fuzz for other bugs while an injection bug is open).
 */
#include "emit.h"
#include "fuzz_common.h"
#include "plan.h"
#include "report.h"

/* Every document of one run, in order, with a separator line naming env and target. */
typedef struct outputs {
    char *buf;
    size_t size;
    FILE *f;
    int documents;
} outputs;

static bool injection_check = true;

/* Length of a Terraform reference at s: [a-z][a-z0-9_]* then .name or [digits] parts; 0 if
 * none. */
static size_t tf_ref_len(const char *s)
{
    size_t i = 0;
    if (!(s[i] >= 'a' && s[i] <= 'z'))
        return 0;
    while (s[i] && strchr("abcdefghijklmnopqrstuvwxyz0123456789_", s[i]))
        i++;
    for (;;) {
        if (s[i] == '.' && s[i + 1] && strchr("abcdefghijklmnopqrstuvwxyz0123456789_", s[i + 1])) {
            for (i++; s[i] && strchr("abcdefghijklmnopqrstuvwxyz0123456789_", s[i]);)
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

/* Length of what vpcgen writes after "${" in Terraform (up to and including '}'): a
 * reference, or join("sep", [ref, ref, ...]) with a sep of punctuation; 0 if s is anything
 * else. */
static size_t tf_interpolation_len(const char *s)
{
    size_t n = tf_ref_len(s);
    if (n && s[n] == '}')
        return n + 1;
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
                                      "0123456789:.", s[j]))
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
        json_array_foreach(j, i, v)
            check_injection(target, v, in_sub, in_res, depth + 1);
    } else if (json_is_object(j)) {
        const char *k;
        const json_t *v;
        json_object_foreach((json_t *)j, k, v) {
            check_string(target, k, false, in_res);
            check_injection(target, v, strcmp(k, "Fn::Sub") == 0,
                            in_res || (depth == 0 && strcmp(k, "Resources") == 0), depth + 1);
        }
    }
}

static void emit_one(arena *a, const plan *p, const dialect *dl, const char *env, outputs *o)
{
    jval *doc = emit_document(a, p, dl, NULL);
    FUZZ_ASSERT(doc != NULL, "emit_document failed for target %s, environment %s", dl->target,
                env ? env : "(base)");
    size_t len = 0;
    char *text = emit_dump(doc, &len);
    FUZZ_ASSERT(text != NULL, "emit_dump failed");
    FUZZ_ASSERT(len > 0 && strlen(text) == len && text[len - 1] == '\n',
                "output of %zu bytes is empty, has a NUL or no final newline", len);
    json_error_t err;
    json_t *back = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    FUZZ_ASSERT(back != NULL, "%s output does not parse as JSON: %d:%d: %s", dl->target,
                err.line, err.column, err.text);
    FUZZ_ASSERT(json_is_object(back), "%s output is not a JSON object", dl->target);
    if (injection_check)
        check_injection(dl->target, back, false, false, 0);
    json_decref(back);
    fprintf(o->f, "=== %s %s\n", env ? env : "-", dl->target);
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
    if (strcmp(what, "report_summary") == 0) {
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

/* One spec, one environment (NULL: the base), as `vpcgen [-e ENV] [-t TARGET]` would. */
static void compile_env(arena *a, const char *text, size_t size, const node *root,
                        const char *env, outputs *o)
{
    diag_sink *d = diag_new(a);
    diag_add_source(d, FUZZ_FILE, text, size);
    model *m = model_build(a, d, fuzz_schema(), root, env);
    FUZZ_ASSERT(m || diag_error_count(d) > 0, "model_build failed without an error");
    if (m && !diag_error_count(d)) {
        plan *p = plan_build(a, m);
        FUZZ_ASSERT(p != NULL, "plan_build returned NULL");
        emit_one(a, p, &dialect_cloudformation, env, o);
        if (m->region)
            emit_one(a, p, &dialect_terraform, env, o);
        size_t len = 0;
        char *dot = report_dot(p, &len);
        check_report("report_dot", dot, len);
        fprintf(o->f, "=== %s dot\n%s", env ? env : "-", dot);
        free(dot);
        char *summary = report_summary(p, &len);
        check_report("report_summary", summary, len);
        fprintf(o->f, "=== %s summary\n%s", env ? env : "-", summary);
        free(summary);
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
    diag_add_source(d, FUZZ_FILE, (const char *)data, size);
    node *root = load_spec(a, d, FUZZ_FILE, (const char *)data, size);
    if (root && schema_validate(fuzz_schema(), root, d)) {
        compile_env(a, (const char *)data, size, root, NULL, o);
        const char **envs = model_environments(a, root);
        for (size_t i = 0; envs[i] && i < FUZZ_MAX_ENVS; i++)
            compile_env(a, (const char *)data, size, root, envs[i], o);
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
