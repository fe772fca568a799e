/**
 * Builds an error without capturing a stack trace. For refusals only: they are expected control
 * flow, answered thousands of times a second under a flood of forged credentials, and nobody reads
 * their stacks; capturing one costs more than the rest of the refusal.
 */
export function withoutStack<T>(build: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return build();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
