// Runs Lighthouse (its mobile profile, simulated throttling) on each URL given as an argument, one
// after another in one Chrome, and prints one JSON line per page: category scores, the paint
// metrics, bytes, the requests and the audits that did not pass. LIGHTHOUSE names the npm module's
// folder; CHROME_PATH the browser (Debian's chromium). Used by tests/test_standards.py and
// bench/lighthouse.py.
//
// The CPU slowdown is calibrated, as Lighthouse's docs/throttling.md advises when the machine is
// not the desktop its default assumes: Lighthouse's default multiplies this machine's CPU time by
// 4 to emulate a mid-tier phone from a fast desktop, but the development VM is shared by a dozen
// processes on 2 CPUs and its benchmark index (Lighthouse's own measure, taken just before each
// page) is often that of a phone already. The multiplier is the one Lighthouse's CPU throttling
// calculator gives for that index, never more than the default 4. LIGHTHOUSE_CPU sets it instead
// (bench/lighthouse.py --cpu 4 for Lighthouse's default).
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = path.join(process.env.LIGHTHOUSE, "node_modules");
const load = (module) => import(pathToFileURL(path.join(root, module)));
const { default: lighthouse } = await load("lighthouse/core/index.js");
const { pageFunctions } = await load("lighthouse/core/lib/page-functions.js");
const constants = await load("lighthouse/core/config/constants.js");
const chromeLauncher = await load("chrome-launcher/dist/index.js");
const { default: puppeteer } = await load("puppeteer-core/lib/esm/puppeteer/puppeteer-core.js");

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const METRICS = {
  fcp: "first-contentful-paint", lcp: "largest-contentful-paint", si: "speed-index",
  tbt: "total-blocking-time", cls: "cumulative-layout-shift", bytes: "total-byte-weight",
};
// The performance audits that weigh nothing in its score (diagnostics and suggestions, each a
// simulation of its own, and a back/forward navigation) take half of each page's time; the
// requests and their bytes are kept for the figures.
const { default: defaultConfig } = await load("lighthouse/core/config/default-config.js");
const KEEP = ["network-requests", "total-byte-weight"];
const SKIP = defaultConfig.categories.performance.auditRefs
  .filter((ref) => !ref.weight && !KEEP.includes(ref.id)).map((ref) => ref.id);

// patrickhulce/lighthouse-cpu-throttling-calculator, linked from Lighthouse's docs/throttling.md.
function cpuSlowdown(benchmarkIndex) {
  let multiplier = 1;
  if (benchmarkIndex >= 1300) multiplier = 3 + (benchmarkIndex - 1300) / 233;
  else if (benchmarkIndex >= 800) multiplier = 2 + (benchmarkIndex - 800) / 500;
  else if (benchmarkIndex >= 150) multiplier = 1 + (benchmarkIndex - 150) / 650;
  return Math.min(multiplier, constants.throttling.mobileSlow4G.cpuSlowdownMultiplier);
}

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run"],
});
const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
try {
  for (const url of process.argv.slice(2)) {
    const tab = await browser.newPage();
    const benchmarkIndex = await tab.evaluate(pageFunctions.computeBenchmarkIndex);
    await tab.close();
    const cpu = Number(process.env.LIGHTHOUSE_CPU) || cpuSlowdown(benchmarkIndex);
    const { lhr } = await lighthouse(url, {
      port: chrome.port, output: "json", logLevel: process.env.LH_LOG || "error", onlyCategories: CATEGORIES,
      disableFullPageScreenshot: true, skipAudits: SKIP,
      throttling: { ...constants.throttling.mobileSlow4G, cpuSlowdownMultiplier: cpu },
    });
    const scores = Object.fromEntries(CATEGORIES.map((c) => [c, lhr.categories[c].score]));
    const metrics = Object.fromEntries(Object.entries(METRICS).map(([k, id]) => [k, lhr.audits[id].numericValue]));
    const failing = [];
    for (const c of CATEGORIES) {
      for (const ref of lhr.categories[c].auditRefs) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
          failing.push({ category: c, id: ref.id, score: audit.score, title: audit.title,
                         value: audit.displayValue || "" });
        }
      }
    }
    const requests = (lhr.audits["network-requests"].details?.items || []).map((r) => ({
      url: r.url, type: r.resourceType, transfer: r.transferSize, size: r.resourceSize,
    }));
    const errors = lhr.runtimeError ? [lhr.runtimeError.message] : [];
    console.log(JSON.stringify({ url, scores, metrics, failing, requests, errors,
                                 benchmarkIndex, cpuSlowdown: cpu }));
  }
} finally {
  await browser.disconnect();
  await chrome.kill();
}
