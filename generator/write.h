/* write.h - pass 6: the output, all or nothing.
 *
 * The whole output is built in memory first, then written once. A file is written to a
 * temporary file in the same folder and renamed over the target, so a reader never sees a
 * half-written file and a failed run leaves an existing file byte-identical. When the new
 * bytes equal the file's current bytes the file is not touched (pre-commit treats a modified
 * file as a failure). Termination signals are held back while the temporary file exists, so
 * none can leave it behind.
 */
#ifndef VPCGEN_WRITE_H
#define VPCGEN_WRITE_H

#include <stdbool.h>
#include <stddef.h>

/* Writes data[0..len) to path atomically, or to standard output when path is NULL.
 * Returns true on success; otherwise prints "vpcgen: <path>: <reason>" to stderr. */
bool write_output(const char *path, const char *data, size_t len);

#endif
