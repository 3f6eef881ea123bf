// The team's figures on the page: the total Claude cost and the two charts, read once over REST
// (GET /v1/team/stats) and kept current by the index's live `stats` frames (the buckets that
// changed). The windows (last hour, last 30 days) move with the clock.
import { costChart, finishedChart } from "./chart.js";
import { $, dateTime, money } from "./format.js";

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 3600 * 1000;
const MINUTES_SHOWN = 60;
const DAYS_SHOWN = 30;

const figures = { minutes: new Map(), days: new Map(), costTotalUsd: 0, costSince: null, loaded: false };

/** All of them, as GET /v1/team/stats answers. */
export function replaceFigures(stats) {
  figures.minutes = new Map(stats.finishedPerMinute.map((m) => [m.minute, m]));
  figures.days = new Map(stats.costPerDay.map((d) => [d.day, d.costUsd]));
  figures.costTotalUsd = stats.costTotalUsd;
  figures.costSince = stats.costSince;
  figures.loaded = true;
  drawFigures();
}

/** A live `stats` frame: the buckets that changed, with their new totals. */
export function applyFigures(frame) {
  for (const minute of frame.minutes) figures.minutes.set(minute.minute, minute);
  for (const day of frame.days) figures.days.set(day.day, day.costUsd);
  figures.costTotalUsd = frame.costTotalUsd;
  figures.costSince ??= Date.now();
  drawFigures();
}

export function drawFigures() {
  if (!figures.loaded) return;
  const now = Date.now();
  const lastMinute = Math.floor(now / MINUTE_MS) * MINUTE_MS;
  const minutes = Array.from({ length: MINUTES_SHOWN }, (_, i) => {
    const minute = lastMinute - (MINUTES_SHOWN - 1 - i) * MINUTE_MS;
    return figures.minutes.get(minute) ?? { minute, completed: 0, failed: 0 };
  });
  const today = Math.floor(now / DAY_MS);
  const days = Array.from({ length: DAYS_SHOWN }, (_, i) => {
    const day = new Date((today - (DAYS_SHOWN - 1 - i)) * DAY_MS).toISOString().slice(0, 10);
    return { day, costUsd: figures.days.get(day) ?? 0 };
  });
  const month = days.reduce((sum, d) => sum + d.costUsd, 0);
  const since = figures.costSince === null ? "" : ` since ${dateTime(figures.costSince)}`;
  $("#cost-total").textContent =
    `Claude cost of the team: ${money(days.at(-1).costUsd)} today (UTC) · ${money(month)} in the last 30 days · ` +
    `${money(figures.costTotalUsd)} in all${since}`;
  for (const [selector, chart] of [
    ["#finished-chart", (width) => finishedChart(minutes, width)],
    ["#cost-chart", (width) => costChart(days, width)],
  ]) {
    const box = $(selector);
    box.replaceChildren(chart(box.clientWidth || 600));
  }
}
