/**
 * The AWS SDK prints a `NodeVersionSupportWarning` once per process on Node 20 (its releases after
 * January 2027 will need Node 22), when the first client is created: in `npm start` that is every
 * start, even on the embedded stores (the management API's client). Cairn supports Node 20 (see
 * `engines`), so the notice tells its users nothing they can act on. The SDK's own switch turns
 * it off; a value the user set wins (empty counts as unset, as for Cairn's own variables).
 * Imported first by the entry points, before any SDK module.
 */
if (!process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
}
