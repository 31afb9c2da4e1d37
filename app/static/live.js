// Live interview page: autosave with revisions, an offline copy in localStorage, section timers and
// keyboard navigation. No build step and no libraries: the server renders the page, this enhances it.
(() => {
  "use strict";
  const root = document.getElementById("live");
  if (!root) return;
  const interviewId = root.dataset.interview;
  const editable = root.dataset.editable === "true";
  const csrf = root.dataset.csrf;
  const storeKey = `desirelines.live.${interviewId}`;
  const statusBox = document.getElementById("save-status");
  const questions = Array.from(root.querySelectorAll(".live-q"));
  const sections = Array.from(root.querySelectorAll(".live-section"));
  const SAVE_EVERY_MS = 3000;

  let current = 0; // index of the current question
  let lastRevision = 0;
  let inFlight = false;
  let pending = readPending(); // question id -> {text, notes, quotes, revision}

  // ---- state of one question ------------------------------------------------------------------
  const byId = (qid) => questions.find((q) => q.dataset.question === qid);
  const field = (q, name) => q.querySelector(`textarea[data-field="${name}"]`);
  const quotesOf = (q) => JSON.parse(q.dataset.quotes || "[]");

  function snapshot(q) {
    return { text: field(q, "text").value, notes: field(q, "notes").value, quotes: quotesOf(q) };
  }

  function nextRevision() {
    lastRevision = Math.max(Date.now(), lastRevision + 1);
    return lastRevision;
  }

  function readPending() {
    try {
      return JSON.parse(localStorage.getItem(storeKey) || "{}");
    } catch (err) {
      return {};
    }
  }

  function writePending() {
    try {
      if (Object.keys(pending).length) localStorage.setItem(storeKey, JSON.stringify(pending));
      else localStorage.removeItem(storeKey);
    } catch (err) {
      /* private mode or full storage: the server copy is still the one that counts */
    }
  }

  function changed(q) {
    if (!editable) return;
    pending[q.dataset.question] = { ...snapshot(q), revision: nextRevision() };
    writePending();
    setStatus("Unsaved changes", "dirty");
    updateProgress();
  }

  // ---- saving -------------------------------------------------------------------------------------
  function setStatus(text, kind) {
    if (!statusBox) return;
    statusBox.textContent = text;
    statusBox.dataset.kind = kind;
  }

  const clock = () => new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });

  function put(qid, body, keepalive) {
    return fetch(`/api/interviews/${interviewId}/answers/${encodeURIComponent(qid)}`, {
      method: "PUT",
      keepalive,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body),
    });
  }

  async function saveOne(qid, entry, keepalive) {
    let response;
    try {
      response = await put(qid, entry, keepalive);
    } catch (err) {
      return "offline";
    }
    if (response.ok) {
      const saved = await response.json();
      const q = byId(qid);
      if (q) q.dataset.revision = String(saved.revision);
      if (pending[qid] && pending[qid].revision <= saved.revision) delete pending[qid];
      return "saved";
    }
    if (response.status === 401 || response.status === 403) return "login";
    if (response.status >= 500) return "offline";
    // 400/404/409/422: this save can never succeed (finished interview, unknown question); drop it.
    delete pending[qid];
    return "refused";
  }

  async function flush(keepalive = false) {
    const entries = Object.entries(pending);
    if (!entries.length || (inFlight && !keepalive)) return;
    inFlight = true;
    if (!keepalive) setStatus("Saving…", "saving");
    // In parallel: on pagehide there is no time to wait for one request before sending the next.
    const results = await Promise.all(entries.map(([qid, entry]) => saveOne(qid, entry, keepalive)));
    inFlight = false;
    writePending();
    if (results.includes("login")) setStatus("Not saved: log in again (your text is kept in this browser)", "error");
    else if (results.includes("offline")) setStatus("Offline - will retry", "offline");
    else if (results.includes("refused")) setStatus("Some changes were refused (interview finished?)", "error");
    else if (!Object.keys(pending).length) setStatus(`Saved ${clock()}`, "saved");
  }

  // ---- quotes -------------------------------------------------------------------------------------
  function renderQuotes(q) {
    const list = q.querySelector("[data-quote-list]");
    list.replaceChildren();
    for (const [index, quote] of quotesOf(q).entries()) {
      const item = document.createElement("li");
      const text = document.createElement("q");
      text.textContent = quote;
      item.append(text);
      if (editable) {
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "link";
        remove.textContent = "×";
        remove.title = "Not a quote";
        remove.addEventListener("click", () => {
          const quotes = quotesOf(q);
          quotes.splice(index, 1);
          q.dataset.quotes = JSON.stringify(quotes);
          renderQuotes(q);
          changed(q);
        });
        item.append(" ", remove);
      }
      list.append(item);
    }
  }

  function markQuote(q) {
    const area = field(q, "text");
    const value = area.value;
    let quote = value.slice(area.selectionStart, area.selectionEnd).trim();
    if (!quote) {
      const start = value.lastIndexOf("\n", Math.max(area.selectionStart - 1, 0)) + 1;
      const end = value.indexOf("\n", area.selectionStart);
      quote = value.slice(start, end === -1 ? value.length : end).trim();
      if (!quote) quote = value.split("\n").filter((line) => line.trim()).pop() || "";
    }
    if (!quote.trim()) return;
    const quotes = quotesOf(q);
    if (!quotes.includes(quote.trim())) quotes.push(quote.trim());
    q.dataset.quotes = JSON.stringify(quotes);
    renderQuotes(q);
    changed(q);
  }

  // ---- sections, questions, timers ------------------------------------------------------------------
  const sectionOf = (q) => q.dataset.section;
  const visibleSection = () => sections.find((s) => !s.hidden);

  function showSection(sectionId, { startTimer = true } = {}) {
    const previous = visibleSection();
    for (const s of sections) s.hidden = s.dataset.section !== sectionId;
    for (const link of root.querySelectorAll("[data-goto-section]")) {
      link.classList.toggle("current", link.dataset.gotoSection === sectionId);
    }
    if (editable && startTimer && (!previous || previous.dataset.section !== sectionId || !timers[sectionId].running)) {
      setTimer(sectionId, true);
    }
  }

  function goTo(index, { focus = false } = {}) {
    current = Math.max(0, Math.min(questions.length - 1, index));
    const q = questions[current];
    if (visibleSection() !== root.querySelector(`#sec-${CSS.escape(sectionOf(q))}`)) showSection(sectionOf(q));
    for (const other of questions) other.classList.toggle("current", other === q);
    q.scrollIntoView({ block: "nearest", behavior: "smooth" });
    if (focus && editable) field(q, "text").focus();
    else if (!focus) q.focus({ preventScroll: true });
    try {
      localStorage.setItem(`${storeKey}.at`, q.dataset.question);
    } catch (err) {
      /* ignore */
    }
  }

  function stepSection(delta) {
    const index = sections.indexOf(visibleSection());
    const target = sections[Math.max(0, Math.min(sections.length - 1, index + delta))];
    const first = questions.findIndex((q) => sectionOf(q) === target.dataset.section);
    goTo(first);
  }

  const timers = {}; // section id -> {elapsed (s, at `since`), running, since (ms)}
  for (const el of root.querySelectorAll(".live-sections [data-timer]")) {
    timers[el.dataset.timer] = { elapsed: Number(el.dataset.elapsed) || 0, running: el.dataset.running === "true", since: Date.now() };
  }

  const seconds = (t) => t.elapsed + (t.running ? (Date.now() - t.since) / 1000 : 0);
  const format = (s) => {
    const total = Math.floor(s);
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const sec = String(total % 60).padStart(2, "0");
    return h ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
  };

  function drawTimers() {
    for (const el of root.querySelectorAll("[data-timer]")) {
      const t = timers[el.dataset.timer];
      if (!t) continue;
      el.textContent = format(seconds(t));
      el.classList.toggle("running", t.running);
    }
    for (const button of root.querySelectorAll("[data-toggle-timer]")) {
      const t = timers[button.dataset.toggleTimer];
      button.textContent = t && t.running ? "Pause timer" : "Start timer";
    }
  }

  async function setTimer(sectionId, running) {
    // Shown at once; the server's answer (which also stops the other sections) then corrects it.
    for (const [id, t] of Object.entries(timers)) {
      if (t.running && (id !== sectionId || !running)) Object.assign(t, { elapsed: seconds(t), running: false, since: Date.now() });
    }
    if (running) Object.assign(timers[sectionId], { elapsed: seconds(timers[sectionId]), running: true, since: Date.now() });
    drawTimers();
    try {
      const response = await fetch(`/api/interviews/${interviewId}/sections/${encodeURIComponent(sectionId)}/timer`, {
        method: "PUT",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
        body: JSON.stringify({ running }),
      });
      if (!response.ok) return;
      for (const row of await response.json()) {
        timers[row.section_id] = { elapsed: row.elapsed_s, running: row.running, since: Date.now() };
      }
      drawTimers();
    } catch (err) {
      /* the timer is a convenience; answers are what must not be lost */
    }
  }

  function updateProgress() {
    for (const s of sections) {
      const mine = questions.filter((q) => sectionOf(q) === s.dataset.section);
      const answered = mine.filter((q) => field(q, "text").value.trim()).length;
      const label = root.querySelector(`[data-progress="${CSS.escape(s.dataset.section)}"]`);
      if (label) label.textContent = `${answered}/${mine.length}`;
    }
  }

  // ---- keyboard -------------------------------------------------------------------------------------
  const typing = (el) => el && (el.tagName === "TEXTAREA" || el.tagName === "INPUT" || el.isContentEditable);

  document.addEventListener("keydown", (event) => {
    const inField = typing(document.activeElement);
    const key = event.key;
    if (event.altKey && (key === "ArrowDown" || key === "ArrowUp")) {
      event.preventDefault();
      goTo(current + (key === "ArrowDown" ? 1 : -1), { focus: inField });
    } else if ((event.ctrlKey || event.metaKey) && key === "Enter") {
      event.preventDefault();
      goTo(current + 1, { focus: true });
    } else if (event.altKey && (key === "q" || key === "Q" || event.code === "KeyQ")) {
      event.preventDefault();
      if (editable) markQuote(questions[current]);
    } else if (key === "Escape" && inField) {
      document.activeElement.blur();
      questions[current].focus({ preventScroll: true });
    } else if (!inField && !event.ctrlKey && !event.metaKey && !event.altKey) {
      const actions = {
        j: () => goTo(current + 1),
        k: () => goTo(current - 1),
        "]": () => stepSection(1),
        "[": () => stepSection(-1),
        q: () => editable && markQuote(questions[current]),
        t: () => editable && setTimer(visibleSection().dataset.section, !timers[visibleSection().dataset.section].running),
        a: () => goTo(current, { focus: true }),
        Enter: () => goTo(current, { focus: true }),
      };
      if (actions[key]) {
        event.preventDefault();
        actions[key]();
      }
    }
  });

  // ---- wiring ---------------------------------------------------------------------------------------
  for (const [index, q] of questions.entries()) {
    renderQuotes(q);
    q.addEventListener("focusin", () => {
      if (current !== index) {
        current = index;
        for (const other of questions) other.classList.toggle("current", other === q);
      }
      // The first time the interviewer types in a section its timer starts (a paused one stays paused).
      const t = timers[sectionOf(q)];
      if (editable && !t.running && t.elapsed === 0) setTimer(sectionOf(q), true);
    });
    for (const area of q.querySelectorAll("textarea")) {
      area.addEventListener("input", () => changed(q));
      area.addEventListener("blur", () => flush());
    }
    const quoteButton = q.querySelector("[data-quote]");
    if (quoteButton) quoteButton.addEventListener("click", () => markQuote(q));
  }
  for (const link of root.querySelectorAll("[data-goto-section]")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      goTo(questions.findIndex((q) => sectionOf(q) === link.dataset.gotoSection));
    });
  }
  for (const button of root.querySelectorAll("[data-toggle-timer]")) {
    button.addEventListener("click", () => setTimer(button.dataset.toggleTimer, !timers[button.dataset.toggleTimer].running));
  }
  root.querySelector("[data-next]").addEventListener("click", () => goTo(current + 1));
  root.querySelector("[data-prev]").addEventListener("click", () => goTo(current - 1));

  const finishForm = root.querySelector("form[data-finish]");
  if (finishForm) {
    finishForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      await flush();
      if (Object.keys(pending).length) {
        alert("Some answers are not saved on the server yet (offline?). They are kept here; finish when the connection is back.");
        return;
      }
      if (confirm("Finish the interview? The answers become a transcript and are queued for coding.")) finishForm.submit();
    });
  }

  // Edits that never reached the server (tab closed, connection lost) come back from this browser.
  let restored = 0;
  for (const [qid, entry] of Object.entries(pending)) {
    const q = byId(qid);
    if (!q || entry.revision <= Number(q.dataset.revision)) {
      delete pending[qid];
      continue;
    }
    field(q, "text").value = entry.text;
    field(q, "notes").value = entry.notes;
    q.dataset.quotes = JSON.stringify(entry.quotes || []);
    renderQuotes(q);
    lastRevision = Math.max(lastRevision, entry.revision);
    restored += 1;
  }
  writePending();
  if (!editable) pending = {};
  if (restored) setStatus(`Restored ${restored} unsaved answer${restored === 1 ? "" : "s"} from this browser; saving…`, "dirty");

  const running = Object.entries(timers).find(([, t]) => t.running);
  let startAt = 0;
  try {
    const at = localStorage.getItem(`${storeKey}.at`);
    if (at && byId(at)) startAt = questions.indexOf(byId(at));
  } catch (err) {
    /* ignore */
  }
  if (running && sectionOf(questions[startAt]) !== running[0]) startAt = questions.findIndex((q) => sectionOf(q) === running[0]);
  current = startAt;
  showSection(sectionOf(questions[current]), { startTimer: false });
  for (const other of questions) other.classList.toggle("current", other === questions[current]);
  updateProgress();
  drawTimers();

  if (editable) {
    setInterval(() => flush(), SAVE_EVERY_MS);
    setInterval(drawTimers, 1000);
    window.addEventListener("online", () => flush());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") flush(true);
    });
    window.addEventListener("pagehide", () => flush(true));
    if (restored) flush();
  }
})();
