// tests/browser/run.js - a prosecutor's day in real headless Chromium
// (Debian's /usr/bin/chromium driven by playwright-core), printed as TAP:
// log in with a TOTP code, open a case, record a decision and a judgment
// (after seeing a refusal explained next to the field), find the case in
// the circular's table, download the XLSX.
//
// Environment: HIMAYA_URL (the running server), HIMAYA_USER,
// HIMAYA_PASSWORD, HIMAYA_TOTP_SECRET (base32; codes from oathtool),
// HIMAYA_TODAY (the server's fixed date), SCREENSHOTS (a directory).
'use strict';
const { chromium } = require('playwright-core');
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const base = process.env.HIMAYA_URL;
const user = process.env.HIMAYA_USER;
const password = process.env.HIMAYA_PASSWORD;
const secret = process.env.HIMAYA_TOTP_SECRET;
const today = process.env.HIMAYA_TODAY;
const shots = process.env.SCREENSHOTS || 'build/screenshots';

let n = 0;
let failed = 0;
function report(ok, name, detail) {
  n++;
  if (!ok) failed++;
  console.log(`${ok ? 'ok' : 'not ok'} ${n} - ${name}`);
  if (!ok && detail) console.log(String(detail).split('\n').slice(0, 15).map((l) => `# ${l}`).join('\n'));
}

async function step(name, fn) {
  try {
    const r = await fn();
    report(r !== false, name);
    return r !== false;
  } catch (e) {
    report(false, name, e && e.stack ? e.stack : e);
    return false;
  }
}

function totp() {
  return execFileSync('oathtool', ['--totp', '-b', secret], { encoding: 'utf8' }).trim();
}

async function main() {
  fs.mkdirSync(shots, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'himaya-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1366, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] || await context.newPage();
  const errors = [];
  // A refused form answers 422 and Chromium logs it: only policy
  // violations and script errors count here.
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  const shot = (name) => page.screenshot({ path: path.join(shots, name + '.png'), fullPage: true });
  const file = `BR/${process.pid}/${Date.now() % 100000}`;
  let caseUrl = '';

  try {
    await step('login page is Arabic, right to left', async () => {
      await page.goto(base + '/login');
      await shot('01-login');
      return (await page.getAttribute('html', 'dir')) === 'rtl' && (await page.getAttribute('html', 'lang')) === 'ar';
    });
    await step('a wrong TOTP code is refused with a message', async () => {
      await page.fill('#name', user);
      await page.fill('#password', password);
      await page.fill('#totp', '000000');
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      await shot('02-login-refused');
      return (await page.locator('.notice.error').count()) === 1 && page.url().endsWith('/login');
    });
    await step('log in with password and TOTP code', async () => {
      await page.fill('#name', user);
      await page.fill('#password', password);
      await page.fill('#totp', totp());
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      await shot('03-dashboard');
      return new URL(page.url()).pathname === '/' && (await page.locator('svg.chart').count()) === 1;
    });
    await step('open a case', async () => {
      await page.click('nav.main a[href="/cases/new"]');
      await page.fill('#open-number', file);
      // Typed by hand, day/month/year, as the label asks.
      await page.fill('#open-registered', '');
      await page.type('#open-registered', today.split('-').reverse().join('/'));
      await page.selectOption('#open-body', 'dgsn');
      await page.fill('#open-unit', 'الفرقة الجهوية للشرطة القضائية');
      await page.check('input[name=platform_ncmec]');
      await page.check('input[name=subject_csam_distribution]');
      await page.fill('#open-suspects', '1');
      await shot('04-new-case');
      await Promise.all([page.waitForNavigation(), page.click('form.grid button[type=submit]')]);
      caseUrl = page.url().split('?')[0];
      await shot('05-case-opened');
      return /\/cases\/\d+$/.test(caseUrl) && (await page.locator('.notice.ok').count()) === 1 &&
        (await page.textContent('h1')).includes(file);
    });
    await step('a judgment before the decision is refused, the reason in Arabic next to the form', async () => {
      await page.click('details.event-form:nth-of-type(4) > summary');
      const form = page.locator('details.event-form:nth-of-type(4) form');
      await form.locator('input[name=date]').fill(today);
      await form.locator('select[name=code]').selectOption('conviction');
      await Promise.all([page.waitForNavigation(), form.locator('button[type=submit]').click()]);
      await shot('06-refused');
      const msg = await page.locator('details[open] .field-error').first().textContent();
      return /[\u0600-\u06FF]/.test(msg) && (await page.locator('details[open]').count()) === 1;
    });
    await step('record the prosecution decision', async () => {
      await page.goto(caseUrl);
      await page.click('details.event-form:nth-of-type(3) > summary');
      const form = page.locator('details.event-form:nth-of-type(3) form');
      await form.locator('input[name=date]').fill(today);
      await form.locator('select[name=code]').selectOption('detained');
      await form.locator('input[name=accused]').fill('1');
      await Promise.all([page.waitForNavigation(), form.locator('button[type=submit]').click()]);
      await shot('07-decision');
      return (await page.locator('.notice.ok').count()) === 1 && (await page.locator('ol.timeline li').count()) === 1;
    });
    await step('record the first-instance judgment with its sentence', async () => {
      await page.click('details.event-form:nth-of-type(4) > summary');
      const form = page.locator('details.event-form:nth-of-type(4) form');
      await form.locator('input[name=date]').fill(today);
      await form.locator('select[name=code]').selectOption('conviction');
      await form.locator('input[name=prison]').fill('24');
      await form.locator('input[name=suspended]').fill('0');
      await form.locator('input[name=fine]').fill('5000');
      await Promise.all([page.waitForNavigation(), form.locator('button[type=submit]').click()]);
      await shot('08-judgment');
      return (await page.locator('ol.timeline li').count()) === 2 &&
        (await page.textContent('dl.facts:nth-of-type(1), .columns')).includes('5000');
    });
    await step('correct the judgment from the timeline: the corrected one stays, marked', async () => {
      const li = page.locator('ol.timeline li').nth(1);
      const fix = li.locator('details.event-fix').first();
      await fix.locator('summary').click();
      const form = fix.locator('form');
      const restated = await form.locator('input[name=prison]').inputValue();
      await form.locator('input[name=prison]').fill('18');
      await form.locator('input[name=suspended]').fill('6');
      await form.locator('textarea[name=note]').fill('خطأ مادي في مدة الحبس');
      await shot('08b-correction-form');
      await Promise.all([page.waitForNavigation(), form.locator('button[type=submit]').click()]);
      await shot('08c-corrected');
      return restated === '24' && (await page.locator('ol.timeline li').count()) === 3 &&
        (await page.locator('ol.timeline li.replaced').count()) === 1 &&
        !(await page.textContent('.columns')).includes('24 ') && (await page.textContent('.columns')).includes('12 ');
    });
    await step('the case is in the circular\'s table with its sentence', async () => {
      await page.click('nav.main a[href="/table"]');
      await page.fill('#t-year', today.slice(0, 4));
      await Promise.all([page.waitForNavigation(), page.click('form.filters button[type=submit]')]);
      await shot('09-table');
      const text = await page.textContent('.himaya-table');
      return text.includes(file) && text.includes('5000');
    });
    await step('download the table as XLSX (a zip with xl/workbook.xml)', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('a.button:has-text("XLSX")')]);
      const p = path.join(shots, 'table.xlsx');
      await download.saveAs(p);
      const buf = fs.readFileSync(p);
      return buf.slice(0, 2).toString() === 'PK' && buf.includes(Buffer.from('xl/workbook.xml'));
    });
    await step('switch to French: the page turns left to right', async () => {
      await page.goto(caseUrl);
      await Promise.all([page.waitForNavigation(), page.click('form[action="/lang"] button')]);
      await shot('10-case-fr');
      const ok = (await page.getAttribute('html', 'dir')) === 'ltr' && new URL(page.url()).pathname === new URL(caseUrl).pathname;
      await Promise.all([page.waitForNavigation(), page.click('form[action="/lang"] button')]);
      return ok;
    });
    await step('the case list finds the case', async () => {
      await page.goto(base + '/cases');
      await shot('11-cases');
      return (await page.locator(`a:has-text("${file}")`).count()) === 1;
    });
    await step('the triage queue opens from the navigation (the court\'s own: empty, and said)', async () => {
      await Promise.all([page.waitForNavigation(), page.click('nav.main a[href="/triage"]')]);
      await shot('12-triage');
      return new URL(page.url()).pathname === '/triage' &&
        (await page.textContent('h1')).trim() === 'قائمة الفرز' &&
        (await page.locator('main p.muted').count()) === 1;
    });
    await step('no console errors (no CSP violation)', async () => errors.length === 0 || (console.log(errors.map((e) => '# ' + e).join('\n')), false));
    await step('log out', async () => {
      await Promise.all([page.waitForNavigation(), page.click('form[action="/logout"] button')]);
      await page.goto(base + '/cases');
      return new URL(page.url()).pathname === '/login';
    });
    await step('the administrator adds a user: the QR code and the secret beside it, once', async () => {
      const adminSecret = process.env.HIMAYA_ADMIN_TOTP_SECRET;
      if (!adminSecret) return false;
      await page.goto(base + '/login');
      await page.fill('#name', 'admin');
      await page.fill('#password', password);
      await page.fill('#totp', execFileSync('oathtool', ['--totp', '-b', adminSecret], { encoding: 'utf8' }).trim());
      await Promise.all([page.waitForNavigation(), page.click('form button[type=submit]')]);
      await page.fill('#u-name', 'qr' + (process.pid % 10000));
      await page.selectOption('#u-role', 'court');
      await page.selectOption('#u-court', 'tpi-rabat');
      await page.fill('#u-password', 'a long enough password');
      await Promise.all([page.waitForNavigation(), page.click('form[action="/admin/users"] button[type=submit]')]);
      await page.screenshot({ path: path.join(shots, '12-admin-qr.png') }); // the top: the page is long
      const box = await page.locator('.qr svg').boundingBox();
      const secretText = (await page.textContent('.enrolment .secret')).trim();
      const uri = await page.textContent('.enrolment code.uri');
      await page.goto(base + '/admin');
      const again = await page.locator('.qr svg').count();
      return box && box.width >= 150 && /^[A-Z2-7]{16,}$/.test(secretText) && uri.includes('secret=' + secretText) &&
        again === 0 && errors.length === 0;
    });
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  console.log(`1..${n}`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.log(`not ok ${n + 1} - browser run\n# ${e}`); console.log(`1..${n + 1}`); process.exit(1); });
