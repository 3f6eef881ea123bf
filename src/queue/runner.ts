/**
 * The queue side, second half: a message's claim run once, its lease renewed while it runs,
 * and its outcome recorded in the session's store (tried again while the store is out of reach).
 */
import { durableBackend } from "../store/durable-backend";
import { sessionStore, sessionStoreName } from "../store/names";
import type { TaskMessage } from "../store/outbox";
import type { SessionStore } from "../store/session-store";
import type { Claim } from "../store/task-table";
import { defaultRegistry, type TaskRegistry } from "../tasks/registry";
import { runTask } from "../tasks/run";
import type { TaskError } from "../tasks/result";
import { scopedTasks, TEAM_SCOPE } from "../tasks/tasks";

export interface RunnerOptions {
  registry?: TaskRegistry;
  /** How often a runner renews its lease (LEASE.leaseRenewMs; tests shorten it). */
  renewEveryMs?: number;
  /** The waits between tries to record a run's outcome when the store cannot be reached. */
  recordRetryDelaysMs?: readonly number[];
}

/** A result computed (and perhaps paid for) is worth a few seconds of trying to store it. */
const RECORD_RETRY_DELAYS_MS = [250, 1_000, 3_000];

/** Claims the best pending task of the message's session, runs it, and records its outcome. */
export async function runMessage(body: TaskMessage, env: Env, options: RunnerOptions, leases: LeaseKeeper): Promise<void> {
  // A stub that threw may be broken: each call after a failure gets a fresh one.
  const store = () => sessionStore(env.SESSION_STORE, body);
  const claim = await store().claim(body.token);
  if (!claim) return; // cancelled, finished, expired, or a redelivery: nothing to run
  const registry = options.registry ?? defaultRegistry;
  const task = registry.get(claim.task);
  const delays = options.recordRetryDelaysMs ?? RECORD_RETRY_DELAYS_MS;
  if (!task) {
    const error = { name: "UnknownTask", message: `No task named "${claim.task}" is registered in this Worker` };
    if (await withRetries(delays, () => store().fail(claim.runId, { error, retryable: false }))) logFailure(body, claim, error);
    return;
  }
  const storeKey = sessionStoreName(body);
  const signal = leases.hold(storeKey, store, claim);
  try {
    const outcome = await runTask(task, JSON.parse(claim.argsJson) as unknown[], {
      key: claim.key,
      attempt: claim.attempt,
      timeoutMs: claim.timeoutMs,
      env,
      teamName: body.team,
      signal,
      ...scopedTasks(durableBackend(env.SESSION_STORE, body.team, registry), body.session, claim.addedBy, Date.now() + claim.timeoutMs),
    });
    // The lease is kept while the outcome is being recorded, retries included.
    if (outcome.ok) {
      await withRetries(delays, () => store().complete(claim.runId, outcome.valueJson, outcome.usage));
    } else {
      const { error, retryable, usage } = outcome;
      const recorded = await withRetries(delays, () => store().fail(claim.runId, { error, retryable, usage }));
      // A failure the store will retry is not the end yet; one it refused (cancelled, replaced) was not ours to tell.
      if (recorded && (!retryable || claim.attempt >= claim.maxAttempts)) logFailure(body, claim, error);
    }
  } finally {
    leases.release(storeKey, claim.runId);
  }
}

/** Longest error message in the log line: the whole one is in the task's result. */
const LOGGED_MESSAGE_MAX_CHARS = 300;

/**
 * One line in the Worker's log (the `npm start` console, `wrangler tail` once deployed) for a
 * task that failed for good: which, where, and why, without a stack.
 */
function logFailure(body: TaskMessage, claim: Claim, error: TaskError): void {
  const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();
  const message = oneLine(error.message);
  const cut = message.length > LOGGED_MESSAGE_MAX_CHARS ? `${message.slice(0, LOGGED_MESSAGE_MAX_CHARS - 1)}…` : message;
  const where = body.session === TEAM_SCOPE ? `team ${body.team}'s store` : `session ${body.session} of team ${body.team}`;
  console.error(
    `fasthooks: task ${claim.task} failed, key ${JSON.stringify(claim.key)} in ${where} (attempt ${claim.attempt} of ${claim.maxAttempts}): ${oneLine(error.name)}: ${cut}`,
  );
}

class LeaseLostError extends Error {
  override name = "LeaseLostError";
}

/**
 * Renews the leases of a batch's runs while they run (BullMQ's lock, renewed by its worker):
 * if this invocation dies, the leases lapse within LEASE.leaseMs and each store's alarm retries
 * or fails its tasks. One renewal per store and tick, whatever the number of runs in it (a
 * batch of team reviews renews with one call). When a store answers that a run no longer owns
 * its task (cancelled, replaced, or presumed dead), that run's signal is aborted.
 */
export class LeaseKeeper {
  readonly #stores = new Map<string, { open: () => DurableObjectStub<SessionStore>; runs: Map<string, AbortController> }>();
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly everyMs: number) {}

  hold(storeKey: string, open: () => DurableObjectStub<SessionStore>, claim: Claim): AbortSignal {
    let store = this.#stores.get(storeKey);
    if (!store) this.#stores.set(storeKey, (store = { open, runs: new Map() }));
    const controller = new AbortController();
    store.runs.set(claim.runId, controller);
    this.#timer ??= setInterval(() => this.#renewAll(), this.everyMs);
    return controller.signal;
  }

  release(storeKey: string, runId: string): void {
    const store = this.#stores.get(storeKey);
    store?.runs.delete(runId);
    if (store?.runs.size === 0) this.#stores.delete(storeKey);
    if (this.#stores.size === 0 && this.#timer !== null) {
      clearInterval(this.#timer);
      this.#timer = null;
    }
  }

  #renewAll(): void {
    for (const [storeKey, { open, runs }] of this.#stores) {
      open()
        .renew([...runs.keys()])
        .then((lost) => {
          for (const runId of lost) {
            runs.get(runId)?.abort(new LeaseLostError("The task was cancelled, replaced, or given to another run"));
          }
        })
        .catch((error: unknown) => console.warn(`fasthooks: could not renew leases in ${storeKey} (will try again):`, error));
    }
  }
}

/** Calls `record` until it answers, waiting `delays` between tries; the last failure is thrown. */
async function withRetries<T>(delays: readonly number[], record: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await record();
    } catch (error) {
      if (attempt >= delays.length) throw error;
      console.warn(`fasthooks: could not record a run's outcome (try ${attempt + 1}), trying again:`, error);
      await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
    }
  }
}
