// Local Step Functions: runs the template's state machines on aws-local-stepfunctions, journaled, over the JSON protocol.
export { createStepFunctions } from './stepfunctions/executions.ts';
export type {
  ExecutionDescription,
  ExecutionListItem,
  ExecutionStatus,
  HistoryEvent,
  LocalStepFunctions,
  StepFunctionsOptions,
} from './stepfunctions/model.ts';
export { StepFunctionsError } from './stepfunctions/model.ts';
export { startStepFunctionsEndpoint } from './stepfunctions/protocol.ts';
