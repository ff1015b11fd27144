// The page in a real browser: Debian's Chromium, headless, driven by
// Playwright (playwright-core), opening dist/opfolg.html from file:// with
// no flag that loosens file:// rules. Each test drops workbooks on the page
// as a person would and compares what it downloads with what the command
// line writes for the same workbooks, part by part.
//
//   node --test web/test/page.test.mjs      (after scripts/build-web.sh and
//                                            cargo build --release)
//
// OPFOLG_BIN names the command line to compare with (default
// target/release/opfolg); OPFOLG_UPDATE_PICTURES=1 copies the screenshot
// of the page after an annotation to docs/side-annoteret.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, basename, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { differingParts, parts } from "./zipparts.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const page_url = "file://" + join(root, "dist/opfolg.html");
const bin = process.env.OPFOLG_BIN || join(root, "target/release/opfolg");
const shots = join(root, "target/web-test");
mkdirSync(shots, { recursive: true });
const sample = (p) => join(root, "samples", p);

let browser;
let requests = [];

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-background-networking", "--disable-gpu",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

after(async () => {
  await browser.close();
  // Nothing but the page itself and the worker made from a Blob was ever
  // asked for, in any test: no workbook left the browser.
  const outside = requests.filter((u) => !u.startsWith("file://") && !u.startsWith("blob:"));
  assert.deepEqual(outside, [], "requests that left the page");
  assert.ok(requests.some((u) => u.startsWith("file://")), "the page was loaded");
});

/// A fresh page at 1366×768, its requests and errors watched.
async function open(language) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
  context.on("request", (r) => requests.push(r.url()));
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(page_url);
  await page.bringToFront();
  if (language) await page.selectOption("#language", language);
  page.errors = errors;
  return page;
}

/// Drops files on the drop zone, as dragging them from Explorer does.
async function drop(page, paths) {
  const files = paths.map((p) => ({ name: basename(p), data: readFileSync(p).toString("base64") }));
  const before = await page.$$eval("#files tbody tr", (rows) => rows.length);
  await page.evaluate((files) => {
    const dt = new DataTransfer();
    for (const f of files) {
      const bytes = Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name));
    }
    const zone = document.getElementById("drop");
    zone.dispatchEvent(new DragEvent("dragover", { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
  await idle(page, before + paths.length);
}

/// Waits until the page lists `count` workbooks and works on nothing.
async function idle(page, count) {
  await page.waitForFunction((n) => {
    const rows = document.querySelectorAll("#files tbody tr").length;
    return rows >= n && document.getElementById("progress").hidden;
  }, count, { timeout: 60000 });
}

/// Clicks a button and takes the download it starts.
async function take(page, selector) {
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 120000 }),
    page.click(selector),
  ]);
  const path = await download.path();
  await page.waitForFunction(() => document.getElementById("progress").hidden);
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}

/// The command line, in `cwd`; its output, error and exit code.
function opfolg(args, cwd) {
  const r = spawnSync(bin, args, { cwd: cwd || root, encoding: "utf8" });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

function scratch() {
  return mkdtempSync(join(tmpdir(), "opfolg-page-"));
}

/// The rows of the workbook table: file, what it is, its role, the
/// previous round chosen.
async function listed(page) {
  return page.$$eval("#files tbody tr", (rows) => rows.map((r) => {
    const cells = r.querySelectorAll("td");
    const select = r.querySelector("select");
    return {
      file: cells[0].textContent,
      what: cells[1].textContent,
      role: cells[2].textContent,
      previous: select ? select.options[select.selectedIndex].textContent : null,
    };
  }));
}

const axeSource = readFileSync(join(root, "web/test/node_modules/axe-core/axe.min.js"), "utf8");

/// axe-core's WCAG 2.1 A and AA rules on the page as it is now. axe is
/// evaluated through the browser's devtools protocol: the page's own
/// policy would (rightly) refuse a script added to it.
async function wcag(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join("; ")})`);
}

test("the page meets WCAG 2.1 AA before anything is dropped, in Danish", async () => {
  const page = await open();
  assert.equal(await page.getAttribute("html", "lang"), "da");
  assert.match(await page.textContent("h1"), /opfølgning/);
  assert.deepEqual(await wcag(page), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("the drop zone is a button: the keyboard opens the file dialog", async () => {
  const page = await open();
  // The file dialog is opened by a click on the file input, made by the
  // button's own click: Enter and Space on the focused drop zone make it.
  // (Playwright sees the dialog itself only in a browser's first
  // contexts, so the test watches the click that opens it.)
  await page.evaluate(() => {
    window.opened = 0;
    document.getElementById("picker").addEventListener("click", (e) => {
      if (navigator.userActivation.isActive) window.opened++;
      e.preventDefault();
    });
  });
  await page.focus("#drop");
  assert.equal(await page.evaluate(() => document.activeElement.id), "drop");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Space");
  assert.equal(await page.evaluate(() => window.opened), 2);
  await page.setInputFiles("#picker", [sample("budget2018-opfoelgning-1.xlsx")]);
  await idle(page, 1);
  const rows = await listed(page);
  assert.equal(rows[0].file, "budget2018-opfoelgning-1.xlsx");
  await page.context().close();
});

test("two rounds dropped: paired, annotated as the command line annotates them", async () => {
  const page = await open();
  const prev = sample("budget2018-opfoelgning-1.xlsx");
  const cur = sample("budget2018-opfoelgning-2.xlsx");
  await drop(page, [prev, cur]);
  const rows = await listed(page);
  assert.equal(rows.length, 2);
  assert.match(rows[0].what, /Børne- og Skoleudvalget · 2018 · 1\. opf\./);
  assert.match(rows[0].role, /forrige runde for budget2018-opfoelgning-2\.xlsx/);
  assert.match(rows[1].what, /2\. opf\./);
  assert.equal(rows[1].role, "annoteres");
  assert.equal(rows[1].previous, "budget2018-opfoelgning-1.xlsx");

  const t0 = Date.now();
  const got = await take(page, "#annotate");
  const took = Date.now() - t0;
  assert.equal(got.name, "budget2018-opfoelgning-2-annoteret.xlsx");
  const dir = scratch();
  const want = join(dir, "cli.xlsx");
  const run = opfolg(["annotate", cur, "--previous", prev, "-o", want]);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(differingParts(got.bytes, readFileSync(want)), []);
  assert.ok(took < 5000, `annotating the sample pair took ${took} ms`);

  // The findings on the page: the codes and cells of check --format json.
  const json = JSON.parse(opfolg(["check", cur, "--previous", prev, "--format", "json"]).stdout);
  const shown = await page.$$eval("table.findings tbody tr", (rows) => rows.map((r) => {
    const c = r.querySelectorAll("td");
    return c[0].textContent.split(" ").pop() + " " + c[1].textContent;
  }));
  const expected = json.findings.map((f) => `${f.code} ${f.sheet}!${f.cell}`);
  assert.deepEqual([...shown].sort(), [...expected].sort());
  // Their messages quote values in quotation marks, not the command
  // line's backticks: A003's `0.125 mio. kr.` is a quotation.
  const messages = await page.$$eval("table.findings tbody tr td:nth-child(4)", (cells) =>
    cells.map((c) => ({ text: c.textContent, quotes: [...c.querySelectorAll("q")].map((q) => q.textContent) })));
  assert.ok(messages.every((m) => !m.text.includes("`")), JSON.stringify(messages));
  assert.ok(messages.some((m) => m.quotes.includes("0.125 mio. kr.")), JSON.stringify(messages));
  // The counts by severity, and the changes with their words marked.
  const counts = await page.textContent("ul.counts");
  const n = (s) => json.findings.filter((f) => f.severity === s).length;
  assert.match(counts, new RegExp(`${n("error")} fejl.*${n("warning")} advarsler.*${n("info")} oplysninger`));
  const changed = await page.$$eval("table.changes tbody tr", (r) => r.length);
  const diff = JSON.parse(opfolg(["diff", prev, cur, "--format", "json"]).stdout);
  assert.equal(changed, diff.changes.length);
  assert.ok(await page.$("table.changes del") && await page.$("table.changes ins"), "changed words marked");
  assert.match(await page.textContent("#status"), /ændringer siden budget2018-opfoelgning-1\.xlsx/);

  assert.deepEqual(await wcag(page), []);
  // What a person sees after the annotation, at 1366×768: the result, and
  // above it the workbooks and what they were compared with.
  for (const [name, where] of [["side-annoteret.png", "#result-heading"], ["side-arbejdsboeger.png", "h1"]]) {
    await page.$eval(where, (e) => e.scrollIntoView({ block: "start" }));
    const shot = join(shots, name);
    await page.screenshot({ path: shot });
    if (process.env.OPFOLG_UPDATE_PICTURES) copyFileSync(shot, join(root, "docs", name));
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("next round: the hand-out the command line writes, also per centre", async () => {
  const page = await open();
  const cur = sample("budget2018-opfoelgning-2.xlsx");
  await drop(page, [cur]);
  const got = await take(page, "#next");
  assert.equal(got.name, "Børne- og Skoleudvalget – 3. opf. 2018.xlsx");
  const dir = scratch();
  const want = join(dir, "next.xlsx");
  assert.equal(opfolg(["new-round", cur, "-o", want]).code, 0);
  assert.deepEqual(differingParts(got.bytes, readFileSync(want)), []);

  await page.check("#per-center");
  const zip = await take(page, "#next");
  assert.equal(zip.name, "Børne- og Skoleudvalget – 3. opf. 2018.zip");
  const folder = join(dir, "centres");
  assert.equal(opfolg(["new-round", "--per-center", cur, "-o", folder]).code, 0);
  const inZip = parts(zip.bytes);
  const files = readdirSync(folder).sort();
  assert.deepEqual([...inZip.keys()].map((k) => k.split("/").pop()).sort(), files);
  for (const f of files) {
    const mine = inZip.get("Børne- og Skoleudvalget – 3. opf. 2018/" + f);
    assert.deepEqual(differingParts(mine, readFileSync(join(folder, f))), [], f);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("next year's plan: the year end gives it as the command line does", async () => {
  const dir = scratch();
  // The year end as the committee keeps it: the round-4 workbook, annotated.
  const third = join(dir, "opf3.xlsx");
  const fourth = join(dir, "opf4.xlsx");
  const end = join(dir, "opf4-annoteret.xlsx");
  assert.equal(opfolg(["new-round", sample("budget2018-opfoelgning-2.xlsx"), "-o", third]).code, 0);
  assert.equal(opfolg(["new-round", third, "-o", fourth]).code, 0);
  assert.equal(opfolg(["annotate", fourth, "--no-previous", "-o", end]).code, 0);
  const page = await open();
  await drop(page, [end]);
  const got = await take(page, "#next");
  assert.equal(got.name, "Børne- og Skoleudvalget – Udmøntning 2019.xlsx");
  const text = await page.textContent("#results");
  assert.match(text, /Næste års plan \(2019\): \d+ af \d+ indsatser overført/);
  const want = join(dir, "plan.xlsx");
  assert.equal(opfolg(["new-round", end, "-o", want]).code, 0);
  assert.deepEqual(differingParts(got.bytes, readFileSync(want)), []);
  // Per centre, it says what to do instead.
  await page.check("#per-center");
  // Shown busy from the click on, not only once the worker gets to it.
  assert.ok(await page.evaluate(() => {
    document.getElementById("next").click();
    return !document.getElementById("progress").hidden;
  }), "the page shows it works at once");
  await page.waitForFunction(() => document.getElementById("progress").hidden
    && document.getElementById("results").textContent !== "");
  assert.match(await page.textContent("#results"), /næste års plan/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("collect: the centres' returns gathered as the command line gathers them", async () => {
  const dir = scratch();
  const folder = join(dir, "centres");
  const cur = sample("budget2018-opfoelgning-1.xlsx");
  assert.equal(opfolg(["new-round", "--per-center", cur, "-o", folder]).code, 0);
  const files = readdirSync(folder).sort().map((f) => join(folder, f));
  const whole = files.find((f) => f.endsWith("Børne- og Skoleudvalget – 2. opf. 2018.xlsx"));
  const returns = files.filter((f) => f !== whole);
  const page = await open();
  await drop(page, files);
  const listedRows = await listed(page);
  assert.ok(listedRows.some((r) => r.role.includes("samles i")), JSON.stringify(listedRows));
  assert.ok(await page.isEnabled("#collect"));
  const got = await take(page, "#collect");
  assert.equal(got.name, "Børne- og Skoleudvalget – 2. opf. 2018 samlet.xlsx");
  const want = join(dir, "samlet.xlsx");
  const run = opfolg(["collect", whole, ...returns, "-o", want]);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(differingParts(got.bytes, readFileSync(want)), []);
  await page.context().close();

  // The collected round is the next one to annotate, against round 1.
  const collected = join(dir, got.name);
  writeFileSync(collected, got.bytes);
  const next = await open();
  await drop(next, [cur, collected]);
  const rows = await listed(next);
  assert.equal(rows[1].role, "annoteres", JSON.stringify(rows));
  assert.equal(rows[1].previous, "budget2018-opfoelgning-1.xlsx");
  const annotated = await take(next, "#annotate");
  const cli = join(dir, "annoteret.xlsx");
  assert.equal(opfolg(["annotate", collected, "--previous", cur, "-o", cli]).code, 0);
  assert.deepEqual(differingParts(annotated.bytes, readFileSync(cli)), []);
  await next.context().close();
});

test("several committees: each paired and annotated, one .zip with the overview", async () => {
  const page = await open();
  const names = ["opf1/bsu-opf1.xlsx", "opf1/kfu-opf1.xlsx", "opf2/bsu-opf2.xlsx", "opf2/kfu-opf2.xlsx", "opf2/ssu-opf2.xlsx"];
  await drop(page, names.map((n) => sample("afdeling/" + n)));
  const rows = await listed(page);
  assert.deepEqual(rows.filter((r) => r.role === "annoteres").map((r) => r.file), ["bsu-opf2.xlsx", "kfu-opf2.xlsx", "ssu-opf2.xlsx"]);
  const got = await take(page, "#annotate");
  assert.equal(got.name, "opfolg-annoteret.zip");
  const dir = scratch();
  const out = join(dir, "out");
  const run = opfolg(["annotate", sample("afdeling/opf2"), "--previous", sample("afdeling/opf1"), "-o", out]);
  assert.equal(run.code, 0, run.stderr);
  const inZip = parts(got.bytes);
  const want = readdirSync(out).sort();
  assert.deepEqual([...inZip.keys()].sort(), want);
  for (const f of want) assert.deepEqual(differingParts(inZip.get(f), readFileSync(join(out, f))), [], f);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a file it cannot read: the command line's one line on the page, and the rest goes on", async () => {
  const dir = scratch();
  const broken = join(dir, "ødelagt.xlsx");
  writeFileSync(broken, Buffer.from("this is not a workbook at all, just text named .xlsx"));
  const line = opfolg(["check", "ødelagt.xlsx"], dir).stderr.trim().replace(/^opfolg: /, "");
  assert.match(line, /^ødelagt\.xlsx: /);
  const page = await open();
  await drop(page, [broken, sample("budget2018-opfoelgning-1.xlsx"), sample("budget2018-opfoelgning-2.xlsx")]);
  const rows = await listed(page);
  assert.equal(rows[0].what, line);
  assert.equal(rows[2].role, "annoteres");
  const got = await take(page, "#annotate");
  assert.equal(got.name, "budget2018-opfoelgning-2-annoteret.xlsx");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("an .ods: the notice the command line gives, on the page", async () => {
  const ods = join(root, "tests/fixtures/clean-opf1.ods");
  const dir = scratch();
  copyFileSync(ods, join(dir, "clean-opf1.ods"));
  const cli = opfolg(["annotate", "clean-opf1.ods", "--no-previous", "-o", "out.xlsx"], dir);
  assert.equal(cli.code, 0, cli.stderr);
  const notice = cli.stderr.split("\n").find((l) => l.includes(".ods")).replace(/^opfolg: /, "");
  const page = await open();
  await drop(page, [join(dir, "clean-opf1.ods")]);
  const got = await take(page, "#annotate");
  assert.equal(got.name, "clean-opf1-annoteret.xlsx");
  assert.deepEqual(differingParts(got.bytes, readFileSync(join(dir, "out.xlsx"))), []);
  const shown = await page.$$eval(".result .hint", (n) => n.map((x) => x.textContent));
  assert.ok(shown.includes(notice), `${notice} in ${JSON.stringify(shown)}`);
  await page.context().close();
});

test("in English with the English template", async () => {
  const page = await open("en");
  await page.waitForFunction(() => document.documentElement.lang === "en");
  assert.match(await page.textContent("h1"), /following up/);
  assert.equal(await page.textContent("#annotate"), "Annotate");
  assert.deepEqual(await wcag(page), []);
  await page.context().close();
});

test("a workbook the reader stops on: named in one line, the rest goes on in a new worker", async () => {
  // WebAssembly cannot unwind a panic: a reader that panics stops the
  // module. No workbook here makes a reader panic, so the worker is told to
  // stop as such a panic stops it, on the next workbook added.
  const page = await open();
  await drop(page, [sample("budget2018-opfoelgning-1.xlsx")]);
  const [worker] = page.workers();
  await worker.evaluate(() => {
    const add = session.add.bind(session);
    let first = true;
    session.add = (name, bytes) => {
      if (first) {
        first = false;
        throw new WebAssembly.RuntimeError("unreachable");
      }
      return add(name, bytes);
    };
  });
  await drop(page, [sample("budget2018-opfoelgning-2.xlsx"), sample("budget2018-udmoentning.xlsx")]);
  const rows = await listed(page);
  const dir = scratch();
  assert.equal(rows.length, 3);
  assert.match(rows[1].what, /^budget2018-opfoelgning-2\.xlsx: /);
  assert.equal(rows[1].role, "kan ikke læses");
  // The others were given to the new worker: round 1 is annotated against
  // the plan.
  assert.equal(rows[0].role, "annoteres");
  assert.equal(rows[0].previous, "budget2018-udmoentning.xlsx");
  const got = await take(page, "#annotate");
  const want = join(dir, "cli.xlsx");
  const run = opfolg(["annotate", sample("budget2018-opfoelgning-1.xlsx"), "--previous", sample("budget2018-udmoentning.xlsx"), "-o", want]);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(differingParts(got.bytes, readFileSync(want)), []);
  await page.context().close();
});
