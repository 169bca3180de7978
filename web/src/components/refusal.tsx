// A refusal from the platform in plain words: what it said, which fields, and what to do next.
import { Alert } from 'antd';
import type { ReactNode } from 'react';
import { ApiError } from '../../../shared/api/client.ts';

/** What a person can do about each refusal they may meet in the portal. */
const NEXT_STEPS: Record<string, string> = {
  UNAUTHORIZED: '请退出后重新登录。',
  ENTERPRISE_NOT_REGISTERED: '请先在“我的 → 企业信息”中登记企业和银行账户。',
  NOT_ELIGIBLE: '请核对企业信息（标签、行业、规模等）是否完整准确；如有疑问请咨询主管部门。',
  VALIDATION_FAILED: '请按提示修改后再提交。',
  MATERIAL_NOT_UPLOADED: '请重新选择该材料上传，等上传完成后再提交。',
  MATERIAL_MISMATCH: '请重新上传该材料。',
  DUPLICATE_APPLICATION: '本年度已申请过该政策，可在“我的办件”中查看进度。',
  POLICY_NOT_IN_EFFECT: '该政策当前不在受理期内，请关注主管部门通知。',
  CASE_NOT_RATEABLE: '办件办结后才能评价。',
  CASE_ALREADY_RATED: '每件办件只能评价一次。',
  OBJECTION_ALREADY_RAISED: '您已对该公示提出过异议，主管部门会核实处理。',
  CASE_NOT_RETURNED: '该办件当前不需要补正，请刷新页面查看最新状态。',
  BANK_FILES_NOT_USED: '本平台目前不通过网银代发，无需导入银行文件；如本县改用网银代发，请联系平台运维配置。',
  BANK_FILE_NOT_READY: '请稍后刷新页面再下载。',
  KIND_NOT_IN_LAYOUT: '请核对所选的文件种类；本县银行不提供这种文件的，无需导入。',
  HEADER_MISMATCH:
    '请核对所选的文件种类是否与文件相符，并从网银重新下载原文件（不要用 Excel 打开后另存）再导入。',
  LAYOUT_MISMATCH:
    '请核对所选的文件种类是否与文件相符，并从网银重新下载原文件（不要用 Excel 打开后另存）再导入。',
  FILE_UNREADABLE: '请从网银重新下载原文件再导入；仍不行请联系银行或平台运维核对文件格式。',
};

export function nextStepOf(error: unknown): string {
  if (error instanceof ApiError) {
    if (NEXT_STEPS[error.code]) return NEXT_STEPS[error.code] as string;
    if (error.status === 409) return '办件状态已变化，请刷新页面查看最新状态。';
    if (error.status >= 500) return '平台暂时繁忙，请稍后再试；仍不行请联系县政务服务中心。';
    return '请修改后重试；如有疑问请联系县政务服务中心惠企政策专窗。';
  }
  return '请检查网络后重试。';
}

export function Refusal({ error, title, action }: { error: unknown; title: string; action?: ReactNode }) {
  const fields = error instanceof ApiError ? error.fields : [];
  const said = error instanceof ApiError ? error.message : '没有连上平台';
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      message={title}
      description={
        <>
          <div>{said}</div>
          {fields.length ? (
            <ul style={{ margin: '4px 0', paddingInlineStart: 20 }}>
              {fields.map((field) => (
                <li key={`${field.field}${field.code}`}>{field.message}</li>
              ))}
            </ul>
          ) : null}
          <div>{nextStepOf(error)}</div>
        </>
      }
      action={action}
    />
  );
}
