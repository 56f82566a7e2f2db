// A fleet run as its people see it, in headless Chromium: the manager's approval in Tasklist
// (every target's preflight and plan in a table); once the caller has brought the first wave to its
// notification (the line "wave" on standard input), an operator's one answer for the whole wave;
// once the caller has worked the rest (the line "go"), the fleet's record and a target's rollback
// with the fleet. Prints one line per fact, saves screenshots, exits non-zero on failure.
//
//   node fleet.js BASE_URL MANAGER PASSWORD OPERATOR PASSWORD SCREENSHOT_DIR FLEET_RUN
const { chromium } = require('playwright-core');
const { logIn } = require('./tasklist');
const readline = require('readline');

const [baseUrl, manager, managerPassword, operator, operatorPassword, shots, fleetRun] = process.argv.slice(2);
const tasklist = baseUrl + '/camunda/app/tasklist/default/';
const input = readline.createInterface({ input: process.stdin });
const lines = [];
const waiting = [];
input.on('line', line => (waiting.length ? waiting.shift()(line) : lines.push(line)));

/** The next line the caller writes. */
function nextLine() {
  return lines.length ? Promise.resolve(lines.shift()) : new Promise(resolve => waiting.push(resolve));
}

const pages = [];

async function loggedIn(browser, user, password) {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 1100 } })).newPage();
  pages.push(page);
  await logIn(page, tasklist, user, password);
  return page;
}

/**
 * Opens the first task of that name in a filter and claims it; Tasklist, loaded anew, sometimes
 * stays on its spinner, so it is loaded again until the filter shows.
 */
async function openTask(page, filter, name) {
  for (let attempt = 0; attempt < 10; attempt++) {
    await page.goto(tasklist);
    try {
      await page.getByText(filter).first().click({ timeout: 5000 });
    } catch (notShown) {
      continue;
    }
    const task = page.getByText(name, { exact: true }).first();
    const shown = (await task.innerText()).trim();
    await task.click();
    await page.waitForSelector('.fjs-form', { timeout: 15000 });
    const claim = page.locator('button:has-text("Claim")');
    if (await claim.count()) {
      await claim.first().click();
      await page.waitForSelector('.disabled-form', { state: 'detached', timeout: 15000 });
    }
    return shown;
  }
  throw new Error(`the filter '${filter}' never showed`);
}

async function complete(page) {
  const answer = page.waitForResponse(r => r.url().includes('/submit-form'), { timeout: 30000 });
  await page.click('button:has-text("Complete")');
  return (await answer).status();
}

async function notWiderThanTheWindow(page, what) {
  const width = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  if (width[0] > width[1]) {
    throw new Error(`${what} is wider than the window (${width[0]} > ${width[1]})`);
  }
}

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await loggedIn(browser, manager, managerPassword);
    await openTask(page, 'manager approvals', 'Approve the fleet change');
    const rows = await page.locator('.fjs-form table tr').count();
    const passed = await page.locator('.fjs-form table td', { hasText: /^passed$/ }).count();
    const planLinks = await page.locator('.fjs-form table a', { hasText: 'record' }).count();
    console.log(`approval form: ${rows} table rows, ${passed} preflights passed, ${planLinks} plan links`);
    await page.screenshot({ path: `${shots}/fleet-approval.png`, fullPage: true });
    await page.getByLabel('Approve', { exact: true }).check();
    await page.getByLabel('Comment').fill('five schools, canary first');
    console.log(`fleet: approved ${await complete(page)}`);

    await nextLine();
    const ops = await loggedIn(browser, operator, operatorPassword);
    // a fleet's target tasks name their target in Tasklist's list
    const named = await openTask(ops, 'operations tasks', /Notify users of maintenance · web-0\d/);
    console.log(`wave task: ${named}`);
    const wave = ops.getByText(/^This target is part of wave 1/);
    console.log(`wave form: ${(await wave.innerText()).split('.')[0]}`);
    await ops.getByLabel('It was sent elsewhere: record it').check();
    await ops.locator('.fjs-form-field-select', { hasText: 'Sent by' }).locator('.fjs-select-display').click();
    await ops.locator('.fjs-dropdownlist-item', { hasText: 'E-mail' }).click();
    await ops.getByLabel(/^Users are told of the maintenance window/).check();
    await ops.getByLabel('Give this answer for the others too').check();
    await ops.getByLabel('Give this answer for the others too').scrollIntoViewIfNeeded();
    await ops.screenshot({ path: `${shots}/fleet-wave-answer.png` });
    console.log(`wave: answered ${await complete(ops)}`);

    await nextLine();
    await page.goto(`${baseUrl}/cutover/fleets/${fleetRun}`);
    await page.waitForSelector('#targets');
    const rollbacks = page.locator('#targets a.undo-run');
    console.log(`fleet record: ${await page.locator('#outcome').innerText()} | ${await rollbacks.count()} rollbacks`
        + ` | median ${await page.locator('#median').innerText()} | worst ${await page.locator('#worst').innerText()}`);
    await notWiderThanTheWindow(page, 'the fleet record');
    await page.screenshot({ path: `${shots}/fleet-record.png`, fullPage: true });

    await page.goto(`${baseUrl}/cutover/fleets`);
    await page.waitForSelector('#fleets');
    console.log(`fleet list: ${await page.locator('#fleets tr').count() - 1} fleet runs`
        + ` | ${await page.locator(`#fleets a[href$="/cutover/fleets/${fleetRun}"]`).count()} link to this one`);
    await notWiderThanTheWindow(page, 'the fleet list');
    await page.screenshot({ path: `${shots}/fleet-list.png`, fullPage: true });

    await page.goto(`${baseUrl}/cutover/fleets/${fleetRun}`);
    await rollbacks.first().click();
    await page.waitForSelector('.diagram svg', { timeout: 15000 });
    console.log(`undo run: ${await page.locator('#outcome').innerText()} | rolls back ${await page.locator('#undoes-link').count()}`
        + ` | part of ${await page.locator('#fleet-link').count()} | steps ${await page.locator('details.step').count()}`);
    await notWiderThanTheWindow(page, 'the undo run\'s record');
    await page.screenshot({ path: `${shots}/fleet-undo-run.png`, fullPage: true });
    // its path from the start straight to the undo steps
    const diagram = page.locator('.diagram');
    await diagram.evaluate(element => element.scrollTo(0, element.scrollHeight));
    await diagram.screenshot({ path: `${shots}/fleet-undo-run-start.png` });
  } catch (failure) {
    for (const [i, page] of pages.entries()) {
      await page.screenshot({ path: `${shots}/failed-${i}.png`, fullPage: true }).catch(() => {});
    }
    throw failure;
  } finally {
    input.close();
    await browser.close();
  }
})().catch(error => {
  console.error(error);
  process.exit(1);
});
