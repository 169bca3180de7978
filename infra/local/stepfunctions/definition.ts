// Prepares a template's state machine for the library: checks, clamped timers, engine-run waits and resumable copies.
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import type { StateMachineSpec } from '../types.ts';
import { isRecord, MAX_TIMER_SECONDS } from './model.ts';

export type TaskDefinition = Record<string, unknown> & {
  Resource: string;
  /** A callback task's own TimeoutSeconds, kept by this engine so the test clock can bring it forward. */
  callbackTimeoutSeconds?: number;
};

export interface LocalMachine {
  spec: StateMachineSpec;
  machine: StateMachine;
  /** Every Task state, nested ones included, by name: each needs a local handler or the library calls real AWS. */
  tasks: Map<string, TaskDefinition>;
  /** Wait states, which run as engine-handled tasks so their deadline follows the engine's clock and is journaled. */
  waits: Set<string>;
  /** The type each top-level state has in the template (a Wait stays a Wait here), for the history. */
  stateTypes: Map<string, string>;
  /** The machine entered at `stateName` through the resume step (see RESUME_STATE), built once per state. */
  resumableAt(stateName: string): StateMachine;
}

/** The Resource of the task that stands in for a Wait state; the engine's handler keeps the time. */
export const WAIT_RESOURCE = 'local:wait';

/**
 * The first state of a resumed run: a task whose handler yields the journaled input of the state to resume. The run
 * itself gets the execution's original input, because the library makes the run input $$.Execution.Input.
 */
export const RESUME_STATE = '↻ resume';

const CALLBACK = /\.waitForTaskToken$/;

function clampSeconds(value: unknown): unknown {
  return typeof value === 'number' && value > MAX_TIMER_SECONDS ? MAX_TIMER_SECONDS : value;
}

/**
 * A Wait state as a task of the engine: Parameters hand the handler the (InputPath'ed) input and the wait's time,
 * which the library evaluates for the *Path variants; the handler answers with that input, so ResultPath `$` and the
 * state's OutputPath give what the Wait would have given.
 */
function waitAsTask(state: Record<string, unknown>): Record<string, unknown> {
  const { Seconds, SecondsPath, Timestamp, TimestampPath, Type: _type, ...rest } = state;
  const time =
    Seconds !== undefined
      ? { seconds: Seconds }
      : SecondsPath !== undefined
        ? { 'seconds.$': SecondsPath }
        : Timestamp !== undefined
          ? { timestamp: Timestamp }
          : { 'timestamp.$': TimestampPath };
  return {
    ...rest,
    Type: 'Task',
    Resource: WAIT_RESOURCE,
    Parameters: { 'input.$': '$', ...time },
    TimeoutSeconds: MAX_TIMER_SECONDS,
  };
}

/**
 * Copies a definition for the library: refuses JSONata, clamps timer values that would overflow setTimeout and gives
 * Task states without a timeout the clamp value, because the library defaults to 60 s whereas AWS has no task timeout.
 * Collects every Task state by name so each gets a local handler (an unhandled one would call real AWS Lambda).
 */
function prepareDefinition(
  machineName: string,
  source: Record<string, unknown>,
  found: { tasks: Map<string, TaskDefinition>; waits: Set<string> },
): Record<string, unknown> {
  if (source.QueryLanguage === 'JSONata') {
    throw new Error(
      `State machine ${machineName}: QueryLanguage JSONata is not supported by the local engine (aws-local-stepfunctions); use JSONPath`,
    );
  }
  const copy: Record<string, unknown> = { ...source };
  if ('TimeoutSeconds' in copy) copy.TimeoutSeconds = clampSeconds(copy.TimeoutSeconds);
  const states = isRecord(source.States) ? source.States : {};
  const copiedStates: Record<string, unknown> = {};
  for (const [stateName, rawState] of Object.entries(states)) {
    if (!isRecord(rawState)) {
      copiedStates[stateName] = rawState;
      continue;
    }
    if (rawState.QueryLanguage === 'JSONata') {
      throw new Error(
        `State machine ${machineName}: state ${stateName} uses QueryLanguage JSONata, which the local engine does not support`,
      );
    }
    if (stateName === RESUME_STATE) {
      throw new Error(
        `State machine ${machineName}: the state name ${RESUME_STATE} is the local engine's own`,
      );
    }
    let state: Record<string, unknown> = { ...rawState };
    if (found.tasks.has(stateName) || found.waits.has(stateName)) {
      if (state.Type === 'Task' || state.Type === 'Wait') {
        throw new Error(`State machine ${machineName}: state name ${stateName} is used more than once`);
      }
    }
    if (state.Type === 'Wait') {
      found.waits.add(stateName);
      state = waitAsTask(state);
    } else if (state.Type === 'Task') {
      const callbackTimeout =
        CALLBACK.test(String(state.Resource)) && typeof state.TimeoutSeconds === 'number'
          ? state.TimeoutSeconds
          : undefined;
      // A callback task's timeout is this engine's to raise (see parkCallback); the library only gets the clamp.
      if (
        callbackTimeout !== undefined ||
        (state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined)
      ) {
        state.TimeoutSeconds = MAX_TIMER_SECONDS;
      }
      state.TimeoutSeconds = clampSeconds(state.TimeoutSeconds);
      if ('HeartbeatSeconds' in state) state.HeartbeatSeconds = clampSeconds(state.HeartbeatSeconds);
      found.tasks.set(stateName, {
        ...state,
        Resource: String(state.Resource),
        ...(callbackTimeout === undefined ? {} : { callbackTimeoutSeconds: callbackTimeout }),
      });
    }
    if (Array.isArray(state.Branches)) {
      state.Branches = state.Branches.map((branch: unknown) =>
        isRecord(branch) ? prepareDefinition(machineName, branch, found) : branch,
      );
    }
    for (const key of ['ItemProcessor', 'Iterator'] as const) {
      const processor = state[key];
      if (isRecord(processor)) state[key] = prepareDefinition(machineName, processor, found);
    }
    copiedStates[stateName] = state;
  }
  copy.States = copiedStates;
  return copy;
}

export function prepareMachine(spec: StateMachineSpec): LocalMachine {
  const tasks = new Map<string, TaskDefinition>();
  const waits = new Set<string>();
  const definition = prepareDefinition(spec.name, spec.definition, { tasks, waits });
  let machine: StateMachine;
  try {
    // checkArn is off because the validator's ARN rules lag behind partitions such as aws-cn and aws-us-gov.
    machine = new StateMachine(definition as unknown as StateMachineDefinition, {
      validationOptions: { checkArn: false },
    });
  } catch (error) {
    throw new Error(`State machine ${spec.name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const stateTypes = new Map<string, string>();
  const sourceStates = isRecord(spec.definition.States) ? spec.definition.States : {};
  for (const [stateName, state] of Object.entries(sourceStates)) {
    if (isRecord(state)) stateTypes.set(stateName, String(state.Type));
  }
  const resumable = new Map<string, StateMachine>();
  const states = definition.States as Record<string, unknown>;
  return {
    spec,
    machine,
    tasks,
    waits,
    stateTypes,
    resumableAt(stateName) {
      let found = resumable.get(stateName);
      if (!found) {
        if (!stateTypes.has(stateName)) {
          throw new Error(`State machine ${spec.name} has no top-level state ${stateName} to resume at`);
        }
        const resume = {
          Type: 'Task',
          Resource: RESUME_STATE,
          TimeoutSeconds: MAX_TIMER_SECONDS,
          Next: stateName,
        };
        // The original definition passed validation; the copy differs only in where it starts.
        found = new StateMachine(
          { ...definition, StartAt: RESUME_STATE, States: { ...states, [RESUME_STATE]: resume } } as never,
          { validationOptions: { noValidate: true } },
        );
        resumable.set(stateName, found);
      }
      return found;
    },
  };
}
