// The shim's one-shot HTTP client against Node's own HTTP server: lengths, chunks, errors.
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseResponse, postOnce } from "../../client/src/post";

let server: Server;
let base: string;
const seen: { method?: string; url?: string; headers: Record<string, unknown>; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      if (req.url === "/chunked") {
        // No content-length: Node answers in chunks.
        res.write('{"part":');
        res.end('"é two"}');
      } else {
        res.writeHead(req.url === "/missing" ? 404 : 200, { "content-type": "application/json" });
        res.end(JSON.stringify({ echo: body }));
      }
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(() => server.close());

describe("postOnce", () => {
  it("sends one POST with its headers and a UTF-8 body, and reads a sized answer", async () => {
    const answer = await postOnce(new URL(`${base}/v1/hooks?x=1`), { authorization: "Bearer t" }, '{"a":"ü"}', AbortSignal.timeout(5000));
    expect(answer).toEqual({ status: 200, body: JSON.stringify({ echo: '{"a":"ü"}' }) });
    expect(seen.at(-1)).toMatchObject({ method: "POST", url: "/v1/hooks?x=1", body: '{"a":"ü"}' });
    expect(seen.at(-1)!.headers).toMatchObject({ authorization: "Bearer t", connection: "close", "content-length": "10" });
  });

  it("reads a chunked answer and a non-2xx status", async () => {
    expect(await postOnce(new URL(`${base}/chunked`), {}, "{}", AbortSignal.timeout(5000))).toEqual({
      status: 200,
      body: '{"part":"é two"}',
    });
    expect((await postOnce(new URL(`${base}/missing`), {}, "{}", AbortSignal.timeout(5000))).status).toBe(404);
  });

  it("reaches a host given as an IPv6 literal", async () => {
    const v6 = createServer((req, res) => res.end(`${req.headers.host}`));
    v6.listen(0, "::1");
    await once(v6, "listening");
    const port = (v6.address() as { port: number }).port;
    try {
      const answer = await postOnce(new URL(`http://[::1]:${port}/`), {}, "{}", AbortSignal.timeout(5000));
      expect(answer).toEqual({ status: 200, body: `[::1]:${port}` });
    } finally {
      v6.close();
    }
  });

  it("rejects with the socket's error code, and on abort", async () => {
    await expect(postOnce(new URL("http://127.0.0.1:9/"), {}, "{}", AbortSignal.timeout(5000))).rejects.toMatchObject({
      code: "ECONNREFUSED",
    });
    await expect(postOnce(new URL(`${base}/`), {}, "{}", AbortSignal.abort())).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("parseResponse", () => {
  it("refuses what is not a whole HTTP answer", () => {
    expect(() => parseResponse(Buffer.from("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n"))).toThrow(/ended before its headers/);
    expect(() => parseResponse(Buffer.from("SSH-2.0-OpenSSH\r\n\r\n"))).toThrow(/not an HTTP answer/);
    expect(() => parseResponse(Buffer.from("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nab"))).toThrow(/cut short/);
  });
});
