/** The CDK app's stacks from its context values: one Cairn stack, or one per region with `-c regions=…`. */
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CairnStack, type CairnStackProps } from './cairnStack';
import { applyNagSuppressions } from './nagSuppressions';

/** An AWS region's name: `us-east-1`, `eu-central-2`, `ap-southeast-7`, `us-gov-west-1`. */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/**
 * `-c regions=us-east-1,us-east-2,us-west-2`: the three regions of a deployment with
 * multi-region strong consistency, the first the primary (the stack that creates the global
 * table). Undefined without the option; refused unless exactly three distinct region names.
 */
export const parseRegions = (value: unknown): string[] | undefined => {
  if (value === undefined) return undefined;
  const regions = String(value)
    .split(',')
    .map((region) => region.trim())
    .filter((region) => region !== '');
  const invalid = regions.filter((region) => !REGION.test(region));
  if (invalid.length > 0 || regions.length !== 3 || new Set(regions).size !== 3) {
    throw new Error(
      `-c regions=${String(value)}: multi-region strong consistency needs exactly three distinct AWS regions, comma-separated, the primary first (e.g. us-east-1,us-east-2,us-west-2)` +
        (invalid.length > 0 ? `; not a region name: ${invalid.join(', ')}` : ''),
    );
  }
  return regions;
};

/** Defines the stacks of `app` from its context, with the cdk-nag checks; returns them. */
export const defineCairnApp = (app: App): CairnStack[] => {
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
  const regions = parseRegions(context('regions'));
  if (regions && !functions)
    throw new Error('-c regions deploys to AWS, with its functions: not with -c functions=false');
  const props: Omit<CairnStackProps, 'env'> = {
    stage,
    logRetentionDays: Number(context('logRetentionDays') ?? 30),
    retainData: flag('retainData', true),
    websocket,
    consoleSite: flag('consoleSite', true),
    functions,
    corsOrigin: String(context('corsOrigin') ?? '*'),
    contexts: String(context('contexts') ?? 'default'),
    jwtSecretArn: context('jwtSecretArn') === undefined ? undefined : String(context('jwtSecretArn')),
    oidc:
      context('oidcIssuer') === undefined
        ? undefined
        : { issuer: String(context('oidcIssuer')), audience: String(context('oidcAudience') ?? '') },
    archiveAfter: context('archiveAfter') === undefined ? undefined : String(context('archiveAfter')),
    tokenMaxLifetimeSeconds:
      context('tokenMaxLifetime') === undefined ? undefined : Number(context('tokenMaxLifetime')),
  };
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const stacks = regions
    ? regions.map(
        (region) =>
          new CairnStack(app, `Cairn-${stage}-${region}`, {
            ...props,
            // Every region's stack knows the global table by this name; the primary's creates it.
            globalEvents: { tableName: `cairn-${stage}-events`, regions },
            env: { account, region },
          }),
      )
    : [new CairnStack(app, `Cairn-${stage}`, { ...props, env: { account, region: process.env.CDK_DEFAULT_REGION } })];
  // The other regions' stacks read their replica, which the primary's stack creates: it deploys first.
  const [primary, ...others] = stacks;
  for (const other of others) if (primary) other.addStackDependency(primary, 'it creates the global events table');
  for (const stack of stacks) applyNagSuppressions(stack);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return stacks;
};
