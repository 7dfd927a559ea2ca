/** Placeholder until the restructure lands (the lead replaces it): the old entry, so that the stack bundles. */
export { handler } from './worker';
