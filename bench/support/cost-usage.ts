// What one piece of work cost, as bench/support/cost-meter.ts counts it inside workerd and
// bench/cost.ts prices it in Node: the shape both sides share.
/** What one piece of work cost, by kind. */
export interface Usage {
  /** Calls through a stub, by "object.method". */
  calls: Record<string, number>;
  /** Alarms run, by object. */
  alarms: Record<string, number>;
  rowsRead: number;
  rowsWritten: number;
  /** The statements that read or wrote the most rows, with their rows (to see where rows go). */
  topStatements: { sql: string; runs: number; rowsRead: number; rowsWritten: number }[];
  /** Storage calls, by name ("setAlarm"...): their rows are in rowsRead/rowsWritten. */
  storageCalls: Record<string, number>;
  /** `acked`: messages delivered for the first time (each is deleted once); `retried`: delivered again. */
  queue: { sent: number; writeOps: number; delivered: number; readOps: number; acked: number; deleteOps: number; retried: number };
  /** One per delivery: the most there can be (a batch of several messages is one invocation). */
  consumerInvocations: number;
  /** Milliseconds each object was busy, by object kind, summed over objects. */
  busyMs: Record<string, number>;
}
