/* main.c - the driver: parses the command line, wires the passes, owns the exit codes.
 *
 *   vpcgen [OPTIONS] SPEC          load -> schema -> model (+ environment) -> plan -> output
 *   vpcgen --check SPEC...         load -> schema -> model, the base and every environment
 *   vpcgen init [NAME]             a commented starter spec in the newest defaults epoch
 *
 * The passes are compile.h's. Each spec gets its own arena and diagnostic sink. Diagnostics
 * are printed when a spec is done; the output is written only when every pass succeeded, so
 * nothing reaches standard output unless the exit status is 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "awsdata.h"
#include "compile.h"
#include "diag.h"
#include "diff.h"
#include "embed.h"
#include "load.h"
#include "write.h"

enum { EXIT_OK = 0, EXIT_INVALID = 1, EXIT_USAGE = 2 };

/* -W no-CODE given on the command line, at most this many */
enum { MAX_ACCEPTED = 64 };

typedef struct options {
    const target *target;
    const char *output; /* NULL: standard output */
    const char *env;
    const char *templates;
    bool check;
    bool list_environments;
    bool compact;
    bool werror;
    const char *accepted[MAX_ACCEPTED]; /* -W no-CODE */
    size_t accepted_count;
    diag_format format;
    bool color;
} options;

static const char usage_text[] =
    "usage: vpcgen [OPTIONS] SPEC.yaml\n"
    "       vpcgen --check [OPTIONS] SPEC.yaml...\n"
    "       vpcgen --list-environments SPEC.yaml\n"
    "       vpcgen init [-o FILE] [NAME]\n"
    "       vpcgen diff [-t TARGET] [-e ENV] [-W error] [--diagnostics FORMAT] OLD NEW\n"
    "\n"
    "Compiles a YAML stack spec (a VPC, subnets, NAT, bastion and RDS database) to\n"
    "CloudFormation or Terraform JSON. SPEC '-' reads standard input.\n"
    "\n"
    "  -t, --target TARGET      cloudformation (default; also cfn), terraform (tf),\n"
    "                           dot (a Graphviz diagram) or summary (a table for review)\n"
    "  -o, --output FILE        write FILE atomically instead of standard output ('-': stdout)\n"
    "  -e, --env NAME           apply the environment overlay NAME\n"
    "      --check              validate only, any number of specs, no output; without -e\n"
    "                           the base spec and every environment are checked\n"
    "      --list-environments  print the spec's environment names, one per line\n"
    "      --compact            JSON on one line instead of two-space indented\n"
    "  -W error                 warnings become errors\n"
    "  -W no-CODE               accept the warning CODE: shown as a note, never an error\n"
    "      --diagnostics FORMAT text (default) or json (one object per line)\n"
    "      --templates DIR      read templates from DIR/<target>/ instead of the built-in ones\n"
    "      --print-schema       print the JSON Schema of the spec language\n"
    "  -h, --help               show this help\n"
    "      --version            show the version and the date of its AWS data\n"
    "\n"
    "init prints a commented starter spec named NAME (default my-stack) in the newest\n"
    "defaults epoch. diff shows what changing OLD (a spec or a deployed template) into\n"
    "NEW does to the live stack; exit 1 when it loses data or AWS refuses it.\n"
    "\n"
    "Exit status: 0 success (warnings allowed), 1 invalid spec, 2 usage or I/O error.\n"
    "Colour on a terminal unless NO_COLOR is set. See vpcgen(1).\n";

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("vpcgen: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\nTry 'vpcgen --help' for more information.\n", stderr);
    va_end(ap);
    return EXIT_USAGE;
}

/* Prints text to standard output; EXIT_OK, or EXIT_USAGE when the write failed. */
static int print_text(const char *text)
{
    fputs(text, stdout);
    return fflush(stdout) == 0 && !ferror(stdout) ? EXIT_OK : EXIT_USAGE;
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

/* A diagnostic sink with the options' -W error and -W no-CODE (in a). */
static diag_sink *options_sink(arena *a, const options *o)
{
    diag_sink *d = diag_new(a);
    diag_set_werror(d, o->werror);
    for (size_t i = 0; i < o->accepted_count; i++)
        diag_accept(d, o->accepted[i]);
    return d;
}

/* The -o file is the spec itself (the same file, by any name): writing would destroy it. */
static bool output_is_spec(const char *output, const char *spec)
{
    struct stat o, sp;
    return output && strcmp(spec, "-") != 0 && stat(output, &o) == 0 && stat(spec, &sp) == 0 &&
           o.st_dev == sp.st_dev && o.st_ino == sp.st_ino;
}

/* Compiles one spec (or checks it, or lists its environments); prints its diagnostics;
 * writes the output unless checking. */
static int compile(const char *path, const options *o, const schema *s)
{
    size_t len, size;
    char *text = read_spec(path, &len, &size);
    if (!text)
        return EXIT_USAGE;
    const char *file = strcmp(path, "-") == 0 ? "<stdin>" : path;
    arena *a = arena_new();
    diag_sink *d = options_sink(a, o);
    int status = EXIT_INVALID;

    spec_text in = {file, text, len, size};
    bool valid;
    node *root = compile_load(a, d, s, &in, &valid);
    if (!root)
        goto done;
    if (!valid) { /* the rules of what the schema accepted: every problem in one run */
        if (o->check)
            compile_check(a, d, s, root, o->env, o->target);
        else
            compile_model(a, d, s, root, o->env, o->target);
        goto done;
    }
    if (o->list_environments) {
        const char **envs = model_environments(a, root);
        char *list = "";
        for (size_t i = 0; envs[i]; i++)
            list = arena_printf(a, "%s%s\n", list, envs[i]);
        status = write_output(NULL, list, strlen(list)) ? EXIT_OK : EXIT_USAGE;
        goto done;
    }
    if (o->check) {
        if (compile_check(a, d, s, root, o->env, o->target) && !diag_error_count(d))
            status = EXIT_OK;
        goto done;
    }
    model *m = compile_model(a, d, s, root, o->env, o->target);
    if (!m || diag_error_count(d))
        goto done;
    output_options oo = {.templates = o->templates, .compact = o->compact};
    size_t out_len;
    char *out = compile_output(a, m, o->target, &oo, &out_len, NULL, NULL);
    if (!out) {
        status = EXIT_USAGE;
        goto done;
    }
    compile_warn_size(d, o->target, out_len);
    if (!diag_error_count(d)) /* -W error: a size warning writes nothing either */
        status = write_output(o->output, out, out_len) ? EXIT_OK : EXIT_USAGE;
    free(out);
done:
    diag_print(d, stderr, o->format, o->color);
    arena_free(a);
    free(text);
    return status;
}

/* vpcgen init [-o FILE] [NAME]: the starter spec (schema/starter.yaml, embedded) with its
 * name "my-stack" replaced by NAME and its staging environment named after it. */
static int init(int argc, char **argv, schema *s)
{
    const char *output = NULL;
    optind = 1;
    opterr = 0;
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        if (c == 'o')
            output = strcmp(optarg, "-") == 0 ? NULL : optarg;
        else if (c == 'h')
            return print_text("usage: vpcgen init [-o FILE] [NAME]\n"
                              "Prints a commented starter spec named NAME (default my-stack).\n");
        else if (c == ':')
            return usage_error("option '%s' needs an argument", argv[optind - 1]);
        else
            return usage_error("unknown option '%s'", argv[optind - 1]);
    }
    if (argc - optind > 1)
        return usage_error("%s", "init takes one NAME at most");
    const char *name = optind < argc ? argv[optind] : "my-stack";
    node given = {.kind = NODE_SCALAR, .text = name, .len = strlen(name), .type = SCALAR_STR};
    if (!schema_accepts(s, "name", &given))
        return usage_error("'%s' is not %s", name, schema_title(s, "name"));
    /* the staging stack's name: NAME-staging, NAME cut to fit the 32 characters of a name */
    char staging[40];
    int keep = (int)strlen(name) > 24 ? 24 : (int)strlen(name);
    while (keep > 1 && name[keep - 1] == '-')
        keep--;
    snprintf(staging, sizeof staging, "%.*s-staging", keep, name);

    const embedded_file *f = embed_find("schema/starter.yaml");
    arena *a = arena_new();
    char *out = "";
    for (const char *p = f->data; *p;) {
        const char *hit = strstr(p, "my-stack");
        if (!hit) {
            out = arena_printf(a, "%s%s", out, p);
            break;
        }
        bool env = strncmp(hit, "my-stack-staging", 16) == 0;
        out = arena_printf(a, "%s%.*s%s", out, (int)(hit - p), p, env ? staging : name);
        p = hit + (env ? 16 : 8);
    }
    int status = write_output(output, out, strlen(out)) ? EXIT_OK : EXIT_USAGE;
    arena_free(a);
    return status;
}

/* -W VALUE: "error", or "no-CODE" with the code of a warning (an item of the schema's
 * `accept` list). */
static int warning_option(options *o, const char *arg, schema *s)
{
    if (strcmp(arg, "error") == 0) {
        o->werror = true;
        return EXIT_OK;
    }
    if (strncmp(arg, "no-", 3) == 0 && o->accepted_count < MAX_ACCEPTED) {
        node code = {.kind = NODE_SCALAR, .text = arg + 3, .len = strlen(arg + 3)};
        node *items[] = {&code};
        node list = {.kind = NODE_SEQ, .count = 1, .items = items};
        if (schema_accepts(s, "accept", &list)) {
            o->accepted[o->accepted_count++] = arg + 3;
            return EXIT_OK;
        }
        return usage_error("'-W %s': '%s' is not the code of a warning (the codes are in "
                           "docs/language.md, \"Diagnostics\")",
                           arg, arg + 3);
    }
    return usage_error("unknown warning option '-W %s'; expected -W error or -W no-CODE", arg);
}

static int version(void)
{
    printf("vpcgen %s (spec version 1, defaults epochs %s to %s)\n", VPCGEN_VERSION, epoch_names[0],
           epoch_names[EPOCH_NEWEST]);
    printf("AWS data of %s:\n%s", aws_data_date, aws_data_sources);
    return fflush(stdout) == 0 && !ferror(stdout) ? EXIT_OK : EXIT_USAGE;
}

/* The command line: options, then the specs. */
static int run(int argc, char **argv, schema *s)
{
    options o = {.target = target_default(), .format = DIAG_TEXT};
    enum {
        OPT_CHECK = 256,
        OPT_DIAGNOSTICS,
        OPT_PRINT_SCHEMA,
        OPT_VERSION,
        OPT_TEMPLATES,
        OPT_COMPACT,
        OPT_LIST_ENVIRONMENTS,
    };
    static const struct option longopts[] = {
        {"target", required_argument, NULL, 't'},
        {"output", required_argument, NULL, 'o'},
        {"env", required_argument, NULL, 'e'},
        {"check", no_argument, NULL, OPT_CHECK},
        {"list-environments", no_argument, NULL, OPT_LIST_ENVIRONMENTS},
        {"compact", no_argument, NULL, OPT_COMPACT},
        {"diagnostics", required_argument, NULL, OPT_DIAGNOSTICS},
        {"templates", required_argument, NULL, OPT_TEMPLATES},
        {"print-schema", no_argument, NULL, OPT_PRINT_SCHEMA},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, OPT_VERSION},
        {NULL, 0, NULL, 0},
    };
    bool print_schema = false;
    opterr = 0;
    int c, st;
    while ((c = getopt_long(argc, argv, ":t:o:e:W:h", longopts, NULL)) != -1) {
        switch (c) {
        case 't':
            if (!(o.target = target_find(optarg)))
                return usage_error("unknown target '%s'; expected %s", optarg, target_list());
            break;
        case 'o':
            o.output = strcmp(optarg, "-") == 0 ? NULL : optarg;
            break;
        case 'e':
            o.env = optarg;
            break;
        case 'W':
            if ((st = warning_option(&o, optarg, s)) != EXIT_OK)
                return st;
            break;
        case OPT_CHECK:
            o.check = true;
            break;
        case OPT_LIST_ENVIRONMENTS:
            o.list_environments = true;
            break;
        case OPT_COMPACT:
            o.compact = true;
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
            return print_text(usage_text);
        case OPT_VERSION:
            return version();
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
    if (o.check && o.list_environments)
        return usage_error("%s", "--check and --list-environments: one at a time");
    if (o.list_environments && (o.output || o.env))
        return usage_error("%s", "--list-environments prints the names; -o and -e do not apply");
    if (!o.check && output_is_spec(o.output, argv[optind]))
        return usage_error("-o '%s' is the spec itself; it would be overwritten", o.output);
    const char *no_color = getenv("NO_COLOR");
    const char *term = getenv("TERM");
    o.color = isatty(STDERR_FILENO) && !(no_color && *no_color) && !(term && !strcmp(term, "dumb"));

    int status = EXIT_OK;
    for (int i = optind; i < argc; i++) {
        st = compile(argv[i], &o, s);
        if (st > status)
            status = st;
    }
    return status;
}

/* ---- vpcgen diff ----------------------------------------------------------------------- */

/* One side of a diff: a spec, compiled, or a deployed template (OLD only), recognised by its
 * content. Sets *doc (in arena a) and, for a template, *from_template and *terraform.
 * Returns EXIT_OK, or the status to exit with (the diagnostics printed). */
static int diff_side(arena *a, const char *path, bool may_be_template, const options *o, schema *s,
                     jval **doc, bool *from_template, bool *terraform)
{
    size_t len, size;
    char *text = read_spec(path, &len, &size);
    if (!text)
        return EXIT_USAGE;
    const char *file = strcmp(path, "-") == 0 ? "<stdin>" : path;
    *doc = NULL;
    *from_template = false;
    size_t skip = strspn(text, " \t\r\n");
    if (may_be_template && text[skip] == '{') {
        const char *error;
        *doc = diff_read_stack(a, text, len, terraform, &error);
        if (!*doc)
            fprintf(stderr, "vpcgen: %s: %s\n", file,
                    error ? error
                          : "a JSON document that is neither a CloudFormation template nor a "
                            "Terraform JSON configuration");
        *from_template = *doc != NULL;
        free(text);
        return *doc ? EXIT_OK : EXIT_INVALID;
    }
    diag_sink *d = options_sink(a, o); /* the spec, its model and document all live in a */
    int status = EXIT_INVALID;
    spec_text in = {file, text, len, size};
    bool valid;
    node *root = compile_load(a, d, s, &in, &valid);
    model *m = root ? compile_model(a, d, s, root, o->env, o->target) : NULL;
    if (m && valid && !diag_error_count(d)) {
        *doc = compile_document(a, m, o->target, NULL, NULL);
        status = *doc ? EXIT_OK : EXIT_USAGE;
    }
    diag_print(d, stderr, o->format, o->color);
    free(text);
    return status;
}

/* vpcgen diff [-t TARGET] [-e ENV] [-W error] [--diagnostics text|json] OLD NEW */
static int diff_command(int argc, char **argv, schema *s)
{
    options o = {.target = NULL, .format = DIAG_TEXT};
    static const struct option longopts[] = {
        {"target", required_argument, NULL, 't'},
        {"env", required_argument, NULL, 'e'},
        {"diagnostics", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    optind = 1;
    opterr = 0;
    int c, st;
    while ((c = getopt_long(argc, argv, ":t:e:W:h", longopts, NULL)) != -1) {
        switch (c) {
        case 't':
            if (!(o.target = target_find(optarg)) || !o.target->dialect)
                return usage_error("diff compares cloudformation (cfn) or terraform (tf) "
                                   "stacks, not '%s'",
                                   optarg);
            break;
        case 'e':
            o.env = optarg;
            break;
        case 'W':
            if ((st = warning_option(&o, optarg, s)) != EXIT_OK)
                return st;
            break;
        case 'd':
            if (strcmp(optarg, "json") == 0)
                o.format = DIAG_JSON;
            else if (strcmp(optarg, "text") != 0)
                return usage_error("unknown diagnostics format '%s'; expected text or json",
                                   optarg);
            break;
        case 'h':
            return print_text("usage: vpcgen diff [-t TARGET] [-e ENV] [-W error] "
                              "[--diagnostics text|json] OLD NEW\n"
                              "Compares what OLD (a spec, or a deployed template) and NEW (a "
                              "spec) deploy, as the target's engine would:\n"
                              "every change, what causes it, and whether it loses data.\n"
                              "Exit status: 0 nothing lost, 1 data loss or a change AWS "
                              "refuses (or a warning, with -W error), 2 usage.\n");
        case ':':
            return usage_error("option '%s' needs an argument", argv[optind - 1]);
        default:
            return usage_error("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (argc - optind != 2)
        return usage_error("%s", "diff takes two files: OLD and NEW");
    const char *old_path = argv[optind], *new_path = argv[optind + 1];
    if (strcmp(old_path, "-") == 0 && strcmp(new_path, "-") == 0)
        return usage_error("%s", "only one of OLD and NEW can be standard input");
    const char *no_color = getenv("NO_COLOR");
    o.color = isatty(STDERR_FILENO) && !(no_color && *no_color);

    /* OLD first: a template says which target it is */
    arena *a = arena_new();
    jval *old = NULL, *new_doc = NULL;
    bool old_template, new_template, tf = false, unused;
    const target *asked = o.target;
    if (!o.target)
        o.target = target_default();
    st = diff_side(a, old_path, true, &o, s, &old, &old_template, &tf);
    if (st == EXIT_OK && old_template) {
        const target *t = target_find(tf ? "terraform" : "cloudformation");
        if (asked && asked != t) {
            arena_free(a);
            return usage_error("OLD is a %s %s, but -t asks for %s",
                               tf ? "Terraform" : "CloudFormation",
                               tf ? "configuration" : "template", asked->name);
        }
        o.target = t;
    }
    int st2 = diff_side(a, new_path, false, &o, s, &new_doc, &new_template, &unused);
    if (st != EXIT_OK || st2 != EXIT_OK) {
        arena_free(a);
        return st > st2 ? st : st2;
    }
    diff_result *r = diff_stacks(a, old, new_doc, o.target->needs_region);
    size_t len;
    char *report = diff_report(r, o.format == DIAG_JSON, &len);
    if (!report)
        fatal_oom();
    int status = write_output(NULL, report, len) ? EXIT_OK : EXIT_USAGE;
    if (status == EXIT_OK && (r->data_loss || r->refused || (o.werror && r->warnings)))
        status = EXIT_INVALID;
    free(report);
    arena_free(a);
    return status;
}

int main(int argc, char **argv)
{
    /* a closed pipe or a file size limit is a write error to report, not a silent death */
    signal(SIGPIPE, SIG_IGN);
    signal(SIGXFSZ, SIG_IGN);
    schema *s = schema_new();
    if (!s)
        return EXIT_USAGE;
    int status = argc > 1 && strcmp(argv[1], "init") == 0   ? init(argc - 1, argv + 1, s)
                 : argc > 1 && strcmp(argv[1], "diff") == 0 ? diff_command(argc - 1, argv + 1, s)
                                                            : run(argc, argv, s);
    schema_free(s);
    return status;
}
