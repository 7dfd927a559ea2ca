import type { IncomingMessage } from 'node:http';

/**
 * A request's body, or undefined once it passes `limit` bytes: the rest is read and thrown away,
 * so a client can send as much as it likes and the process keeps at most `limit` of it.
 */
export const readBoundedBody = (request: IncomingMessage, limit: number): Promise<Buffer | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
