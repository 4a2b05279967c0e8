// Starts `reach serve` on the baseline, opens its page in headless Chromium, adds the
// Antazavė centre through the page's API and checks the figures against a `reach run` of
// scenarios/antazave.yaml; then adds a centre by clicking the map where that site lies (the
// click lands within a pixel of it, so the figures rise, if not to the exact same values).
// usage: node serve_test.mjs <reach-exe> <repo-root> <workdir> <artefact-dir>
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import YAML from 'yaml';
import {
  Checks, Fatal, isInline, openGuardedPage, reachRun, screenshot, timeScale, totalsEntries,
  usage, withTimeout,
} from './common.mjs';

const checks = new Checks('browser.serve');
const { reachExe, repoRoot, workdir, artefactDir } = usage('serve_test.mjs', process.argv.slice(2));
const notes = [];
const READY_TIMEOUT_MS = 120000 * timeScale;
const READY_LINE = /^serving (http:\/\/127\.0\.0\.1:(\d+)\/)\s*$/;

// The first centre that antazave.yaml adds: {id, lon, lat}.
function antazaveCentre(file) {
  const doc = YAML.parse(fs.readFileSync(file, 'utf8'));
  const add = doc?.centres?.add?.[0];
  if (!add || typeof add.lon !== 'number' || typeof add.lat !== 'number') {
    throw new Fatal(`${file}: centres.add[0] has no numeric lon/lat`);
  }
  return { id: add.id, lon: add.lon, lat: add.lat };
}

// Starts `reach serve` and resolves to {child, url} once it printed its ready line.
function startServer(scenario) {
  const args = ['serve', scenario, '--port', '0', '--quiet'];
  const child = spawn(reachExe, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr = [];
  child.stderr.on('data', (d) => stderr.push(d));
  const ready = new Promise((resolve, reject) => {
    const others = [];
    const timer = setTimeout(() => reject(new Fatal(
      `reach ${args.join(' ')} printed no "serving http://127.0.0.1:<port>/" line in `
      + `${READY_TIMEOUT_MS / 1000} s; stdout: ${JSON.stringify(others)}; `
      + `stderr: ${Buffer.concat(stderr).toString().trim()}`)), READY_TIMEOUT_MS);
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const m = READY_LINE.exec(line);
      if (m) {
        clearTimeout(timer);
        if (others.length > 0) {
          console.log(`reach serve printed before its ready line: ${others.join(' | ')}`);
        }
        resolve(m[1]);
      } else {
        others.push(line);
      }
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Fatal(`cannot start reach serve: ${e.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Fatal(`reach ${args.join(' ')} exited (${code ?? signal}) before it was ready; `
        + `stdout: ${JSON.stringify(others)}; stderr: ${Buffer.concat(stderr).toString().trim()}`));
    });
  });
  return { child, ready };
}

// SIGTERM, then SIGKILL if it has not exited after 10 s.
async function stopServer(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal));
  });
  child.kill('SIGTERM');
  let timer;
  const result = await Promise.race([exited,
    new Promise((resolve) => { timer = setTimeout(() => resolve(null), 10000); })]);
  clearTimeout(timer);
  if (result === null) {
    child.kill('SIGKILL');
    console.log('reach serve ignored SIGTERM for 10 s: killed');
  } else {
    console.log(`reach serve stopped (${result})`);
  }
}

function checkCovered(result, summary) {
  const expected = totalsEntries(summary, 'covered');
  checks.ok(expected.length > 0, 'antazave summary.json has no totals[P][G].covered[T]');
  let compared = 0;
  for (const [p, g, t, value] of expected) {
    const got = result?.covered?.[p]?.[g]?.[t];
    const what = `addCentre(antazave).covered.${p}.${g}["${t}"]`;
    if (!checks.ok(typeof got === 'number', `${what} missing (got ${JSON.stringify(got)})`)) continue;
    checks.ok(Math.abs(got - value) <= 0.01 + 1e-6,
      `${what} = ${got}, reach run antazave.yaml gives ${value}`);
    compared += 1;
  }
  return compared;
}

async function main(server) {
  const antazaveRun = path.join(workdir, 'antazave');
  await reachRun(checks, reachExe, path.join(repoRoot, 'scenarios', 'antazave.yaml'), antazaveRun,
    ['summary.json']);
  const summary = JSON.parse(fs.readFileSync(path.join(antazaveRun, 'summary.json'), 'utf8'));
  const centre = antazaveCentre(path.join(repoRoot, 'scenarios', 'antazave.yaml'));

  const t0 = Date.now();
  server.current = startServer(path.join(repoRoot, 'scenarios', 'baseline.yaml'));
  const url = await server.current.ready;
  console.log(`reach serve ready at ${url} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const origin = new URL(url).origin;

  const { browser, page, guard } = await openGuardedPage(
    (u) => isInline(u) || (u.startsWith('http:') && new URL(u).origin === origin));
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 60000 });
    await page.waitForFunction(() => window.reach?.ready === true, { timeout: 60000 })
      .catch(() => { throw new Fatal('window.reach.ready did not become true within 60 s'); });

    // The API: the baseline plus the Antazavė centre must give antazave.yaml's figures.
    const w0 = Date.now();
    const result = await withTimeout(
      page.evaluate((lon, lat) => window.reach.addCentre(lon, lat), centre.lon, centre.lat),
      120000 * timeScale, 'window.reach.addCentre');
    const wallMs = Date.now() - w0;
    checks.ok(typeof result?.elapsed_ms === 'number',
      `addCentre result has no numeric elapsed_ms (${JSON.stringify(result?.elapsed_ms)})`);
    const compared = checkCovered(result, summary);
    console.log(`addCentre(${centre.lon}, ${centre.lat}) [${centre.id}]: `
      + `elapsed_ms ${result?.elapsed_ms}, `
      + `wall ${wallMs} ms, ${compared} figures compared with reach run`);
    notes.push(`addCentre: ${compared} figures compared with antazave.yaml, `
      + `elapsed_ms ${result?.elapsed_ms}, wall ${wallMs} ms`);

    // The map: a click on it adds a centre there.
    await withTimeout(page.evaluate(() => window.reach.reset()), 60000, 'window.reach.reset');
    await page.evaluate(() => { window.reachTestPrevious = window.reach.lastResult ?? null; });
    const map = await page.$('#map');
    if (!map) throw new Fatal('no #map element');
    await map.evaluate((e) => e.scrollIntoView({ block: 'center' }));
    const box = await map.boundingBox();
    if (!box || box.width < 1 || box.height < 1) {
      throw new Fatal(`#map has no size (${JSON.stringify(box)})`);
    }
    // Click where the Antazavė site lies on screen (window.reach.map is the Leaflet map), so
    // that the click must add coverage, as addCentre at that point did.
    const target = await page.evaluate((lon, lat) => {
      const p = window.reach.map.latLngToContainerPoint([lat, lon]);
      return { x: p.x, y: p.y };
    }, centre.lon, centre.lat);
    const inside = target.x > 0 && target.y > 0 && target.x < box.width && target.y < box.height;
    checks.ok(inside, `the Antazavė site is off the map view (${JSON.stringify(target)})`);
    const c0 = Date.now();
    await page.mouse.click(box.x + (inside ? target.x : box.width / 2),
      box.y + (inside ? target.y : box.height / 2));
    const clicked = await page.waitForFunction(
      () => (window.reach.lastResult && window.reach.lastResult !== window.reachTestPrevious
        ? window.reach.lastResult : null), { timeout: 10000 })
      .then((handle) => handle.jsonValue())
      .catch(() => {
        throw new Fatal('no new window.reach.lastResult within 10 s of a click on #map');
      });
    const clickMs = Date.now() - c0;
    const baseline = await page.evaluate(() => window.reach.baseline?.covered ?? null);
    const before = baseline?.car?.total?.['30'];
    const after = clicked?.covered?.car?.total?.['30'];
    const haveBefore = checks.ok(typeof before === 'number',
      `window.reach.baseline.covered.car.total["30"] is ${before}`);
    const haveAfter = checks.ok(typeof after === 'number',
      `lastResult.covered.car.total["30"] after the click is ${after}`);
    if (haveBefore && haveAfter) {
      checks.ok(after > before + 0.5, 'a centre added by clicking the map at the Antazavė site '
        + `did not raise car/total/30: ${after} vs baseline ${before}`);
    }
    console.log(`map click: car/total/30 ${before} -> ${after} in ${clickMs} ms`);
    notes.push(`map click: car/total/30 ${before} -> ${after}`);

    await screenshot(page, path.join(artefactDir, 'serve.png'));
    guard.report(checks);
  } finally {
    await browser.close();
  }
}

const server = { current: null };
// Whatever happens, never leave the server running.
process.on('exit', () => {
  const child = server.current?.child;
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => process.exit(128 + (signal === 'SIGINT' ? 2 : 15)));
}

let code;
try {
  await main(server);
} catch (e) {
  checks.fail(e instanceof Fatal ? e.message : (e?.stack ?? String(e)));
} finally {
  if (server.current) {
    server.current.ready.catch(() => {});
    await stopServer(server.current.child);
  }
  code = checks.finish(notes.join('; '));
}
process.exit(code);
