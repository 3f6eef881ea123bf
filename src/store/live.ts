/**
 * Live updates from a Durable Object over WebSockets, with the hibernation API: the object
 * can sleep between changes while its subscribers stay connected.
 */

/** The subprotocol a browser offers (beside its token, see src/api/auth.ts) and gets back. */
export const LIVE_PROTOCOL = "fasthooks";

/** Accepts a subscriber and sends it `first` (the current state) at once. */
export function acceptSubscriber(ctx: DurableObjectState, request: Request, first: unknown): Response {
  if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
    return Response.json({ error: { code: "upgrade_required", message: "Connect with a WebSocket" } }, { status: 426 });
  }
  const { 0: client, 1: server } = new WebSocketPair();
  ctx.acceptWebSocket(server);
  server.send(JSON.stringify(first));
  const offered = request.headers.get("Sec-WebSocket-Protocol")?.split(",").map((protocol) => protocol.trim());
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

/** Keep-alive pings are answered by the runtime without waking the object. */
export function answerPings(ctx: DurableObjectState): void {
  ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
}
