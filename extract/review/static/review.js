"use strict";
// The review page's behaviour: a record and its outline selected together, keyboard moves,
// filters, enlarged pages, and a person's checks and corrections, kept in the browser
// (localStorage, by the PDF's SHA-256) and exported as the corrections file that
// `catalogue extract --corrections` reads (docs/corrections.md). Text from the page is only
// ever set as text (textContent, value), never as markup.
(() => {
  const body = document.body;
  const cards = [...document.querySelectorAll("article.card")];
  const byId = new Map(cards.map((card) => [card.dataset.cardId, card]));
  const has = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

  // ---- Words ---------------------------------------------------------------------------
  const words = {};
  const held = document.getElementById("words");
  if (held) {
    for (const el of held.content.querySelectorAll("[data-k]")) words[el.dataset.k] = el.textContent;
  }
  const singular = (n) => (document.documentElement.lang === "fr" ? n <= 1 : n === 1);
  // As extract/review/words.py fills them: `[one|many]` chosen for n, then `{name}` fields.
  function say(key, values = {}) {
    const one = has(values, "n") && singular(values.n);
    const text = (has(words, key) ? words[key] : key)
      .replace(/\[([^|\]]*)\|([^\]]*)\]/g, (all, a, b) => (one ? a : b));
    return text.replace(/\{(\w+)\}/g, (all, name) => (has(values, name) ? String(values[name]) : all));
  }

  // ---- Values, checked as the corrections file is (extract/corrections/read.py) -----------
  // Python's str.split() whitespace: what the extraction and the file fold to one space.
  const SPACES = /[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
  const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/;
  const fold = (text) => text.normalize("NFC").split(SPACES).filter(Boolean).join(" ");
  const address = (text) => /^(https?:\/\/|mailto:)/i.test(text) && !/\s/.test(text);

  function check(kind, raw) {
    if (CONTROL.test(raw)) return { error: say("bad.control") };
    const text = fold(raw);
    if (kind === "year") {
      if (!text) return { value: "" };
      if (!/^[0-9]{4}$/.test(text) || +text < 1900 || +text > 2100) return { error: say("bad.year") };
    } else if (kind === "title") {
      if (!text) return { error: say("bad.title") };
    } else if (kind === "url") {
      if (!address(text)) return { error: say("bad.url") };
    } else if (kind === "links") {
      if (!text) return { value: "" };
      const parts = text.split("|").map((part) => part.trim());
      if (!parts.every(address)) return { error: say("bad.links") };
      return { value: [...new Set(parts)].join(" | ") };
    }
    return { value: text };
  }

  // ---- What a person did, kept between visits ---------------------------------------------
  const KEY = body.dataset.storage;
  const state = { checked: {}, dropped: {}, edits: {}, notes: {} };
  const rowOf = (card, field) => card.querySelector('.row[data-field="' + CSS.escape(field) + '"]');

  function load() {
    let saved = null;
    try {
      saved = JSON.parse(localStorage.getItem(KEY) || "null");
    } catch (error) {
      saved = null; // no storage here (a private window): the page works, without memory
    }
    if (!saved || typeof saved !== "object") return;
    // Another page of this origin may have written anything: keep what fits this page.
    for (const [id, card] of byId) {
      if (saved.checked && saved.checked[id] === true) state.checked[id] = true;
      if (saved.dropped && saved.dropped[id] === true) state.dropped[id] = true;
      if (saved.notes && typeof saved.notes[id] === "string") state.notes[id] = saved.notes[id];
      const edits = saved.edits && saved.edits[id];
      if (!edits || typeof edits !== "object") continue;
      for (const [field, value] of Object.entries(edits)) {
        const row = rowOf(card, field);
        if (!row || typeof value !== "string" || !row.querySelector(".edit")) continue;
        const checked = check(row.dataset.kind, value);
        if (checked.error === undefined && checked.value !== fold(row.dataset.current)) {
          (state.edits[id] ||= {})[field] = checked.value;
        }
      }
    }
  }

  function save() {
    try {
      localStorage.setItem(KEY, JSON.stringify(state));
    } catch (error) {
      // storage full or refused: what was done stays on the page until it is closed
    }
  }

  // ---- Showing that state ----------------------------------------------------------------
  const originals = new WeakMap();

  function showRow(card, row) {
    const edits = state.edits[card.dataset.cardId] || {};
    const field = row.dataset.field;
    const value = row.querySelector(".value");
    if (!originals.has(value)) originals.set(value, [...value.childNodes].map((n) => n.cloneNode(true)));
    const edited = has(edits, field);
    row.classList.toggle("edited", edited);
    let note = row.querySelector(".edited-note");
    let undo = row.querySelector(".undo");
    if (edited) {
      value.textContent = edits[field] || "—";
      if (!note) {
        note = document.createElement("div");
        note.className = "edited-note";
        value.after(note);
      }
      note.textContent = say("edited", { was: row.dataset.was || say("nothing") });
      if (!undo) {
        undo = document.createElement("button");
        undo.type = "button";
        undo.className = "undo";
        undo.textContent = words["edit.undo"] || "↺";
        undo.setAttribute("aria-label", say("edit.undo.label", { field: row.dataset.label }));
        note.append(" ", undo);
      }
    } else {
      value.replaceChildren(...originals.get(value).map((n) => n.cloneNode(true)));
      if (note) note.remove();
    }
  }

  function showCard(card) {
    const id = card.dataset.cardId;
    const checked = state.checked[id] === true;
    const dropped = state.dropped[id] === true;
    card.classList.toggle("checked", checked);
    card.classList.toggle("dropped", dropped);
    card.querySelector("input.checked").checked = checked;
    card.querySelector("button.drop").setAttribute("aria-pressed", String(dropped));
    const edits = state.edits[id] || {};
    card.classList.toggle("has-edits", Object.keys(edits).length > 0);
    for (const row of card.querySelectorAll(".row[data-field]")) showRow(card, row);
    const note = card.querySelector(".note-input");
    if (note !== document.activeElement) note.value = state.notes[id] || "";
    for (const el of document.querySelectorAll('svg .res[data-res="' + card.dataset.res + '"]')) {
      el.classList.toggle("checked", checked);
      el.classList.toggle("dropped", dropped);
    }
  }

  function showTotals() {
    const done = cards.filter((card) => state.checked[card.dataset.cardId] === true).length;
    const progress = document.getElementById("progress");
    if (progress) progress.textContent = say("progress", { done, total: cards.length });
    for (const page of document.querySelectorAll("section.page")) {
      const open = [...page.querySelectorAll("article.card")].some((c) => !c.classList.contains("checked"));
      page.dataset.unchecked = open ? "1" : "0";
    }
    body.classList.toggle("all-checked", cards.length > 0 && done === cards.length);
    const made = madeHere().length;
    const status = document.getElementById("export-status");
    if (status) status.textContent = made ? say("export.count", { n: made }) : say("export.none");
  }

  function changed(card) {
    save();
    showCard(card);
    showTotals();
  }

  // ---- Editing in place ------------------------------------------------------------------
  let editorCount = 0;

  function openEditor(row) {
    if (row.querySelector("form.editor")) return;
    const card = row.closest("article.card");
    const id = card.dataset.cardId;
    const field = row.dataset.field;
    const edits = state.edits[id] || {};
    const form = document.createElement("form");
    form.className = "editor";
    form.noValidate = true;
    const input = document.createElement(row.dataset.multiline ? "textarea" : "input");
    if (input instanceof HTMLInputElement) input.type = "text";
    input.value = has(edits, field) ? edits[field] : row.dataset.current;
    input.setAttribute("aria-label", say("edit.value", { field: row.dataset.label }));
    input.lang = "fr";
    const error = document.createElement("p");
    error.className = "error";
    error.id = "edit-error-" + ++editorCount;
    error.setAttribute("aria-live", "polite");
    input.setAttribute("aria-describedby", error.id);
    const ok = document.createElement("button");
    ok.type = "submit";
    ok.textContent = say("edit.save");
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "cancel";
    cancel.textContent = say("edit.cancel");
    form.append(input, ok, cancel, error);
    row.querySelector(".value").after(form);
    row.classList.add("editing");
    input.focus();

    const close = () => {
      form.remove();
      row.classList.remove("editing");
      row.querySelector(".edit").focus();
    };
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const result = check(row.dataset.kind, input.value);
      if (result.error !== undefined) {
        error.textContent = result.error;
        input.setAttribute("aria-invalid", "true");
        return;
      }
      const all = (state.edits[id] ||= {});
      if (result.value === fold(row.dataset.current)) delete all[field];
      else all[field] = result.value;
      if (!Object.keys(all).length) delete state.edits[id];
      close();
      changed(card);
    });
    cancel.addEventListener("click", close);
    form.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        close();
      } else if (event.key === "Enter" && input instanceof HTMLTextAreaElement && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
  }

  // ---- The corrections file --------------------------------------------------------------
  const FORMULA = /^[=+\-@\t\r]/;
  const nothing = () => say("nothing");
  const noteOf = (id) => fold((state.notes[id] || "").replace(/[\x00-\x1f\x7f-\x9f]/g, " "));
  const isDropped = (id) => state.dropped[id] === true && byId.has(id);

  // The rows this page adds or changes: the records' edits and drops, in page order.
  function madeHere() {
    const rows = [];
    for (const card of cards) {
      const id = card.dataset.cardId;
      if (isDropped(id)) {
        rows.push({ card_id: id, field: "drop", value: "", was: card.dataset.titleWas || nothing(), note: noteOf(id) });
        continue;
      }
      const edits = state.edits[id] || {};
      for (const row of card.querySelectorAll(".row[data-field]")) {
        const field = row.dataset.field;
        if (!has(edits, field)) continue;
        const was = row.dataset.was;
        // Back to what the PDF gives: no correction (one from the file is taken out).
        if (edits[field] === was) {
          rows.push({ card_id: id, field, remove: true });
          continue;
        }
        rows.push({ card_id: id, field, value: edits[field], was: was || nothing(), note: noteOf(id) });
      }
    }
    return rows;
  }

  // The whole file: the rows of the file the review was given, each replaced where this page
  // changed it (and left out for a record dropped here), then the page's own new rows.
  function exportRows() {
    const made = madeHere();
    const here = new Map(made.map((row) => [row.card_id + "\u0000" + row.field, row]));
    const rows = [];
    for (const li of document.querySelectorAll("#file-rows li")) {
      const row = { ...li.dataset, card_id: li.dataset.cardId };
      delete row.cardId;
      if (isDropped(row.card_id) && row.field !== "drop") continue;
      const key = row.card_id + "\u0000" + row.field;
      const mine = here.get(key);
      if (mine) {
        here.delete(key);
        if (!mine.remove) rows.push({ ...mine, note: mine.note || row.note });
        continue;
      }
      rows.push(row);
    }
    for (const row of here.values()) if (!row.remove) rows.push(row);
    return rows;
  }

  function cell(text) {
    let value = String(text ?? "");
    if (FORMULA.test(value)) value = "'" + value; // a spreadsheet would run it (read.py takes the mark off)
    return /[",;\r\n]|^\s|\s$/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }

  function download() {
    const columns = ["card_id", "field", "value", "was", "note"];
    const lines = [columns.join(",")];
    for (const row of exportRows()) lines.push(columns.map((c) => cell(row[c])).join(","));
    const blob = new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = body.dataset.exportName || "corrections.csv";
    body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }

  // ---- Selecting, together on the page and beside it ---------------------------------------
  let selected = null;
  const parts = (n) => document.querySelectorAll('[data-res="' + n + '"]');

  function select(n, { scroll = "both", focus = false } = {}) {
    if (selected !== null) parts(selected).forEach((el) => el.classList.remove("selected"));
    selected = String(n);
    parts(selected).forEach((el) => el.classList.add("selected"));
    const card = document.getElementById("res-" + selected);
    const outline = document.querySelector('main svg .area[data-res="' + selected + '"]');
    if (outline && (scroll === "outline" || scroll === "both")) outline.scrollIntoView({ block: "nearest" });
    if (card && (scroll === "card" || scroll === "both")) card.scrollIntoView({ block: "nearest" });
    if (card && focus) card.focus({ preventScroll: true });
  }

  function move(step) {
    const shown = cards.filter((card) => card.offsetParent !== null);
    if (!shown.length) return;
    let i = shown.findIndex((card) => card.dataset.res === selected);
    i = i < 0 ? (step > 0 ? 0 : shown.length - 1) : Math.min(Math.max(i + step, 0), shown.length - 1);
    select(shown[i].dataset.res, { scroll: "both", focus: true });
  }

  // ---- An enlarged page ------------------------------------------------------------------
  const dialog = document.getElementById("zoom");
  const holder = dialog ? dialog.querySelector(".zoom-body") : null;

  function enlarge(sheet) {
    if (!dialog || !holder || typeof dialog.showModal !== "function") return;
    const copy = sheet.cloneNode(true);
    copy.querySelector(".enlarge")?.remove();
    const image = sheet.querySelector("img");
    holder.replaceChildren(copy);
    dialog.setAttribute("aria-label", image ? image.alt : "");
    dialog.showModal();
  }

  if (dialog) {
    dialog.querySelector(".close").addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => {
      holder.replaceChildren();
      if (selected !== null) select(selected, { scroll: "both" });
    });
  }

  // ---- Events ----------------------------------------------------------------------------
  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const card = target.closest("article.card");
    if (target.closest(".num") && card) return select(card.dataset.res, { scroll: "outline" });
    const edit = target.closest(".row .edit");
    if (edit) return openEditor(edit.closest(".row"));
    const undo = target.closest(".row .undo");
    if (undo && card) {
      const edits = state.edits[card.dataset.cardId] || {};
      delete edits[undo.closest(".row").dataset.field];
      if (!Object.keys(edits).length) delete state.edits[card.dataset.cardId];
      card.querySelector(".row .edit")?.focus();
      return changed(card);
    }
    if (target.closest("button.drop") && card) {
      const id = card.dataset.cardId;
      if (state.dropped[id]) delete state.dropped[id];
      else state.dropped[id] = true;
      return changed(card);
    }
    if (target.closest("#export")) return download();
    if (target.closest(".enlarge")) return enlarge(target.closest(".sheet"));
    const res = target.closest("svg .res[data-res]");
    if (res) {
      if (dialog && dialog.open) {
        selected = res.dataset.res;
        return dialog.close();
      }
      return select(res.dataset.res, { scroll: "card" });
    }
    const sheet = target.closest("main .sheet");
    if (sheet) return enlarge(sheet);
    if (card && !target.closest("a, button, input, textarea, label, form")) {
      select(card.dataset.res, { scroll: "outline" });
    }
  });

  document.addEventListener("change", (event) => {
    const target = event.target;
    if (!(target instanceof HTMLInputElement)) return;
    const card = target.closest("article.card");
    if (target.classList.contains("checked") && card) {
      if (target.checked) state.checked[card.dataset.cardId] = true;
      else delete state.checked[card.dataset.cardId];
      changed(card);
    } else if (target.classList.contains("note-input") && card) {
      const text = target.value;
      if (text.trim()) state.notes[card.dataset.cardId] = text;
      else delete state.notes[card.dataset.cardId];
      changed(card);
    } else if (/^only-/.test(target.id)) {
      body.classList.toggle(target.id, target.checked);
    }
  });

  for (const kind of ["over", "out"]) {
    document.addEventListener("mouse" + kind, (event) => {
      const target = event.target instanceof Element ? event.target : null;
      if (!target) return;
      const res = target.closest("[data-res]");
      if (res) parts(res.dataset.res).forEach((el) => el.classList.toggle("hover", kind === "over"));
      const row = target.closest("article.card .row[data-field]");
      if (!row) return;
      const n = row.closest("article.card").dataset.res;
      const box = document.querySelector(
        'main svg [data-res="' + n + '"] .field[data-field="' + CSS.escape(row.dataset.field) + '"]');
      if (box) box.classList.toggle("hl", kind === "over");
    });
  }

  const typing = (el) =>
    el instanceof Element && el.matches("textarea, select, input:not([type=checkbox]):not([type=radio])");

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target) || (dialog && dialog.open)) return;
    const key = event.key.toLowerCase();
    if (key === "j" || key === "k") {
      event.preventDefault();
      move(key === "j" ? 1 : -1);
    } else if (key === "v" && selected !== null) {
      const card = document.getElementById("res-" + selected);
      if (!card) return;
      event.preventDefault();
      const id = card.dataset.cardId;
      if (state.checked[id]) delete state.checked[id];
      else state.checked[id] = true;
      changed(card);
    }
  });

  // ---- Printing: every folded list unfolded, then as it was ----------------------------------
  let folded = [];
  window.addEventListener("beforeprint", () => {
    folded = [...document.querySelectorAll("details:not([open])")];
    folded.forEach((d) => (d.open = true));
  });
  window.addEventListener("afterprint", () => {
    folded.forEach((d) => (d.open = false));
    folded = [];
  });

  // ---- The toolbar's height, which the records beside a page stay under --------------------
  const bar = document.querySelector(".toolbar");
  const fit = () => document.documentElement.style.setProperty("--bar", (bar ? bar.offsetHeight : 0) + "px");
  window.addEventListener("resize", fit);
  fit();

  load();
  cards.forEach(showCard);
  showTotals();
  const wanted = /^#res-(\d+)$/.exec(location.hash);
  if (wanted) select(wanted[1], { scroll: "both" });
})();
