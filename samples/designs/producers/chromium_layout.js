// Run in the laid-out document before printing (see chromium_pdf.py). Returns what the producer
// checks: every reflowed field's printed lines, and every box or text that leaves its page or
// its card slot. Also finishes what CSS cannot: ToC leader dots sized to their row, the hostile
// overlap and card split, and the role-ordered text layer.
(options) => {
  const TOL = 0.6;

  function fillLeaders() {
    for (const el of document.querySelectorAll(".dots-text")) {
      const probe = document.createElement("span");
      probe.textContent = " .";
      el.textContent = "";
      el.appendChild(probe);
      const dot = probe.getBoundingClientRect().width / 2;
      const room = el.getBoundingClientRect().width;
      el.textContent = " " + ".".repeat(Math.max(2, Math.floor((room - 2 * dot) / dot) - 1)) + " ";
    }
  }

  // A second link on the same words: an empty inline block laid over the first link's box
  // (not a positioned box, which Chromium would paint, and write, after the rest of the page).
  function overlayLinks() {
    for (const over of document.querySelectorAll("a.over")) {
      const first = over.parentElement.querySelector("a:not(.over), .r-cta");
      const r = first.getBoundingClientRect();
      over.style.width = `${r.width}px`;
      over.style.height = `${r.height}px`;
      over.style.marginLeft = `${-r.width}px`;
    }
  }

  // The third block of the marked page (second of the left column) moves up until its title
  // covers the last two lines of the first block's blurb.
  function overlap() {
    for (const sec of document.querySelectorAll("section[data-overlap]")) {
      const first = sec.querySelector('.slot[data-block="0"] .r-blurb');
      const slot = sec.querySelector('.slot[data-block="2"]');
      if (!first || !slot) throw new Error(`page ${sec.dataset.page}: no two blocks to overlap`);
      const title = slot.querySelector(".r-title");
      const blurb = first.getBoundingClientRect();
      const lineHeight = parseFloat(getComputedStyle(first).lineHeight);
      const shift = title.getBoundingClientRect().top - (blurb.bottom - 2 * lineHeight);
      slot.style.position = "relative";
      slot.style.top = `${-shift}px`;
      slot.dataset.overlap = "1";
    }
  }

  // On the marked page, the block before the one that may break grows until the first column
  // ends half-way down the line after the first half of the breaking card's blurb: the column
  // keeps that half, and the rest of the card opens the next column.
  function split() {
    for (const sec of document.querySelectorAll("section[data-split]")) {
      const page = sec.dataset.page;
      const slot = sec.querySelector(".grid.split > .slot.breaks");
      const before = slot && slot.previousElementSibling;
      const blurb = slot && slot.querySelector(".r-blurb");
      if (!before || !blurb) throw new Error(`page ${page}: no card to split after another`);
      const rects = blurb.getClientRects();
      if (rects.length !== 1) throw new Error(`page ${page}: the card breaks before it is moved`);
      const lineHeight = parseFloat(getComputedStyle(blurb).lineHeight);
      const lines = Math.round(rects[0].height / lineHeight);
      // Chromium keeps at least two lines on each side of a break (orphans, widows).
      if (lines < 4) throw new Error(`page ${page}: a blurb of ${lines} lines cannot split`);
      const kept = Math.floor(lines / 2);
      const foot = sec.querySelector(".grid.split").getBoundingClientRect().bottom;
      const top = slot.getBoundingClientRect().top;
      const grow = foot - (rects[0].top + (kept + 0.5) * lineHeight);
      if (grow < 0) throw new Error(`page ${page}: the card to split starts too low`);
      const card = before.firstElementChild;
      card.style.minHeight = `${card.getBoundingClientRect().height + grow}px`;
      if (Math.abs(slot.getClientRects()[0].top - top - grow) > TOL) {
        throw new Error(`page ${page}: the card to split did not move down as planned`);
      }
    }
  }

  // The split as printed: the title and the blurb's start in one column, the blurb's end and
  // the next block's title at the top of the next column, in that order.
  function splitProblems() {
    const problems = [];
    for (const sec of document.querySelectorAll("section[data-split]")) {
      const page = sec.dataset.page;
      const slot = sec.querySelector(".slot.breaks");
      const title = slot.querySelector(".r-title").getBoundingClientRect();
      const parts = [...slot.querySelector(".r-blurb").getClientRects()];
      const next = slot.nextElementSibling.querySelector(".r-title, .r-gheading");
      const after = next.getBoundingClientRect();
      const [start, end] = [parts[0], parts[parts.length - 1]];
      if (parts.length !== 2 || start.left > title.right || end.left < title.right ||
          end.top > title.top || end.bottom > after.top + TOL || after.left < title.right) {
        problems.push(`page ${page}: the card is not split across the columns`);
      }
    }
    return problems;
  }

  function textNodes(root) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const out = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) out.push(node);
    return out;
  }

  // A field's lines as printed: characters (or, without space glyphs, word boxes) grouped by
  // the line they sit on.
  function readFields() {
    const out = {};
    const range = document.createRange();
    for (const el of document.querySelectorAll("[data-field]")) {
      const lines = [];
      let top = -Infinity;
      let bottom = -Infinity;
      // A line starts below the current one or, where a field runs on into the next column,
      // wholly above it.
      const put = (text, rect) => {
        if ((rect.top + rect.bottom) / 2 > bottom || rect.bottom <= top) {
          lines.push("");
          top = rect.top;
          bottom = rect.bottom;
        }
        lines[lines.length - 1] += text;
      };
      const words = el.querySelectorAll(".w");
      if (words.length) {
        for (const w of words) put(" " + w.textContent, w.getBoundingClientRect());
      } else {
        for (const node of textNodes(el)) {
          const text = node.data;
          for (let i = 0; i < text.length; i++) {
            if (/\s/.test(text[i])) {
              if (lines.length) lines[lines.length - 1] += " ";
              continue;
            }
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const rects = range.getClientRects();
            if (rects.length) put(text[i], rects[0]);
          }
        }
      }
      out[el.dataset.field] = lines;
    }
    return out;
  }

  function overflows() {
    const problems = [];
    const inside = (r, b) =>
      r.left >= b.left - TOL && r.right <= b.right + TOL &&
      r.top >= b.top - TOL && r.bottom <= b.bottom + TOL;
    const name = (el) => {
      const cls = el.getAttribute("class");
      return cls ? `${el.tagName.toLowerCase()}.${cls.split(" ")[0]}` : el.tagName.toLowerCase();
    };
    const range = document.createRange();
    for (const sec of document.querySelectorAll("section.page")) {
      const page = sec.dataset.page;
      const box = sec.getBoundingClientRect();
      const test = (rect, el, what) => {
        if (rect.width === 0 && rect.height === 0) return;
        if (!inside(rect, box)) problems.push(`page ${page}: ${what} leaves the page`);
        const slot = el.closest(".slot");
        if (slot && !slot.dataset.overlap && !inside(rect, slot.getBoundingClientRect())) {
          problems.push(`page ${page}: ${what} leaves the slot of block ${slot.dataset.block}`);
        }
      };
      for (const el of sec.querySelectorAll("*")) {
        // Shapes inside an SVG are clipped by its viewport: the <svg> box is what must fit.
        if (el.ownerSVGElement) continue;
        test(el.getBoundingClientRect(), el, name(el));
      }
      for (const node of textNodes(sec)) {
        if (!node.data.trim()) continue;
        range.selectNodeContents(node);
        const what = `text ${JSON.stringify(node.data.trim().slice(0, 30))}`;
        for (const rect of range.getClientRects()) test(rect, node.parentElement, what);
      }
    }
    return problems;
  }

  // Role by role, each element is replaced by a copy at the same place, appended at the end of
  // its page: Chromium paints positioned boxes in DOM order, so the content stream then holds
  // all titles, then all type lines, and so on.
  function relayer() {
    const roles = ["title", "type", "publisher", "blurb", "cta", "under", "gheading", "item"];
    for (const sec of document.querySelectorAll("section.content")) {
      const base = sec.getBoundingClientRect();
      const layer = document.createElement("div");
      layer.style.cssText = "position: absolute; left: 0; top: 0; width: 0; height: 0";
      const moves = [];
      for (const role of roles) {
        for (const el of sec.querySelectorAll(`.r-${role}`)) {
          const r = el.getBoundingClientRect();
          const copy = el.cloneNode(true);
          copy.style.cssText += `; position: absolute; margin: 0; box-sizing: border-box;` +
            ` left: ${r.left - base.left}px; top: ${r.top - base.top}px; width: ${r.width}px`;
          moves.push([el, copy]);
        }
      }
      for (const [el, copy] of moves) {
        layer.appendChild(copy);
        el.style.visibility = "hidden";
      }
      sec.appendChild(layer);
    }
  }

  fillLeaders();
  overlayLinks();
  overlap();
  split();
  const fields = readFields();
  const problems = [...overflows(), ...splitProblems()];
  if (options.layerOrder) relayer();
  return { fields, problems };
}
