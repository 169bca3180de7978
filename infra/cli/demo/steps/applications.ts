// Step 企业申报: a listed enterprise applies online for the instant item; the window files the reviewed one for another.
import { check, need } from '../checks.ts';
import type { DemoStep } from '../context.ts';
import { register, uploadMaterials } from '../enterprises.ts';
import { BLACKLIST_REASON, CREDIT_AGENCY, INSTANT_APPLICANT, REVIEW_APPLICANT, WINDOW } from '../fixtures.ts';
import { CASE_LABELS, money } from '../labels.ts';
import { departmentOf, describePolicy, withinCap } from '../policies.ts';

export const applicationStep: DemoStep = {
  name: 'applications',
  title: '企业申报：即申即享网上申请、承诺兑现专窗代办（Applications）',
  async run(ctx) {
    const instantPolicy = need(ctx.policies.instant, '即申即享政策事项');
    const reviewPolicy = need(ctx.policies.review, '承诺兑现政策事项');

    // Background: the credit agency's list already names the first applicant, which joint review will find.
    const applicant = await register(ctx, INSTANT_APPLICANT, 10);
    const listed = await ctx.request(`${CREDIT_AGENCY.name}登记名单`, 'PUT /blacklist/{uscc}', {
      path: { uscc: applicant.actor.id },
      as: CREDIT_AGENCY,
      body: { reason: BLACKLIST_REASON, listedUntil: `${ctx.year}-12-31` },
      status: 200,
    });
    check(listed.agencyId === CREDIT_AGENCY.id, `名单记录的联审部门为 ${listed.agencyId}`);
    ctx.log(`    （背景）${CREDIT_AGENCY.name}名单中有该企业：${listed.reason}`);

    const materials = await uploadMaterials(ctx, applicant.actor, applicant, instantPolicy);
    const filed = await ctx.request(`${applicant.profile.name}网上申请`, 'POST /applications', {
      as: applicant.actor,
      body: {
        policyId: instantPolicy.id,
        requestedAmountFen: withinCap(instantPolicy, applicant.profile.requestedFen),
        materialIds: materials,
      },
      status: 201,
    });
    check(
      filed.policyId === instantPolicy.id &&
        filed.channel === 'online' &&
        filed.materialIds?.length === materials.length,
      `即申即享办件的答复不对：${JSON.stringify(filed)}`,
    );
    ctx.log(
      `  ${applicant.profile.name}网上申请${describePolicy(ctx, instantPolicy)}，申请 ${money(filed.requestedAmountFen ?? 0)} → 办件 ${filed.id}（${CASE_LABELS[filed.status]}）`,
    );
    ctx.instant = { applicant, caseId: filed.id, department: departmentOf(ctx, instantPolicy) };

    // The reviewed item is taken at the window: staff file for the enterprise, which confirmed its own account.
    const client = await register(ctx, REVIEW_APPLICANT, 11);
    const windowMaterials = await uploadMaterials(ctx, WINDOW, client, reviewPolicy);
    const atWindow = await ctx.request(`${WINDOW.name}代办申请`, 'POST /applications', {
      as: WINDOW,
      body: {
        policyId: reviewPolicy.id,
        onBehalfOf: client.actor.id,
        requestedAmountFen: withinCap(reviewPolicy, client.profile.requestedFen),
        materialIds: windowMaterials,
      },
      status: 201,
    });
    check(
      atWindow.uscc === client.actor.id && atWindow.channel === 'window' && atWindow.filedBy === WINDOW.id,
      `专窗代办办件的答复不对：${JSON.stringify(atWindow)}`,
    );
    ctx.log(
      `  ${WINDOW.name}代${client.profile.name}申请${describePolicy(ctx, reviewPolicy)}，申请 ${money(atWindow.requestedAmountFen ?? 0)} → 办件 ${atWindow.id}（${CASE_LABELS[atWindow.status]}）`,
    );
    ctx.review = { applicant: client, caseId: atWindow.id, department: departmentOf(ctx, reviewPolicy) };
  },
};
