// Where the identity provider sends a person back after signing in: finish it, then go where they were going.
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { completeSignIn } from '../auth.ts';
import { Link, navigate } from '../router.tsx';

export function CallbackPage() {
  const queries = useQueryClient();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    completeSignIn()
      .then(async (returnTo) => {
        await queries.invalidateQueries({ queryKey: ['user'] });
        navigate(returnTo);
      })
      .catch(() => setFailed(true));
  }, [queries]);
  if (failed) {
    return (
      <Alert
        type="warning"
        showIcon
        message="登录没有完成"
        description="可能已取消登录或登录已过期。"
        action={<Link to="/me">重新登录</Link>}
      />
    );
  }
  return <Spin tip="正在完成登录……" size="large" fullscreen />;
}
