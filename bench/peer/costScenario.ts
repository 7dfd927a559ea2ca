/**
 * Requests, RCU and WCU per command on 10-event aggregates: warm and cold, each with and without
 * an Idempotency-Key (Castore has no idempotency, so its with/without lanes run the same code).
 */
import type { Row } from '../report';
import { missingCapacity, requestsPerCommand, totalRequests } from './capacity';
import { prepareAll, runLanes } from './lanes';
import { perCommand, ratio } from './ratios';
import type { PeerSystems } from './systems';

export const costScenario = async (peer: PeerSystems, quick: boolean): Promise<Row[]> => {
  console.log('  peer: cost per command');
  const { stamp, pair: systems, key } = peer;
  const cost: Row[] = [];
  const costCommands = quick ? 20 : 50;
  const costLanes = [false, true].flatMap((warm) =>
    [true, false].map((idempotencyKey) => ({
      ids: Array.from({ length: 20 }, (_, i) => `${stamp}-cost-${warm ? 'w' : 'c'}${idempotencyKey ? 'k' : 'n'}-${i}`),
      samples: costCommands,
      warm,
      idempotencyKey,
    })),
  );
  await prepareAll(
    systems,
    costLanes.flatMap((lane) => lane.ids),
    10,
  );
  const costResults = await runLanes(systems, costLanes, key);
  for (const [l, lane] of costLanes.entries()) {
    const result = costResults[l];
    if (!result) continue;
    const [cairnCost, castoreCost] = result.cost;
    const n = result.commands;
    cost.push({
      idempotencyKey: lane.idempotencyKey ? 'with' : 'without',
      mode: lane.warm ? 'warm' : 'cold',
      commands: n,
      cairnRequests: requestsPerCommand(cairnCost, n),
      cairnRcu: perCommand(cairnCost.rcu, n),
      cairnWcu: perCommand(cairnCost.wcu, n),
      castoreRequests: requestsPerCommand(castoreCost, n),
      castoreRcu: perCommand(castoreCost.rcu, n),
      castoreWcu: perCommand(castoreCost.wcu, n),
      requestsRatio: ratio(totalRequests(cairnCost), totalRequests(castoreCost)),
      rcuRatio: ratio(cairnCost.rcu, castoreCost.rcu),
      wcuRatio: ratio(cairnCost.wcu, castoreCost.wcu),
      // DynamoDB Local may answer some operations without ConsumedCapacity: say so, not zero.
      noCapacityFrom: [missingCapacity(cairnCost), missingCapacity(castoreCost)].filter(Boolean).join('; ') || '-',
    });
  }
  return cost;
};
