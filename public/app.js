// The team page: who is signed in, the team's figures, its sessions and their tasks, live. No
// framework: tables kept current from the Worker's WebSocket frames (TaskEvent in
// src/store/live.ts, SessionEvent in src/store/team-index.ts).
import { hideDetail, showDetail, wireActions } from "./detail.js";
import { applyFigures, drawFigures, replaceFigures } from "./figures.js";
import { $, clock, shown } from "./format.js";
import { state, scopePath, TEAM } from "./state.js";
import { drawSessions, drawTasks } from "./tables.js";
import { Refused, Unreachable, WorkerClient } from "./worker.js";

const TOKEN_KEY = "fasthooks-token";

// --- signing in and out ---

/** Why a sign-in failed, in words that say what to do. */
function signInError(error) {
  if (error instanceof Unreachable) {
    return `Cannot reach the Worker at ${location.origin}: it may be stopped (npm start runs it locally), or this network cannot reach it. Try again once it answers.`;
  }
  if (error instanceof Refused && error.status === 401) return "That token is not known to this Worker.";
  return `The Worker answered ${error.status}${error.code ? ` (${error.code})` : ""}: ${error.message}`;
}

async function signIn(token) {
  const client = new WorkerClient(token, showReachable);
  let me;
  try {
    me = await client.json("/v1/me");
  } catch (error) {
    $("#sign-in").hidden = false;
    $("#sign-in-error").textContent = signInError(error);
    // A token the Worker refused is forgotten; one it could not check is kept to try again.
    if (error instanceof Refused) sessionStorage.removeItem(TOKEN_KEY);
    else $("#token").value = token;
    return;
  }
  state.client = client;
  state.me = me;
  sessionStorage.setItem(TOKEN_KEY, token);
  $("#sign-in-error").textContent = "";
  $("#sign-in").hidden = true;
  $("#team").hidden = false;
  $("#whoami").hidden = false;
  $("#whoami-member").textContent = me.member;
  $("#whoami-team").textContent = me.team;
  $("#whoami-admin").hidden = !me.admin;
  state.sockets.index = client.live("/v1/sessions/events", onIndexFrame, () => {
    setLiveStatus("Live");
    void readFigures();
  });
}

function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  location.reload();
}

/** The live connection was lost (the Worker is gone) or is back: the banner says so, the data is marked stale. */
function showReachable(reachable, since) {
  $("#offline").hidden = reachable;
  $("#offline-since").textContent = reachable ? "" : `since ${clock(since)}`;
  $("#team").classList.toggle("stale", !reachable);
  setLiveStatus(reachable ? "Live" : "Reconnecting…");
}

function setLiveStatus(text) {
  $("#live-status").textContent = text;
}

// --- the team index and figures ---

/** At every (re)connection: the figures missed while away. */
async function readFigures() {
  try {
    replaceFigures(await state.client.json("/v1/team/stats"));
  } catch (error) {
    $("#cost-total").textContent = `The team's figures could not be read: ${error.message}`;
  }
}

function onIndexFrame(frame) {
  if (frame.type === "snapshot") state.sessions = new Map(frame.sessions.map((summary) => [summary.session, summary]));
  if (frame.type === "sessions") {
    for (const summary of frame.sessions) state.sessions.set(summary.session, summary);
    for (const session of frame.removed) state.sessions.delete(session);
  }
  if (frame.type === "stats") return applyFigures(frame);
  drawSessions(select);
}

// --- tasks of the selected scope ---

function select(scope) {
  state.sockets.tasks?.close();
  state.selected = scope;
  state.tasks = new Map();
  hideDetail();
  $("#action-status").textContent = "";
  $("#tasks-section").hidden = false;
  $("#tasks-title").textContent = scope === TEAM ? "Team-wide results" : `Tasks of ${shown(scope)}`;
  $("#tasks-caption").textContent =
    scope === TEAM
      ? "Results shared by the whole team, such as code reviews (each named by what it reviewed). Choose one to read it."
      : "Choose a task to read its result or error, and what it ran with.";
  state.sockets.tasks = state.client.live(`${scopePath(scope)}/events`, onTaskFrame);
  drawSessions(select);
  drawTasks(show);
}

function show(key) {
  showDetail(key);
  drawTasks(show);
}

function onTaskFrame(frame) {
  if (frame.type === "snapshot") state.tasks = new Map(frame.tasks.map((task) => [task.key, task]));
  if (frame.type === "task") state.tasks.set(frame.task.key, frame.task);
  if (frame.type === "removed") state.tasks.delete(frame.key);
  drawTasks(show);
  if (state.shownKey) showDetail(state.shownKey);
}

// --- start ---

$("#sign-in").addEventListener("submit", (event) => {
  event.preventDefault();
  void signIn($("#token").value.trim());
});
$("#sign-out").addEventListener("click", signOut);
$("#show-team-store").addEventListener("click", () => select(TEAM));
wireActions();
// Ages, running durations and the charts' windows move with the clock.
setInterval(() => {
  if (!state.me) return;
  drawSessions(select);
  drawFigures();
  if (state.selected) drawTasks(show);
  if (state.shownKey) showDetail(state.shownKey);
}, 5000);
let resizing;
window.addEventListener("resize", () => {
  clearTimeout(resizing);
  resizing = setTimeout(drawFigures, 100);
});
const saved = sessionStorage.getItem(TOKEN_KEY);
if (saved) void signIn(saved);
