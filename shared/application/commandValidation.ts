import { createHash } from 'node:crypto';
import type { AggregateDefinition, AggregateRegistry } from '#core/aggregate';
import type { Command } from '#core/decider';
import { UnknownCommandError, ValidationError } from '#core/errors';
import { streamKeyOf } from '#core/ids';
import { ownEntry } from '#core/ownEntry';
import type { CommandRequest } from './commandRequest';
import { fieldIssues } from './zodIssues';

/** A command whose type is known and whose payload passed its schema, ready to be decided. */
export interface ValidatedCommand {
  request: CommandRequest;
  definition: AggregateDefinition;
  command: Command;
  streamKey: string;
  /**
   * What a retry with the same id must match: a hash of type, aggregate, parsed payload and
   * expected version (short, as every commit carries it).
   */
  fingerprint: string;
}

/** Checks type and payload; throws UNKNOWN_COMMAND or VALIDATION_FAILED. Reads nothing. */
export const validateCommand = (registry: AggregateRegistry, request: CommandRequest): ValidatedCommand => {
  const definition = registry.byCommandType(request.type);
  if (!definition) throw new UnknownCommandError(request.type, registry.commandTypes());
  // Own entries only: a command type named `constructor` finds no schema.
  const schema = ownEntry(definition.commands, request.type);
  const parsed = schema?.safeParse(request.payload ?? {});
  if (!parsed?.success) {
    const fields = parsed ? fieldIssues(parsed.error, 'payload') : [];
    throw new ValidationError(`Invalid payload for ${request.type}`, fields);
  }
  const command: Command = {
    type: request.type,
    aggregateId: request.aggregateId,
    payload: parsed.data,
    metadata: { commandId: request.commandId, issuedAt: request.issuedAt },
  };
  const fingerprint = fingerprintOf([request.type, request.aggregateId, parsed.data, request.expectedVersion ?? null]);
  const streamKey = streamKeyOf(request.context, definition.type, request.aggregateId);
  return { request, definition, command, streamKey, fingerprint };
};

/** 128 bits of SHA-256 over the canonical JSON, base64url: 22 characters. */
export const fingerprintOf = (parts: unknown[]): string =>
  createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 22);
