import type { Domain } from '../core/domain';
import { projectionRegistry } from '../projections/registry';
import { domainRegistry } from './registry';

/** The sample domain: todo lists and users. */
export const sampleDomain: Domain = { aggregates: domainRegistry, projections: projectionRegistry };
