/* write.c - atomic output (see write.h). */
#include "write.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"

/* Writes all of data to fd, retrying short writes. */
static bool write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data += n;
        len -= (size_t)n;
    }
    return true;
}

/* True when path holds exactly data[0..len). */
static bool same_content(const char *path, const char *data, size_t len)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return false;
    struct stat st;
    bool same = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == len;
    char buf[65536];
    size_t off = 0;
    while (same && off < len) {
        ssize_t n = read(fd, buf, sizeof buf < len - off ? sizeof buf : len - off);
        if (n <= 0 || memcmp(buf, data + off, (size_t)n) != 0)
            same = false;
        else
            off += (size_t)n;
    }
    close(fd);
    return same;
}

static bool write_stdout(const char *data, size_t len)
{
    if (!write_all(STDOUT_FILENO, data, len)) {
        fprintf(stderr, "vpcgen: standard output: %s\n", strerror(errno));
        return false;
    }
    return true;
}

bool write_output(const char *path, const char *data, size_t len)
{
    if (!path)
        return write_stdout(data, len);
    if (same_content(path, data, len))
        return true;
    /* the temporary file sits beside the target so that rename() is atomic */
    size_t n = strlen(path);
    char *tmp = malloc(n + 16);
    if (!tmp)
        fatal_oom();
    const char *slash = strrchr(path, '/');
    size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
    snprintf(tmp, n + 16, "%.*s.%s.XXXXXX", (int)dir, path, path + dir);

    sigset_t hold, old;
    sigemptyset(&hold);
    sigaddset(&hold, SIGINT);
    sigaddset(&hold, SIGTERM);
    sigaddset(&hold, SIGHUP);
    sigaddset(&hold, SIGPIPE);
    sigaddset(&hold, SIGXFSZ); /* a file size limit is an error here, not a kill */
    sigprocmask(SIG_BLOCK, &hold, &old);

    bool ok = false;
    const char *what = path;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        what = path;
    } else {
        struct stat st;
        /* keep the permissions of the file being replaced; a new file gets 0644 less umask */
        mode_t mode = 0666;
        if (stat(path, &st) == 0)
            mode = st.st_mode & 07777;
        else {
            mode_t mask = umask(0);
            umask(mask);
            mode &= ~mask;
        }
        ok = write_all(fd, data, len) && fchmod(fd, mode) == 0 && fsync(fd) == 0;
        int saved = errno;
        ok = close(fd) == 0 && ok;
        if (ok && rename(tmp, path) != 0)
            ok = false;
        else if (!ok)
            errno = saved;
        if (!ok) {
            saved = errno;
            unlink(tmp);
            errno = saved;
        }
    }
    if (!ok)
        fprintf(stderr, "vpcgen: %s: %s\n", what, strerror(errno));
    free(tmp);
    /* a signal that arrived meanwhile is delivered now, with no temporary file left */
    sigprocmask(SIG_SETMASK, &old, NULL);
    return ok;
}
