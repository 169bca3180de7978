// What intake and review answer: cases (办件) with their timeline, review tasks, notices, announcements, stuck cases
// and the upload of a material.
import * as z from 'zod';
import { decisionBody } from '../../cases/requests.ts';
import { CASE_STATUSES, CHAIN_STATUSES, TASK_STEPS } from '../../cases/types.ts';
import { CHANNELS, MODES } from '../../catalog/types.ts';
import { MATERIAL_CONTENT_TYPES } from '../../materials/materials.ts';
import { actorName, calendarDate, fenAmount, instant } from './common.ts';
import { criterionResult } from './enterprises.ts';

/** One step of a case's history: the status it reached, when and by whom. */
const timelineEntry = z.object({
  at: instant,
  status: z.enum(CASE_STATUSES),
  by: actorName,
  note: z.string().optional(),
});

/** The enterprise's rating (好差评) of the service once the case has ended. */
const rating = z.object({
  score: z.number().int().min(1).max(5).describe('1 非常不满意 … 5 非常满意'),
  comment: z.string().optional(),
  at: instant,
});

/** A blacklist hit found by joint review (联合审核) and how the listing agency answered. */
const jointReviewHit = z.object({
  agencyId: z.string(),
  reason: z.string().describe('联审部门列入名单的原因'),
  outcome: z.enum(['cleared', 'upheld']).optional().describe('cleared：核实排除，可继续办理；upheld：维持'),
  decidedBy: z.string().optional(),
});

/** A case (办件): an enterprise's claim on one policy for one period, with its whole history. */
const caseRecord = z.object({
  id: z.string(),
  policyId: z.string(),
  policyName: z.string().optional().describe('受理时的政策名称'),
  policyVersion: z.number().int().describe('受理时适用的办事指南版本'),
  mode: z.enum(MODES),
  divisionCode: z.string().describe('政策所属行政区划代码'),
  departmentId: z.string(),
  uscc: z.string(),
  channel: z.enum(CHANNELS),
  filedBy: z.string().optional().describe('代办的专窗人员'),
  period: z.string().describe('申报期间（一般为年度）'),
  dueOn: calendarDate.optional().describe('承诺办结日期：按办事指南各环节时限（工作日）从受理日算起'),
  requestedAmountFen: fenAmount.optional(),
  materialIds: z.array(z.string()).optional(),
  eligibility: z.array(criterionResult).optional().describe('受理时预审的逐项结果'),
  approvedAmountFen: fenAmount.optional(),
  status: z.enum(CASE_STATUSES),
  decisionReason: z.string().optional(),
  decisionExplanation: z.string().optional().describe('不予通过时的政策解释'),
  correctionRequest: z.string().optional().describe('退回补正时要求补正的内容'),
  jointReview: z.array(jointReviewHit).optional(),
  announcementEndsOn: calendarDate.optional().describe('公示期最后一天'),
  openObjections: z.number().int().nonnegative().optional().describe('尚未处理的异议数'),
  timeline: z.array(timelineEntry),
  createdAt: instant,
  sentToPayerAt: instant.optional(),
  paidAt: instant.optional(),
  executionName: z.string().optional().describe('恢复审批流程时新启动的流程实例名'),
  rating: rating.optional(),
});

/** The cases of one enterprise. */
const caseList = z.object({ items: z.array(caseRecord) });

/** A reviewer's decision on a task, made once. */
const decision = z.object({
  outcome: decisionBody.shape.outcome,
  amountFen: fenAmount.optional().describe('批准时核定的金额'),
  reason: z.string().optional(),
  explanation: z.string().optional(),
  decidedBy: actorName,
  decidedAt: instant,
});

/** A review task of a case's approval chain, or the check of an objection, assigned to a department or agency. */
const reviewTask = z.object({
  id: z.string(),
  caseId: z.string(),
  step: z.enum(TASK_STEPS),
  assigneeRole: z.enum(['department', 'agency']),
  assigneeId: z.string(),
  dueDate: calendarDate.describe('办理期限（按工作日计算）'),
  status: z.enum(['open', 'decided']),
  createdAt: instant,
  dueDateProvisional: z.boolean().optional().describe('期限跨入尚未公布节假日安排的年度，可能调整'),
  slaColour: z.enum(['green', 'yellow', 'red']).optional().describe('时限预警：临近为黄，超期为红'),
  escalatedAt: instant.optional().describe('督办时间'),
  escalatedTo: z.string().optional().describe('督办给的负责人'),
  objection: z.object({ reason: z.string(), raisedBy: actorName }).optional(),
  hit: z.object({ reason: z.string() }).optional().describe('联合审核：本部门名单列入该企业的原因'),
  caseSummary: z
    .object({
      uscc: z.string(),
      enterpriseName: z.string().optional(),
      policyId: z.string(),
      policyName: z.string().optional(),
      requestedAmountFen: fenAmount.optional().describe('企业申请的金额（异议核查任务不含）'),
      approvedAmountFen: fenAmount.optional(),
    })
    .optional()
    .describe('任务所涉办件的摘要：企业、政策与金额'),
  decision: decision.optional(),
});

/** Open or escalated tasks of a reviewer. */
const taskList = z.object({ items: z.array(reviewTask) });

/** A message in the enterprise's outbox. */
const notice = z.object({
  uscc: z.string(),
  caseId: z.string().optional(),
  paymentId: z.string().optional(),
  kind: z.enum(CASE_STATUSES).describe('通知所告知的办件状态'),
  at: instant,
  title: z.string(),
  message: z.string(),
});

/** The enterprise's newest notices. */
const noticeList = z.object({ items: z.array(notice) });

/** What the public sees of a case in announcement (公示). */
const announcedCase = z.object({
  caseId: z.string(),
  uscc: z.string(),
  policyId: z.string(),
  policyName: z.string().optional(),
  departmentId: z.string(),
  approvedAmountFen: fenAmount.optional(),
  announcementEndsOn: calendarDate.optional().describe('公示期最后一天，此前可提出异议'),
});

/** Announcements still running, soonest ending first. */
const announcementList = z.object({ items: z.array(announcedCase) });

/** A case whose status says its chain is at work while its execution says otherwise. */
const stuckCase = z.object({
  caseId: z.string(),
  status: z.enum(CHAIN_STATUSES),
  executionStatus: z
    .string()
    .describe('流程实例状态：FAILED、TIMED_OUT、ABORTED、SUCCEEDED，实例不存在为 MISSING'),
  reason: z.string(),
  since: instant.describe('流程停止或办件最后变动的时间'),
});

/** The stuck cases of an admin's jurisdiction. */
const stuckCaseList = z.object({ items: z.array(stuckCase) });

/** The answer to a redrive: the case and the execution now carrying it. */
const redrive = z.object({
  caseId: z.string(),
  execution: z.string().describe('审批流程实例的 ARN'),
});

/** A material as it is registered: whose, which file, which item of the guide's checklist. */
const material = z.object({
  id: z.string(),
  uscc: z.string(),
  fileName: z.string(),
  contentType: z.enum(MATERIAL_CONTENT_TYPES),
  sizeBytes: z.number().int().positive(),
  materialName: z.string().optional().describe('对应办事指南中的哪项材料'),
  uploadedBy: actorName,
  createdAt: instant,
});

/** A material a case cites, with a link that opens it for a few minutes. */
const caseMaterial = material.extend({
  download: z.object({ url: z.string().describe('预签名查看地址'), expiresAt: instant }),
});

const caseMaterialList = z.object({ items: z.array(caseMaterial) });

/** A registered material and where to upload its file, straight to object storage. */
const materialUpload = material.extend({
  objectKey: z.string(),
  upload: z.object({
    method: z.string().describe('上传所用的 HTTP 方法（PUT）'),
    url: z.string().describe('预签名上传地址'),
    headers: z.object({ 'content-type': z.enum(MATERIAL_CONTENT_TYPES) }).describe('上传时须带的请求头'),
    expiresAt: instant,
  }),
});

export {
  announcedCase,
  announcementList,
  caseList,
  caseMaterialList,
  caseRecord,
  decision,
  jointReviewHit,
  materialUpload,
  notice,
  noticeList,
  rating,
  redrive,
  reviewTask,
  stuckCase,
  stuckCaseList,
  taskList,
  timelineEntry,
};
