// Resuming an approval chain after a person decides: the resume is stored with the decision, then sent until it lands.
import { createHash } from 'node:crypto';

/**
 * A resume owed to a waiting chain. It is written in the same conditional write as the decision that causes it
 * (a task decided, a correction resubmitted, an objection upheld, an announcement ended), so a stored decision always
 * has its resume, and a second decision never gets one.
 */
export interface PendingResume {
  id: string;
  caseId: string;
  /** The task token the chain is parked on. It never leaves the server. */
  token: string;
  /** What the waiting state receives as its result. */
  output: unknown;
  createdAt: string;
}

/** One resume per token: a token resumes its chain once, whatever asks for it. */
export const resumeIdOf = (token: string) =>
  createHash('sha256').update(token).digest('base64url').slice(0, 22);

export const pendingResume = (caseId: string, token: string, output: unknown, at: string): PendingResume => ({
  id: resumeIdOf(token),
  caseId,
  token,
  output,
  createdAt: at,
});

/** How a send ended: taken by the chain, or the token no longer waits (used already, timed out, or its run ended). */
export type SendOutcome = 'resumed' | 'gone';

export interface ChainResumePorts {
  /** Sends the token's result. Throws on anything that may pass (throttling, a timeout, the engine unreachable). */
  sendTaskSuccess(token: string, output: unknown): Promise<SendOutcome>;
  /** Deletes the pending resume: it took effect, or nothing waits on its token any more. */
  resumeDone(id: string): Promise<void>;
  /** Pending resumes stored before the instant, oldest first. */
  pendingResumes(before: string): Promise<PendingResume[]>;
  report(message: string, details: Record<string, unknown>): void;
  now(): Date;
}

/**
 * Sends a stored resume once. A failure never reaches the person who decided: their decision is stored, and the
 * resume sweep sends again. A token that is gone ends the resume too: if it was used, the chain has moved on; if its
 * run ended, the stuck-case check lists the case for an admin to redrive.
 */
export async function sendResume(
  ports: Pick<ChainResumePorts, 'sendTaskSuccess' | 'resumeDone' | 'report'>,
  resume: PendingResume,
): Promise<SendOutcome | 'pending'> {
  let outcome: SendOutcome;
  try {
    outcome = await ports.sendTaskSuccess(resume.token, resume.output);
  } catch (error) {
    ports.report('chain resume not delivered; the resume sweep sends it again', {
      caseId: resume.caseId,
      resumeId: resume.id,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    return 'pending';
  }
  await ports.resumeDone(resume.id);
  if (outcome === 'gone') {
    ports.report('chain resume found its token gone', { caseId: resume.caseId, resumeId: resume.id });
  }
  return outcome;
}

export interface ResumeSweepResult {
  resumed: number;
  gone: number;
  pending: number;
}

/** Resumes younger than this are left to the request that stored them, which is still sending. */
export const RESUME_GRACE_MS = 30_000;

/** Sends every stored resume that the request which stored it did not deliver. */
export async function resendPendingResumes(ports: ChainResumePorts): Promise<ResumeSweepResult> {
  const before = new Date(ports.now().getTime() - RESUME_GRACE_MS).toISOString();
  const result: ResumeSweepResult = { resumed: 0, gone: 0, pending: 0 };
  for (const resume of await ports.pendingResumes(before)) {
    result[await sendResume(ports, resume)]++;
  }
  return result;
}
