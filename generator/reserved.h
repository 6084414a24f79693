/* reserved.h - the master user names an engine or RDS refuses.
 *
 * RDS publishes no list of its own (CreateDBInstance, MasterUsername: "Can't be a reserved
 * word for the chosen database engine"). The lists are generated data (reserved_gen.c, from
 * tools/awsdata/reserved.json by tools/awsdata/reserved.py; the sources of every group are in
 * both and in tools/awsdata/README.md): the engines' reserved words (PostgreSQL 18.6's
 * kwlist.h, the MySQL 8.0 and 8.4 manuals, MariaDB's "Reserved Words" page), the roles RDS
 * creates on PostgreSQL, PostgreSQL's pg_ prefix and the names deployments were seen to refuse
 * (rdsadmin everywhere, admin on PostgreSQL).
 *
 * Each array is sorted (byte order), in lower case and NULL-terminated. An Aurora engine's
 * arrays hold only what its base engine's (postgres, mysql) do not: reserved_user checks both.
 */
#ifndef VPCGEN_RESERVED_H
#define VPCGEN_RESERVED_H

#include <stdbool.h>

extern const char *const rds_reserved_users_postgres[];
extern const char *const rds_reserved_users_mysql[];
extern const char *const rds_reserved_users_mariadb[];
extern const char *const rds_reserved_users_aurora_postgresql[];
extern const char *const rds_reserved_users_aurora_mysql[];

extern const char *const rds_reserved_prefixes_postgres[];
extern const char *const rds_reserved_prefixes_mysql[];
extern const char *const rds_reserved_prefixes_mariadb[];
extern const char *const rds_reserved_prefixes_aurora_postgresql[];
extern const char *const rds_reserved_prefixes_aurora_mysql[];

/* engine ("postgres", "mysql", "mariadb", "aurora-postgresql", "aurora-mysql") refuses name
 * as its master user name: name is listed for the engine (or its base engine), or starts with
 * one of its prefixes, compared without ASCII letter case. False for another engine. */
bool reserved_user(const char *engine, const char *name);

#endif
