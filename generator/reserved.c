/* reserved.c - the master user names RDS refuses (see reserved.h), with their sources.
 *
 *   rdsadmin, every engine: RDS's own administrator; cfn-lint PR #4425 (commit 9129769d7),
 *     whose maintainer deployed it against aurora-postgresql and aurora-mysql: "rdsadmin on
 *     both engines -> fails".
 *   admin, PostgreSQL and Aurora PostgreSQL: the same PR ("admin on aurora-postgresql ->
 *     fails (reserved word used by the engine)"), and RDS's error in aws-cdk PR #5125:
 *     "MasterUsername admin cannot be used as it is a reserved word used by the engine".
 *     MySQL takes admin (its console default; the same PR: "admin on aurora-mysql ->
 *     succeeds"), and PostgreSQL takes postgres ("postgres on aurora-postgresql ->
 *     succeeds").
 *   pg_*, PostgreSQL: PostgreSQL refuses to create such a role (src/backend/commands/user.c,
 *     CreateRole: "Role names starting with \"pg_\" are reserved.").
 */
#include "reserved.h"

#include <string.h>
#include <strings.h>

typedef struct reserved_name {
    const char *name;   /* refused as it is */
    const char *prefix; /* or any name starting with it */
    bool postgres_only; /* PostgreSQL and Aurora PostgreSQL */
} reserved_name;

static const reserved_name names[] = {
    {"rdsadmin", NULL, false},
    {"admin", NULL, true},
    {NULL, "pg_", true},
};

bool reserved_user(const char *engine, const char *name)
{
    bool postgres = strcmp(engine, "postgres") == 0 || strcmp(engine, "aurora-postgresql") == 0;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        const reserved_name *r = &names[i];
        if (r->postgres_only && !postgres)
            continue;
        if (r->name ? strcasecmp(r->name, name) == 0
                    : strncasecmp(r->prefix, name, strlen(r->prefix)) == 0)
            return true;
    }
    return false;
}
