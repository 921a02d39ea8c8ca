'use strict';
// Drives the eShopMesh web frontend in headless Chromium (playwright-core, Debian's /usr/bin/chromium):
// adds two products, places an order, saves a screenshot of the shop page, then loads the page N times
// and counts which catalog version served each load. Prints one JSON line:
// {"order":{"id","catalogVersion","route":[...],"total"},"loads":{"v1":N,"v2":N},"screenshot":"...",
//  "recommendations":{"source","catalogVersion","count","items":[names]} or null when the page shows none}.
// Usage: node e2e-shop.js --url http://localhost:5080 --loads 200 --screenshot DIR/shop.png [--chromium /usr/bin/chromium]
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');
const { parseArgs } = require('./echo-common');

const args = parseArgs(process.argv.slice(2));
const url = args.url || 'http://localhost:5080';
const loads = Number(args.loads || 200);

async function main() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-shop-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: args.chromium || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = context.pages()[0] || await context.newPage();
    await page.goto(url);
    const recommended = await page.$('#recommendations');
    const recommendations = recommended && {
      source: await recommended.getAttribute('data-source'),
      catalogVersion: await recommended.getAttribute('data-catalog-version'),
      count: Number(await recommended.getAttribute('data-count')),
      items: await page.$$eval('li.recommended', (items) => items.map((item) => item.textContent)),
    };
    for (const productId of ['1', '2']) {
      await page.click(`li.product[data-product-id="${productId}"] button.add`);
      await page.waitForSelector(`tr.basket-item[data-product-id="${productId}"]`);
    }
    await page.screenshot({ path: args.screenshot, fullPage: true });

    await page.click('#place-order');
    const order = await page.waitForSelector('#order');
    const result = {
      order: {
        id: Number(await order.getAttribute('data-order-id')),
        catalogVersion: await order.getAttribute('data-catalog-version'),
        route: (await order.getAttribute('data-route')).split(' '),
        total: Number(await order.getAttribute('data-total')),
      },
      loads: { v1: 0, v2: 0 },
      screenshot: args.screenshot,
      recommendations,
    };

    for (let i = 0; i < loads; i++) {
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      const version = await page.getAttribute('body', 'data-catalog-version');
      result.loads[version] = (result.loads[version] || 0) + 1;
    }
    console.log(JSON.stringify(result));
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
