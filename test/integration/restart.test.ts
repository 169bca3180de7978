// Nothing is lost on a power cut: cases at every kind of human wait and payout orders in flight, the platform's whole
// process group killed with SIGKILL, started again on the same data, and every case and payment taken to its end.
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../infra/local/loopback.ts';
import { shanghaiDate } from '../../shared/dates.ts';
import { PAYER_TIMEOUT_SECONDS } from '../../shared/payments/payments.ts';
import { chainSteps } from '../support/chain-steps.ts';
import { enterpriseProfile, eventually, type PlatformClient, platformClient } from '../support/platform.ts';
import { type PlatformProcess, spawnPlatform } from '../support/platform-process.ts';
import { validUscc } from '../support/uscc.ts';

const DAY_MS = 86_400_000;
const TOURISM = '360728-wgxlj'; // owns the instant item 020 and the reviewed item 042 (five days of 公示)
const INSTANT = '360728-020';
const REVIEWED = '360728-042';
const AUTO_POLICY = '360728-002'; // 县工信局's electricity subsidy, paid from whitelists
const INDUSTRY = '360728-gxj';
const BATCH_SIZE = 40;
/** The payout queue's visibility timeout (the stack's), after which an order a killed payer had received returns. */
const VISIBILITY_TIMEOUT_MS = 180_000;
/** How long the payer leaves a payment reserved by another invocation to it (twice its timeout), and a second more. */
const TAKE_OVER_MS = 2 * PAYER_TIMEOUT_SECONDS * 1000 + 1_000;

/** One account per enterprise: payments of several enterprises into one account are a red risk the payer holds. */
const accountOf = (uscc: string) => `6228${[...uscc.slice(8)].map((c) => c.charCodeAt(0) % 10).join('')}`;

describe('a SIGKILL of the whole platform', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'huiqi-restart-'));
  let port: number;
  let running: PlatformProcess | undefined;
  let api: PlatformClient;
  let tourism: string;
  let credit: string;

  const start = async () => {
    running = await spawnPlatform(dataDir, port);
    api = await platformClient(running.url, dataDir);
    tourism = await api.token('department', TOURISM);
    credit = await api.token('agency', '360728-credit');
  };

  beforeAll(async () => {
    port = await findFreePort();
    await start();
  }, 180_000);
  afterAll(async () => {
    await running?.kill();
    await rm(dataDir, { recursive: true, force: true });
  });

  // The chain needs longer here: the platform was just restarted, with its queues and timers catching up.
  const steps = chainSteps(() => api, 30_000);
  const taskOf = (caseId: string, step: string, token = tourism) => steps.taskOf(token, caseId, step);
  const { statusOf, file } = steps;
  const decide = (taskId: string, body: Record<string, unknown>, token = tourism) =>
    steps.decide(token, taskId, body);
  const enterprise = async (seed: string) => {
    const uscc = validUscc(seed);
    const { bankAccount } = enterpriseProfile(uscc);
    return {
      uscc,
      token: await api.registerEnterprise(uscc, {
        bankAccount: { ...bankAccount, accountNo: accountOf(uscc) },
      }),
    };
  };
  const endAnnouncementsAfter = async (endsOn: string) => {
    const time = new Date(Date.parse(`${endsOn}T02:00:00Z`) + 2 * DAY_MS).toISOString();
    await running?.invoke('SlaSweep', { sweep: 'sla', time });
  };

  it('loses nothing: every wait resumes with its old token, deadlines keep their instant, payouts pay once', async () => {
    // Prepare: pools funded, then cases brought to every kind of wait for a person.
    const finance = await api.token('finance', 'finance-dingnan');
    const year = Number(shanghaiDate(new Date()).slice(0, 4));
    for (const policyId of [INSTANT, REVIEWED, AUTO_POLICY]) {
      const funded = await api.call('POST', '/budgets/allocations', {
        token: finance,
        body: { policyId, year, amountFen: 50_000_000, ref: `RESTART-${policyId}` },
      });
      expect(funded.status, JSON.stringify(funded.body)).toBe(201);
    }
    // A correction deadline of thirty days, twenty-nine of them gone before the power cut. It comes first: every wait
    // has a thirty-day deadline, and the others, opened after the clock moved, must not lapse with it.
    const lapsing = await enterprise('91360728MA35R0AA8');
    const lapsingCase = await file(lapsing.token, INSTANT);
    await decide((await taskOf(lapsingCase, 'department_decision')).id, {
      outcome: 'return',
      reason: '请补充纳税证明',
    });
    await statusOf(lapsingCase, lapsing.token, 'returned');
    await running?.advanceClock(29 * DAY_MS);

    const initial = await enterprise('91360728MA35R0AA1');
    const initialCase = await file(initial.token, REVIEWED);
    await taskOf(initialCase, 'initial_review');

    const substantive = await enterprise('91360728MA35R0AA2');
    const substantiveCase = await file(substantive.token, REVIEWED);
    await decide((await taskOf(substantiveCase, 'initial_review')).id, { outcome: 'approve' });
    await taskOf(substantiveCase, 'substantive_review');

    const deciding = await enterprise('91360728MA35R0AA3');
    const decidingCase = await file(deciding.token, INSTANT);
    await taskOf(decidingCase, 'department_decision');

    const listed = await enterprise('91360728MA35R0AA4');
    expect(
      (
        await api.call('PUT', `/blacklist/${listed.uscc}`, {
          token: credit,
          body: { reason: '曾列入失信名单（已履行）' },
        })
      ).status,
    ).toBe(200);
    const listedCase = await file(listed.token, INSTANT);
    await taskOf(listedCase, 'joint_review', credit);

    const announced = await enterprise('91360728MA35R0AA5');
    const neighbour = await enterprise('91360728MA35R0AA6');
    const announcedCase = await file(announced.token, REVIEWED);
    await decide((await taskOf(announcedCase, 'initial_review')).id, { outcome: 'approve' });
    await decide((await taskOf(announcedCase, 'substantive_review')).id, { outcome: 'approve' });
    await decide((await taskOf(announcedCase, 'department_decision')).id, {
      outcome: 'approve',
      amountFen: 300_000,
    });
    const announcement = await statusOf(announcedCase, announced.token, 'announced');
    const objection = await api.call('POST', `/applications/${announcedCase}/objections`, {
      token: neighbour.token,
      body: { reason: '该企业项目尚未竣工验收' },
    });
    expect(objection.status, JSON.stringify(objection.body)).toBe(201);
    await taskOf(announcedCase, 'objection');

    const returned = await enterprise('91360728MA35R0AA7');
    const returnedCase = await file(returned.token, INSTANT);
    await decide((await taskOf(returnedCase, 'department_decision')).id, {
      outcome: 'return',
      reason: '请补充营业执照副本',
    });
    await statusOf(returnedCase, returned.token, 'returned');

    // Payout orders in flight: a whitelist pushed right before the cut.
    const industry = await api.token('department', INDUSTRY);
    const entries = Array.from({ length: BATCH_SIZE }, (_, i) => {
      const uscc = validUscc(`91360728MA35W${String(i).padStart(4, '0')}`);
      const { name, bankAccount } = enterpriseProfile(uscc);
      return {
        uscc,
        enterpriseName: name,
        ...bankAccount,
        accountNo: accountOf(uscc),
        amountFen: 10_000 + i,
      };
    });
    const pushed = await api.call('POST', '/whitelist-batches', {
      token: industry,
      body: { policyId: AUTO_POLICY, batchRef: 'RESTART-BATCH', entries },
    });
    expect(pushed.status, JSON.stringify(pushed.body)).toBe(202);
    expect(pushed.body.accepted).toBe(BATCH_SIZE);

    // Act: the power cut, then a start on the same data and port.
    await running?.kill();
    const cutAt = Date.now();
    await start();

    // Assess: every case still waits on a live execution, and no resume is owed.
    const check = (await running?.invoke('ChainWatch', {
      watch: 'stuck',
      time: new Date(Date.now() + 10 * 60_000).toISOString(),
    })) as { checked: number; stuck: number };
    expect(check).toMatchObject({ checked: 7, stuck: 0 });
    const admin = await api.token('admin', 'admin-dingnan');
    expect((await api.call('GET', '/cases/stuck', { token: admin })).body.items).toEqual([]);

    // The whitelist in flight at the cut. What was not queued yet the payout sweep queues, as its schedule would.
    await running?.invoke('PayoutSweep', {
      sweep: 'payout',
      time: new Date(Date.now() + 10 * 60_000).toISOString(),
    });
    const batch = async () =>
      (await api.call('GET', `/whitelist-batches/${pushed.body.id}`, { token: industry })).body;
    const autoPool = async () =>
      (await api.call('GET', `/budgets?policyId=${AUTO_POLICY}&year=${year}`, { token: finance })).body
        .items[0];
    // A reservation the killed payer made before writing its payment's record the payer leaves to it for its
    // take-over window, which runs on the real clock the functions read (the test clock does not move it): if the
    // pool holds any reservation, that window is waited out, so its orders are not turned away again after the
    // clock moves.
    if ((await autoPool()).reservedFen > 0) {
      await new Promise((resolve) => setTimeout(resolve, cutAt + TAKE_OVER_MS - Date.now()));
    }
    // The orders the killed payer had received stay invisible until their visibility timeout has passed, as on AWS.
    const invisible = await eventually(async () => {
      const depth = (await running?.queueDepth('PayoutQueue')) as { visible: number; inFlight: number };
      if (depth.visible > 0) throw new Error(`${depth.visible} payout orders not received yet`);
      return depth;
    });
    expect(invisible.inFlight).toBeGreaterThan(0);
    expect((await batch()).inProgress).toBeGreaterThan(0);
    // The queue's clock passes the timeout (the test clock, standing in for three minutes): the orders come back, and
    // every entry is paid, once.
    await running?.advanceClock(VISIBILITY_TIMEOUT_MS);
    const progress = await eventually(async () => {
      const read = await batch();
      if (read.inProgress !== 0) throw new Error(`${read.inProgress} still in progress`);
      return read;
    }, 60_000);
    expect(progress).toMatchObject({ accepted: BATCH_SIZE, paid: BATCH_SIZE, failed: 0, held: 0 });
    const pool = await autoPool();
    expect(pool.paidFen).toBe(entries.reduce((sum, entry) => sum + entry.amountFen, 0));
    expect(pool.reservedFen).toBe(0);

    // The deadline straddling the restart fires at its original instant on the test clock.
    await running?.advanceClock(2 * DAY_MS);
    const lapsed = await statusOf(lapsingCase, lapsing.token, 'withdrawn');
    expect(lapsed.timeline.at(-1).by).not.toMatch(/^(department|enterprise)/);

    // Every wait takes its decision with the token it had before the cut.
    await decide((await taskOf(initialCase, 'initial_review')).id, { outcome: 'approve' });
    for (const caseId of [initialCase, substantiveCase]) {
      await decide((await taskOf(caseId, 'substantive_review')).id, { outcome: 'approve' });
      await decide((await taskOf(caseId, 'department_decision')).id, {
        outcome: 'approve',
        amountFen: 200_000,
      });
    }
    await decide((await taskOf(decidingCase, 'department_decision')).id, {
      outcome: 'approve',
      amountFen: 100_000,
    });
    await decide((await taskOf(listedCase, 'joint_review', credit)).id, { outcome: 'approve' }, credit);
    await decide((await taskOf(listedCase, 'department_decision')).id, {
      outcome: 'approve',
      amountFen: 100_000,
    });
    await decide((await taskOf(announcedCase, 'objection')).id, {
      outcome: 'approve',
      reason: '经核实已竣工验收',
    });
    const resubmitted = await api.call('POST', `/applications/${returnedCase}/resubmit`, {
      token: returned.token,
      body: { note: '已补充营业执照副本' },
    });
    expect(resubmitted.status, JSON.stringify(resubmitted.body)).toBe(200);
    await decide((await taskOf(returnedCase, 'department_decision')).id, {
      outcome: 'approve',
      amountFen: 100_000,
    });

    // The announcements run out (the objection was dismissed); every case is paid.
    const ends = [announcement.announcementEndsOn];
    for (const caseId of [initialCase, substantiveCase]) {
      ends.push((await statusOf(caseId, tourism, 'announced')).announcementEndsOn);
    }
    for (const endsOn of new Set(ends)) await endAnnouncementsAfter(endsOn);
    const owners: [string, string][] = [
      [initialCase, initial.token],
      [substantiveCase, substantive.token],
      [decidingCase, deciding.token],
      [listedCase, listed.token],
      [announcedCase, announced.token],
      [returnedCase, returned.token],
    ];
    for (const [caseId, token] of owners) await statusOf(caseId, token, 'paid');

    // Nothing was left for the resume sweep: every decision resumed its chain when it was made.
    expect(
      await running?.invoke('ChainWatch', {
        watch: 'resumes',
        time: new Date(Date.now() + 60_000).toISOString(),
      }),
    ).toEqual({ resumed: 0, gone: 0, pending: 0 });
  }, 600_000);
});
