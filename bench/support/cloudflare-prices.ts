// Cloudflare's published prices and Free-plan daily limits for what this Worker uses, as read on
// 2026-12-06 (the pages below, from the stored copies the project's search tool serves). Used by
// bench/cost.ts to turn counted usage into dollars; docs/cost.md cites the same pages.
export const PRICES_READ_ON = "2026-12-06";

export const SOURCES = {
  workersPricing: "https://developers.cloudflare.com/workers/platform/pricing/",
  workersLimits: "https://developers.cloudflare.com/workers/platform/limits/",
  durableObjectsPricing: "https://developers.cloudflare.com/durable-objects/platform/pricing/",
  queuesPricing: "https://developers.cloudflare.com/queues/platform/pricing/",
  queuesConsumerBilling: "https://developers.cloudflare.com/queues/configuration/consumer-concurrency/",
  /** "A GB-month is calculated by averaging the peak storage per day over a billing period (30 days)", as for Durable Objects' SQL storage. */
  storageGbMonth: "https://developers.cloudflare.com/workflows/reference/pricing/",
  durableObjectLifecycle: "https://developers.cloudflare.com/durable-objects/concepts/durable-object-lifecycle/",
} as const;

/**
 * Workers Paid, beyond what its $5 a month includes (10 M requests, 30 M CPU ms, 1 M Durable
 * Object requests, 400,000 GB-s, 25 B rows read, 50 M rows written, 5 GB-month, 1 M queue operations).
 */
export const PAID_USD = {
  /** Per Worker request (a hook's HTTP request; a queue consumer invocation is billed "for the request"). */
  workerRequest: 0.3 / 1e6,
  workerCpuMs: 0.02 / 1e6,
  /** Per Durable Object request: each RPC call on a stub, each alarm, each HTTP request. */
  doRequest: 0.15 / 1e6,
  /** Per GB-s of duration; an object is billed as 128 MB while it is active or cannot hibernate. */
  doGbSecond: 12.5 / 1e6,
  rowRead: 0.001 / 1e6,
  rowWritten: 1.0 / 1e6,
  storedGbMonth: 0.2,
  /** Per queue operation: each 64 KB written, read or deleted. */
  queueOperation: 0.4 / 1e6,
} as const;

/** Stored data is billed on each day's peak, averaged over a 30-day month. */
export const STORAGE_DAYS_PER_MONTH = 30;

export const INCLUDED_MONTHLY = {
  workerRequests: 10e6,
  workerCpuMs: 30e6,
  doRequests: 1e6,
  doGbSeconds: 400_000,
  rowsRead: 25e9,
  rowsWritten: 50e6,
  queueOperations: 1e6,
} as const;

export const PAID_SUBSCRIPTION_USD_PER_MONTH = 5;

/** Workers Free: what a day allows; past it, operations of that kind fail until 00:00 UTC. */
export const FREE_DAILY = {
  workerRequests: 100_000,
  doRequests: 100_000,
  doGbSeconds: 13_000,
  rowsRead: 5_000_000,
  rowsWritten: 100_000,
  queueOperations: 10_000,
} as const;

/** The memory a Durable Object is billed for, in GB as Cloudflare's examples count it (128 MB / 1,000). */
export const DO_BILLED_GB = 0.128;
