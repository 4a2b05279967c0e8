// Opens the report.html of a `reach run` of the baseline in headless Chromium and checks it
// against the run's own outputs (summary.json, reach.gpkg, catchments.geojson).
// usage: node report_test.mjs <reach-exe> <repo-root> <workdir> <artefact-dir>
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  Checks, Fatal, isInline, openGuardedPage, reachRun, screenshot, totalsEntries, usage,
} from './common.mjs';

const checks = new Checks('browser.report');
const { reachExe, repoRoot, workdir, artefactDir } = usage('report_test.mjs', process.argv.slice(2));
const runDir = path.join(workdir, 'run');
const notes = [];

function countCentres(gpkg) {
  const ogr2ogr = process.env.REACH_OGR2OGR || 'ogr2ogr';
  const json = execFileSync(ogr2ogr, ['-f', 'GeoJSON', '/vsistdout/', gpkg, 'centres'],
    { maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(json).features.length;
}

// "car|30" keys of the catchment bands, as a multiset.
function countKeys(keys) {
  const m = new Map();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

function sameMultiset(a, b) {
  if (a.size !== b.size) return false;
  for (const [k, n] of a) if (b.get(k) !== n) return false;
  return true;
}

async function checkFigures(page, summary) {
  const figures = await page.$$eval('[data-figure]', (els) => els.map((e) => ({
    figure: e.dataset.figure,
    profile: e.dataset.profile,
    group: e.dataset.group,
    threshold: e.dataset.threshold,
    value: e.dataset.value,
    text: e.textContent.trim(),
  })));
  const find = (figure, p, g, t) => figures.filter((f) => f.figure === figure
    && f.profile === p && f.group === g && f.threshold === String(t));

  const covered = totalsEntries(summary, 'covered');
  checks.ok(covered.length > 0, 'summary.json has no totals[P][G].covered[T]');
  for (const [p, g, t, value] of covered) {
    const what = `[data-figure="covered"] ${p}/${g}/${t}`;
    const els = find('covered', p, g, t);
    if (!checks.ok(els.length === 1, `${what}: ${els.length} elements, expected exactly 1`)) continue;
    const [el] = els;
    const shown = Number(el.value);
    checks.ok(el.value !== undefined && Math.abs(shown - value) <= 0.005 + 1e-6,
      `${what}: data-value ${el.value}, summary.json ${value}`);
    // summary.json keeps two decimals: its 1234.50 may be 1234.496 in the report, shown as
    // 1,234, so the rounding of data-value is right too.
    const expected = Math.round(value).toLocaleString('en-US');
    const alsoRight = Math.round(shown).toLocaleString('en-US');
    checks.ok(el.text === expected || el.text === alsoRight,
      `${what}: text "${el.text}", expected "${expected}"`);
  }

  const shares = totalsEntries(summary, 'share_covered');
  for (const [p, g, t, value] of shares) {
    const what = `[data-figure="share"] ${p}/${g}/${t}`;
    const els = find('share', p, g, t);
    if (!checks.ok(els.length === 1, `${what}: ${els.length} elements, expected exactly 1`)) continue;
    const [el] = els;
    checks.ok(el.value !== undefined && Math.abs(Number(el.value) - value) <= 1e-6 + 1e-9,
      `${what}: data-value ${el.value}, summary.json ${value}`);
    checks.ok(el.text.endsWith('%'), `${what}: text "${el.text}" does not end with "%"`);
  }
  notes.push(`${covered.length} covered + ${shares.length} share figures`);
}

async function checkMap(page) {
  if (!checks.ok(await page.$('svg#map') !== null, 'no svg#map')) return;
  const centres = countCentres(path.join(runDir, 'reach.gpkg'));
  const centrePaths = await page.$$eval('svg#map path.centre', (els) => els.length);
  checks.ok(centrePaths === centres,
    `svg#map path.centre: ${centrePaths}, reach.gpkg layer centres has ${centres} features`);

  const catchments = JSON.parse(fs.readFileSync(path.join(runDir, 'catchments.geojson'), 'utf8'));
  const features = catchments.features ?? [];
  const bands = await page.$$eval('svg#map path.band',
    (els) => els.map((e) => ({ profile: e.dataset.profile, threshold: e.dataset.threshold })));
  checks.ok(bands.length === features.length,
    `svg#map path.band: ${bands.length}, catchments.geojson has ${features.length} features`);
  // Each band's (data-profile, data-threshold) matches one feature's (profile, threshold_min).
  const want = countKeys(features.map((f) => {
    const props = f.properties ?? {};
    return `${props.profile}|${Number(props.threshold_min ?? props.threshold)}`;
  }));
  const have = countKeys(bands.map((b) => `${b.profile}|${Number(b.threshold)}`));
  checks.ok(sameMultiset(want, have),
    `path.band (data-profile|data-threshold) ${JSON.stringify([...have])} do not match `
    + `catchments.geojson (profile|threshold_min) ${JSON.stringify([...want])}`);

  const areas = await page.$$eval('svg#map path.area', (els) => els.length);
  checks.ok(areas >= 1, 'svg#map has no path.area');
  checks.ok(await page.$('#map-legend') !== null, 'no #map-legend');
  checks.ok(await page.$('#scale-bar') !== null, 'no #scale-bar');
  notes.push(`map: ${centrePaths} centres, ${bands.length} bands, ${areas} areas`);
}

// 'asc', 'desc', 'both' (all equal or fewer than two) or null (unsorted).
function order(values) {
  let asc = true;
  let desc = true;
  for (let i = 1; i < values.length; i += 1) {
    if (values[i - 1] > values[i]) asc = false;
    if (values[i - 1] < values[i]) desc = false;
  }
  if (asc && desc) return 'both';
  if (asc) return 'asc';
  return desc ? 'desc' : null;
}

async function checkTable(page) {
  const rows = await page.$$eval('table#areas tbody tr', (els) => els.length);
  if (!checks.ok(rows >= 1, `table#areas has ${rows} rows in tbody`)) return;
  const header = await page.$('table#areas th[data-sort="population"]');
  if (!checks.ok(header !== null, 'table#areas has no th[data-sort="population"]')) return;
  const column = () => page.$$eval('table#areas tbody tr td[data-col="population"]',
    (els) => els.map((e) => e.dataset.value));
  const numbers = (raw) => raw.map(Number);

  await header.click();
  const first = await column();
  checks.ok(first.length === rows,
    `table#areas: ${first.length} td[data-col="population"] cells for ${rows} rows`);
  checks.ok(first.every((v) => v !== undefined && v !== '' && Number.isFinite(Number(v))),
    `table#areas td[data-col="population"] data-value not all numbers: ${JSON.stringify(first)}`);
  const firstOrder = order(numbers(first));
  checks.ok(firstOrder !== null,
    `table#areas not sorted by population after one click: ${first.join(', ')}`);

  await header.click();
  const second = await column();
  const secondOrder = order(numbers(second));
  const reversed = firstOrder === 'both' ? secondOrder !== null
    : secondOrder === 'both' || (secondOrder !== null && secondOrder !== firstOrder);
  checks.ok(reversed,
    `table#areas: a second click did not reverse the order (${firstOrder} -> ${secondOrder}): `
    + `${second.join(', ')}`);
  notes.push(`table: ${rows} rows, sorted ${firstOrder} then ${secondOrder}`);
}

async function checkCharts(page) {
  const charts = await page.$$eval('figure.chart', (els) => els.map((fig) => {
    const svg = fig.querySelector('svg[role="img"]');
    return {
      id: fig.id,
      label: svg ? (svg.getAttribute('aria-label') ?? '').trim() : null,
      table: fig.querySelector('table') !== null,
    };
  }));
  checks.ok(charts.length >= 3, `${charts.length} figure.chart, expected at least 3`);
  for (const id of ['chart-cumulative', 'chart-nearest', 'chart-load']) {
    const chart = charts.find((c) => c.id === id);
    if (!checks.ok(chart !== undefined, `no figure.chart#${id}`)) continue;
    checks.ok(chart.label !== null, `figure#${id} has no svg[role="img"]`);
    checks.ok(chart.label === null || chart.label.length > 0,
      `figure#${id} svg[role="img"] has an empty aria-label`);
    checks.ok(chart.table, `figure#${id} has no <table> text alternative`);
  }
  notes.push(`${charts.length} charts`);
}

async function checkFooter(page) {
  const text = await page.$eval('footer#attribution', (e) => e.textContent).catch(() => null);
  if (!checks.ok(text !== null, 'no footer#attribution')) return;
  checks.ok(text.includes('OpenStreetMap'), 'footer#attribution does not mention OpenStreetMap');
  checks.ok(/stand-in/i.test(text), 'footer#attribution does not say the roads are a stand-in');
}

async function main() {
  await reachRun(checks, reachExe, path.join(repoRoot, 'scenarios', 'baseline.yaml'), runDir,
    ['report.html', 'summary.json', 'reach.gpkg', 'catchments.geojson']);
  const summary = JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8'));
  const reportUrl = pathToFileURL(path.join(runDir, 'report.html')).href;

  // The report is one self-contained file: it may load nothing but itself.
  const { browser, page, guard } = await openGuardedPage(
    (url) => url.split('#')[0] === reportUrl || isInline(url));
  try {
    await page.goto(reportUrl, { waitUntil: 'load', timeout: 60000 });
    // Let scripts that build the page on load finish.
    await page.waitForSelector('footer#attribution', { timeout: 10000 }).catch(() => {});
    await checkFigures(page, summary);
    await checkMap(page);
    await checkTable(page);
    await checkCharts(page);
    await checkFooter(page);
    await screenshot(page, path.join(artefactDir, 'report.png'));
    guard.report(checks);
  } finally {
    await browser.close();
  }
}

let code;
try {
  await main();
} catch (e) {
  checks.fail(e instanceof Fatal ? e.message : (e?.stack ?? String(e)));
} finally {
  code = checks.finish(notes.join('; '));
}
process.exit(code);
