// The desk's page: the queue, the text, the decisions. Plain JavaScript; every request carries the token.
"use strict";
const token = document.body.dataset.token;
let state = null, current = 0, shownText = null, builds = -1, busy = false;
const $ = (id) => document.getElementById(id);

async function call(method, url, body) {
  const response = await fetch(url, {method, headers: {"X-Desk-Token": token, "Content-Type": "application/json"},
                                     body: body ? JSON.stringify(body) : undefined});
  const data = response.headers.get("content-type").includes("json") ? await response.json() : await response.text();
  if (!response.ok) throw new Error(data.error || data);
  return data;
}

const esc = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function say(text, done) { $("message").textContent = text || ""; $("message").className = done ? "done" : ""; }

function visible() {
  const pass = $("f-pass").value, rule = $("f-rule").value, text = $("f-text").value, all = $("f-decided").checked;
  return state.entries.filter((e) => (!pass || e.pass === pass) && (!rule || e.rule === rule) &&
                                     (!text || e.text === text) && (all || !e.decision));
}

function options(select, values) {
  const chosen = select.value;
  while (select.options.length > 1) select.remove(1);
  for (const value of [...new Set(values)].sort()) select.add(new Option(value, value));
  select.value = chosen;
}

function render() {
  $("title").textContent = state.title || $("title").textContent;
  $("left").textContent = `${state.left} left to review`;
  $("build").textContent = state.building ? "rebuilding…" : state.last;
  $("undo").disabled = !state.undo;
  options($("f-pass"), state.entries.map((e) => e.pass));
  options($("f-rule"), state.entries.map((e) => e.rule));
  const texts = $("f-text"), chosen = texts.value;
  while (texts.options.length > 1) texts.remove(1);
  for (const t of state.texts) texts.add(new Option(t.title, t.id));
  texts.value = chosen;
  const list = $("queue");
  list.replaceChildren();
  const shown = visible();
  if (current >= shown.length) current = Math.max(0, shown.length - 1);
  shown.forEach((e, i) => {
    const item = document.createElement("li");
    item.dataset.key = e.key;
    item.className = (e.applied ? "" : "suspect") + (i === current ? " current" : "");
    const page = e.page ? `<a href="#" class="page" data-page="${esc(e.page)}">p. ${esc(e.page)}</a>` : "";
    item.innerHTML = `<div class="meta"><b>${esc(e.pass)}</b><span>${esc(e.rule)}${e.applied ? "" : e.after ? " (suspect: proposed, not made)" : " (suspect)"}</span>
      <span>${Math.round(e.confidence * 100)}%</span><span>${esc(e.source)}:${e.line}</span>${page}
      <span class="decision">${esc(e.decision)}</span></div><div class="change">${e.marked}</div>
      <div class="actions"><button data-act="accept">Accept (a)</button> <button data-act="reject">Reject (r)</button>
      <button data-act="edit">Edit (e)</button></div>`;
    item.addEventListener("click", (event) => {
      current = i;
      const act = event.target.dataset.act, page = event.target.dataset.page;
      if (page) { event.preventDefault(); showPage(page); return; }
      if (act) decide(act); else render();
    });
    list.appendChild(item);
  });
  const chosenEntry = shown[current];
  if (chosenEntry) {
    list.children[current].scrollIntoView({block: "nearest"});
    showText(chosenEntry);
  }
  const changed = $("changed");
  changed.replaceChildren(...state.changed.map((line) => { const li = document.createElement("li"); li.textContent = line; return li; }));
}

async function showText(entry, again) {
  if (shownText !== entry.text || again) {
    $("text").innerHTML = await call("GET", `/api/text/${encodeURIComponent(entry.text)}`);
    shownText = entry.text;
  }
  document.querySelectorAll("table.text tr.current").forEach((row) => row.classList.remove("current"));
  const rows = [...document.querySelectorAll("table.text tr[id^='line-']")];
  let row = null;
  for (const r of rows) if (Number(r.id.slice(5)) <= entry.line) row = r;
  if (row) { row.classList.add("current"); row.scrollIntoView({block: "center"}); }
}

async function refresh() {
  state = await call("GET", "/api/state");
  const rebuilt = state.builds !== builds;
  builds = state.builds;
  render();
  const entry = visible()[current];
  if (rebuilt && entry) showText(entry, true);
  if (state.building) setTimeout(refresh, 1000);
}

async function decide(action) {
  const entry = visible()[current];
  if (!entry || busy) return;
  let body = {key: entry.key, action};
  if (action === "edit") {
    let passage;
    try { passage = (await call("GET", `/api/passage/${entry.key}`)).passage; } catch (error) { say(error.message); return; }
    const after = await askEdit(passage);
    if (after === null) return;
    body = {...body, before: passage, after};
  }
  busy = true;
  try {
    const done = await call("POST", "/api/decide", body);
    say(`${done.done}: wrote ${done.files.join(", ")}`, true);
  } catch (error) { say(error.message); }
  busy = false;
  await refresh();
}

function askEdit(passage) {
  return new Promise((resolve) => {
    const dialog = $("edit");
    $("edit-before").value = passage;
    $("edit-after").value = passage;
    dialog.returnValue = "";
    dialog.onclose = () => resolve(dialog.returnValue === "save" ? $("edit-after").value : null);
    dialog.showModal();
    $("edit-after").focus();
  });
}

$("edit-after").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); $("edit").close("save"); }
});

function showPage(label) {
  $("page-image").src = `/page/${encodeURIComponent(label)}.png?token=${encodeURIComponent(token)}`;
  $("page").showModal();
}

async function undo() {
  try { const done = await call("POST", "/api/undo"); say(`undone: ${done.undone}`, true); } catch (error) { say(error.message); }
  await refresh();
}

$("undo").addEventListener("click", undo);
for (const id of ["f-pass", "f-rule", "f-text", "f-decided"]) $(id).addEventListener("change", () => { current = 0; render(); });
document.addEventListener("keydown", (event) => {
  if (event.target.closest("textarea, input, select, dialog") || event.ctrlKey || event.metaKey || event.altKey) return;
  const shown = state ? visible() : [];
  if (event.key === "j" && current < shown.length - 1) { current++; render(); }
  else if (event.key === "k" && current > 0) { current--; render(); }
  else if (event.key === "a") decide("accept");
  else if (event.key === "r") decide("reject");
  else if (event.key === "e") decide("edit");
  else if (event.key === "u") undo();
  else return;
  event.preventDefault();
});
refresh();
