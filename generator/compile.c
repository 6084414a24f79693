/* compile.c - the pipeline and the table of targets (see compile.h). */
#include "compile.h"

#include <string.h>

#include "load.h"
#include "report.h"

/* CloudFormation's quota of a template body passed in a request (the CloudFormation User
 * Guide, "Understand CloudFormation quotas": 51,200 bytes; larger ones go through S3). */
enum { CFN_INLINE_TEMPLATE_MAX = 51200 };

static const target targets[] = {
    {"cloudformation", "cfn", &dialect_cloudformation, NULL, false, CFN_INLINE_TEMPLATE_MAX},
    {"terraform", "tf", &dialect_terraform, NULL, true, 0},
    {"dot", NULL, NULL, report_dot, false, 0},
    {"summary", NULL, NULL, report_summary, false, 0},
};

const target *target_find(const char *name)
{
    for (size_t i = 0; i < sizeof targets / sizeof *targets; i++)
        if (strcmp(targets[i].name, name) == 0 ||
            (targets[i].alias && strcmp(targets[i].alias, name) == 0))
            return &targets[i];
    return NULL;
}

const target *target_default(void)
{
    return &targets[0];
}

const char *target_list(void)
{
    return "cloudformation (cfn), terraform (tf), dot or summary";
}

node *compile_load(arena *a, diag_sink *d, const schema *s, const spec_text *in, bool *valid)
{
    node *root = load_spec(a, d, in->file, in->text, in->size);
    *valid = root && schema_validate((schema *)s, root, d);
    return root;
}

/* What t needs beyond the spec's own rules: Terraform needs the provider's region. */
static bool check_target(diag_sink *d, const node *root, const model *m, const target *t)
{
    if (!m)
        return false;
    if (t && t->needs_region && !m->region) {
        const srcloc *where =
            root->kind == NODE_MAP && root->count ? &root->pairs[0].key->loc : &root->loc;
        diag_error(d, where, "region-required",
                   "the %s target needs 'region': the AWS provider's region", t->name);
        return false;
    }
    return true;
}

model *compile_model(arena *a, diag_sink *d, const schema *s, const node *root, const char *env,
                     const target *t)
{
    model *m = model_build(a, d, s, root, env);
    return check_target(d, root, m, t) ? m : NULL;
}

/* The note of a spec on an older defaults epoch: what adopting the newest would change. */
static void note_newer_defaults(arena *a, diag_sink *d, const node *root, const model *m)
{
    if (!m || m->epoch == EPOCH_NEWEST)
        return;
    const node *given = node_get(root, "defaults");
    const char *changes = model_newer_defaults(a, m);
    diag_info(d, given ? &given->loc : NULL, "defaults-epoch",
              "this spec uses the defaults of %s%s; 'defaults: %s' would %s", epoch_names[m->epoch],
              given ? "" : " (it has no 'defaults' key)", epoch_names[EPOCH_NEWEST],
              changes ? arena_printf(a, "change: %s", changes)
                      : "change nothing in this stack (add it to get the newest defaults)");
}

bool compile_check(arena *a, diag_sink *d, const schema *s, const node *root, const char *env,
                   const target *t)
{
    model *m = compile_model(a, d, s, root, env, t);
    bool ok = m != NULL;
    /* environments the schema refused as a whole (too many) are not checked one by one */
    const node *all = node_get(root, "environments");
    const char **envs = model_environments(a, root);
    for (size_t i = 0; m && !env && !(all && all->schema_error) && envs[i]; i++)
        ok = compile_model(a, d, s, root, envs[i], t) != NULL && ok;
    /* advice, for a spec without an error */
    if (ok && !diag_error_count(d))
        note_newer_defaults(a, d, root, m);
    return ok;
}

void compile_warn_size(diag_sink *d, const target *t, size_t len)
{
    if (t->inline_limit && len > t->inline_limit)
        diag_warning(d, NULL, "template-size",
                     "the template is %zu bytes; 'aws cloudformation deploy --template-file' "
                     "takes at most %zu: deploy it with --s3-bucket, or try --compact",
                     len, t->inline_limit);
}

jval *compile_document(arena *a, const model *m, const target *t, const output_options *o,
                       plan **plan_out)
{
    plan *p = plan_build(a, m);
    if (plan_out)
        *plan_out = p;
    return t->dialect ? emit_document(a, p, t->dialect, o ? o->templates : NULL) : NULL;
}

char *compile_output(arena *a, const model *m, const target *t, const output_options *o,
                     size_t *len, plan **plan_out, jval **doc_out)
{
    if (doc_out)
        *doc_out = NULL;
    if (t->report) {
        plan *p = plan_build(a, m);
        if (plan_out)
            *plan_out = p;
        char *text = t->report(p, len);
        if (!text)
            fatal_oom();
        return text;
    }
    jval *doc = compile_document(a, m, t, o, plan_out);
    if (!doc)
        return NULL;
    if (doc_out)
        *doc_out = doc;
    char *text = emit_dump(doc, o && o->compact, len);
    if (!text)
        fatal_oom();
    return text;
}
