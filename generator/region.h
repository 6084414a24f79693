/* region.h - the AWS regions vpcgen knows and their Availability Zones.
 *
 * One row per region: the letters of its AZs (as AZ names: "eu-west-1" + "a") and how many
 * of them an account can use (us-west-1 names three but gives each account two). A region
 * missing from the table (a new one) is not an error: its AZs are simply not checked.
 */
#ifndef VPCGEN_REGION_H
#define VPCGEN_REGION_H

typedef struct region_info {
    const char *name;    /* "eu-west-1" */
    const char *letters; /* AZ suffixes: "abc" */
    int usable;          /* AZs an account can use */
} region_info;

/* The row of region name, or NULL when vpcgen does not know it (borrowed, static). */
const region_info *region_find(const char *name);

#endif
