/* updaterules.c - the look-up of updaterules.h over the generated table. */
#include "updaterules.h"

#include <string.h>

/* (type, path) against a row: strcmp order of type, then of path. */
static int row_cmp(const char *type, const char *path, size_t path_len, const update_rule *r)
{
    int c = strcmp(type, r->type);
    if (c)
        return c;
    c = strncmp(path, r->path, path_len);
    if (c)
        return c;
    return r->path[path_len] ? -1 : 0;
}

static const update_rule *find(const update_rule *rules, size_t n, const char *type,
                               const char *path, size_t path_len)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = row_cmp(type, path, path_len, &rules[mid]);
        if (!c)
            return &rules[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const update_rule *update_rule_find(bool terraform, const char *type, const char *path)
{
    const update_rule *rules = terraform ? update_rules_tf : update_rules_cfn;
    size_t n = terraform ? update_rules_tf_count : update_rules_cfn_count;
    size_t len = strlen(path);
    for (;;) {
        const update_rule *r = find(rules, n, type, path, len);
        if (r)
            return r;
        while (len > 0 && path[len - 1] != '/')
            len--;
        if (len == 0)
            return NULL;
        len--; /* the parent: without "/name" */
    }
}
