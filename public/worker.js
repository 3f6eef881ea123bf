// Talking to the Worker: REST calls with the member's token, and live WebSockets that reconnect
// on their own and say when the Worker cannot be reached (the page then shows that its data
// may be stale).

/** The Worker did not answer at all (stopped, or the network is down): not an HTTP error. */
export class Unreachable extends Error {}

/** An answer other than 2xx, with the Worker's error code and message. */
export class Refused extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `The Worker answered ${status}`);
    this.status = status;
    this.code = body?.error?.code;
  }
}

export class WorkerClient {
  /** `onReachable(reachable, since)` hears when the live connection is lost and back. */
  constructor(token, onReachable) {
    this.token = token;
    this.onReachable = onReachable;
    this.lostSockets = new Set();
    this.lostSince = null;
  }

  /** The JSON of a 2xx answer; Refused for another status, Unreachable when nothing answered. */
  async json(path, init = {}) {
    let res;
    try {
      res = await fetch(path, { ...init, headers: { Authorization: `Bearer ${this.token}`, ...init.headers } });
    } catch {
      throw new Unreachable(`Cannot reach the Worker at ${location.origin}`);
    }
    const body = await res.json().catch(() => null);
    if (!res.ok) throw new Refused(res.status, body);
    return body;
  }

  /**
   * A live WebSocket (browsers cannot set headers on one: the token travels as a subprotocol),
   * reopened with backoff when it closes. `onOpen` runs at every (re)connection.
   */
  live(path, onFrame, onOpen = () => {}) {
    const url = new URL(path, location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    const encoded = btoa(this.token).replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");
    const id = Symbol(path);
    let socket;
    let closedOnPurpose = false;
    let retryMs = 500;
    let retrying = false;
    const open = () => {
      let opened = false;
      socket = new WebSocket(url, ["fasthooks", `bearer.${encoded}`]);
      socket.addEventListener("open", () => {
        opened = true;
        retrying = false;
        retryMs = 500;
        this.#reachable(id, true);
        onOpen();
      });
      socket.addEventListener("message", (event) => onFrame(JSON.parse(event.data)));
      socket.addEventListener("close", () => {
        if (closedOnPurpose) return;
        // A dropped connection is tried again at once; one that cannot even reopen means the
        // Worker is gone, and the page says so.
        if (retrying && !opened) this.#reachable(id, false);
        retrying = true;
        setTimeout(open, retryMs);
        retryMs = Math.min(retryMs * 2, 10_000);
      });
    };
    open();
    return {
      close: () => {
        closedOnPurpose = true;
        socket.close();
        this.#reachable(id, true);
      },
    };
  }

  #reachable(id, reachable) {
    const wasLost = this.lostSockets.size > 0;
    if (reachable) this.lostSockets.delete(id);
    else this.lostSockets.add(id);
    const lost = this.lostSockets.size > 0;
    if (lost === wasLost) return;
    this.lostSince = lost ? Date.now() : null;
    this.onReachable(!lost, this.lostSince);
  }
}
