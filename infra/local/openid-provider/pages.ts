// The local OpenID provider's pages, in Chinese and self-contained: sign-in, sign-out, and its error page.
import type { DemoIdentity } from '../demo-identities.ts';

const ROLE_NAMES: Record<string, string> = {
  enterprise: '企业',
  window: '专窗工作人员',
  department: '政策主管部门',
  agency: '联审部门',
  payer: '兑付（行政审批局）',
  finance: '财政局',
  admin: '平台管理员',
};

/** No script and nothing from elsewhere: styles inline, forms posting back to this origin. */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export function escapeHtml(value: unknown): string {
  return String(value).replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;
background:#f5f6f8;color:#1f2329;line-height:1.5}
main{max-width:34rem;margin:0 auto;padding:1rem}
h1{font-size:1.35rem;margin:.5rem 0}
h2{font-size:1rem;margin:1.25rem 0 .5rem;color:#4e5969}
.notice{background:#fff7e6;border:1px solid #ffd591;border-radius:.5rem;padding:.75rem;margin:.75rem 0}
.muted{color:#6b7785;font-size:.9rem}
button{display:block;width:100%;min-height:3rem;margin:.5rem 0;padding:.6rem .9rem;text-align:left;font:inherit;
color:inherit;background:#fff;border:1px solid #d0d5dd;border-radius:.5rem;cursor:pointer}
button:hover,button:focus-visible{border-color:#1677ff;outline:2px solid #1677ff33}
button.primary{background:#1677ff;border-color:#1677ff;color:#fff;text-align:center}
button.plain{text-align:center}
button small{display:block;color:#6b7785;font-size:.85rem}
`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body><main>
${body}
</main></body>
</html>
`;
}

const LOCAL_ONLY = `<p class="notice" role="note"><strong>仅供本地开发使用。</strong>
这是本机运行的测试登录服务，不核验身份；正式环境由省统一身份认证平台登录。</p>`;

/** The identities as buttons, grouped as the list orders them; each one posts its id back to this page. */
export function signInPage(identities: readonly DemoIdentity[], clientName: string): string {
  const groups = new Map<string, DemoIdentity[]>();
  for (const identity of identities)
    groups.set(identity.group, [...(groups.get(identity.group) ?? []), identity]);
  const sections = [...groups].map(
    ([group, members]) => `<h2>${escapeHtml(group)}</h2>
${members
  .map(
    ({
      id,
      claims,
    }) => `<button type="submit" name="identity" value="${escapeHtml(id)}">${escapeHtml(claims.name)}
<small>${escapeHtml(ROLE_NAMES[claims.role] ?? claims.role)} · ${escapeHtml(claims.sub)}</small></button>`,
  )
  .join('\n')}`,
  );
  return page(
    '选择登录身份 · 惠企兑付（本地开发）',
    `<h1>选择登录身份</h1>
${LOCAL_ONLY}
<p>选择一个身份即可登录，无需密码。登录到：${escapeHtml(clientName)}</p>
<form method="post">
${sections.join('\n')}
<h2>不登录</h2>
<button type="submit" name="cancel" value="1" class="plain">取消，返回应用</button>
</form>`,
  );
}

/** oidc-provider hands the form that confirms sign-out (with its own anti-forgery field). */
export function signOutPage(form: string): string {
  return page(
    '退出登录 · 惠企兑付（本地开发）',
    `<h1>退出登录？</h1>
${LOCAL_ONLY}
${form}
<button autofocus type="submit" form="op.logoutForm" name="logout" value="yes" class="primary">退出登录</button>
<button type="submit" form="op.logoutForm" class="plain">保持登录</button>`,
  );
}

export function signedOutPage(): string {
  return page('已退出 · 惠企兑付（本地开发）', `<h1>已退出登录</h1>\n${LOCAL_ONLY}`);
}

/** The provider's own refusals (an unknown client, a wrong redirect address, an expired sign-in) for a person. */
export function errorPage(out: { error: string; error_description?: string | undefined }): string {
  const details = Object.entries(out)
    .map(([key, value]) => `<p class="muted"><strong>${escapeHtml(key)}</strong>: ${escapeHtml(value)}</p>`)
    .join('\n');
  return page(
    '登录出错 · 惠企兑付（本地开发）',
    `<h1>登录没有完成</h1>
${LOCAL_ONLY}
<p>请回到应用重新登录。若仍然出错，以下信息可帮助排查：</p>
${details}`,
  );
}
