/* jsoncompact.c - a build tool: rewrites a JSON file compactly for embedding.
 *
 *   jsoncompact [--for-validation] IN OUT
 *
 * The validator's copy of the schema is frozen into C data (tools/fjgen.c): whitespace and
 * the annotations only editors read are dropped first, so the frozen tree carries only what
 * the engine reads.
 * With --for-validation (the schema), "examples" and "$comment" go, and so does every
 * "description" except where the engine quotes it (a forbidden key: a sibling "not").
 * Member order is kept, so the output is the same data.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* Strips the annotations of schema s and of its subschemas; maps whose keys are names
 * ("properties", "$defs") are walked, never stripped, and values (default, enum, const)
 * are left alone. */
static void strip(json_t *s)
{
    static const char *const sub[] = {"items", "additionalProperties", "propertyNames", "not"};
    static const char *const named[] = {"properties", "$defs"};
    const char *k;
    json_t *x;
    size_t i;
    if (!json_is_object(s))
        return;
    json_object_del(s, "examples");
    json_object_del(s, "$comment");
    if (!json_object_get(s, "not"))
        json_object_del(s, "description");
    for (i = 0; i < sizeof sub / sizeof *sub; i++)
        strip(json_object_get(s, sub[i]));
    for (i = 0; i < sizeof named / sizeof *named; i++)
        json_object_foreach(json_object_get(s, named[i]), k, x)
            strip(x);
    json_array_foreach(json_object_get(s, "oneOf"), i, x)
        strip(x);
}

int main(int argc, char **argv)
{
    int first = argc > 1 && strcmp(argv[1], "--for-validation") == 0 ? 2 : 1;
    if (argc - first != 2) {
        fputs("usage: jsoncompact [--for-validation] IN OUT\n", stderr);
        return 2;
    }
    json_error_t err;
    json_t *doc = json_load_file(argv[first], JSON_REJECT_DUPLICATES, &err);
    if (!doc) {
        fprintf(stderr, "%s:%d:%d: %s\n", argv[first], err.line, err.column, err.text);
        return 1;
    }
    if (first == 2)
        strip(doc);
    int rc = json_dump_file(doc, argv[first + 1], JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(doc);
    if (rc != 0) {
        fprintf(stderr, "jsoncompact: cannot write %s\n", argv[first + 1]);
        return 1;
    }
    return 0;
}
