// ListExecutions and GetExecutionHistory: what the engine and its journal answer about executions.
import type { LocalMachine } from './definition.ts';
import { paginate, withoutData } from './history.ts';
import type { Journal } from './journal.ts';
import { type ExecutionListItem, type LocalStepFunctions, StepFunctionsError } from './model.ts';
import type { ExecutionRecord } from './runs.ts';

interface QuerySources {
  machines: Map<string, LocalMachine>;
  executions: Map<string, ExecutionRecord>;
  journal: Journal;
  getExecution(executionArn: string): ExecutionRecord;
}

export function queries(
  sources: QuerySources,
): Pick<LocalStepFunctions, 'listExecutions' | 'getExecutionHistory'> {
  const { machines, executions, journal, getExecution } = sources;
  return {
    async listExecutions({ stateMachineArn, statusFilter, ...page }) {
      if (!machines.has(stateMachineArn)) {
        throw new StepFunctionsError(
          'StateMachineDoesNotExist',
          `State Machine Does Not Exist: '${stateMachineArn}'`,
        );
      }
      // Newest first, as AWS lists them.
      const matching = [...executions.values()]
        .map((record) => record.description)
        .filter((description) => description.stateMachineArn === stateMachineArn)
        .filter((description) => statusFilter === undefined || description.status === statusFilter)
        .sort((a, b) => b.startDate.getTime() - a.startDate.getTime() || a.name.localeCompare(b.name));
      const { items, nextToken } = paginate(matching, page);
      const executionsPage = items.map(
        ({
          executionArn,
          name,
          status,
          startDate,
          stopDate,
          redriveCount,
          redriveDate,
        }): ExecutionListItem => ({
          executionArn,
          stateMachineArn,
          name,
          status,
          startDate,
          ...(stopDate ? { stopDate } : {}),
          ...(redriveCount ? { redriveCount } : {}),
          ...(redriveDate ? { redriveDate } : {}),
        }),
      );
      return { executions: executionsPage, ...(nextToken ? { nextToken } : {}) };
    },
    async getExecutionHistory({ executionArn, reverseOrder, includeExecutionData, ...page }) {
      getExecution(executionArn);
      let events = journal.history(executionArn);
      if (reverseOrder) events = events.reverse();
      if (includeExecutionData === false) events = events.map(withoutData);
      const { items, nextToken } = paginate(events, page);
      return { events: items, ...(nextToken ? { nextToken } : {}) };
    },
  };
}
