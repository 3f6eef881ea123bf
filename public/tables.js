// The sessions and tasks tables. Each cell carries its column's name (data-label), so that on a
// narrow screen style.css lays every row out as a card. The row shown is marked with
// aria-current on its button, which style.css also highlights.
import { $, ago, duration, el, money, shortKey, shown } from "./format.js";
import { state, TEAM } from "./state.js";

function row(cells, labels) {
  const tr = el("tr");
  cells.forEach((cell, i) => {
    const td = el("td", { "data-label": labels[i] });
    if (cell instanceof Node) td.append(cell);
    else td.textContent = String(cell);
    tr.append(td);
  });
  return tr;
}

function emptyRow(text, columns) {
  return el("tr", { class: "empty" }, el("td", { colspan: columns }, text));
}

function button(label, onClick, key, current) {
  const element = el("button", { type: "button", "data-key": key, "aria-current": current ? "true" : null }, label);
  element.addEventListener("click", onClick);
  return element;
}

/** Re-renders keeping keyboard focus on the same button. */
function keepFocus(render) {
  const focused = document.activeElement?.dataset?.key;
  render();
  if (focused !== undefined) document.querySelector(`button[data-key="${CSS.escape(focused)}"]`)?.focus();
}

const SESSION_LABELS = ["Session", "Members", "Last seen", "Tasks"];

export function drawSessions(onSelect) {
  keepFocus(() => {
    const rows = [...state.sessions.values()].sort((a, b) => b.lastSeenAt - a.lastSeenAt);
    const body = $("#sessions tbody");
    body.replaceChildren(
      ...rows.map((summary) =>
        row(
          [
            button(summary.session, () => onSelect(summary.session), `session:${summary.session}`, summary.session === state.selected),
            summary.members.join(", "),
            ago(summary.lastSeenAt),
            Object.entries(summary.counts)
              .map(([status, count]) => `${count} ${status.toLowerCase()}`)
              .join(", ") || "none",
          ],
          SESSION_LABELS,
        ),
      ),
    );
    if (rows.length === 0) body.replaceChildren(emptyRow("No sessions yet.", 4));
    $("#show-team-store").setAttribute("aria-current", state.selected === TEAM ? "true" : "false");
  });
}

const TASK_LABELS = ["Key", "Task", "Status", "Member", "Age", "Duration", "Cost"];

/** A task's name for people: its label when it has one (a team review's key is a hash), else its key. */
function taskName(task, onShow) {
  const open = button(task.label ?? shown(task.key), () => onShow(task.key), `task:${task.key}`, task.key === state.shownKey);
  if (task.label === undefined) return open;
  open.title = task.key;
  return el("span", { class: "named" }, open, el("small", { class: "key", title: task.key }, shortKey(task.key)));
}

export function statusBadge(status) {
  return el("span", { class: `status status-${status}` }, status);
}

export function drawTasks(onShow) {
  keepFocus(() => {
    const body = $("#tasks tbody");
    const tasks = [...state.tasks.values()].sort((a, b) => b.createdAt - a.createdAt);
    body.replaceChildren(
      ...tasks.map((task) =>
        row(
          [
            taskName(task, onShow),
            task.task,
            statusBadge(task.status),
            task.addedBy?.member ?? "",
            ago(task.createdAt),
            duration(task),
            task.usage ? money(task.usage.costUsd) : "",
          ],
          TASK_LABELS,
        ),
      ),
    );
    if (tasks.length === 0) body.replaceChildren(emptyRow("No tasks.", 7));
  });
}
