// The payer's ports over DynamoDB, shared by the queue consumer and the payer's own routes (release, reject).
import { dynamoAuditLog } from '../../shared/audit/repository.ts';
import type { Bank } from '../../shared/bank/bank.ts';
import { simulatedBank } from '../../shared/bank/simulated.ts';
import { dynamoBlacklistRepository } from '../../shared/blacklists/repository.ts';
import { dynamoCaseRepository } from '../../shared/cases/repository.ts';
import { envOf } from '../../shared/dynamo.ts';
import { dynamoEnterpriseRepository } from '../../shared/enterprises/repository.ts';
import { dynamoLedger } from '../../shared/ledger/index.ts';
import { dynamoPaymentStore } from '../../shared/payments/repository.ts';
import { payoutNotices } from './notices.ts';
import type { PayerPorts } from './payer.ts';

/** Bank adapters by the name `BANK_ADAPTER` gives; a bank-enterprise link (银企直连) is added here. */
const BANKS: Record<string, (ledgerTable: string) => Bank> = { simulated: simulatedBank };

export function payerPorts(): PayerPorts {
  const adapter = process.env.BANK_ADAPTER ?? 'simulated';
  const bank = BANKS[adapter];
  if (!bank) throw new Error(`BANK_ADAPTER ${adapter} is not one of ${Object.keys(BANKS).join(', ')}`);
  const ledgerTable = envOf('LEDGER_TABLE');
  const audit = dynamoAuditLog(envOf('AUDIT_TABLE'));
  return {
    payments: dynamoPaymentStore(ledgerTable, audit),
    ledger: dynamoLedger(ledgerTable),
    bank: bank(ledgerTable),
    blacklists: dynamoBlacklistRepository(envOf('ENTERPRISES_TABLE'), audit),
    enterprises: dynamoEnterpriseRepository(envOf('ENTERPRISES_TABLE'), audit),
    notices: payoutNotices(dynamoCaseRepository(envOf('CASES_TABLE'), audit)),
    now: () => new Date(),
  };
}
