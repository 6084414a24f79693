/* reserved.h - the master user names an engine or RDS refuses.
 *
 * RDS publishes no list of its own (CreateDBInstance, MasterUsername: "Can't be a reserved
 * word for the chosen database engine"); the names here are the ones a source shows refused,
 * each with it in reserved.c. A name is compared without letter case.
 */
#ifndef VPCGEN_RESERVED_H
#define VPCGEN_RESERVED_H

#include <stdbool.h>

/* engine ("postgres", "mysql", "mariadb", "aurora-postgresql", "aurora-mysql") refuses name
 * as its master user name. */
bool reserved_user(const char *engine, const char *name);

#endif
