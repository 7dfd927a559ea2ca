import { isIP } from 'node:net';

/**
 * Whether a listen address is reachable from this machine only: `localhost`, 127.0.0.0/8, `::1`.
 * `0.0.0.0`, `::` and any other address reach the network.
 */
export const isLoopback = (host: string): boolean => {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return /^::ffff:127\./.test(bare);
};
