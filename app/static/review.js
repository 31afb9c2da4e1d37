// Review mode: keyboard-first decisions on machine codes. a accept, r reject, c change (then 1-9),
// j/k or arrows move, u undo the last decision. Each decision is one POST; undo removes what it stored.
// Keys run in order, one after the other, so a fast researcher's keystrokes are never dropped.
(() => {
  const list = document.getElementById("review");
  if (!list) return;
  const status = document.getElementById("review-status");
  const api = `/api/projects/${list.dataset.project}/review`;
  const csrf = list.dataset.csrf;
  const items = Array.from(list.querySelectorAll(".review-item"));
  const history = [];
  let index = 0;
  let changing = false;
  let chain = Promise.resolve();
  const run = (action) => { chain = chain.then(action).catch((error) => say(`Error: ${error.message}`)); };

  const post = async (path, body) => {
    const response = await fetch(`${api}/${path}`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      const detail = await response.json().catch(() => ({}));
      throw new Error((detail.error && detail.error.message) || `HTTP ${response.status}`);
    }
    return response.json();
  };

  const say = (text) => { status.textContent = text; };
  const decided = () => items.filter((item) => item.classList.contains("done")).length;

  const focus = (next) => {
    items[index].classList.remove("current");
    items[index].querySelector(".options").hidden = true;
    changing = false;
    index = Math.max(0, Math.min(items.length - 1, next));
    items[index].classList.add("current");
    items[index].scrollIntoView({ block: "nearest" });
  };

  const nextOpen = () => {
    const after = items.findIndex((item, i) => i > index && !item.classList.contains("done"));
    return after === -1 ? index : after;
  };

  const decide = async (action, label) => {
    const item = items[index];
    if (item.classList.contains("done")) return;
    try {
      const body = { code_id: Number(item.dataset.code), action };
      if (label) body.label = label;
      const stored = await post("decisions", body);
      history.push({ item, ids: stored.created_ids });
      item.classList.add("done");
      item.querySelector(".decision").textContent = `${{ accept: "accepted", reject: "rejected", change: "changed" }[action]}: ${stored.labels.join(", ")}`;
      say(`${decided()} of ${items.length} decided. Press u to undo.`);
      focus(nextOpen());
    } catch (error) {
      say(`Not saved: ${error.message}`);
    }
  };

  const undo = async () => {
    const last = history.pop();
    if (!last) return;
    try {
      await post("undo", { code_ids: last.ids });
      last.item.classList.remove("done");
      last.item.querySelector(".decision").textContent = "";
      focus(items.indexOf(last.item));
      say(`Undone. ${decided()} of ${items.length} decided.`);
    } catch (error) {
      history.push(last);
      say(`Could not undo: ${error.message}`);
    }
  };

  const startChange = () => {
    const options = items[index].querySelector(".options");
    options.hidden = false;
    changing = true;
    say("Change to which label? Press its number (Escape to cancel).");
  };

  const pick = (digit) => {
    const options = (items[index].dataset.options || "").split("|").filter(Boolean);
    const label = options[digit - 1];
    if (!label) return;
    items[index].querySelector(".options").hidden = true;
    changing = false;
    return decide("change", label);
  };

  const handle = (key) => {
    if (changing && /^[1-9]$/.test(key)) return pick(Number(key));
    if (changing && key === "Escape") { focus(index); say("Change cancelled."); return undefined; }
    const actions = {
      a: () => decide("accept"),
      r: () => decide("reject"),
      c: startChange,
      u: undo,
      j: () => focus(index + 1),
      k: () => focus(index - 1),
      ArrowDown: () => focus(index + 1),
      ArrowUp: () => focus(index - 1),
    };
    return actions[key] ? actions[key]() : undefined;
  };
  const KEYS = /^([arcujk1-9]|ArrowDown|ArrowUp|Escape)$/;

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, select, textarea, button, a")) return;
    if (!KEYS.test(event.key)) return;
    event.preventDefault();
    run(() => handle(event.key));
  });

  items.forEach((item, i) => item.addEventListener("click", () => run(() => focus(i))));
})();
