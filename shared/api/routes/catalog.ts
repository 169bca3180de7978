// Routes of the catalog (一网查询) and the working calendar, and the API's own description.
import * as z from 'zod';
import { calendarYearBody, calendarYearNumber } from '../../calendar/types.ts';
import {
  departmentListQuery,
  draftListQuery,
  newPolicyBody,
  policyListQuery,
  policyStatusBody,
} from '../../catalog/requests.ts';
import { guide } from '../../catalog/types.ts';
import type { RouteSpec } from '../contract.ts';
import {
  calendarView,
  departmentList,
  health,
  openApiDocument,
  policy,
  policyPage,
  policyVersion,
} from '../responses/catalog.ts';

const yearPath = z.strictObject({ year: calendarYearNumber });

export const catalogRoutes = {
  'GET /health': {
    function: 'catalog',
    summary: '服务可用性检查（不读取任何数据）',
    roles: 'public',
    responses: { 200: health },
  },
  'GET /openapi.json': {
    function: 'catalog',
    summary: 'OpenAPI 3.1 描述文档',
    roles: 'public',
    responses: { 200: openApiDocument },
  },
  'GET /policies': {
    function: 'catalog',
    summary: '政策事项目录（一网查询）',
    roles: 'public',
    sharedCache: true,
    query: policyListQuery,
    responses: { 200: policyPage },
  },
  'GET /policies/{id}': {
    function: 'catalog',
    summary: '政策事项及其办事指南',
    roles: 'public',
    sharedCache: true,
    responses: { 200: policy },
  },
  'GET /policies/{id}/versions/{version}': {
    function: 'catalog',
    summary: '政策事项的历史版本',
    roles: 'public',
    responses: { 200: policyVersion },
  },
  'GET /policy-drafts': {
    function: 'catalog',
    summary: '本辖区的政策事项草稿（管理员编辑中，不公开）',
    roles: ['admin'],
    query: draftListQuery,
    responses: { 200: policyPage },
  },
  'GET /departments': {
    function: 'catalog',
    summary: '政策主管部门',
    roles: 'public',
    sharedCache: true,
    query: departmentListQuery,
    responses: { 200: departmentList },
  },
  'POST /policies': {
    function: 'catalog',
    summary: '新增政策事项（草稿）',
    roles: ['admin'],
    body: newPolicyBody,
    responses: { 201: policy },
  },
  'PUT /policies/{id}': {
    function: 'catalog',
    summary: '修改办事指南（生成新版本）',
    roles: ['admin', 'department'],
    body: guide,
    responses: { 200: policy },
  },
  'POST /policies/{id}/status': {
    function: 'catalog',
    summary: '发布、暂停或废止政策事项',
    roles: ['admin'],
    body: policyStatusBody,
    responses: { 200: policy },
  },
  'GET /calendar/{year}': {
    function: 'catalog',
    summary: '工作日历（节假日与调休上班日）',
    roles: 'public',
    params: yearPath,
    responses: { 200: calendarView },
  },
  'PUT /calendar/{year}': {
    function: 'catalog',
    summary: '导入国务院新公布的年度节假日安排',
    roles: ['admin'],
    params: yearPath,
    body: calendarYearBody,
    responses: { 200: calendarView },
  },
} as const satisfies Record<string, RouteSpec>;
