// The demo page: the series' last observations, then the forecast with its interval.
//
// GET /v1/model gives the history (saved in metadata.json at training) and the most
// steps a request may ask for; each horizon chosen is sent to POST /v1/forecast, and
// its answer is drawn as an inline SVG chart and listed in a table. An answer that is
// not 200 shows the API's own message (a 422 names the field).
"use strict";

const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 640;
const HEIGHT = 300;
const MARGIN = { top: 12, right: 12, bottom: 28, left: 56 };

async function main() {
  try {
    const model = await fetchJson("v1/model");
    describe(model);
    const horizon = $("horizon");
    horizon.max = String(model.horizon);
    horizon.value = String(model.horizon);
    $("controls").addEventListener("submit", (event) => {
      event.preventDefault();
      forecast(model);
    });
    horizon.addEventListener("change", () => forecast(model));
    $("controls").hidden = false;
    await forecast(model);
  } catch (error) {
    showError(`The demo could not start: ${error.message}`);
  }
}

async function fetchJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}

function describe(model) {
  $("title").textContent = model.name;
  document.title = `${model.name}: forecast demo`;
  const target = document.createElement("code");
  target.textContent = model.target;
  $("intro").replaceChildren(
    "Forecasts ",
    target,
    ` (${model.frequency}) up to ${model.horizon} steps after ${model.last_timestamp}, ` +
      `with ${model.interval_level}% prediction intervals. Choose how many steps ahead.`,
  );
  $("footer").textContent = `Model ${model.model} ${model.model_version}, run by the service.`;
}

async function forecast(model) {
  const horizon = Number($("horizon").value);
  const response = await fetch("v1/forecast", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ horizon }),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    showError(answer.message || `v1/forecast answered ${response.status}`);
    return;
  }
  $("error").hidden = true;
  draw(model.history, answer.steps);
  list(answer.steps);
  $("caption").textContent =
    `The last ${model.history.length} observations of ${model.target}, then ` +
    `${answer.steps.length} steps forecast with their ${answer.interval_level}% interval.`;
}

function draw(history, steps) {
  const times = [...history.map((p) => p.timestamp), ...steps.map((s) => s.timestamp)];
  const values = [
    ...history.map((p) => p.value),
    ...steps.flatMap((s) => [s.lower, s.upper]),
  ];
  const low = Math.min(...values);
  const high = Math.max(...values);
  const spread = high - low || 1;
  const x = (index) => MARGIN.left + (index / Math.max(times.length - 1, 1)) * plotWidth();
  const y = (value) => MARGIN.top + (1 - (value - low) / spread) * plotHeight();
  const first = history.length; // the index of the first forecast step
  // The line from the last observation into the forecast, so the two join.
  const joined = history.length ? [[first - 1, history[first - 1].value]] : [];
  const forecastPoints = [...joined, ...steps.map((s, i) => [first + i, s.forecast])];
  const band = [
    ...steps.map((s, i) => [first + i, s.upper]),
    ...steps.map((s, i) => [first + i, s.lower]).reverse(),
  ];
  const at = ([index, value]) => `${x(index).toFixed(1)},${y(value).toFixed(1)}`;
  const plot = $("plot");
  plot.replaceChildren(
    element("line", { class: "axis", x1: MARGIN.left, x2: WIDTH - MARGIN.right,
                      y1: HEIGHT - MARGIN.bottom, y2: HEIGHT - MARGIN.bottom }),
    element("line", { class: "axis", x1: MARGIN.left, x2: MARGIN.left,
                      y1: MARGIN.top, y2: HEIGHT - MARGIN.bottom }),
    label(high.toPrecision(4), MARGIN.left - 6, MARGIN.top + 4, "end"),
    label(low.toPrecision(4), MARGIN.left - 6, HEIGHT - MARGIN.bottom, "end"),
    label(times[0], MARGIN.left, HEIGHT - 8, "start"),
    label(times[times.length - 1], WIDTH - MARGIN.right, HEIGHT - 8, "end"),
    element("polygon", { class: "interval", points: band.map(at).join(" ") }),
    element("polyline", {
      class: "history",
      points: history.map((p, i) => at([i, p.value])).join(" "),
    }),
    element("polyline", { class: "forecast-line", points: forecastPoints.map(at).join(" ") }),
    ...steps.map((s, i) => {
      const point = element("circle", {
        class: "forecast-point", r: 2.5, cx: x(first + i).toFixed(1), cy: y(s.forecast).toFixed(1),
      });
      const title = element("title", {});
      title.textContent = `${s.timestamp}: ${s.forecast.toFixed(3)} (${s.lower.toFixed(3)} to ${s.upper.toFixed(3)})`;
      point.append(title);
      return point;
    }),
  );
  $("chart").hidden = false;
}

function plotWidth() {
  return WIDTH - MARGIN.left - MARGIN.right;
}

function plotHeight() {
  return HEIGHT - MARGIN.top - MARGIN.bottom;
}

function element(name, attributes) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}

function label(text, x, y, anchor) {
  const node = element("text", { x, y, "text-anchor": anchor });
  node.textContent = text;
  return node;
}

function list(steps) {
  const rows = steps.map((step) => {
    const row = document.createElement("tr");
    for (const cell of [step.timestamp, step.forecast, step.lower, step.upper]) {
      const td = document.createElement("td");
      td.textContent = typeof cell === "number" ? cell.toFixed(3) : cell;
      row.append(td);
    }
    return row;
  });
  $("steps").tBodies[0].replaceChildren(...rows);
  $("steps").hidden = false;
}

function showError(message) {
  $("error").textContent = message;
  $("error").hidden = false;
}

main();
