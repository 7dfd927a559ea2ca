import { awsFailureLine, isAwsFailure, missingVariable } from './awsFailure';
import { DataDirInUseError } from './dataDirLock';
import { ListenError } from './listen';
import { oneLine } from './oneLine';
import { SettingError, type StartupSettings } from './startupSettings';

/** What `npm start` prints when it cannot start, and its exit status: 2 for a bad setting, 1 otherwise. */
export interface StartupFailure {
  line: string;
  exitCode: 1 | 2;
}

const listenLine = (error: ListenError): string => {
  const { host, port, reason } = error;
  if (error.server === 'management') {
    if (reason === 'EADDRINUSE') {
      return `CAIRN_MANAGEMENT_PORT ${port} is in use: stop what listens there, or choose another (unset, any free port is taken)`;
    }
    return `the management API cannot listen on ${host}:${port} (${reason}): check CAIRN_MANAGEMENT_HOST and CAIRN_MANAGEMENT_PORT`;
  }
  switch (reason) {
    case 'EADDRINUSE':
      return `port ${port} is in use: stop what listens there, or run PORT=${port + 1} npm start`;
    case 'EACCES':
      return `port ${port} needs privileges on this machine: run PORT=3000 npm start (or another port above 1023)`;
    case 'EADDRNOTAVAIL':
      return `HOST ${host} is not an address of this machine: use 127.0.0.1 (this machine only) or 0.0.0.0 (every network)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `HOST ${host} does not resolve to an address: use 127.0.0.1, 0.0.0.0 or a name of this machine`;
    default:
      return `cannot listen on ${host}:${port} (${reason}): check HOST and PORT`;
  }
};

/** The file system's refusals, in words (the path comes first). */
const FILE_ERRORS: Record<string, string> = {
  EEXIST: 'is a file, not a directory',
  ENOTDIR: 'is under a file, not a directory',
  EACCES: 'is not writable by this user',
  EPERM: 'is not writable by this user',
  EROFS: 'is on a read-only file system',
  ENOSPC: 'is on a full disk',
};

/** The one line that tells a user what stopped `npm start`, and what to change. */
export const startupFailure = (error: unknown, settings: StartupSettings | undefined): StartupFailure => {
  const dataDir = settings?.dataDir;
  if (error instanceof SettingError) return { line: error.message, exitCode: 2 };
  if (error instanceof DataDirInUseError) {
    return {
      line: `${error.message}: stop that runtime, or give this one its own directory: CAIRN_DATA_DIR=${error.dataDir}-2 npm start`,
      exitCode: 1,
    };
  }
  if (error instanceof ListenError) return { line: listenLine(error), exitCode: 1 };
  if (isAwsFailure(error)) return { line: awsFailureLine(error), exitCode: 1 };
  const failure = error as Error & { code?: string; path?: string };
  if (dataDir && typeof failure?.path === 'string' && failure.path.startsWith(dataDir)) {
    const why = FILE_ERRORS[failure.code ?? ''] ?? failure.code;
    return {
      line: `cannot keep data in ${dataDir}: ${failure.path} ${why}: set CAIRN_DATA_DIR to a directory this user may write`,
      exitCode: 1,
    };
  }
  const missing = missingVariable(error);
  if (missing) {
    return {
      line:
        settings?.store === 'aws'
          ? `CAIRN_STORE=aws needs ${missing} (the deployed stack's names), or emulators at AWS_ENDPOINT_URL, which create their own`
          : `npm start needs the environment variable ${missing}`,
      exitCode: 2,
    };
  }
  const message = oneLine(failure instanceof Error ? failure.message : String(error));
  return { line: `npm start failed: ${message} (CAIRN_DEBUG=1 prints the stack)`, exitCode: 1 };
};
