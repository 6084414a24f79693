/* engine.h - what each database engine supports, as one table.
 *
 * Versions, parameter group families, default ports and logs, reserved user names and the
 * features that depend on the instance class or the version live in one row per engine, so
 * a new engine or version is one row, not a hunt through the passes.
 */
#ifndef VPCGEN_ENGINE_H
#define VPCGEN_ENGINE_H

#include <stdbool.h>

typedef struct engine_info {
    const char *name;                  /* spec value and RDS Engine: "postgres" */
    const char *default_version;       /* the engine's current major */
    const char *const *majors;         /* supported major versions, NULL-terminated */
    int major_parts;                   /* components in a major: 1 for "17", 2 for "8.4" */
    int default_port;
    const char *tls_parameter;         /* the parameter that forces TLS, set to "1" */
    const char *const *default_logs;   /* CloudWatch log exports by default */
    const char *const *allowed_logs;   /* log exports the engine has */
    const char *const *reserved_users; /* master user names the engine refuses */
    int username_max;                  /* longest master user name */
    int dbname_max;                    /* longest database name */
    bool pi_on_small_classes;          /* Performance Insights on *.micro / *.small */
    const char *iam_auth_since;        /* first version with IAM auth, NULL = all */
    const char *display;               /* for messages: "PostgreSQL" */
} engine_info;

/* The row for an engine name, or NULL (borrowed, static). */
const engine_info *engine_find(const char *name);

/* The major version of a version string ("17.2" -> "17", "8.4.3" -> "8.4") written into buf
 * (at least 16 bytes); NULL when version has fewer components than a major needs. */
const char *engine_major(const engine_info *e, const char *version, char *buf);
/* True when the major is in e->majors. */
bool engine_supports_major(const engine_info *e, const char *major);
/* Compares dotted versions numerically: <0, 0, >0. */
int engine_version_cmp(const char *a, const char *b);
/* The instance class is a micro or small size ("db.t4g.micro", "db.t3.small"). */
bool engine_class_is_small(const char *instance_class);
/* The instance class is a Graviton (arm64) family: its family name has a 'g' after the
 * generation digit ("t4g", "m7g", "r8gd"). Works for EC2 ("t4g.nano") and RDS ("db.t4g.micro"). */
bool engine_class_is_graviton(const char *instance_type);
/* True when name is in the NULL-terminated list (case-insensitive when fold). */
bool engine_list_has(const char *const *list, const char *name, bool fold);

#endif
