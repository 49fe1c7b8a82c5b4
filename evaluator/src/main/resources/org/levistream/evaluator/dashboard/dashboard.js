// The evaluator dashboard's page. /events sends the whole view first ("state"), then one "point" or "alert" event
// per change; this script keeps a copy of the view and redraws from it. With ?live=0 it draws /api/state once and
// opens no event stream: a page whose stream never ends never finishes loading for a headless browser's
// --virtual-time-budget, which the browser test and static screenshots use. uPlot draws the charts; the confidence
// bands and the alert markers are drawn by hooks on uPlot's canvas.
"use strict";

const view = { series: new Map(), alerts: new Map() };
const charts = new Map();       // chart id -> { plot, signature }
const TOPIC_COLOURS = ["#1f77b4", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"];
const DASHES = [[], [8, 4], [2, 3], [12, 3, 2, 3]];   // one per experiment, so overlaid experiments stay apart
const OPEN_COLOUR = "#d62728";
const RESOLVED_COLOUR = "#2ca02c";
let updates = 0;
let redrawPending = false;

const seriesId = k => [k.stream, k.experiment, k.topic, k.metric, k.split].join("|");
const alertId = k => [k.stream, k.experiment, k.topic, k.metric].join("|");
const shortTopic = (topic, stream) => topic.startsWith("levi." + stream + ".")
    ? topic.slice(("levi." + stream + ".").length) : topic;
const fmt = v => v == null ? "–" : Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(4);

function load(state) {
  view.series.clear();
  view.alerts.clear();
  state.series.forEach(s => view.series.set(seriesId(s.key), { key: s.key, points: new Map(
      s.points.map(p => [p.version, p])) }));
  state.alerts.forEach(t => view.alerts.set(alertId(t.key), t));
}

function addPoint(update) {
  const id = seriesId(update.key);
  if (!view.series.has(id)) view.series.set(id, { key: update.key, points: new Map() });
  view.series.get(id).points.set(update.point.version, update.point);
}

function connect() {
  const events = new EventSource("events");
  const connection = document.getElementById("connection");
  const on = (name, apply) => events.addEventListener(name, e => {
    apply(JSON.parse(e.data));
    updates++;
    scheduleRedraw();
  });
  on("state", load);
  on("point", addPoint);
  on("alert", u => view.alerts.set(alertId(u.track.key), u.track));
  events.onopen = () => { connection.dataset.state = "live"; connection.textContent = "live"; };
  // EventSource reconnects by itself and the server then sends a fresh "state".
  events.onerror = () => { connection.dataset.state = "reconnecting"; connection.textContent = "reconnecting…"; };
}

// Changes arrive in bursts (a version scores every topic at once): redraw once per burst.
function scheduleRedraw() {
  if (redrawPending) return;
  redrawPending = true;
  setTimeout(() => { redrawPending = false; redraw(); }, 50);
}

/** The charts to draw: per stream, one per metric over ID and OOD series, and one per metric over GAP series. */
function chartSpecs() {
  const specs = new Map();
  const experiments = [...new Set([...view.series.values()].map(s => s.key.experiment))].sort();
  for (const s of [...view.series.values()].sort((a, b) => seriesId(a.key).localeCompare(seriesId(b.key)))) {
    const gap = s.key.split === "GAP";
    const id = [s.key.stream, s.key.metric, gap ? "gap" : "metric"].join("|");
    if (!specs.has(id)) specs.set(id, { id, stream: s.key.stream, metric: s.key.metric, gap, series: [] });
    specs.get(id).series.push(s);
  }
  return { specs: [...specs.values()], experiments };
}

function redraw() {
  const { specs, experiments } = chartSpecs();
  const root = document.getElementById("streams");
  if (specs.length > 0) root.querySelector(":scope > .empty")?.remove();
  let points = 0;
  let markers = 0;
  for (const spec of specs) {
    const data = chartData(spec);
    points += spec.series.reduce((n, s) => n + s.points.size, 0);
    markers += data.alerts.reduce((n, a) => n + a.marks.length, 0);
    drawChart(spec, data, experiments, container(root, spec));
  }
  renderAlerts();
  const body = document.body.dataset;
  body.charts = String(charts.size);
  body.points = String(points);
  body.alerts = String(view.alerts.size);
  body.markers = String(markers);
  body.updates = String(updates);
  body.ready = "true";
}

/** uPlot's columns (versions, then one per series), the bands beside them, and the alerts marked on the chart. */
function chartData(spec) {
  const versions = [...new Set(spec.series.flatMap(s => [...s.points.keys()]))].sort((a, b) => a - b);
  const column = (s, field) => versions.map(v => s.points.has(v) ? s.points.get(v)[field] : null);
  const alerts = spec.gap ? [] : [...view.alerts.values()]
      .filter(t => t.key.stream === spec.stream && t.key.metric === spec.metric);
  return {
    columns: [versions, ...spec.series.map(s => column(s, "value"))],
    bands: spec.series.map(s => ({ low: column(s, "low"), high: column(s, "high") })),
    alerts,
  };
}

function container(root, spec) {
  let section = root.querySelector(`section[data-stream="${CSS.escape(spec.stream)}"]`);
  if (!section) {
    section = document.createElement("section");
    section.dataset.stream = spec.stream;
    section.innerHTML = `<h2></h2><div class="charts"></div>`;
    section.querySelector("h2").textContent = "Stream: " + spec.stream;
    root.appendChild(section);
  }
  let div = section.querySelector(`div.chart[data-chart="${CSS.escape(spec.id)}"]`);
  if (!div) {
    div = document.createElement("div");
    div.className = "chart";
    div.dataset.chart = spec.id;
    section.querySelector(".charts").appendChild(div);
  }
  return div;
}

function drawChart(spec, data, experiments, div) {
  const signature = spec.series.map(s => seriesId(s.key)).join(",");
  const existing = charts.get(spec.id);
  if (existing && existing.signature === signature) {
    existing.data.bands = data.bands;
    existing.data.alerts = data.alerts;
    existing.plot.setData(data.columns);
    return;
  }
  existing?.plot.destroy();
  const holder = { data, signature };
  holder.plot = new uPlot(options(spec, holder, experiments, div), data.columns, div);
  charts.set(spec.id, holder);
}

function options(spec, holder, experiments, div) {
  const topics = [...new Set(spec.series.map(s => s.key.topic))];
  return {
    title: spec.gap ? `${spec.metric}: ID – OOD gap` : `${spec.metric}: ID and OOD`,
    width: Math.max(400, div.clientWidth || 640),
    height: 300,
    cursor: { drag: { x: true, y: false }, sync: { key: spec.stream } },
    scales: { x: { time: false }, y: { range: (u, min, max) => yRange(holder.data, min, max) } },
    axes: [
      { label: "model version", incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] },
      { label: spec.metric },
    ],
    series: [
      { label: "version", value: (u, v) => v == null ? "–" : "v" + v },
      ...spec.series.map((s, i) => ({
        label: `${s.key.experiment} · ${shortTopic(s.key.topic, s.key.stream)}`,
        stroke: s.key.split === "ID" ? "#222" : TOPIC_COLOURS[topics.indexOf(s.key.topic) % TOPIC_COLOURS.length],
        dash: DASHES[experiments.indexOf(s.key.experiment) % DASHES.length],
        width: 2,
        spanGaps: true,
        points: { show: true, size: 5 },
        value: (u, v, si, idx) => legendValue(holder.data, i, v, idx),
      })),
    ],
    hooks: { drawClear: [u => drawBands(u, holder.data)], draw: [u => drawMarkers(u, holder.data)] },
  };
}

function legendValue(data, i, v, idx) {
  if (v == null) return "–";
  const low = idx == null ? null : data.bands[i].low[idx];
  const high = idx == null ? null : data.bands[i].high[idx];
  return low == null || high == null ? fmt(v) : `${fmt(v)} [${fmt(low)}, ${fmt(high)}]`;
}

// uPlot ranges y over the values only; the bands must fit too.
function yRange(data, min, max) {
  for (const b of data.bands) {
    b.low.forEach(v => { if (v != null) min = Math.min(min ?? v, v); });
    b.high.forEach(v => { if (v != null) max = Math.max(max ?? v, v); });
  }
  if (min == null || max == null) return [0, 1];
  const pad = (max - min) * 0.08 || Math.abs(max) * 0.1 || 1;
  return [min - pad, max + pad];
}

/** Shades each shown series' 95% interval, under the lines. */
function drawBands(u, data) {
  const ctx = u.ctx;
  ctx.save();
  ctx.beginPath();
  ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
  ctx.clip();
  data.bands.forEach((band, i) => {
    const series = u.series[i + 1];
    if (!series.show) return;
    const xs = u.data[0];
    const idx = xs.map((_, j) => j).filter(j => band.low[j] != null && band.high[j] != null);
    if (idx.length === 0) return;
    ctx.beginPath();
    idx.forEach((j, n) => {
      const x = u.valToPos(xs[j], "x", true), y = u.valToPos(band.high[j], "y", true);
      n === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y);
    });
    [...idx].reverse().forEach(j => ctx.lineTo(u.valToPos(xs[j], "x", true), u.valToPos(band.low[j], "y", true)));
    ctx.closePath();
    ctx.globalAlpha = 0.15;
    ctx.fillStyle = typeof series.stroke === "function" ? series.stroke(u, i + 1) : series.stroke;
    ctx.fill();
    if (idx.length === 1) {   // one version: a band is a bar
      const x = u.valToPos(xs[idx[0]], "x", true);
      ctx.fillRect(x - 4, u.valToPos(band.high[idx[0]], "y", true), 8,
          u.valToPos(band.low[idx[0]], "y", true) - u.valToPos(band.high[idx[0]], "y", true));
    }
    ctx.globalAlpha = 1;
  });
  ctx.restore();
}

/** A dashed vertical line at each version where an alert on this chart's metric was raised or resolved. */
function drawMarkers(u, data) {
  const ctx = u.ctx;
  ctx.save();
  ctx.font = `${Math.round(11 * devicePixelRatio)}px system-ui, sans-serif`;
  ctx.setLineDash([6, 4]);
  ctx.lineWidth = 1.5 * devicePixelRatio;
  for (const track of data.alerts) {
    for (const mark of track.marks) {
      const x = u.valToPos(mark.version, "x", true);
      if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
      const colour = mark.status === "OPEN" ? OPEN_COLOUR : RESOLVED_COLOUR;
      ctx.strokeStyle = colour;
      ctx.fillStyle = colour;
      ctx.beginPath();
      ctx.moveTo(x, u.bbox.top);
      ctx.lineTo(x, u.bbox.top + u.bbox.height);
      ctx.stroke();
      const label = (mark.status === "OPEN" ? "⚠ " : "✓ ") + shortTopic(track.key.topic, track.key.stream);
      ctx.fillText(label, x + 4, u.bbox.top + 14 * devicePixelRatio);
    }
  }
  ctx.restore();
}

function renderAlerts() {
  const list = document.getElementById("alerts");
  const tracks = [...view.alerts.values()];
  list.replaceChildren(...(tracks.length === 0 ? [emptyAlert()] : tracks.map(alertItem)));
}

function emptyAlert() {
  const li = document.createElement("li");
  li.className = "empty";
  li.textContent = "No alerts.";
  return li;
}

function alertItem(track) {
  const li = document.createElement("li");
  const k = track.key;
  Object.assign(li.dataset, { status: track.status, experiment: k.experiment, topic: k.topic, metric: k.metric });
  const raised = track.marks.filter(m => m.status === "OPEN").map(m => "v" + m.version).join(", ");
  const resolved = track.marks.filter(m => m.status === "RESOLVED").map(m => "v" + m.version).join(", ");
  const last = track.marks[track.marks.length - 1];
  const status = document.createElement("span");
  status.className = "status";
  status.textContent = track.status;
  li.append(status, `${k.experiment} · ${k.topic} · ${k.metric}: raised at ${raised || "–"}`
      + (resolved ? `, resolved at ${resolved}` : "") + ` (v${last.version} vs v${last.referenceVersion}: `
      + `${fmt(last.value)} vs ${fmt(last.referenceValue)}) ${last.reason}`);
  return li;
}

function snapshot() {
  const connection = document.getElementById("connection");
  fetch("api/state").then(response => response.json()).then(state => {
    load(state);
    updates++;
    connection.dataset.state = "snapshot";
    connection.textContent = "snapshot (not live)";
    redraw();
  });
}

window.addEventListener("resize", () => charts.forEach(c => c.plot.setSize({
  width: Math.max(400, c.plot.root.parentElement.clientWidth), height: 300 })));
// A static report (StaticReport) carries its view in window.LEVI_STATE and has no server to ask.
function embedded(state) {
  const connection = document.getElementById("connection");
  load(state);
  updates++;
  connection.dataset.state = "report";
  connection.textContent = "static report";
  redraw();
}

if (window.LEVI_STATE) embedded(window.LEVI_STATE);
else if (new URLSearchParams(location.search).get("live") === "0") snapshot();
else connect();
