// What the browser scripts share about Camunda Tasklist.

/** Logs in on Tasklist's login form and waits for Tasklist itself. */
async function logIn(page, tasklist, user, password) {
  await page.goto(tasklist);
  // the login form may still be settling: a fill can land in the other field, so check both
  for (let attempt = 0; attempt < 10; attempt++) {
    await page.fill('input[ng-model=username]', user);
    await page.fill('input[ng-model=password]', password);
    if (await page.inputValue('input[ng-model=username]') === user && await page.inputValue('input[ng-model=password]') === password) {
      break;
    }
    await page.waitForTimeout(300);
  }
  await page.click('button[type=submit]');
  await page.waitForSelector('text=Start process', { timeout: 30000 });
}

module.exports = { logIn };
