// The shim's one-shot HTTP client against Node's own HTTP server: lengths, chunks, errors.
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { createServer as createNetServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Answer, parseResponse, postOnce, postRetryingUnsent, requestWasSent } from "../../client/src/post";

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

describe("what a failed POST says about its request", () => {
  it("marks a connection refused as never sent", async () => {
    const error = await postOnce(new URL("http://127.0.0.1:9/"), {}, "{}", AbortSignal.timeout(5000)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ECONNREFUSED", requestSent: false });
    expect(requestWasSent(error)).toBe(false);
  });

  it("marks a request the server read before the connection broke as sent", async () => {
    const reading = createNetServer((socket) => socket.once("data", () => socket.resetAndDestroy()));
    reading.listen(0, "127.0.0.1");
    await once(reading, "listening");
    try {
      const port = (reading.address() as { port: number }).port;
      const error = await postOnce(new URL(`http://127.0.0.1:${port}/`), {}, "{}", AbortSignal.timeout(5000)).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "ECONNRESET", requestSent: true });
      expect(requestWasSent(error)).toBe(true);
    } finally {
      reading.close();
    }
  });

  it("counts an error it knows nothing about as sent", () => {
    expect(requestWasSent(new Error("the answer ended before its headers did"))).toBe(true);
  });
});

describe("postRetryingUnsent", () => {
  const ok: Answer = { status: 200, body: "{}" };
  const failure = (code: string, requestSent: boolean) => Object.assign(new Error(code), { code, requestSent });
  /** An attempt that fails with each of `failures` in turn, then answers. */
  function attempts(...failures: Error[]) {
    const calls = { count: 0 };
    const attempt = async () => {
      const next = failures[calls.count++];
      if (next) throw next;
      return ok;
    };
    return { attempt, calls };
  }

  it("tries once more when the request never left", async () => {
    const { attempt, calls } = attempts(failure("ECONNREFUSED", false));
    expect(await postRetryingUnsent(attempt, AbortSignal.timeout(5000))).toEqual(ok);
    expect(calls.count).toBe(2);
  });

  it("tries only twice", async () => {
    const { attempt, calls } = attempts(failure("ECONNREFUSED", false), failure("ECONNREFUSED", false));
    await expect(postRetryingUnsent(attempt, AbortSignal.timeout(5000))).rejects.toMatchObject({ code: "ECONNREFUSED" });
    expect(calls.count).toBe(2);
  });

  it("never sends again a request that may have reached the Worker", async () => {
    const { attempt, calls } = attempts(failure("ECONNRESET", true));
    await expect(postRetryingUnsent(attempt, AbortSignal.timeout(5000))).rejects.toMatchObject({ code: "ECONNRESET" });
    expect(calls.count).toBe(1);
  });

  it("does not retry what another try cannot mend, nor past the deadline", async () => {
    const untrusted = attempts(failure("DEPTH_ZERO_SELF_SIGNED_CERT", false));
    await expect(postRetryingUnsent(untrusted.attempt, AbortSignal.timeout(5000))).rejects.toThrow();
    expect(untrusted.calls.count).toBe(1);
    const late = attempts(failure("ECONNREFUSED", false));
    await expect(postRetryingUnsent(late.attempt, AbortSignal.abort())).rejects.toThrow();
    expect(late.calls.count).toBe(1);
  });
});

describe("parseResponse", () => {
  it("refuses what is not a whole HTTP answer", () => {
    expect(() => parseResponse(Buffer.from("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n"))).toThrow(/ended before its headers/);
    expect(() => parseResponse(Buffer.from("SSH-2.0-OpenSSH\r\n\r\n"))).toThrow(/not an HTTP answer/);
    expect(() => parseResponse(Buffer.from("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nab"))).toThrow(/cut short/);
  });
});
