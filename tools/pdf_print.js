// Reshapes the book's single-page HTML (after every chart has rendered) into the print edition.
// Called by tools/pdf.py as page.evaluate(<this file>)(opts); returns the table of contents
// entries [{id, level, title, part}] whose page numbers tools/pdf.py fills in after a first print.
// opts: {parts: [[caption, [docname, ...]], ...], verdicts: {good: "✔ 妥当", ...},
//        title, author, note, widgetNote}
(opts) => {
  const $ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  };
  const clean = (s) => s.replace(/\s+/g, " ").trim();

  // 1. The documents in TOC order, taken out of the landing page that nests them.
  const article = document.querySelector("article.bd-article") || document.querySelector("main");
  const intro = article.querySelector("section");
  const docs = [{name: "book/intro", section: intro}];
  for (const mark of $('span[id^="document-"]', article)) {
    const sec = mark.nextElementSibling;
    if (sec && sec.tagName === "SECTION") {
      docs.push({name: mark.id.slice("document-".length), section: sec});
    }
  }
  // the documents, in order, in one holder that stays in the page (so that every step below
  // reaches them); cover and contents go before it at the end
  const book = el("div", "pdf-book");
  const holder = el("div", "pdf-docs");
  book.appendChild(holder);
  document.body.appendChild(book);
  for (const d of docs) { holder.appendChild(d.section); }
  $(".toctree-wrapper", intro).forEach((w) => w.remove());

  // 2. Headings: each document's title is h1, its sections h2, h3 ...; ids for the TOC links.
  let hid = 0;
  for (const d of docs) {
    const heads = $("h1, h2, h3, h4, h5, h6", d.section);
    if (!heads.length) { continue; }
    const shift = Number(heads[0].tagName[1]) - 1;
    for (const h of heads) {
      $("a.headerlink", h).forEach((a) => a.remove());
      const level = Math.max(1, Number(h.tagName[1]) - shift);
      const n = document.createElement("h" + Math.min(level, 6));
      n.innerHTML = h.innerHTML;
      n.id = "pdf-h-" + (++hid);
      h.replaceWith(n);
    }
    d.title = clean(d.section.querySelector("h1").textContent);
  }

  // 3. Quizzes and the self-assessment: numbered questions with plain options; the answer key
  //    at the end of the chapter.
  const addKey = (d, title, items) => {
    let key = d.section.querySelector(":scope > .pdf-answer-key");
    if (!key) {
      key = el("section", "pdf-answer-key");
      const h = el("h2", "", "本章小测验答案");
      h.id = "pdf-h-" + (++hid);
      key.appendChild(h);
      d.section.appendChild(key);
    }
    key.appendChild(el("p", "pdf-answer-key-title", title));
    const ol = el("ul", "pdf-answer-list");
    items.forEach((t) => ol.appendChild(el("li", "", t)));
    key.appendChild(ol);
  };
  for (const d of docs) {
    for (const quiz of $(".course-quiz", d.section)) {
      const qtitle = clean((quiz.querySelector(".course-quiz-title") || {textContent: "小测验"}).textContent);
      const items = [];
      $(".course-quiz-q", quiz).forEach((q, i) => {
        const answer = Number(q.getAttribute("data-answer"));
        const opts = $(".course-quiz-opt", q);
        const fb = q.querySelector(".course-quiz-feedback");
        const verdict = fb && fb.querySelector(".course-quiz-verdict");
        if (verdict) { verdict.remove(); }
        const letter = String.fromCharCode(65 + answer);
        items.push(`${i + 1}. ${letter}` + (fb && clean(fb.textContent) ? `　${clean(fb.textContent)}` : ""));
        const list = el("div", "pdf-quiz-options");
        opts.forEach((b) => list.appendChild(el("div", "pdf-quiz-option", clean(b.textContent))));
        opts.forEach((b) => b.remove());
        if (fb) { fb.remove(); }
        q.appendChild(list);
      });
      $(".course-quiz-score, .course-selftest-review, .course-selftest-reset, script", quiz)
        .forEach((x) => x.remove());
      quiz.appendChild(el("p", "pdf-quiz-note", "答案见本章末「本章小测验答案」。"));
      addKey(d, qtitle, items);
    }
  }

  // 4. Branching scenarios: every step, numbered, with where each reply leads and its verdict.
  for (const sc of $(".course-scenario")) {
    const steps = $(".course-scenario-step", sc);
    const number = {};
    steps.forEach((s, i) => { number[s.getAttribute("data-step")] = i + 1; });
    sc.insertBefore(el("p", "pdf-scenario-note",
      "网页版中逐步选择回应；此处按步骤列出全部情节，每个回应后注明评价和去向。"),
    steps[0] || null);
    steps.forEach((s, i) => {
      s.hidden = false;
      s.removeAttribute("hidden");
      const end = s.getAttribute("data-kind") === "end";
      s.insertBefore(el("p", "pdf-scenario-step-no", end ? `步骤 ${i + 1}（结局）` : `步骤 ${i + 1}`),
        s.firstChild);
      const list = el("ol", "pdf-scenario-choices");
      list.setAttribute("type", "A");
      for (const c of $(".course-scenario-choice", s)) {
        const goto = number[c.getAttribute("data-goto")];
        const v = opts.verdicts[c.getAttribute("data-verdict")] || "";
        const li = el("li", "", clean(c.textContent).replace(/^[A-Z]\.\s*/, ""));
        li.appendChild(el("div", "pdf-scenario-outcome",
          `${v}。${c.getAttribute("data-feedback") || ""}（→ 步骤 ${goto}）`));
        list.appendChild(li);
        c.remove();
      }
      if (list.children.length) { s.appendChild(list); }
    });
    $(".course-scenario-trail, .course-scenario-feedback, .course-scenario-summary, " +
      ".course-scenario-restart, script", sc).forEach((x) => x.remove());
  }

  // 5. Static widgets: the chart as rendered (default settings), the controls replaced by a note.
  for (const w of $(".course-widget")) {
    const settings = $(".vega-bind", w).map((b) => {
      const name = clean((b.querySelector(".vega-bind-name") || {textContent: ""}).textContent);
      const input = b.querySelector("input[type=range], select, input[type=radio]:checked, input");
      const value = input ? (input.value || "") : "";
      return name ? `${name} = ${value}` : "";
    }).filter(Boolean);
    const slider = w.querySelector("input[type=range]");
    const note = el("p", "pdf-widget-note",
      (slider ? opts.widgetNote : opts.widgetNote.replace("拖动滑块", "调节选项")) +
      (settings.length ? `（${settings.join("；")}）` : "") + "。");
    $(".vega-bindings, form, noscript", w).forEach((x) => x.remove());
    const chart = w.querySelector(".course-widget-chart");
    (chart || w).after(note);
  }

  // 6. Folded solutions of the exercises (hidden 参考答案 code cells and the 参考答案
  //    admonitions) move to the appendix 练习参考答案; other hidden code is left out.
  const appendix = el("section", "pdf-solutions");
  const ah = el("h1", "", "附录：练习参考答案");
  ah.id = "pdf-h-" + (++hid);
  appendix.appendChild(ah);
  for (const d of docs) {
    let exercise = "";
    let group = null;
    const nodes = $("p > strong:first-child, div.cell, .dropdown.admonition", d.section);
    for (const n of nodes) {
      if (n.tagName === "STRONG") {
        const m = clean(n.textContent).match(/^练习\s*(\d+)/);
        if (m) { exercise = "练习 " + m[1]; }
        continue;
      }
      const isCell = n.classList.contains("cell");
      const code = isCell ? clean((n.querySelector(".cell_input") || {textContent: ""}).textContent) : "";
      const folded = isCell ? n.querySelector("details.hide") : n;
      if (!folded) { continue; }
      const solution = isCell ? code.startsWith("# 参考答案")
        : clean((n.querySelector(".admonition-title") || {textContent: ""}).textContent).startsWith("参考答案");
      if (!solution) {
        if (isCell) {   // hidden code: the output stays, the code is left out as on the web page
          folded.remove();
        } else {        // another folded box: printed open
          n.classList.remove("dropdown");
        }
        continue;
      }
      if (!group) {
        group = el("section", "pdf-solutions-chapter");
        const h = el("h2", "", d.title);
        h.id = "pdf-h-" + (++hid);
        group.appendChild(h);
        appendix.appendChild(group);
      }
      const label = exercise || "练习";
      if (!group.lastLabel || group.lastLabel !== label) {
        group.appendChild(el("p", "pdf-solution-label", label));
        group.lastLabel = label;
        const ref = el("p", "pdf-solution-ref", `参考答案见书末附录「练习参考答案」：${d.title}，${label}。`);
        n.before(ref);
      }
      if (isCell) {
        const summary = folded.querySelector("summary");
        if (summary) { summary.remove(); }
        folded.setAttribute("open", "");
      } else {
        n.classList.remove("dropdown");
      }
      group.appendChild(n);
    }
  }
  docs.push({name: "pdf/solutions", section: appendix, title: "附录：练习参考答案"});
  holder.appendChild(appendix);

  // 7. No live-looking control is left: buttons go, check boxes become ☐.
  $("button, .copybtn, input[type=range], select, .sd-tab-set > input").forEach((x) => x.remove());
  $("input[type=checkbox]").forEach((x) => x.replaceWith(document.createTextNode(x.checked ? "☑ " : "☐ ")));
  $("details").forEach((x) => x.setAttribute("open", ""));
  $("details > summary").forEach((x) => x.remove());

  // 8. Cover, table of contents, the documents in order; nothing else of the web page.
  const cover = el("div", "pdf-cover");
  cover.appendChild(el("div", "pdf-cover-title", opts.title));
  cover.appendChild(el("div", "pdf-cover-sub", "课程讲义（PDF 版）"));
  cover.appendChild(el("div", "pdf-cover-author", opts.author));
  cover.appendChild(el("div", "pdf-cover-note", opts.note));
  book.insertBefore(cover, holder);

  const toc = el("nav", "pdf-toc");
  toc.appendChild(el("div", "pdf-toc-title", "目　录"));
  const entries = [];
  const partOf = {};
  opts.parts.forEach(([caption, names]) => names.forEach((n) => { partOf[n] = caption; }));
  let lastPart = null;
  const line = (h, level) => {
    const row = el("a", "pdf-toc-entry pdf-toc-l" + level);
    row.href = "#" + h.id;
    row.appendChild(el("span", "pdf-toc-text", clean(h.textContent)));
    row.appendChild(el("span", "pdf-toc-dots"));
    const p = el("span", "pdf-toc-page", "000");
    p.setAttribute("data-target", h.id);
    row.appendChild(p);
    toc.appendChild(row);
    entries.push({id: h.id, level: level, title: clean(h.textContent)});
  };
  for (const d of docs) {
    const part = partOf[d.name] || null;
    if (part && part !== lastPart) { toc.appendChild(el("div", "pdf-toc-part", part)); }
    lastPart = part || lastPart;
    const h1 = d.section.querySelector("h1");
    if (!h1) { continue; }
    line(h1, 1);
    // the glossary's and the API's pages (book/api and its ten topic pages) are many short entries: their titles only
    if (d.name !== "book/glossary" && !d.name.startsWith("book/api")) {
      $("h2", d.section).forEach((h) => line(h, 2));
    }
  }
  book.insertBefore(toc, holder);
  docs.forEach((d) => d.section.classList.add("pdf-doc"));
  const keep = $("head style, head link[rel=stylesheet]");
  document.body.replaceChildren(book);
  document.body.className = "pdf-body";
  document.title = opts.title;   // the PDF's title
  const headings = $("h1, h2, h3, h4, h5, h6", book).map((h) => ({id: h.id, title: clean(h.textContent)}));
  return {entries: entries, headings: headings, docs: docs.map((d) => ({name: d.name, title: d.title})), kept: keep.length};
}
