import { EmbeddedConnectionRegistry } from '#adapters/embedded/embeddedConnectionRegistry';
import { EmbeddedRuntimeRoster } from '#adapters/embedded/embeddedRuntimeRoster';
import { runtimeRosterContract } from './runtimeRoster.contract';

const roster = new EmbeddedRuntimeRoster();
const registry = new EmbeddedConnectionRegistry();

runtimeRosterContract(
  'embedded',
  () => roster,
  () => registry,
);
