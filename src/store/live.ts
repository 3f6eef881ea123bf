/**
 * Live updates from a Durable Object over WebSockets, with the hibernation API: the object
 * can sleep between changes while its subscribers stay connected.
 */
import type { TaskResult } from "../tasks/result";

/**
 * A task in a live frame: a value over 16 KiB is left out (`valueOmitted`), so that a change
 * reaching every open page stays small; GET the task to read it.
 */
export type LiveTask = TaskResult & { valueOmitted?: true };

/**
 * Frames of GET /v1/sessions/:session/events (and /v1/team/events for the team store). The
 * snapshot holds the newest 200 tasks; `more` says there are older ones (list them over REST).
 */
export type TaskEvent =
  | { type: "snapshot"; tasks: LiveTask[]; more?: true }
  | { type: "task"; task: LiveTask }
  | { type: "removed"; key: string };

/** The subprotocol a browser offers (beside its token, see src/api/auth.ts) and gets back. */
const LIVE_PROTOCOL = "fasthooks";

/** Accepts a subscriber and sends it `first` (the current state) at once. */
export function acceptSubscriber(ctx: DurableObjectState, request: Request, first: unknown): Response {
  if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
    return Response.json({ error: { code: "upgrade_required", message: "Connect with a WebSocket" } }, { status: 426 });
  }
  const { 0: client, 1: server } = new WebSocketPair();
  ctx.acceptWebSocket(server);
  server.send(JSON.stringify(first));
  const offered = request.headers
    .get("Sec-WebSocket-Protocol")
    ?.split(",")
    .map((protocol) => protocol.trim());
  // A browser refuses a protocol it did not offer, so echo ours only when it was offered.
  const headers = offered?.includes(LIVE_PROTOCOL) ? { "Sec-WebSocket-Protocol": LIVE_PROTOCOL } : undefined;
  return new Response(null, { status: 101, webSocket: client, headers });
}

/** Sends each message to every subscriber; a subscriber that has gone is skipped. */
export function broadcast(ctx: DurableObjectState, messages: unknown[]): void {
  const sockets = ctx.getWebSockets();
  if (sockets.length === 0 || messages.length === 0) return;
  const frames = messages.map((message) => JSON.stringify(message));
  for (const socket of sockets) {
    for (const frame of frames) {
      try {
        socket.send(frame);
      } catch {
        // closing or closed: the runtime drops it from getWebSockets()
      }
    }
  }
}

/**
 * A subscriber closed its end (or its connection broke): close ours too, so the client sees the
 * code it sent rather than 1006, and the runtime drops the socket from getWebSockets() at once
 * instead of broadcasting into it.
 */
export function closeSubscriber(socket: WebSocket, code?: number, reason?: string): void {
  // 1005 (no code) and 1006 (abnormal) are reported, never sent.
  const sendable = code !== undefined && code >= 1000 && code < 5000 && code !== 1005 && code !== 1006;
  try {
    socket.close(sendable ? code : 1000, reason ?? "");
  } catch {
    // already closed
  }
}

/** A task as live frames carry it: a large value is left out, to be read with a GET. */
export function liveTask(task: TaskResult, valueMaxBytes: number): LiveTask {
  if (task.value === undefined) return task;
  const bytes = new TextEncoder().encode(JSON.stringify(task.value)).byteLength;
  if (bytes <= valueMaxBytes) return task;
  const { value: _omitted, ...rest } = task;
  return { ...rest, valueOmitted: true };
}

/** Keep-alive pings are answered by the runtime without waking the object. */
export function answerPings(ctx: DurableObjectState): void {
  ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
}
