/* diff.h - vpcgen diff: what a change of a stack does to the live one, offline.
 *
 * Two documents of one target (CloudFormation or Terraform JSON, as vpcgen compiles them or
 * as a deployed stack returns them) are compared resource by resource and property by
 * property, as the target's engine would deploy the change: each changed property is looked
 * up in AWS's update rules (updaterules.h: in place, with or without interruption, or a
 * replacement), and a replacement cascades through every property that refers to the
 * replaced resource (a new VPC replaces its subnets, their route table associations, the DB
 * subnet group and the database). Then each change is classified as the contract says: data
 * loss (a primary database, its secret, a log group, an Elastic IP, the VPC and subnets
 * destroyed or replaced), changes AWS refuses (a storage shrink, an engine change, a
 * replacement CloudFormation cannot make under a fixed name), and warnings (changed export
 * values, a switch of credential mode, a major version upgrade, an instance class change, a
 * read replica destroyed, a resource a Retain policy orphans, an Extended Support enrolment
 * a live instance keeps). The pass is target-independent but for the tables that say which
 * types and properties play which role.
 */
#ifndef VPCGEN_DIFF_H
#define VPCGEN_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "jval.h"

typedef enum { CHANGE_ADD, CHANGE_UPDATE, CHANGE_REPLACE, CHANGE_DESTROY } change_action;

typedef struct change {
    const char *name; /* the resource's name in the target: "Database", "aws_vpc.vpc" */
    const char *type; /* "AWS::RDS::DBInstance", "aws_db_instance" */
    change_action action;
    bool downtime;           /* an update in place that interrupts the resource */
    const char **properties; /* what causes the action, each with its note */
    size_t property_count;
    bool data_loss;
    bool refused;       /* AWS refuses the change: the deployment fails */
    const char *reason; /* why it loses data, is refused, or what a destroy means */
    const char **warnings;
    size_t warning_count;
} change;

typedef struct diff_result {
    change *changes; /* in the new document's order, destroyed resources last */
    size_t count;
    int added, updated, replaced, destroyed, warnings;
    bool data_loss, refused;
} diff_result;

/* A deployed stack read from JSON text: the document itself, or the object of a
 * `TemplateBody` wrapper (as `aws cloudformation get-template` returns it), as a jval tree in
 * arena a. Sets *terraform. NULL when the text is not JSON (*error says why) or is neither a
 * CloudFormation template nor a Terraform JSON configuration (*error NULL). */
jval *diff_read_stack(arena *a, const char *text, size_t len, bool *terraform,
                      const char **error);

/* Compares old and new, two stacks of one target (terraform or CloudFormation): the
 * documents as the emitters build them or diff_read_stack reads them (borrowed). The result
 * and its strings are in arena a. */
diff_result *diff_stacks(arena *a, const jval *old, const jval *new_doc, bool terraform);

/* The report: the contract's text, or with json one object per change and one summary
 * object, a line each. malloc'd, caller frees; NULL on allocation failure. */
char *diff_report(const diff_result *r, bool json, size_t *len);

#endif
