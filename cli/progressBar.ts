import type { RebuildProgress } from '#application/projectionRebuild';

/** One line of rebuild progress: a bar on a terminal (redrawn in place), plain lines elsewhere. */
export const progressPrinter = (stream: NodeJS.WriteStream = process.stderr) => {
  const started = Date.now();
  let lastPlain = -1;
  return (progress: RebuildProgress) => {
    const total = Math.max(progress.streamsTotal, 1);
    const ratio = progress.streamsDone / total;
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    const rate = Math.round(progress.events / seconds);
    const text = `${progress.streamsDone}/${progress.streamsTotal} streams · ${progress.events} events · ${rate} events/s`;
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round(ratio * width);
      stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(ratio * 100)}% ${text}`);
      if (progress.state === 'live' || progress.state === 'failed') stream.write('\n');
      return;
    }
    const tenth = Math.floor(ratio * 10);
    if (tenth !== lastPlain || progress.state !== 'building') {
      lastPlain = tenth;
      stream.write(`${progress.state} ${Math.floor(ratio * 100)}% ${text}\n`);
    }
  };
};
