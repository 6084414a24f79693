// app.js - the AWS CDK peer of vpcgen's benchmark (plain JavaScript: no TypeScript step).
//
// Synthesizes the stack of examples/wagtail.yaml with aws-cdk-lib's own constructs, the way
// a CDK user would write it: VPC 10.20.0.0/16 in 2 AZs with public /24, private /20 and
// database /24 subnets, 1 NAT gateway, flow logs to CloudWatch Logs kept 90 days, an S3
// gateway endpoint, the default security group restricted; an SSM bastion (t4g.nano, IMDSv2,
// encrypted root volume); an application security group; a Multi-AZ PostgreSQL 17 instance
// (db.t4g.medium, 50-200 GiB, backups 14 days 03:00-04:00, maintenance sun:04:30-sun:05:30,
// TLS forced, parameters, enhanced monitoring, Performance Insights, IAM auth, log exports)
// with one read replica and a generated secret; the same outputs.
//
//   npm ci && node app.js       # writes the cloud assembly to $CDK_OUTDIR (default cdk.out)
//
// `make bench` times `node app.js` exactly like vpcgen, from process start to exit.
'use strict';
const path = require('path');
const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const logs = require('aws-cdk-lib/aws-logs');
const rds = require('aws-cdk-lib/aws-rds');

const outdir = process.env.CDK_OUTDIR || path.join(__dirname, 'cdk.out');
const app = new cdk.App({
  outdir,
  context: {
    '@aws-cdk/aws-ec2:restrictDefaultSecurityGroup': true,
    '@aws-cdk/aws-rds:databaseProxyUniqueResourceName': true,
  },
});
const stack = new cdk.Stack(app, 'wagtail-prod', {
  description: 'Wagtail CMS - network, bastion and PostgreSQL',
});
cdk.Tags.of(stack).add('project', 'wagtail');
cdk.Tags.of(stack).add('env', 'prod');

const vpc = new ec2.Vpc(stack, 'Vpc', {
  ipAddresses: ec2.IpAddresses.cidr('10.20.0.0/16'),
  maxAzs: 2,
  natGateways: 1,
  enableDnsHostnames: true,
  enableDnsSupport: true,
  restrictDefaultSecurityGroup: true,
  subnetConfiguration: [
    { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
    { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
    { name: 'database', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
  ],
  gatewayEndpoints: {
    S3: {
      service: ec2.GatewayVpcEndpointAwsService.S3,
      subnets: [
        { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    },
  },
});
vpc.addFlowLog('FlowLog', {
  destination: ec2.FlowLogDestination.toCloudWatchLogs(
    new logs.LogGroup(stack, 'FlowLogGroup', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: cdk.RemovalPolicy.RETAIN,
    }),
  ),
  trafficType: ec2.FlowLogTrafficType.REJECT,
});

const appSg = new ec2.SecurityGroup(stack, 'AppSecurityGroup', {
  vpc,
  description: 'Application compute: admitted to the database',
  allowAllOutbound: true,
});

const bastion = new ec2.BastionHostLinux(stack, 'Bastion', {
  vpc,
  subnetSelection: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
  instanceType: new ec2.InstanceType('t4g.nano'),
  machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
  requireImdsv2: true,
  blockDevices: [{ deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(8, { encrypted: true }) }],
});

const dbSg = new ec2.SecurityGroup(stack, 'DatabaseSecurityGroup', {
  vpc,
  description: 'PostgreSQL: the bastion and the application only',
  allowAllOutbound: false,
});
dbSg.addIngressRule(bastion.connections.securityGroups[0], ec2.Port.tcp(5432), 'from the bastion');
dbSg.addIngressRule(appSg, ec2.Port.tcp(5432), 'from the application');

const engine = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 });
const parameterGroup = new rds.ParameterGroup(stack, 'DatabaseParameters', {
  engine,
  parameters: { 'rds.force_ssl': '1', log_min_duration_statement: '500' },
});
const db = new rds.DatabaseInstance(stack, 'Database', {
  engine,
  vpc,
  vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  securityGroups: [dbSg],
  instanceType: new ec2.InstanceType('t4g.medium'),
  databaseName: 'wagtail',
  credentials: rds.Credentials.fromGeneratedSecret('wagtail'),
  allocatedStorage: 50,
  maxAllocatedStorage: 200,
  storageType: rds.StorageType.GP3,
  storageEncrypted: true,
  multiAz: true,
  backupRetention: cdk.Duration.days(14),
  preferredBackupWindow: '03:00-04:00',
  preferredMaintenanceWindow: 'sun:04:30-sun:05:30',
  parameterGroup,
  deletionProtection: true,
  copyTagsToSnapshot: true,
  autoMinorVersionUpgrade: true,
  publiclyAccessible: false,
  enablePerformanceInsights: true,
  monitoringInterval: cdk.Duration.seconds(60),
  iamAuthentication: true,
  cloudwatchLogsExports: ['postgresql', 'upgrade'],
  removalPolicy: cdk.RemovalPolicy.SNAPSHOT,
});
const replica = new rds.DatabaseInstanceReadReplica(stack, 'DatabaseReplica1', {
  sourceDatabaseInstance: db,
  vpc,
  vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  securityGroups: [dbSg],
  instanceType: new ec2.InstanceType('t4g.medium'), // encrypted like its source
  parameterGroup,
  enablePerformanceInsights: true,
  monitoringInterval: cdk.Duration.seconds(60),
  iamAuthentication: true,
  removalPolicy: cdk.RemovalPolicy.SNAPSHOT,
});

const out = (id, value, description) =>
  new cdk.CfnOutput(stack, id, { value, description, exportName: `wagtail-prod-${id}` });
out('VpcId', vpc.vpcId, 'VPC id');
out('PublicSubnetIds', cdk.Fn.join(',', vpc.publicSubnets.map((s) => s.subnetId)), 'public subnets');
out('PrivateSubnetIds', cdk.Fn.join(',', vpc.privateSubnets.map((s) => s.subnetId)), 'private subnets');
out('DatabaseSubnetIds', cdk.Fn.join(',', vpc.isolatedSubnets.map((s) => s.subnetId)), 'database subnets');
out('AppSecurityGroupId', appSg.securityGroupId, 'application security group');
out('DatabaseAddress', db.dbInstanceEndpointAddress, 'database endpoint address');
out('DatabasePort', db.dbInstanceEndpointPort, 'database endpoint port');
out('ReplicaAddress', replica.dbInstanceEndpointAddress, 'read replica endpoint address');
out('DatabaseSecretArn', db.secret.secretArn, 'master secret ARN');
out('BastionInstanceId', bastion.instanceId, 'bastion instance id');
out('TunnelCommand', cdk.Fn.join('', [
  'aws ssm start-session --target ', bastion.instanceId,
  ' --document-name AWS-StartPortForwardingSessionToRemoteHost --parameters host=',
  db.dbInstanceEndpointAddress, ',portNumber=', db.dbInstanceEndpointPort, ',localPortNumber=5432',
]), 'opens a tunnel from a laptop to the database');

app.synth();
