// Hedge dashboard: draws the snapshots of `hedge dashboard` on <canvas>. Plain JavaScript, no library, nothing
// loaded from anywhere but the process that serves this page. Every number a chart shows is also written into the
// page as text (an element with data-k, the key, and data-v, the raw value) so that it can be read and checked.
"use strict";

(function () {
  const STALE_AFTER_MS = 3500;       // no event for this long: the page says so
  const HISTORY_MS = 600000;         // the time charts' span, as the model keeps it
  const COLORS = { p50: "#2563eb", p99: "#d97706", p999: "#dc2626", max: "#6b7280" };
  const PALETTE = ["#2563eb", "#dc2626", "#059669", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#65a30d",
    "#4b5563", "#9333ea", "#ea580c", "#0d9488"];
  const FABRIC_HOPS = ["SEQUENCED_TO_COMMITTED", "SEQUENCED_TO_FIRST_RESPONSE", "CLIENT_ROUND_TRIP"];

  let lastState = null;
  let lastEventAt = 0;
  let connected = false;

  // ---- formatting ----

  function fmtNs(ns) {
    if (ns === null || ns === undefined || ns < 0) return "\u2013";
    if (ns < 1000) return ns + " ns";
    if (ns < 1e6) return (ns / 1e3).toFixed(ns < 1e4 ? 2 : 1) + " \u00b5s";
    if (ns < 1e9) return (ns / 1e6).toFixed(ns < 1e7 ? 3 : 2) + " ms";
    return (ns / 1e9).toFixed(3) + " s";
  }

  function fmtInt(n) {
    if (n === null || n === undefined || n < 0) return "\u2013";
    return Math.round(n).toLocaleString("en-US");
  }

  // ---- DOM helpers ----

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // a number as text, with its key and raw value in attributes
  function num(key, raw, text, cls) {
    const e = el("span", cls ? "num " + cls : "num", text);
    e.setAttribute("data-k", key);
    e.setAttribute("data-v", String(raw));
    return e;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function table(node, headers, rows) {
    clear(node);
    const head = el("tr");
    headers.forEach(h => head.appendChild(el("th", null, h)));
    node.appendChild(head);
    rows.forEach(cells => {
      const tr = el("tr");
      cells.forEach(c => {
        const td = el("td");
        if (c instanceof Node) td.appendChild(c); else td.textContent = c;
        tr.appendChild(td);
      });
      node.appendChild(tr);
    });
  }

  // ---- canvas ----

  function prepare(canvas) {
    const ratio = window.devicePixelRatio || 1;
    const w = canvas.clientWidth || 400, h = canvas.clientHeight || 150;
    if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
      canvas.width = Math.round(w * ratio);
      canvas.height = Math.round(h * ratio);
    }
    const ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.font = "11px system-ui, sans-serif";
    return { ctx, w, h };
  }

  function frame(ctx, w, h, pad) {
    ctx.strokeStyle = "#d9dde5";
    ctx.lineWidth = 1;
    ctx.strokeRect(pad.l + 0.5, pad.t + 0.5, w - pad.l - pad.r, h - pad.t - pad.b);
  }

  function noData(ctx, w, h, text) {
    ctx.fillStyle = "#98a2b3";
    ctx.textAlign = "center";
    ctx.fillText(text, w / 2, h / 2);
  }

  // latency axis, log10 of ns, with a line per decade
  function logAxis(values) {
    let lo = Infinity, hi = -Infinity;
    values.forEach(v => { if (v > 0) { lo = Math.min(lo, v); hi = Math.max(hi, v); } });
    if (!isFinite(lo)) return null;
    const min = Math.pow(10, Math.floor(Math.log10(lo)));
    let max = Math.pow(10, Math.ceil(Math.log10(hi)));
    if (max <= min) max = min * 10;
    return { min: Math.log10(min), max: Math.log10(max) };
  }

  function decadeLabel(d) {
    return fmtNs(Math.pow(10, d)).replace(".00 ", " ").replace(".0 ", " ").replace(".000 ", " ");
  }

  // p50/p99/p99.9/max over the last ten minutes; points are [atMs, p50, p99, p999, max]
  function timeChart(canvas, points, nowMs) {
    const { ctx, w, h } = prepare(canvas);
    const pad = { l: 56, r: 14, t: 9, b: 18 };
    frame(ctx, w, h, pad);
    const x0 = nowMs - HISTORY_MS;
    const x = t => pad.l + (t - x0) / HISTORY_MS * (w - pad.l - pad.r);
    ctx.fillStyle = "#667085";
    ctx.textAlign = "center";
    for (let m = 10; m >= 0; m -= 2) {
      ctx.fillText(m === 0 ? "now" : "-" + m + " min", x(nowMs - m * 60000), h - 5);
    }
    const axis = logAxis(points.flatMap(p => [p[1], p[4]]));
    if (!axis) { noData(ctx, w, h, "no samples"); return; }
    const y = v => {
      const l = Math.log10(Math.max(v, Math.pow(10, axis.min)));
      return h - pad.b - (l - axis.min) / (axis.max - axis.min) * (h - pad.t - pad.b);
    };
    ctx.textAlign = "right";
    for (let d = axis.min; d <= axis.max; d++) {
      const yy = Math.round(y(Math.pow(10, d))) + 0.5;
      ctx.strokeStyle = "#eef0f4";
      ctx.beginPath(); ctx.moveTo(pad.l, yy); ctx.lineTo(w - pad.r, yy); ctx.stroke();
      ctx.fillStyle = "#667085";
      ctx.fillText(decadeLabel(d), pad.l - 4, yy + 4);
    }
    [["max", 4], ["p999", 3], ["p99", 2], ["p50", 1]].forEach(([name, i]) => {
      ctx.strokeStyle = COLORS[name];
      ctx.lineWidth = name === "max" ? 1 : 1.6;
      ctx.beginPath();
      let prev = null;
      points.forEach(p => {
        const px = x(p[0]), py = y(p[i]);
        // a gap of more than 3 s in the reports is a gap in the line, not a straight bridge across it
        if (prev === null || p[0] - prev > 3000) ctx.moveTo(px, py); else ctx.lineTo(px, py);
        prev = p[0];
      });
      ctx.stroke();
    });
  }

  // HdrHistogram's plot: percentile on a log axis of 1/(1-p), latency on a linear axis
  function spectrumChart(canvas, spectrum) {
    const { ctx, w, h } = prepare(canvas);
    const pad = { l: 64, r: 24, t: 9, b: 20 };
    frame(ctx, w, h, pad);
    const TOP = 5; // 99.999 %
    const px = p => {
      const d = p >= 100 ? TOP : Math.min(TOP, Math.log10(1 / (1 - p / 100)));
      return pad.l + d / TOP * (w - pad.l - pad.r);
    };
    ctx.fillStyle = "#667085";
    ctx.textAlign = "center";
    [0, 90, 99, 99.9, 99.99, 99.999].forEach(p => {
      const xx = Math.round(px(p)) + 0.5;
      ctx.strokeStyle = "#eef0f4";
      ctx.beginPath(); ctx.moveTo(xx, pad.t); ctx.lineTo(xx, h - pad.b); ctx.stroke();
      ctx.fillText(p + "%", Math.min(Math.max(xx, pad.l + 12), w - pad.r - 22), h - 5);
    });
    const series = spectrum.series || [];
    if (series.length === 0) { noData(ctx, w, h, "no interval histograms in the last minute"); return; }
    // latency on a log axis: hops a thousand times apart (journal append, a far site's margin) share the chart
    const axis = logAxis(series.flatMap(s => s.points.map(p => p[1])));
    const py = v => {
      const l = Math.log10(Math.max(v, Math.pow(10, axis.min)));
      return h - pad.b - (l - axis.min) / (axis.max - axis.min) * (h - pad.t - pad.b);
    };
    ctx.textAlign = "right";
    for (let d = axis.min; d <= axis.max; d++) {
      const yy = Math.round(py(Math.pow(10, d))) + 0.5;
      ctx.strokeStyle = "#eef0f4";
      ctx.beginPath(); ctx.moveTo(pad.l, yy); ctx.lineTo(w - pad.r, yy); ctx.stroke();
      ctx.fillStyle = "#667085";
      ctx.fillText(decadeLabel(d), pad.l - 4, yy + 4);
    }
    series.forEach((s, i) => {
      ctx.strokeStyle = PALETTE[i % PALETTE.length];
      ctx.lineWidth = 1.6;
      ctx.beginPath();
      s.points.forEach((p, j) => { if (j === 0) ctx.moveTo(px(p[0]), py(p[1])); else ctx.lineTo(px(p[0]), py(p[1])); });
      ctx.stroke();
    });
  }

  function niceCeil(v) {
    if (v <= 0) return 1;
    const e = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 2.5, 5, 10]) if (v <= m * e) return m * e;
    return 10 * e;
  }

  function winsChart(canvas, replicas) {
    const { ctx, w, h } = prepare(canvas);
    const rows = replicas.filter(r => r.winsTotal >= 0);
    if (rows.length === 0) { noData(ctx, w, h, "no report from an active gateway yet"); return; }
    const pad = { l: 90, r: 110, t: 6, b: 6 };
    const band = (h - pad.t - pad.b) / rows.length;
    const total = rows.reduce((a, r) => a + r.winsTotal, 0) || 1;
    rows.forEach((r, i) => {
      const y = pad.t + i * band;
      const share = r.winsTotal / total;
      ctx.fillStyle = PALETTE[i % PALETTE.length];
      ctx.fillRect(pad.l, y + band * 0.2, share * (w - pad.l - pad.r), band * 0.6);
      ctx.fillStyle = "#1d2330";
      ctx.textAlign = "right";
      ctx.fillText(r.site, pad.l - 6, y + band / 2 + 4);
      ctx.textAlign = "left";
      ctx.fillText(fmtInt(r.winsTotal) + " (" + (share * 100).toFixed(1) + "%)",
        pad.l + share * (w - pad.l - pad.r) + 6, y + band / 2 + 4);
    });
  }

  function lagChart(canvas, replicas, nowMs) {
    const { ctx, w, h } = prepare(canvas);
    const pad = { l: 56, r: 8, t: 6, b: 18 };
    frame(ctx, w, h, pad);
    const all = replicas.flatMap(r => r.lagPoints.map(p => p[2]));
    if (all.length === 0) { noData(ctx, w, h, "no lag reported yet"); return; }
    const maxV = niceCeil(Math.max(1, ...all));
    const x0 = nowMs - HISTORY_MS;
    const x = t => pad.l + (t - x0) / HISTORY_MS * (w - pad.l - pad.r);
    const y = v => h - pad.b - v / maxV * (h - pad.t - pad.b);
    ctx.fillStyle = "#667085";
    ctx.textAlign = "right";
    for (let i = 0; i <= 4; i++) {
      const v = maxV * i / 4;
      ctx.fillText(v.toLocaleString("en-US") + " ms", pad.l - 4, y(v) + 4);
    }
    ctx.textAlign = "center";
    for (let m = 10; m >= 0; m -= 2) ctx.fillText(m === 0 ? "now" : "-" + m + " min", x(nowMs - m * 60000), h - 5);
    replicas.forEach((r, i) => {
      ctx.strokeStyle = PALETTE[i % PALETTE.length];
      ctx.lineWidth = 1.6;
      ctx.beginPath();
      r.lagPoints.forEach((p, j) => { if (j === 0) ctx.moveTo(x(p[0]), y(p[2])); else ctx.lineTo(x(p[0]), y(p[2])); });
      ctx.stroke();
    });
  }

  // ---- sections ----

  function hopCard(s, nowMs) {
    const card = el("div", "card");
    card.setAttribute("data-series", s.key);
    card.appendChild(el("h4", null, s.label));
    const canvas = el("canvas", "chart small");
    card.appendChild(canvas);
    const values = el("div", "values");
    values.appendChild(num("p50:" + s.key, s.last.p50Ns, "p50 " + fmtNs(s.last.p50Ns), "p50"));
    values.appendChild(num("p99:" + s.key, s.last.p99Ns, "p99 " + fmtNs(s.last.p99Ns), "p99"));
    values.appendChild(num("p999:" + s.key, s.last.p999Ns, "p99.9 " + fmtNs(s.last.p999Ns), "p999"));
    values.appendChild(num("max:" + s.key, s.last.maxNs, "max " + fmtNs(s.last.maxNs), "max"));
    values.appendChild(num("samples:" + s.key, s.last.samples, fmtInt(s.last.samples) + " samples/s"));
    card.appendChild(values);
    return { card, draw: () => timeChart(canvas, s.points, nowMs) };
  }

  function renderHops(state) {
    const fabric = document.getElementById("hops"), perReplica = document.getElementById("per-replica");
    clear(fabric); clear(perReplica);
    const draws = [];
    state.series.forEach(s => {
      const target = s.subjectId === 0 && FABRIC_HOPS.indexOf(s.hop) >= 0 ? fabric : perReplica;
      const { card, draw } = hopCard(s, state.nowMs);
      target.appendChild(card);
      draws.push(draw);
    });
    if (!fabric.firstChild) fabric.appendChild(el("p", "empty", "no hop has reported samples yet"));
    if (!perReplica.firstChild) perReplica.appendChild(el("p", "empty", "no replica has reported samples yet"));
    draws.forEach(d => d()); // after layout, so that each canvas has its size
  }

  function renderSpectrum(state) {
    spectrumChart(document.getElementById("spectrum"), state.spectrum);
    const rows = state.spectrum.series.map((s, i) => {
      const name = el("span");
      const sw = el("span", "swatch");
      sw.style.background = PALETTE[i % PALETTE.length];
      name.appendChild(sw);
      name.appendChild(document.createTextNode(s.label));
      return [name, num("spectrum-samples:" + s.key, s.samples, fmtInt(s.samples)),
        num("spectrum-p50:" + s.key, s.p50Ns, fmtNs(s.p50Ns)),
        num("spectrum-p99:" + s.key, s.p99Ns, fmtNs(s.p99Ns)),
        num("spectrum-p999:" + s.key, s.p999Ns, fmtNs(s.p999Ns)),
        num("spectrum-p9999:" + s.key, s.p9999Ns, fmtNs(s.p9999Ns)),
        num("spectrum-max:" + s.key, s.maxNs, fmtNs(s.maxNs))];
    });
    table(document.getElementById("spectrum-table"),
      ["last 60 s", "samples", "p50", "p99", "p99.9", "p99.99", "max"], rows);
  }

  function renderReplicas(state) {
    winsChart(document.getElementById("wins"), state.replicas);
    table(document.getElementById("wins-table"), ["site", "won (total)", "won, last minute", "share, last minute"],
      state.replicas.filter(r => r.winsTotal >= 0).map(r => [r.site,
        num("wins:" + r.replicaId, r.winsTotal, fmtInt(r.winsTotal)),
        num("wins-minute:" + r.replicaId, r.winsLastMinute, fmtInt(r.winsLastMinute)),
        num("win-share:" + r.replicaId, r.winShareLastMinute, (r.winShareLastMinute * 100).toFixed(1) + "%")]));
    lagChart(document.getElementById("lag"), state.replicas, state.nowMs);
    table(document.getElementById("lag-table"), ["site", "lag (seqs)", "lag (ms)"],
      state.replicas.map((r, i) => {
        const name = el("span");
        const sw = el("span", "swatch");
        sw.style.background = PALETTE[i % PALETTE.length];
        name.appendChild(sw);
        name.appendChild(document.createTextNode(r.site));
        return [name, num("lag-seq:" + r.replicaId, r.lagSeq, fmtInt(r.lagSeq)),
          num("lag-ms:" + r.replicaId, r.lagMs, fmtInt(r.lagMs))];
      }));
  }

  function health(h, key) {
    return num(key, h, h, "health-" + h);
  }

  function renderHealth(state) {
    table(document.getElementById("health-gateways"),
      ["gateway", "health", "role", "epoch", "last seq", "clients", "in flight", "report age"],
      state.gateways.map(g => ["gateway " + g.gatewayId, health(g.health, "health-gateway:" + g.gatewayId), g.role,
        fmtInt(g.epoch), fmtInt(g.lastSeq), fmtInt(g.clients), fmtInt(g.inFlight),
        g.reportAgeMs < 0 ? "never" : fmtInt(g.reportAgeMs) + " ms"]));
    table(document.getElementById("health-replicas"),
      ["replica", "health", "state", "applied seq", "lag (seqs)", "lag (ms)", "divergences", "wins", "report age"],
      state.healthReplicas.map(r => [r.site, health(r.health, "health-replica:" + r.replicaId), r.state,
        fmtInt(r.appliedSeq), fmtInt(r.lagSeq), fmtInt(r.lagMs), fmtInt(r.divergences), fmtInt(r.wins),
        r.reportAgeMs < 0 ? "never" : fmtInt(r.reportAgeMs) + " ms"]));
    table(document.getElementById("roles"),
      ["role", "state", "epoch", "seq", "commit / journaled", "free disk", "GC ms/s", "received"],
      state.roles.map(r => [r.name, num("state:" + r.kind + ":" + r.roleId, r.state, r.state), fmtInt(r.epoch),
        num("seq:" + r.kind + ":" + r.roleId, r.seq, fmtInt(r.seq)), fmtInt(r.commitSeq),
        r.freeDiskBytes < 0 ? "?" : (r.freeDiskBytes / 1073741824).toFixed(1) + " GiB", fmtInt(r.gcPauseMs),
        fmtInt(r.ageMs) + " ms ago"]));
    const alarms = document.getElementById("alarms");
    clear(alarms);
    if (state.alarms.length === 0) alarms.appendChild(el("li", "empty", "none"));
    state.alarms.forEach(a => {
      const li = el("li");
      li.setAttribute("data-k", "alarm:" + a.alarmId);
      li.setAttribute("data-v", a.health);
      li.appendChild(el("span", "health-" + a.health, a.health));
      li.appendChild(document.createTextNode(" " + a.subject + " since " +
        new Date(a.raisedAtMs).toISOString().substring(11, 19) + " UTC: " + a.reason));
      alarms.appendChild(li);
    });
  }

  function renderFabric(state) {
    const node = document.getElementById("fabric");
    clear(node);
    const f = state.fabric;
    if (!f) { node.textContent = "no health report from a gateway yet"; return; }
    const part = (label, key, raw, text) => {
      node.appendChild(document.createTextNode(label + " "));
      const b = el("b");
      b.appendChild(num(key, raw, text));
      node.appendChild(b);
      node.appendChild(document.createTextNode("  "));
    };
    part("active gateway", "active-gateway", f.activeGatewayId, f.activeGatewayId === 0 ? "none" : String(f.activeGatewayId));
    part("epoch", "epoch", f.epoch, fmtInt(f.epoch));
    part("last seq", "last-seq", f.lastSeq, fmtInt(f.lastSeq));
    part("committed", "commit-seq", f.commitSeq, fmtInt(f.commitSeq));
    if (f.suspended) part("", "suspended", true, "SUSPENDED");
  }

  // the banner: LIVE, STALE (the fabric or the dashboard went quiet) or DISCONNECTED (the page lost the dashboard)
  function renderFeed() {
    const node = document.getElementById("feed");
    const now = Date.now();
    let kind, text;
    if (!lastState) {
      kind = "waiting"; text = connected ? "waiting for the first snapshot" : "DISCONNECTED: cannot reach hedge dashboard";
    } else if (!connected) {
      kind = "down"; text = "DISCONNECTED from hedge dashboard (retrying); showing data from " +
        Math.round((now - lastEventAt) / 1000) + " s ago";
    } else if (now - lastEventAt > STALE_AFTER_MS) {
      kind = "stale"; text = "STALE: no update from hedge dashboard for " + Math.round((now - lastEventAt) / 1000) + " s";
    } else if (!lastState.feed.connected) {
      kind = "down"; text = "FEED DISCONNECTED: " + lastState.feed.detail;
    } else if (lastState.feed.stale) {
      kind = "stale"; text = "STALE: no message from the fabric for " +
        (lastState.feed.lastMessageAgeMs < 0 ? "ever" : Math.round(lastState.feed.lastMessageAgeMs / 1000) + " s") +
        " (" + lastState.feed.detail + ")";
    } else {
      kind = "live"; text = "LIVE: " + lastState.feed.detail;
    }
    node.className = "feed feed-" + kind;
    node.setAttribute("data-v", kind);
    node.textContent = text;
    document.body.className = kind;
  }

  function render(state) {
    renderFeed();
    renderFabric(state);
    renderHops(state);
    renderSpectrum(state);
    renderReplicas(state);
    renderHealth(state);
    document.body.setAttribute("data-rendered-at", String(state.nowMs));
  }

  function onState(text) {
    try {
      const state = JSON.parse(text);
      lastState = state;
      lastEventAt = Date.now();
      render(state);
    } catch (e) {
      document.getElementById("feed").textContent = "cannot draw a snapshot: " + e;
    }
  }

  function start() {
    // ?events=N: stop listening after N events (a headless browser with a virtual time budget waits for open
    // requests, and the event stream never ends by itself)
    const maxEvents = Number(new URLSearchParams(window.location.search).get("events")) || 0;
    let received = 0;
    // one snapshot at once, then the stream
    fetch("api/state", { cache: "no-store" }).then(r => r.text()).then(t => { connected = true; onState(t); })
      .catch(() => { connected = false; renderFeed(); });
    const events = new EventSource("events");
    events.addEventListener("state", e => {
      connected = true;
      onState(e.data);
      received++;
      document.body.setAttribute("data-events", String(received));
      if (maxEvents > 0 && received >= maxEvents) events.close();
    });
    events.onopen = () => { connected = true; renderFeed(); };
    events.onerror = () => { connected = false; renderFeed(); };
    setInterval(renderFeed, 1000);
    window.addEventListener("resize", () => { if (lastState) render(lastState); });
  }

  start();
})();
