// 一网查询: every policy of the county in plain Chinese, found by name, department or mode, newest rules first.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Flex, Input, List, Radio, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ClientResponse } from '../../../shared/api/contract.ts';
import { api } from '../api.ts';
import { amountRuleText, MODE_COLOURS, MODE_HINTS, MODE_NAMES, TAG_COLOURS } from '../labels.ts';
import { Link } from '../router.tsx';

type Mode = ClientResponse<'GET /policies/{id}'>['mode'];
const MODE_CHOICES = [
  { label: '全部', value: 'all' },
  ...(['auto', 'instant', 'review'] as const).map((mode) => ({ label: MODE_NAMES[mode], value: mode })),
];

export function CatalogPage() {
  const [keyword, setKeyword] = useState('');
  const [department, setDepartment] = useState<string | undefined>();
  const [mode, setMode] = useState<Mode | 'all'>('all');
  const [effectiveOn, setEffectiveOn] = useState('');
  const departments = useQuery({
    queryKey: ['departments'],
    queryFn: () => api.call('GET /departments', {}),
  });
  const policies = useInfiniteQuery({
    queryKey: ['policies', keyword, department, mode, effectiveOn],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api.call('GET /policies', {
        query: {
          keyword: keyword || undefined,
          department,
          mode: mode === 'all' ? undefined : mode,
          effectiveOn: effectiveOn || undefined,
          cursor: pageParam,
          limit: 20,
        },
      }),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const items = policies.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={1} style={{ marginTop: 0 }}>
          惠企政策一网查询
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          输入政策名称中的关键词，或按主管部门、兑付方式、有效日期筛选；点开一项可查看办事指南。
        </Typography.Paragraph>
      </div>
      <Flex gap="middle" wrap>
        <Input.Search
          aria-label="按政策名称搜索"
          placeholder="例如：旅游、入规、人才"
          allowClear
          enterButton="搜索"
          onSearch={(value) => setKeyword(value.trim())}
          style={{ flex: '1 1 280px' }}
        />
        <Select
          aria-label="主管部门"
          placeholder="全部主管部门"
          allowClear
          value={department}
          onChange={setDepartment}
          loading={departments.isLoading}
          options={departments.data?.items.map((d) => ({ label: d.name, value: d.id }))}
          style={{ flex: '1 1 200px' }}
        />
        <Input
          type="date"
          aria-label="在此日期有效的政策"
          title="只看在此日期有效的政策"
          value={effectiveOn}
          onChange={(event) => setEffectiveOn(event.target.value)}
          style={{ flex: '0 1 180px' }}
        />
      </Flex>
      <Radio.Group
        aria-label="兑付方式"
        optionType="button"
        buttonStyle="solid"
        options={MODE_CHOICES}
        value={mode}
        onChange={(event) => setMode(event.target.value as Mode | 'all')}
        style={{ display: 'flex', flexWrap: 'wrap', rowGap: 8 }}
      />
      {policies.isError ? (
        <Alert
          type="error"
          showIcon
          message="暂时无法读取政策目录"
          description="请检查网络后点“重试”；仍不行请联系县政务服务中心。"
          action={<Button onClick={() => policies.refetch()}>重试</Button>}
        />
      ) : (
        <List
          loading={policies.isLoading}
          dataSource={items}
          locale={{ emptyText: <Empty description="没有找到符合条件的政策，换个关键词或清除筛选试试" /> }}
          renderItem={(policy) => (
            <List.Item key={policy.id}>
              <Card style={{ width: '100%' }} size="small">
                <Flex vertical gap={4}>
                  <Link to={`/policies/${encodeURIComponent(policy.id)}`}>
                    <Typography.Text strong style={{ fontSize: '1.1em' }}>
                      {policy.name}
                    </Typography.Text>
                  </Link>
                  <Flex gap={4} wrap>
                    <Tag color={MODE_COLOURS[policy.mode]}>{MODE_NAMES[policy.mode]}</Tag>
                    <Tag>{policy.departmentName}</Tag>
                    {policy.status === 'suspended' ? <Tag color={TAG_COLOURS.red}>暂停受理</Tag> : null}
                  </Flex>
                  <Typography.Text type="secondary">{MODE_HINTS[policy.mode]}</Typography.Text>
                  <Typography.Text>兑付标准：{amountRuleText(policy.amountRule)}</Typography.Text>
                </Flex>
              </Card>
            </List.Item>
          )}
        />
      )}
      {policies.hasNextPage ? (
        <Button block onClick={() => policies.fetchNextPage()} loading={policies.isFetchingNextPage}>
          加载更多政策
        </Button>
      ) : null}
    </Space>
  );
}
