// 办件详情: where a case stands, what was decided and why, what to correct after a return (补正), its whole history,
// and the rating (好差评) once it has ended.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Flex, Input, Rate, Space, Tag, Typography } from 'antd';
import type { User } from 'oidc-client-ts';
import { useState } from 'react';
import type { ClientResponse } from '../../../shared/api/contract.ts';
import { CASE_EVENTS } from '../../../shared/cases/lifecycle.ts';
import { api } from '../api.ts';
import { CaseTimeline } from '../components/case-timeline.tsx';
import { Refusal } from '../components/refusal.tsx';
import { Resubmission } from '../components/resubmission.tsx';
import { SignedIn } from '../components/signed-in.tsx';
import { CASE_STATUS_COLOURS, CASE_STATUS_NAMES, when, yuan } from '../labels.ts';
import { Link } from '../router.tsx';

type CaseRecord = ClientResponse<'GET /applications/{id}'>;

const RATEABLE: readonly string[] = CASE_EVENTS.rated.from;
const SCORE_WORDS = ['非常不满意', '不满意', '一般', '满意', '非常满意'];

function Rating({ record, token }: { record: CaseRecord; token: string }) {
  const queries = useQueryClient();
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const rate = useMutation({
    mutationFn: () =>
      api.call(
        'POST /applications/{id}/rating',
        { path: { id: record.id }, body: { score, ...(comment.trim() ? { comment: comment.trim() } : {}) } },
        token,
      ),
    onSuccess: (updated) => queries.setQueryData(['case', record.id, token], updated),
  });
  if (record.rating) {
    return (
      <Card title="您的评价">
        <Typography.Text>
          {record.rating.score} 分（{SCORE_WORDS[record.rating.score - 1]}）
          {record.rating.comment ? `：${record.rating.comment}` : ''}
        </Typography.Text>
      </Card>
    );
  }
  return (
    <Card title="评价本次服务（好差评）">
      <Flex vertical gap={8}>
        <span id="rating-label">请为本次办理打分</span>
        <Flex gap={12} align="center" wrap>
          <Rate aria-labelledby="rating-label" tooltips={SCORE_WORDS} value={score} onChange={setScore} />
          <span aria-live="polite">{score ? `${score} 分：${SCORE_WORDS[score - 1]}` : '尚未打分'}</span>
        </Flex>
        <label htmlFor="rating-comment">意见建议（选填）</label>
        <Input.TextArea
          id="rating-comment"
          rows={2}
          maxLength={500}
          value={comment}
          onChange={(event) => setComment(event.target.value)}
        />
        {rate.isError ? <Refusal error={rate.error} title="评价没有提交成功" /> : null}
        <div>
          <Button
            type="primary"
            disabled={score === 0}
            loading={rate.isPending}
            onClick={() => rate.mutate()}
          >
            提交评价
          </Button>
        </div>
      </Flex>
    </Card>
  );
}

function CaseView({ id, user }: { id: string; user: User }) {
  const token = user.access_token;
  const found = useQuery({
    queryKey: ['case', id, token],
    queryFn: () => api.call('GET /applications/{id}', { path: { id } }, token),
  });
  if (found.isError)
    return <Refusal error={found.error} title="没有找到这件办件" action={<Link to="/me">返回我的</Link>} />;
  const record = found.data;
  if (!record) return <Typography.Paragraph>正在读取办件……</Typography.Paragraph>;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Link to="/me">← 返回我的</Link>
      <div>
        <Typography.Title level={1} style={{ marginTop: 0 }}>
          {record.policyName ?? `政策事项 ${record.policyId}`}
        </Typography.Title>
        <Tag color={CASE_STATUS_COLOURS[record.status]} style={{ fontSize: '1em', padding: '2px 8px' }}>
          {CASE_STATUS_NAMES[record.status]}
        </Tag>
      </div>
      {record.status === 'returned' ? <Resubmission record={record} token={token} /> : null}
      {record.status === 'rejected' ? (
        <Alert
          type="error"
          showIcon
          message={`不予通过：${record.decisionReason ?? ''}`}
          description={
            <>
              {record.decisionExplanation ? <div>政策解释：{record.decisionExplanation}</div> : null}
              <div>如有异议，可向主管部门咨询或到县政务服务中心惠企政策专窗反映。</div>
            </>
          }
        />
      ) : null}
      {record.status === 'announced' && record.announcementEndsOn ? (
        <Alert
          type="info"
          showIcon
          message={`公示中，至 ${record.announcementEndsOn} 结束`}
          description="公示期满无异议后，资金将拨付到企业账户。"
        />
      ) : null}
      <Descriptions bordered column={1} size="small" styles={{ label: { width: '8em' } }}>
        <Descriptions.Item label="办件编号">
          <Typography.Text copyable>{record.id}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="受理时间">{when(record.createdAt)}</Descriptions.Item>
        {record.dueOn ? <Descriptions.Item label="承诺办结日期">{record.dueOn}</Descriptions.Item> : null}
        <Descriptions.Item label="申请金额">
          {record.requestedAmountFen === undefined ? '由主管部门核定' : yuan(record.requestedAmountFen)}
        </Descriptions.Item>
        {record.approvedAmountFen === undefined ? null : (
          <Descriptions.Item label="核定金额">{yuan(record.approvedAmountFen)}</Descriptions.Item>
        )}
        {record.paidAt ? <Descriptions.Item label="到账时间">{when(record.paidAt)}</Descriptions.Item> : null}
        {record.decisionReason && record.status !== 'rejected' ? (
          <Descriptions.Item label="审批意见">{record.decisionReason}</Descriptions.Item>
        ) : null}
      </Descriptions>
      <section aria-labelledby="history">
        <Typography.Title level={2} id="history">
          办理过程
        </Typography.Title>
        <CaseTimeline timeline={record.timeline} />
      </section>
      {RATEABLE.includes(record.status) ? <Rating record={record} token={token} /> : null}
    </Space>
  );
}

export function CasePage({ id }: { id: string }) {
  return (
    <SignedIn roles={['enterprise']} purpose="查看办件">
      {(user) => <CaseView id={id} user={user} />}
    </SignedIn>
  );
}
