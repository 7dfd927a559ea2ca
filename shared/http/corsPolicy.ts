// The CORS policy and the origins setting: what the stack's preflight and the functions' answers share.

/**
 * What a browser on another origin may do with the REST API. One constant read by the handlers
 * (every answer), the local preflight, and the stack's preflight (API Gateway's mock integration),
 * so the three cannot drift apart.
 */
export const CORS_POLICY = {
  allowMethods: ['GET', 'POST', 'DELETE'],
  allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'Idempotency-Key', 'Prefer'],
  // The headers Cairn's answers carry that a page must read (the safelisted ones need no mention).
  exposeHeaders: [
    'ETag',
    'Location',
    'Idempotent-Replayed',
    'X-Cairn-Attempts',
    'Preference-Applied',
    'Allow',
    'WWW-Authenticate',
  ],
  // Short enough that a changed origin list takes effect within minutes; Chromium caps it at 2 h.
  maxAgeSeconds: 600,
} as const;

/** `*` (any origin, no credentials) or the exact origins allowed, normalised as browsers send them. */
export type CorsOrigins = '*' | ReadonlySet<string>;

/**
 * `*`, or a comma-separated list of origins (`https://app.example.com,http://localhost:5173`).
 * Each entry must be a bare http(s) origin: `app.example.com` or `https://x/path` would never
 * match a browser's `Origin`, so they fail fast at start (and at `cdk synth`) instead.
 */
export const parseCorsOrigins = (raw: string): CorsOrigins => {
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 1 && entries[0] === '*') return '*';
  if (entries.length === 0 || entries.includes('*')) {
    throw new Error(`CORS origins must be '*' or a list of origins, not '${raw}'`);
  }
  return new Set(entries.map(normaliseOrigin));
};

const normaliseOrigin = (entry: string): string => {
  const url = URL.canParse(entry) ? new URL(entry) : undefined;
  const bare =
    url && /^https?:$/.test(url.protocol) && url.pathname === '/' && !url.search && !url.hash && !url.username;
  if (!url || !bare) throw new Error(`CORS origin '${entry}' is not an origin such as https://app.example.com`);
  return url.origin; // lower-case host, default port dropped: as a browser writes `Origin`
};
