import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './cliErrors';

type Options = NonNullable<ParseArgsConfig['options']>;

/** One command of `npx cairn`: its help, and its body, which parses its own arguments. */
export interface Command {
  /** The one-line form, as `npx cairn <name> …`, shown in help and after a mistake in the line's shape. */
  usage: string;
  /** What it does, its options and examples: the rest of `npx cairn <name> --help`. */
  help: string;
  run: (args: string[]) => Promise<void>;
}

/** What every command takes. */
export const COMMON_OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** What the commands that call a runtime over HTTP take (with CAIRN_URL and CAIRN_TOKEN for defaults). */
export const TARGET_OPTIONS = { url: { type: 'string' }, token: { type: 'string' } } as const;

const optionMistake = (command: string, options: Options, args: string[]): string | undefined => {
  const seen = new Set<string>();
  const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind === 'option-terminator') return undefined;
    if (token.kind !== 'option') continue;
    const { name, rawName, value } = token;
    const option = options[name];
    if (!option) {
      if (name === 'url' || name === 'token')
        return `${command} does not call a runtime over HTTP: it takes no --${name}`;
      return `unknown option ${rawName} for ${command}`;
    }
    if (option.type === 'boolean' && value !== undefined) return `${rawName} takes no value (got '${value}')`;
    if (option.type === 'string' && value === undefined) return `${rawName} needs a value`;
    if (option.type === 'string' && !token.inlineValue && value?.startsWith('-')) {
      return `${rawName} needs a value, not the option ${value} (write ${rawName}=${value} if that is the value)`;
    }
    if (seen.has(name) && !option.multiple) return `${rawName} is given twice`;
    seen.add(name);
  }
  return undefined;
};

/**
 * Node's own parser (strict: unknown options are refused), with each mistake named in one
 * sentence that says which option of which command: the parser's own errors name neither the
 * command nor the way out, so the line is checked first, token by token, with the same options.
 */
export const parseCommandLine = <O extends Options>(command: string, args: string[], options: O) => {
  const mistake = optionMistake(command, options, args);
  if (mistake) throw new UsageError(mistake, { withUsage: true });
  return parseArgs({ args, options, strict: true, allowPositionals: true });
};

/** Prints a command's result: exactly one JSON document on stdout with --json, else lines for a reader. */
export const printResult = (json: boolean | undefined, result: unknown, lines: () => readonly string[]): void => {
  if (json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  for (const line of lines()) process.stdout.write(`${line}\n`);
};
