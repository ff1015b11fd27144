// The page's worker: runs opfolg's core (WebAssembly) off the page's
// thread, so the page never freezes on a large workbook. It follows the
// wasm-bindgen glue (`wasm_bindgen`) in the same script, made into a Blob
// by the page. Every request carries a sequence number; the answer carries
// it back. A workbook the reader fails on stops the module (WebAssembly
// cannot unwind): the answer says so, and the page starts a new worker.
"use strict";

let session = null;

function answer(seq, body, transfer) {
  self.postMessage(Object.assign({ type: "answer", seq }, body), transfer || []);
}

function progress(seq, text) {
  self.postMessage({ type: "progress", seq, text });
}

function output(out) {
  const bytes = out.take_bytes();
  // The report stays a string: one copy to the page, parsed there once
  // (a large report cloned as objects costs more than the parse).
  const result = { name: out.name, report: out.report, bytes: bytes.buffer };
  out.free();
  return result;
}

const jobs = {
  init(m) {
    wasm_bindgen.initSync({ module: m.module });
    session = new wasm_bindgen.Session(m.language, m.now, m.offset);
    return {};
  },
  warmUp() {
    session.warm_up();
    return {};
  },
  add(m) {
    const id = session.add(m.name, new Uint8Array(m.bytes));
    return { id };
  },
  remove(m) {
    session.remove(m.id);
    return {};
  },
  overview() {
    return { overview: JSON.parse(session.overview()) };
  },
  failedLine(m) {
    return { line: session.reader_failed(m.name) };
  },
  annotate(m) {
    const results = [];
    const many = m.jobs.length > 1;
    for (const job of m.jobs) {
      progress(m.seq, job.step);
      try {
        results.push(output(session.annotate(job.current, job.previous, many)));
      } catch (e) {
        if (e instanceof WebAssembly.RuntimeError) throw e;
        results.push({ error: String(e), file: job.current });
      }
    }
    let pack = null;
    if (many && results.some((r) => !r.error)) {
      progress(m.seq, m.packStep);
      pack = output(session.pack());
    }
    return { results, pack };
  },
  next(m) {
    progress(m.seq, m.step);
    return { results: [output(session.next_round(m.id, m.perCenter))] };
  },
  collect(m) {
    progress(m.seq, m.step);
    return { results: [output(session.collect(m.whole, JSON.stringify(m.returns)))] };
  },
};

self.onmessage = (event) => {
  const m = event.data;
  try {
    const body = jobs[m.type](m);
    const transfer = [];
    for (const r of (body.results || []).concat(body.pack ? [body.pack] : [])) {
      if (r.bytes) transfer.push(r.bytes);
    }
    answer(m.seq, body, transfer);
  } catch (e) {
    const trapped = e instanceof WebAssembly.RuntimeError;
    answer(m.seq, { error: String(e && e.message ? e.message : e), trapped });
  }
};
