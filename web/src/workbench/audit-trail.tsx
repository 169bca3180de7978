// 审计记录: any object's audit trail — who changed what, when and why — and whether its hash chain is intact, so an
// admin can show an inspector that nothing was altered after the fact.
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Empty, Flex, Form, Input, Select, Typography } from 'antd';
import type { ClientResponse } from '../../../shared/api/contract.ts';
import { AUDITED_ENTITIES, type AuditedEntity } from '../../../shared/audit/entities.ts';
import { api } from '../api.ts';
import { saveCsv } from '../components/download.ts';
import { Refusal } from '../components/refusal.tsx';
import { ROLE_NAMES, when } from '../labels.ts';
import { Link, navigate } from '../router.tsx';
import type { ScreenProps } from './screens.ts';
import { WideTable } from './wide-table.tsx';

type Trail = ClientResponse<'GET /audit/{entityType}/{id}'>;
type AuditEvent = Trail['events'][number];

const ENTITY_NAMES: Record<AuditedEntity, string> = {
  policy: '政策事项',
  enterprise: '企业',
  case: '办件',
  task: '审批任务',
  calendar: '工作日历',
  blacklist: '联审名单',
  payment: '兑付',
  reconciliation: '对账',
};
const ACTION_NAMES: Record<string, string> = {
  create: '新建',
  edit_guide: '修改办事指南',
  change_status: '变更状态',
  load: '导入',
  seed: '初始导入',
  transition: '状态变更',
  list: '列入名单',
  delist: '移出名单',
  register: '登记',
  redrive: '恢复审批流程',
};
/** The field names an admin meets most, in Chinese; any other is shown as the platform stores it. */
const FIELD_NAMES: Record<string, string> = {
  id: '编号',
  name: '名称',
  groupName: '政策项目',
  status: '状态',
  version: '版本',
  updatedAt: '更新时间',
  createdAt: '创建时间',
  announcementDays: '公示天数',
  amountRule: '兑付标准',
  materials: '申请材料',
  materialIds: '材料',
  timeLimits: '办理时限',
  eligibility: '享受对象与条件',
  basis: '政策依据',
  mode: '兑现方式',
  channel: '办理渠道',
  effectiveFrom: '生效日期',
  effectiveTo: '失效日期',
  departmentId: '主管部门编号',
  departmentName: '主管部门',
  divisionCode: '行政区划',
  seq: '清单序号',
  process: '办理流程',
  holidays: '放假日期',
  makeupWorkdays: '调休上班日期',
  reason: '理由',
  bankAccount: '银行账户',
  tags: '企业标签',
};
const BROKEN_REASONS = {
  hash_mismatch: '记录内容被改动过',
  broken_link: '记录之间的链接断开',
  gap: '记录序号有缺失',
};

/** The fields an event changed, as "字段：前 → 后"; long values are cut, the CSV keeps them whole. */
function changes(event: AuditEvent): string[] {
  const keys = new Set([...Object.keys(event.before ?? {}), ...Object.keys(event.after ?? {})]);
  const show = (value: unknown) => {
    const text = value === undefined ? '（无）' : typeof value === 'string' ? value : JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 80)}…` : text;
  };
  return [...keys].map((key) => {
    const label = FIELD_NAMES[key] ?? key;
    return event.before === null
      ? `${label}：${show(event.after?.[key])}`
      : `${label}：${show(event.before[key])} → ${show(event.after?.[key])}`;
  });
}

/** What to look up: `policy:360728-001` in the address, so a trail can be linked to from the object's screen. */
const parse = (id: string | undefined): { entityType: AuditedEntity; entityId: string } | undefined => {
  const [type, ...rest] = (id ?? '').split(':');
  const entityId = rest.join(':');
  return (AUDITED_ENTITIES as readonly string[]).includes(type ?? '') && entityId
    ? { entityType: type as AuditedEntity, entityId }
    : undefined;
};

function Lookup({ initial }: { initial?: { entityType: AuditedEntity; entityId: string } | undefined }) {
  return (
    <Form
      layout="vertical"
      initialValues={initial ?? { entityType: 'policy' }}
      onFinish={(values: { entityType: AuditedEntity; entityId: string }) =>
        navigate(`/work/audit/${values.entityType}:${encodeURIComponent(values.entityId.trim())}`)
      }
      style={{ maxWidth: 420 }}
    >
      <Form.Item label="对象类型" name="entityType">
        <Select
          options={AUDITED_ENTITIES.map((entity) => ({ value: entity, label: ENTITY_NAMES[entity] }))}
        />
      </Form.Item>
      <Form.Item
        label="编号"
        name="entityId"
        rules={[{ required: true, whitespace: true, message: '请填写编号，如事项编号或办件编号' }]}
      >
        <Input placeholder="如 360728-001" />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit">
          查询
        </Button>
      </Form.Item>
    </Form>
  );
}

export function AuditLookupScreen(_: ScreenProps) {
  return (
    <Flex vertical gap="middle">
      <Typography.Title level={1} style={{ margin: 0 }}>
        审计记录
      </Typography.Title>
      <Typography.Text type="secondary">
        查看任一对象的全部变更记录，并校验记录的哈希链是否完整（未被篡改）。
      </Typography.Text>
      <Lookup />
    </Flex>
  );
}

export function AuditTrailScreen({ user, id }: ScreenProps) {
  const target = parse(id);
  const trail = useQuery({
    queryKey: ['audit', target, user.access_token],
    queryFn: () =>
      api.call(
        'GET /audit/{entityType}/{id}',
        { path: { entityType: target?.entityType ?? 'policy', id: target?.entityId ?? '' } },
        user.access_token,
      ),
    enabled: target !== undefined,
    retry: false,
  });
  const verdict = trail.data?.verification;
  const events = trail.data?.events ?? [];
  return (
    <Flex vertical gap="middle">
      <Link to="/work/audit">← 查询其他对象</Link>
      <Typography.Title level={1} style={{ margin: 0 }}>
        审计记录{target ? `：${ENTITY_NAMES[target.entityType]} ${target.entityId}` : ''}
      </Typography.Title>
      <Lookup initial={target} />
      {!target ? (
        <Alert
          type="warning"
          showIcon
          message="地址中的对象无法识别"
          description="请在上方选择对象类型并填写编号。"
        />
      ) : null}
      {trail.isError ? <Refusal error={trail.error} title="暂时无法读取审计记录" /> : null}
      {verdict?.valid === true ? (
        <Alert
          type="success"
          showIcon
          message={`哈希链完整：共 ${verdict.length} 条记录，逐条校验无误`}
          description={
            <Typography.Text style={{ wordBreak: 'break-all' }}>末条哈希：{verdict.headHash}</Typography.Text>
          }
        />
      ) : null}
      {verdict?.valid === false ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          message={`哈希链在第 ${verdict.brokenAtSeq} 条记录处对不上：${BROKEN_REASONS[verdict.reason]}`}
          description="该对象的记录可能在写入后被改动。请保留现状，立即报告平台运维和纪检部门核查。"
        />
      ) : null}
      {target ? (
        <>
          <div>
            <Button
              disabled={!events.length}
              onClick={() =>
                saveCsv(`审计记录-${target.entityType}-${target.entityId}.csv`, [
                  ['序号', '时间', '角色', '操作人', '操作', '理由', '变更前', '变更后', '哈希'],
                  ...events.map((e) => [
                    e.seq,
                    when(e.at),
                    ROLE_NAMES[e.actor.role] ?? e.actor.role,
                    e.actor.subject,
                    ACTION_NAMES[e.action] ?? e.action,
                    e.note ?? '',
                    JSON.stringify(e.before),
                    JSON.stringify(e.after),
                    e.hash,
                  ]),
                ])
              }
            >
              导出 CSV
            </Button>
          </div>
          <WideTable<AuditEvent>
            label="审计记录表"
            rowKey="seq"
            loading={trail.isLoading}
            dataSource={events}
            minWidth={800}
            pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (total) => `共 ${total} 条` }}
            locale={{ emptyText: <Empty description="该对象没有审计记录" /> }}
            columns={[
              { title: '序号', dataIndex: 'seq', width: 64 },
              { title: '时间', key: 'at', width: 170, render: (_, e) => when(e.at) },
              {
                title: '操作人',
                key: 'actor',
                width: 160,
                render: (_, e) => `${ROLE_NAMES[e.actor.role] ?? e.actor.role} ${e.actor.subject}`,
              },
              {
                title: '操作',
                key: 'action',
                width: 110,
                render: (_, e) => ACTION_NAMES[e.action] ?? e.action,
              },
              { title: '理由', key: 'note', width: 160, render: (_, e) => e.note ?? '' },
              {
                title: '变更内容',
                key: 'changes',
                render: (_, e) => (
                  <ul style={{ margin: 0, paddingInlineStart: 16, wordBreak: 'break-all' }}>
                    {changes(e).map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                ),
              },
            ]}
          />
        </>
      ) : null}
    </Flex>
  );
}
