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
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compile.h"
#include "diag.h"
#include "load.h"
#include "write.h"

enum { EXIT_OK = 0, EXIT_INVALID = 1, EXIT_USAGE = 2 };

typedef struct options {
    const target *target;
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

    spec_text in = {file, text, len, size};
    bool valid;
    node *root = compile_load(a, d, s, &in, &valid);
    if (!root || !valid)
        goto done;
    if (o->check) {
        if (compile_check(a, d, s, root, o->env, o->target) && !diag_error_count(d))
            status = EXIT_OK;
        goto done;
    }
    model *m = compile_model(a, d, s, root, o->env, o->target);
    if (!m || diag_error_count(d))
        goto done;
    output_options oo = {.templates = o->templates};
    size_t out_len;
    char *out = compile_output(a, m, o->target, &oo, &out_len, NULL, NULL);
    if (!out) {
        status = EXIT_USAGE;
        goto done;
    }
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

    options o = {.target = target_default(), .format = DIAG_TEXT};
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
            if (!(o.target = target_find(optarg)))
                return usage_error("unknown target '%s'; expected %s", optarg, target_list());
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
