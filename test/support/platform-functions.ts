// The platform's own functions in a synthesized template, apart from those CDK adds to serve its own custom resources.
type Resource = { Type: string; Properties?: Record<string, unknown> };

/** CDK's bucket deployment (it fills the web bucket) runs a Python function of CDK's: not one of the platform's. */
const CDK_OWN_CUSTOM_RESOURCES = ['Custom::CDKBucketDeployment'];

/** Whether a template's function is one of the platform's, by logical id. */
export function isPlatformFunction(resources: Record<string, Resource>): (logicalId: string) => boolean {
  const cdkOwn = new Set(
    Object.values(resources)
      .filter((r) => CDK_OWN_CUSTOM_RESOURCES.includes(r.Type))
      .map(
        (r) => (r.Properties?.ServiceToken as { 'Fn::GetAtt'?: string[] } | undefined)?.['Fn::GetAtt']?.[0],
      ),
  );
  return (logicalId) => resources[logicalId]?.Type === 'AWS::Lambda::Function' && !cdkOwn.has(logicalId);
}
