import { type CfnElement, Token, Validations } from 'aws-cdk-lib';
import type { CairnStack } from './cairnStack';

/**
 * Every cdk-nag finding that Cairn accepts, each with its reason. cdk-nag v3 uses CDK's own
 * acknowledgements, one per finding: the wildcard findings name the resource they are about.
 */
export const applyNagSuppressions = (stack: CairnStack): void => {
  const acknowledge = (id: string, reason: string) => Validations.of(stack).acknowledge({ id, reason });
  const logicalId = (element: unknown) => stack.getLogicalId(element as CfnElement);
  // With an account and region given (a real `cdk deploy`), the findings name them literally.
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;

  acknowledge(
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'The AWS-managed policy for exactly what every function needs: writing its own logs.',
  );
  acknowledge(
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
    "API Gateway's account-level role for execution and access logs; AWS's own policy for it.",
  );
  acknowledge(
    'AwsSolutions-IAM5[Resource::*]',
    'X-Ray tracing: xray:PutTraceSegments and PutTelemetryRecords accept no resource narrower than *.',
  );
  acknowledge(
    `AwsSolutions-IAM5[Resource::<${logicalId(stack.nagSubjects.viewsTable.node.defaultChild)}.Arn>/index/*]`,
    "The views table's grant covers its own indexes (the generic collection indexes: sorted, filter0..2), and no other table's.",
  );
  acknowledge(
    `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:${region}:${account}:schedule/${stack.nagSubjects.scheduleGroupName}/*]`,
    "The process worker creates, updates and deletes its deadlines' schedules, whose names it derives at run time (cairn-<hash>), in the stack's own schedule group and no other.",
  );
  const api = stack.nagSubjects.webSocketApi;
  if (api) {
    acknowledge(
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:${region}:${account}:<${logicalId(api.node.defaultChild)}>/${stack.nagSubjects.stageName}/*/@connections/*]`,
      "grantManagementApiAccess: PostToConnection on any connection of this stage's WebSocket API, which is the point.",
    );
  }
  const bucket = stack.nagSubjects.consoleBucket;
  if (bucket) consoleSiteAcknowledgements(acknowledge, logicalId(bucket.node.defaultChild), { region, account });
  acknowledge('AwsSolutions-APIG2', 'Every route validates its input in the handler (zod) and answers typed errors.');
  acknowledge(
    'AwsSolutions-APIG4',
    'Open on purpose: GET and HEAD /health, /openapi.json and /asyncapi.json (the API descriptions), their ANY methods (which only answer 405 with Allow), and the CORS preflights (OPTIONS), which browsers send without credentials. Every other route, ANY included, has the Lambda authorizer.',
  );
  acknowledge(
    'AwsSolutions-COG4',
    'The Lambda authorizer verifies Cairn HS256 tokens and, when configured, any OIDC issuer (a Cognito user pool included), so it is not a Cognito authorizer.',
  );
  acknowledge(
    'AwsSolutions-SMG4',
    'Rotating the HS256 signing key invalidates every token it signed; it is rotated by hand (put a new value; the authorizer reads it within 5 minutes).',
  );
  acknowledge('AwsSolutions-APIG3', 'A WAF web ACL is an account-level choice; both APIs are throttled.');
  acknowledge(
    'AwsSolutions-SQS3',
    'These queues are dead-letter queues (and the stream-failure destination) themselves.',
  );
};

/** The console's static site (constructs/consoleSite.ts): CloudFront in front of a private bucket, filled by CDK's BucketDeployment. */
const consoleSiteAcknowledgements = (
  acknowledge: (id: string, reason: string) => void,
  bucket: string,
  at: { region: string; account: string },
) => {
  const deployment = "CDK's BucketDeployment copies the built console from the assets bucket into its own bucket:";
  for (const action of ['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*']) {
    acknowledge(
      `AwsSolutions-IAM5[Action::${action}]`,
      `${deployment} its grants (grantReadWrite, grantRead) name these action groups.`,
    );
  }
  acknowledge(
    `AwsSolutions-IAM5[Resource::<${bucket}.Arn>/*]`,
    `${deployment} it writes every object of the console's bucket, and no other.`,
  );
  acknowledge(
    `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${at.account}-${at.region}/*]`,
    `${deployment} it reads its source zip from the bootstrap assets bucket, whose object key is the asset hash.`,
  );
  acknowledge('AwsSolutions-L1', "BucketDeployment's handler runtime is chosen by aws-cdk-lib, updated with it.");
  acknowledge(
    'AwsSolutions-S1',
    "The console's bucket holds public build output (no data), read by CloudFront alone; its access is CloudFront's to log.",
  );
  acknowledge(
    'AwsSolutions-CFR1',
    'The console is for operators wherever they are; every request it makes still needs a token.',
  );
  acknowledge(
    'AwsSolutions-CFR2',
    'A WAF web ACL is an account-level choice (as for the APIs); the site is static files.',
  );
  acknowledge(
    'AwsSolutions-CFR3',
    'Static files, no data: access logs would need a log bucket of their own, an account-level choice.',
  );
  acknowledge(
    'AwsSolutions-CFR4',
    'The default CloudFront domain and certificate (no custom domain given) support only the default security policy; a deployment with its own domain sets TLS 1.2.',
  );
};
