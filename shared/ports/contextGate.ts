/**
 * Which contexts exist now. Every handler asks before it serves a context: a fixed list (the
 * deployment's `CAIRN_CONTEXTS`), every well-formed name (`*`), or the context catalog, where the
 * `_admin` area creates and retires them.
 */
export interface ContextGate {
  isActive(context: string): Promise<boolean>;
}
