// The least a Node command hook can do to reach the Worker: read stdin synchronously (which
// could hang on a stdin that never closes: the real shim may not), one raw socket, no checks.
// bench:hook times it to show which part of the shim's cost is Node's and which the shim's.
const event = require("node:fs").readFileSync(0, "utf8");
const url = new URL(process.env.FASTHOOKS_URL);
const socket = require("node:net").connect({ host: url.hostname, port: Number(url.port) });
socket.on("connect", () =>
  socket.write(
    `POST /v1/hooks HTTP/1.1\r\nHost: ${url.host}\r\nConnection: close\r\n` +
      `Authorization: Bearer ${process.env.FASTHOOKS_TOKEN}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(event)}\r\n\r\n${event}`,
  ),
);
const chunks = [];
socket.on("data", (chunk) => chunks.push(chunk));
socket.on("end", () => process.stdout.write(Buffer.concat(chunks).toString("utf8").split("\r\n\r\n")[1] ?? ""));
