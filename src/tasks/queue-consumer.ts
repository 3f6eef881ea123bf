import { sessionStore } from "../store/scope";
import { isTaskMessage, type TaskMessage } from "./message";
import { defaultRegistry, type TaskRegistry } from "./registry";
import { DurableBackend } from "./durable-backend";
import type { TaskOrigin } from "./result";
import { runTask } from "./run";
import { TEAM_SCOPE } from "./scope";
import { Tasks } from "./tasks";

/** Messages that the main queue gave up on land in a queue of this name's form. */
export function isDeadLetterQueue(queueName: string): boolean {
  return queueName.endsWith("-dlq");
}

/**
 * The queue handler. Each message is acked or retried on its own (a batch is never retried as
 * a whole): ack once the run is recorded, or when there was nothing to run; retry only when
 * the session store could not be reached.
 */
export async function consumeTaskBatch(
  batch: MessageBatch<TaskMessage>,
  env: Env,
  registry: TaskRegistry = defaultRegistry,
): Promise<void> {
  const handle = isDeadLetterQueue(batch.queue) ? deadLetter : runMessage;
  await Promise.all(
    batch.messages.map(async (message) => {
      if (!isTaskMessage(message.body)) {
        // Not ours (sent by hand, or an old format): retrying cannot help.
        console.error("fasthooks: dropping a queue message that is not {team, session, token}:", message.body);
        message.ack();
        return;
      }
      try {
        await handle(message, env, registry);
        message.ack();
      } catch (error) {
        console.error(`fasthooks: task message for session ${message.body?.session} will be retried:`, error);
        message.retry();
      }
    }),
  );
}

async function runMessage(message: Message<TaskMessage>, env: Env, registry: TaskRegistry): Promise<void> {
  const store = sessionStore(env.SESSION_STORE, message.body);
  const claim = await store.claim(message.body.token);
  if (!claim) return; // cancelled, finished, expired, or a redelivery: nothing to run
  const task = registry.get(claim.task);
  if (!task) {
    const error = { name: "UnknownTask", message: `No task named "${claim.task}" is registered in this Worker` };
    await store.fail(claim.key, claim.runId, { error, retryable: false });
    return;
  }
  const outcome = await runTask(task, JSON.parse(claim.argsJson) as unknown[], {
    key: claim.key,
    attempt: claim.attempt,
    timeoutMs: claim.timeoutMs,
    env,
    ...scopedTasks(env, message.body, registry, claim.addedBy),
  });
  if (outcome.ok) {
    await store.complete(claim.key, claim.runId, outcome.valueJson, outcome.usage);
  } else {
    const { error, retryable, usage } = outcome;
    await store.fail(claim.key, claim.runId, { error, retryable, usage });
  }
}

/** The session's and the team's Tasks for a run, adding follow-ups in the name of whoever added the task. */
function scopedTasks(env: Env, { team, session }: TaskMessage, registry: TaskRegistry, origin: TaskOrigin | undefined) {
  const backend = new DurableBackend(env.SESSION_STORE, team, registry);
  return {
    tasks: new Tasks(backend, { sessionId: session, origin }),
    team: new Tasks(backend, { sessionId: TEAM_SCOPE, origin }),
  };
}

/** The main queue gave up on this message: fail its task so it does not stay PENDING. */
async function deadLetter(message: Message<TaskMessage>, env: Env): Promise<void> {
  await sessionStore(env.SESSION_STORE, message.body).deadLetter(message.body.token);
}
