/**
 * A message as one line of terminal output: errors from the system, the SDK or a server may span
 * lines (a JSON body, a stack-like detail), and the command line promises one line per mistake.
 */
export const oneLine = (message: string): string => message.replace(/\s*\n\s*/g, ' ').trim();
