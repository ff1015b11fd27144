// The page against the command line, side by side in one run: the time
// from the click on Annotér to the download in headless Chromium (the page
// opened from file://, the two rounds already dropped), and the whole
// `opfolg annotate` process for the same pair; medians of alternating
// runs. Run by benches/page.sh.
import { chromium } from "../web/test/node_modules/playwright-core/index.mjs";
import { spawnSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { basename, join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "target/release/opfolg");
const runs = Number(process.env.RUNS || 5);
const pairs = process.argv.slice(2).map((p) => p.split(","));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-background-networking", "--disable-gpu",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});

async function pageRun(prev, cur) {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto("file://" + join(root, "dist/opfolg.html"));
  await page.setInputFiles("#picker", [prev, cur]);
  await page.waitForFunction(() => document.querySelectorAll("#files tbody tr").length === 2
    && document.getElementById("progress").hidden && !document.getElementById("annotate").disabled,
    null, { timeout: 300000 });
  const t0 = performance.now();
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 300000 }),
    page.click("#annotate"),
  ]);
  const ms = performance.now() - t0;
  await download.path();
  await context.close();
  return ms;
}

function cliRun(prev, cur) {
  const t0 = performance.now();
  const r = spawnSync(bin, ["annotate", cur, "--previous", prev, "-o", join(root, "target/bench/page-cli-out.xlsx"), "--force"]);
  if (r.status !== 0) throw new Error(String(r.stderr));
  return performance.now() - t0;
}

const fmt = (ms) => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`);
console.log(`| pair | size | command line | page (Chromium) | ratio |`);
console.log(`|---|---|---|---|---|`);
for (const [prev, cur] of pairs) {
  const page = [];
  const cli = [];
  cliRun(prev, cur); // warm-up
  for (let i = 0; i < runs; i++) {
    cli.push(cliRun(prev, cur));
    page.push(await pageRun(prev, cur));
  }
  const size = `${(statSync(cur).size / 1024).toFixed(0)} KiB`;
  console.log(`| ${basename(cur)} | ${size} | ${fmt(median(cli))} | ${fmt(median(page))} | ${(median(page) / median(cli)).toFixed(2)}× |`);
}
const html = statSync(join(root, "dist/opfolg.html")).size;
console.log(`\ndist/opfolg.html: ${(html / 1e6).toFixed(2)} MB`);
await browser.close();
