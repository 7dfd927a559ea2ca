import { EmbeddedConnectionRegistry } from '#adapters/embedded/embeddedConnectionRegistry';
import { connectionRegistryContract } from './connectionRegistry.contract';

const registry = new EmbeddedConnectionRegistry();
connectionRegistryContract('embedded', () => registry);
