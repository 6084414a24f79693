/* compile.c - the pipeline and the table of targets (see compile.h). */
#include "compile.h"

#include <string.h>

#include "load.h"
#include "report.h"

static const target targets[] = {
    {"cloudformation", "cfn", &dialect_cloudformation, NULL, false},
    {"terraform", "tf", &dialect_terraform, NULL, true},
    {"dot", NULL, NULL, report_dot, false},
    {"summary", NULL, NULL, report_summary, false},
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

bool compile_check(arena *a, diag_sink *d, const schema *s, const node *root, const char *env,
                   const target *t)
{
    if (env)
        return compile_model(a, d, s, root, env, t) != NULL;
    if (!compile_model(a, d, s, root, NULL, t))
        return false;
    bool ok = true;
    const char **envs = model_environments(a, root);
    for (size_t i = 0; envs[i]; i++)
        ok = compile_model(a, d, s, root, envs[i], t) != NULL && ok;
    return ok;
}

char *compile_output(arena *a, const model *m, const target *t, const output_options *o,
                     size_t *len, plan **plan_out, jval **doc_out)
{
    plan *p = plan_build(a, m);
    if (plan_out)
        *plan_out = p;
    if (doc_out)
        *doc_out = NULL;
    if (t->report) {
        char *text = t->report(p, len);
        if (!text)
            fatal_oom();
        return text;
    }
    jval *doc = emit_document(a, p, t->dialect, o ? o->templates : NULL);
    if (!doc)
        return NULL;
    if (doc_out)
        *doc_out = doc;
    char *text = emit_dump(doc, o && o->compact, len);
    if (!text)
        fatal_oom();
    return text;
}
