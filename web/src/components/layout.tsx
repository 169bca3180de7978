// The frame of every screen: the platform's name, the way back to the catalog, and the large-text switch (适老化).
import { Layout as AntLayout, Flex, Switch, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from '../router.tsx';

export function Layout(props: {
  largeText: boolean;
  onLargeText: (on: boolean) => void;
  children: ReactNode;
}) {
  return (
    <AntLayout className="frame">
      <a className="skip-link" href="#main">
        跳到正文
      </a>
      <AntLayout.Header className="frame-header">
        <Flex justify="space-between" align="center" gap="middle" wrap>
          <Link to="/" className="frame-title">
            惠企兑付 · 定南县
          </Link>
          <Flex align="center" gap="small">
            <label htmlFor="large-text">大字模式</label>
            <Switch id="large-text" checked={props.largeText} onChange={props.onLargeText} />
          </Flex>
        </Flex>
      </AntLayout.Header>
      <AntLayout.Content id="main" className="frame-content" tabIndex={-1}>
        {props.children}
      </AntLayout.Content>
      <AntLayout.Footer className="frame-footer">
        <Typography.Text type="secondary">
          政策咨询请联系各主管部门，或到县政务服务中心惠企政策专窗。金额以元显示，办理时限按工作日计。
        </Typography.Text>
      </AntLayout.Footer>
    </AntLayout>
  );
}
