/** The CDK app (`cdk.json` runs it): one Cairn stack per stage, configured by context values. */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CairnStack } from './cairnStack';
import { applyNagSuppressions } from './nagSuppressions';

const app = new App();
const context = (name: string) => app.node.tryGetContext(name) as unknown;
const flag = (name: string, fallback: boolean) => {
  const value = context(name);
  return value === undefined ? fallback : value === true || value === 'true';
};
const stage = String(context('stage') ?? 'dev');
const functions = flag('functions', true);
const websocket = flag('websocket', true);
if (websocket && !functions)
  throw new Error('-c functions=false needs -c websocket=false: the WebSocket API is its functions');
const stack = new CairnStack(app, `Cairn-${stage}`, {
  stage,
  logRetentionDays: Number(context('logRetentionDays') ?? 30),
  retainData: flag('retainData', true),
  websocket,
  functions,
  corsOrigin: String(context('corsOrigin') ?? '*'),
  contexts: String(context('contexts') ?? 'default'),
  jwtSecretArn: context('jwtSecretArn') === undefined ? undefined : String(context('jwtSecretArn')),
  oidc:
    context('oidcIssuer') === undefined
      ? undefined
      : { issuer: String(context('oidcIssuer')), audience: String(context('oidcAudience') ?? '') },
  tokenMaxLifetimeSeconds: context('tokenMaxLifetime') === undefined ? undefined : Number(context('tokenMaxLifetime')),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
applyNagSuppressions(stack);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
