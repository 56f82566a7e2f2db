// A run's record and its live view as a person sees them, in headless Chromium. Prints what it
// sees, one line per fact ("completed: ..."), saves screenshots, exits non-zero on failure.
// Between "live: watching" and the line "go" on its standard input, the caller moves the run on.
//
//   node run-record.js BASE_URL USER PASSWORD SCREENSHOT_DIR COMPLETED_RUN ROLLED_BACK_RUN RUNNING_RUN CHECKED_RUN
const { chromium } = require('playwright-core');
const readline = require('readline');

// how a whole run ends, as against the end of one of its phases
const RUN_ENDS = ['EndEvent_Completed', 'EndEvent_RolledBack', 'EndEvent_RolledBackByHand', 'EndEvent_PlanRejected',
  'EndEvent_ApprovalExpired', 'EndEvent_PreflightFailed', 'EndEvent_Checked'];
const [baseUrl, user, password, shots, completed, rolledBack, running, checked] = process.argv.slice(2);

/** What the record page of a run shows, as one line. */
async function readRecord(page, label, id) {
  await page.goto(`${baseUrl}/cutover/runs/${id}`);
  await page.waitForSelector('.diagram svg');
  const outcome = await page.locator('#outcome').innerText();
  const criteria = await page.locator('#criteria li').count();
  const met = await page.locator('#criteria li.met').count();
  const failed = await page.locator('.diagram g.failed').count();
  const current = await page.locator('.diagram g.current').count();
  const ends = (await page.locator('.diagram g.end.visited').evaluateAll(shapes => shapes.map(s => s.dataset.id)))
      .filter(end => RUN_ENDS.includes(end));
  console.log(`${label}: outcome ${outcome} | criteria met ${met} of ${criteria} | failed ${failed} | current ${current}`
      + (ends.length ? ` | end ${ends.join(',')} reached` : ''));
  const reached = await page.locator('.diagram g.visited, .diagram g.failed, .diagram g.current').count();
  const taken = await page.locator('.diagram polyline.taken').count();
  console.log(`${label}: reached ${reached} shapes, ${taken} flows taken`);
  for (const id of await page.locator('.diagram g.failed').evaluateAll(shapes => shapes.map(s => s.dataset.id))) {
    console.log(`${label}: failed shape ${id}`);
  }
  for (const id of await page.locator('.diagram g.current').evaluateAll(shapes => shapes.map(s => s.dataset.id))) {
    console.log(`${label}: outcome ${outcome} | current ${id}`);
  }
  // the host's work after the first long wait: how much of the timeline's width it spans
  const afterWait = await page.locator('.timeline svg').evaluate(svg => {
    const gap = svg.querySelector('rect.break');
    if (!gap) return null;
    const from = gap.getBoundingClientRect().right;
    const steps = [...svg.querySelectorAll('rect.step')].map(r => r.getBoundingClientRect()).filter(r => r.left >= from);
    const left = Math.min(...steps.map(r => r.left)), right = Math.max(...steps.map(r => r.right));
    return { span: (right - left) / svg.getBoundingClientRect().width,
      label: svg.querySelector('text.break-label').textContent, ticks: [...svg.querySelectorAll('.tick text')].map(t => t.textContent) };
  });
  if (afterWait) {
    console.log(`${label}: after a wait drawn as ${afterWait.label}, ${Math.round(afterWait.span * 100)}% of the width for the host's steps`
      + ` | ticks ${afterWait.ticks.join(' ')}`);
  }
  const outages = await page.locator('.timeline rect.outage title').allTextContents();
  console.log(`${label}: outages ${outages.length}${outages.map(o => ` (${o})`).join('')}`);
  const steps = await page.locator('details.step').count();
  const open = await page.locator('details.step[open]').count();
  console.log(`${label}: steps folded ${open} open of ${steps}`);
  const width = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  console.log(`${label}: page width ${width[0]} in a window of ${width[1]}`);
  if (width[0] > width[1]) {
    throw new Error(`${label}: the page is wider than the window (${width[0]} > ${width[1]})`);
  }
}

async function lastLine(page) {
  return page.locator('#log > div').last().innerText();
}

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, httpCredentials: { username: user, password } });
    const page = await context.newPage();
    page.on('pageerror', error => console.log(`page error: ${error.message}`));

    await readRecord(page, 'completed', completed);
    await page.screenshot({ path: `${shots}/record-completed.png` });
    await page.screenshot({ path: `${shots}/record-completed-full.png`, fullPage: true });
    await page.locator('.timeline').screenshot({ path: `${shots}/record-completed-timeline.png` });
    const step = page.locator('details.step').first();
    await step.locator(':scope > summary').click();
    await step.locator('details.command > summary').first().click();
    const shown = await step.locator('details.command').first().locator('pre, summary code').first().isVisible();
    console.log(shown ? 'completed: an opened step shows its commands' : 'completed: an opened step shows nothing');
    const waited = await page.locator('details.step').evaluateAll(steps => steps
        .filter(s => s.querySelector(':scope > summary .waited'))
        .map(s => `${s.querySelector(':scope > summary b').textContent.replace(/^\d+\. /, '')}: ${s.querySelector(':scope > summary .waited').textContent}`));
    console.log(`completed: ${waited.length} step(s) waited for the host${waited.map(w => ` (${w})`).join('')}`);
    if (waited.length > 0) {
      await page.locator('details.step summary .waited').first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${shots}/record-completed-waited.png` });
    }

    await readRecord(page, 'rolled-back', rolledBack);
    console.log(`rolled-back: why ${await page.locator('#rolled-back-because').innerText()}`);
    await page.screenshot({ path: `${shots}/record-rolled-back.png` });
    await page.locator('.timeline').screenshot({ path: `${shots}/record-rolled-back-timeline.png` });
    await page.locator('details.step.failed').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/record-rolled-back-failed-step.png` });

    await readRecord(page, 'checked', checked);
    const note = await page.locator('#checked-only').count();
    const opened = await page.locator('details[open] > summary').allTextContents();
    console.log(`checked: note ${note} | open ${opened.filter(s => !s.match(/^\d+\. /)).join(', ')}`);
    await page.screenshot({ path: `${shots}/record-checked.png` });
    await page.screenshot({ path: `${shots}/record-checked-full.png`, fullPage: true });

    await page.goto(`${baseUrl}/cutover/targets`);
    const targets = await page.locator('#targets tr').evaluateAll(rows => rows.slice(1)
        .map(r => `${r.cells[0].textContent} ${r.cells[1].textContent}`));
    console.log(`targets: ${targets.join(' | ')}`);
    await page.screenshot({ path: `${shots}/targets.png` });

    // the run list as a person pages it: the change filter typed in the form, two runs a page
    await page.goto(`${baseUrl}/cutover/runs?size=2`);
    await page.fill('input[name=change]', 'CHG-500');
    await page.click('form.filter button');
    const firstPage = await page.locator('table tr td:nth-child(3)').allTextContents();
    const paging = await page.locator('p.paging span').textContent();
    await page.click('a[rel=next]');
    const secondPage = await page.locator('table tr td:nth-child(3)').allTextContents();
    console.log(`runs: ${paging} | first ${firstPage.join(', ')} | second ${secondPage.join(', ')}`);
    await page.screenshot({ path: `${shots}/runs.png` });

    await readRecord(page, 'running', running);

    const live = await context.newPage();
    await live.goto(`${baseUrl}/cutover/runs/${running}/live`);
    await live.waitForFunction(() => document.getElementById('now').textContent.startsWith('waiting on')
        && document.getElementById('connection').textContent === 'live', null, { timeout: 20000 });
    const linesBefore = await live.locator('#log > div').count();
    console.log(`live: before ${await live.locator('#now').innerText()} | ${linesBefore} lines`);
    console.log(`live: phase before: ${await live.locator('#phase').innerText()}`);
    console.log('live: watching');
    const input = readline.createInterface({ input: process.stdin });
    await new Promise(resolve => input.once('line', resolve));
    input.close();
    await live.waitForFunction(() => document.getElementById('connection').textContent === 'the run has ended', null, { timeout: 30000 });
    const arrived = await live.locator('#log > div.step').evaluateAll((rows, before) => rows.map(r => r.textContent), linesBefore);
    const all = await live.locator('#log > div').allTextContents();
    for (const line of await live.locator('#log > div.waiting').allTextContents()) {
      console.log(`live: waiting ${line}`);
    }
    for (const name of ['Make redirect permanent']) {
      if (all.slice(linesBefore).some(line => line.includes(name))) {
        console.log(`live: arrived while open: ${name}`);
      }
    }
    console.log(`live: after outcome ${await live.locator('#outcome').innerText()}, ${await live.locator('#connection').innerText()}`
        + ` | ${all.length - linesBefore} new lines | ${arrived.length} step lines`);
    console.log(`live: phase after: ${await live.locator('#phase').innerText()}`);
    await live.screenshot({ path: `${shots}/live.png` });
  } finally {
    await browser.close();
  }
})().catch(error => {
  console.error(error);
  process.exit(1);
});
