/* floor.c - the process-start floor of the benchmark.
 *
 * A program that links exactly the libraries vpcgen links (libyaml, jansson, PCRE2), calls
 * one trivial function of each so that the dynamic loader really maps and relocates them,
 * and exits. Whatever vpcgen costs beyond this is vpcgen's own work; no compiler of these
 * inputs written in C with these libraries can start faster.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <jansson.h>
#include <pcre2.h>
#include <stdint.h>
#include <yaml.h>

int main(void)
{
    uint32_t unicode = 0;
    const char *y = yaml_get_version_string();
    const char *j = jansson_version_str();
    int p = pcre2_config(PCRE2_CONFIG_UNICODE, &unicode);
    /* the results decide the status, so no call can be optimised away */
    return (y && *y && j && *j && p >= 0) ? 0 : 1;
}
