// The Baton timeline. "?session=ID" lists the session's turns; "?session=ID&turn=T" draws turn T's
// agent steps and tool calls on a time axis. Everything comes from the session's audit events
// (GET /v1/sessions/{id}/events); while the turn runs, its stream
// (GET /v1/sessions/{id}/turns/{turnId}/stream) says when to read them again. Event data is only
// ever set as text or attribute values, never parsed as HTML. With API tokens on, the page asks for
// a token (or takes it from "#token=..." in the address, which is never sent to the server), keeps it
// for the tab only (sessionStorage), and polls the events while a turn runs, since EventSource cannot
// send an Authorization header.
"use strict";

(() => {
  const EVENTS_PAGE = 1000;
  const TERMINAL = {
    TurnCompleted: "COMPLETED",
    TurnFailed: "FAILED",
    TurnCancelled: "CANCELLED",
    TurnTimedOut: "TIMED_OUT",
    TurnRejected: "REJECTED",
  };
  const STREAM_EVENTS = [
    "turn.started", "step.started", "step.restarted", "step.attempt_failed", "step.completed",
    "tool_call.dispatched", "tool_call.started", "tool_call.completed", "tool_call.attempt_failed",
    "tool_call.awaiting_approval", "tool_call.approval_decided", "turn.ended",
  ];
  const params = new URLSearchParams(location.search);
  const sessionId = params.get("session");
  const turnId = params.get("turn");
  const byId = (id) => document.getElementById(id);
  const TOKEN_KEY = "baton.token";
  const POLL_MS = 1000;
  const token = (() => {
    const fromAddress = new URLSearchParams(location.hash.slice(1)).get("token");
    if (fromAddress) {
      sessionStorage.setItem(TOKEN_KEY, fromAddress);
      history.replaceState(null, "", location.pathname + location.search);
    }
    return sessionStorage.getItem(TOKEN_KEY);
  })();

  /** Thrown when the API wants a token: the page then asks for one. */
  class NeedsToken extends Error {}

  // ---- reading ------------------------------------------------------------------------------

  const sessionPath = () => "/v1/sessions/" + encodeURIComponent(sessionId);

  async function getJson(path) {
    const headers = { Accept: "application/json" };
    if (token) headers.Authorization = "Bearer " + token;
    const response = await fetch(path, { headers });
    const body = await response.json().catch(() => null);
    if (response.status === 401) throw new NeedsToken((body && body.detail) || "a token is needed");
    if (!response.ok) {
      throw new Error((body && (body.detail || body.title)) || "HTTP " + response.status);
    }
    return body;
  }

  /** The session's events from eventSeq {@code from} on, every page. */
  async function readEvents(from) {
    const events = [];
    let next = from;
    while (next !== null && next !== undefined) {
      const page = await getJson(`${sessionPath()}/events?from=${next}&limit=${EVENTS_PAGE}`);
      events.push(...page.events);
      next = page.nextFrom;
    }
    return events;
  }

  /** Milliseconds since the epoch of an ISO-8601 time (Java's Instant may carry nanoseconds). */
  const ms = (iso) => Date.parse(String(iso).replace(/(\.\d{3})\d+/, "$1"));

  // ---- the model ------------------------------------------------------------------------------

  /** One line per turn id; a turn id accepted again is its latest run. */
  function summarizeTurns(events) {
    const turns = new Map();
    for (const e of events) {
      if (!e.turnId) continue;
      let turn = turns.get(e.turnId);
      const fresh = !turn || (turn.endMs !== null && e.type === "TurnAccepted");
      if (fresh && (e.type === "TurnAccepted" || (!turn && e.type === "TurnRejected"))) {
        turn = { turnId: e.turnId, status: "QUEUED", steps: 0, calls: 0,
          startMs: ms(e.occurredAt), endMs: null };
        turns.set(e.turnId, turn);
      }
      if (!turn) continue;
      if (e.type === "TurnStarted") turn.status = "RUNNING";
      if (e.type === "StepAssigned" && e.body.attempt === 0) turn.steps++;
      if (e.type === "StepCompleted") turn.calls += e.body.toolCalls || 0;
      if (TERMINAL[e.type] && turn.endMs === null) {
        turn.status = TERMINAL[e.type];
        turn.endMs = ms(e.occurredAt);
      }
    }
    return [...turns.values()];
  }

  /** The events of the latest run of this page's turn. */
  function eventsOfTurn(events) {
    let from = 0;
    events.forEach((e, i) => {
      if (e.turnId === turnId && e.type === "TurnAccepted") from = i;
    });
    return events.slice(from).filter((e) => e.turnId === turnId);
  }

  /** Rows (agent step attempts and tool calls) and the turn's end, from its events. */
  function buildTimeline(events) {
    const steps = new Map();
    const calls = new Map();
    const indexes = new Map();
    const timeline = { startMs: null, end: null, rows: [] };
    for (const e of events) {
      const at = ms(e.occurredAt);
      const b = e.body || {};
      timeline.startMs = timeline.startMs === null ? at : Math.min(timeline.startMs, at);
      const step = steps.get(b.step + "/" + b.attempt);
      const call = calls.get(b.callId);
      switch (e.type) {
        case "StepAssigned":
          steps.set(b.step + "/" + b.attempt, { kind: "step", step: b.step, attempt: b.attempt,
            startMs: at, endMs: null, notes: [], marks: [] });
          break;
        case "StepCompleted":
          if (step) {
            step.endMs = at;
            step.notes.push(b.toolCalls > 0 ? b.toolCalls + " tool calls" : "answered",
              "worker " + b.workerId);
          }
          break;
        case "StepAttemptFailed": {
          const target = b.callId ? call : step;
          if (!target) break;
          const note = `failed: ${b.error.code}${b.willRetry ? ", tried again" : ""}`;
          target.marks.push({ atMs: at, label: note });
          target.notes.push(note);
          if (!b.callId) target.endMs = at;
          break;
        }
        case "MessageAppended":
          (b.message.toolCalls || []).forEach((c, i) => indexes.set(c.callId, i));
          break;
        case "ToolCallAwaitingApproval":
          calls.set(b.callId, Object.assign(newCall(b, indexes.get(b.callId), b.toolName), {
            approval: { fromMs: at, untilMs: null, decision: null } }));
          break;
        case "ToolCallApprovalDecided":
          if (call && call.approval) decideApproval(call, b, at);
          break;
        case "ToolCallDispatched":
          if (call && call.startMs !== null) {
            call.marks.push({ atMs: at, label: "sent again, attempt " + b.attempt });
            call.notes.push("sent again");
          } else {
            // A call that waited for approval goes out once it is approved.
            if (!call) calls.set(b.callId, newCall(b, b.index, b.name));
            Object.assign(calls.get(b.callId), { index: b.index,
              operationClass: b.operationClass, startMs: at });
          }
          break;
        case "ToolCallDeferred":
          if (call) {
            call.marks.push({ atMs: at, label: "deferred: " + b.reason });
            call.notes.push("deferred: " + b.reason);
          }
          break;
        case "ToolCallStarted":
          if (call) Object.assign(call, { startMs: ms(b.startedAt), workerId: b.workerId });
          break;
        case "ToolCallCompleted":
          if (call) {
            Object.assign(call, { startMs: ms(b.startedAt), endMs: ms(b.finishedAt),
              lockWaitMs: b.lockWaitMs || 0, workerId: b.workerId });
            if (b.isError) call.notes.push("tool reported an error");
          }
          break;
        default:
          if (TERMINAL[e.type] && !timeline.end) timeline.end = turnEnd(e, at);
      }
    }
    // Each step's attempts, then the tool calls it asked for, in the agent's order.
    const order = (r) => (r.kind === "tool" ? [r.step, 1, r.index] : [r.step, 0, r.attempt]);
    const byOrder = (a, b) => order(a).map((v, i) => v - order(b)[i]).find((d) => d !== 0) || 0;
    timeline.rows = [...steps.values(), ...calls.values()].sort(byOrder);
    return timeline;
  }

  /** A tool call's row before it runs: it has no start while it waits for approval. */
  function newCall(b, index, name) {
    return { kind: "tool", callId: b.callId, step: b.step, index: index === undefined ? null : index,
      name, operationClass: null, startMs: null, endMs: null, lockWaitMs: 0, approval: null,
      notes: [], marks: [] };
  }

  /** An approval's end: an approved call goes out next; a denied or expired one never runs. */
  function decideApproval(call, b, at) {
    const decision = String(b.decision);
    Object.assign(call.approval, { untilMs: at, decision });
    const ran = decision === "APPROVED";
    const by = decision === "EXPIRED" ? "" : " by " + b.decidedBy;
    const note = decision.toLowerCase() + by + (b.edited ? ", arguments edited" : "") +
      (b.reason ? ": " + b.reason : "") + (ran ? "" : "; never ran");
    call.notes.push(note);
    if (!ran) call.marks.push({ atMs: at, label: note });
  }

  function turnEnd(e, at) {
    const b = e.body || {};
    const why = [b.reason, b.error && b.error.code, b.byTurnId && "by " + b.byTurnId, b.detail,
      b.error && b.error.message, b.code].filter(Boolean).join(", ");
    return { atMs: at, status: TERMINAL[e.type], label: TERMINAL[e.type] + (why ? ": " + why : "") };
  }

  // ---- drawing --------------------------------------------------------------------------------

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined) node.setAttribute(name, String(value));
    }
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function say(text, state) {
    byId("status").textContent = text;
    if (state) byId("page").dataset.state = state;
  }

  const duration = (millis) =>
    millis < 1000 ? Math.round(millis) + " ms" : (millis / 1000).toFixed(millis < 10000 ? 2 : 1) + " s";

  function showTurns(turns) {
    const rows = byId("turn-rows");
    rows.replaceChildren();
    for (const turn of turns.slice().reverse()) {
      const link = el("a", { href: "?" + new URLSearchParams({ session: sessionId, turn: turn.turnId }) },
        turn.turnId);
      const took = turn.endMs === null ? "" : duration(turn.endMs - turn.startMs);
      const accepted = new Date(turn.startMs).toISOString().replace("T", " ");
      const cells = [turn.status, accepted, turn.steps, turn.calls, took]
        .map((text) => el("td", {}, String(text)));
      const first = el("td");
      first.append(link);
      rows.append(el("tr", { "data-turn-id": turn.turnId, "data-status": turn.status }));
      rows.lastChild.append(first, ...cells);
    }
    byId("turns").hidden = false;
    say(`${turns.length} turn(s) of session ${sessionId}`, "ready");
  }

  function showTimeline(timeline, live) {
    const nowMs = Date.now();
    const endMs = Math.max(
      timeline.end ? timeline.end.atMs : nowMs,
      ...timeline.rows.map((r) => r.endMs || 0));
    const startMs = Math.min(timeline.startMs,
      ...timeline.rows.filter((r) => r.startMs !== null).map(drawnFromMs));
    const span = Math.max(endMs - startMs, 1);
    const pct = (t) => ((t - startMs) / span) * 100 + "%";
    const place = (node, from, to) => {
      node.style.left = pct(from);
      node.style.width = ((Math.max(to - from, 0) / span) * 100) + "%";
      return node;
    };
    drawAxis(span, pct, startMs);
    const list = byId("rows");
    list.replaceChildren();
    const openUntilMs = timeline.end ? timeline.end.atMs : nowMs;
    for (const row of timeline.rows) {
      list.append(drawRow(row, place, pct, openUntilMs, Boolean(timeline.end)));
    }
    if (timeline.end) {
      const end = el("li", { class: "row end " + timeline.end.status.toLowerCase() });
      const track = el("span", { class: "track" });
      track.append(place(el("span", { class: "mark", "data-kind": "turn-end",
        "data-status": timeline.end.status, "data-at-ms": timeline.end.atMs,
        title: timeline.end.label }, "■"), timeline.end.atMs, timeline.end.atMs));
      end.append(el("span", { class: "label" }, "turn ended " + timeline.end.label), track);
      list.append(end);
    }
    byId("turn-summary").textContent = timeline.end
      ? `${timeline.end.label}; took ${duration(timeline.end.atMs - timeline.startMs)}`
      : (live ? "running; updates as it goes" : "not ended");
    byId("timeline").hidden = false;
  }

  function drawAxis(span, pct, startMs) {
    const axis = byId("axis");
    axis.replaceChildren();
    const raw = span / 8;
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const tick = [1, 2, 5, 10].map((f) => f * power).find((t) => t >= raw);
    // The last tick's label is left out when it would run past the right edge.
    for (let t = 0; t <= span && (t === 0 || t / span < 0.93); t += tick) {
      const label = el("span", { class: "tick" }, duration(t));
      label.style.left = pct(startMs + t);
      axis.append(label);
    }
  }

  /** Where a row's drawing starts: a tool call's wait for the turn lock comes before its start. */
  const drawnFromMs = (row) => row.startMs - (row.kind === "tool" ? row.lockWaitMs : 0);

  /** A tool call's class, READ or WRITE, once it is known; empty for a step. */
  const classOf = (row) => (row.kind === "tool" ? row.operationClass || "" : "");

  function drawRow(row, place, pct, openUntilMs, ended) {
    const tool = row.kind === "tool";
    const cls = classOf(row);
    const waiting = Boolean(row.approval) && row.approval.decision === null;
    const ran = row.startMs !== null;
    const open = ran && row.endMs === null;
    const end = open ? openUntilMs : row.endMs;
    const name = tool
      ? [row.index === null ? "" : "#" + row.index, row.name, cls].filter(Boolean).join(" ") +
        (row.workerId ? " · worker " + row.workerId : "")
      : `step ${row.step}, attempt ${row.attempt}`;
    const notes = row.notes.slice();
    if (waiting) notes.push("awaiting approval");
    if (ended && (open || waiting)) notes.push("cut off by the turn's end");
    else if (open) notes.push("running");
    const item = el("li", { class: "row " + (tool ? "tool " + cls.toLowerCase() : "step") +
      (row.marks.length || open || (waiting && ended) ? " troubled" : "") });
    const track = el("span", { class: "track" });
    if (row.approval) track.append(drawApproval(row, place, openUntilMs));
    if (ran) track.append(drawBar(row, place, end, name));
    for (const mark of row.marks) {
      const tickMark = el("span", { class: "mark", "data-kind": "mark", "data-at-ms": mark.atMs,
        title: mark.label, "aria-label": mark.label }, "✕");
      tickMark.style.left = pct(mark.atMs);
      track.append(tickMark);
    }
    item.append(el("span", { class: "label" }, name + (notes.length ? " — " + notes.join("; ") : "")),
      track);
    return item;
  }

  /** The time a call waited for a person's decision, hatched, then what they decided. */
  function drawApproval(row, place, openUntilMs) {
    const { fromMs, untilMs, decision } = row.approval;
    const end = untilMs === null ? openUntilMs : untilMs;
    const text = decision === "DENIED" || decision === "EXPIRED"
      ? decision.toLowerCase() : "awaiting approval";
    return place(el("span", {
      class: "approval" + (decision ? " " + decision.toLowerCase() : ""),
      "data-kind": "approval-wait", "data-call-id": row.callId, "data-index": row.index,
      "data-step": row.step, "data-start-ms": fromMs, "data-end-ms": untilMs,
      "data-open": untilMs === null ? "true" : null, "data-decision": decision,
      title: `awaited approval ${duration(end - fromMs)}` +
        (decision ? ", " + decision.toLowerCase() : ""),
    }, text), fromMs, end);
  }

  /** The bar of a step attempt, or of a call from its start, after its wait for the turn lock. */
  function drawBar(row, place, end, name) {
    const tool = row.kind === "tool";
    const cls = classOf(row);
    const open = row.endMs === null;
    const parts = document.createDocumentFragment();
    if (tool && row.lockWaitMs > 0) {
      parts.append(place(el("span", { class: "wait", "data-kind": "lock-wait",
        "data-call-id": row.callId, title: "waited " + duration(row.lockWaitMs) + " for the lock" }),
      drawnFromMs(row), row.startMs));
    }
    const bar = el("span", {
      class: "bar" + (open ? " open" : ""), "data-kind": row.kind, "data-class": tool ? cls : null,
      "data-call-id": tool ? row.callId : null, "data-index": tool ? row.index : null,
      "data-step": row.step, "data-attempt": tool ? null : row.attempt,
      "data-start-ms": row.startMs, "data-end-ms": open ? null : row.endMs,
      "data-lock-wait-ms": tool ? row.lockWaitMs : null, "data-open": open ? "true" : null,
      title: `${name}: ${duration(end - row.startMs)}`,
    }, (tool ? cls + " " : "") + duration(end - row.startMs));
    parts.append(place(bar, row.startMs, end));
    return parts;
  }

  // ---- the page -------------------------------------------------------------------------------

  async function turnPage() {
    byId("turn-title").textContent = `Turn ${turnId} of session ${sessionId}`;
    let events = await readEvents(0);
    const redraw = (live) => {
      const timeline = buildTimeline(eventsOfTurn(events));
      if (timeline.startMs === null) throw new Error(`no events of turn ${turnId}`);
      showTimeline(timeline, live);
      return timeline;
    };
    if (redraw(false).end) return say("Turn ended", "ready");
    say("Live: the turn is running", "live");
    // One read at a time; an event that arrives during a read asks for one more after it.
    let reading = null;
    let again = false;
    const refresh = () => {
      if (reading) {
        again = true;
        return reading;
      }
      reading = readEvents(events.length ? events[events.length - 1].eventSeq + 1 : 0)
        .then((more) => { events = events.concat(more); redraw(true); })
        .catch((error) => say("Could not read the events: " + error.message, "error"))
        .finally(() => {
          reading = null;
          if (again) {
            again = false;
            refresh();
          }
        });
      return reading;
    };
    const ticker = setInterval(() => redraw(true), 1000);
    let stopped = false;
    let stream = null;
    let poller = null;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      if (stream) stream.close();
      clearInterval(poller);
      clearInterval(ticker);
      while (reading) await reading;
      await refresh();
      say("Turn ended", "ready");
    };
    if (token) {
      poller = setInterval(() => refresh().then(() => redraw(true).end && stop()), POLL_MS);
      return;
    }
    stream = new EventSource(`${sessionPath()}/turns/${encodeURIComponent(turnId)}/stream`);
    STREAM_EVENTS.forEach((name) =>
      stream.addEventListener(name, () => (name === "turn.ended" ? stop() : refresh())));
    stream.addEventListener("error", () => {
      if (stream.readyState === EventSource.CLOSED) stop();
    });
  }

  function askForToken(reason) {
    const form = byId("token-form");
    form.hidden = false;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, byId("token").value.trim());
      location.reload();
    });
    say("An API token is needed: " + reason, "error");
  }

  async function main() {
    if (!sessionId) {
      byId("pick").hidden = false;
      return say("Which session?", "ready");
    }
    if (turnId) return turnPage();
    byId("turn-title").textContent = "";
    showTurns(summarizeTurns(await readEvents(0)));
  }

  main().catch((error) =>
    error instanceof NeedsToken
      ? askForToken(error.message)
      : say("Could not show the timeline: " + error.message, "error"));
})();
