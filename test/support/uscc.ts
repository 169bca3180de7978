// Makes valid USCCs for tests: 17 chosen characters plus the GB 32100 check character.
import { usccCheckCharacter } from '../../shared/uscc.ts';

export function validUscc(first17: string): string {
  const check = usccCheckCharacter(first17);
  if (!check) throw new Error(`not a USCC body: ${first17}`);
  return `${first17}${check}`;
}
