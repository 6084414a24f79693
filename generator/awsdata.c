/* awsdata.c - the look-ups of awsdata.h over the generated tables of awsdata_gen.c. */
#include "awsdata.h"

#include <string.h>

/* strcmp of the n bytes at s (no NUL among them) against the string name. */
static int cmp_n(const char *s, size_t n, const char *name)
{
    int c = strncmp(s, name, n);
    if (c != 0)
        return c;
    /* the n bytes match, so name has them too (none is a NUL): equal if it ends there */
    return name[n] == '\0' ? 0 : -1;
}

/* Index of the n bytes at s in the sorted array of count strings, or -1. */
static long find_sorted(const char *const *array, size_t count, const char *s, size_t n)
{
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_n(s, n, array[mid]);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

const rds_engine_data *awsdata_engine(const char *engine)
{
    if (!engine)
        return NULL;
    for (size_t i = 0; i < rds_engine_count; i++)
        if (strcmp(rds_engines[i].engine, engine) == 0)
            return &rds_engines[i];
    return NULL;
}

const rds_major *awsdata_major(const rds_engine_data *e, const char *major)
{
    if (!e || !major)
        return NULL;
    /* ascending by version ("10.5" before "10.11"), not by strcmp: a scan of a few */
    for (size_t i = 0; i < e->major_count; i++)
        if (strcmp(e->majors[i].major, major) == 0)
            return &e->majors[i];
    return NULL;
}

const rds_region_classes *awsdata_region(const rds_engine_data *e, const char *region)
{
    if (!e || !region)
        return NULL;
    size_t lo = 0, hi = e->region_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(region, e->regions[mid].region);
        if (c == 0)
            return &e->regions[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

int awsdata_class_index(const char *instance_class)
{
    if (!instance_class)
        return -1;
    long i = find_sorted(rds_class_names, rds_class_count, instance_class, strlen(instance_class));
    return (int)i;
}

bool awsdata_set_has(aws_index_set set, int index)
{
    if (index < 0 || index > UINT16_MAX)
        return false;
    size_t lo = 0, hi = set.count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (set.items[mid] == index)
            return true;
        if (set.items[mid] > index)
            hi = mid;
        else
            lo = mid + 1;
    }
    return false;
}

bool awsdata_list_has(const char *const *list, size_t n, const char *version)
{
    if (!version)
        return false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], version) == 0)
            return true;
    return false;
}

bool awsdata_is_graviton(const char *instance_type)
{
    if (!instance_type)
        return false;
    const char *family = instance_type;
    if (strncmp(family, "db.", 3) == 0)
        family += 3;
    const char *dot = strchr(family, '.');
    if (!dot || dot == family || dot[1] == '\0')
        return false; /* a type is a family and a size: "t4g.nano" */
    return find_sorted(ec2_graviton_families, ec2_graviton_family_count, family,
                       (size_t)(dot - family)) >= 0;
}
