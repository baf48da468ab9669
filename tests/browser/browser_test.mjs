#!/usr/bin/env node
// End-to-end browser test of the chancery web UI against a running server.
// Environment: BASE_URL (http://127.0.0.1:PORT), ARTIFACT_DIR, SECRET_USER/SECRET_PW,
// CONF_USER/CONF_PW, CHROMIUM (default /usr/bin/chromium).
import { chromium } from 'playwright-core';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const BASE = (process.env.BASE_URL || 'http://127.0.0.1:8099').replace(/\/$/, '');
const ART = process.env.ARTIFACT_DIR || 'artifacts';
const SECRET = [process.env.SECRET_USER || 'secret', process.env.SECRET_PW || 'secret-pw'];
const CONF = [process.env.CONF_USER || 'conf', process.env.CONF_PW || 'conf-pw'];
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

  ok(problems.length === 0, problems.join('; '));
  for (const f of ['signin.png', 'search.png', 'facet.png', 'cable-secret.png', 'reference.png', 'graph.png', 'diff.png', 'cable-conf.png', 'phone-search.png']) {
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
