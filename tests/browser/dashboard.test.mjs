// Browser test of the manager dashboards in headless Chromium, on the demo organisation.
//
// 1. With JavaScript OFF, the demo's manager signs in through the form with the keyboard, lands
//    on /dashboard and opens every view of the demo's campaigns (capability, perspectives,
//    staff attitudes, trends, evaluator, partner feedback's landing view and the not-released
//    page of the open campaign) at 1280x900 and again at 360x740. Each page's <h1> is checked,
//    every chart (svg[role=img]) must have an accessible name and a table alternative, the
//    attitudes heatmap's withheld cells must be explained, and nothing may stick out of the
//    page (no horizontal scrolling of the page at 360 px; wide tables and charts scroll inside
//    their own region). A CSV is downloaded through its link, one view is printed (print media
//    emulation), and signing out really ends the session (/dashboard then goes to /login).
// 2. The evaluator signs in and finds a manager-only view answers 403.
// 3. With JavaScript ON, in a second browser context, axe-core (WCAG 2.0/2.1 A and AA rules)
//    checks the login page, the login page with an error, /dashboard, every view above, the
//    not-released page and a survey page from the demo's printed link: no violations allowed.
//
// Every step is screenshotted to $TESSERA_ARTIFACTS (default: <build>/browser-artifacts) as
// dashboard-NN-name.png. With TESSERA_GUIDE_SCREENSHOTS=DIR the screenshots of the user guide
// (docs/guide.md, `![...](guide/NAME.png)`) are also written to DIR.
//
// Usage: node dashboard.test.mjs TESSERA_BINARY [ARTIFACTS_DIR]
//        (or TESSERA_BINARY / TESSERA_ARTIFACTS in the environment); run_dashboard.sh does this.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import puppeteer from 'puppeteer-core';
import { startServer, stopServer } from './tessera_server.mjs';

const require = createRequire(import.meta.url);

const BINARY = path.resolve(process.argv[2] || process.env.TESSERA_BINARY || '');
const ARTIFACTS = path.resolve(
  process.argv[3] || process.env.TESSERA_ARTIFACTS || path.join(path.dirname(BINARY), 'browser-artifacts'));
const GUIDE_DIR = process.env.TESSERA_GUIDE_SCREENSHOTS ? path.resolve(process.env.TESSERA_GUIDE_SCREENSHOTS) : '';
const CHROMIUM = process.env.TESSERA_CHROMIUM || '/usr/bin/chromium';
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };
// The smallest text a chart may be drawn at on screen, in CSS pixels, once the SVG is scaled to
// the width it has on the page.
const MIN_CHART_TEXT_PX = 9;

// ---- shared fixture: the demo database, a running server and a browser ----

let workDir;
let dbPath;
let server;
let baseUrl;
let browser;
let accounts = new Map();  // role -> { email, password }
let surveyToken = '';
let campaigns = [];        // from /dashboard: { id, title, instrument, state }
let shotNumber = 0;
const shots = [];
const guideShots = [];

function tessera(...args) {
  return execFileSync(BINARY, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TESSERA_CATALOGUE: '' },
  });
}

// The accounts the demo prints ("Sign in at BASE/login as EMAIL (ROLE), password: PASSWORD"),
// completed from DB.accounts.txt ("email<TAB>password" lines) when a password is not printed.
function parseAccounts(output, accountsFile) {
  const found = new Map();
  const pattern = /Sign in at \S*\/login as (\S+@\S+?)\s+\((\w+)\)[^\n]*?password:?\s*(\S+)?/g;
  for (const match of output.matchAll(pattern)) {
    const [, email, role, password] = match;
    found.set(role, { email, password: password && !password.startsWith('(') ? password : '' });
  }
  let file = new Map();
  if (fs.existsSync(accountsFile)) {
    for (const line of fs.readFileSync(accountsFile, 'utf8').split('\n')) {
      const tab = line.indexOf('\t');
      if (tab > 0) file.set(line.slice(0, tab), line.slice(tab + 1).replace(/\r$/, ''));
    }
  }
  for (const account of found.values()) {
    if (!account.password && file.has(account.email)) account.password = file.get(account.email);
  }
  // Without printed lines, fall back to the file and the demo's {role}@demo.example naming.
  for (const [email, password] of file) {
    const role = email.split('@')[0];
    if (!found.has(role)) found.set(role, { email, password });
  }
  return found;
}

before(async () => {
  assert.ok(fs.existsSync(BINARY), `tessera binary not found: ${BINARY} (pass it as the first argument)`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  for (const name of fs.readdirSync(ARTIFACTS)) {
    if (/^dashboard-\d\d\d?-.*\.png$/.test(name)) fs.rmSync(path.join(ARTIFACTS, name));
  }
  if (GUIDE_DIR) fs.mkdirSync(GUIDE_DIR, { recursive: true });
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-dashboard-'));
  dbPath = path.join(workDir, 'demo.db');
  fs.mkdirSync(path.join(workDir, 'downloads'));

  const demoOutput = tessera('demo', '--db', dbPath);
  accounts = parseAccounts(demoOutput, `${dbPath}.accounts.txt`);
  for (const role of ['manager', 'evaluator']) {
    const account = accounts.get(role);
    assert.ok(account && account.email && account.password,
              `the demo prints the ${role}'s sign-in (email and password):\n${demoOutput}`);
  }
  const link = /https?:\/\/\S+\/s\/([A-Za-z0-9_-]+)/.exec(demoOutput);
  assert.ok(link, `the demo prints a survey link:\n${demoOutput}`);
  surveyToken = link[1];

  const started = await startServer(BINARY, dbPath);
  server = started.child;
  baseUrl = started.url;

  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: path.join(workDir, 'chromium-profile'),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync',
           '--disable-dev-shm-usage', '--font-render-hinting=none'],
  });
});

after(async () => {
  if (browser) await browser.close().catch(() => {});
  await stopServer(server);
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  if (shots.length > 0) {
    console.log(`\nScreenshots (${shots.length}) in ${ARTIFACTS}:`);
    for (const shot of shots) console.log(`  ${shot}`);
  }
  if (guideShots.length > 0) {
    console.log(`\nUser guide screenshots (${guideShots.length}) in ${GUIDE_DIR}:`);
    for (const shot of guideShots) console.log(`  ${shot}`);
  }
});

// ---- helpers ----

async function screenshot(page, name, { fullPage = true } = {}) {
  shotNumber += 1;
  const file = path.join(ARTIFACTS, `dashboard-${String(shotNumber).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage });
  shots.push(file);
  console.log(`screenshot: ${file}`);
  return file;
}

// A screenshot for the user guide (only with TESSERA_GUIDE_SCREENSHOTS), the page's full width:
// the part from the top of the first of `sections` (CSS selectors) to the bottom of the last, or
// without sections the page from the top; at most `maxHeight` CSS pixels high. Passed through
// optipng when it is installed.
async function guideShot(page, name, { sections = [], maxHeight = 1400 } = {}) {
  if (!GUIDE_DIR) return;
  const file = path.join(GUIDE_DIR, `${name}.png`);
  const viewport = page.viewport();
  const box = await page.evaluate((selectors) => {
    const rects = selectors.map((s) => document.querySelector(s)).filter(Boolean)
      .map((e) => e.getBoundingClientRect());
    const height = document.documentElement.scrollHeight;
    if (selectors.length === 0) return { top: 0, bottom: height, found: true };
    if (rects.length === 0) return { found: false };
    return { top: Math.max(0, Math.min(...rects.map((r) => r.top)) + window.scrollY - 12),
             bottom: Math.min(height, Math.max(...rects.map((r) => r.bottom)) + window.scrollY + 12),
             found: true };
  }, sections);
  assert.ok(box.found, `guide screenshot ${name}: ${sections.join(', ')} found on ${page.url()}`);
  const clip = { x: 0, y: box.top, width: viewport.width, height: Math.min(box.bottom - box.top, maxHeight) };
  await page.screenshot({ path: file, clip, captureBeyondViewport: true });
  const optipng = spawnSync('optipng', ['-quiet', '-o2', '-strip', 'all', file]);
  if (optipng.error) console.log(`(optipng not installed: ${name}.png left as Chromium wrote it)`);
  guideShots.push(`${file} (${clip.width}x${Math.round(clip.height)}, ${fs.statSync(file).size} bytes)`);
}

async function textOf(page, selector) {
  return page.$eval(selector, (element) => element.textContent.replace(/\s+/g, ' ').trim());
}

async function goto(page, url, expectedStatus = 200) {
  const response = await page.goto(new URL(url, baseUrl).href, { waitUntil: 'load' });
  assert.ok(response, `a response for ${url}`);
  assert.equal(response.status(), expectedStatus, `HTTP status of ${url} (ended at ${page.url()})`);
  return response;
}

// Signs in through the form. With `keyboard`, Tab from the top of the page to the email field,
// type, Tab to the password, type, Enter — as someone without a mouse would.
async function signIn(page, role, { keyboard = false, next = '/dashboard' } = {}) {
  const account = accounts.get(role);
  await goto(page, `/login?next=${encodeURIComponent(next)}`);
  if (keyboard) {
    let tabs = 0;
    while (await page.evaluate(() => document.activeElement?.id) !== 'email') {
      assert.ok(++tabs <= 12, 'Tab reaches the email field within 12 presses');
      await page.keyboard.press('Tab');
    }
    await page.keyboard.type(account.email);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'password',
                 'Tab goes from the email field to the password field');
    await page.keyboard.type(account.password);
    const [response] = await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.keyboard.press('Enter'),
    ]);
    return response;
  }
  await page.type('#email', account.email);
  await page.type('#password', account.password);
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.click('form[action="/login"] button[type="submit"]'),
  ]);
  return response;
}

// The campaigns on /dashboard: id from the link, title, instrument and state.
async function readCampaignList(page) {
  return page.$$eval('table.campaign-table tbody tr', (rows) => rows.map((row) => {
    const link = row.querySelector('th a');
    const cells = Array.from(row.querySelectorAll('td'));
    return {
      id: Number(/\/campaigns\/(\d+)/.exec(link.getAttribute('href'))[1]),
      title: link.textContent.trim(),
      state: cells[0]?.textContent.trim().toLowerCase(),
      instrument: row.querySelector('code')?.textContent.trim() ?? '',
    };
  }));
}

// Every chart: an accessible name (aria-labelledby with text, or aria-label) and a table
// alternative (aria-details naming a table, or a table in the chart's <figure>) with data rows.
async function checkCharts(page, where) {
  const charts = await page.$$eval('svg[role="img"]', (svgs) => svgs.map((svg) => {
    const ids = (svg.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
    const labelled = ids.map((id) => document.getElementById(id)?.textContent.trim() ?? '').join(' ').trim();
    const name = labelled || (svg.getAttribute('aria-label') || '').trim();
    const detailsId = svg.getAttribute('aria-details');
    let table = detailsId ? document.getElementById(detailsId) : null;
    if (table && table.tagName !== 'TABLE') table = table.querySelector('table');
    if (!table) table = svg.closest('figure')?.querySelector('table') ?? null;
    return {
      name,
      titleId: ids[0] ?? '',
      detailsId,
      detailsResolves: !detailsId || document.getElementById(detailsId) !== null,
      tableRows: table ? table.querySelectorAll('tbody tr').length : -1,
      tableCaption: table?.querySelector('caption')?.textContent.trim() ?? '',
    };
  }));
  for (const [index, chart] of charts.entries()) {
    const label = `${where}: chart ${index + 1} (${chart.titleId || 'no id'})`;
    assert.ok(chart.name.length > 0, `${label} has an accessible name`);
    assert.ok(chart.detailsResolves, `${label}: aria-details="${chart.detailsId}" names an element on the page`);
    assert.ok(chart.tableRows >= 0, `${label} has a table alternative (aria-details or in its <figure>)`);
    assert.ok(chart.tableRows > 0, `${label}: its table alternative has rows`);
  }
  return charts.length;
}

// Layout problems that can be measured: the page scrolling sideways, and visible elements that
// stick out of the page's width without a scrolling (or clipping) box around them.
async function checkLayout(page, where) {
  const layout = await page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const clipped = (element) => {
      for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
        const overflow = getComputedStyle(parent).overflowX;
        if (overflow !== 'visible') return true;
      }
      return false;
    };
    const describe = (element) => {
      let text = element.tagName.toLowerCase();
      if (element.id) text += `#${element.id}`;
      const classes = element.getAttribute('class');
      if (classes) text += `.${classes.trim().split(/\s+/).join('.')}`;
      const words = (element.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 40);
      return words ? `${text} "${words}"` : text;
    };
    const outside = [];
    for (const element of document.body.querySelectorAll('*')) {
      if (element.closest('svg') && element.tagName.toLowerCase() !== 'svg') continue;
      const style = getComputedStyle(element);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      if (element.matches('.skip-link, .visually-hidden, .sr-only')) continue;
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      if ((rect.right > width + 1 || rect.left < -1) && !clipped(element)) {
        outside.push(`${describe(element)} spans x ${Math.round(rect.left)}..${Math.round(rect.right)}`);
      }
    }
    // Charts: the size their text is drawn at once the SVG is scaled to fit.
    const charts = Array.from(document.querySelectorAll('svg[role="img"]')).map((svg) => {
      const box = svg.viewBox.baseVal;
      const rect = svg.getBoundingClientRect();
      const scale = box && box.width > 0 ? rect.width / box.width : 1;
      const fontSize = Number(svg.getAttribute('font-size') || 13);
      const smallest = Math.min(fontSize, ...Array.from(svg.querySelectorAll('text')).map(
        (text) => Number(text.getAttribute('font-size') || fontSize)));
      return { id: svg.id || svg.getAttribute('aria-labelledby')?.split(' ')[0] || '?',
               renderedWidth: Math.round(rect.width), scale, textPx: smallest * scale };
    });
    return { scrollWidth: root.scrollWidth, clientWidth: width, outside, charts };
  });
  assert.ok(layout.scrollWidth <= layout.clientWidth,
            `${where}: no horizontal scrolling of the page at ${page.viewport().width}px: ` +
            `content ${layout.scrollWidth}px wide in ${layout.clientWidth}px`);
  assert.deepEqual(layout.outside, [], `${where}: elements outside the page's width`);
  for (const chart of layout.charts) {
    assert.ok(chart.textPx >= MIN_CHART_TEXT_PX - 0.05,
              `${where}: chart ${chart.id} is scaled to ${Math.round(chart.scale * 100)}% ` +
              `(${chart.renderedWidth}px wide), so its smallest text is ${chart.textPx.toFixed(1)}px ` +
              `(at least ${MIN_CHART_TEXT_PX}px expected; let it scroll in its frame instead)`);
  }
  return layout;
}

// Pairs of chart labels drawn on top of each other (unrotated <text> boxes overlapping by more
// than a third of the smaller one).
async function overlappingChartText(page) {
  return page.$$eval('svg[role="img"]', (svgs) => {
    const found = [];
    for (const svg of svgs) {
      const texts = Array.from(svg.querySelectorAll('text'))
        .filter((text) => !text.closest('[transform]') && text.textContent.trim() !== '')
        .map((text) => ({ text: text.textContent.trim(), rect: text.getBoundingClientRect() }));
      for (let i = 0; i < texts.length; ++i) {
        for (let j = i + 1; j < texts.length; ++j) {
          const a = texts[i].rect;
          const b = texts[j].rect;
          const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (w <= 0 || h <= 0) continue;
          const smaller = Math.min(a.width * a.height, b.width * b.height);
          if (w * h > smaller / 3) {
            const id = svg.getAttribute('aria-labelledby')?.split(' ')[0] ?? '?';
            found.push(`${id}: "${texts[i].text}" and "${texts[j].text}"`);
          }
        }
      }
    }
    return found;
  });
}

// ---- the views to open ----

let views = [];  // { key, path, campaign, expectH1, checks? }

function campaignsBy(instrument, state) {
  return campaigns.filter((c) => c.instrument.startsWith(`${instrument}@`) && (!state || c.state === state))
    .sort((a, b) => a.id - b.id);
}

function planViews() {
  const [capability] = campaignsBy('partnership-capability', 'closed');
  const waves = campaignsBy('staff-attitudes', 'closed');
  const [feedback] = campaignsBy('partner-feedback', 'closed');
  const [openWave] = campaignsBy('staff-attitudes', 'open');
  assert.ok(capability, `the demo has a closed partnership-capability campaign: ${JSON.stringify(campaigns)}`);
  assert.ok(waves.length >= 2, 'the demo has two closed staff-attitudes waves');
  assert.ok(feedback, 'the demo has a closed partner-feedback campaign');
  assert.ok(openWave, 'the demo has an open staff-attitudes campaign');
  const [wave1, wave2] = waves;
  views = [
    { key: 'capability', campaign: capability, path: `/campaigns/${capability.id}/capability`, h1: /capability/i },
    { key: 'perspectives', campaign: capability, path: `/campaigns/${capability.id}/perspectives`, h1: /perspective/i },
    { key: 'capability-trends', campaign: capability, path: `/campaigns/${capability.id}/trends`, h1: /trend|change/i, noCharts: true },
    { key: 'capability-evaluator', campaign: capability, path: `/campaigns/${capability.id}/evaluator`, h1: /reliab|evaluat/i, noCharts: true },
    { key: 'attitudes-wave1', campaign: wave1, path: `/campaigns/${wave1.id}/attitudes`, h1: /attitude/i, heatmap: true },
    { key: 'trends-wave1', campaign: wave1, path: `/campaigns/${wave1.id}/trends`, h1: /trend|change/i, noCharts: true },
    { key: 'evaluator-wave1', campaign: wave1, path: `/campaigns/${wave1.id}/evaluator`, h1: /reliab|evaluat/i, noCharts: true },
    { key: 'attitudes-wave2', campaign: wave2, path: `/campaigns/${wave2.id}/attitudes`, h1: /attitude/i },
    { key: 'trends-wave2', campaign: wave2, path: `/campaigns/${wave2.id}/trends`, h1: /trend|change/i, compares: wave1 },
    { key: 'evaluator-wave2', campaign: wave2, path: `/campaigns/${wave2.id}/evaluator`, h1: /reliab|evaluat/i, downloads: true, noCharts: true },
    { key: 'partner-feedback', campaign: feedback, path: `/campaigns/${feedback.id}`, landing: true, h1: /./ },
    { key: 'not-released', campaign: openWave, path: `/campaigns/${openWave.id}`, landing: true, notReleased: true, h1: /not (yet )?(available|released)/i },
  ];
}

// Opens one view in `page` and checks it; returns what was found.
async function openView(page, view, where, shotName = '') {
  const response = await goto(page, view.path);
  if (shotName) await screenshot(page, shotName);  // before any check, so a failure has its picture
  const url = new URL(page.url());
  if (view.landing) {
    assert.match(url.pathname, new RegExp(`^/campaigns/${view.campaign.id}/[a-z]+$`),
                 `${view.path} redirects to one of the campaign's views`);
  } else {
    assert.equal(url.pathname, view.path, `${view.path} is not redirected`);
  }
  assert.match(response.headers()['content-type'] ?? '', /^text\/html/);
  const h1 = await textOf(page, 'h1');
  assert.equal((await page.$$('h1')).length, 1, `${where}: one <h1>`);
  assert.match(h1, view.h1, `${where}: <h1> "${h1}"`);
  if (!view.notReleased) {
    assert.ok(h1.includes(view.campaign.title), `${where}: <h1> "${h1}" names the campaign "${view.campaign.title}"`);
  }
  const charts = await checkCharts(page, where);
  if (view.notReleased) {
    assert.equal(charts, 0, `${where}: no charts before results are released`);
    const text = await textOf(page, 'main');
    assert.match(text, /not (yet )?(been )?released|not available yet|not yet|once .*closed|when .*closed/i,
                 `${where} says the results are not released yet: "${text.slice(0, 300)}"`);
  } else {
    // A first wave has nothing to compare with, and the evaluator view is tables only.
    if (!view.noCharts) assert.ok(charts > 0, `${where}: the view draws at least one chart`);
  }
  if (view.compares) {
    const text = await textOf(page, 'main');
    assert.ok(text.includes(view.compares.title) || /wave 1/i.test(text),
              `${where} compares with "${view.compares.title}"`);
  }
  let withheld = 0;
  if (view.heatmap) {
    // The team with 3 responses in wave 1 is below k = 5: its cells are hatched and explained.
    withheld = await page.$$eval('svg[role="img"] text.withheld', (texts) => texts.length);
    assert.ok(withheld > 0, `${where}: the heatmap draws withheld cells (a team of 3 is below k)`);
    const main = await textOf(page, 'main');
    assert.match(main, /fewer than \d+ (responses|people)/i,
                 `${where}: withheld cells are explained ("fewer than k responses")`);
  }
  return { h1, charts, withheld, path: url.pathname };
}

// ---- 1. the manager's dashboards with JavaScript off ----

let noJsContext;

test('a manager signs in and reads every dashboard view with JavaScript off', async (t) => {
  noJsContext = await browser.createBrowserContext({
    downloadBehavior: { policy: 'allow', downloadPath: path.join(workDir, 'downloads') },
  });
  const page = await noJsContext.newPage();
  await page.setJavaScriptEnabled(false);
  await page.setViewport(DESKTOP);

  // Signed out, /dashboard sends the visitor to the sign-in form.
  await goto(page, '/dashboard');
  assert.equal(new URL(page.url()).pathname, '/login', '/dashboard asks to sign in first');
  assert.equal(new URL(page.url()).searchParams.get('next'), '/dashboard');
  assert.equal(await textOf(page, 'h1'), 'Sign in');
  await checkLayout(page, 'login');
  await screenshot(page, 'login');

  let response = await signIn(page, 'manager', { keyboard: true });
  assert.equal(response.status(), 200, `after signing in: ${page.url()}`);
  assert.equal(new URL(page.url()).pathname, '/dashboard', 'signing in lands on /dashboard');
  assert.equal(await textOf(page, 'h1'), 'Campaigns');
  assert.match(await textOf(page, '.signed-in'), new RegExp(accounts.get('manager').email.replace(/[.]/g, '\\.')));
  campaigns = await readCampaignList(page);
  console.log(`campaigns: ${campaigns.map((c) => `${c.id} ${c.state} ${c.instrument} "${c.title}"`).join('; ')}`);
  planViews();
  await checkLayout(page, 'dashboard');
  await screenshot(page, 'campaigns');
  await guideShot(page, 'campaign-list', { maxHeight: 900 });

  const overlaps = [];
  for (const viewport of [DESKTOP, PHONE]) {
    await page.setViewport(viewport);
    const size = `${viewport.width}px`;
    if (viewport === PHONE) {
      await goto(page, '/dashboard');
      await checkLayout(page, `dashboard at ${size}`);
      await screenshot(page, `campaigns-${size}`);
    }
    for (const view of views) {
      const where = `${view.key} at ${size}`;
      await t.test(where, async () => {
        const found = await openView(page, view, where, `${view.key}-${size}`);
        for (const overlap of await overlappingChartText(page)) overlaps.push(`${where}: ${overlap}`);
        console.log(`${where}: ${found.path} "${found.h1}", ${found.charts} chart(s)` +
                    (view.heatmap ? `, ${found.withheld} withheld heatmap cell(s)` : ''));
        await checkLayout(page, where);
      });
    }
  }
  if (overlaps.length > 0) console.log(`chart labels drawn over each other:\n  ${overlaps.join('\n  ')}`);
  assert.deepEqual(overlaps, [], 'no chart labels drawn over each other');

  // Long comment lists come a page at a time: the next page follows on from the first, with a
  // way back.
  await page.setViewport(DESKTOP);
  // (The demo's lists are short, so pages of 10 here.)
  const attitudes = views.find((v) => v.key === 'attitudes-wave2');
  await goto(page, `${attitudes.path}?limit=10`);
  // The first question's list.
  const commentsOn = (p) => p.$eval('section[aria-labelledby="comments"] ul.comments',
                                    (ul) => [...ul.querySelectorAll('li')].map((li) => li.textContent));
  const firstPage = await commentsOn(page);
  const later = await page.$('nav.comment-pages a[rel="next"]');
  assert.ok(firstPage.length > 0, 'the demo wave shows comments');
  assert.equal(firstPage.length, 10, 'a page of 10');
  assert.ok(later, 'the demo wave has more than 10 comments: a "Later comments" link');
  await Promise.all([page.waitForNavigation(), later.click()]);
  assert.match(new URL(page.url()).search, /^\?limit=10&offset=10$/);
  const secondPage = await commentsOn(page);
  assert.ok(secondPage.length > 0, 'the second page shows comments');
  // Texts may repeat (two people can write "No"), so the pages are told apart by position.
  const [, from, to, total] =
    (await textOf(page, 'section[aria-labelledby="comments"] .comment-count'))
      .match(/^Comments (\d+) to (\d+) of (\d+) from everyone/) ?? [];
  assert.equal(Number(from), firstPage.length + 1, 'the second page starts after the first');
  assert.equal(Number(to) - Number(from) + 1, secondPage.length, 'it says how many it shows');
  assert.ok(Number(total) >= Number(to), 'and of how many');
  assert.ok(await page.$('nav.comment-pages a[rel="prev"]'), 'the second page links back');
  await checkLayout(page, 'attitudes, second page of comments');
  await screenshot(page, 'attitudes-comments-page-2');

  // Screenshots for the guide (docs/guide.md's names), at desktop width and one on a phone.
  if (GUIDE_DIR) {
    await page.setViewport(DESKTOP);
    for (const shot of GUIDE_SHOTS) {
      await goto(page, views.find((v) => v.key === shot.view).path);
      await guideShot(page, shot.name, { sections: shot.sections ?? [], maxHeight: shot.maxHeight ?? 1400 });
    }
    await page.setViewport(PHONE);
    await goto(page, views.find((v) => v.key === 'capability').path);
    await guideShot(page, 'phone-capability', { maxHeight: 1200 });
  }
});

// The user guide's screenshots (docs/guide.md, `![...](guide/NAME.png)`): which view, and which
// sections of it (by the aria-labelledby of their <section>).
const section = (id) => `section[aria-labelledby="${id}"]`;
const GUIDE_SHOTS = [
  { name: 'not-released', view: 'not-released', maxHeight: 900 },
  { name: 'capability-domains', view: 'capability', sections: [section('domains')] },
  { name: 'capability-next-steps', view: 'capability', sections: [section('next-steps')] },
  { name: 'capability-indicators', view: 'capability', sections: [section('indicators')] },
  { name: 'perspectives-roles', view: 'perspectives', sections: [section('by-role')] },
  { name: 'perspectives-partners', view: 'perspectives', sections: [section('partners'), section('charter')] },
  { name: 'attitudes-favourability', view: 'attitudes-wave2', sections: [section('scales')] },
  { name: 'attitudes-heatmap', view: 'attitudes-wave2', sections: [section('groups')] },
  { name: 'trends', view: 'trends-wave2', maxHeight: 1200 },
  { name: 'evaluator', view: 'evaluator-wave2', maxHeight: 1200 },
];

test('a view prints without the site chrome and within the page', async () => {
  const page = await noJsContext.newPage();
  await page.setJavaScriptEnabled(false);
  // A4 portrait at 96 dpi, less 15 mm margins: about 680 CSS pixels of width.
  await page.setViewport({ width: 680, height: 1000 });
  await page.emulateMediaType('print');
  const view = views.find((v) => v.key === 'capability');
  await openView(page, view, 'capability (print)', 'capability-print');
  const chrome = await page.evaluate(() => Array.from(
    document.querySelectorAll('.sign-out, .site-nav, .skip-link, .campaign-tabs'))
    .filter((element) => {
      const rect = element.getBoundingClientRect();
      return getComputedStyle(element).display !== 'none' && rect.width > 0 && rect.height > 0 &&
             rect.bottom > 0;
    })
    .map((element) => element.className));
  assert.deepEqual(chrome, [], 'the sign-out button and navigation are not printed');
  await checkLayout(page, 'capability (print)');
  await page.close();
});

test('a CSV downloads through its link', async () => {
  const page = await noJsContext.newPage();
  await page.setJavaScriptEnabled(false);
  await page.setViewport(DESKTOP);
  const view = views.find((v) => v.downloads);
  await goto(page, view.path);
  const links = await page.$$eval('a[href*="/exports/"]', (anchors) =>
    anchors.map((a) => ({ href: a.href, text: a.textContent.replace(/\s+/g, ' ').trim() })));
  assert.ok(links.length > 0, `${view.path} has download links`);
  console.log(`download links: ${links.map((l) => `${l.text} -> ${l.href}`).join('; ')}`);
  const link = links.find((l) => /\/scores\.csv/.test(l.href)) ?? links[0];
  assert.ok(link.text.length > 0, 'the download link has text');

  // The context saves downloads to workDir/downloads (see createBrowserContext above).
  const downloads = path.join(workDir, 'downloads');
  const responded = page.waitForResponse((r) => r.url() === link.href, { timeout: 15000 }).catch(() => null);
  await page.click(`a[href="${new URL(link.href).pathname}"]`);
  let response = await responded;
  let headers;
  let status;
  if (response) {
    ({ status, headers } = { status: response.status(), headers: response.headers() });
  } else {
    // Chromium did not report the download's response to the page: ask with the same cookie.
    console.log('(the download response was not reported to the page; checking it with fetch)');
    const cookies = await page.cookies(link.href);
    const fetched = await fetch(link.href, {
      headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') }, redirect: 'manual' });
    status = fetched.status;
    headers = Object.fromEntries(fetched.headers.entries());
    await fetched.arrayBuffer();
  }
  assert.equal(status, 200, `GET ${link.href}`);
  assert.match(headers['content-type'] ?? '', /^text\/csv/);
  assert.match(headers['content-disposition'] ?? '', /attachment; filename="[^"]+\.csv"/);
  const deadline = Date.now() + 15000;
  while (!(fs.existsSync(downloads) && fs.readdirSync(downloads).some((name) => name.endsWith('.csv')))) {
    assert.ok(Date.now() < deadline, `the download reaches ${downloads} within 15 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const files = fs.readdirSync(downloads).filter((name) => name.endsWith('.csv'));
  assert.equal(files.length, 1, `one CSV downloaded: ${files}`);
  const csv = fs.readFileSync(path.join(downloads, files[0]), 'utf8');
  const lines = csv.split('\r\n').filter((line) => line !== '');
  assert.ok(lines.length >= 2, `the CSV has a header and rows: ${csv.slice(0, 200)}`);
  console.log(`downloaded ${files[0]}: ${lines.length} lines; header: ${lines[0].slice(0, 120)}`);
  assert.equal(new URL(page.url()).pathname, view.path, 'the page stays where it was');
  await page.close();
});

test('signing out ends the session', async () => {
  const page = await noJsContext.newPage();
  await page.setJavaScriptEnabled(false);
  await page.setViewport(DESKTOP);
  await goto(page, '/dashboard');
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.click('form.sign-out button[type="submit"]'),
  ]);
  assert.equal(response.status(), 200);
  assert.equal(new URL(page.url()).pathname, '/login');
  assert.match(await textOf(page, 'main'), /You have signed out/);
  await screenshot(page, 'signed-out');
  await goto(page, '/dashboard');
  assert.equal(new URL(page.url()).pathname, '/login', 'after signing out, /dashboard asks to sign in again');
  await goto(page, views[0].path);
  assert.equal(new URL(page.url()).pathname, '/login', `after signing out, ${views[0].path} asks to sign in again`);
  await page.close();
  await noJsContext.close();
});

// ---- 2. the evaluator ----

test('the evaluator sees the evaluator view and not the manager-only ones', async () => {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setJavaScriptEnabled(false);
  await page.setViewport(DESKTOP);
  const response = await signIn(page, 'evaluator');
  assert.equal(response.status(), 200);
  assert.equal(new URL(page.url()).pathname, '/dashboard');
  const capability = views.find((v) => v.key === 'capability');
  await goto(page, `/campaigns/${capability.campaign.id}`);
  assert.equal(new URL(page.url()).pathname, `/campaigns/${capability.campaign.id}/evaluator`,
               'an evaluator lands on the evaluator view');
  await checkCharts(page, 'evaluator (as evaluator)');
  await screenshot(page, 'evaluator-as-evaluator');
  await goto(page, capability.path, 403);
  assert.match(await textOf(page, 'h1'), /not available|role|permission|not allowed/i);
  await checkLayout(page, 'manager-only view as evaluator');
  await screenshot(page, 'evaluator-403');
  await context.close();
});

// ---- 3. axe-core with JavaScript on ----

test('axe-core finds no accessibility violations on the login, dashboard and survey pages', async () => {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  // The pages' Content-Security-Policy (script-src 'self') would block the injected axe script.
  await page.setBypassCSP(true);
  await page.setViewport(DESKTOP);
  const found = [];
  const bestPractice = [];

  async function check(name, expectedStatus, response) {
    assert.equal(response.status(), expectedStatus, `${name}: HTTP status`);
    await page.addScriptTag({ path: AXE_PATH });
    const results = await page.evaluate((tags) =>
      window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), AXE_TAGS);
    const other = await page.evaluate(() =>
      window.axe.run(document, { runOnly: { type: 'tag', values: ['best-practice'] }, resultTypes: ['violations'] }));
    console.log(`axe ${name} (${page.url()}): ${results.violations.length} violation(s), ` +
                `${other.violations.length} best-practice note(s), axe-core ${results.testEngine.version}`);
    for (const violation of results.violations) found.push({ page: name, url: page.url(), ...violation });
    for (const violation of other.violations) bestPractice.push({ page: name, url: page.url(), ...violation });
  }

  let response = await goto(page, '/login');
  await check('login', 200, response);

  await page.type('#email', accounts.get('manager').email);
  await page.type('#password', 'not the password');
  [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.click('form[action="/login"] button[type="submit"]'),
  ]);
  assert.match(await textOf(page, '.error-summary'), /not signed in/i);
  await check('login with an error', 401, response);

  response = await signIn(page, 'manager');
  await check('dashboard', 200, response);

  for (const view of views) {
    response = await goto(page, view.path);
    await check(view.key, 200, response);
  }
  // A later page of comments, with its Earlier/Later links.
  response = await goto(page, `${views.find((v) => v.key === 'attitudes-wave2').path}?limit=10&offset=10`);
  await check('attitudes, comments page 2', 200, response);

  response = await goto(page, `/s/${surveyToken}`);
  await check('survey page', 200, response);
  await page.close();
  await context.close();

  const print = (label, list) => {
    for (const violation of list) {
      console.log(`\n${label} on ${violation.page} (${violation.url})`);
      console.log(`  ${violation.id} [${violation.impact}]: ${violation.help}`);
      console.log(`  ${violation.helpUrl}`);
      for (const node of violation.nodes) {
        console.log(`  - target: ${JSON.stringify(node.target)}`);
        console.log(`    html:   ${node.html.slice(0, 300)}`);
        console.log(`    ${node.failureSummary.replace(/\n/g, '\n    ')}`);
      }
    }
  };
  print('best practice (not a failure)', bestPractice);
  print('VIOLATION', found);
  assert.equal(found.length, 0,
               `axe-core violations: ${found.map((v) => `${v.page}: ${v.id}`).join(', ')}`);
});
