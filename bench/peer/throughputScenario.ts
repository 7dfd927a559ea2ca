/**
 * Append throughput: 1, 10 and 32 concurrent writers over 100 fresh aggregates, each system
 * alone in turn, alternating which goes first per repetition; the median of the repetitions.
 */
import { runLoad } from '../load';
import type { Row } from '../report';
import { median, round } from '../stats';
import { ratio } from './ratios';
import { failedAttempts, type PeerSystems } from './systems';

/** Commands per repetition: more writers get more commands, so each run lasts long enough to rate. */
const commandsFor = (writers: number, quick: boolean) =>
  writers === 1 ? (quick ? 60 : 200) : writers === 10 ? (quick ? 200 : 600) : quick ? 300 : 1000;

export const throughputScenario = async (peer: PeerSystems, quick: boolean): Promise<Row[]> => {
  console.log('  peer: append throughput');
  const { stamp, pair: systems, key } = peer;
  const throughput: Row[] = [];
  const repetitions = quick ? 2 : 3;
  for (const writers of [1, 10, 32]) {
    const commands = commandsFor(writers, quick);
    const rates: [number[], number[]] = [[], []];
    const failures = [0, 0];
    const retries = [0, 0];
    for (let r = 0; r < repetitions; r++) {
      for (const k of r % 2 === 0 ? [0, 1] : [1, 0]) {
        const system = systems[k];
        if (!system) continue;
        const counter = system.open();
        const ids = Array.from({ length: 100 }, (_, i) => `${stamp}-tp${writers}-${r}-${i}`);
        const run = await runLoad(commands, writers, async (i) => {
          try {
            retries[k] = (retries[k] ?? 0) + (await counter.increment(ids[i % ids.length] ?? '', key())) - 1;
          } catch (error) {
            failures[k] = (failures[k] ?? 0) + 1;
            retries[k] = (retries[k] ?? 0) + failedAttempts(error) - 1;
          }
        });
        rates[k]?.push(run.perSecond);
      }
    }
    const [cairnRate, castoreRate] = rates.map((samples) => median(samples));
    throughput.push({
      writers,
      commands,
      repetitions,
      cairnPerSecond: round(cairnRate ?? Number.NaN, 0),
      castorePerSecond: round(castoreRate ?? Number.NaN, 0),
      ratio: ratio(cairnRate ?? Number.NaN, castoreRate ?? Number.NaN),
      cairnFailed: failures[0] ?? 0,
      castoreFailed: failures[1] ?? 0,
      cairnRetries: retries[0] ?? 0,
      castoreRetries: retries[1] ?? 0,
    });
  }
  return throughput;
};
