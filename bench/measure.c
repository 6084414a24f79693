/* measure.c - runs a command many times and prints the median wall time and peak RSS.
 *
 *   measure [-w WARMUP] [-n RUNS] [-b BUDGET_S] [-f FLOOR] [-m MAX_MIB] [-t CPU_S]
 *           [-i STDIN] [-o STDOUT] [-e STDERR] -- COMMAND [ARG...]
 *
 * Each run is fork + exec + wait4: the wall time is CLOCK_MONOTONIC around the three, the
 * peak RSS is wait4's ru_maxrss (exact, per process; /usr/bin/time reads the same field).
 * With -f, the floor program FLOOR (no arguments) is run before each run of COMMAND, the same
 * way, so the ratio to the floor compares runs taken under the same conditions.
 * WARMUP untimed runs of each come first (page cache, dynamic loader caches, CPU frequency).
 * Timed runs stop after BUDGET_S seconds of COMMAND's wall time, but never before 3 runs.
 * -m caps the child's address space (RLIMIT_AS) and -t its CPU seconds (RLIMIT_CPU), so a
 * hostile input that runs away is killed rather than taking the machine with it.
 * The child's standard streams are /dev/null unless -i, -o, -e say otherwise.
 *
 * Prints one line of key=value fields:
 *   runs=N wall_ms=MEDIAN wall_min_ms=MIN wall_max_ms=MAX rss_kib=MEDIAN rss_max_kib=MAX
 *   status=S [floor_wall_ms=MEDIAN floor_rss_kib=MEDIAN]
 * S is the exit status of the runs (all the same), "sigN" when killed by signal N, or
 * "mixed" when the runs disagreed. Exit status: 0, or 2 on a usage or system error.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { MAX_RUNS = 10000 };

typedef struct limits {
    const char *in, *out, *err;
    long max_mib, cpu_s;
} limits;

typedef struct sample {
    double ms;
    long rss_kib;
    int status; /* exit status, or 1000 + signal */
} sample;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void redirect(const char *path, int fd, int flags)
{
    int f = open(path, flags, 0644);
    if (f < 0 || dup2(f, fd) < 0)
        _exit(126);
    if (f != fd)
        close(f);
}

static sample run(char *const argv[], const limits *lim)
{
    sample s = {0};
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid < 0) {
        perror("measure: fork");
        exit(2);
    }
    if (pid == 0) {
        redirect(lim->in ? lim->in : "/dev/null", 0, O_RDONLY);
        redirect(lim->out ? lim->out : "/dev/null", 1, O_WRONLY | O_CREAT | O_TRUNC);
        redirect(lim->err ? lim->err : "/dev/null", 2, O_WRONLY | O_CREAT | O_TRUNC);
        if (lim->max_mib > 0) {
            struct rlimit r = {.rlim_cur = (rlim_t)lim->max_mib << 20,
                               .rlim_max = (rlim_t)lim->max_mib << 20};
            setrlimit(RLIMIT_AS, &r);
        }
        if (lim->cpu_s > 0) {
            struct rlimit r = {.rlim_cur = (rlim_t)lim->cpu_s, .rlim_max = (rlim_t)lim->cpu_s + 1};
            setrlimit(RLIMIT_CPU, &r);
        }
        execvp(argv[0], argv);
        _exit(127);
    }
    int st;
    struct rusage ru;
    while (wait4(pid, &st, 0, &ru) < 0) {
        if (errno != EINTR) {
            perror("measure: wait4");
            exit(2);
        }
    }
    s.ms = now_ms() - t0;
    s.rss_kib = ru.ru_maxrss;
    s.status = WIFEXITED(st) ? WEXITSTATUS(st) : 1000 + WTERMSIG(st);
    return s;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

static double median_d(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static long median_l(long *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_long);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int usage(void)
{
    fputs("usage: measure [-w WARMUP] [-n RUNS] [-b BUDGET_S] [-f FLOOR] [-m MAX_MIB] "
          "[-t CPU_S] [-i STDIN] [-o STDOUT] [-e STDERR] -- COMMAND [ARG...]\n",
          stderr);
    return 2;
}

int main(int argc, char **argv)
{
    int warm = 5, runs = 30, c;
    double budget_ms = 60e3;
    const char *floor_path = NULL;
    limits lim = {0};
    while ((c = getopt(argc, argv, "w:n:b:f:m:t:i:o:e:")) != -1) {
        switch (c) {
        case 'w': warm = atoi(optarg); break;
        case 'n': runs = atoi(optarg); break;
        case 'b': budget_ms = atof(optarg) * 1e3; break;
        case 'f': floor_path = optarg; break;
        case 'm': lim.max_mib = atol(optarg); break;
        case 't': lim.cpu_s = atol(optarg); break;
        case 'i': lim.in = optarg; break;
        case 'o': lim.out = optarg; break;
        case 'e': lim.err = optarg; break;
        default: return usage();
        }
    }
    if (optind >= argc || runs < 1 || runs > MAX_RUNS || warm < 0)
        return usage();
    char **cmd = argv + optind;
    char *floor_argv[] = {(char *)floor_path, NULL};
    limits floor_lim = {0};

    static double ms[MAX_RUNS], fms[MAX_RUNS];
    static long rss[MAX_RUNS], frss[MAX_RUNS];
    int status = -1, n = 0;
    int mixed = 0;
    double spent = 0;
    for (int i = 0; i < warm; i++) {
        if (floor_path)
            run(floor_argv, &floor_lim);
        sample s = run(cmd, &lim);
        spent += s.ms;
        if (spent > budget_ms) /* a slow case: its warm-up is enough warming */
            break;
    }
    spent = 0;
    for (n = 0; n < runs && (n < 3 || spent < budget_ms); n++) {
        if (floor_path) {
            sample f = run(floor_argv, &floor_lim);
            fms[n] = f.ms;
            frss[n] = f.rss_kib;
        }
        sample s = run(cmd, &lim);
        ms[n] = s.ms;
        rss[n] = s.rss_kib;
        spent += s.ms;
        if (status == -1)
            status = s.status;
        else if (status != s.status)
            mixed = 1;
    }
    double mn = ms[0], mx = ms[0];
    long rmax = 0;
    for (int i = 0; i < n; i++) {
        mn = ms[i] < mn ? ms[i] : mn;
        mx = ms[i] > mx ? ms[i] : mx;
        rmax = rss[i] > rmax ? rss[i] : rmax;
    }
    printf("runs=%d wall_ms=%.3f wall_min_ms=%.3f wall_max_ms=%.3f rss_kib=%ld rss_max_kib=%ld ",
           n, median_d(ms, n), mn, mx, median_l(rss, n), rmax);
    if (mixed)
        printf("status=mixed");
    else if (status >= 1000)
        printf("status=sig%d", status - 1000);
    else
        printf("status=%d", status);
    if (floor_path)
        printf(" floor_wall_ms=%.3f floor_rss_kib=%ld", median_d(fms, n), median_l(frss, n));
    putchar('\n');
    return 0;
}
