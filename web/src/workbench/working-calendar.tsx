// 工作日历: the year's holidays and make-up working days every time limit counts by; when the State Council publishes
// a new year's arrangement, the admin loads it here, day by day as the notice lists them.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, Flex, Input, InputNumber, Row, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ClientResponse } from '../../../shared/api/contract.ts';
import { api } from '../api.ts';
import { Refusal } from '../components/refusal.tsx';
import { TAG_COLOURS } from '../labels.ts';
import type { ScreenProps } from './screens.ts';

type CalendarView = ClientResponse<'GET /calendar/{year}'>;
type Day = CalendarView['holidays'][number];

const SOURCE_NAMES: Record<CalendarView['source'], { text: string; colour: string }> = {
  loaded: { text: '已导入', colour: TAG_COLOURS.green },
  built_in: { text: '随版本内置', colour: TAG_COLOURS.blue },
  unpublished: { text: '尚未公布：暂按周一至周五计', colour: TAG_COLOURS.orange },
};

/** "2027-01-01 元旦" a line; anything else is named back to the admin rather than dropped. */
function daysOf(text: string): { days: Day[]; bad: string[] } {
  const days: Day[] = [];
  const bad: string[] = [];
  for (const line of text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    const match = /^(\d{4}-\d{2}-\d{2})[\s，,]+(.+)$/.exec(line);
    if (match?.[1] && match[2]) days.push({ date: match[1], name: match[2].trim() });
    else bad.push(line);
  }
  return { days, bad };
}

const linesOf = (days: Day[]) => days.map((d) => `${d.date} ${d.name}`).join('\n');

function YearEditor({ view, token }: { view: CalendarView; token: string }) {
  const queries = useQueryClient();
  const [holidays, setHolidays] = useState(linesOf(view.holidays));
  const [makeups, setMakeups] = useState(linesOf(view.makeupWorkdays));
  const parsedHolidays = daysOf(holidays);
  const parsedMakeups = daysOf(makeups);
  const bad = [...parsedHolidays.bad, ...parsedMakeups.bad];
  const load = useMutation({
    mutationFn: () =>
      api.call(
        'PUT /calendar/{year}',
        {
          path: { year: view.year },
          body: { holidays: parsedHolidays.days, makeupWorkdays: parsedMakeups.days },
        },
        token,
      ),
    onSuccess: (loaded) => queries.setQueryData(['calendar', view.year], loaded),
  });
  return (
    <Card title={`导入 ${view.year} 年节假日安排`}>
      <Typography.Paragraph type="secondary">
        按国务院办公厅通知逐日填写，每行一天：日期 + 节日名称，如“{view.year}-10-01
        国庆节”。导入后，新受理办件的时限即按此计算。
      </Typography.Paragraph>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <label htmlFor="calendar-holidays">放假日期</label>
          <Input.TextArea
            id="calendar-holidays"
            rows={10}
            value={holidays}
            onChange={(event) => setHolidays(event.target.value)}
          />
        </Col>
        <Col xs={24} md={12}>
          <label htmlFor="calendar-makeups">调休上班日期（周末上班）</label>
          <Input.TextArea
            id="calendar-makeups"
            rows={10}
            value={makeups}
            onChange={(event) => setMakeups(event.target.value)}
          />
        </Col>
      </Row>
      {bad.length ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 12 }}
          message="以下几行看不懂，请按“日期 节日名称”填写"
          description={bad.join('；')}
        />
      ) : null}
      {load.isError ? <Refusal error={load.error} title="日历没有导入" /> : null}
      {load.isSuccess ? (
        <Alert type="success" showIcon style={{ marginTop: 12 }} message="已导入并记入审计记录" />
      ) : null}
      <Button
        type="primary"
        style={{ marginTop: 12 }}
        disabled={bad.length > 0 || parsedHolidays.days.length === 0}
        loading={load.isPending}
        onClick={() => load.mutate()}
      >
        导入 {view.year} 年日历
      </Button>
    </Card>
  );
}

export function WorkingCalendarScreen({ user }: ScreenProps) {
  const [year, setYear] = useState(new Date().getFullYear() + 1);
  const calendar = useQuery({
    queryKey: ['calendar', year],
    queryFn: () => api.call('GET /calendar/{year}', { path: { year } }),
  });
  const view = calendar.data;
  const days = view
    ? [
        ...view.holidays.map((d) => ({ ...d, kind: '放假' })),
        ...view.makeupWorkdays.map((d) => ({ ...d, kind: '调休上班' })),
      ].sort((a, b) => a.date.localeCompare(b.date))
    : [];
  return (
    <Flex vertical gap="middle">
      <Typography.Title level={1} style={{ margin: 0 }}>
        工作日历
      </Typography.Title>
      <Flex gap={12} align="center" wrap>
        <label htmlFor="calendar-year">年份</label>
        <InputNumber
          id="calendar-year"
          min={2000}
          max={2100}
          precision={0}
          value={year}
          onChange={(value) => value && setYear(value)}
        />
        {view ? <Tag color={SOURCE_NAMES[view.source].colour}>{SOURCE_NAMES[view.source].text}</Tag> : null}
      </Flex>
      {calendar.isError ? <Refusal error={calendar.error} title="暂时无法读取工作日历" /> : null}
      <Table
        rowKey="date"
        size="small"
        loading={calendar.isLoading}
        dataSource={days}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: <Empty description="该年度节假日安排尚未公布或未导入" /> }}
        columns={[
          { title: '日期', dataIndex: 'date' },
          { title: '节日', dataIndex: 'name' },
          { title: '安排', dataIndex: 'kind' },
        ]}
      />
      {view ? <YearEditor key={view.year} view={view} token={user.access_token} /> : null}
    </Flex>
  );
}
