/**
 * The token a long-lived page holds: a fixed string, or a function that gets a fresh one (from the
 * page's identity provider, say). The client reads the token's expiry from its payload, without
 * verifying it (the server does that; the client only needs to know when to renew), and presents
 * a fresh token on the open socket before the current one expires. Browser code: no Node imports.
 */
export type TokenSource = string | (() => string | Promise<string>);

/** The `exp` claim of a JWT (epoch seconds), read from its base64url JSON payload; undefined without one. */
export const tokenExpiry = (token: string): number | undefined => {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const base64 = payload
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(payload.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    const exp = (claims as { exp?: unknown } | null)?.exp;
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
};

/** A token with less than this left is not worth connecting with: a fresh one is got first. */
const MIN_USEFUL_MS = 1000;

export class TokenKeeper {
  private token: string | undefined;

  constructor(
    private readonly source: TokenSource | undefined,
    /** How long before its expiry a token is renewed. */
    private readonly renewBeforeMs: number,
  ) {
    this.token = typeof source === 'string' ? source : undefined;
  }

  get current(): string | undefined {
    return this.token;
  }

  /** Whether a fresh token can be had at all (the source is a function). */
  get renewable(): boolean {
    return typeof this.source === 'function';
  }

  /** The token to connect with: a fresh one if asked, or if the current one is missing or about to expire. */
  async forConnect(fresh: boolean): Promise<string | undefined> {
    const left = this.msLeft() ?? Number.POSITIVE_INFINITY;
    if (this.renewable && (fresh || !this.token || left < MIN_USEFUL_MS)) await this.refresh();
    return this.token;
  }

  /** Gets a fresh token from the source (a fixed string is what it is). */
  async refresh(): Promise<string | undefined> {
    if (typeof this.source === 'function') this.token = await this.source();
    return this.token;
  }

  /**
   * How long until the current token should be renewed: `renewBeforeMs` before its expiry, or at
   * half its remaining life if that is later (a short token is then neither renewed at once, over
   * and over, nor too late); 0 once expired. Undefined if it cannot be renewed or has no `exp`.
   */
  renewalDelay(now = Date.now()): number | undefined {
    const left = this.msLeft(now);
    return left === undefined ? undefined : Math.max(0, left - this.renewBeforeMs, left / 2);
  }

  private msLeft(now = Date.now()): number | undefined {
    const exp = this.renewable && this.token ? tokenExpiry(this.token) : undefined;
    return exp === undefined ? undefined : exp * 1000 - now;
  }
}
