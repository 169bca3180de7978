// CDK entry: `-c region=cn-northwest-1` (or cn-north-1) gives the China-partition template; nothing else changes.
import { buildApp } from '../lib/app.ts';

buildApp();
