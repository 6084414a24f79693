/* reserved.c - the look-up over the generated lists of reserved.h (reserved_gen.c).
 *
 * Names are compared without ASCII letter case: no source says how RDS compares, and refusing
 * "RDSADMIN" with "rdsadmin" is the stricter choice (tools/awsdata/reserved.json, "compare").
 */
#include "reserved.h"

#include <stddef.h>
#include <string.h>

typedef struct engine_lists {
    const char *engine;
    const char *base; /* the engine whose lists it also takes, or NULL */
    const char *const *users;
    const char *const *prefixes;
} engine_lists;

static const engine_lists engines[] = {
    {"postgres", NULL, rds_reserved_users_postgres, rds_reserved_prefixes_postgres},
    {"mysql", NULL, rds_reserved_users_mysql, rds_reserved_prefixes_mysql},
    {"mariadb", NULL, rds_reserved_users_mariadb, rds_reserved_prefixes_mariadb},
    {"aurora-postgresql", "postgres", rds_reserved_users_aurora_postgresql,
     rds_reserved_prefixes_aurora_postgresql},
    {"aurora-mysql", "mysql", rds_reserved_users_aurora_mysql, rds_reserved_prefixes_aurora_mysql},
};

static const engine_lists *find(const char *engine)
{
    for (size_t i = 0; i < sizeof engines / sizeof *engines; i++)
        if (strcmp(engines[i].engine, engine) == 0)
            return &engines[i];
    return NULL;
}

static unsigned char fold(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* name, folded to lower case, against a lower-case entry, in byte order; with prefix, only
 * the entry's length of name counts (0 when name starts with the entry). */
static int compare(const char *name, const char *entry, bool prefix)
{
    const unsigned char *n = (const unsigned char *)name;
    const unsigned char *e = (const unsigned char *)entry;
    for (; *e; n++, e++) {
        unsigned char c = fold(*n);
        if (c != *e)
            return c < *e ? -1 : 1;
    }
    return prefix || *n == '\0' ? 0 : 1;
}

/* Binary search of a sorted, NULL-terminated list. */
static bool listed(const char *const *list, const char *name)
{
    size_t lo = 0, hi = 0;
    while (list[hi])
        hi++;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = compare(name, list[mid], false);
        if (c == 0)
            return true;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return false;
}

static bool prefixed(const char *const *prefixes, const char *name)
{
    for (; *prefixes; prefixes++)
        if (compare(name, *prefixes, true) == 0)
            return true;
    return false;
}

static bool refused(const engine_lists *e, const char *name)
{
    return listed(e->users, name) || prefixed(e->prefixes, name);
}

bool reserved_user(const char *engine, const char *name)
{
    const engine_lists *e = find(engine);
    if (!e)
        return false;
    if (refused(e, name))
        return true;
    const engine_lists *base = e->base ? find(e->base) : NULL;
    return base && refused(base, name);
}
