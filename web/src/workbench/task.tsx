// 办理审核任务: everything a reviewer needs beside the decision — the case, its guide, its materials, its history,
// earlier findings — and the decision itself, made once. A colleague's earlier decision is said by name.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Radio,
  Row,
  Typography,
} from 'antd';
import { useState } from 'react';
import type { ClientRequest, ClientResponse } from '../../../shared/api/contract.ts';
import { capOf } from '../../../shared/catalog/amount-cap.ts';
import { api } from '../api.ts';
import { CaseTimeline } from '../components/case-timeline.tsx';
import { Refusal } from '../components/refusal.tsx';
import { amountRuleText, CASE_STATUS_NAMES, TASK_STEP_NAMES, when, yuan } from '../labels.ts';
import { Link } from '../router.tsx';
import { Deadline } from './deadline.tsx';
import type { ScreenProps } from './screens.ts';
import { enterpriseOf, policyOf, type Task } from './tasks.tsx';

type Outcome = ClientRequest<'POST /tasks/{id}/decision'>['body']['outcome'];
type CaseRecord = ClientResponse<'GET /applications/{id}'>;
type Guide = ClientResponse<'GET /policies/{id}/versions/{version}'>;

/** What each outcome is called at each kind of step: a listing is cleared or upheld, an objection founded or not. */
function outcomesOf(step: Task['step']): { value: Outcome; label: string }[] {
  if (step === 'joint_review')
    return [
      { value: 'approve', label: '核实排除，可继续办理' },
      { value: 'reject', label: '情况属实，不予兑付' },
    ];
  if (step === 'objection')
    return [
      { value: 'approve', label: '异议不成立，继续兑付' },
      { value: 'reject', label: '异议成立，不予兑付' },
    ];
  return [
    { value: 'approve', label: step === 'department_decision' ? '批准' : '通过' },
    { value: 'return', label: '退回补正' },
    { value: 'reject', label: '不予通过' },
  ];
}

interface Fields {
  outcome: Outcome;
  amountYuan?: number;
  reason?: string;
  explanation?: string;
}

type Decided = ClientResponse<'POST /tasks/{id}/decision'>;

/** What was decided, kept on screen after the task has left the inbox the screen reads it from. */
function DecisionMade({ decided }: { decided: Decided }) {
  return (
    <Alert
      type="success"
      showIcon
      role="status"
      message="已作出决定"
      description={`${outcomesOf(decided.step).find((o) => o.value === decided.decision?.outcome)?.label ?? ''}${
        decided.decision?.amountFen === undefined ? '' : `，核定金额 ${yuan(decided.decision.amountFen)}`
      }。办件已按审批流程进入下一环节。`}
      action={<Link to="/work/tasks">回到待办审核</Link>}
    />
  );
}

function Decision(props: { task: Task; cap?: number; token: string; onDecided: (decided: Decided) => void }) {
  const { task, cap, token } = props;
  const queries = useQueryClient();
  const [form] = Form.useForm<Fields>();
  const outcome = Form.useWatch('outcome', form);
  const decide = useMutation({
    mutationFn: (fields: Fields) =>
      api.call(
        'POST /tasks/{id}/decision',
        {
          path: { id: task.id },
          body: {
            outcome: fields.outcome,
            ...(fields.amountYuan !== undefined && fields.outcome === 'approve'
              ? { amountFen: Math.round(fields.amountYuan * 100) }
              : {}),
            ...(fields.reason?.trim() ? { reason: fields.reason.trim() } : {}),
            ...(fields.explanation?.trim() ? { explanation: fields.explanation.trim() } : {}),
          },
        },
        token,
      ),
    onSuccess: (answer) => {
      props.onDecided(answer);
      void queries.invalidateQueries({ queryKey: ['tasks'] });
    },
  });
  const asksAmount = task.step === 'department_decision';
  return (
    <Card title="作出决定">
      <Form<Fields>
        form={form}
        layout="vertical"
        initialValues={{
          ...(task.caseSummary?.requestedAmountFen === undefined
            ? {}
            : { amountYuan: task.caseSummary.requestedAmountFen / 100 }),
        }}
        onFinish={(fields) => decide.mutate(fields)}
      >
        <Form.Item label="审核结论" name="outcome" rules={[{ required: true, message: '请选择审核结论' }]}>
          <Radio.Group options={outcomesOf(task.step)} />
        </Form.Item>
        {asksAmount && outcome === 'approve' ? (
          <Form.Item
            label="核定金额（元）"
            name="amountYuan"
            extra={cap === undefined ? undefined : `本政策上限 ${yuan(cap)}`}
            rules={[
              { required: true, message: '批准时须填写核定金额' },
              {
                validator: async (_, value?: number) => {
                  if (value !== undefined && cap !== undefined && Math.round(value * 100) > cap)
                    throw new Error(`核定金额不能超过政策上限 ${yuan(cap)}`);
                },
              },
            ]}
          >
            <InputNumber min={0.01} precision={2} style={{ width: 220 }} />
          </Form.Item>
        ) : null}
        {outcome === 'return' || outcome === 'reject' ? (
          <Form.Item
            label={outcome === 'return' ? '需补正的内容' : '不予通过的原因'}
            name="reason"
            rules={[
              {
                required: true,
                whitespace: true,
                message: outcome === 'return' ? '请写明需补正的内容' : '请说明原因',
              },
            ]}
            extra={outcome === 'return' ? '企业将看到这段话并据此补正，请写清缺什么、怎么补。' : undefined}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        ) : null}
        {outcome === 'reject' && task.step !== 'joint_review' && task.step !== 'objection' ? (
          <Form.Item
            label="政策解释"
            name="explanation"
            rules={[{ required: true, whitespace: true, message: '不予通过时须向企业解释政策' }]}
            extra="用企业看得懂的话说明依据哪条规定、为何不符合。"
          >
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
        ) : null}
        {outcome === 'approve' && task.step !== 'department_decision' ? (
          <Form.Item label="审核意见（可不填）" name="reason">
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        ) : null}
        {decide.isError ? (
          <div style={{ marginBottom: 16 }}>
            <Refusal error={decide.error} title="决定没有提交成功" />
          </div>
        ) : null}
        <Button type="primary" htmlType="submit" loading={decide.isPending} size="large">
          提交决定
        </Button>
      </Form>
    </Card>
  );
}

const sizeText = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The case as the department holds it: the guide it was filed under, the files, the history. */
function CaseFacts({ record, guide, token }: { record: CaseRecord; guide?: Guide; token: string }) {
  const materials = useQuery({
    queryKey: ['case-materials', record.id, token],
    queryFn: () => api.call('GET /applications/{id}/materials', { path: { id: record.id } }, token),
    // The links are presigned for minutes: fetch them fresh when the screen is opened again.
    staleTime: 60_000,
  });
  return (
    <Flex vertical gap="middle">
      <Card title="申请材料" size="small">
        <List
          loading={materials.isLoading}
          dataSource={materials.data?.items ?? []}
          locale={{ emptyText: '未提交材料' }}
          renderItem={(material) => (
            <List.Item>
              <Flex vertical>
                <a href={material.download.url} target="_blank" rel="noreferrer">
                  {material.materialName ? `${material.materialName}：` : ''}
                  {material.fileName}
                </a>
                <Typography.Text type="secondary">
                  {sizeText(material.sizeBytes)} · 上传于 {when(material.createdAt)}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
        {guide ? (
          <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>
            办事指南要求：
            {guide.materials.map((m) => `${m.name}${m.required ? '（必交）' : ''}`).join('、') || '无'}
          </Typography.Paragraph>
        ) : null}
      </Card>
      <Card title="预审结果（受理时）" size="small">
        {record.eligibility?.length ? (
          <List
            size="small"
            dataSource={record.eligibility}
            renderItem={(reason) => (
              <List.Item>
                <Typography.Text type={reason.met ? 'success' : 'danger'}>
                  {reason.met ? '✓ 符合：' : '✗ 不符合：'}
                  {reason.message}
                </Typography.Text>
              </List.Item>
            )}
          />
        ) : (
          <Typography.Text>本政策未设可自动核对的条件，请按享受对象的文字和申请材料审核。</Typography.Text>
        )}
      </Card>
      {guide ? (
        <Card title={`办事指南（第 ${record.policyVersion} 版）`} size="small">
          <Descriptions column={1} size="small">
            <Descriptions.Item label="享受条件">{guide.eligibility.text}</Descriptions.Item>
            <Descriptions.Item label="兑现标准">{amountRuleText(guide.amountRule)}</Descriptions.Item>
            <Descriptions.Item label="政策依据">{guide.basis}</Descriptions.Item>
          </Descriptions>
        </Card>
      ) : null}
      {record.jointReview?.length ? (
        <Card title="联合审核结果" size="small">
          <List
            dataSource={record.jointReview}
            renderItem={(hit) => (
              <List.Item>
                {hit.agencyId}：{hit.reason}（
                {hit.outcome === 'cleared' ? '已核实排除' : hit.outcome === 'upheld' ? '维持' : '核查中'}）
              </List.Item>
            )}
          />
        </Card>
      ) : null}
      <Card title="办理过程" size="small">
        <CaseTimeline timeline={record.timeline} showWho />
      </Card>
    </Flex>
  );
}

export function TaskScreen({ user, id }: ScreenProps) {
  const token = user.access_token;
  const tasks = useQuery({ queryKey: ['tasks', token], queryFn: () => api.call('GET /tasks', {}, token) });
  const [decided, setDecided] = useState<Decided>();
  const task = tasks.data?.items.find((t) => t.id === id);
  // Agencies see the hit, not the enterprise's file: the case is read only by those who handle it.
  const readsCase = task?.assigneeRole === 'department';
  const found = useQuery({
    queryKey: ['case', task?.caseId, token],
    queryFn: () => api.call('GET /applications/{id}', { path: { id: task?.caseId ?? '' } }, token),
    enabled: Boolean(task && readsCase),
  });
  const guide = useQuery({
    queryKey: ['guide', found.data?.policyId, found.data?.policyVersion],
    queryFn: () =>
      api.call(
        'GET /policies/{id}/versions/{version}',
        { path: { id: found.data?.policyId ?? '', version: String(found.data?.policyVersion) } },
        token,
      ),
    enabled: Boolean(found.data),
  });

  if (decided) return <DecisionMade decided={decided} />;
  if (tasks.isError) return <Refusal error={tasks.error} title="暂时无法读取待办任务" />;
  if (tasks.isLoading) return <Typography.Text>正在读取任务……</Typography.Text>;
  if (!task) {
    return (
      <Alert
        type="info"
        showIcon
        message="这项任务已经办结，或不在您的待办中"
        description="已作出决定的任务会离开待办列表；办件的后续进展可在办件中查看。"
        action={<Link to="/work/tasks">回到待办审核</Link>}
      />
    );
  }
  const summary = task.caseSummary;
  const cap = guide.data?.amountRule ? capOf(guide.data.amountRule) : undefined;
  return (
    <Flex vertical gap="middle">
      <Link to="/work/tasks">← 回到待办审核</Link>
      <div>
        <Typography.Title level={1} style={{ marginTop: 0, marginBottom: 4 }}>
          {TASK_STEP_NAMES[task.step]}：{enterpriseOf(task)}
        </Typography.Title>
        <Deadline task={task} />
      </div>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label="企业">{enterpriseOf(task)}</Descriptions.Item>
        <Descriptions.Item label="统一社会信用代码">{summary?.uscc}</Descriptions.Item>
        <Descriptions.Item label="政策">{policyOf(task)}</Descriptions.Item>
        <Descriptions.Item label="办件编号">{task.caseId}</Descriptions.Item>
        {summary?.requestedAmountFen === undefined ? null : (
          <Descriptions.Item label="申请金额">{yuan(summary.requestedAmountFen)}</Descriptions.Item>
        )}
        {summary?.approvedAmountFen === undefined ? null : (
          <Descriptions.Item label="核定金额">{yuan(summary.approvedAmountFen)}</Descriptions.Item>
        )}
        {found.data ? (
          <Descriptions.Item label="办件状态">{CASE_STATUS_NAMES[found.data.status]}</Descriptions.Item>
        ) : null}
        {found.data?.dueOn ? (
          <Descriptions.Item label="承诺办结日期">{found.data.dueOn}</Descriptions.Item>
        ) : null}
      </Descriptions>
      {task.hit ? (
        <Alert
          type="warning"
          showIcon
          message="本部门名单列入该企业"
          description={`列入原因：${task.hit.reason}`}
        />
      ) : null}
      {task.objection ? (
        <Alert
          type="warning"
          showIcon
          message="公示期间收到异议"
          description={`异议内容：${task.objection.reason}（提出人：${task.objection.raisedBy}）`}
        />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Decision
            task={task}
            token={token}
            onDecided={setDecided}
            {...(cap === undefined ? {} : { cap })}
          />
        </Col>
        <Col xs={24} lg={12}>
          {found.isError ? <Refusal error={found.error} title="暂时无法读取办件" /> : null}
          {found.data ? (
            <CaseFacts record={found.data} token={token} {...(guide.data ? { guide: guide.data } : {})} />
          ) : null}
        </Col>
      </Row>
    </Flex>
  );
}
