// The team's figures as inline SVG bar charts, drawn here (no chart library): tasks finished
// per minute (completed and failed, stacked) and Claude cost per day. Colours come from
// style.css (classes), geometry from attributes: nothing inline that the CSP would refuse.
import { clock, money } from "./format.js";

const SVG = "http://www.w3.org/2000/svg";
const HEIGHT = 160;
const AXIS = 18;
const TOP = 14;

function svgEl(tag, attributes = {}, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/**
 * Bars of `points` ({label, parts: [{value, className}], title}), on a scale from 0 to the
 * tallest bar, with that maximum and the first and last labels written on the axes.
 */
function barChart(points, { describe, formatMax, width }) {
  const WIDTH = Math.max(200, Math.round(width));
  const max = Math.max(0, ...points.map((point) => point.parts.reduce((sum, part) => sum + part.value, 0)));
  const svg = svgEl("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-label": describe, width: WIDTH, height: HEIGHT });
  const plotHeight = HEIGHT - AXIS - TOP;
  const slot = WIDTH / points.length;
  svg.append(svgEl("line", { x1: 0, x2: WIDTH, y1: TOP + plotHeight, y2: TOP + plotHeight, class: "axis" }));
  points.forEach((point, i) => {
    const group = svgEl("g", { class: "bar" });
    group.append(svgEl("title", {}, point.title));
    let y = TOP + plotHeight;
    for (const part of point.parts) {
      if (part.value <= 0 || max === 0) continue;
      const height = Math.max(1, (part.value / max) * plotHeight);
      y -= height;
      group.append(svgEl("rect", { x: i * slot + slot * 0.1, y, width: slot * 0.8, height, class: part.className }));
    }
    // An invisible full-height target, so that every bar's title shows on hover.
    group.append(svgEl("rect", { x: i * slot, y: TOP, width: slot, height: plotHeight, class: "hit" }));
    svg.append(group);
  });
  svg.append(svgEl("text", { x: 2, y: TOP - 3, class: "label" }, `max ${formatMax(max)}`));
  svg.append(svgEl("text", { x: 2, y: HEIGHT - 4, class: "label" }, points[0]?.label ?? ""));
  svg.append(svgEl("text", { x: WIDTH - 2, y: HEIGHT - 4, class: "label end" }, points.at(-1)?.label ?? ""));
  return svg;
}

/** `minutes`: [{minute, completed, failed}], oldest first; `width`: the chart's in CSS pixels. */
export function finishedChart(minutes, width) {
  const completed = minutes.reduce((sum, m) => sum + m.completed, 0);
  const failed = minutes.reduce((sum, m) => sum + m.failed, 0);
  const describe = `${completed + failed} tasks finished in the last ${minutes.length} minutes: ${completed} completed, ${failed} failed`;
  return barChart(
    minutes.map((m) => ({
      label: clock(m.minute),
      title: `${clock(m.minute)}: ${m.completed} completed, ${m.failed} failed`,
      parts: [
        { value: m.completed, className: "completed" },
        { value: m.failed, className: "failed" },
      ],
    })),
    { describe, formatMax: (max) => `${max}/min`, width },
  );
}

/** `days`: [{day, costUsd}], oldest first. */
export function costChart(days, width) {
  const total = days.reduce((sum, d) => sum + d.costUsd, 0);
  const describe = `Claude cost over the last ${days.length} days: ${money(total)}, today ${money(days.at(-1)?.costUsd ?? 0)}`;
  return barChart(
    days.map((d) => ({
      label: d.day.slice(5),
      title: `${d.day}: ${money(d.costUsd)}`,
      parts: [{ value: d.costUsd, className: "cost" }],
    })),
    { describe, formatMax: money, width },
  );
}
