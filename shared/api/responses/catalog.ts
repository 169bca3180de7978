// What the catalog routes answer: policy items with their guide, versions, departments, the calendar, the API's own
// description.
import * as z from 'zod';
import { guide, POLICY_STATUSES } from '../../catalog/types.ts';
import { calendarDate, instant } from './common.ts';

// The guide's own field schemas, without its strictness: a response may gain fields a client should pass over.
const guideFields = guide.shape;

/** A policy item (惠企政策子项) in its current version, as the catalog lists and shows it. */
const policy = z.object({
  ...guideFields,
  id: z.string(),
  divisionCode: z.string().describe('政策所属行政区划代码（6 位）'),
  seq: z.number().int().describe('事项在本辖区政策清单中的序号'),
  departmentId: z.string(),
  departmentName: z.string(),
  status: z.enum(POLICY_STATUSES),
  version: z.number().int().positive().describe('办事指南版本号，每次修改加 1'),
  updatedAt: instant,
});

/** A policy's guide as it stood in one version; a version has no status of its own. */
const policyVersion = policy.omit({ status: true });

/** One page of the catalog; `nextCursor` fetches the next, null on the last page. */
const policyPage = z.object({
  items: z.array(policy),
  nextCursor: z.string().nullable().describe('下一页游标；最后一页为 null'),
});

/** A department in charge of policies (主管部门). */
const department = z.object({
  id: z.string(),
  name: z.string(),
  divisionCode: z.string(),
});

/** The departments of a jurisdiction. */
const departmentList = z.object({ items: z.array(department) });

/** A holiday or a make-up working day of the official calendar. */
const calendarDay = z.object({
  date: calendarDate,
  name: z.string().describe('所属节日名称（春节、国庆节……）'),
});

/** A year of the working calendar and where the platform has it from. */
const calendarView = z.object({
  year: z.number().int(),
  holidays: z.array(calendarDay),
  makeupWorkdays: z.array(calendarDay).describe('因调休而上班的周末'),
  source: z
    .enum(['loaded', 'built_in', 'unpublished'])
    .describe('loaded：经接口导入；built_in：随版本内置；unpublished：尚未公布，按周一至周五计'),
});

/** The platform answers: nothing read, nothing more to say. */
const health = z.object({ status: z.literal('ok') });

/** The OpenAPI 3.1 document: only its frame is declared, the operations are as the contract derives them. */
const openApiDocument = z.object({
  openapi: z.string(),
  info: z.object({
    title: z.string(),
    version: z.string(),
    description: z.string().optional(),
  }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.record(z.string(), z.unknown()).optional(),
});

export {
  calendarDay,
  calendarView,
  department,
  departmentList,
  health,
  openApiDocument,
  policy,
  policyPage,
  policyVersion,
};
