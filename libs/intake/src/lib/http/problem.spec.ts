import { BadRequestException } from '@nestjs/common';
import { problemFor, problemJson } from './problem';

// What the front door says when a parser fails: our words, never the parser's
// (found by the hostile-input corpus, libs/testing/src/journeys/hostile-input.spec.ts).
describe('problemFor (errors → what the client is told)', () => {
  const said = (error: unknown) => JSON.stringify(problemJson(problemFor(error)));

  it('answers malformed JSON in our words, naming the body, without quoting V8 or the body back', () => {
    const parserError = Object.assign(new SyntaxError('Unexpected token \'N\', ..."x":NaN}" is not valid JSON'), {
      status: 400,
      expose: true,
      type: 'entity.parse.failed',
    });
    expect(problemFor(parserError)).toMatchObject({
      status: 400,
      message: 'The request body is not valid JSON',
      fields: [{ field: 'body' }],
    });
    expect(said(parserError)).not.toMatch(/Unexpected token|NaN|is not valid JSON"/);
  });

  it('answers a broken multipart body as unreadable form data (400), and a non-form multipart type as 415', () => {
    for (const message of [
      'Multipart: Boundary not found',
      'Multipart: Unexpected end of form',
      'Multipart: Malformed part header',
    ]) {
      expect(problemFor(new BadRequestException(message))).toMatchObject({
        status: 400,
        message: 'The form data could not be read',
        fields: [{ field: 'body' }],
      });
    }
    // busboy's own error, which Nest's FileInterceptor passes on untranslated (it was a 500).
    const mixed = problemFor(new Error('Unsupported content type: multipart/mixed; boundary=b'));
    expect(mixed.status).toBe(415);
    expect(said(new Error('Unsupported content type: multipart/mixed'))).not.toContain('multipart/mixed');
  });

  it('keeps the messages that are ours and hides everything unknown', () => {
    expect(
      problemFor(
        Object.assign(new Error('The request body is not valid UTF-8'), {
          status: 400,
          expose: true,
          type: 'encoding.invalid',
        }),
      ).message,
    ).toBe('The request body is not valid UTF-8');
    expect(problemFor(new TypeError("Cannot read properties of undefined (reading 'trim')"))).toMatchObject({
      status: 500,
    });
    expect(said(new TypeError('x'))).not.toContain('TypeError');
  });
});
