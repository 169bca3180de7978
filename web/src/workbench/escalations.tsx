// 督办事项: the head of a department or agency sees the unit's tasks the SLA sweep escalated — how late each is,
// who holds it, since when it was escalated — to chase them, latest first.
import { useQuery } from '@tanstack/react-query';
import { Button, Flex, Table, Typography } from 'antd';
import { api } from '../api.ts';
import { saveCsv } from '../components/download.ts';
import { Refusal } from '../components/refusal.tsx';
import { TASK_STEP_NAMES, when } from '../labels.ts';
import { Deadline, daysLate } from './deadline.tsx';
import { useDepartmentNames } from './parts.tsx';
import type { ScreenProps } from './screens.ts';
import { enterpriseOf, policyOf, type Task } from './tasks.tsx';

export function EscalationsScreen({ user }: ScreenProps) {
  const token = user.access_token;
  const escalated = useQuery({
    queryKey: ['escalations', token],
    queryFn: () => api.call('GET /escalations', {}, token),
    refetchInterval: 60_000,
  });
  // The unit's departments by name; an agency's own id is shown as it is.
  const departmentName = useDepartmentNames();
  const holderOf = (task: Task) => departmentName(task.assigneeId);
  const items = [...(escalated.data?.items ?? [])].sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  if (escalated.isError) return <Refusal error={escalated.error} title="暂时无法读取督办事项" />;
  const save = () =>
    saveCsv(`督办事项-${new Date().toISOString().slice(0, 10)}.csv`, [
      ['办理期限', '超期天数', '企业', '政策', '环节', '承办单位', '督办时间'],
      ...items.map((task) => [
        task.dueDate,
        daysLate(task.dueDate),
        enterpriseOf(task),
        policyOf(task),
        TASK_STEP_NAMES[task.step],
        holderOf(task),
        task.escalatedAt ? when(task.escalatedAt) : '',
      ]),
    ]);
  return (
    <Flex vertical gap="middle">
      <div>
        <Typography.Title level={1} style={{ marginTop: 0, marginBottom: 4 }}>
          督办事项
        </Typography.Title>
        <Typography.Text>
          {items.length
            ? `共 ${items.length} 件超期任务被督办，请督促承办人尽快办理。`
            : '目前没有被督办的超期任务。'}
        </Typography.Text>
      </div>
      <Flex>
        <Button onClick={save} disabled={!items.length}>
          导出表格（CSV）
        </Button>
      </Flex>
      <Table<Task>
        rowKey="id"
        loading={escalated.isLoading}
        dataSource={items}
        scroll={{ x: 900 }}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => `共 ${total} 件` }}
        locale={{ emptyText: '没有督办事项' }}
        columns={[
          { title: '办理期限', key: 'due', render: (_, task) => <Deadline task={task} />, width: 260 },
          { title: '企业', key: 'enterprise', render: (_, task) => enterpriseOf(task) },
          { title: '政策', key: 'policy', render: (_, task) => policyOf(task) },
          { title: '环节', key: 'step', render: (_, task) => TASK_STEP_NAMES[task.step], width: 170 },
          { title: '承办单位', key: 'holder', render: (_, task) => holderOf(task), width: 150 },
          {
            title: '督办时间',
            key: 'escalated',
            render: (_, task) => (task.escalatedAt ? when(task.escalatedAt) : ''),
            width: 180,
          },
        ]}
      />
    </Flex>
  );
}
