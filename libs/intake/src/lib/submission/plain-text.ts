import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * Free text a person types (names, corrections): printable, no markup, no
 * control or bidi-override characters, and no U+FFFD (what undecodable,
 * non-UTF-8 bytes turn into). Output is escaped anyway; refusing here keeps
 * such input out of the registry and out of emails.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f<>\u202a-\u202e\u2066-\u2069\ufffd]/u;

export function isPlainText(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0 && !FORBIDDEN.test(value);
}

export function IsPlainText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPlainText',
      validator: {
        validate: isPlainText,
        defaultMessage: () => '$property must be plain text: no < or >, control characters or undecodable bytes',
      },
    },
    options,
  );
}
