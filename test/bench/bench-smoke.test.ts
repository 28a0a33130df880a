import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';

/**
 * The benchmark at its smallest (`--smoke`: 10,000-seat venues, a few hundred requests): it
 * runs every phase and reports every field, with the same invariants as the real runs. The
 * figures themselves are measured by `npm run bench [-- --quick]`, not here.
 */
describe('npm run bench -- --smoke', () => {
  it('runs the whole benchmark and reports every field, with nothing oversold', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const out = join(dir, 'smoke.json');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'bench/flash-sale.ts', '--smoke', '--out', out],
      {
        timeout: 280_000,
        maxBuffer: 10 * 1024 * 1024,
      },
    );
    expect(stdout).toContain('Flash-sale benchmark (--smoke)');
    const r = JSON.parse(readFileSync(out, 'utf8'));
    for (const field of [
      'baselineEvalshaOpsPerSec',
      'luaHoldOpsPerSec',
      'luaHoldRatio',
      'luaHoldCeilingRatio',
      'redisCpuUsPerHold',
      'clusterLuaHoldRatio',
      'holdHandlerCpuUs',
      'holdBundleBytes',
      'holdColdStartMs',
      'queueStatusImportMs',
      'httpHoldReqPerSec',
      'httpHoldP50Ms',
      'httpHoldP99Ms',
      'httpOrderReqPerSec',
      'httpOrderP99Ms',
      'orderWriterDrainPerSec',
      'autoPickP99Ratio',
      'bestAvailableP99Ratio',
      'sellOutSeconds',
      'queueWaitP99Seconds',
      'seatMapGzipBytes',
      'queueJoinPerSec',
      'queueStatusPerSec',
      'queueStatusScriptPerSec',
      'notifyPerSec',
      'notifyPreOutboxPerSec',
      'notifyOutboxRatio',
      'notifyRepeatPerSec',
      'detailReqPerSec',
      'cancelRefundsPerSec',
      'seatMapFirstDrawMs',
      'seatMapPanFrameP95Ms',
    ]) {
      expect(r[field], field).toBeGreaterThan(0);
    }
    expect(r.httpHoldNon201).toBe(0);
    expect(r.holdHandlerNon201).toBe(0);
    expect(r.holdColdStart.statuses).toEqual([201, 201, 201, 201, 201]);
    expect(r.clusterLuaHoldViolations).toBe(0);
    // The capacity replay sold its 2,000 seats, every hold ordered.
    expect(r.capacity).toMatchObject({ buyers: 20_000, seats: 2_000 });
    expect(r.capacity.holds).toBe(r.capacity.totals.orders);
    expect(r.httpOrderNon202).toBe(0);
    // Every verified notify answered `success` and paid its order, repeats included.
    expect(r).toMatchObject({ notifyCount: 40, notifyErrors: 0, notifyOrdersNotPaid: 0 });
    // Half of them paid through the outbox, half as before it: every one ticketed.
    expect(r.notifyUnticketedAfterDrain).toBe(0);
    // Redis frozen: every hold a 503, more of them than timeouts alone would allow (the
    // breaker refuses without a network call); back empty: the session rebuilt.
    expect(r.redisDown503).toBe(r.redisDownHolds);
    // Without a breaker each refusal costs a 500 ms command timeout: at most 32 × 2 s / 0.5 s.
    expect(r.redisDownHolds).toBeGreaterThan((32 * 2) / 0.5);
    expect(r.recoveredStatus).toBe(201);
    expect(r.redisDownP99Ms).toBeGreaterThan(0);
    expect(r.redisDownP99Ms).toBeLessThan(r.redisDownMaxMs);
    expect(r.recoverySeconds).toBeGreaterThan(0);
    expect(r.flashSale).toMatchObject({
      seats: 10_000,
      attempts: 15_000,
      oversold: 0,
      invariantViolations: 0,
    });
    // The sale sells the whole venue: every seat went to exactly one hold, with and without the limiter.
    expect(r.flashSale.sold).toBe(10_000);
    expect(r.flashSaleNoLimiter).toMatchObject({ sold: 10_000, oversold: 0 });
    expect(typeof r.limiterCostPct).toBe('number');
    expect(typeof r.limiterTotalCostPct).toBe('number');
    expect(r.limiterCpuSeconds.sessionShardSeconds.without).toHaveLength(2);
    // Admission follows the configured pace to the admission (a simulation: exact, not timing).
    expect(r.admission.pacedPerMinute).toHaveLength(3);
    expect(r.admission.minutesScored).toBe(3);
    expect(r.admissionErrorPct).toBeLessThan(1);
    expect(r.seatMapGzipBytes).toBeLessThan(150 * 1024);
    // Hot program detail: every call answered 200; the mass cancel refunded every paid order.
    expect(r.detailNon200).toBe(0);
    expect(r).toMatchObject({ cancelPaidOrders: 100, cancelRefunded: 100, cancelRefundsPending: 0 });
    // The web app drew the 10,000-seat arena and the theatre, and panned both zooms.
    expect(r.seatMapBrowser.stadium).toMatchObject({ seats: 10_000 });
    expect(r.seatMapBrowser.stadium.frames).toBeGreaterThan(20);
    expect(r.seatMapFirstDrawRatio).toBeGreaterThan(0);
    // A hold's record: a few hundred bytes live and ended; an ended one kept ten minutes, not a day.
    expect(r.redisBytesPerHold.live).toBeGreaterThan(0);
    expect(r.redisBytesPerHold.ended).toBeLessThan(1024);
    expect(r.redisBytesPerHold.endedKeptSeconds).toBeLessThanOrEqual(600);
    // Redis's CPU per hold was measured, and a hold costs it more than the no-op does.
    expect(r.redisCpuUsPerHold).toBeGreaterThan(r.baselineRedisCpuUs);
    expect(r.baselineRedisCpuUs).toBeGreaterThan(0);
  }, 300_000);
});
