// Routes of intake: materials, applications online or at the window (一窗受理), resubmission, ratings, the
// announcement and its objections, notices, and the redrive of an interrupted approval chain.
import { objectionBody } from '../../announcements/requests.ts';
import { applicationBody, applicationListQuery, ratingBody, resubmissionBody } from '../../cases/requests.ts';
import { redriveBody } from '../../chains/stuck.ts';
import { materialBody } from '../../materials/materials.ts';
import { ROLES } from '../../principal.ts';
import type { RouteSpec } from '../contract.ts';
import {
  announcementList,
  caseList,
  caseMaterialList,
  caseRecord,
  materialUpload,
  noticeList,
  redrive,
  reviewTask,
  stuckCaseList,
} from '../responses/cases.ts';

export const intakeRoutes = {
  'POST /materials': {
    function: 'intake',
    summary: '登记申请材料并取得上传地址',
    roles: ['enterprise', 'window'],
    body: materialBody,
    responses: { 201: materialUpload },
  },
  'POST /applications': {
    function: 'intake',
    summary: '提交申请（在线或专窗代办）',
    roles: ['enterprise', 'window'],
    body: applicationBody,
    responses: { 201: caseRecord },
  },
  'GET /applications': {
    function: 'intake',
    summary: '本企业的办件；专窗按信用代码查询',
    roles: ['enterprise', 'window'],
    query: applicationListQuery,
    responses: { 200: caseList },
  },
  'GET /applications/{id}': {
    function: 'intake',
    summary: '办件状态、时间线与决定理由',
    roles: ['enterprise', 'window', 'department'],
    responses: { 200: caseRecord },
  },
  'GET /applications/{id}/materials': {
    function: 'intake',
    summary: '办件的申请材料与查看链接',
    roles: ['enterprise', 'window', 'department'],
    responses: { 200: caseMaterialList },
  },
  'POST /applications/{id}/resubmit': {
    function: 'intake',
    summary: '补正后重新提交',
    roles: ['enterprise', 'window'],
    body: resubmissionBody,
    responses: { 200: caseRecord },
  },
  'POST /applications/{id}/rating': {
    function: 'intake',
    summary: '办结后评价服务（好差评，1–5 分，每件一次）',
    roles: ['enterprise'],
    body: ratingBody,
    responses: { 201: caseRecord },
  },
  'GET /cases/stuck': {
    function: 'intake',
    summary: '审批流程中断的办件（本辖区）',
    roles: ['admin'],
    responses: { 200: stuckCaseList },
  },
  'POST /applications/{id}/redrive': {
    function: 'intake',
    summary: '恢复中断的审批流程（从中断处继续，留痕）',
    roles: ['admin'],
    body: redriveBody,
    responses: { 202: redrive },
  },
  'POST /applications/{id}/objections': {
    function: 'intake',
    summary: '公示期内提出异议',
    // Anyone signed in may object during an announcement: that is what making it public is for.
    roles: ROLES,
    body: objectionBody,
    responses: { 201: reviewTask },
  },
  'GET /announcements': {
    function: 'intake',
    summary: '公示中的办件',
    roles: 'public',
    responses: { 200: announcementList },
  },
  'GET /notifications': {
    function: 'intake',
    summary: '本企业收到的通知',
    roles: ['enterprise'],
    responses: { 200: noticeList },
  },
} as const satisfies Record<string, RouteSpec>;
