// What a China-region synth needs besides its region: CloudFront there serves only an ICP-recorded domain, on an IAM
// server certificate (the id below is a made-up one of IAM's shape).
export const CHINA_CONTEXT = {
  region: 'cn-northwest-1',
  webDomain: 'huiqi.dingnan.gov.cn',
  webCertificate: 'ASCAEXAMPLEIAMCERT0001',
} as const;
