import { UnknownContextError } from '../core/errors';
import { CONTEXT_PATTERN } from '../core/ids';
import type { ContextGate } from '../ports/contextGate';

/** Every well-formed context name exists (`CAIRN_CONTEXTS` unset or `*`). */
export const openContexts: ContextGate = { isActive: async () => true };

/** A fixed list of contexts, such as a deployment's `CAIRN_CONTEXTS=shop,billing`. */
export const fixedContexts = (names: ReadonlySet<string>): ContextGate => ({
  isActive: async (context) => names.has(context),
});

/** Whether a context is served: a well-formed name that the gate knows (every one without a gate). */
export const isServedContext = async (context: string, gate: ContextGate | undefined): Promise<boolean> =>
  CONTEXT_PATTERN.test(context) && (gate === undefined || (await gate.isActive(context)));

/** The context, or 404 UNKNOWN_CONTEXT. */
export const requireServedContext = async (context: string, gate: ContextGate | undefined): Promise<string> => {
  if (!(await isServedContext(context, gate))) throw new UnknownContextError(context);
  return context;
};
