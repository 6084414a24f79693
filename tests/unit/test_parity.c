/* test_parity.c - the two targets describe the same stack.
 *
 * Every example (and each of its environments) is compiled to CloudFormation and to
 * Terraform in-process; then, through one mapping table between the two dialects' resource
 * types, the counts agree, and the facts that matter agree one by one: the subnets (CIDR and
 * AZ), the security group rules (direction, protocol, ports, peer), the endpoints' services
 * and the outputs. Where a dialect needs more resources for the same thing (a gateway
 * attachment, a launch template for IMDSv2, a custom resource for the default security
 * group), the table says what it stands for.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cidr.h"
#include "compile.h"

/* CloudFormation type -> Terraform type, for resources that exist once in each. */
static const struct {
    const char *cfn, *tf;
} same[] = {
    {"AWS::EC2::VPC", "aws_vpc"},
    {"AWS::EC2::InternetGateway", "aws_internet_gateway"},
    {"AWS::EC2::EgressOnlyInternetGateway", "aws_egress_only_internet_gateway"},
    {"AWS::EC2::Subnet", "aws_subnet"},
    {"AWS::EC2::RouteTable", "aws_route_table"},
    {"AWS::EC2::Route", "aws_route"},
    {"AWS::EC2::SubnetRouteTableAssociation", "aws_route_table_association"},
    {"AWS::EC2::EIP", "aws_eip"},
    {"AWS::EC2::NatGateway", "aws_nat_gateway"},
    {"AWS::EC2::FlowLog", "aws_flow_log"},
    {"AWS::EC2::VPCEndpoint", "aws_vpc_endpoint"},
    {"AWS::EC2::SecurityGroup", "aws_security_group"},
    {"AWS::EC2::SecurityGroupIngress", "aws_vpc_security_group_ingress_rule"},
    {"AWS::EC2::SecurityGroupEgress", "aws_vpc_security_group_egress_rule"},
    {"AWS::EC2::Instance", "aws_instance"},
    {"AWS::EC2::InstanceConnectEndpoint", "aws_ec2_instance_connect_endpoint"},
    {"AWS::IAM::InstanceProfile", "aws_iam_instance_profile"},
    {"AWS::RDS::DBSubnetGroup", "aws_db_subnet_group"},
    {"AWS::RDS::DBParameterGroup", "aws_db_parameter_group"},
    {"AWS::RDS::DBCluster", "aws_rds_cluster"},
    {"AWS::RDS::DBClusterParameterGroup", "aws_rds_cluster_parameter_group"},
    {"AWS::SecretsManager::Secret", "aws_secretsmanager_secret"},
    {"AWS::SecretsManager::SecretTargetAttachment", "aws_secretsmanager_secret_version"},
    {"AWS::SecretsManager::RotationSchedule", "aws_secretsmanager_secret_rotation"},
    {"AWS::KMS::Key", "aws_kms_key"},
    {"AWS::KMS::Alias", "aws_kms_alias"},
    /* the default security group emptied: a custom resource / the adopting resource */
    {"Custom::VpcRestrictDefaultSG", "aws_default_security_group"},
};

/* CloudFormation's extra resources, each standing for one Terraform resource type:
 * the attachment is the IGW's vpc_id, the launch template the instance's metadata options. */
static const struct {
    const char *cfn, *tf;
} extra[] = {
    {"AWS::EC2::VPCGatewayAttachment", "aws_internet_gateway"},
    {"AWS::EC2::LaunchTemplate", "aws_instance"},
    {"AWS::Lambda::Function", "aws_default_security_group"},
};

typedef struct stack {
    json_t *cfn, *tf;
} stack;

static json_t *compile(const char *path, const char *env, const target *t, schema *s)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char text[1 << 20];
    size_t len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    arena *a = arena_new();
    diag_sink *dg = diag_new(a);
    spec_text in = {path, text, len, len};
    bool valid;
    node *root = compile_load(a, dg, s, &in, &valid);
    assert_non_null(root);
    assert_true(valid);
    model *m = compile_model(a, dg, s, root, env, t);
    assert_non_null(m);
    size_t out_len;
    char *dumped = compile_output(a, m, t, NULL, &out_len, NULL, NULL);
    assert_non_null(dumped);
    json_error_t err;
    json_t *doc = json_loadb(dumped, out_len, JSON_REJECT_DUPLICATES, &err);
    assert_non_null(doc);
    free(dumped);
    arena_free(a);
    return doc;
}

static size_t count_cfn(const json_t *doc, const char *type)
{
    size_t n = 0;
    const char *k;
    json_t *r;
    json_object_foreach(json_object_get(doc, "Resources"), k, r) n +=
        strcmp(json_string_value(json_object_get(r, "Type")), type) == 0;
    return n;
}

static size_t count_tf(const json_t *doc, const char *type)
{
    return json_object_size(json_object_get(json_object_get(doc, "resource"), type));
}

/* CloudFormation's DB instances that are (member) or are not members of a DB cluster. */
static size_t count_cfn_db_instances(const json_t *doc, bool member)
{
    size_t n = 0;
    const char *k;
    json_t *r;
    json_object_foreach(json_object_get(doc, "Resources"), k, r)
    {
        const json_t *props = json_object_get(r, "Properties");
        n += strcmp(json_string_value(json_object_get(r, "Type")), "AWS::RDS::DBInstance") == 0 &&
             (json_object_get(props, "DBClusterIdentifier") != NULL) == member;
    }
    return n;
}

/* An AZ as "#i" (the i-th of the region's) or its literal name, in either dialect. */
static char *az_key(const json_t *v)
{
    char buf[128];
    if (json_is_string(v)) {
        const char *s = json_string_value(v), *idx = strstr(s, ".names[");
        if (idx && strncmp(s, "${data.aws_availability_zones.", 30) == 0)
            snprintf(buf, sizeof buf, "#%d", atoi(idx + 7));
        else
            snprintf(buf, sizeof buf, "%s", s);
    } else {
        const json_t *sel = json_object_get(v, "Fn::Select");
        assert_non_null(sel);
        assert_non_null(json_object_get(json_array_get(sel, 1), "Fn::GetAZs"));
        snprintf(buf, sizeof buf, "#%d", (int)json_integer_value(json_array_get(sel, 0)));
    }
    return strdup(buf);
}

static int strcmp_p(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted "key" strings of one resource type, built by fn, compared across dialects. */
typedef char *(*fact_fn)(const json_t *props, bool cfn);

static void compare_facts(const stack *st, const char *cfn_type, const char *tf_type, fact_fn fn,
                          const char *what)
{
    char *a[64], *b[64];
    size_t na = 0, nb = 0;
    const char *k;
    json_t *r;
    json_object_foreach(
        json_object_get(st->cfn, "Resources"), k,
        r) if (strcmp(json_string_value(json_object_get(r, "Type")), cfn_type) == 0 && na < 64)
        a[na++] = fn(json_object_get(r, "Properties"), true);
    json_object_foreach(json_object_get(json_object_get(st->tf, "resource"), tf_type), k,
                        r) if (nb < 64) b[nb++] = fn(r, false);
    qsort(a, na, sizeof *a, strcmp_p);
    qsort(b, nb, sizeof *b, strcmp_p);
    assert_int_equal(na, nb);
    for (size_t i = 0; i < na; i++) {
        if (strcmp(a[i], b[i]) != 0)
            fail_msg("%s differ: CloudFormation '%s', Terraform '%s'", what, a[i], b[i]);
        free(a[i]);
        free(b[i]);
    }
}

/* The /64 a subnet's IPv6 expression gives when the VPC's Amazon-provided /56 is `vpc`: element
 * N of Fn::Cidr [block, count, hostbits] / cidrsubnet(block, newbits, N), computed by the CIDR
 * module; "-" without one. Another shape fails: the two templates must agree on the /64. */
static const char *ipv6_fact(const json_t *p, bool cfn, char *buf)
{
    cidr6 vpc, sub;
    assert_true(cidr6_parse("2600:1f18:abc:de00::/56", &vpc));
    const json_t *e = json_object_get(p, cfn ? "Ipv6CidrBlock" : "ipv6_cidr_block");
    long long num = -1;
    int newbits = -1;
    if (!e)
        return "-";
    if (cfn) {
        const json_t *sel = json_object_get(e, "Fn::Select");
        const json_t *list = json_object_get(json_array_get(sel, 1), "Fn::Cidr");
        if (json_is_integer(json_array_get(sel, 0)) && json_is_integer(json_array_get(list, 2))) {
            num = json_integer_value(json_array_get(sel, 0));
            newbits = 128 - vpc.prefix - (int)json_integer_value(json_array_get(list, 2));
            if (num >= json_integer_value(json_array_get(list, 1)))
                fail_msg("element %lld of a %lld-block Fn::Cidr", num,
                         (long long)json_integer_value(json_array_get(list, 1)));
        }
    } else if (json_is_string(e)) {
        char tail[8];
        if (sscanf(json_string_value(e),
                   "${cidrsubnet(aws_vpc.%*[a-z0-9_].ipv6_cidr_block, %d, %lld%7s", &newbits, &num,
                   tail) != 3 ||
            strcmp(tail, ")}") != 0)
            newbits = -1;
    }
    if (newbits < 0 || num < 0 || !cidr6_subnet(vpc, newbits, (uint64_t)num, &sub))
        fail_msg("a subnet's IPv6 block has a shape the parity test does not know");
    return cidr6_format(sub, buf);
}

static char *subnet_fact(const json_t *p, bool cfn)
{
    char *az = az_key(json_object_get(p, cfn ? "AvailabilityZone" : "availability_zone"));
    char buf[220], v6[CIDR6_BUF];
    const json_t *assign =
        json_object_get(p, cfn ? "AssignIpv6AddressOnCreation" : "assign_ipv6_address_on_creation");
    snprintf(buf, sizeof buf, "%s %s %s %s",
             json_string_value(json_object_get(p, cfn ? "CidrBlock" : "cidr_block")), az,
             ipv6_fact(p, cfn, v6),
             !assign                ? "-"
             : json_is_true(assign) ? "assign"
                                    : "no-assign");
    free(az);
    return strdup(buf);
}

/* protocol, ports and the peer's kind and CIDR; who the peer is, by kind only */
static char *rule_fact(const json_t *p, bool cfn)
{
    const json_t *peer_cidr = json_object_get(p, cfn ? "CidrIp" : "cidr_ipv4");
    if (!peer_cidr)
        peer_cidr = json_object_get(p, cfn ? "CidrIpv6" : "cidr_ipv6");
    bool peer_sg =
        json_object_get(p, cfn ? "SourceSecurityGroupId" : "referenced_security_group_id") ||
        json_object_get(p, "DestinationSecurityGroupId");
    char buf[256];
    snprintf(buf, sizeof buf, "%s %lld-%lld %s %s",
             json_string_value(json_object_get(p, cfn ? "IpProtocol" : "ip_protocol")),
             (long long)json_integer_value(json_object_get(p, cfn ? "FromPort" : "from_port")),
             (long long)json_integer_value(json_object_get(p, cfn ? "ToPort" : "to_port")),
             peer_cidr ? json_string_value(peer_cidr)
             : peer_sg ? "security-group"
                       : "?",
             json_string_value(json_object_get(p, cfn ? "Description" : "description")));
    return strdup(buf);
}

/* the service's last name component and the endpoint type */
static char *endpoint_fact(const json_t *p, bool cfn)
{
    const json_t *svc = json_object_get(p, cfn ? "ServiceName" : "service_name");
    const char *s = json_is_string(svc) ? json_string_value(svc)
                                        : json_string_value(json_object_get(svc, "Fn::Sub"));
    const char *region_end = strchr(s + strlen("com.amazonaws."), '.');
    char buf[128];
    snprintf(buf, sizeof buf, "%s %s", region_end ? region_end + 1 : s,
             json_string_value(json_object_get(p, cfn ? "VpcEndpointType" : "vpc_endpoint_type")));
    return strdup(buf);
}

/* the days between rotations */
static char *rotation_fact(const json_t *p, bool cfn)
{
    const json_t *rules = json_object_get(p, cfn ? "RotationRules" : "rotation_rules");
    char buf[32];
    snprintf(buf, sizeof buf, "%lld days",
             (long long)json_integer_value(json_object_get(
                 rules, cfn ? "AutomaticallyAfterDays" : "automatically_after_days")));
    return strdup(buf);
}

/* a cluster member's class and promotion tier */
static char *member_fact(const json_t *p, bool cfn)
{
    char buf[96];
    snprintf(buf, sizeof buf, "%s tier %lld",
             json_string_value(json_object_get(p, cfn ? "DBInstanceClass" : "instance_class")),
             (long long)json_integer_value(
                 json_object_get(p, cfn ? "PromotionTier" : "promotion_tier")));
    return strdup(buf);
}

/* A JSON scalar of either dialect as text ("-" when absent): numbers, booleans, strings. */
static void scalar_text(const json_t *v, char *buf, size_t n)
{
    if (!v)
        snprintf(buf, n, "-");
    else if (json_is_string(v))
        snprintf(buf, n, "%s", json_string_value(v));
    else if (json_is_integer(v))
        snprintf(buf, n, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v))
        snprintf(buf, n, "%g", json_real_value(v));
    else
        snprintf(buf, n, "%s", json_is_true(v) ? "true" : "false");
}

/* a DB cluster's settings that both dialects write: engine and version, the Multi-AZ DB
 * cluster's class, storage and IOPS, backups, deletion protection, IAM auth, logs, and the
 * Serverless v2 capacity */
static char *cluster_fact(const json_t *p, bool cfn)
{
    static const char *const keys[][2] = {
        {"Engine", "engine"},
        {"EngineVersion", "engine_version"},
        {"DBClusterInstanceClass", "db_cluster_instance_class"},
        {"StorageType", "storage_type"},
        {"AllocatedStorage", "allocated_storage"},
        {"Iops", "iops"},
        {"BackupRetentionPeriod", "backup_retention_period"},
        {"DeletionProtection", "deletion_protection"},
        {"EnableIAMDatabaseAuthentication", "iam_database_authentication_enabled"},
        {"MonitoringInterval", "monitoring_interval"},
        {"PerformanceInsightsEnabled", "performance_insights_enabled"},
        {"BacktrackWindow", "backtrack_window"},
    };
    char out[1024] = "", v[128];
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        scalar_text(json_object_get(p, keys[i][!cfn]), v, sizeof v);
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s=%s ", keys[i][1], v);
    }
    const json_t *logs =
        json_object_get(p, cfn ? "EnableCloudwatchLogsExports" : "enabled_cloudwatch_logs_exports");
    for (size_t i = 0; i < json_array_size(logs); i++)
        snprintf(out + strlen(out), sizeof out - strlen(out), "log=%s ",
                 json_string_value(json_array_get(logs, i)));
    const json_t *sv = json_object_get(p, cfn ? "ServerlessV2ScalingConfiguration"
                                              : "serverlessv2_scaling_configuration");
    scalar_text(json_object_get(sv, cfn ? "MinCapacity" : "min_capacity"), v, sizeof v);
    snprintf(out + strlen(out), sizeof out - strlen(out), "min_acu=%s ", v);
    scalar_text(json_object_get(sv, cfn ? "MaxCapacity" : "max_capacity"), v, sizeof v);
    snprintf(out + strlen(out), sizeof out - strlen(out), "max_acu=%s", v);
    return strdup(out);
}

/* a NAT gateway's kind: its availability mode (zonal when absent), connectivity, and
 * whether it lives in a subnet and has the stack's Elastic IP */
static char *nat_fact(const json_t *p, bool cfn)
{
    const json_t *mode = json_object_get(p, cfn ? "AvailabilityMode" : "availability_mode");
    char buf[96];
    snprintf(buf, sizeof buf, "%s %s%s%s", mode ? json_string_value(mode) : "zonal",
             json_string_value(json_object_get(p, cfn ? "ConnectivityType" : "connectivity_type")),
             json_object_get(p, cfn ? "SubnetId" : "subnet_id") ? " in-subnet" : "",
             json_object_get(p, cfn ? "AllocationId" : "allocation_id") ? " own-eip" : "");
    return strdup(buf);
}

/* where a route goes, by kind of target: the NAT kinds and the gateway */
static char *route_fact(const json_t *p, bool cfn)
{
    static const char *const targets[][3] = {
        {"GatewayId", "gateway_id", "gateway"},
        {"NatGatewayId", "nat_gateway_id", "nat-gateway"},
        /* a NAT instance: its id (CloudFormation) or its primary interface (Terraform) */
        {"InstanceId", "network_interface_id", "nat-instance"},
    };
    const char *kind = "?";
    for (size_t i = 0; i < sizeof targets / sizeof *targets; i++)
        if (json_object_get(p, targets[i][cfn ? 0 : 1]))
            kind = targets[i][2];
    char buf[96];
    snprintf(buf, sizeof buf, "%s -> %s",
             json_string_value(
                 json_object_get(p, cfn ? "DestinationCidrBlock" : "destination_cidr_block")),
             kind);
    return strdup(buf);
}

/* an EC2 Instance Connect Endpoint: its security groups and whether it keeps the client's
 * address */
static char *eice_fact(const json_t *p, bool cfn)
{
    const json_t *keep = json_object_get(p, cfn ? "PreserveClientIp" : "preserve_client_ip");
    char buf[64];
    snprintf(buf, sizeof buf, "%zu groups, preserve client ip %s",
             json_array_size(json_object_get(p, cfn ? "SecurityGroupIds" : "security_group_ids")),
             keep ? (json_is_true(keep) ? "true" : "false") : "unset");
    return strdup(buf);
}

static void check_parity(const stack *st, const char *label)
{
    /* an AWS::RDS::DBInstance is an aws_db_instance, or an aws_rds_cluster_instance when it
     * is a member of a cluster */
    size_t alone = count_cfn_db_instances(st->cfn, false),
           members = count_cfn_db_instances(st->cfn, true);
    if (alone != count_tf(st->tf, "aws_db_instance"))
        fail_msg("%s: %zu DB instances but %zu aws_db_instance", label, alone,
                 count_tf(st->tf, "aws_db_instance"));
    if (members != count_tf(st->tf, "aws_rds_cluster_instance"))
        fail_msg("%s: %zu cluster members but %zu aws_rds_cluster_instance", label, members,
                 count_tf(st->tf, "aws_rds_cluster_instance"));
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        size_t c = count_cfn(st->cfn, same[i].cfn), t = count_tf(st->tf, same[i].tf);
        if (c != t)
            fail_msg("%s: %zu %s but %zu %s", label, c, same[i].cfn, t, same[i].tf);
    }
    for (size_t i = 0; i < sizeof extra / sizeof *extra; i++) {
        size_t c = count_cfn(st->cfn, extra[i].cfn), t = count_tf(st->tf, extra[i].tf);
        if (c != t)
            fail_msg("%s: %zu %s (standing for %s) but %zu %s", label, c, extra[i].cfn, extra[i].tf,
                     t, extra[i].tf);
    }
    /* the rotation function: hosted by the CloudFormation schedule, an application of AWS's
     * Serverless Application Repository in Terraform */
    assert_int_equal(count_cfn(st->cfn, "AWS::SecretsManager::RotationSchedule"),
                     count_tf(st->tf, "aws_serverlessapplicationrepository_cloudformation_stack"));
    /* IAM roles and log groups: the same, plus the custom resource's handler's own */
    size_t handler = count_cfn(st->cfn, "Custom::VpcRestrictDefaultSG");
    assert_int_equal(count_cfn(st->cfn, "AWS::IAM::Role"),
                     count_tf(st->tf, "aws_iam_role") + handler);
    assert_int_equal(count_cfn(st->cfn, "AWS::Logs::LogGroup"),
                     count_tf(st->tf, "aws_cloudwatch_log_group") + handler);
    /* the VPC's IPv6 block: CloudFormation's association, Terraform's VPC argument */
    size_t tf_ipv6 = 0;
    const char *vk;
    json_t *vpc;
    json_object_foreach(json_object_get(json_object_get(st->tf, "resource"), "aws_vpc"), vk, vpc)
        tf_ipv6 += json_is_true(json_object_get(vpc, "assign_generated_ipv6_cidr_block"));
    assert_int_equal(count_cfn(st->cfn, "AWS::EC2::VPCCidrBlock"), tf_ipv6);
    /* every CloudFormation resource type is in the table */
    const char *k;
    json_t *r;
    json_object_foreach(json_object_get(st->cfn, "Resources"), k, r)
    {
        const char *type = json_string_value(json_object_get(r, "Type"));
        bool known = strcmp(type, "AWS::IAM::Role") == 0 ||
                     strcmp(type, "AWS::Logs::LogGroup") == 0 ||
                     strcmp(type, "AWS::RDS::DBInstance") == 0 || /* counted above */
                     strcmp(type, "AWS::EC2::VPCCidrBlock") == 0;
        for (size_t i = 0; i < sizeof same / sizeof *same; i++)
            known |= strcmp(type, same[i].cfn) == 0;
        for (size_t i = 0; i < sizeof extra / sizeof *extra; i++)
            known |= strcmp(type, extra[i].cfn) == 0;
        if (!known)
            fail_msg("%s: %s (%s) is not in the parity table", label, type, k);
    }
    compare_facts(st, "AWS::EC2::Subnet", "aws_subnet", subnet_fact, "subnets");
    compare_facts(st, "AWS::EC2::SecurityGroupIngress", "aws_vpc_security_group_ingress_rule",
                  rule_fact, "ingress rules");
    compare_facts(st, "AWS::EC2::SecurityGroupEgress", "aws_vpc_security_group_egress_rule",
                  rule_fact, "egress rules");
    compare_facts(st, "AWS::EC2::VPCEndpoint", "aws_vpc_endpoint", endpoint_fact, "endpoints");
    compare_facts(st, "AWS::EC2::NatGateway", "aws_nat_gateway", nat_fact, "NAT gateways");
    compare_facts(st, "AWS::EC2::Route", "aws_route", route_fact, "routes");
    compare_facts(st, "AWS::EC2::InstanceConnectEndpoint", "aws_ec2_instance_connect_endpoint",
                  eice_fact, "Instance Connect Endpoints");
    compare_facts(st, "AWS::RDS::DBCluster", "aws_rds_cluster", cluster_fact, "DB clusters");
    if (count_tf(st->tf, "aws_rds_cluster_instance"))
        compare_facts(st, "AWS::RDS::DBInstance", "aws_rds_cluster_instance", member_fact,
                      "cluster members");
    compare_facts(st, "AWS::SecretsManager::RotationSchedule", "aws_secretsmanager_secret_rotation",
                  rotation_fact, "rotation schedules");
    /* outputs: the same names, in each dialect's case */
    const json_t *outs = json_object_get(st->cfn, "Outputs"),
                 *touts = json_object_get(st->tf, "output");
    assert_int_equal(json_object_size(outs), json_object_size(touts));
    json_object_foreach((json_t *)touts, k, r)
    {
        char pascal[128], *o = pascal;
        for (const char *p = k; *p; p++)
            if (*p != '_')
                *o++ = (p == k || p[-1] == '_') && *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A')
                                                                          : *p;
        *o = '\0';
        if (!json_object_get(outs, pascal))
            fail_msg("%s: output %s has no CloudFormation twin %s", label, k, pascal);
    }
}

static void test_examples(void **state)
{
    (void)state;
    schema *s = schema_new();
    assert_non_null(s);
    DIR *dir = opendir("examples");
    assert_non_null(dir);
    int stacks = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 6 || strcmp(e->d_name + n - 5, ".yaml") != 0)
            continue;
        char path[512];
        snprintf(path, sizeof path, "examples/%s", e->d_name);
        /* the base and each environment of the example */
        static const char *const envs[] = {NULL, "dev", "staging", "prod"};
        for (size_t i = 0; i < sizeof envs / sizeof *envs; i++) {
            if (envs[i]) {
                char cmd[600];
                snprintf(cmd, sizeof cmd, "grep -q '^  %s:' %s", envs[i], path);
                if (system(cmd) != 0)
                    continue;
            }
            stack st = {compile(path, envs[i], target_find("cloudformation"), s),
                        compile(path, envs[i], target_find("terraform"), s)};
            char label[600];
            snprintf(label, sizeof label, "%s%s%s", path, envs[i] ? " -e " : "",
                     envs[i] ? envs[i] : "");
            check_parity(&st, label);
            json_decref(st.cfn);
            json_decref(st.tf);
            stacks++;
        }
    }
    closedir(dir);
    schema_free(s);
    assert_true(stacks >= 9);
}

/* The golden specs of the NAT kinds and the bastion's access modes: each kind in both
 * targets, where no example has it. */
static void test_network_kinds(void **state)
{
    (void)state;
    static const char *const prefixes[] = {"option-nat-", "option-bastion-"};
    schema *s = schema_new();
    DIR *dir = opendir("tests/golden");
    assert_non_null(dir);
    int stacks = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        size_t n = strlen(e->d_name);
        bool kind = false;
        for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
            kind |= strncmp(e->d_name, prefixes[i], strlen(prefixes[i])) == 0;
        if (!kind || n < 6 || strcmp(e->d_name + n - 5, ".yaml") != 0)
            continue;
        char path[512];
        snprintf(path, sizeof path, "tests/golden/%s", e->d_name);
        stack st = {compile(path, NULL, target_find("cloudformation"), s),
                    compile(path, NULL, target_find("terraform"), s)};
        check_parity(&st, path);
        json_decref(st.cfn);
        json_decref(st.tf);
        stacks++;
    }
    closedir(dir);
    schema_free(s);
    assert_true(stacks >= 8);
}

/* The table must be able to fail: a Terraform document missing a subnet is caught. */
static void test_parity_catches_a_difference(void **state)
{
    (void)state;
    schema *s = schema_new();
    stack st = {compile("examples/minimal.yaml", NULL, target_find("cloudformation"), s),
                compile("examples/minimal.yaml", NULL, target_find("terraform"), s)};
    json_t *subnets = json_object_get(json_object_get(st.tf, "resource"), "aws_subnet");
    json_object_del(subnets, "database_subnet_2");
    assert_int_not_equal(count_cfn(st.cfn, "AWS::EC2::Subnet"), count_tf(st.tf, "aws_subnet"));
    /* and a changed CIDR is caught by the facts */
    const json_t *cfn_subnet =
        json_object_get(json_object_get(st.cfn, "Resources"), "PublicSubnet1");
    char *a = subnet_fact(json_object_get(cfn_subnet, "Properties"), true);
    json_object_set_new(json_object_get(subnets, "public_subnet_1"), "cidr_block",
                        json_string("10.0.99.0/24"));
    char *b = subnet_fact(json_object_get(subnets, "public_subnet_1"), false);
    assert_string_not_equal(a, b);
    free(a);
    free(b);
    json_decref(st.cfn);
    json_decref(st.tf);
    schema_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_examples),
        cmocka_unit_test(test_network_kinds),
        cmocka_unit_test(test_parity_catches_a_difference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
