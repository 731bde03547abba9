import { expect } from '@jest/globals';
import { DomainError, type DomainErrorCode } from '../shared/domain-error.js';

/**
 * Given/when/then specifications for deciders, after emmett's `DeciderSpecification`. Test-only:
 * not exported from the library's index; specs import it by relative path.
 */
export interface SpecifiedDecider<Command, State, Event> {
  /** `given` is handed over so a spec can build what the caller would read beside the state. */
  readonly decide: (command: Command, state: State, given: readonly Event[]) => Event[];
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: State;
}

export interface Then<Event> {
  then(expected: readonly Event[]): void;
  thenNothingHappens(): void;
  thenFails(code: DomainErrorCode, detail?: RegExp): void;
}

export function deciderSpecification<Command, State, Event>(
  decider: SpecifiedDecider<Command, State, Event>,
): (given?: readonly Event[]) => { when(command: Command): Then<Event> } {
  return (given = []) => ({
    when(command) {
      const run = (): Event[] =>
        decider.decide(command, given.reduce(decider.evolve, decider.initialState), given);
      return {
        then: (expected) => expect(run()).toEqual(expected),
        thenNothingHappens: () => expect(run()).toEqual([]),
        thenFails(code, detail) {
          let caught: unknown;
          try {
            run();
          } catch (error) {
            caught = error;
          }
          expect(caught).toBeInstanceOf(DomainError);
          expect((caught as DomainError).code).toBe(code);
          expect((caught as DomainError).detail).toMatch(detail ?? /\S.*\.$/);
        },
      };
    },
  });
}
