#!/usr/bin/env node
// End-to-end browser test of the chancery web UI against a running server.
// Environment: BASE_URL (http://127.0.0.1:PORT), ARTIFACT_DIR, SECRET_USER/SECRET_PW,
// CONF_USER/CONF_PW, CHROMIUM (default /usr/bin/chromium); for Step 5 (compose and inbox)
// OFFICER_USER/OFFICER_PW, PARIS_USER/PARIS_PW, LONDON_USER/LONDON_PW and COLLECTIVE
// (its members are the posts of PARIS_USER and LONDON_USER).
// STEP5=0 skips the Step 5 scenario.
import { chromium } from 'playwright-core';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const BASE = (process.env.BASE_URL || 'http://127.0.0.1:8099').replace(/\/$/, '');
const ART = process.env.ARTIFACT_DIR || 'artifacts';
const SECRET = [process.env.SECRET_USER || 'secret', process.env.SECRET_PW || 'secret-pw'];
const CONF = [process.env.CONF_USER || 'conf', process.env.CONF_PW || 'conf-pw'];
const OFFICER = [process.env.OFFICER_USER || 'officer', process.env.OFFICER_PW || 'officer-pw'];
const PARIS = [process.env.PARIS_USER || 'paris', process.env.PARIS_PW || 'paris-pw'];
const LONDON = [process.env.LONDON_USER || 'london', process.env.LONDON_PW || 'london-pw'];
const COLLECTIVE = process.env.COLLECTIVE || 'TEST COLLECTIVE';
const STEP5 = process.env.STEP5 !== '0';
const SEED = '07TELAVIV557';
const REF = process.env.REF_ID || '07TELAVIV553';
mkdirSync(ART, { recursive: true });

let passed = 0;
const failures = [];
const t0 = Date.now();
function ok(cond, msg) {
  if (!cond) throw new Error(msg);
}
async function step(name, fn) {
  const s = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok   ${name} (${Date.now() - s} ms)`);
  } catch (e) {
    failures.push(name);
    console.log(`FAIL ${name}: ${e.message.split('\n')[0]}`);
    throw e;
  }
}
const norm = (s) => String(s || '').replace(/\s+/g, ' ').trim();

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const problems = [];
async function newPage(ctx) {
  const page = await ctx.newPage();
  page.setDefaultTimeout(15000);
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (401|404|409|429)/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith(BASE) && !r.url().startsWith('data:')) problems.push(`external request: ${r.url()}`); });
  return page;
}
async function shot(page, name, fullPage = false) {
  const path = join(ART, name);
  await page.screenshot({ path, fullPage });
  ok(statSync(path).size > 0, `${name} is empty`);
}
async function signIn(page, [name, pw]) {
  await page.goto(BASE + '/#/signin');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Password', { exact: true }).fill(pw);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForFunction(() => !location.hash.startsWith('#/signin'));
  await page.locator('.who').getByText(name, { exact: true }).waitFor();
}
async function apiCable(page) {
  return page.evaluate(async (id) => {
    const r = await fetch(`/api/cables/${id}`, { credentials: 'same-origin' });
    return { status: r.status, body: await r.json() };
  }, SEED);
}

// Step 5: an officer composes and sends a cable to a collective with one member
// exempted (XMT); the other member's reader finds it in the inbox, the exempted one not.
async function step5(browser) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await newPage(ctx);
  const subject = `Step five test ${Date.now().toString(36)}`;
  let sent = null;

  await step(`sign in as ${OFFICER[0]}: the nav offers Compose; readers do not see it`, async () => {
    await signIn(page, OFFICER);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Compose' }).click();
    await page.waitForFunction(() => location.hash === '#/compose');
    await page.locator('#compose-form').waitFor();
    ok(await page.locator('#c-from').inputValue() === 'AMEMBASSY TEL AVIV', `From defaults to ${await page.locator('#c-from').inputValue()}, not the officer's post`);
    await page.locator('#check-state').filter({ hasText: /error/ }).waitFor();
    ok(await page.locator('#c-send').isDisabled(), 'Send is enabled on an empty draft');
  });

  await step('compose: routing, classification, TAGS through the completion list', async () => {
    await page.selectOption('#c-precedence', 'PRIORITY');
    await page.locator('#c-to-0').fill(COLLECTIVE);
    await page.locator('#c-to-0').press('Tab');
    await page.getByRole('button', { name: 'Add an exemption' }).click();
    await page.locator('#c-exempt-0').fill('AMEMBASSY LONDON');
    await page.selectOption('#c-classification', 'CONFIDENTIAL');
    await page.locator('#c-classified-by').fill('Ambassador Test Officer');
    await page.getByLabel('1.4(b)', { exact: true }).check();
    await page.getByLabel('1.4(d)', { exact: true }).check();
    await page.selectOption('#c-decl-kind', 'date');
    await page.locator('#c-decl-date').fill('2036-01-01');
    await page.getByLabel('SIPDIS', { exact: true }).check();
    // TAGS: type PRE, choose PREL in the listbox with the keyboard
    const combo = page.getByRole('combobox', { name: 'TAGS' });
    await combo.click();
    await combo.pressSequentially('PRE', { delay: 40 });
    const listbox = page.getByRole('listbox', { name: 'Tag suggestions' });
    await listbox.getByRole('option').first().waitFor();
    ok(await combo.getAttribute('aria-expanded') === 'true', 'combobox not expanded');
    const opts = await listbox.getByRole('option').allInnerTexts();
    const idx = opts.findIndex((t) => /^PREL\b/.test(norm(t)));
    ok(idx >= 0, `PREL not among the suggestions: ${opts.map(norm).join(' | ')}`);
    ok(opts.every((t) => /^PRE/.test(norm(t))), 'a suggestion does not start with PRE');
    ok(/subject/.test(opts[idx]) && /external political relations/i.test(opts[idx]), `PREL option lacks kind/meaning: "${norm(opts[idx])}"`);
    for (let i = 0; i <= idx; i++) await combo.press('ArrowDown');
    const activeId = await combo.getAttribute('aria-activedescendant');
    ok(activeId && norm(await page.locator('#' + activeId).innerText()).startsWith('PREL'), 'arrow keys do not make PREL the active option');
    await combo.press('Enter');
    await page.locator('.tag-chips .chip[data-tag="PREL"]').waitFor();
    ok(await combo.inputValue() === '', 'the combobox keeps the typed text after a choice');
    ok(await listbox.isHidden(), 'the listbox stays open after a choice');
    // subject and one paragraph, left unmarked
    await page.selectOption('#c-subject-marking', 'U');
    await page.locator('#c-subject').fill(subject);
    await page.locator('#c-para-0-text').fill('The embassy reports on the test of Step 5 of chancery. Nothing further.');
    await page.locator('#c-signature').fill('OFFICER');
  });

  await step('live validation: an unmarked paragraph is an error that goes once it is marked', async () => {
    // once the check of the filled-in form is back, the unmarked paragraph is the only error
    await page.waitForFunction(() => {
      const errs = [...document.querySelectorAll('#problem-list .problem.error')].map((e) => e.dataset.field);
      return /^1 error\b/.test(document.getElementById('check-state').textContent) && errs.join() === 'paragraphs[0].marking';
    }, null, { timeout: 5000 }).catch(async () => {
      throw new Error(`validation did not settle on the paragraph error: "${norm(await page.locator('#check-state').innerText())}"; ${norm(await page.locator('#problem-list').innerText())}`);
    });
    const err = page.locator('.field-problems .problem.error[data-field="paragraphs[0].marking"]');
    await err.waitFor();
    ok(await page.locator('#c-para-0-marking').getAttribute('aria-invalid') === 'true', 'the unmarked paragraph is not aria-invalid');
    ok(await page.locator('#problem-list .problem.error[data-field="paragraphs[0].marking"]').count() === 1, 'the summary does not list the paragraph error');
    const color = await err.evaluate((el) => getComputedStyle(el).borderLeftColor);
    ok(color === 'rgb(160, 13, 37)', `error colour is ${color}`);
    ok(await page.locator('#c-send').isDisabled(), 'Send is enabled while there are errors');
    await shot(page, 'compose.png', true);
    await page.selectOption('#c-para-0-marking', 'C');
    await err.waitFor({ state: 'detached' });
    await page.waitForFunction(() => !document.querySelector('#problem-list .problem.error'));
    const state = norm(await page.locator('#check-state').innerText());
    ok(/^(No problems|0 errors)/.test(state), `validation state: "${state}"`);
    ok(!(await page.locator('#c-send').isDisabled()), 'Send stays disabled once the draft is valid');
    const errs = await page.locator('#problem-list .problem.error').allInnerTexts();
    ok(errs.length === 0, `errors left: ${errs.join(' | ')}`);
  });

  await step('save, then send after confirming; the result names the cable and the posts', async () => {
    await page.locator('#c-save').click();
    await page.waitForFunction(() => /^#\/compose\/./.test(location.hash));
    await page.locator('#save-state').filter({ hasText: /saved/ }).waitFor();
    await page.locator('.drafts-list a', { hasText: subject }).waitFor();
    await page.locator('#c-send').click();
    const dlg = page.getByRole('dialog', { name: 'Send this cable?' });
    await dlg.waitFor();
    ok(/TEST COLLECTIVE|AMEMBASSY LONDON/.test(norm(await dlg.innerText())), 'the confirmation does not show the addressees');
    await dlg.getByRole('button', { name: 'Send', exact: true }).click();
    await page.locator('.send-result').waitFor();
    const id = norm(await page.locator('#sent-link').innerText());
    ok(/^\d\dTELAVIV\d+$/.test(id), `sent id "${id}"`);
    const delivered = (await page.locator('#sent-delivered li').allInnerTexts()).map(norm);
    ok(delivered.includes('AMEMBASSY PARIS'), `not delivered to Paris: ${delivered.join(', ')}`);
    ok(!delivered.includes('AMEMBASSY LONDON'), `delivered to the exempted London: ${delivered.join(', ')}`);
    const dtg = norm(await page.locator('#sent-dtg').innerText());
    ok(/^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/.test(dtg), `DTG "${dtg}"`);
    ok(Number(norm(await page.locator('#sent-serial').innerText())) > 0, 'no serial');
    ok(await page.locator('#sent-link').getAttribute('href') === `#/cable/${id}`, 'the result does not link to the cable page');
    sent = { id, dtg };
    console.log(`     sent ${id} at ${dtg} to ${delivered.join(', ')}`);
    await shot(page, 'compose-sent.png');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForFunction(() => location.hash === '#/signin');
  });

  await step(`${PARIS[0]} has it in the inbox (PRIORITY, unread) and opens it`, async () => {
    ok(sent, 'nothing was sent');
    await signIn(page, PARIS);
    const nav = page.getByRole('navigation', { name: 'Main' });
    ok(await nav.getByRole('link', { name: 'Compose' }).count() === 0, 'a reader sees Compose');
    await page.locator('#nav-unread').filter({ hasText: /^[1-9]/ }).waitFor();
    await nav.getByRole('link', { name: /^Inbox/ }).click();
    await page.waitForFunction(() => location.hash.startsWith('#/inbox'));
    const li = page.locator(`li.inbox-entry[data-id="${sent.id}"]`);
    await li.waitFor();
    ok(await li.evaluate((el) => el.classList.contains('unread')), 'the new cable is not unread');
    const weight = await li.locator('.hit-title a').evaluate((el) => getComputedStyle(el).fontWeight);
    ok(Number(weight) >= 600, `unread entry not bold (font-weight ${weight})`);
    const prec = li.locator('.badge.prec');
    ok(norm(await prec.innerText()) === 'PRIORITY', `precedence badge "${norm(await prec.innerText())}"`);
    const bg = await prec.evaluate((el) => getComputedStyle(el).backgroundColor);
    ok(bg === 'rgb(0, 51, 160)', `PRIORITY badge colour ${bg}`);
    ok(norm(await li.locator('.role-badge').innerText()) === 'ACTION', 'not marked ACTION');
    ok(norm(await li.innerText()).includes(subject), 'the subject is not shown');
    // the unread-only filter keeps it
    await page.getByLabel('Unread only').check();
    await page.waitForFunction(() => /unread=1/.test(location.hash));
    await page.locator(`li.inbox-entry[data-id="${sent.id}"]`).waitFor();
    await shot(page, 'inbox-paris.png');
    // open it with the keyboard: j selects, o opens
    await page.locator('#inbox-count').click(); // focus off the checkbox, where j/k/o are typing
    const first = await page.locator('li.inbox-entry').first().getAttribute('data-id');
    ok(first === sent.id, `first entry is ${first}`);
    await page.keyboard.press('j');
    ok(await page.locator('li.inbox-entry.selected').count() === 1, 'j does not select an entry');
    await page.keyboard.press('o');
    await page.waitForFunction((id) => location.hash.startsWith(`#/cable/${id}?origin=`), sent.id);
    await page.locator('#cable-title').filter({ hasText: sent.id }).waitFor();
    const banner = norm(await page.locator('.banner').first().innerText());
    ok(/^CONFIDENTIAL/.test(banner), `banner "${banner}"`);
    ok(norm(await page.locator('main').innerText()).includes('test of Step 5'), 'the cable text is not shown');
    // now read: gone from the unread-only list
    const unread = await page.evaluate(async () => (await (await fetch('/api/inbox?unread=1')).json()).entries.map((e) => e.id));
    ok(!unread.includes(sent.id), 'opening did not mark it read');
    await page.goto(`${BASE}/#/inbox`);
    const li2 = page.locator(`li.inbox-entry[data-id="${sent.id}"]`);
    await li2.waitFor();
    ok(!(await li2.evaluate((el) => el.classList.contains('unread'))), 'still shown unread after opening');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForFunction(() => location.hash === '#/signin');
  });

  await step(`${LONDON[0]} (exempted by XMT) does not have it`, async () => {
    await signIn(page, LONDON);
    await page.goto(`${BASE}/#/inbox`);
    await page.locator('#inbox-count').filter({ hasText: /cable/i }).waitFor();
    ok(await page.locator(`li.inbox-entry[data-id="${sent.id}"]`).count() === 0, 'the exempted post received the cable');
    const ids = await page.evaluate(async () => (await (await fetch('/api/inbox')).json()).entries.map((e) => e.id));
    ok(!ids.includes(sent.id), 'the API inbox of London holds the cable');
    await shot(page, 'inbox-london.png');
  });
  await ctx.close();
}

let exitCode = 0;
let secretView = null;
try {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await newPage(ctx);

  await step('unauthenticated visitor is sent to sign-in; wrong password shows an error', async () => {
    const resp = await page.goto(BASE + '/');
    const csp = resp.headers()['content-security-policy'] || '';
    ok(/script-src 'self'/.test(csp), `no CSP header on / (got "${csp}")`);
    await page.waitForFunction(() => location.hash === '#/signin');
    await page.getByLabel('Name', { exact: true }).fill(SECRET[0]);
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#signin-error').filter({ hasText: /wrong name or password/i }).waitFor();
    await shot(page, 'signin.png');
  });

  await step(`sign in as ${SECRET[0]} and search "iran"`, async () => {
    await signIn(page, SECRET);
    const who = norm(await page.locator('.who').innerText());
    ok(/reader/.test(who) && /SECRET/.test(who), `header does not show role and clearance: "${who}"`);
    await page.keyboard.press('/');
    ok(await page.evaluate(() => document.activeElement && document.activeElement.id === 'global-q'), '"/" does not focus the query box');
    await page.keyboard.type('iran');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /q=iran/.test(location.hash));
    await page.locator('#result-count').filter({ hasText: /match/ }).waitFor();
    const n = await page.locator('li.hit').count();
    ok(n > 0, 'no hits for iran');
    ok(await page.locator(`li.hit a.hit-link:has-text("${SEED}")`).count() === 1, `${SEED} is not among the hits`);
    ok(await page.locator('.snippet mark').count() > 0, 'no highlighted snippet');
    await page.locator('.timeline-svg rect.tl-bar').first().waitFor({ state: 'attached' });
    // keyboard selection
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('j');
    ok(await page.locator('li.hit.selected').count() === 1, 'j does not select a hit');
    ok(await page.evaluate(() => document.activeElement.classList.contains('hit-link')), 'j does not focus the hit link');
    await shot(page, 'search.png');
  });

  await step('click a facet: the filter becomes a chip and narrows the results', async () => {
    const before = norm(await page.locator('#result-count').innerText());
    const facet = page.locator('#facet-tag').locator('xpath=..').locator('a.facet-link[data-term="tag:IR"]');
    ok(await facet.count() === 1, 'no tag:IR facet');
    await facet.click();
    await page.waitForFunction(() => /[?&]f=tag%3AIR|f=tag:IR/.test(location.hash));
    await page.locator('.chip', { hasText: 'tag:IR' }).waitFor();
    await page.locator('#result-count').filter({ hasText: /match/ }).waitFor();
    ok(await page.locator('a.facet-link.active[data-term="tag:IR"]').count() === 1, 'active facet not marked');
    console.log(`     before: ${before} / after: ${norm(await page.locator('#result-count').innerText())}`);
    await shot(page, 'facet.png');
  });

  await step(`open ${SEED} as ${SECRET[0]}: banners, header, 19 paragraphs`, async () => {
    await page.locator(`li.hit a.hit-link:has-text("${SEED}")`).click();
    await page.locator('#cable-title').filter({ hasText: SEED }).waitFor();
    const banners = page.locator('.banner');
    ok(await banners.count() === 2, 'expected a top and a bottom banner');
    const bt = norm(await banners.first().innerText());
    ok(/^SECRET/.test(bt), `banner says "${bt}"`);
    const bg = await banners.first().evaluate((el) => getComputedStyle(el).backgroundColor);
    ok(bg === 'rgb(200, 16, 46)', `SECRET banner colour is ${bg}`);
    const api = await apiCable(page);
    ok(api.status === 200, `API GET cable: ${api.status}`);
    secretView = api.body;
    const paras = await page.locator('section.para').count();
    ok(paras === secretView.record.paragraphs.length, `page shows ${paras} paragraphs, API has ${secretView.record.paragraphs.length}`);
    ok(await page.locator('section.para.withheld').count() === 0, 'a SECRET reader sees withheld paragraphs');
    ok(await page.locator('#p1 .pmark').innerText() === '(S)', 'portion mark of ¶1 is not (S)');
    const hdr = norm(await page.locator('.telegram-header').innerText());
    for (const want of ['AMEMBASSY TEL AVIV', 'SECSTATE WASHDC', 'PREL', 'DECL']) ok(hdr.includes(want), `header block lacks ${want}`);
    await page.locator('.ref-list li.ref').first().waitFor();
    ok(await page.locator('.ref-list li.missing .missing-tag').count() > 0, 'no reference marked "not in archive"');
    await shot(page, 'cable-secret.png', true);
  });

  await step(`follow the reference link to ${REF}`, async () => {
    const link = page.locator(`.ref-list a.ref-id:has-text("${REF}")`);
    ok(await link.count() >= 1, `no link to ${REF} among the references`);
    await link.first().click();
    await page.locator('#cable-title').filter({ hasText: REF }).waitFor();
    await page.locator('.banner').first().waitFor();
    await shot(page, 'reference.png');
    await page.goBack();
    await page.locator('#cable-title').filter({ hasText: SEED }).waitFor();
  });

  await step('view the reference graph', async () => {
    await page.getByRole('link', { name: 'Reference graph' }).click();
    await page.waitForFunction((id) => location.hash.startsWith('#/graph/' + id), SEED);
    await page.locator('.graph-canvas canvas').first().waitFor({ state: 'attached' });
    await page.locator('.graph-nodes li').first().waitFor();
    const n = await page.locator('.graph-nodes li').count();
    ok(n >= 2, `graph lists ${n} nodes`);
    ok(await page.locator('.graph-nodes li.center').count() === 1, 'centre not marked');
    ok(await page.locator('.graph-nodes li.missing').count() >= 1, 'no missing node marked');
    await page.waitForTimeout(300);
    await shot(page, 'graph.png');
    await page.getByRole('link', { name: 'Depth 2', exact: true }).click();
    await page.waitForFunction(() => /depth=2/.test(location.hash));
    await page.locator('.graph-nodes li').first().waitFor();
  });

  await step('diff between versions 1 and 2', async () => {
    await page.goto(`${BASE}/#/cable/${SEED}`);
    await page.locator('#diff-from').waitFor();
    await page.selectOption('#diff-from', '1');
    await page.selectOption('#diff-to', '2');
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.locator('table.diff').waitFor();
    ok(await page.locator('table.diff td.del').count() > 0, 'no removed line on the left');
    ok(await page.locator('table.diff td.add').count() > 0, 'no added line on the right');
    await page.locator('#diff').scrollIntoViewIfNeeded();
    await shot(page, 'diff.png');
  });

  await step('sign out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForFunction(() => location.hash === '#/signin');
    const s = await page.evaluate(async () => (await fetch('/api/session')).json());
    ok(s.user === null, 'still signed in after sign-out');
  });

  await step(`${SEED} as ${CONF[0]}: withheld portions are placeholders and leak nowhere`, async () => {
    await signIn(page, CONF);
    await page.goto(`${BASE}/#/cable/${SEED}`);
    await page.locator('#cable-title').filter({ hasText: SEED }).waitFor();
    await page.locator('.ref-list li').first().waitFor();
    const api = await apiCable(page);
    ok(api.status === 200, `API GET cable as conf: ${api.status}`);
    const view = api.body;
    const withheld = new Set(view.portions.filter((p) => p.kind === 'paragraph' && p.withheld).map((p) => String(p.number)));
    const html = norm(await page.content());
    const text = norm(await page.locator('main').innerText());
    for (const p of view.record.paragraphs) {
      const sec = page.locator(`section#p${p.number}`);
      ok(await sec.count() === 1, `no section for ¶${p.number}`);
      const isW = (await sec.getAttribute('class')).includes('withheld');
      if (withheld.has(String(p.number))) {
        ok(isW, `¶${p.number} is withheld by the API but not a placeholder`);
        ok(/withheld/.test(await sec.innerText()), `¶${p.number} placeholder lacks the word withheld`);
        const secret = secretView.record.paragraphs.find((x) => String(x.number) === String(p.number));
        const probe = norm(secret.text).slice(0, 60);
        ok(probe.length > 20 && !html.includes(probe) && !text.includes(probe), `text of withheld ¶${p.number} appears in the page`);
        // any longer word sequence
        const words = norm(secret.text).split(' ');
        for (let i = 0; i + 8 <= words.length; i += 8) {
          const chunk = words.slice(i, i + 8).join(' ');
          ok(!text.includes(chunk), `withheld ¶${p.number} text "${chunk}" appears in the page`);
        }
      } else {
        ok(!isW, `¶${p.number} is visible in the API but a placeholder in the page`);
        ok(text.includes(norm(p.text).slice(0, 80)), `visible ¶${p.number} text missing from the page`);
      }
    }
    const w = [...withheld].sort((a, b) => a - b).join(',');
    ok(w === Array.from({ length: 18 }, (_, i) => i + 1).join(','), `expected ¶1-18 withheld, API says ${w}`);
    ok(await page.locator('section#p19.withheld').count() === 0, '¶19 should be shown');
    const title = norm(await page.locator('#cable-title').innerText());
    if (view.record.subject == null) {
      ok(/subject withheld/.test(title), `subject withheld by the API but the title is "${title}"`);
      ok(!html.includes(norm(secretView.record.subject).slice(0, 30)), 'withheld subject appears in the page');
    } else ok(title.includes(view.record.subject), `title "${title}" lacks the subject "${view.record.subject}"`);
    const bt = norm(await page.locator('.banner').first().innerText());
    ok(bt === view.overall, `banner "${bt}" != overall "${view.overall}"`);
    console.log(`     withheld: ¶${w}; subject ${view.record.subject == null ? 'withheld' : 'shown'}; banner ${bt}`);
    await shot(page, 'cable-conf.png', true);
  });

  await step('phone layout at 375x812', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${BASE}/#/search?q=iran`);
    await page.locator('#result-count').filter({ hasText: /match/ }).waitFor();
    const sw = await page.evaluate(() => document.documentElement.scrollWidth);
    ok(sw <= 376, `page is ${sw}px wide at 375px`);
    ok(await page.locator('details.facets').evaluate((d) => !d.open), 'facets are not collapsed on a phone');
    const facetsY = await page.locator('details.facets').boundingBox();
    const resultsY = await page.locator('#result-count').boundingBox();
    ok(facetsY.y < resultsY.y, 'facets are not above the results');
    await shot(page, 'phone-search.png');
  });

  if (STEP5) await step5(browser);

  ok(problems.length === 0, problems.join('; '));
  const shots = ['signin.png', 'search.png', 'facet.png', 'cable-secret.png', 'reference.png', 'graph.png', 'diff.png', 'cable-conf.png', 'phone-search.png'];
  if (STEP5) shots.push('compose.png', 'compose-sent.png', 'inbox-paris.png', 'inbox-london.png');
  for (const f of shots) {
    ok(statSync(join(ART, f)).size > 0, `${f} is empty`);
  }
} catch (e) {
  exitCode = 1;
  if (!failures.length) { failures.push('setup'); console.log(`FAIL: ${e.message.split('\n')[0]}`); }
  if (problems.length) console.log('problems seen: ' + problems.join('; '));
} finally {
  await browser.close();
}
console.log(`browser test: ${passed} passed, ${failures.length} failed in ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in ${ART}`);
process.exit(exitCode);
