// What the demo's enterprises do themselves: confirm their profile and account, upload materials, read their notices.
import type { Notice, Policy } from './answers.ts';
import { check } from './checks.ts';
import { type Actor, type DemoContext, REQUEST_TIMEOUT_MS, type Registered } from './context.ts';
import { type Applicant, DIVISION } from './fixtures.ts';
import { demoAccount, demoUscc } from './run-ids.ts';

/** The enterprise confirms its own profile and bank account (PUT /enterprises/me), as every applicant must. */
export async function register(ctx: DemoContext, profile: Applicant, serial: number): Promise<Registered> {
  const uscc = demoUscc(ctx.run, serial);
  const actor: Actor = { role: 'enterprise', id: uscc, name: profile.name };
  const accountNo = demoAccount(ctx.run, serial);
  const saved = await ctx.request(`${profile.name}登记企业信息`, 'PUT /enterprises/me', {
    as: actor,
    body: {
      name: profile.name,
      legalRepresentative: profile.legalRepresentative,
      bankAccount: { bankName: profile.bankName, accountNo, accountName: profile.name },
      tags: profile.tags,
      industry: profile.industry,
      size: profile.size,
      registeredOn: profile.registeredOn,
      divisionCode: DIVISION,
    },
    status: 200,
  });
  check(
    saved.uscc === uscc && saved.bankAccount.accountNo === accountNo,
    `${profile.name}的登记信息与提交的不一致`,
  );
  ctx.log(`  ${profile.name}（${uscc}）登记企业信息，确认收款账户 ${profile.bankName} ${accountNo}`);
  return { actor, profile, accountNo };
}

/** Registers each material the guide requires and uploads a file for it through the presigned URL. */
export async function uploadMaterials(
  ctx: DemoContext,
  uploader: Actor,
  enterprise: Registered,
  policy: Policy,
): Promise<string[]> {
  const ids: string[] = [];
  for (const wanted of policy.materials.filter((each) => each.required)) {
    const file = Buffer.from(
      `%PDF-1.4\n% ${enterprise.profile.name} ${wanted.name}（演示扫描件）\n%%EOF\n`,
      'utf8',
    );
    const material = await ctx.request(`登记材料「${wanted.name}」`, 'POST /materials', {
      as: uploader,
      body: {
        fileName: `${wanted.name}.pdf`,
        contentType: 'application/pdf',
        sizeBytes: file.length,
        materialName: wanted.name,
        ...(uploader.role === 'window' ? { onBehalfOf: enterprise.actor.id } : {}),
      },
      status: 201,
    });
    check(
      material.uscc === enterprise.actor.id,
      `材料「${wanted.name}」未登记在 ${enterprise.actor.id} 名下`,
    );
    const put = await fetch(material.upload.url, {
      method: 'PUT',
      headers: material.upload.headers,
      body: file,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    check(put.ok, `上传材料「${wanted.name}」失败：HTTP ${put.status}`);
    ids.push(material.id);
  }
  ctx.log(
    `  ${uploader.name}上传申请材料 ${ids.length} 份：${policy.materials
      .filter((each) => each.required)
      .map((each) => each.name)
      .join('、')}`,
  );
  return ids;
}

/** The enterprise finds the notice the story expects in its inbox, and the demo prints it. */
export async function noticeReceived(
  ctx: DemoContext,
  reader: Actor,
  expected: (notice: Notice) => boolean,
  missing: string,
): Promise<Notice> {
  const inbox = await ctx.request('企业查看通知', 'GET /notifications', { as: reader, status: 200 });
  const notice = inbox.items.find(expected);
  check(notice, missing);
  ctx.log(`  ${reader.name}收到通知「${notice.title}」：${notice.message}`);
  return notice;
}
