// 办事指南: one policy as an enterprise reads it before applying — basis, who qualifies, materials, steps with their
// working-day limits, the amount, the announcement and the department.
import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, List, Space, Tag, Timeline, Typography } from 'antd';
import { ApiError } from '../../../shared/api/client.ts';
import type { ClientResponse } from '../../../shared/api/contract.ts';
import { processOf } from '../../../shared/catalog/process.ts';
import { api } from '../api.ts';
import {
  amountRuleText,
  CHANNEL_NAMES,
  MODE_COLOURS,
  MODE_HINTS,
  MODE_NAMES,
  TAG_COLOURS,
} from '../labels.ts';
import { Link } from '../router.tsx';

type Policy = ClientResponse<'GET /policies/{id}'>;

const days = (n: number) => (n > 0 ? `${n} 个工作日内` : '当日');

/** The steps a case of this policy goes through, each with its limit, as the approval chain runs them. */
function stepsOf(policy: Policy) {
  const limits = policy.timeLimits;
  if (policy.mode === 'auto') {
    return [
      { title: '主管部门核定名单', description: '企业无需申请' },
      { title: '联合审核', description: '有关部门核查信用等情况' },
      { title: '资金兑付', description: `${days(limits.payer)}拨付到企业账户` },
    ];
  }
  const process = processOf(policy);
  return [
    { title: '提交申请', description: CHANNEL_NAMES[policy.channel] },
    { title: '受理分办', description: days(limits.routing) },
    ...(process.eligibilityCheck ? [{ title: '资格预审', description: '系统按条件自动比对' }] : []),
    ...(process.initialReview ? [{ title: '初审', description: days(limits.initialReview) }] : []),
    ...(process.substantiveReview
      ? [{ title: '实地核查或专家评审', description: days(limits.substantiveReview) }]
      : []),
    { title: '部门决定', description: '核定兑付金额；不予通过的说明理由' },
    {
      title: '联合审核',
      description: process.jointReview === 'before_decision' ? '在部门决定之前' : '在部门决定之后',
    },
    ...(process.announcementDays > 0
      ? [{ title: '公示', description: `${process.announcementDays} 个工作日` }]
      : []),
    { title: '资金兑付', description: `${days(limits.payer)}拨付到企业账户` },
  ];
}

export function PolicyPage({ id }: { id: string }) {
  const found = useQuery({
    queryKey: ['policy', id],
    queryFn: () => api.call('GET /policies/{id}', { path: { id } }),
    retry: (count, error) => !(error instanceof ApiError && error.status === 404) && count < 1,
  });
  if (found.isError) {
    const missing = found.error instanceof ApiError && found.error.status === 404;
    return (
      <Alert
        type={missing ? 'warning' : 'error'}
        showIcon
        message={missing ? '没有找到这项政策' : '暂时无法读取这项政策'}
        description={missing ? '它可能已废止或编号有误。' : '请检查网络后重试。'}
        action={<Link to="/">返回政策目录</Link>}
      />
    );
  }
  const policy = found.data;
  if (!policy) return <Typography.Paragraph>正在读取办事指南……</Typography.Paragraph>;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Link to="/">← 返回政策目录</Link>
      <div>
        <Typography.Title level={1} style={{ marginTop: 0 }}>
          {policy.name}
        </Typography.Title>
        <Space wrap>
          <Tag color={MODE_COLOURS[policy.mode]}>{MODE_NAMES[policy.mode]}</Tag>
          <Tag>{policy.departmentName}</Tag>
          <Tag>{policy.groupName}</Tag>
        </Space>
        <Typography.Paragraph style={{ marginTop: 8 }}>{MODE_HINTS[policy.mode]}</Typography.Paragraph>
      </div>
      {policy.status === 'suspended' ? (
        <Alert type="warning" showIcon message="本政策暂停受理" description="恢复受理后可再申请。" />
      ) : null}
      <Descriptions bordered column={1} size="middle" styles={{ label: { width: '8em' } }}>
        <Descriptions.Item label="兑付标准">{amountRuleText(policy.amountRule)}</Descriptions.Item>
        <Descriptions.Item label="享受对象">
          <Typography.Paragraph style={{ whiteSpace: 'pre-line', margin: 0 }}>
            {policy.eligibility.text}
          </Typography.Paragraph>
        </Descriptions.Item>
        <Descriptions.Item label="设立依据">
          <Typography.Paragraph style={{ whiteSpace: 'pre-line', margin: 0 }}>
            {policy.basis}
          </Typography.Paragraph>
        </Descriptions.Item>
        <Descriptions.Item label="主管部门">{policy.departmentName}</Descriptions.Item>
        <Descriptions.Item label="办理渠道">{CHANNEL_NAMES[policy.channel]}</Descriptions.Item>
        <Descriptions.Item label="有效期">
          {policy.effectiveFrom} 起{policy.effectiveTo ? `，至 ${policy.effectiveTo}` : '，长期有效'}
        </Descriptions.Item>
      </Descriptions>
      {policy.mode === 'auto' ? null : (
        <section aria-labelledby="materials">
          <Typography.Title level={2} id="materials">
            申请材料
          </Typography.Title>
          <List
            bordered
            dataSource={policy.materials}
            locale={{ emptyText: '无需提交材料' }}
            renderItem={(material) => (
              <List.Item>
                {material.name}{' '}
                {material.required ? <Tag color={TAG_COLOURS.red}>必交</Tag> : <Tag>如有请交</Tag>}
              </List.Item>
            )}
          />
        </section>
      )}
      <section aria-labelledby="process">
        <Typography.Title level={2} id="process">
          办理流程与时限
        </Typography.Title>
        <Timeline
          items={stepsOf(policy).map((step) => ({
            children: (
              <>
                <Typography.Text strong>{step.title}</Typography.Text>
                <div>{step.description}</div>
              </>
            ),
          }))}
        />
      </section>
      {policy.mode === 'auto' ? (
        <Alert
          type="success"
          showIcon
          message="本政策免于申请"
          description="符合条件的企业由主管部门列入名单，资金直接拨付到企业登记的银行账户。请确认企业银行账户信息准确。"
        />
      ) : (
        <Alert
          type="info"
          showIcon
          message="如何申请"
          description={
            policy.channel === 'online'
              ? '准备好上面的申请材料（扫描件或电子文件），登录后在线提交；也可带材料到县政务服务中心惠企政策专窗办理。'
              : `准备好上面的申请材料，${CHANNEL_NAMES[policy.channel]}。`
          }
          action={
            policy.channel === 'online' && policy.status === 'published' ? (
              <Link to={`/policies/${encodeURIComponent(policy.id)}/apply`} className="primary-link">
                在线申请
              </Link>
            ) : undefined
          }
        />
      )}
    </Space>
  );
}
