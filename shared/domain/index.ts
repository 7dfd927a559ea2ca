import type { CommandsOf, ViewsOf } from '#core/clientTypes';
import { createDomain, type Domain } from '#core/domain';
import { parseDuration } from '#core/duration';
import { bankAccountFeature } from './bankAccount';
import { todoListFeature } from './todoList';
import { archiveProcess, DEFAULT_ARCHIVE_AFTER } from './todoList/archiveProcess';
import { userFeature } from './user';
import { inboxProcess } from './user/inboxProcess';

/** The sample application's features, for the typed client; a new feature goes here and into createSampleDomain below. */
const features = [todoListFeature, userFeature, bankAccountFeature] as const;

/** What a deployment may tune in the sample domain's processes. */
export interface SampleSettings {
  /** How long after its last todo is done a list is archived: an ISO 8601 duration (default P7D). */
  archiveAfter?: string;
}

/**
 * The sample domain with its processes: a user's `Inbox` list on registration, and a list
 * archived `archiveAfter` once all its todos are done. Throws at start for a bad duration.
 */
export const createSampleDomain = (settings: SampleSettings = {}): Domain => {
  const archiveAfter = settings.archiveAfter ?? DEFAULT_ARCHIVE_AFTER;
  parseDuration(archiveAfter);
  return createDomain([
    { ...todoListFeature, processes: [archiveProcess(archiveAfter)] },
    { ...userFeature, processes: [inboxProcess] },
    bankAccountFeature,
  ]);
};

export const sampleDomain: Domain = createSampleDomain();

/** What a typed client (the demo's) can send and read: each command's payload, each view's data. */
export type SampleCommand = CommandsOf<typeof features>;
export type SampleViews = ViewsOf<typeof features>;
