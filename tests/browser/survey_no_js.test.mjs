// Browser test of the respondent's survey pages in headless Chromium.
//
// 1. With JavaScript OFF, a respondent completes a staff-attitudes@1.1.0 survey: partly at a
//    360x740 phone viewport and partly at 1280x900, answering by clicking labels and (for one
//    question) with the keyboard, saving and coming back, fixing a missing required answer from
//    the review page's error summary, submitting, and finding the used link answers HTTP 410.
// 2. With JavaScript ON, in a second page, axe-core checks the first page, a middle page, the
//    review page (with and without its error summary), the saved page, the thank-you page and the
//    410 page, and expects no violations.
//
// Every step is screenshotted to $TESSERA_ARTIFACTS (default: <build>/browser-artifacts).
//
// Usage: node survey_no_js.test.mjs TESSERA_BINARY [ARTIFACTS_DIR]
//        (or TESSERA_BINARY / TESSERA_ARTIFACTS in the environment); tests/browser/run.sh does this.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
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
const CHROMIUM = process.env.TESSERA_CHROMIUM || '/usr/bin/chromium';
const AXE_PATH = require.resolve('axe-core/axe.min.js');

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };
const ANONYMITY_THRESHOLD = 5;  // the default threshold `tessera campaign create` gives a campaign
const RECEIPT_PATTERN = /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/;

// ---- shared fixture: a database, a running server and a browser ----

let workDir;
let server;
let baseUrl;
let links = [];
let browser;
let shotNumber = 0;
const shots = [];

function tessera(...args) {
  return execFileSync(BINARY, [...args, '--db', path.join(workDir, 'tessera.db')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],  // on failure, the error carries both
    env: { ...process.env, TESSERA_CATALOGUE: '' },
  });
}

before(async () => {
  assert.ok(fs.existsSync(BINARY), `tessera binary not found: ${BINARY} (pass it as the first argument)`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  for (const name of fs.readdirSync(ARTIFACTS)) {
    if (/^\d\d-.*\.png$/.test(name)) fs.rmSync(path.join(ARTIFACTS, name));
  }
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-browser-'));

  tessera('org', 'create', '--name', 'Riverside Community Services');
  tessera('teams', 'add', '--org', 'Riverside Community Services', 'outreach', 'Community outreach');
  tessera('teams', 'add', '--org', 'Riverside Community Services', 'housing', 'Housing support');
  tessera('campaign', 'create', '--org', 'Riverside Community Services',
          '--instrument', 'staff-attitudes@1.1.0', '--title', 'Staff attitudes survey 2026');
  tessera('campaign', 'open', '1');

  const started = await startServer(BINARY, path.join(workDir, 'tessera.db'));
  server = started.child;
  baseUrl = started.url;

  // Links are made once the server is up, so that they carry its real address.
  const csv = path.join(workDir, 'links.csv');
  tessera('links', 'create', '--campaign', '1', '--count', '3', '--csv', csv, '--base-url', baseUrl);
  const text = fs.readFileSync(csv, 'utf8');
  assert.match(text, /^link\r\n/, 'links CSV: header "link" with CRLF line ends');
  links = text.split('\r\n').slice(1).filter((line) => line !== '');
  assert.equal(links.length, 3);
  for (const link of links) assert.ok(link.startsWith(`${baseUrl}/s/`), `link ${link}`);

  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: path.join(workDir, 'chromium-profile'),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync',
           '--disable-dev-shm-usage'],
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
});

// ---- helpers ----

async function screenshot(page, name, { fullPage = true } = {}) {
  shotNumber += 1;
  const file = path.join(ARTIFACTS, `${String(shotNumber).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage });
  shots.push(file);
  console.log(`screenshot: ${file}`);
  return file;
}

// Clicks a submit button and waits for the page it leads to; returns the final response.
async function press(page, selector) {
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.click(selector),
  ]);
  return response;
}

const button = (action) => `form button[name="action"][value="${action}"]`;

async function textOf(page, selector) {
  return page.$eval(selector, (element) => element.textContent.replace(/\s+/g, ' ').trim());
}

// The questions on the current page: id, type, and each option's input id and label text.
async function questionsOnPage(page) {
  return page.$$eval('fieldset.question[data-item]', (fieldsets) => fieldsets.map((fieldset) => ({
    id: fieldset.dataset.item,
    type: fieldset.dataset.type,
    text: fieldset.querySelector('legend').textContent.replace(/\s*\(required\)\s*$/, '').trim(),
    required: fieldset.querySelector('.required-marker') !== null,
    options: Array.from(fieldset.querySelectorAll('input[type=radio], input[type=checkbox]'))
      .filter((input) => input.value !== '')
      .map((input) => ({
        inputId: input.id,
        value: input.value,
        label: fieldset.querySelector(`label[for="${input.id}"]`).textContent.trim(),
      })),
  })));
}

async function isChecked(page, inputId) {
  return page.$eval(`#${inputId}`, (input) => input.checked);
}

// Answers one question by clicking the label of option `choice`; returns the label's text.
async function clickAnswer(page, question, choice) {
  const option = question.options[choice % question.options.length];
  await page.click(`label[for="${option.inputId}"]`);
  assert.ok(await isChecked(page, option.inputId), `${question.id}: clicking "${option.label}" chose it`);
  return option;
}

// What the respondent chose, by item id: { inputId, label } for choices, { text } for text.
const chosen = new Map();
let choiceCounter = 0;

async function answerPage(page, { skip = new Set() } = {}) {
  const questions = await questionsOnPage(page);
  assert.ok(questions.length > 0, 'the page has questions');
  for (const question of questions) {
    if (skip.has(question.id) || chosen.has(question.id)) continue;
    if (question.type === 'text') {
      const text = `Answer to ${question.id}: regular team meetings with interpreters & community groups.`;
      await page.click(`#item-${question.id}`);
      await page.keyboard.type(text);
      chosen.set(question.id, { text });
    } else {
      chosen.set(question.id, await clickAnswer(page, question, choiceCounter++));
    }
  }
  return questions;
}

async function expectAnswersKept(page) {
  const questions = await questionsOnPage(page);
  for (const question of questions) {
    const answer = chosen.get(question.id);
    if (!answer) continue;
    if (answer.text !== undefined) {
      assert.equal(await page.$eval(`#item-${question.id}`, (t) => t.value), answer.text, question.id);
    } else {
      assert.ok(await isChecked(page, answer.inputId), `${question.id}: "${answer.label}" is still chosen`);
    }
  }
  return questions;
}

function expectPage(response, page, { status = 200, pageIndex, review = false } = {}) {
  assert.equal(response.status(), status, `HTTP status of ${page.url()}`);
  const url = new URL(page.url());
  if (pageIndex !== undefined) {
    assert.equal(url.searchParams.get('page') ?? '0', String(pageIndex), `page number in ${page.url()}`);
  }
  if (review) assert.equal(url.searchParams.get('review'), '1', `review page: ${page.url()}`);
}

// ---- 1. completing a survey with JavaScript off ----

// A page with JavaScript off. Any request to the JSON API (survey.js autosaves there) would
// mean scripts ran, so those are recorded and must not happen.
const apiRequests = [];
async function newNoJsPage(viewport) {
  const page = await browser.newPage();
  await page.setJavaScriptEnabled(false);
  await page.setViewport(viewport);
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/api/')) {
      apiRequests.push(`${request.method()} ${request.url()}`);
    }
  });
  return page;
}

test('a respondent completes the survey with JavaScript off', async () => {
  const page = await newNoJsPage(PHONE);
  const link = links[0];

  // Step: the first page, on a phone.
  let response = await page.goto(link, { waitUntil: 'load' });
  expectPage(response, page, { pageIndex: 0 });
  const anonymity = await page.waitForSelector('section.anonymity', { visible: true, timeout: 5000 });
  assert.ok(anonymity, 'the anonymity statement is visible on the first page');
  const anonymityText = await textOf(page, 'section.anonymity');
  assert.match(anonymityText, /Your answers are anonymous/);
  assert.match(anonymityText, new RegExp(`groups of at least ${ANONYMITY_THRESHOLD} people`));
  const box = await anonymity.boundingBox();
  assert.ok(box && box.width > 0 && box.height > 0 && box.x >= 0 && box.x + box.width <= PHONE.width,
            `the anonymity statement fits the 360px width: ${JSON.stringify(box)}`);
  await expectNoHorizontalScroll(page);
  await screenshot(page, 'first-page');

  // Step: answer the first page, one question with the keyboard alone.
  const first = await questionsOnPage(page);
  const [team, role] = first;
  assert.equal(team.id, 'team');
  assert.equal(role.id, 'role');
  chosen.set(team.id, await clickAnswer(page, team, 1));
  // Clicking a label focuses its radio button; Tab moves on to the next question's group.
  await page.focus(`#${chosen.get('team').inputId}`);
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => ({
    id: document.activeElement.id,
    focusVisible: document.activeElement.matches(':focus-visible'),
    outline: getComputedStyle(document.activeElement).outlineStyle,
  }));
  assert.equal(focused.id, role.options[0].inputId, 'Tab reaches the first option of the next question');
  assert.ok(focused.focusVisible, 'keyboard focus is :focus-visible');
  assert.notEqual(focused.outline, 'none', 'the focused radio button shows an outline');
  assert.equal(await isChecked(page, focused.id), false);
  await page.keyboard.press('Space');
  assert.equal(await isChecked(page, focused.id), true, 'Space chooses the focused radio button');
  chosen.set(role.id, role.options[0]);
  await screenshot(page, 'keyboard-focus', { fullPage: false });  // what the respondent sees
  await answerPage(page);
  // With JavaScript on, survey.js would autosave 1.5 s after a change; wait longer than that.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await screenshot(page, 'first-page-answered');

  response = await press(page, button('next'));
  expectPage(response, page, { pageIndex: 1 });
  await expectNoHorizontalScroll(page);
  await screenshot(page, 'page-2');
  await answerPage(page);
  await screenshot(page, 'page-2-answered');

  // Step: save and finish later.
  response = await press(page, button('save'));
  assert.equal(response.status(), 200);
  assert.equal(await textOf(page, 'h1'), 'Your answers are saved');
  const token = new URL(link).pathname.split('/').pop();
  assert.equal(await textOf(page, '.survey-link code'), `/s/${token}`);
  assert.equal(await page.$eval('a.button', (a) => a.href), link, 'Continue the survey goes back to the link');
  await expectNoHorizontalScroll(page);
  await screenshot(page, 'saved');

  // Step: come back later with the link: the answers are still chosen.
  const returning = await newNoJsPage(PHONE);
  await page.close();
  response = await returning.goto(link, { waitUntil: 'load' });
  expectPage(response, returning, { pageIndex: 0 });
  const keptFirst = await expectAnswersKept(returning);
  assert.equal(keptFirst.length, first.length);
  assert.match(await textOf(returning, '.progress-answered'),
               new RegExp(`You have answered ${chosen.size} of \\d+ questions`));
  await screenshot(returning, 'reopened');
  response = await press(returning, button('next'));
  expectPage(response, returning, { pageIndex: 1 });
  await expectAnswersKept(returning);

  // The rest at desktop width. One required question is left out on purpose.
  await returning.setViewport(DESKTOP);
  response = await press(returning, button('next'));
  expectPage(response, returning, { pageIndex: 2 });
  await answerPage(returning);
  await screenshot(returning, 'page-3-desktop');
  response = await press(returning, button('next'));
  expectPage(response, returning, { pageIndex: 3 });
  const page4 = await questionsOnPage(returning);
  const leftOut = page4.find((question) => question.required);
  assert.ok(leftOut, 'page 4 has a required question');
  await answerPage(returning, { skip: new Set([leftOut.id]) });
  response = await press(returning, button('next'));
  expectPage(response, returning, { pageIndex: 4 });
  await answerPage(returning);
  response = await press(returning, button('next'));
  expectPage(response, returning, { pageIndex: 5 });
  await answerPage(returning);
  await screenshot(returning, 'last-page');
  assert.equal(await returning.$(button('next')), null, 'the last page has no "Next page"');
  response = await press(returning, button('review'));
  expectPage(response, returning, { review: true });

  // Step: the review page shows the answers in words and flags the missing one.
  assert.equal(await textOf(returning, 'h1'), 'Check your answers');
  assert.match(await textOf(returning, '.notice-warning'), /1 required question is not answered yet/);
  for (const [id, answer] of chosen) {
    const shown = await textOf(returning, `#item-${id} dd.review-answer`);
    assert.equal(shown, answer.text ?? answer.label, `review shows ${id} in words`);
  }
  assert.match(await textOf(returning, `#item-${leftOut.id} dd.review-answer`), /Not answered \(required\)/);
  await screenshot(returning, 'review-missing-answer');

  // Step: submitting with a required answer missing shows an error summary linking to it.
  response = await press(returning, button('submit'));
  assert.equal(response.status(), 400, 'submitting with a required answer missing is refused');
  const summary = await returning.waitForSelector('.error-summary[role="alert"]', { visible: true });
  assert.ok(summary);
  assert.equal(await textOf(returning, '#error-summary-title'), 'There is a problem');
  const summaryLinks = await returning.$$eval('.error-summary a', (anchors) =>
    anchors.map((a) => ({ href: a.getAttribute('href'), text: a.textContent.trim() })));
  assert.equal(summaryLinks.length, 1, JSON.stringify(summaryLinks));
  assert.equal(summaryLinks[0].href, `/s/${token}?page=3#item-${leftOut.id}`);
  assert.ok(summaryLinks[0].text.startsWith(leftOut.text.replace(/\.$/, '')), summaryLinks[0].text);
  assert.match(await returning.title(), /^Error: /);
  await screenshot(returning, 'error-summary');

  // Following the link leads to the question; answer it and go back to the review.
  response = await Promise.all([
    returning.waitForNavigation({ waitUntil: 'load' }),
    returning.click('.error-summary a'),
  ]).then(([r]) => r);
  expectPage(response, returning, { pageIndex: 3 });
  assert.equal(new URL(returning.url()).hash, `#item-${leftOut.id}`);
  await expectAnswersKept(returning);
  chosen.set(leftOut.id, await clickAnswer(returning, leftOut, 3));
  await screenshot(returning, 'fixed-missing-answer');
  response = await press(returning, button('next'));
  expectPage(response, returning, { pageIndex: 4 });
  response = await press(returning, button('next'));
  expectPage(response, returning, { pageIndex: 5 });
  response = await press(returning, button('review'));
  expectPage(response, returning, { review: true });
  assert.equal(await returning.$('.notice-warning'), null, 'no required question is missing now');
  assert.equal(await textOf(returning, `#item-${leftOut.id} dd.review-answer`), chosen.get(leftOut.id).label);
  await screenshot(returning, 'review-complete');

  // Step: submit; the thank-you page shows a receipt code.
  response = await press(returning, button('submit'));
  assert.equal(response.status(), 200);
  assert.equal(await textOf(returning, 'h1'), 'Thank you');
  const receipt = await textOf(returning, '.receipt-code');
  assert.match(receipt, RECEIPT_PATTERN);
  console.log(`receipt code: ${receipt}`);
  await screenshot(returning, 'thank-you');

  // Step: the used link cannot be opened again.
  await returning.setViewport(PHONE);
  response = await returning.goto(link, { waitUntil: 'load' });
  assert.equal(response.status(), 410);
  assert.match(await textOf(returning, 'h1'), /already been used/);
  await expectNoHorizontalScroll(returning);
  await screenshot(returning, 'link-used-410');
  await returning.close();
  assert.deepEqual(apiRequests, [], 'with JavaScript off no script called the JSON API');
});

async function expectNoHorizontalScroll(page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  assert.ok(scrollWidth <= clientWidth, `no horizontal scrolling at ${page.viewport().width}px: ` +
            `content ${scrollWidth}px wide in ${clientWidth}px`);
}

// ---- 2. axe-core on every kind of survey page, with JavaScript on ----

test('axe-core finds no accessibility violations on the survey pages', async () => {
  const page = await browser.newPage();
  // The pages' Content-Security-Policy (script-src 'self') would block the injected axe script.
  await page.setBypassCSP(true);
  await page.setViewport(DESKTOP);
  const link = links[1];
  const found = [];

  async function check(name, expectedStatus, response) {
    assert.equal(response.status(), expectedStatus, `${name}: HTTP status`);
    await page.addScriptTag({ path: AXE_PATH });
    const results = await page.evaluate(() =>
      window.axe.run(document, { resultTypes: ['violations'] }));
    console.log(`axe ${name} (${page.url()}): ${results.violations.length} violation(s), ` +
                `axe-core ${results.testEngine.version}`);
    for (const violation of results.violations) {
      found.push({ page: name, url: page.url(), ...violation });
    }
  }

  let response = await page.goto(link, { waitUntil: 'load' });
  await check('first page', 200, response);

  response = await page.goto(`${link}?page=2`, { waitUntil: 'load' });
  await check('middle page', 200, response);

  response = await press(page, button('save'));
  await check('saved page', 200, response);

  response = await page.goto(`${link}?review=1`, { waitUntil: 'load' });
  await check('review page', 200, response);

  response = await press(page, button('submit'));
  await check('review page with error summary', 400, response);

  // Answer every required question (the first option of each) and submit. First, a control for
  // the JavaScript-off test: here, with JavaScript on, a change is autosaved through the API.
  response = await page.goto(link, { waitUntil: 'load' });
  const autosave = page.waitForRequest(
    (request) => new URL(request.url()).pathname.startsWith('/api/'), { timeout: 10000 });
  await page.click('fieldset.question label');
  await autosave;
  for (;;) {
    const questions = await questionsOnPage(page);
    for (const question of questions) {
      if (question.required && question.options.length > 0) {
        await page.click(`label[for="${question.options[0].inputId}"]`);
      }
    }
    const next = await page.$(button('next'));
    if (!next) break;
    response = await press(page, button('next'));
    assert.equal(response.status(), 200);
  }
  response = await press(page, button('review'));
  await check('review page, complete', 200, response);

  response = await press(page, button('submit'));
  await check('thank-you page', 200, response);
  assert.match(await textOf(page, '.receipt-code'), RECEIPT_PATTERN);

  response = await page.goto(link, { waitUntil: 'load' });
  await check('used link (410)', 410, response);
  await page.close();

  for (const violation of found) {
    console.log(`\nVIOLATION on ${violation.page} (${violation.url})`);
    console.log(`  ${violation.id} [${violation.impact}]: ${violation.help}`);
    console.log(`  ${violation.helpUrl}`);
    for (const node of violation.nodes) {
      console.log(`  - target: ${JSON.stringify(node.target)}`);
      console.log(`    html:   ${node.html}`);
      console.log(`    ${node.failureSummary.replace(/\n/g, '\n    ')}`);
    }
  }
  assert.equal(found.length, 0,
               `axe-core violations: ${found.map((v) => `${v.page}: ${v.id}`).join(', ')}`);
});
