// A fleet run as a manager and a reader see it, in headless Chromium: the fleet's approval in
// Tasklist (every target's preflight and plan in a table), then, once the caller has worked the
// targets' tasks (between "fleet: approved" and the line "go" on standard input), the fleet's record.
// Prints one line per fact, saves screenshots, exits non-zero on failure.
//
//   node fleet.js BASE_URL MANAGER PASSWORD SCREENSHOT_DIR FLEET_RUN
const { chromium } = require('playwright-core');
const readline = require('readline');

const [baseUrl, manager, password, shots, fleetRun] = process.argv.slice(2);
const tasklist = baseUrl + '/camunda/app/tasklist/default/';

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 1100 } })).newPage();
    await page.goto(tasklist);
    await page.fill('input[ng-model=username]', manager);
    await page.fill('input[ng-model=password]', password);
    await page.click('button[type=submit]');
    await page.waitForSelector('text=Start process', { timeout: 30000 });
    await page.getByText('manager approvals').first().click();
    await page.getByText('Approve the fleet change', { exact: true }).first().click();
    await page.waitForSelector('.fjs-form', { timeout: 15000 });
    const claim = page.locator('button:has-text("Claim")');
    if (await claim.count()) {
      await claim.first().click();
      await page.waitForSelector('.disabled-form', { state: 'detached', timeout: 15000 });
    }
    const rows = await page.locator('.fjs-form table tr').count();
    const passed = await page.locator('.fjs-form table td', { hasText: /^passed$/ }).count();
    const planLinks = await page.locator('.fjs-form table a', { hasText: 'record' }).count();
    console.log(`approval form: ${rows} table rows, ${passed} preflights passed, ${planLinks} plan links`);
    await page.screenshot({ path: `${shots}/fleet-approval.png`, fullPage: true });
    await page.getByLabel('Approve', { exact: true }).check();
    await page.getByLabel('Comment').fill('five schools, canary first');
    const answer = page.waitForResponse(r => r.url().includes('/submit-form'), { timeout: 30000 });
    await page.click('button:has-text("Complete")');
    console.log(`fleet: approved ${(await answer).status()}`);

    const input = readline.createInterface({ input: process.stdin });
    await new Promise(resolve => input.once('line', resolve));
    input.close();

    await page.goto(`${baseUrl}/cutover/fleets/${fleetRun}`);
    await page.waitForSelector('#targets');
    const completed = await page.locator('#targets td.ok', { hasText: 'completed' }).count();
    console.log(`fleet record: ${await page.locator('#outcome').innerText()} | ${completed} targets completed`
        + ` | median ${await page.locator('#median').innerText()} | worst ${await page.locator('#worst').innerText()}`);
    const width = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    if (width[0] > width[1]) {
      throw new Error(`the fleet record is wider than the window (${width[0]} > ${width[1]})`);
    }
    await page.screenshot({ path: `${shots}/fleet-record.png`, fullPage: true });
  } finally {
    await browser.close();
  }
})().catch(error => {
  console.error(error);
  process.exit(1);
});
