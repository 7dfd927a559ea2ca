/**
 * Module resolution hook of the execution environment: a bare import that the function's own
 * code cannot resolve (its bundles leave `@aws-sdk/*` out) is resolved from the AWS SDK that the
 * environment provides, as Lambda's Node.js runtime provides one (`CAIRN_LAMBDA_SDK_ROOT`: a
 * folder with `node_modules/@aws-sdk`).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const sdkParent = process.env.CAIRN_LAMBDA_SDK_ROOT
  ? pathToFileURL(join(process.env.CAIRN_LAMBDA_SDK_ROOT, 'provided-runtime.mjs')).href
  : undefined;

const isBare = (specifier) => !/^(\.|\/|[a-z]+:)/i.test(specifier);

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (!sdkParent || error?.code !== 'ERR_MODULE_NOT_FOUND' || !isBare(specifier)) throw error;
    return nextResolve(specifier, { ...context, parentURL: sdkParent });
  }
}
