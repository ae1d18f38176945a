// Runs pa11y (HTML_CodeSniffer, WCAG 2 AA) over many pages in one Chromium:
// Debian's /usr/bin/chromium, never a downloaded browser.
//
// Each worker keeps one tab and loads the pages itself: pa11y's own navigation opens a
// tab per page (a renderer process started each time) and waits for "networkidle2",
// half a second of quiet after every page, when the site's pages request nothing after
// their load event but the favicon. Here a page is checked once it has loaded and the
// network has been quiet for IDLE_MS: the same finished page, without the fixed wait.
//
// Input (stdin, JSON): {"jobs": [{"url", "width"}, ...], "concurrency": 4, "warnings": false}
// Output (stdout, JSON): one entry per page and width:
//   {"url", "width", "issues": [{"type", "code", "message", "selector", "context"}]}
// A page that fails to load is reported as an issue of type "error" with the
// code "pa11y.failed", so that it never passes unnoticed.
"use strict";

const pa11y = require("pa11y");
const puppeteer = require("puppeteer");

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const HEIGHTS = { 1280: 900, 390: 844 };
// Quiet network after the load event before the check: a request a script starts late
// (none today) is waited for, and what it changes is checked.
const IDLE_MS = 100;

async function readInput() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

async function main() {
  const input = await readInput();
  const jobs = input.jobs;
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"],
  });
  const results = [];
  let next = 0;
  async function worker() {
    const page = await browser.newPage();
    while (next < jobs.length) {
      const job = jobs[next++];
      try {
        const viewport = { width: job.width, height: HEIGHTS[job.width] || 900 };
        await page.setViewport(viewport); // before the load: the page lays itself out at this width
        await page.goto(job.url, { waitUntil: "load", timeout: 60000 });
        await page.waitForNetworkIdle({ idleTime: IDLE_MS, timeout: 60000 });
        const result = await pa11y(job.url, {
          browser,
          page,
          ignoreUrl: true, // loaded above
          standard: "WCAG2AA",
          runners: ["htmlcs"],
          includeWarnings: Boolean(input.warnings),
          includeNotices: false,
          viewport,
          timeout: 60000,
          log: { debug() {}, error() {}, info() {} },
        });
        results.push({
          url: job.url,
          width: job.width,
          issues: result.issues.map(({ type, code, message, selector, context }) => ({
            type,
            code,
            message,
            selector,
            context,
          })),
        });
      } catch (error) {
        results.push({
          url: job.url,
          width: job.width,
          issues: [{ type: "error", code: "pa11y.failed", message: String(error), selector: "", context: "" }],
        });
      }
    }
  }
  try {
    await Promise.all(Array.from({ length: input.concurrency || 4 }, worker));
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(results));
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(2);
});
