// A task's detail: its facts (times, attempts, who added it from which machine, cost), its
// result or error, its args (read with GET .../tasks/:key, which alone carries them), and what
// the signed-in member may do with it (the rule of src/tasks/permissions.ts: a session's tasks are
// its owner's or an admin's to change, the team store's its adders'): cancel (PENDING, RUNNING),
// retry (FAILED, CANCELLED: anyone's, in the team store) and delete a finished result.
import { $, asText, dateTime, duration, el, money, shown } from "./format.js";
import { mayChange, ownerOf, state, TEAM, taskPath } from "./state.js";
import { Refused, Unreachable } from "./worker.js";

/** The last detail read, for the task as it then was (a change of the task reads it again). */
let fetched = null;

const versionOf = (task) => `${state.selected} ${task.key} ${task.createdAt} ${task.status} ${task.attempts} ${task.finishedAt ?? ""}`;

export function showDetail(key) {
  if (state.shownKey !== key) $("#action-status").textContent = "";
  state.shownKey = key;
  const task = state.tasks.get(key);
  $("#detail").hidden = !task;
  if (!task) return;
  drawDetail(task, fetched?.version === versionOf(task) ? fetched.detail : null);
  if (fetched?.version !== versionOf(task)) void readDetail(task);
}

export function hideDetail() {
  state.shownKey = null;
  $("#detail").hidden = true;
}

async function readDetail(task) {
  const version = versionOf(task);
  fetched = { version, detail: null };
  let detail;
  try {
    detail = await state.client.json(taskPath(task.key));
  } catch (error) {
    detail = { failed: error instanceof Refused && error.status === 404 ? "This task is gone." : error.message };
  }
  if (fetched.version !== version) return;
  fetched.detail = detail;
  const current = state.tasks.get(task.key);
  if (state.shownKey === task.key && current && versionOf(current) === version) drawDetail(current, detail);
}

function fact(name, value) {
  return value === undefined || value === null || value === "" ? [] : [el("dt", {}, name), el("dd", {}, String(value))];
}

function usageText(usage) {
  if (!usage) return undefined;
  const tokens = `${usage.inputTokens} tokens in, ${usage.outputTokens} out`;
  const cache =
    usage.cacheReadInputTokens || usage.cacheCreationInputTokens
      ? `, cache ${usage.cacheReadInputTokens} read / ${usage.cacheCreationInputTokens} written`
      : "";
  return `${money(usage.costUsd)} (${tokens}${cache})`;
}

/** `detail`: what GET .../tasks/:key answered (args, a value too large for live frames), or null while it is read. */
function drawDetail(task, detail) {
  $("#detail-title").textContent = `${task.label ?? shown(task.key)} (${task.status})`;
  const by = task.addedBy;
  $("#detail-facts").replaceChildren(
    ...fact("Key", shown(task.key)),
    ...fact("Task", task.task),
    ...fact("Label", task.label),
    ...fact("Status", task.status),
    ...fact("Attempts", task.attempts),
    ...fact("Added by", by?.member),
    ...fact("Machine", by?.machine ?? (by ? "not named" : undefined)),
    ...fact("Directory", by?.cwd),
    ...fact("Created", dateTime(task.createdAt)),
    ...fact("Started", task.startedAt && dateTime(task.startedAt)),
    ...fact("Finished", task.finishedAt && dateTime(task.finishedAt)),
    ...fact("Ran for", duration(task)),
    ...fact("Expires", task.expiresAt && dateTime(task.expiresAt)),
    ...fact("Cost", usageText(task.usage)),
  );
  const failed = task.status === "FAILED" || (task.error && task.status !== "COMPLETED");
  $("#detail-body-title").textContent = failed ? "Error" : "Result";
  let body;
  if (task.status === "COMPLETED") {
    body = task.valueOmitted ? (detail?.failed ?? (detail ? asText(detail.value) : "Loading…")) : asText(task.value);
  } else if (task.error) {
    body = `${task.error.name}: ${task.error.message}${task.status === "FAILED" ? "" : " (a retry is coming)"}`;
  } else {
    body = "No result yet.";
  }
  $("#detail-body").textContent = body;
  $("#detail-args").textContent = detail?.failed ?? (detail ? argsText(detail) : "Loading…");
  drawActions(task);
}

function argsText(detail) {
  const args = detail.args.map((arg, i) => `[${i}] ${asText(arg)}`).join("\n\n") || "(none)";
  return detail.argsCut ? `${args}\n\n(${detail.argsBytes} bytes in all: long args are cut here)` : args;
}

function drawActions(task) {
  const running = task.status === "PENDING" || task.status === "RUNNING";
  const rerunnable = task.status === "FAILED" || task.status === "CANCELLED";
  const may = mayChange(task);
  $("#cancel-task").hidden = !running || !may;
  $("#retry-task").hidden = !rerunnable || !(may || state.selected === TEAM);
  $("#delete-result").hidden = running || !may;
  const note = $("#delete-note");
  note.hidden = may;
  const owner = ownerOf(task);
  note.textContent = `This is ${owner ?? "another member"}'s: only ${owner ?? "they"} or an admin may change it.`;
}

/** One of the detail's buttons: the request, then what happened, said in the status line. */
async function act(request, done) {
  const key = state.shownKey;
  const task = state.tasks.get(key);
  if (!task) return;
  const status = $("#action-status");
  status.textContent = "…";
  try {
    const answer = await request(task);
    if (state.shownKey === key) status.textContent = done(answer);
  } catch (error) {
    const reason = error instanceof Unreachable ? `${error.message}: try again once it is back.` : error.message;
    if (state.shownKey === key) status.textContent = `Not done: ${reason}`;
  }
}

export function wireActions() {
  $("#cancel-task").addEventListener("click", () =>
    act(
      (task) => state.client.json(taskPath(task.key), { method: "DELETE" }),
      () => "Cancelled.",
    ),
  );
  $("#retry-task").addEventListener("click", () =>
    act(
      (task) => state.client.json(`${taskPath(task.key)}/retry`, { method: "POST" }),
      () => "Retrying: a new run is queued.",
    ),
  );
  $("#delete-result").addEventListener("click", () =>
    act(
      (task) => state.client.json(`${taskPath(task.key)}/result`, { method: "DELETE" }),
      (answer) => `Deleted ${answer.deleted.label ?? shown(answer.deleted.key)}.`,
    ),
  );
}
