// Contexts a deployment synthesizes with: a China region (CloudFront there serves only an ICP-recorded domain, on an
// IAM server certificate; the id below is a made-up one of IAM's shape), and production (a bank it pays through).
export const CHINA_CONTEXT = {
  region: 'cn-northwest-1',
  webDomain: 'huiqi.dingnan.gov.cn',
  webCertificate: 'ASCAEXAMPLEIAMCERT0001',
} as const;

/** What a production synth needs: the county's bank through payment files, its layout and its payer account. */
export const PRODUCTION_CONTEXT = {
  stage: 'prod',
  bank: 'file',
  bankLayout: 'icbc-batch-xlsx',
  bankPayerAccounts: JSON.stringify({
    '360728': {
      bankName: '中国工商银行定南支行',
      accountNo: '1510200009000000001',
      accountName: '定南县财政局惠企资金专户',
      bankCode: '102428000018',
    },
  }),
} as const;
