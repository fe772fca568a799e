// The server's token-name rule, checked as the person types, with the server's own wording so
// the message does not change when the server says it.

export const TOKEN_NAME_PATTERN = /^[A-Za-z0-9_-]{1,50}$/;

/** @returns {string | null} the problem with `name`, or null */
export function tokenNameProblem(name, field = 'name') {
  if (name === '') return `The “${field}” argument cannot be empty.`;
  if (!TOKEN_NAME_PATTERN.test(name)) {
    const shown = name.length > 80 ? `${name.slice(0, 77)}...` : name;
    return `“${shown}” is not a valid API token name. An API token name must not be longer than 50 characters and may only contain the following 64 characters: a-z A-Z 0-9 _ -`;
  }
  return null;
}

export const TOKEN_NAME_HELP = 'Up to 50 characters: letters (a–z, A–Z), numbers (0–9), dashes (-) and underscores (_). Unique among your tokens.';
