// Routes of reviewers: open tasks, decisions (made once), and escalations (督办) for heads.
import { decisionBody } from '../../cases/requests.ts';
import type { RouteSpec } from '../contract.ts';
import { reviewTask, taskList } from '../responses/cases.ts';

export const reviewRoutes = {
  'GET /tasks': {
    function: 'review',
    summary: '待办审核任务',
    roles: ['department', 'agency'],
    responses: { 200: taskList },
  },
  'POST /tasks/{id}/decision': {
    function: 'review',
    summary: '作出审核决定（仅一次）',
    roles: ['department', 'agency'],
    body: decisionBody,
    responses: { 200: reviewTask },
  },
  'GET /escalations': {
    function: 'review',
    summary: '督办事项（部门或联审部门负责人）',
    roles: ['department', 'agency'],
    responses: { 200: taskList },
  },
} as const satisfies Record<string, RouteSpec>;
