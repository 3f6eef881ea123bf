// A scripted stand-in of the Anthropic Messages API for the real Claude Code, on loopback: it
// streams its answers as the API does (SSE: message_start ... message_stop), answers a text or
// a tool_use turn by turn, and records every request Claude Code sent. A request belongs to the
// scenario whose tag, "[cc:NAME]", its messages carry (the prompt holds it, and a resumed
// session's history too); Claude Code's side calls, untagged, get a short text.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";

export type Turn = { text: string } | { toolUse: { name: string; input: Record<string, unknown> } };

interface SentRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: { model: string; stream?: boolean; messages: { role: string; content: unknown }[]; [field: string]: unknown };
}

export interface MessagesApi {
  url: string;
  /** The turns the model plays for requests tagged `[cc:tag]`, in order; then "Done." */
  script(tag: string, turns: Turn[]): void;
  /** The requests tagged `[cc:tag]`, in the order they came. */
  requests(tag: string): SentRequest[];
  close(): Promise<void>;
}

const TAG = /\[cc:([\w-]+)\]/g;
const API_KEY = "sk-ant-claude-code-test";

export { API_KEY as MESSAGES_API_KEY };

export async function startMessagesApi(): Promise<MessagesApi> {
  const turns = new Map<string, Turn[]>();
  const seen = new Map<string, SentRequest[]>();
  let messageCount = 0;

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = req.url ?? "";
    if (req.headers["x-api-key"] !== API_KEY && req.headers.authorization !== `Bearer ${API_KEY}`) {
      return sendJson(res, 401, { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } });
    }
    if (req.method !== "POST" || !path.startsWith("/v1/messages")) {
      return sendJson(res, 404, { type: "error", error: { type: "not_found_error", message: `no route ${path}` } });
    }
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as SentRequest["body"];
    if (path.startsWith("/v1/messages/count_tokens")) return sendJson(res, 200, { input_tokens: 1 });
    const tags = [...JSON.stringify(body.messages ?? []).matchAll(TAG)].map((match) => match[1]!);
    const tag = tags.at(-1);
    if (tag) {
      const list = seen.get(tag) ?? [];
      list.push({ path, headers: req.headers, body });
      seen.set(tag, list);
    }
    const turn = (tag && turns.get(tag)?.shift()) || { text: "Done." };
    const message = { id: `msg_fake_${++messageCount}`, model: body.model };
    if (body.stream) streamTurn(res, message, turn);
    else sendJson(res, 200, wholeMessage(message, turn));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    script: (tag, list) => void turns.set(tag, [...list]),
    requests: (tag) => seen.get(tag) ?? [],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "request-id": `req_fake_${Date.now()}` });
  res.end(JSON.stringify(body));
}

const usage = { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };

function contentOf(turn: Turn, id: string) {
  return "text" in turn
    ? { type: "text", text: turn.text }
    : { type: "tool_use", id: `toolu_${id}`, name: turn.toolUse.name, input: turn.toolUse.input };
}

function wholeMessage(message: { id: string; model: string }, turn: Turn) {
  return {
    ...message,
    type: "message",
    role: "assistant",
    content: [contentOf(turn, message.id)],
    stop_reason: "text" in turn ? "end_turn" : "tool_use",
    stop_sequence: null,
    usage,
  };
}

/** One assistant turn in the API's streaming wire format. */
function streamTurn(res: ServerResponse, message: { id: string; model: string }, turn: Turn): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", "request-id": `req_fake_${Date.now()}` });
  const send = (type: string, data: object) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  send("message_start", {
    message: {
      ...message,
      type: "message",
      role: "assistant",
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...usage, output_tokens: 1 },
    },
  });
  const block = contentOf(turn, message.id);
  if (block.type === "text") {
    send("content_block_start", { index: 0, content_block: { type: "text", text: "" } });
    send("content_block_delta", { index: 0, delta: { type: "text_delta", text: block.text } });
  } else {
    send("content_block_start", { index: 0, content_block: { ...block, input: {} } });
    send("content_block_delta", { index: 0, delta: { type: "input_json_delta", partial_json: JSON.stringify(block.input) } });
  }
  send("content_block_stop", { index: 0 });
  send("message_delta", {
    delta: { stop_reason: "text" in turn ? "end_turn" : "tool_use", stop_sequence: null },
    usage: { output_tokens: 5 },
  });
  send("message_stop", {});
  res.end();
}
