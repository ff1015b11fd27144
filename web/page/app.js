// The page: drop workbooks, see who each is and what it is compared with,
// annotate, hand out the next round, collect the returns. Every word comes
// from the templates (`@WORDS@`, built in); every job runs in opfolg's core
// in a worker. Nothing is fetched or sent: the workbooks stay in memory.
"use strict";
(function () {
  const WORDS = JSON.parse(document.getElementById("opfolg-words").textContent);
  const $ = (id) => document.getElementById(id);

  let lang = "da";
  try {
    const saved = window.localStorage.getItem("opfolg-language");
    if (saved && WORDS[saved]) lang = saved;
  } catch (e) {
    // No storage (a locked-down browser): Danish.
  }

  // A word of the template with its {placeholders} filled in, and each
  // {count|one|many} the word for the count (as the core's `fill`).
  const w = (key, args) => {
    let text = (WORDS[lang].web[key] || WORDS.da.web[key] || key);
    for (const [k, v] of Object.entries(args || {})) {
      text = text.split("{" + k + "}").join(String(v));
      if (typeof v === "number") {
        const open = "{" + k + "|";
        let at;
        while ((at = text.indexOf(open)) >= 0) {
          const end = text.indexOf("}", at);
          if (end < 0) break;
          const [one, many] = text.slice(at + open.length, end).split("|");
          text = text.slice(0, at) + (v === 1 ? one : (many === undefined ? one : many)) + text.slice(end + 1);
        }
      }
    }
    return text;
  };

  // --- the worker ------------------------------------------------------
  let modulePromise = null;
  function wasmModule() {
    if (!modulePromise) {
      const text = document.getElementById("opfolg-wasm").textContent.trim();
      const raw = Uint8Array.fromBase64 ? Uint8Array.fromBase64(text) : Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
      const stream = new Blob([raw]).stream().pipeThrough(new DecompressionStream("gzip"));
      modulePromise = new Response(stream).arrayBuffer().then((b) => WebAssembly.compile(b));
    }
    return modulePromise;
  }
  const workerUrl = URL.createObjectURL(
    new Blob([document.getElementById("opfolg-worker").textContent], { type: "text/javascript" })
  );

  let worker = null;
  let ready = null; // the current worker's start: every request waits for it
  let seq = 0;
  const waiting = new Map();
  let onProgress = () => {};

  function startWorker() {
    ready = launch();
    return ready;
  }

  function launch() {
    if (worker) worker.terminate();
    worker = new Worker(workerUrl);
    worker.onmessage = (event) => {
      const m = event.data;
      if (m.type === "progress") return onProgress(m.text);
      const done = waiting.get(m.seq);
      if (done) {
        waiting.delete(m.seq);
        done(m);
      }
    };
    worker.onerror = () => {
      for (const done of waiting.values()) done({ error: "", trapped: true });
      waiting.clear();
    };
    return wasmModule()
      .then((module) => post("init", { module, language: lang, now: Date.now(), offset: -new Date().getTimezoneOffset() }))
      .then((answer) => {
        // Warms the worker up while the person chooses workbooks; requests
        // queue behind it.
        post("warmUp", {});
        return answer;
      });
  }

  async function call(type, body, transfer) {
    // The first step is shown at once, on the click, not when the worker
    // gets to it: the page never looks idle while it works.
    const first = body.step || (body.jobs && body.jobs.length && body.jobs[0].step);
    if (first) onProgress(first);
    await ready;
    return post(type, body, transfer);
  }

  function post(type, body, transfer) {
    return new Promise((resolve) => {
      const s = ++seq;
      waiting.set(s, (m) => {
        // The reports come as text: parsed here, once.
        for (const r of (m.results || []).concat(m.pack ? [m.pack] : [])) {
          if (typeof r.report === "string") r.report = JSON.parse(r.report);
        }
        resolve(m);
      });
      worker.postMessage(Object.assign({ type, seq: s }, body), transfer || []);
    });
  }

  // --- the workbooks ---------------------------------------------------
  // Each dropped workbook: its name, its bytes (kept, so a new worker can
  // be given them again), its id in the worker's session, and what the
  // session says of it.
  let files = [];
  let overview = { files: [] };
  let chosen = new Map(); // current id -> previous id chosen by the user ("" = none)
  let busy = false;

  async function addFiles(list) {
    const fresh = [];
    for (const f of list) {
      const bytes = await f.arrayBuffer();
      fresh.push({ name: f.name, bytes, id: null, failed: null });
    }
    files = files.concat(fresh);
    await withWork(async () => {
      for (const f of fresh) {
        setProgress(w("step_reading", { file: f.name }));
        await addToSession(f);
      }
      await refresh();
    });
    announce(fresh.map((f) => f.name).join(", "));
  }

  async function addToSession(f) {
    const copy = f.bytes.slice(0);
    const r = await call("add", { name: f.name, bytes: copy }, [copy]);
    if (r.trapped) {
      // The reader stopped on this workbook: say so in the command line's
      // words, and give a new worker the others again.
      await restart();
      const line = await call("failedLine", { name: f.name });
      f.failed = line.line;
      f.id = null;
      return;
    }
    f.id = r.id;
  }

  async function restart() {
    chosen = new Map();
    await startWorker();
    for (const f of files) {
      if (f.failed || f.id === null) continue;
      const copy = f.bytes.slice(0);
      const r = await call("add", { name: f.name, bytes: copy }, [copy]);
      f.id = r.id;
    }
  }

  async function refresh() {
    const r = await call("overview", {});
    overview = r.overview || { files: [] };
    render();
  }

  async function removeFile(f) {
    files = files.filter((x) => x !== f);
    if (f.id !== null) await call("remove", { id: f.id });
    chosen.delete(f.id);
    await refresh();
    $("drop").focus();
  }

  async function clearAll() {
    files = [];
    chosen = new Map();
    await startWorker();
    await refresh();
    $("drop").focus();
  }

  // --- what the files are for -----------------------------------------
  const byId = (id) => overview.files.find((f) => f.id === id);
  const fileOf = (id) => files.find((f) => f.id === id);

  function currents() {
    // In name order, as the command line goes through a folder.
    return overview.files
      .filter((f) => f.role && f.role.role === "current")
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  function previousOf(f) {
    if (chosen.has(f.id)) {
      const v = chosen.get(f.id);
      return v === "" ? null : Number(v);
    }
    return f.role.previous === undefined ? null : f.role.previous;
  }

  function whole() {
    // The hand-out the returns go back into; a collected workbook takes
    // late returns too.
    return overview.files.find((f) => f.made && f.made.kind === "handout")
      || overview.files.find((f) => f.made && f.made.kind === "collected");
  }

  function returns() {
    return overview.files.filter((f) => f.made && f.made.kind === "return");
  }

  function whatItIs(f) {
    if (f.error) return "";
    if (f.made && (f.made.kind === "handout" || f.made.kind === "return")) return f.made.label;
    const parts = [];
    parts.push(f.committee || w("unknown"));
    parts.push(f.year || w("unknown"));
    parts.push(f.round === null || f.round === undefined ? w("round_unknown") : f.round === 0 ? w("kind_plan") : f.round_label);
    if (f.made && f.made.kind === "annotated") parts.push(w("kind_annotated"));
    if (f.made && f.made.kind === "collected") parts.push(f.made.label);
    return parts.join(" · ");
  }

  function roleOf(f) {
    if (f.error) return w("role_failed");
    if (f.made && f.made.kind === "handout") return w("role_whole");
    if (f.made && f.made.kind === "return") return w("role_return");
    const r = f.role || {};
    const name = (id) => (byId(id) || {}).name || "";
    switch (r.role) {
      case "current": return w("role_current");
      case "previous": return w("role_previous", { file: name(r.of) });
      case "duplicate": return w("role_duplicate", { file: name(r.of) });
      case "unsure": return w("role_duplicate", { file: r.with.map(name).join(", ") });
      default: return w("role_earlier");
    }
  }

  // --- drawing the page -----------------------------------------------
  /// Rows enough for a person to read; the rest on request.
  const FIRST_ROWS = 200;

  /// A tbody of `list` drawn by `row`: the first rows, and a button that
  /// draws the rest where there are more.
  function longBody(list, row) {
    const body = el("tbody", {}, ...list.slice(0, FIRST_ROWS).map(row));
    if (list.length <= FIRST_ROWS) return [body, null];
    const note = el("p", { class: "hint", text: w("shown_first", { shown: FIRST_ROWS, count: list.length }) });
    const more = el("button", {
      type: "button", class: "secondary", text: w("show_all", { count: list.length }),
      onclick: () => {
        body.append(...list.slice(FIRST_ROWS).map(row));
        note.remove();
        more.remove();
      },
    });
    return [body, el("div", {}, note, more)];
  }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") e.textContent = v;
      else if (k === "class") e.className = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }

  function renderWords() {
    document.documentElement.lang = lang;
    document.title = w("title");
    for (const node of document.querySelectorAll("[data-w]")) node.textContent = w(node.dataset.w);
    $("language").value = lang;
  }

  function render() {
    renderWords();
    const box = $("files");
    box.replaceChildren();
    const listed = files.filter((f) => f.failed || byId(f.id));
    if (listed.length) {
      const rows = listed.map((f) => fileRow(f));
      box.append(
        el("div", { class: "scroll", role: "region", "aria-labelledby": "files-heading", tabindex: "0" },
          el("table", {},
            el("thead", {}, el("tr", {},
              ...["col_file", "col_what", "col_role", "col_previous"].map((k) => el("th", { scope: "col", text: w(k) })),
              el("th", { scope: "col" }, el("span", { class: "sr-only", text: w("remove") })))),
            el("tbody", {}, ...rows))),
        el("button", { type: "button", class: "secondary", text: w("clear"), onclick: () => clearAll() })
      );
    }
    renderActions();
  }

  function fileRow(f) {
    const info = f.failed ? null : byId(f.id);
    const failedLine = f.failed || (info && info.error);
    const name = el("td", {}, f.name);
    const what = el("td", {}, failedLine ? el("span", { class: "failed", text: failedLine }) : whatItIs(info));
    const role = el("td", { text: failedLine ? w("role_failed") : roleOf(info) });
    const prev = el("td", {});
    if (info && info.role && info.role.role === "current") prev.append(previousChooser(info));
    const remove = el("td", {}, el("button", {
      type: "button", class: "secondary", text: w("remove"),
      "aria-label": w("remove_label", { file: f.name }),
      onclick: () => removeFile(f),
    }));
    return el("tr", {}, name, what, role, prev, remove);
  }

  function previousChooser(cur) {
    const options = [el("option", { value: "", text: w("no_previous") })];
    for (const o of overview.files) {
      if (o.id === cur.id || o.error || !o.made || o.made.kind === "return" || o.made.kind === "handout") continue;
      options.push(el("option", { value: String(o.id), text: o.name }));
    }
    const select = el("select", {
      "aria-label": w("col_previous") + ": " + cur.name,
      onchange: (e) => {
        chosen.set(cur.id, e.target.value);
      },
    }, ...options);
    const p = previousOf(cur);
    select.value = p === null ? "" : String(p);
    const wrap = el("div", {}, select);
    if (cur.role.notice && cur.role.previous === null && !chosen.has(cur.id)) {
      const several = cur.role.several && cur.role.several.length > 0;
      // A title that could not be read is named after the line (`why`, from the template).
      const none = w("previous_none") + (cur.role.why || "");
      wrap.append(el("p", { class: "hint", text: several ? w("previous_several") : none }));
    }
    return wrap;
  }

  function renderActions() {
    const cur = currents();
    const ready = !busy && cur.length > 0;
    $("annotate").disabled = !ready;
    $("annotate-hint").textContent = cur.length > 1 ? w("annotate_many") : cur.length ? w("annotate_hint") : w("nothing_yet");
    $("next").disabled = !ready;
    const canCollect = !busy && whole() && returns().length > 0;
    $("collect").disabled = !canCollect;
    $("collect-hint").textContent = canCollect ? w("collect_hint") : w("collect_needs");
  }

  // --- work -------------------------------------------------------------
  function setProgress(text) {
    $("progress").hidden = false;
    $("progress-text").textContent = text;
  }

  function announce(text) {
    // A screen reader hears what happened; the page shows it too.
    $("status").textContent = "";
    window.setTimeout(() => { $("status").textContent = text; }, 50);
  }

  async function withWork(job) {
    busy = true;
    renderActions();
    onProgress = setProgress;
    try {
      await job();
    } finally {
      busy = false;
      $("progress").hidden = true;
      renderActions();
    }
  }

  const downloads = [];
  function download(result) {
    const blob = new Blob([result.bytes], { type: result.name.endsWith(".zip") ? "application/zip" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
    const url = URL.createObjectURL(blob);
    downloads.push(url);
    const a = el("a", { href: url, download: result.name, class: "download", text: w("download", { file: result.name }) });
    // The download starts at once; the link stays to take it again.
    const auto = el("a", { href: url, download: result.name, hidden: true });
    document.body.append(auto);
    auto.click();
    auto.remove();
    return a;
  }

  function clearResults() {
    for (const url of downloads.splice(0)) URL.revokeObjectURL(url);
    $("results").replaceChildren();
  }

  function errorBlock(line) {
    return el("div", { class: "result error" }, el("p", { class: "line error-line", text: line }));
  }

  async function runAnnotate() {
    clearResults();
    const jobs = currents().map((c) => ({
      current: c.id,
      previous: previousOf(c),
      step: w("step_annotating", { file: c.name }),
    }));
    const announced = [];
    await withWork(async () => {
      const r = await call("annotate", { jobs, packStep: w("step_zip", { count: jobs.length }) });
      if (r.trapped) {
        $("results").append(errorBlock(w("failed_reader", { file: jobs.map((j) => byId(j.current).name).join(", ") })));
        await restart();
        return;
      }
      if (r.error) {
        $("results").append(errorBlock(r.error));
        announced.push(r.error);
        return;
      }
      // The download starts first; the tables are drawn after.
      const links = new Map();
      if (r.pack) links.set(r.pack, download(r.pack));
      else for (const one of r.results) if (!one.error) links.set(one, download(one));
      await new Promise((done) => window.setTimeout(done, 0));
      if (r.pack) {
        const block = el("div", { class: "result" },
          el("p", { class: "line", text: w("many_summary", { ok: r.results.filter((x) => !x.error).length, total: r.results.length, overview: r.pack.report.overview }) }),
          links.get(r.pack));
        $("results").append(block);
      }
      for (const one of r.results) {
        if (one.error) {
          $("results").append(errorBlock(one.error));
          announced.push(one.error);
          continue;
        }
        $("results").append(annotatedBlock(one, links.get(one)));
        announced.push(one.report.summary);
      }
    });
    announce(announced.join(" "));
    showResults();
  }

  function showResults() {
    $("result-heading").focus();
    $("result-heading").scrollIntoView({ block: "start" });
  }

  function annotatedBlock(one, link) {
    const rep = one.report;
    const block = el("div", { class: "result" });
    block.append(el("h3", { text: one.name }));
    block.append(el("p", { class: "line", text: rep.summary }));
    if (link) block.append(link);
    for (const n of rep.notices) block.append(el("p", { class: "line hint", text: n }));
    block.append(countsList(rep.counts));
    block.append(smileysTable(rep));
    const postponed = postponedTable(rep);
    if (postponed) block.append(postponed);
    block.append(findingsTable(rep));
    if (rep.previous) block.append(changesTable(rep));
    return block;
  }

  function countsList(c) {
    return el("ul", { class: "counts", "aria-label": w("counts") },
      el("li", { class: "sev-error", text: w("count_errors", { count: c.error }) }),
      el("li", { class: "sev-warning", text: w("count_warnings", { count: c.warning }) }),
      el("li", { class: "sev-info", text: w("count_infos", { count: c.info }) }));
  }

  function smileysTable(rep) {
    if (!rep.rounds.length) return null;
    const g = WORDS[lang].glyphs;
    const head = el("tr", {}, el("th", { scope: "col", text: w("col_round") }),
      ...[w("effort"), w("economy")].flatMap((kind) => g.map((s) => el("th", { scope: "col", class: "num", text: kind + " " + s }))));
    const rows = rep.rounds.map((r) => el("tr", {}, el("th", { scope: "row", text: r.label }),
      ...r.effort.concat(r.economy).map((n) => el("td", { class: "num", text: String(n) }))));
    return el("div", { class: "scroll", role: "region", tabindex: "0", "aria-label": w("smileys_caption") },
      el("table", {}, el("caption", { text: w("smileys_caption") }), el("thead", {}, head), el("tbody", {}, ...rows)));
  }

  // Deadlines moved to a later round since the previous round, per
  // center, as the workbook's Overblik counts them.
  function postponedTable(rep) {
    if (!rep.postponed || !rep.postponed.length) return null;
    const caption = w("postponed_caption", { previous: rep.previous });
    const head = el("tr", {}, el("th", { scope: "col", text: w("col_center") }),
      el("th", { scope: "col", class: "num", text: w("col_postponed") }));
    const rows = rep.postponed.map((p) => el("tr", {}, el("th", { scope: "row", text: p.center }),
      el("td", { class: "num", text: String(p.count) })));
    return el("div", { class: "scroll", role: "region", tabindex: "0", "aria-label": caption },
      el("table", {}, el("caption", { text: caption }), el("thead", {}, head), el("tbody", {}, ...rows)));
  }

  function findingsTable(rep) {
    if (!rep.findings.length) return el("p", { text: w("no_findings") });
    // Errors and warnings first, in the workbook's order; the notes (often
    // many of one kind) folded away under their count.
    const serious = rep.findings.filter((f) => f.severity !== "info");
    const notes = rep.findings.filter((f) => f.severity === "info");
    const table = (list, caption) => {
      const head = el("tr", {}, ...["col_severity", "col_cell", "col_initiative", "col_message"].map((k) => el("th", { scope: "col", text: w(k) })));
      const [body, more] = longBody(list, (f) => el("tr", {},
        el("td", {}, el("span", { class: "badge sev-" + f.severity, text: f.severity_word + " " + f.code })),
        el("td", { class: "cell", text: f.sheet + "!" + f.cell }),
        el("td", { text: f.initiative || "" }),
        el("td", {}, ...quoted(f.message))));
      return el("div", {}, el("div", { class: "scroll", role: "region", tabindex: "0", "aria-label": caption },
        el("table", { class: "findings" }, el("caption", { text: caption }), el("thead", {}, head), body)), more);
    };
    const box = el("div", {});
    const order = { error: 0, warning: 1 };
    serious.sort((a, b) => order[a.severity] - order[b.severity]);
    if (serious.length) box.append(table(serious, w("findings_caption", { file: rep.output })));
    if (notes.length) {
      const label = w("count_infos", { count: notes.length });
      box.append(el("details", {}, el("summary", { text: label }), table(notes, label)));
    }
    return box;
  }

  // A finding's message quotes values in backticks, as the command line
  // writes them (`0,125 mio. kr.`); the page sets them in quotation marks
  // of the page's language instead.
  function quoted(text) {
    const parts = text.split("`");
    if (parts.length % 2 === 0) return [text];
    return parts.map((p, i) => (i % 2 ? el("q", { text: p }) : p));
  }

  function segmentsNode(c) {
    const p = el("span", {});
    if (c.segments && c.segments.length) {
      for (const s of c.segments) {
        if (s.op === "equal") p.append(s.text);
        else if (s.op === "delete") p.append(el("del", {}, el("span", { class: "sr-only", text: w("deleted") + ": " }), s.text));
        else p.append(el("ins", {}, el("span", { class: "sr-only", text: w("inserted") + ": " }), s.text));
      }
      return p;
    }
    if (c.before) p.append(el("del", {}, el("span", { class: "sr-only", text: w("deleted") + ": " }), c.before));
    if (c.before && c.after) p.append(" → ");
    if (c.after) p.append(el("ins", {}, el("span", { class: "sr-only", text: w("inserted") + ": " }), c.after));
    return p;
  }

  function changesTable(rep) {
    const caption = w("changes_caption", { previous: (rep.previous || "").split(/[\\/]/).pop() });
    if (!rep.changes.length) return el("p", { text: w("no_changes") });
    const head = el("tr", {}, ...["col_initiative", "col_cell", "col_change", "col_text"].map((k) => el("th", { scope: "col", text: w(k) })));
    const [body, more] = longBody(rep.changes, (c) => el("tr", {},
      el("td", { text: [c.initiative, c.title].filter(Boolean).join(" ") }),
      el("td", { class: "cell", text: c.sheet + "!" + c.cell }),
      el("td", { text: c.mark }),
      el("td", {}, segmentsNode(c))));
    return el("div", {}, el("div", { class: "scroll", role: "region", tabindex: "0", "aria-label": caption },
      el("table", { class: "changes" }, el("caption", { text: caption }), el("thead", {}, head), body)), more);
  }

  async function runNext() {
    clearResults();
    const perCenter = $("per-center").checked;
    const announced = [];
    await withWork(async () => {
      for (const c of currents()) {
        const r = await call("next", { id: c.id, perCenter, step: w("step_handout", { file: c.name }) });
        if (r.trapped) {
          $("results").append(errorBlock(w("failed_reader", { file: c.name })));
          await restart();
          return;
        }
        if (r.error) {
          $("results").append(errorBlock(r.error));
          announced.push(r.error);
          continue;
        }
        const one = r.results[0];
        const block = el("div", { class: "result" }, el("h3", { text: one.name }));
        for (const line of one.report.lines) block.append(el("p", { class: "line", text: line }));
        block.append(download(one));
        for (const n of one.report.notices) block.append(el("p", { class: "line hint", text: n }));
        $("results").append(block);
        announced.push(one.report.lines.join(" "));
      }
    });
    announce(announced.join(" "));
    showResults();
  }

  async function runCollect() {
    clearResults();
    const master = whole();
    const announced = [];
    await withWork(async () => {
      const r = await call("collect", {
        whole: master.id,
        returns: returns().map((f) => f.id),
        step: w("step_collecting", { file: master.name }),
      });
      if (r.trapped) {
        $("results").append(errorBlock(w("failed_reader", { file: master.name })));
        await restart();
        return;
      }
      if (r.error) {
        $("results").append(errorBlock(r.error));
        announced.push(r.error);
        return;
      }
      const one = r.results[0];
      const block = el("div", { class: "result" }, el("h3", { text: one.name }));
      for (const line of one.report.lines) block.append(el("p", { class: "line", text: line }));
      block.append(download(one));
      if (one.report.problems.length) block.append(el("ul", {}, ...one.report.problems.map((p) => el("li", { text: p }))));
      for (const n of one.report.notices) block.append(el("p", { class: "line hint", text: n }));
      $("results").append(block);
      announced.push(one.report.lines.join(" "));
    });
    announce(announced.join(" "));
    showResults();
  }

  // --- wiring -------------------------------------------------------------
  function wire() {
    const drop = $("drop");
    const picker = $("picker");
    drop.addEventListener("click", () => picker.click());
    picker.addEventListener("change", () => {
      if (picker.files.length) addFiles(Array.from(picker.files));
      picker.value = "";
    });
    for (const target of [drop, document.body]) {
      target.addEventListener("dragover", (e) => {
        e.preventDefault();
        drop.classList.add("over");
      });
      target.addEventListener("dragleave", () => drop.classList.remove("over"));
      target.addEventListener("drop", (e) => {
        e.preventDefault();
        e.stopPropagation();
        drop.classList.remove("over");
        const list = Array.from((e.dataTransfer && e.dataTransfer.files) || []);
        if (list.length) addFiles(list);
      });
    }
    $("annotate").addEventListener("click", () => runAnnotate());
    $("next").addEventListener("click", () => runNext());
    $("collect").addEventListener("click", () => runCollect());
    $("result-heading").setAttribute("tabindex", "-1");
    $("language").addEventListener("change", async (e) => {
      lang = e.target.value;
      try {
        window.localStorage.setItem("opfolg-language", lang);
      } catch (err) {
        // No storage: the choice lasts this visit.
      }
      clearResults();
      renderWords();
      // The template reads the workbooks too: a new session in the new
      // language, given the same workbooks.
      await withWork(async () => {
        await restart();
        await refresh();
      });
    });
  }

  wire();
  renderWords();
  render();
  startWorker().then(() => refresh());
})();
