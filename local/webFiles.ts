import type { IncomingMessage, ServerResponse } from 'node:http';

/** The browser demo and client are served from here (issue 4); until the page exists, nothing. */
export const serveWebFiles = (_request: IncomingMessage, _response: ServerResponse): boolean => false;
