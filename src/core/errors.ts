/**
 * Typed errors for certitude. Every error names the argument it is about and,
 * where it applies, the row (0-based) that broke the rule, so a user can find
 * the bad value in their own file.
 */

/** Base class: anything certitude throws on purpose is a `CertitudeError`. */
export class CertitudeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Bad input: wrong shape, NaN/Infinity, a label out of range, an empty array,
 * a probability row that does not sum to 1, mismatched lengths...
 *
 * @example
 * try { accuracy(probs, labels) } catch (e) { if (e instanceof InputError) console.log(e.argument, e.row) }
 */
export class InputError extends CertitudeError {
  /** Name of the offending argument (as in the function signature or CLI flag). */
  readonly argument: string;
  /** 0-based row of the offending value, when the problem is in one row. */
  readonly row?: number;
  constructor(argument: string, message: string, row?: number) {
    super(`${argument}${row === undefined ? '' : ` (row ${row})`}: ${message}`);
    this.argument = argument;
    this.row = row;
  }
}

/** A method cannot be fitted on the data given (e.g. a single-class validation set). */
export class FitError extends CertitudeError {
  readonly argument: string;
  constructor(argument: string, message: string) {
    super(`${argument}: ${message}`);
    this.argument = argument;
  }
}

/** A serialised state (JSON, saved model) of the wrong kind or version, or corrupt. */
export class StateError extends CertitudeError {
  readonly argument: string;
  constructor(argument: string, message: string) {
    super(`${argument}: ${message}`);
    this.argument = argument;
  }
}

/** Using an object before it was fitted. */
export class NotFittedError extends CertitudeError {
  constructor(what: string) {
    super(`${what} is not fitted: call fit() first`);
  }
}
