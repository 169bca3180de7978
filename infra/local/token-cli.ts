// `npm run --silent token -- <role> [subject]`: mints a local JWT so curl and the browser can call protected routes.
import { DINGNAN_DIVISION_CODE } from '../../shared/catalog/dingnan.ts';
import { loadIssuer, type MintClaims } from './issuer.ts';
import { LOCAL_AUDIENCE, localIssuerUrl, resolveDataDir } from './issuer-config.ts';
import { platformUrl, portOf } from './platform-address.ts';

const USAGE =
  '用法（usage）: npm run --silent token -- <enterprise <统一社会信用代码 uscc> | window <staffId> | ' +
  'department <departmentId> | agency <agencyId> | payer [subject] | finance [subject] | admin [subject]>';

/** Roles whose token means nothing without the specific enterprise, staff member, department or agency. */
const SUBJECT_REQUIRED = new Set(['enterprise', 'window', 'department', 'agency']);
const SUBJECT_OPTIONAL = new Set(['payer', 'finance', 'admin']);
/** Shape of a unified social credit code (GB 32100); the check character is validated elsewhere. */
const USCC_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

class UsageError extends Error {}

/** Staff act within one jurisdiction; locally that is the shipped catalog's county unless DIVISION says otherwise. */
const STAFF_DIVISION = process.env.DIVISION || DINGNAN_DIVISION_CODE;

function parseArgs(argv: string[]): MintClaims {
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  const [role, subject, ...rest] = args;
  if (!role) throw new UsageError('缺少角色（missing role）');
  if (rest.length > 0) throw new UsageError(`多余的参数（unexpected arguments）：${rest.join(' ')}`);
  if (SUBJECT_OPTIONAL.has(role)) return { role, sub: subject || role, division: STAFF_DIVISION };
  if (!SUBJECT_REQUIRED.has(role)) throw new UsageError(`未知角色（unknown role）：${role}`);
  if (!subject) throw new UsageError(`角色 ${role} 需要主体标识（${role} needs a subject）`);
  if (role === 'enterprise' && !USCC_SHAPE.test(subject)) {
    throw new UsageError(
      `统一社会信用代码应为 18 位（uscc must be 18 chars of [0-9A-HJ-NPQRTUWXY]）：${subject}`,
    );
  }
  if (role === 'window') return { role, sub: subject, division: STAFF_DIVISION };
  // POSITION=head mints the head of a department or agency, who receives escalated (督办) tasks.
  const position = process.env.POSITION;
  return position && (role === 'department' || role === 'agency')
    ? { role, sub: subject, position }
    : { role, sub: subject };
}

/** The issuer's URL follows the port the platform serves on: PORT if given, else the one `npm start` recorded. */
function issuerPort(): number {
  const value = process.env.PORT;
  const port = value && /^\d+$/.test(value) ? Number(value) : value ? Number.NaN : portOf(platformUrl());
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new UsageError(`PORT 无效（invalid PORT）：${value}`);
  return port;
}

async function main(): Promise<number> {
  let claims: MintClaims;
  let port: number;
  try {
    claims = parseArgs(process.argv.slice(2));
    port = issuerPort();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}。${USAGE}\n`);
    return 2;
  }
  const issuer = await loadIssuer({
    dataDir: resolveDataDir(),
    issuerUrl: localIssuerUrl(port),
    audience: LOCAL_AUDIENCE,
  });
  process.stdout.write(`${await issuer.mint(claims)}\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`签发令牌失败（could not mint token）：${message}\n`);
    process.exitCode = 1;
  },
);
