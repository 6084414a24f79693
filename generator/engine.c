/* engine.c - the table of database engines (see engine.h). */
#include "engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const pg_majors[] = {"13", "14", "15", "16", "17", "18", NULL};
static const char *const pg_logs_default[] = {"postgresql", "upgrade", NULL};
static const char *const pg_logs[] = {"postgresql", "upgrade", NULL};
/* PostgreSQL refuses role names starting with "pg_" and these reserved words as the RDS
 * master user (RDS's own rdsadmin, rdsrepladmin and the SQL keywords it rejects). */
static const char *const pg_reserved[] = {
    "postgres", "rdsadmin", "rdsrepladmin", "rds_superuser", "public", "admin", "user",
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both",
    "case", "cast", "check", "collate", "column", "constraint", "create", "current_catalog",
    "current_date", "current_role", "current_time", "current_timestamp", "current_user",
    "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "false",
    "fetch", "for", "foreign", "from", "grant", "group", "having", "in", "initially",
    "intersect", "into", "lateral", "leading", "limit", "localtime", "localtimestamp", "not",
    "null", "offset", "on", "only", "or", "order", "placing", "primary", "references",
    "returning", "select", "session_user", "some", "symmetric", "table", "then", "to",
    "trailing", "true", "union", "unique", "using", "variadic", "when", "where", "window",
    "with", NULL};

static const char *const mysql_majors[] = {"8.0", "8.4", NULL};
static const char *const mysql_logs_default[] = {"error", "slowquery", NULL};
static const char *const mysql_logs[] = {"error", "general", "slowquery", "audit", NULL};
static const char *const mysql_reserved[] = {"rdsadmin", "root", "mysql.sys", "mysql.session",
                                             "mysql.infoschema", "admin", NULL};

static const char *const mariadb_majors[] = {"10.6", "10.11", "11.4", "11.8", NULL};
static const char *const mariadb_reserved[] = {"rdsadmin", "root", "rdsrepladmin",
                                               "mariadb.sys", NULL};

static const engine_info engines[] = {
    {"postgres", "17", pg_majors, 1, 5432, "rds.force_ssl", pg_logs_default, pg_logs,
     pg_reserved, 63, 63, true, NULL, "PostgreSQL"},
    {"mysql", "8.4", mysql_majors, 2, 3306, "require_secure_transport", mysql_logs_default,
     mysql_logs, mysql_reserved, 16, 64, false, NULL, "MySQL"},
    {"mariadb", "11.4", mariadb_majors, 2, 3306, "require_secure_transport", mysql_logs_default,
     mysql_logs, mariadb_reserved, 16, 64, false, "10.11", "MariaDB"},
};

const engine_info *engine_find(const char *name)
{
    for (size_t i = 0; i < sizeof engines / sizeof *engines; i++)
        if (strcmp(engines[i].name, name) == 0)
            return &engines[i];
    return NULL;
}

const char *engine_major(const engine_info *e, const char *version, char *buf)
{
    const char *p = version;
    for (int part = 0; part < e->major_parts; part++) {
        p = strchr(p, '.');
        if (!p) {
            if (part + 1 < e->major_parts)
                return NULL;
            p = version + strlen(version);
            break;
        }
        if (part + 1 < e->major_parts)
            p++;
    }
    size_t n = (size_t)(p - version);
    if (n >= 16)
        return NULL;
    memcpy(buf, version, n);
    buf[n] = '\0';
    return buf;
}

bool engine_list_has(const char *const *list, const char *name, bool fold)
{
    for (; list && *list; list++)
        if (fold ? strcasecmp(*list, name) == 0 : strcmp(*list, name) == 0)
            return true;
    return false;
}

bool engine_supports_major(const engine_info *e, const char *major)
{
    return engine_list_has(e->majors, major, false);
}

int engine_version_cmp(const char *a, const char *b)
{
    while (*a || *b) {
        long x = strtol(a, (char **)&a, 10), y = strtol(b, (char **)&b, 10);
        if (x != y)
            return x < y ? -1 : 1;
        if (*a == '.')
            a++;
        if (*b == '.')
            b++;
        if (!*a && !*b)
            break;
    }
    return 0;
}

bool engine_class_is_small(const char *instance_class)
{
    const char *size = strrchr(instance_class, '.');
    return size && (strcmp(size, ".micro") == 0 || strcmp(size, ".small") == 0);
}

bool engine_class_is_graviton(const char *instance_type)
{
    const char *family = instance_type;
    if (strncmp(family, "db.", 3) == 0)
        family += 3;
    const char *end = strchr(family, '.');
    if (!end)
        return false;
    /* the family is letters, a generation digit, then attribute letters: 'g' means Graviton */
    const char *p = family;
    while (p < end && !(*p >= '0' && *p <= '9'))
        p++;
    while (p < end && *p >= '0' && *p <= '9')
        p++;
    for (; p < end; p++)
        if (*p == 'g')
            return true;
    return false;
}
