'use strict';
// Opens mesh-cp's dashboard in headless Chromium (playwright-core, Debian's /usr/bin/chromium), waits for a
// service's row with its live traffic split and the caller → service edge of the graph, then waits for the
// page to update itself (no reload) until the service's request count grows, and saves a screenshot.
// Prints one JSON line: {"first":{...},"second":{...},"reloads":0,"screenshot":"..."}.
// Usage: node e2e-dashboard.js --url http://127.0.0.1:15014 --service catalog --caller web --screenshot DIR/dashboard.png
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');
const { parseArgs } = require('./echo-common');

const args = parseArgs(process.argv.slice(2));
const url = (args.url || 'http://127.0.0.1:15014').replace(/\/$/, '') + '/dashboard';
const service = args.service || 'catalog';
const caller = args.caller || 'web';

async function read(page) {
  return page.evaluate(([service, caller]) => {
    const row = document.querySelector(`tr[data-service="${service}"]`);
    const split = (kind) => [...row.querySelectorAll(`.bar[data-split="${kind}"] span`)]
      .map((span) => ({ subset: span.dataset.subset, text: span.textContent, width: span.style.width }));
    const metric = (name) => row.querySelector(`td[data-metric="${name}"]`)?.textContent ?? null;
    const edge = document.querySelector(`g.edge[data-caller="${caller}"][data-service="${service}"]`);
    return {
      requests: Number(metric('requests')),
      success: metric('success'),
      rps: metric('rps'),
      p50: metric('p50'),
      configured: split('configured'),
      live: split('live'),
      edge: edge ? edge.querySelector('text.edge-label').textContent : null,
      updated: document.getElementById('updated').textContent,
      clients: document.querySelectorAll('tr[data-client]').length,
      versions: [...document.querySelectorAll(`tr[data-client^="${caller}-"] td:nth-child(4) span`)].map((span) => span.textContent),
      effective: document.querySelector(`tr[data-client^="${caller}-"] + tr details pre`)?.textContent ?? null,
    };
  }, [service, caller]);
}

async function main() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-dashboard-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: args.chromium || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = context.pages()[0] || await context.newPage();
    let loads = 0;
    page.on('load', () => { loads++; });
    await page.goto(url);
    await page.waitForSelector(`tr[data-service="${service}"] .bar[data-split="live"] span`, { timeout: 30000 });
    await page.waitForSelector(`g.edge[data-caller="${caller}"][data-service="${service}"] text.edge-label`, { timeout: 30000 });
    const first = await read(page);
    await page.waitForFunction(([service, before]) => {
      const cell = document.querySelector(`tr[data-service="${service}"] td[data-metric="requests"]`);
      return cell && Number(cell.textContent) > before;
    }, [service, first.requests], { timeout: 30000 });
    const second = await read(page);
    await page.screenshot({ path: args.screenshot, fullPage: true });
    console.log(JSON.stringify({ first, second, reloads: loads - 1, screenshot: args.screenshot }));
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
