/**
 * The web console in a real browser: `edi start` on the samples (fresh storage in a temp
 * folder, the console served as `npm start` serves it), Debian's chromium driven headless by
 * playwright-core. Without a chromium this suite is skipped with a message, unless
 * EDI_BROWSER_REQUIRED=1 (CI, `.ci/run`), where a missing browser fails it.
 *
 * Screenshots of each step go to test/browser/.artifacts/ (git-ignored, kept by CI);
 * EDI_UPDATE_SCREENSHOT=1 also writes test/browser/screenshots/console.png, the README's picture.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { orderPk } from '#functions/adapters/dynamo-table.ts';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStart } from '#functions/cli/start.ts';
import type { ConsoleServer } from '#infra/local/console-server.ts';
import { REPO_ROOT, type LocalStack } from '#infra/local/stack.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const REQUIRED = process.env.EDI_BROWSER_REQUIRED === '1';
const FOUND = existsSync(CHROMIUM);
if (!FOUND && REQUIRED) throw new Error(`EDI_BROWSER_REQUIRED=1 but no chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
if (!FOUND) console.warn(`[browser test] skipped: no chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH; EDI_BROWSER_REQUIRED=1 makes this a failure)`);

const ARTIFACTS = join(REPO_ROOT, 'test/browser/.artifacts');
// The samples' decimal-shift order (samples/README.md): held, line 1 of KPC-3400 suggested at 120.
const HELD = { partner: 'ACME', po: '4500098802', line: '1' };
// An item with forecast, open orders (ACME's clean PO 4500098801, line 2) and supply.
const ITEM = 'KPC-2210';
// Another held order, for the auditor (price off contract).
const OTHER_HELD = { partner: 'BOLT', po: 'P221873', line: '1' };

describe.skipIf(!FOUND)('web console in chromium', () => {
  const stopping = new AbortController();
  let started: Promise<number> | undefined;
  let stack: LocalStack;
  let consoleServer: ConsoleServer;
  let dataDir: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let shot = 0;

  const screenshot = async (name: string, target?: Locator): Promise<string> => {
    const file = join(ARTIFACTS, `${String(++shot).padStart(2, '0')}-${name}.png`);
    if (target) await target.screenshot({ path: file });
    else await page.screenshot({ path: file, fullPage: true });
    return file;
  };

  // The nav link re-renders the search page when its hash changes (hashchange is async): wait for
  // the page rendered for #/search, or what is typed goes into the form about to be replaced.
  const goToSearch = async (): Promise<void> => {
    await page.getByRole('link', { name: 'Search orders' }).click();
    await page.locator('#main[data-route="#/search"]').waitFor({ state: 'attached' });
  };

  const openOrder = async (o: { partner: string; po: string }): Promise<void> => {
    await goToSearch();
    await page.getByLabel('Partner').fill(o.partner);
    await page.getByLabel('PO number').fill(o.po);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('heading', { level: 1, name: `Order ${o.po} of ${o.partner}` }).waitFor();
  };

  const signInAs = async (role: 'planner' | 'auditor'): Promise<void> => {
    await page.goto(consoleServer.url);
    // Signed in already (the cookie) or not: wait until the page knows, then sign out if need be.
    await page.getByRole('button', { name: /^(Sign out|Sign in as planner)$/ }).first().waitFor();
    const signOut = page.getByRole('button', { name: 'Sign out' });
    if (await signOut.isVisible()) await signOut.click();
    await page.getByRole('button', { name: `Sign in as ${role}` }).click();
    await page.getByText(`(${role})`).waitFor();
  };

  beforeAll(async () => {
    process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    await mkdir(ARTIFACTS, { recursive: true });
    dataDir = await mkdtemp(join(tmpdir(), 'edi-console-'));
    let err = '';
    const ready = new Promise<void>((resolve, reject) => {
      started = runStart(['--fresh', '--data', dataDir], { stdout: { write: () => true }, stderr: { write: (t: string) => (err += t) } }, {
        signal: stopping.signal,
        onReady: (r) => {
          stack = r.stack;
          consoleServer = r.console;
          resolve();
        },
      });
      started.then(() => reject(new Error(`edi start ended before it was ready: ${err}`)), reject);
    });
    await ready;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    // Fail a step within the test's own timeout, with the locator that was not found.
    page.setDefaultTimeout(10_000);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    stopping.abort();
    await started?.catch(() => undefined);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('signs in, finds a sample PO and shows its timeline with the verify verdict', async () => {
    await signInAs('planner');
    // By keyboard alone: the new page's heading has focus, Tab reaches the labelled fields, Enter searches.
    expect(await page.locator(':focus').innerText()).toBe('Search orders');
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').getAttribute('id')).toBe('partner');
    await page.keyboard.type(HELD.partner);
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').getAttribute('id')).toBe('po');
    await page.keyboard.type(HELD.po);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: `Order ${HELD.po} of ${HELD.partner}` }).waitFor();
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await expect.poll(() => timeline.getByRole('listitem').count()).toBeGreaterThan(2);
    expect(await timeline.innerText()).toMatch(/interchange ISA13 \d{9} .* received/);
    expect(await page.getByTestId('verdict').innerText()).toMatch(/^Verified: /);
    const anomalies = page.getByRole('table', { name: 'Anomalies found' });
    expect(await anomalies.getByRole('row', { name: /decimal-shift/ }).innerText()).toMatch(/partner:ACME.*\bhold\b.*quantity 120/s);
    await screenshot('order-timeline');
  });

  it('lists orders by status, and by partner and order-date range', async () => {
    await goToSearch();
    await page.getByLabel('Status').selectOption('held');
    await page.getByRole('button', { name: 'Search' }).click();
    const results = page.getByRole('table', { name: 'Orders found' });
    await results.waitFor();
    expect(await results.getByRole('row', { name: new RegExp(`${HELD.partner} PO ${HELD.po}`) }).innerText()).toMatch(/held/);
    for (const status of await results.locator('tbody tr td:nth-child(2)').allInnerTexts()) expect(status).toBe('held');

    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Partner').fill(HELD.partner);
    await page.getByLabel('Order date from').fill('2026-11-23');
    await page.getByLabel('Order date to').fill('2026-11-23');
    await page.getByRole('button', { name: 'Search' }).click();
    // The held list above has the same link: wait for this search's page, then for its results.
    await page.waitForURL(/#\/search\?.*partner=ACME/);
    await page.getByRole('heading', { level: 2, name: /^Export ACME's orders/ }).waitFor();
    await page.getByRole('link', { name: `${HELD.partner} PO ${HELD.po}` }).waitFor();
    const dates = await page.getByRole('table', { name: 'Orders found' }).locator('tbody tr td:nth-child(3)').allInnerTexts();
    expect(dates.length).toBeGreaterThan(1);
    for (const d of dates) expect(d).toBe('2026-11-23');
    await screenshot('search-results');
    // The same orders as a CSV file for audit sampling (`edi export` over the API).
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe(`${HELD.partner}-2026-11-23-2026-11-23.csv`);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^partner,po,order_date,/);
    expect(csv).toContain(`${HELD.partner},${HELD.po},2026-11-23,`);
    await page.getByRole('link', { name: `${HELD.partner} PO ${HELD.po}` }).click();
    await page.getByRole('heading', { level: 1, name: `Order ${HELD.po} of ${HELD.partner}` }).waitFor();
  });

  it("shows the order's raw 850 with segment and element names beside the JSON", async () => {
    await signInAs('planner');
    await openOrder(HELD);
    const received = page.locator('details.document', { hasText: 'Received:' }).first();
    await received.locator('summary').click();
    const raw = received.getByRole('region', { name: 'Raw X12 with names' });
    await raw.getByText('Beginning Segment for Purchase Order').waitFor();
    const beg03 = raw.getByRole('row', { name: /BEG03/ });
    expect(await beg03.innerText()).toMatch(new RegExp(`Purchase Order Number\\s+${HELD.po}`));
    expect(await received.getByRole('region', { name: 'Translated JSON' }).innerText()).toContain(HELD.po);
    await screenshot('raw-850', received);
  });

  it('shows an email of the order as sent, with its body', async () => {
    await signInAs('auditor');
    await openOrder(HELD);
    const emails = page.getByRole('region', { name: 'Emails as sent' });
    const body = emails.locator('pre.email-body').first();
    await body.waitFor().catch(async (error: unknown) => {
      await screenshot('emails-missing');
      throw new Error(`no email body shown; the section says: ${await emails.innerText()}`, { cause: error });
    });
    expect((await body.innerText()).length).toBeGreaterThan(40);
    expect(await body.innerText()).toContain(HELD.po);
    await screenshot('emails', emails.locator('article').first());
  });

  it("draws the item's weekly chart: demand, supply, PAB, ATP and the safety-stock band", async () => {
    await signInAs('auditor');
    await page.getByRole('link', { name: 'Item chart' }).click();
    await page.getByLabel('Item number').fill(ITEM);
    await page.getByRole('button', { name: 'Show chart' }).click();
    const chart = page.getByRole('img', { name: new RegExp(`Weekly projection of item ${ITEM}`) });
    await chart.waitFor();
    expect(await chart.locator('rect.forecast').count()).toBeGreaterThan(0);
    expect(await chart.locator('rect.booked').count()).toBeGreaterThan(0);
    expect(await chart.locator('rect.supply').count()).toBeGreaterThan(0);
    expect(await chart.locator('path.pab').getAttribute('d')).toMatch(/^M /);
    expect(await chart.locator('path.safety').count()).toBe(1);
    expect(await page.getByRole('table', { name: /Numbers of the projection/ }).getByRole('row').count()).toBeGreaterThan(2);
    await screenshot('item-chart');
  });

  it('lets a planner decide a held line, and the 855 appears on the timeline', async () => {
    await signInAs('planner');
    await openOrder(HELD);
    const timeline = page.getByRole('region', { name: 'Timeline' });
    expect(await timeline.innerText()).not.toMatch(/855 sent/);
    const form = page.getByRole('form', { name: `Decide a line of ${HELD.partner} PO ${HELD.po}` });
    await form.getByLabel('Line').fill(HELD.line);
    await form.getByLabel('Decision').selectOption('quantity');
    await form.getByLabel('Value (quantity, YYYY-MM-DD or price)').fill('120');
    await form.getByLabel('Reason').fill('decimal shift: the forecast says 120');
    await form.getByRole('button', { name: 'Decide' }).click();
    await page.getByRole('status').filter({ hasText: `Decided line ${HELD.line} of ${HELD.partner} PO ${HELD.po}: quantity=120` }).waitFor();
    // The 855 is written by the deliver stage, after the decision's outbound message is polled.
    await stack.drain({ timeoutMs: 30_000 });
    await openOrder({ partner: 'BOLT', po: 'P221870' });
    await openOrder(HELD);
    await expect.poll(async () => page.getByRole('region', { name: 'Timeline' }).innerText(), { timeout: 10_000 }).toMatch(/855 sent/);
    const decisions = await page.getByRole('region', { name: 'Anomalies and decisions' }).innerText();
    expect(decisions).toMatch(/Local Planner|planner/);
    await screenshot('decided-855');
    if (process.env.EDI_UPDATE_SCREENSHOT === '1') {
      // The README's picture: the order from its heading down to who decided what, the 855 included.
      const box = await page.getByRole('region', { name: 'Anomalies and decisions' }).boundingBox();
      await page.screenshot({ path: join(REPO_ROOT, 'test/browser/screenshots/console.png'), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: Math.ceil((box?.y ?? 900) + (box?.height ?? 0) + 16) } });
    }
  });

  it("gives a planner decide and confirm on the work list's held lines and P1 cases", async () => {
    await page.getByRole('link', { name: 'Work list' }).click();
    await page.getByRole('heading', { level: 1, name: 'Work list' }).waitFor();
    const list = page.locator('.worklist');
    await list.waitFor();
    expect(await list.locator('li.work', { hasText: /^held/ }).count()).toBeGreaterThan(0);
    expect(await list.locator('summary', { hasText: /^Decide line / }).count()).toBe(await list.locator('li.work', { hasText: /^held/ }).count());
    expect(await list.locator('summary', { hasText: /^Confirm a date for line / }).count()).toBe(await list.locator('li.work', { hasText: /^p1/ }).count());
    await screenshot('worklist-planner');
  });

  it('shows an auditor no decide button, and the API refuses an auditor decision (403)', async () => {
    await signInAs('auditor');
    await openOrder(OTHER_HELD);
    await page.getByRole('region', { name: 'Timeline' }).waitFor();
    expect(await page.getByRole('button', { name: /Decide|Confirm/ }).count()).toBe(0);
    await page.getByRole('link', { name: 'Work list' }).click();
    await page.getByRole('heading', { level: 1, name: 'Work list' }).waitFor();
    await page.locator('.worklist').waitFor();
    // The same work items as the planner's, without a single action.
    expect(await page.locator('li.work', { hasText: /^held/ }).count()).toBeGreaterThan(0);
    expect(await page.locator('form.decide, form.confirm, summary').count()).toBe(0);
    await screenshot('auditor');
    const sentBefore = await stack.clients.s3.send(new ListObjectsV2Command({ Bucket: stack.resources.buckets.outbound, Prefix: `${OTHER_HELD.partner}/855/` }));
    const status = await page.evaluate(async (o) => {
      const r = await fetch(`/api/orders/${o.partner}/${o.po}/lines/${o.line}/decision`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ decision: 'approve', by: 'auditor', reason: 'not allowed' }) });
      return r.status;
    }, OTHER_HELD);
    expect(status).toBe(403);
    // Nothing changed: no 855 written, the order still held.
    await stack.drain({ timeoutMs: 30_000 });
    const sentAfter = await stack.clients.s3.send(new ListObjectsV2Command({ Bucket: stack.resources.buckets.outbound, Prefix: `${OTHER_HELD.partner}/855/` }));
    expect(sentAfter.KeyCount ?? 0).toBe(sentBefore.KeyCount ?? 0);
    await openOrder(OTHER_HELD);
    expect(await page.locator('.pairs').first().innerText()).toMatch(/Status\s+held/);
  });

  it('shows an auditor a tampered order as NOT verified, naming the first broken link', async () => {
    // An edit made directly in the store, as README "Verification" describes: the last event deleted.
    const clean = { partner: 'BOLT', po: 'P221870' };
    const table = stack.resources.tableName;
    const items = await stack.clients.dynamodb.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: orderPk(clean.partner, clean.po) } } }));
    const last = (items.Items ?? []).filter((i) => i.sk?.S?.startsWith('EVENT#')).at(-1);
    expect(last).toBeDefined();
    await openOrder(clean);
    expect(await page.getByTestId('verdict').innerText()).toMatch(/^Verified: /);
    await stack.clients.dynamodb.send(new DeleteItemCommand({ TableName: table, Key: { pk: last!.pk!, sk: last!.sk! } }));
    try {
      await openOrder({ partner: 'ACME', po: HELD.po });
      await openOrder(clean);
      expect(await page.getByTestId('verdict').innerText()).toMatch(/^NOT verified: first broken link: event #\d+: /);
      await screenshot('tampered');
    } finally {
      await stack.clients.dynamodb.send(new PutItemCommand({ TableName: table, Item: last! }));
    }
  });
});
