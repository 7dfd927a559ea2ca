import { afterEach, describe, expect, it, vi } from 'vitest';
import { logError, loggerFor } from '#runtime/logger';

/** The JSON lines Powertools wrote (it writes through its own Console on stdout and stderr). */
const captureLines = () => {
  const lines: Record<string, unknown>[] = [];
  const capture = (chunk: unknown) => {
    for (const line of String(chunk).split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  return lines;
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the shared logger', () => {
  it('logs an Error under the message, with its name, message and stack, as service cairn', () => {
    const lines = captureLines();
    logError('projection failed')(new TypeError('no such view'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'ERROR',
      message: 'projection failed',
      service: 'cairn',
      error: { name: 'TypeError', message: 'no such view', stack: expect.stringContaining('no such view') },
    });
  });

  it('logs a thrown non-Error as its string form', () => {
    const lines = captureLines();
    logError('frame failed')('socket gone');
    expect(lines[0]).toMatchObject({ level: 'ERROR', message: 'frame failed', error: 'socket gone' });
  });

  it('names the component on every line of its child, under the same service', () => {
    const lines = captureLines();
    const worker = loggerFor('projectionWorker');
    worker.info('first');
    logError('push failed', worker)(new Error('gone'));
    expect(lines.map((line) => [line.service, line.component, line.message])).toEqual([
      ['cairn', 'projectionWorker', 'first'],
      ['cairn', 'projectionWorker', 'push failed'],
    ]);
  });
});
