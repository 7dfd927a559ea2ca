/**
 * `npx cairn [--url <base>] [--token <jwt>] <command> [options]`: finds the command, hands it its
 * arguments (the options given before its name too), prints help where it is asked for, and turns
 * whatever a command throws into one line on stderr and an exit status (see cliErrors).
 */
import '../local/quietAwsSdk';
import { awsFailureLine, isAwsFailure } from '../local/awsFailure';
import { oneLine } from '../local/oneLine';
import { CliError, UsageError } from './cliErrors';
import { COMMON_OPTIONS, type Command, parseCommandLine, TARGET_OPTIONS } from './commandLine';
import { COMMANDS, OVERVIEW } from './commands';

const TOP_USAGE = 'npx cairn [--url <base>] [--token <jwt>] <command> [options]   (npx cairn --help)';
/** The options before the command name that take a value, so that the value is not read as the command. */
const VALUED = new Set(['--url', '--token']);
const NAMES = `${Object.keys(COMMANDS).join(', ')} and help (npx cairn --help says what each does)`;

/** What the line asks for, and the usage to show beside a mistake in its shape. */
let usage = TOP_USAGE;
let commandName = '';

const wantsHelp = (args: readonly string[]): boolean => {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
};

const loadCommand = async (name: string): Promise<Command> => {
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) throw new UsageError(`unknown command '${name}': the commands are ${NAMES}`);
  const { command } = await entry.load();
  usage = command.usage;
  commandName = name;
  return command;
};

const helpText = (command: Command): string => `usage: ${command.usage}\n\n${command.help}\n`;

/** The options before the command name: where they end, each value checked to be one. */
const leadingOptions = (args: readonly string[]): number => {
  let index = 0;
  while (index < args.length && args[index]?.startsWith('-') && args[index] !== '--') {
    const flag = args[index] ?? '';
    if (VALUED.has(flag)) {
      const value = args[index + 1];
      if (value === undefined || Object.hasOwn(COMMANDS, value) || value.startsWith('-')) {
        throw new UsageError(`${flag} needs a value before the command`, { withUsage: true });
      }
      index += 2;
    } else index += 1;
  }
  return index;
};

const run = async (args: readonly string[]): Promise<void> => {
  const split = leadingOptions(args);
  const leading = args.slice(0, split);
  const [name, ...rest] = args.slice(split);
  if (name === undefined || name === 'help') {
    if (name === 'help' && rest.length > 1) throw new UsageError('help takes one command name', { withUsage: true });
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic !== undefined) return void process.stdout.write(helpText(await loadCommand(topic)));
    if (name === 'help' || wantsHelp(leading)) return void process.stdout.write(`${OVERVIEW}\n`);
    parseCommandLine('cairn', [...leading], { ...TARGET_OPTIONS, ...COMMON_OPTIONS });
    throw new UsageError(`which command? npx cairn <command>: the commands are ${NAMES}`);
  }
  const command = await loadCommand(name);
  // The options given before the name are the command's, as if given after it.
  const own = [...rest, ...leading];
  if (wantsHelp(own)) return void process.stdout.write(helpText(command));
  await command.run(own);
};

/** One line for whatever stopped the command, and the exit status it means. */
const report = (error: unknown): 1 | 2 => {
  let line: string;
  if (error instanceof UsageError) line = error.withUsage ? `${error.message} — usage: ${usage}` : error.message;
  else if (error instanceof CliError) line = error.message;
  else if (isAwsFailure(error)) line = awsFailureLine(error);
  else {
    const message = error instanceof Error ? error.message : String(error);
    line = `npx cairn ${commandName} failed: ${message} (CAIRN_DEBUG=1 prints the stack)`;
  }
  console.error(oneLine(line));
  if (process.env.CAIRN_DEBUG === '1') console.error(error);
  return error instanceof CliError ? error.exitCode : 1;
};

// `npx cairn dlq list | head`: a reader that stops reading early is no error of the command.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit();
});

// The exit status is set, not forced: output still being written to a pipe is not cut short.
await run(process.argv.slice(2)).catch((error: unknown) => {
  process.exitCode = report(error);
});
