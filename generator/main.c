/* main.c - the driver: parses the command line, wires the passes, owns the exit codes.
 *
 *   load -> schema -> model (+ environment) -> plan -> emit -> write
 *
 * Each spec gets its own arena and diagnostic sink. Diagnostics are printed when a spec is
 * done; the output is written only when every pass succeeded, so nothing reaches standard
 * output unless the exit status is 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "emit.h"
#include "load.h"
#include "model.h"
#include "plan.h"
#include "report.h"
#include "schema.h"
#include "write.h"

enum { EXIT_OK = 0, EXIT_INVALID = 1, EXIT_USAGE = 2 };

typedef enum { TARGET_CLOUDFORMATION, TARGET_TERRAFORM, TARGET_DOT, TARGET_SUMMARY } target_id;

typedef struct options {
    target_id target;
    const char *output;
    const char *env;
    const char *templates;
    bool check;
    bool werror;
    diag_format format;
    bool color;
} options;

static const char usage_text[] =
    "usage: vpcgen [OPTIONS] SPEC.yaml\n"
    "       vpcgen --check [OPTIONS] SPEC.yaml...\n"
    "\n"
    "Compiles a YAML stack spec (a VPC, subnets, NAT, bastion and RDS database) to\n"
    "CloudFormation or Terraform JSON. SPEC '-' reads standard input.\n"
    "\n"
    "  -t, --target TARGET      cloudformation (default; also cfn), terraform (tf),\n"
    "                           dot (a Graphviz diagram) or summary (a table for review)\n"
    "  -o, --output FILE        write FILE atomically instead of standard output\n"
    "  -e, --env NAME           apply the environment overlay NAME\n"
    "      --check              validate only, any number of specs, no output; without -e\n"
    "                           the base spec and every environment are checked\n"
    "  -W error                 warnings become errors\n"
    "      --diagnostics FORMAT text (default) or json (one object per line)\n"
    "      --templates DIR      read templates from DIR/<target>/ instead of the built-in ones\n"
    "      --print-schema       print the JSON Schema of the spec language\n"
    "  -h, --help               show this help\n"
    "      --version            show the version\n"
    "\n"
    "Exit status: 0 success (warnings allowed), 1 invalid spec, 2 usage or I/O error.\n"
    "Colour on a terminal unless NO_COLOR is set. See vpcgen(1).\n";

static int usage_error(const char *fmt, const char *arg)
{
    fputs("vpcgen: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'vpcgen --help' for more information.\n", stderr);
    return EXIT_USAGE;
}

static bool parse_target(const char *s, target_id *t)
{
    static const struct {
        const char *name;
        target_id id;
    } names[] = {{"cloudformation", TARGET_CLOUDFORMATION},
                 {"cfn", TARGET_CLOUDFORMATION},
                 {"terraform", TARGET_TERRAFORM},
                 {"tf", TARGET_TERRAFORM},
                 {"dot", TARGET_DOT},
                 {"summary", TARGET_SUMMARY}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(s, names[i].name) == 0) {
            *t = names[i].id;
            return true;
        }
    return false;
}

/* Reads at most LOAD_MAX_BYTES + 1 bytes of path ("-": stdin): enough for the loader to
 * see that a file is too large without holding all of it. Sets *size to the file's real
 * size when it is known (regular files), else to the bytes read. malloc'd; caller frees.
 * NULL on an I/O error (message printed). */
static char *read_spec(const char *path, size_t *len, size_t *size)
{
    bool is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY);
    int err = 0;
    struct stat st = {0};
    size_t n = 0, cap = (size_t)LOAD_MAX_BYTES + 1;
    char *buf = malloc(cap + 1);
    if (!buf)
        fatal_oom();
    if (fd < 0 || fstat(fd, &st) != 0)
        err = errno ? errno : EIO;
    else if (S_ISDIR(st.st_mode))
        err = EISDIR;
    while (!err && n < cap) {
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            err = errno;
        else if (got == 0)
            break;
        else
            n += (size_t)got;
    }
    if (fd >= 0 && !is_stdin)
        close(fd);
    if (err) {
        fprintf(stderr, "vpcgen: %s: %s\n", path, strerror(err));
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    *size = S_ISREG(st.st_mode) && (size_t)st.st_size > n ? (size_t)st.st_size : n;
    return buf;
}

/* What a target needs beyond the spec's own rules: Terraform needs the provider's region. */
static bool check_target(diag_sink *d, const node *root, const model *m, target_id t)
{
    if (!m)
        return false;
    if (t == TARGET_TERRAFORM && !m->region) {
        const srcloc *where = root->kind == NODE_MAP && root->count ? &root->pairs[0].key->loc
                                                                    : &root->loc;
        diag_error(d, where, "region-required",
                   "the terraform target needs 'region': the AWS provider's region");
        return false;
    }
    return true;
}

/* The semantic check of --check: with -e, that environment; without, the base spec and then
 * every environment (each merged tree's nodes point into the base or the overlay, and a
 * problem of the base stops there, so it is reported once, not once per environment). */
static bool check_models(arena *a, diag_sink *d, const schema *s, const node *root,
                         const options *o)
{
    if (o->env)
        return check_target(d, root, model_build(a, d, s, root, o->env), o->target);
    if (!check_target(d, root, model_build(a, d, s, root, NULL), o->target))
        return false;
    bool ok = true;
    const char **envs = model_environments(a, root);
    for (size_t i = 0; envs[i]; i++)
        ok = check_target(d, root, model_build(a, d, s, root, envs[i]), o->target) && ok;
    return ok;
}

/* Compiles one spec; prints its diagnostics; writes the output unless checking. */
static int compile(const char *path, const options *o, const schema *s)
{
    size_t len, size;
    char *text = read_spec(path, &len, &size);
    if (!text)
        return EXIT_USAGE;
    const char *file = strcmp(path, "-") == 0 ? "<stdin>" : path;
    arena *a = arena_new();
    diag_sink *d = diag_new(a);
    diag_set_werror(d, o->werror);
    int status = EXIT_INVALID;
    jval *doc = NULL;

    /* the file's real size: a file too large is refused on it, before text is read */
    node *root = load_spec(a, d, file, text, size);
    if (!root || !schema_validate((schema *)s, root, d))
        goto done;
    if (o->check) {
        if (check_models(a, d, s, root, o) && !diag_error_count(d))
            status = EXIT_OK;
        goto done;
    }
    model *m = model_build(a, d, s, root, o->env);
    if (!check_target(d, root, m, o->target) || diag_error_count(d))
        goto done;
    plan *p = plan_build(a, m);
    size_t out_len;
    char *out;
    if (o->target == TARGET_DOT) {
        out = report_dot(p, &out_len);
    } else if (o->target == TARGET_SUMMARY) {
        out = report_summary(p, &out_len);
    } else {
        doc = emit_document(a, p, o->target == TARGET_TERRAFORM ? &dialect_terraform
                                                                 : &dialect_cloudformation,
                            o->templates);
        if (!doc) {
            status = EXIT_USAGE;
            goto done;
        }
        out = emit_dump(doc, &out_len);
    }
    if (!out)
        fatal_oom();
    status = write_output(o->output, out, out_len) ? EXIT_OK : EXIT_USAGE;
    free(out);
done:
    diag_print(d, stderr, o->format, o->color);
    arena_free(a);
    free(text);
    return status;
}

int main(int argc, char **argv)
{
    /* a closed pipe or a file size limit is a write error to report, not a silent death */
    signal(SIGPIPE, SIG_IGN);
    signal(SIGXFSZ, SIG_IGN);

    options o = {.target = TARGET_CLOUDFORMATION, .format = DIAG_TEXT};
    enum { OPT_CHECK = 256, OPT_DIAGNOSTICS, OPT_PRINT_SCHEMA, OPT_VERSION, OPT_TEMPLATES };
    static const struct option longopts[] = {
        {"target", required_argument, NULL, 't'},
        {"output", required_argument, NULL, 'o'},
        {"env", required_argument, NULL, 'e'},
        {"check", no_argument, NULL, OPT_CHECK},
        {"diagnostics", required_argument, NULL, OPT_DIAGNOSTICS},
        {"templates", required_argument, NULL, OPT_TEMPLATES},
        {"print-schema", no_argument, NULL, OPT_PRINT_SCHEMA},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, OPT_VERSION},
        {NULL, 0, NULL, 0},
    };
    bool print_schema = false;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":t:o:e:W:h", longopts, NULL)) != -1) {
        switch (c) {
        case 't':
            if (!parse_target(optarg, &o.target))
                return usage_error("unknown target '%s'; expected cloudformation (cfn), "
                                   "terraform (tf), dot or summary", optarg);
            break;
        case 'o':
            o.output = optarg;
            break;
        case 'e':
            o.env = optarg;
            break;
        case 'W':
            if (strcmp(optarg, "error") != 0)
                return usage_error("unknown warning option '-W %s'; expected -W error", optarg);
            o.werror = true;
            break;
        case OPT_CHECK:
            o.check = true;
            break;
        case OPT_DIAGNOSTICS:
            if (strcmp(optarg, "json") == 0)
                o.format = DIAG_JSON;
            else if (strcmp(optarg, "text") != 0)
                return usage_error("unknown diagnostics format '%s'; expected text or json",
                                   optarg);
            break;
        case OPT_TEMPLATES:
            o.templates = optarg;
            break;
        case OPT_PRINT_SCHEMA:
            print_schema = true;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return fflush(stdout) == 0 && !ferror(stdout) ? EXIT_OK : EXIT_USAGE;
        case OPT_VERSION:
            printf("vpcgen %s (spec version 1)\n", VPCGEN_VERSION);
            return fflush(stdout) == 0 && !ferror(stdout) ? EXIT_OK : EXIT_USAGE;
        case ':':
            return usage_error("option '%s' needs an argument", argv[optind - 1]);
        default:
            return usage_error("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (print_schema) {
        size_t len;
        const char *text = schema_text(&len);
        return write_output(NULL, text, len) ? EXIT_OK : EXIT_USAGE;
    }
    int nfiles = argc - optind;
    if (nfiles == 0)
        return usage_error("%s", "no spec file given");
    if (!o.check && nfiles > 1)
        return usage_error("%s", "one spec file at a time (use --check to validate several)");
    if (o.check && o.output)
        return usage_error("%s", "--check writes nothing; -o does not apply");
    const char *no_color = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    o.color = isatty(STDERR_FILENO) && !(no_color && *no_color) && !(term && !strcmp(term, "dumb"));

    schema *s = schema_new();
    if (!s)
        return EXIT_USAGE;
    int status = EXIT_OK;
    for (int i = optind; i < argc; i++) {
        int st = compile(argv[i], &o, s);
        if (st > status)
            status = st;
    }
    schema_free(s);
    return status;
}
