/* region.c - the table of regions and their AZs (see region.h). */
#include "region.h"

#include <string.h>

static const region_info regions[] = {
    {"us-east-1", "abcdef", 6},      {"us-east-2", "abc", 3},      {"us-west-1", "abc", 2},
    {"us-west-2", "abcd", 4},        {"ca-central-1", "abd", 3},   {"ca-west-1", "abc", 3},
    {"mx-central-1", "abc", 3},      {"sa-east-1", "abc", 3},      {"eu-west-1", "abc", 3},
    {"eu-west-2", "abc", 3},         {"eu-west-3", "abc", 3},      {"eu-central-1", "abc", 3},
    {"eu-central-2", "abc", 3},      {"eu-north-1", "abc", 3},     {"eu-south-1", "abc", 3},
    {"eu-south-2", "abc", 3},        {"il-central-1", "abc", 3},   {"me-south-1", "abc", 3},
    {"me-central-1", "abc", 3},      {"af-south-1", "abc", 3},     {"ap-east-1", "abc", 3},
    {"ap-east-2", "abc", 3},         {"ap-south-1", "abc", 3},     {"ap-south-2", "abc", 3},
    {"ap-northeast-1", "acd", 3},    {"ap-northeast-2", "abcd", 4}, {"ap-northeast-3", "abc", 3},
    {"ap-southeast-1", "abc", 3},    {"ap-southeast-2", "abc", 3}, {"ap-southeast-3", "abc", 3},
    {"ap-southeast-4", "abc", 3},    {"ap-southeast-5", "abc", 3}, {"ap-southeast-7", "abc", 3},
    {"us-gov-west-1", "abc", 3},     {"us-gov-east-1", "abc", 3},  {"cn-north-1", "abd", 3},
    {"cn-northwest-1", "abc", 3},
};

const region_info *region_find(const char *name)
{
    for (size_t i = 0; i < sizeof regions / sizeof *regions; i++)
        if (strcmp(regions[i].name, name) == 0)
            return &regions[i];
    return NULL;
}
