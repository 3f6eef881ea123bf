// The team page: sessions and their tasks, live. No framework: a few tables kept current
// from the Worker's WebSocket events (see TaskEvent and SessionEvent in src/protocol.ts).

const TOKEN_KEY = "fasthooks-token";
const $ = (selector) => document.querySelector(selector);

const state = {
  token: sessionStorage.getItem(TOKEN_KEY),
  sessions: new Map(),
  /** "team" or a session id. */
  selected: null,
  tasks: new Map(),
  shownKey: null,
  /** The value last read for a task whose live frames left it out (over 16 KiB). */
  largeValue: null,
  sockets: { index: null, tasks: null },
};

// --- talking to the Worker ---

function api(path) {
  return fetch(path, { headers: { Authorization: `Bearer ${state.token}` } });
}

/** Browsers cannot set headers on a WebSocket: the token travels as a subprotocol. */
function liveSocket(path, onFrame) {
  const url = new URL(path, location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  const encoded = btoa(state.token).replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");
  let socket;
  let closedOnPurpose = false;
  let retryMs = 500;
  const open = () => {
    socket = new WebSocket(url, ["fasthooks", `bearer.${encoded}`]);
    socket.addEventListener("open", () => {
      retryMs = 500;
      setLiveStatus("Live");
    });
    socket.addEventListener("message", (event) => onFrame(JSON.parse(event.data)));
    socket.addEventListener("close", () => {
      if (closedOnPurpose) return;
      setLiveStatus("Reconnecting…");
      setTimeout(open, retryMs);
      retryMs = Math.min(retryMs * 2, 10_000);
    });
  };
  open();
  return {
    close() {
      closedOnPurpose = true;
      socket.close();
    },
  };
}

function setLiveStatus(text) {
  $("#live-status").textContent = text;
}

// --- signing in and out ---

async function signIn(token) {
  state.token = token;
  const res = await api("/v1/sessions");
  if (res.status === 401) {
    state.token = null;
    $("#sign-in-error").textContent = "That token is not known to this Worker.";
    return;
  }
  if (!res.ok) {
    state.token = null;
    $("#sign-in-error").textContent = `The Worker answered ${res.status}.`;
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  $("#sign-in-error").textContent = "";
  $("#sign-in").hidden = true;
  $("#team").hidden = false;
  $("#whoami").hidden = false;
  const { sessions } = await res.json();
  replaceSessions(sessions);
  state.sockets.index = liveSocket("/v1/sessions/events", onSessionEvent);
}

function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  location.reload();
}

// --- sessions ---

function replaceSessions(sessions) {
  state.sessions = new Map(sessions.map((summary) => [summary.session, summary]));
  renderSessions();
}

function onSessionEvent(frame) {
  if (frame.type === "snapshot") replaceSessions(frame.sessions);
  if (frame.type === "sessions") {
    for (const summary of frame.sessions) state.sessions.set(summary.session, summary);
    for (const session of frame.removed) state.sessions.delete(session);
  }
  renderSessions();
}

/** Re-renders a table body keeping keyboard focus on the same button. */
function keepFocus(render) {
  const focused = document.activeElement?.dataset?.key;
  render();
  if (focused !== undefined) document.querySelector(`button[data-key="${CSS.escape(focused)}"]`)?.focus();
}

function renderSessions() {
  keepFocus(drawSessions);
}

function drawSessions() {
  const rows = [...state.sessions.values()].sort((a, b) => b.lastSeenAt - a.lastSeenAt);
  const body = $("#sessions tbody");
  body.replaceChildren(
    ...rows.map((summary) => {
      const open = button(summary.session, () => select(summary.session), `session:${summary.session}`);
      if (summary.session === state.selected) open.setAttribute("aria-current", "true");
      return row([
        open,
        summary.members.join(", "),
        ago(summary.lastSeenAt),
        Object.entries(summary.counts)
          .map(([status, count]) => `${count} ${status.toLowerCase()}`)
          .join(", ") || "none",
      ]);
    }),
  );
  if (rows.length === 0) body.replaceChildren(row(["No sessions yet."], 4));
}

// --- tasks of the selected scope ---

function select(scope) {
  state.sockets.tasks?.close();
  state.selected = scope;
  state.tasks = new Map();
  state.shownKey = null;
  $("#detail").hidden = true;
  $("#tasks-section").hidden = false;
  $("#tasks-title").textContent = scope === "team" ? "Team-wide results" : `Tasks of ${scope}`;
  $("#tasks-caption").textContent = "Choose a task to read its result or error.";
  const path = scope === "team" ? "/v1/team/events" : `/v1/sessions/${encodeURIComponent(scope)}/events`;
  state.sockets.tasks = liveSocket(path, onTaskEvent);
  renderSessions();
  renderTasks();
}

function onTaskEvent(frame) {
  if (frame.type === "snapshot") state.tasks = new Map(frame.tasks.map((task) => [task.key, task]));
  if (frame.type === "task") state.tasks.set(frame.task.key, frame.task);
  if (frame.type === "removed") state.tasks.delete(frame.key);
  renderTasks();
}

function renderTasks() {
  keepFocus(drawTasks);
}

function drawTasks() {
  const body = $("#tasks tbody");
  const tasks = [...state.tasks.values()].sort((a, b) => b.createdAt - a.createdAt);
  body.replaceChildren(
    ...tasks.map((task) => {
      const status = document.createElement("span");
      status.className = `status status-${task.status}`;
      status.textContent = task.status;
      return row([
        button(task.key, () => showDetail(task.key), `task:${task.key}`),
        task.task,
        status,
        task.addedBy?.member ?? "",
        ago(task.createdAt),
        duration(task),
        task.usage ? `$${task.usage.costUsd.toFixed(4)}` : "",
      ]);
    }),
  );
  if (tasks.length === 0) body.replaceChildren(row(["No tasks."], 7));
  if (state.shownKey) void showDetail(state.shownKey);
}

function showDetail(key) {
  const task = state.tasks.get(key);
  state.shownKey = key;
  $("#detail").hidden = !task;
  if (!task) return;
  $("#detail-title").textContent = `${task.key}: ${task.status}`;
  if (task.valueOmitted) return showLargeValue(task);
  const shown = task.status === "COMPLETED" ? task.value : task.error ? `${task.error.name}: ${task.error.message}` : "No result yet.";
  $("#detail-body").textContent = typeof shown === "string" ? shown : JSON.stringify(shown, null, 2);
}

/** Live frames leave values over 16 KiB out: the detail reads the task itself, once. */
async function showLargeValue(task) {
  const scope = state.selected === "team" ? "/v1/team" : `/v1/sessions/${encodeURIComponent(state.selected)}`;
  const id = `${scope} ${task.key} ${task.finishedAt}`;
  if (state.largeValue?.id !== id) {
    $("#detail-body").textContent = "Loading…";
    const res = await api(`${scope}/tasks/${encodeURIComponent(task.key)}`);
    state.largeValue = { id, value: res.ok ? (await res.json()).value : `Could not read the value (${res.status}).` };
  }
  if (state.shownKey !== task.key) return;
  const { value } = state.largeValue;
  $("#detail-body").textContent = typeof value === "string" ? value : JSON.stringify(value, null, 2);
}

// --- small helpers ---

function row(cells, span) {
  const tr = document.createElement("tr");
  for (const cell of cells) {
    const td = document.createElement("td");
    if (span) td.colSpan = span;
    if (cell instanceof Node) td.append(cell);
    else td.textContent = String(cell);
    tr.append(td);
  }
  return tr;
}

function button(label, onClick, key) {
  const element = document.createElement("button");
  element.type = "button";
  element.dataset.key = key;
  element.textContent = label;
  element.addEventListener("click", onClick);
  return element;
}

function ago(time) {
  const seconds = Math.max(0, Math.round((Date.now() - time) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}

function duration(task) {
  if (!task.startedAt) return "";
  const end = task.finishedAt ?? Date.now();
  return `${((end - task.startedAt) / 1000).toFixed(1)} s`;
}

// --- start ---

$("#sign-in").addEventListener("submit", (event) => {
  event.preventDefault();
  void signIn($("#token").value.trim());
});
$("#sign-out").addEventListener("click", signOut);
$("#show-team-store").addEventListener("click", () => void select("team"));
// Ages and running durations move with the clock.
setInterval(() => {
  renderSessions();
  if (state.selected) renderTasks();
}, 5000);
if (state.token) void signIn(state.token);
