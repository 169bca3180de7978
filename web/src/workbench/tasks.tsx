// 待办审核: a department's or agency's open tasks, the most urgent first, each with the enterprise, the policy and
// the amount asked, so a reviewer can choose what to open without opening everything.
import { useQuery } from '@tanstack/react-query';
import { Button, Flex, Grid, Input, List, Select, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { ClientResponse } from '../../../shared/api/contract.ts';
import { api } from '../api.ts';
import { saveCsv } from '../components/download.ts';
import { Refusal } from '../components/refusal.tsx';
import { TASK_STEP_NAMES, yuan } from '../labels.ts';
import { Link } from '../router.tsx';
import { COLOUR_WORDS, colourOf, Deadline } from './deadline.tsx';
import type { ScreenProps } from './screens.ts';

export type Task = ClientResponse<'GET /tasks'>['items'][number];
type Colour = ReturnType<typeof colourOf>;

const URGENCY: Record<Colour, number> = { red: 0, yellow: 1, green: 2 };

/** Red before yellow before green, then the earliest deadline. */
export const byUrgency = (a: Task, b: Task) =>
  URGENCY[colourOf(a)] - URGENCY[colourOf(b)] || a.dueDate.localeCompare(b.dueDate);

export const enterpriseOf = (task: Task) => task.caseSummary?.enterpriseName ?? task.caseSummary?.uscc ?? '';
export const policyOf = (task: Task) => task.caseSummary?.policyName ?? task.caseSummary?.policyId ?? '';
const amountOf = (task: Task) =>
  task.caseSummary?.requestedAmountFen === undefined ? '' : yuan(task.caseSummary.requestedAmountFen);

function exportTasks(tasks: Task[]) {
  saveCsv(`待办审核-${new Date().toISOString().slice(0, 10)}.csv`, [
    ['办理期限', '时限状态', '企业', '统一社会信用代码', '政策', '环节', '申请金额（元）', '办件编号'],
    ...tasks.map((task) => [
      task.dueDate,
      COLOUR_WORDS[colourOf(task)],
      enterpriseOf(task),
      task.caseSummary?.uscc ?? '',
      policyOf(task),
      TASK_STEP_NAMES[task.step],
      task.caseSummary?.requestedAmountFen === undefined
        ? ''
        : (task.caseSummary.requestedAmountFen / 100).toFixed(2),
      task.caseId,
    ]),
  ]);
}

export function TasksScreen({ user }: ScreenProps) {
  const token = user.access_token;
  const tasks = useQuery({
    queryKey: ['tasks', token],
    queryFn: () => api.call('GET /tasks', {}, token),
    refetchInterval: 60_000,
  });
  const narrow = !Grid.useBreakpoint().md;
  const [step, setStep] = useState<Task['step']>();
  const [colour, setColour] = useState<Colour>();
  const [words, setWords] = useState('');
  const shown = useMemo(
    () =>
      (tasks.data?.items ?? [])
        .filter((task) => !step || task.step === step)
        .filter((task) => !colour || colourOf(task) === colour)
        .filter(
          (task) => !words || `${enterpriseOf(task)}${policyOf(task)}${task.caseId}`.includes(words.trim()),
        )
        .sort(byUrgency),
    [tasks.data, step, colour, words],
  );
  const late = (tasks.data?.items ?? []).filter((task) => colourOf(task) === 'red').length;

  if (tasks.isError) return <Refusal error={tasks.error} title="暂时无法读取待办任务" />;
  return (
    <Flex vertical gap="middle">
      <div>
        <Typography.Title level={1} style={{ marginTop: 0, marginBottom: 4 }}>
          待办审核
        </Typography.Title>
        <Typography.Text>
          共 {tasks.data?.items.length ?? 0} 件{late ? `，其中 ${late} 件已超期，请先办理` : ''}。
        </Typography.Text>
      </div>
      <Flex gap="small" wrap>
        <Input.Search
          aria-label="按企业、政策或办件编号查找"
          placeholder="企业、政策或办件编号"
          allowClear
          onSearch={setWords}
          style={{ maxWidth: 320 }}
        />
        <Select
          aria-label="环节"
          placeholder="全部环节"
          allowClear
          value={step}
          onChange={setStep}
          style={{ minWidth: 200 }}
          options={Object.entries(TASK_STEP_NAMES).map(([value, label]) => ({ value, label }))}
        />
        <Select
          aria-label="时限状态"
          placeholder="全部时限状态"
          allowClear
          value={colour}
          onChange={setColour}
          style={{ minWidth: 160 }}
          options={Object.entries(COLOUR_WORDS).map(([value, label]) => ({ value, label }))}
        />
        <Button onClick={() => exportTasks(shown)} disabled={!shown.length}>
          导出表格（CSV）
        </Button>
      </Flex>
      {narrow ? (
        // A phone has no room for six columns: each task is a card, the deadline and the enterprise first.
        <List<Task>
          loading={tasks.isLoading}
          dataSource={shown}
          pagination={{ pageSize: 20, hideOnSinglePage: true, size: 'small' }}
          locale={{ emptyText: '没有待办任务' }}
          renderItem={(task) => (
            <List.Item>
              <Flex vertical gap={4}>
                <Deadline task={task} />
                <Link to={`/work/tasks/${encodeURIComponent(task.id)}`}>{enterpriseOf(task)}</Link>
                <Typography.Text>{policyOf(task)}</Typography.Text>
                <Typography.Text type="secondary">
                  {TASK_STEP_NAMES[task.step]}
                  {amountOf(task) ? ` · 申请 ${amountOf(task)}` : ''}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      ) : (
        <Table<Task>
          rowKey="id"
          loading={tasks.isLoading}
          dataSource={shown}
          scroll={{ x: 900 }}
          pagination={{ pageSize: 20, showTotal: (total) => `共 ${total} 件`, hideOnSinglePage: true }}
          locale={{ emptyText: '没有待办任务' }}
          columns={[
            { title: '办理期限', key: 'due', render: (_, task) => <Deadline task={task} />, width: 240 },
            {
              title: '企业',
              key: 'enterprise',
              render: (_, task) => (
                <Link to={`/work/tasks/${encodeURIComponent(task.id)}`}>{enterpriseOf(task)}</Link>
              ),
            },
            { title: '政策', key: 'policy', render: (_, task) => policyOf(task) },
            { title: '环节', key: 'step', render: (_, task) => TASK_STEP_NAMES[task.step], width: 170 },
            {
              title: '申请金额',
              key: 'amount',
              render: (_, task) => amountOf(task),
              align: 'right',
              width: 130,
            },
            {
              title: '操作',
              key: 'open',
              width: 90,
              render: (_, task) => (
                <Link
                  to={`/work/tasks/${encodeURIComponent(task.id)}`}
                  aria-label={`办理：${enterpriseOf(task)}`}
                >
                  办理
                </Link>
              ),
            },
          ]}
        />
      )}
    </Flex>
  );
}
