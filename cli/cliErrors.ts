/**
 * What the command line reports: one line on stderr and an exit status, never a stack. A command
 * throws one of these for every mistake or failure it can name; anything else is a bug, reported
 * as one line too (CAIRN_DEBUG=1 adds the stack).
 */
export class CliError extends Error {
  override readonly name: string = 'CliError';
  /** 1: the command failed (the runtime refused, could not be reached, the data is held elsewhere). */
  readonly exitCode: 1 | 2 = 1;
}

/** A mistake on the command line: an unknown option or command, a missing or bad value. Exit status 2. */
export class UsageError extends CliError {
  override readonly name = 'UsageError';
  override readonly exitCode = 2;
  /** Whether the command's usage line is worth appending: the mistake is about the shape of the line. */
  readonly withUsage: boolean;
  constructor(message: string, options: { withUsage?: boolean } = {}) {
    super(message);
    this.withUsage = options.withUsage ?? false;
  }
}
