import { UnknownContextError, ValidationError } from '#core/errors';
import { CONTEXT_PATTERN } from '#core/ids';
import type { ContextGate } from '#ports/contextGate';

/** Every well-formed context name exists (`CAIRN_CONTEXTS` unset or `*`). */
export const openContexts: ContextGate = { isActive: async (context) => CONTEXT_PATTERN.test(context) };

/**
 * A fixed list of contexts, such as a deployment's `CAIRN_CONTEXTS=shop,billing`, each name
 * checked. A set given is read live, not copied: a name deleted from it is gone at once.
 */
export const fixedContexts = (names: ReadonlySet<string> | readonly string[]): ContextGate => {
  const set: ReadonlySet<string> = Array.isArray(names) ? new Set(names) : (names as ReadonlySet<string>);
  for (const name of set) {
    if (!CONTEXT_PATTERN.test(name)) {
      throw new ValidationError(`Invalid context name '${name}'`, [
        { path: 'contexts', message: 'lowercase letters, digits and dashes, 1-32 characters' },
      ]);
    }
  }
  return { isActive: async (context) => set.has(context) };
};

/** Whether a context is served: a well-formed name that the gate knows (every one without a gate). */
export const isServedContext = async (context: string, gate: ContextGate | undefined): Promise<boolean> =>
  CONTEXT_PATTERN.test(context) && (gate === undefined || (await gate.isActive(context)));

/** The context, or 404 UNKNOWN_CONTEXT. */
export const requireServedContext = async (context: string, gate: ContextGate | undefined): Promise<string> => {
  if (!(await isServedContext(context, gate))) throw new UnknownContextError(context);
  return context;
};
