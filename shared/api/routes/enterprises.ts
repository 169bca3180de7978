// Routes of enterprises (their profile, bank account and matching policies) and of the agencies' blacklists.
import * as z from 'zod';
import { blacklistBody } from '../../blacklists/blacklist.ts';
import { enterpriseBody } from '../../enterprises/types.ts';
import { uscc } from '../../uscc.ts';
import type { RouteSpec } from '../contract.ts';
import {
  blacklist,
  blacklistEntry,
  delisting,
  enterprise,
  policyMatchList,
} from '../responses/enterprises.ts';

const listedPath = z.strictObject({ uscc });

export const enterpriseRoutes = {
  'PUT /enterprises/me': {
    function: 'enterprises',
    summary: '登记或更新本企业信息与银行账户',
    roles: ['enterprise'],
    body: enterpriseBody,
    responses: { 200: enterprise },
  },
  'GET /enterprises/me': {
    function: 'enterprises',
    summary: '本企业信息',
    roles: ['enterprise'],
    responses: { 200: enterprise },
  },
  'GET /enterprises/me/matches': {
    function: 'enterprises',
    summary: '本企业可享政策（精准推送）',
    roles: ['enterprise'],
    responses: { 200: policyMatchList },
  },
  'GET /enterprises/{uscc}': {
    function: 'enterprises',
    summary: '按统一社会信用代码查询企业',
    roles: ['window', 'payer'],
    responses: { 200: enterprise },
  },
  'GET /blacklist': {
    function: 'enterprises',
    summary: '本联审部门的名单',
    roles: ['agency'],
    responses: { 200: blacklist },
  },
  'PUT /blacklist/{uscc}': {
    function: 'enterprises',
    summary: '将企业列入本联审部门名单',
    roles: ['agency'],
    params: listedPath,
    body: blacklistBody,
    responses: { 200: blacklistEntry },
  },
  'DELETE /blacklist/{uscc}': {
    function: 'enterprises',
    summary: '将企业移出本联审部门名单',
    roles: ['agency'],
    params: listedPath,
    responses: { 200: delisting },
  },
} as const satisfies Record<string, RouteSpec>;
