/** The console's REST calls: the API base and token from the settings, errors as typed values. */

export interface Settings {
  /** The REST API's base: the runtime's origin, or the stack's `RestApiUrl` (stage included). */
  apiUrl: string;
  /** The WebSocket API: the runtime's `/ws`, or the stack's `WebSocketUrl`. */
  wsUrl: string;
  token: string;
}

/** A refusal of the API, as it answered it: status, machine-readable code, message, details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export class Api {
  constructor(private readonly settings: () => Settings) {}

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.call<T>('DELETE', path);
  }

  url(path: string): string {
    return `${this.settings().apiUrl.replace(/\/+$/, '')}${path}`;
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const { token } = this.settings();
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(this.url(path), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiError(0, 'UNREACHABLE', `The API at ${this.settings().apiUrl} did not answer (${String(error)})`);
    }
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (response.ok) return parsed as T;
    const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
    const { code = 'HTTP_ERROR', message = response.statusText, ...details } = error ?? {};
    throw new ApiError(response.status, code, message, details);
  }
}

/** A refusal in words an operator acts on; the API's own code and message kept. */
export const inWords = (error: unknown): string => {
  if (!(error instanceof ApiError)) return String(error instanceof Error ? error.message : error);
  if (error.status === 401)
    return `Not signed in: the API refused the token (${error.code}: ${error.message}). Paste a valid token in Settings.`;
  if (error.status === 403)
    return `Not allowed: ${error.message}. Ask for a token with that role, or use one that has it.`;
  if (error.status === 0) return `${error.message}. Check the API URL in Settings.`;
  return `${error.code}: ${error.message}`;
};
