// The queue consumer tells task messages from dead letters by the names in wrangler.toml's
// [vars]: renaming a queue without them must fail here, not make dead letters run.
import { unstable_readConfig } from "wrangler";
import { expect, it } from "vitest";

it("names in [vars] the queue that carries tasks and the queue its dead letters go to", () => {
  const config = unstable_readConfig({ config: "wrangler.toml" });
  type Queue = { queue: string; dead_letter_queue?: string };
  const { FASTHOOKS_TASK_QUEUE: tasks, FASTHOOKS_DEAD_LETTER_QUEUE: deadLetters } = config.vars as Record<string, string>;
  expect(config.queues.producers?.map((producer: Queue) => producer.queue)).toEqual([tasks]);
  const consumers = config.queues.consumers ?? [];
  expect(consumers.map((consumer: Queue) => consumer.queue).sort()).toEqual([tasks, deadLetters].sort());
  expect(consumers.find((consumer: Queue) => consumer.queue === tasks)?.dead_letter_queue).toBe(deadLetters);
  // Dead letters of the dead-letter queue would go nowhere we read.
  expect(consumers.find((consumer: Queue) => consumer.queue === deadLetters)?.dead_letter_queue).toBeUndefined();
});
