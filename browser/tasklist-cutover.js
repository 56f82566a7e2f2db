// A whole cutover worked in Camunda Tasklist by people, in headless Chromium: "boss" (ops and
// managers) starts it through the start form and tries to approve it himself (refused),
// manager1 approves, ops1 records the notification, signs off, closes the change and reads the record.
// Prints one line per step ("step: ..."), saves a screenshot per step, exits non-zero on failure.
//
//   node tasklist-cutover.js BASE_URL PASSWORD TARGET CHANGE SCREENSHOT_DIR
const { chromium } = require('playwright-core');
const { logIn } = require('./tasklist');

const [baseUrl, password, target, change, shots] = process.argv.slice(2);
const tasklist = baseUrl + '/camunda/app/tasklist/default/';

async function loggedIn(browser, user) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  page.on('response', response => {
    if (response.status() >= 500) {
      console.log(`${user} got ${response.status()} from ${response.url()}`);
    }
  });
  await logIn(page, tasklist, user, password);
  return page;
}

/** Opens a task from a filter's list (waiting, reloading, until the engine has created it) and claims it. */
async function openTask(page, filter, name) {
  for (let attempt = 0; attempt < 60; attempt++) {
    await page.goto(tasklist);
    try {
      await page.getByText(filter).first().click({ timeout: 5000 });
    } catch (notShown) {
      continue;
    }
    const task = page.getByText(name, { exact: true });
    try {
      await task.first().waitFor({ timeout: 2000 });
      await task.first().click();
      await page.waitForSelector('.fjs-form', { timeout: 15000 });
      // a task offered to a group is claimed before its form can be worked
      const claim = page.locator('button:has-text("Claim")');
      if (await claim.count()) {
        await claim.first().click();
        await page.waitForSelector('.disabled-form', { state: 'detached', timeout: 15000 });
      }
      return;
    } catch (notYet) {
      // the job executor has not reached the task yet
    }
  }
  await page.screenshot({ path: `${shots}/missing-${name.replace(/\W+/g, '-')}.png`, fullPage: true });
  throw new Error(`task '${name}' never appeared in '${filter}'`);
}

/**
 * Picks the window's date and time in form-js's pickers as a person would: the 5th of last month
 * at 09:00, so the window is open; then checks the form took it.
 */
async function fillWindowStart(page) {
  const start = page.locator('button:has-text("Start")');
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.locator('input[id$=maintenanceWindowStart_3-date]').click();
    await page.locator('.flatpickr-calendar.open .flatpickr-prev-month').click();
    await page.locator('.flatpickr-calendar.open .flatpickr-day:not(.prevMonthDay):not(.nextMonthDay)', { hasText: /^5$/ }).click();
    await page.locator('input[id$=maintenanceWindowStart_3-time]').click();
    await page.locator('.fjs-dropdownlist-item', { hasText: /^09:00$/ }).click();
    await page.waitForTimeout(300);
    if (await start.isEnabled()) {
      return;
    }
  }
  throw new Error('the start form did not take the window start');
}

/** Completes the open task and returns the banner Tasklist shows, if any. */
async function complete(page, screenshot) {
  await page.screenshot({ path: `${shots}/${screenshot}.png`, fullPage: true });
  const answer = page.waitForResponse(r => r.url().includes('/submit-form'), { timeout: 30000 });
  await page.click('button:has-text("Complete")');
  const response = await answer;
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${shots}/${screenshot}-done.png` });
  return response.status();
}

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const boss = await loggedIn(browser, 'boss');
    await boss.click('text=Start process');
    await boss.click('text=Decommission and port reuse cutover');
    // the start form offers the configured targets
    await boss.locator('.fjs-form-field-select', { hasText: 'Target' }).locator('.fjs-select-display').click();
    await boss.locator('.fjs-dropdownlist-item', { hasText: new RegExp(`^${target}$`) }).click();
    await boss.getByLabel('Change reference').fill(change);
    await fillWindowStart(boss);
    await boss.screenshot({ path: `${shots}/1-start-form.png`, fullPage: true });
    const started = boss.waitForResponse(r => r.url().includes('/submit-form'), { timeout: 30000 });
    await boss.click('button:has-text("Start")');
    console.log(`start: ${(await started).status()}`);

    await openTask(boss, 'manager approvals', 'Approve cutover plan');
    await boss.getByLabel('Approve', { exact: true }).check();
    await boss.getByLabel('Comment').fill('my own change');
    const own = await complete(boss, '2-own-approval');
    const banner = await boss.locator('.alert-danger, .notifications .alert').allInnerTexts();
    console.log(`own-approval: ${own} ${banner.join(' ').replace(/\s+/g, ' ')}`);
    // refused, boss hands the task back to the managers
    await boss.locator('button.unclaim').click();
    await boss.waitForSelector('button:has-text("Claim")', { timeout: 15000 });

    const manager = await loggedIn(browser, 'manager1');
    await openTask(manager, 'manager approvals', 'Approve cutover plan');
    await manager.getByLabel('Approve', { exact: true }).check();
    await manager.getByLabel('Comment').fill('plan and diff read');
    console.log(`approval: ${await complete(manager, '3-approval')}`);

    const ops = await loggedIn(browser, 'ops1');
    await openTask(ops, 'operations tasks', 'Notify users of maintenance');
    // the announcement is prefilled from the plan; no users' list is configured here, so it was sent elsewhere
    const prefilled = await ops.getByLabel('Announcement').inputValue();
    console.log(`live link: ${await ops.getByText('Watch this run live').getAttribute('href')}`);
    console.log(`sent to: ${await ops.getByLabel('Sent to').inputValue()}`);
    console.log(`announcement prefilled: ${prefilled.includes('/bischeduler/') && prefilled.includes(change)}`);
    console.log(`announcement subject: ${await ops.getByLabel('Subject').inputValue()}`);
    await ops.screenshot({ path: `${shots}/4-notification-prefilled.png` });
    await ops.getByLabel('It was sent elsewhere: record it').check();
    await ops.locator('.fjs-form-field-select', { hasText: 'Sent by' }).locator('.fjs-select-display').click();
    await ops.locator('.fjs-dropdownlist-item', { hasText: 'E-mail' }).click();
    await ops.getByLabel('Announcement').fill('The scheduler moves to /bischeduler/ tonight.');
    await ops.getByLabel(/^Users are told of the maintenance window/).check();
    console.log(`notification: ${await complete(ops, '4-notification')}`);

    await openTask(ops, 'operations tasks', 'Functional sign-off');
    // the live view, linked from the form, shows what ran on the host so far
    const live = await ops.context().newPage();
    await live.goto(baseUrl + await ops.getByText('Watch this run live').getAttribute('href'));
    await live.waitForFunction(() => document.getElementById('connection').textContent === 'live'
        && document.getElementById('steps-done').textContent !== '0', null, { timeout: 20000 });
    await live.screenshot({ path: `${shots}/5-live.png` });
    console.log(`live view: ${await live.locator('#now').innerText()} | ${await live.locator('#log > div.command').count()} commands`);
    await live.close();
    for (const box of await ops.locator('.fjs-form input[type=checkbox]').all()) {
      await box.check();
    }
    await ops.getByLabel('Sign off', { exact: true }).check();
    await ops.getByLabel('Comment').fill('web, API, data and reports checked');
    console.log(`sign-off: ${await complete(ops, '5-sign-off')}`);

    await openTask(ops, 'operations tasks', 'Inform users and close change');
    await ops.getByLabel('They were told elsewhere').check();
    for (const box of await ops.locator('.fjs-form input[type=checkbox]').all()) {
      await box.check();
    }
    console.log(`close: ${await complete(ops, '6-close')}`);

    // the run's record, as people read it afterwards (the Tasklist session counts for the audit)
    await ops.goto(`${baseUrl}/cutover/runs?target=${target}`);
    await ops.locator(`a[href^="/cutover/runs/"]`).first().click();
    // closing the change leaves one step to run (the redirect made permanent): read the record once it has ended
    for (let tries = 0; tries < 60 && (await ops.locator('h1').innerText()).includes('running'); tries++) {
      await ops.waitForTimeout(500);
      await ops.reload();
    }
    await ops.waitForSelector('.diagram svg', { timeout: 15000 });
    await ops.screenshot({ path: `${shots}/7-record.png`, fullPage: true });
    await ops.screenshot({ path: `${shots}/7-record-top.png` });
    await ops.locator('.timeline').screenshot({ path: `${shots}/7-record-timeline.png` });
    await ops.locator('summary:has-text("Verification")').click();
    await ops.locator('summary:has-text("Verification")').scrollIntoViewIfNeeded();
    await ops.screenshot({ path: `${shots}/7-record-checks.png` });
    const findings = await ops.locator('details:has(> summary:has-text("Verification")) tr').count();
    const met = await ops.locator('#criteria li.met').count();
    console.log(`record: ${await ops.locator('h1').innerText()} | verification rows: ${findings}`
        + ` | criteria met: ${met} of ${await ops.locator('#criteria li').count()}`
        + ` | failed marks: ${await ops.locator('.diagram g.failed').count()}`);
  } finally {
    await browser.close();
  }
})().catch(error => {
  console.error(error);
  process.exit(1);
});
