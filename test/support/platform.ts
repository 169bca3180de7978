// Boots the whole local platform from the synthesized assembly for integration tests, on free ports and a temp dir.
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { loadIssuer } from '../../infra/local/issuer.ts';
import { LOCAL_AUDIENCE, localIssuerUrl } from '../../infra/local/issuer-config.ts';
import { LOCAL_CREDENTIALS } from '../../infra/local/loopback.ts';
import { type Platform, startPlatform } from '../../infra/local/platform.ts';
import { apiClient } from '../../shared/api/client.ts';
import { DINGNAN_DIVISION_CODE } from '../../shared/catalog/dingnan.ts';
import { shanghaiDate } from '../../shared/dates.ts';
import type { EnterpriseBody } from '../../shared/enterprises/types.ts';
import type { Role } from '../../shared/principal.ts';
import { registeringDivisionOf } from '../../shared/uscc.ts';
import { CDK_OUT } from './cloud-assembly.ts';
import { checkAnswer } from './contract-check.ts';

export interface TestPlatform {
  platform: Platform;
  dataDir: string;
  /** Stops the platform and deletes its data (`platform.stop()` keeps the data, for a restart). */
  stop(): Promise<void>;
  /** The ledger table's deployed name (payments, transfers, the simulated bank's book). */
  ledgerTable: string;
  /** Staff tokens carry the Dingnan jurisdiction unless another division is given. */
  token(role: Role, subject?: string, division?: string): Promise<string>;
  /** The head (负责人) of a department or agency, who receives escalations. */
  headToken(role: 'department' | 'agency', subject: string): Promise<string>;
  /** Registers an enterprise (profile and bank account) and returns its token. */
  registerEnterprise(uscc: string, profile?: Partial<EnterpriseBody>): Promise<string>;
  call(
    method: string,
    route: string,
    options?: { token?: string; body?: unknown },
    // biome-ignore lint/suspicious/noExplicitAny: response bodies are JSON the tests assert on field by field
  ): Promise<{ status: number; body: any; headers: Headers }>;
  /** Writes one item straight into a table of the local DynamoDB, as the component that owns it would. */
  putItem(tableName: string, item: Record<string, unknown>): Promise<void>;
  /** Writes a line into today's statement of the simulated bank, as if the bank had paid it. */
  seedStatementLine(line: {
    paymentId: string;
    accountNo: string;
    accountName: string;
    amountFen: number;
  }): Promise<void>;
}

/** What a test does over HTTP with a running platform: tokens from its issuer, calls, enterprises registered. */
export type PlatformClient = Pick<TestPlatform, 'token' | 'headToken' | 'call' | 'registerEnterprise'>;

/** A client of the platform serving `url` with its data (and so its issuer's key) under `dataDir`. */
export async function platformClient(url: string, dataDir: string): Promise<PlatformClient> {
  const port = Number(new URL(url).port);
  const issuer = await loadIssuer({ dataDir, issuerUrl: localIssuerUrl(port), audience: LOCAL_AUDIENCE });
  const token = (role: Role, subject: string = role, division = DINGNAN_DIVISION_CODE) =>
    issuer.mint({ role, sub: subject, ...(role === 'enterprise' ? {} : { division }) });
  const client = apiClient({
    baseUrl: url,
    onAnswer: (method, route, answer) => checkAnswer(method, route, answer),
  });
  const call: TestPlatform['call'] = (method, route, options = {}) => client.send(method, route, options);
  return {
    token,
    headToken: (role, subject) => issuer.mint({ role, sub: subject, position: 'head' }),
    call,
    async registerEnterprise(uscc, profile = {}) {
      const enterpriseToken = await token('enterprise', uscc);
      const saved = await call('PUT', '/enterprises/me', {
        token: enterpriseToken,
        body: enterpriseProfile(uscc, profile),
      });
      if (saved.status !== 200) throw new Error(`could not register ${uscc}: ${JSON.stringify(saved.body)}`);
      return enterpriseToken;
    },
  };
}

export async function bootPlatform(
  dataDir = mkdtempSync(path.join(tmpdir(), 'huiqi-it-')),
  options: { webAppDir?: string; functionSettings?: Record<string, string> } = {},
): Promise<TestPlatform> {
  const platform = await startPlatform({
    cdkOut: CDK_OUT,
    stackName: 'Huiqi',
    dataDir,
    port: 0,
    ...options,
  });
  const client = await platformClient(platform.url, dataDir);
  const ledgerTable = platform.assembly.functions.find((f) => f.name.startsWith('PayoutFunction'))
    ?.environment.LEDGER_TABLE;
  if (!ledgerTable) throw new Error('the assembly has no payout function with a LEDGER_TABLE');
  const putItem = async (tableName: string, item: Record<string, unknown>) => {
    const dynamo = new DynamoDBClient({
      endpoint: platform.endpoints.dynamodb,
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
    });
    await DynamoDBDocumentClient.from(dynamo).send(new PutCommand({ TableName: tableName, Item: item }));
    dynamo.destroy();
  };
  return {
    platform,
    dataDir,
    async stop() {
      await platform.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
    ledgerTable,
    ...client,
    putItem,
    async seedStatementLine(line) {
      const at = new Date().toISOString();
      await putItem(ledgerTable, {
        pk: `BANK#${line.paymentId}`,
        sk: 'INSTRUCTION',
        gsi1pk: `BANK_STATEMENT#${shanghaiDate(new Date(at))}`,
        gsi1sk: line.paymentId,
        paymentId: line.paymentId,
        account: { bankName: '某银行', accountNo: line.accountNo, accountName: line.accountName },
        amountFen: line.amountFen,
        outcome: 'settled',
        at,
      });
    },
  };
}

/**
 * A complete, valid profile of an enterprise, named after its USCC, declaring the division that registered it
 * (characters 3–8: 360728 for the Dingnan enterprises the tests make); one registered by a city may name one of its
 * counties through `overrides.divisionCode`.
 */
export function enterpriseProfile(uscc: string, overrides: Partial<EnterpriseBody> = {}): EnterpriseBody {
  const name = overrides.name ?? `定南测试企业${uscc.slice(-6)}有限公司`;
  return {
    name,
    legalRepresentative: '张三',
    bankAccount: {
      bankName: '中国银行定南支行',
      accountNo: `6217${uscc.slice(2, 14).replace(/\D/g, '7')}`,
      accountName: name,
    },
    tags: ['文旅', '入规'],
    divisionCode: registeringDivisionOf(uscc) ?? DINGNAN_DIVISION_CODE,
    ...overrides,
  };
}

/** Polls until the check passes or the time is up; the last failure is rethrown. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
