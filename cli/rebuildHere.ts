/**
 * The rebuild of `CAIRN_STORE=aws npx cairn replay`: run in this process against DynamoDB (the
 * tables named by EVENTS_TABLE and VIEWS_TABLE), while the deployed workers keep projecting.
 */
import { ProjectionGenerations } from '#application/projectionGenerations';
import { type RebuildProgress, rebuildProjection } from '#application/projectionRebuild';
import { ProjectionService } from '#application/projectionService';
import { sampleDomain } from '#domain/index';
import { awsAdapters } from '#runtime/awsAdapters';
import { awsFailureLine, isAwsFailure, missingVariable } from '../local/awsFailure';
import { CliError, UsageError } from './cliErrors';

export const rebuildHere = async (
  context: string,
  projection: string,
  report: (progress: RebuildProgress) => void,
): Promise<RebuildProgress> => {
  const { projections, upcast } = sampleDomain;
  if (!projections.names().includes(projection)) {
    throw new UsageError(`no projection named '${projection}' (known: ${projections.names().join(', ')})`);
  }
  try {
    const { eventStore, streams: catalog, views } = awsAdapters();
    if (!catalog) throw new CliError('this event store cannot list its streams, which a rebuild reads');
    const service = new ProjectionService({ projections, views, eventStore, upcast });
    const generations = new ProjectionGenerations(views);
    return await rebuildProjection(
      { projections, service, generations, catalog, settleMs: 1200 },
      context,
      projection,
      report,
    );
  } catch (error) {
    const missing = missingVariable(error);
    if (missing) throw new UsageError(`CAIRN_STORE=aws needs ${missing}: the deployed stack's table names`);
    if (isAwsFailure(error)) throw new CliError(awsFailureLine(error));
    throw error;
  }
};
