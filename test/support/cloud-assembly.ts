// The synthesized assembly the tests run: `cdk.out` unless HUIQI_CDK_OUT names another synth output (two working
// copies of the stack, synthesized apart, can then be tested side by side).
import path from 'node:path';

export const CDK_OUT = path.resolve(process.env.HUIQI_CDK_OUT ?? 'cdk.out');
