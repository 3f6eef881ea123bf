/**
 * The queue side, first half: which queue a batch comes from, and each message acked or
 * retried on its own. Running a message's task is the runner's (runner.ts).
 */
import { sessionStore } from "../store/names";
import type { TaskMessage } from "../store/outbox";
import { LEASE } from "../tasks/limits";
import { LeaseKeeper, type RunnerOptions, runMessage } from "./runner";

export type ConsumerOptions = RunnerOptions;

/**
 * Which of our queues a batch comes from, by the names wrangler.toml gives them (its [vars]
 * name both queues, and a test holds the two in step): a queue we do not know is neither run
 * nor dead-lettered, so a renamed dead-letter queue can never make dead letters run.
 */
function queueRole(queueName: string, env: Env): "tasks" | "dead-letter" | null {
  if (queueName === env.FASTHOOKS_DEAD_LETTER_QUEUE) return "dead-letter";
  if (queueName === env.FASTHOOKS_TASK_QUEUE) return "tasks";
  return null;
}

/**
 * The queue handler. Each message is acked or retried on its own (a batch is never retried as
 * a whole): ack once the run is recorded, or when there was nothing to run; retry only when
 * the session store could not be reached.
 */
export async function consumeTaskBatch(batch: MessageBatch<TaskMessage>, env: Env, options: ConsumerOptions = {}): Promise<void> {
  const role = queueRole(batch.queue, env);
  if (role === null) {
    console.error(
      `fasthooks: a batch from queue "${batch.queue}", which is neither FASTHOOKS_TASK_QUEUE ("${env.FASTHOOKS_TASK_QUEUE}") ` +
        `nor FASTHOOKS_DEAD_LETTER_QUEUE ("${env.FASTHOOKS_DEAD_LETTER_QUEUE}"): left on the queue. Fix [vars] in wrangler.toml.`,
    );
    batch.retryAll();
    return;
  }
  const leases = new LeaseKeeper(options.renewEveryMs ?? LEASE.leaseRenewMs);
  await Promise.all(
    batch.messages.map(async (message) => {
      if (!isTaskMessage(message.body)) {
        // Not ours (sent by hand, or an old format): retrying cannot help.
        console.error("fasthooks: dropping a queue message that is not {team, session, token}:", message.body);
        message.ack();
        return;
      }
      try {
        if (role === "dead-letter") await deadLetter(message.body, env);
        else await runMessage(message.body, env, options, leases);
        message.ack();
      } catch (error) {
        console.error(`fasthooks: task message for session ${message.body.session} will be retried:`, error);
        message.retry();
      }
    }),
  );
}

/** The main queue gave up on this message: fail its task so it does not stay PENDING. */
async function deadLetter(body: TaskMessage, env: Env): Promise<void> {
  await sessionStore(env.SESSION_STORE, body).deadLetter(body.token);
}

/** A message as the store's outbox sends it (anything else is not ours). */
function isTaskMessage(body: unknown): body is TaskMessage {
  if (typeof body !== "object" || body === null) return false;
  const { team, session, token } = body as Record<string, unknown>;
  return typeof team === "string" && typeof session === "string" && typeof token === "string";
}
