import { describe, expect, it } from 'vitest';
import { ConfigError, env } from '@/lib/env';
import { smtpOptions } from './transport';

describe('SMTP_URL', () => {
  it('requires STARTTLS on smtp://, implicit TLS on smtps://, the clear only when it says tls=off', () => {
    expect(smtpOptions('smtp://mailer:p%40ss@mail.example.test')).toMatchObject({
      host: 'mail.example.test',
      port: 587,
      secure: false,
      requireTLS: true,
      ignoreTLS: false,
      auth: { user: 'mailer', pass: 'p@ss' },
    });
    expect(smtpOptions('smtps://mail.example.test')).toMatchObject({ port: 465, secure: true, requireTLS: false });
    expect(smtpOptions('smtp://127.0.0.1:2525?tls=off')).toMatchObject({
      port: 2525,
      requireTLS: false,
      ignoreTLS: true,
      auth: undefined,
    });
  });

  it('refuses another scheme or another tls= value, without repeating the value', () => {
    expect(() => env('SMTP_URL', { SMTP_URL: 'http://mail.example.test' })).toThrow(ConfigError);
    expect(() => env('SMTP_URL', { SMTP_URL: 'smtp://u:secret@mail.example.test?tls=maybe' })).toThrow(
      /^SMTP_URL: the value has a tls= other than off\.$/,
    );
    expect(env('SMTP_URL', {})).toBeUndefined();
  });

  it('takes MAIL_FROM as an address or Name <address>, and nothing that could add a header', () => {
    expect(env('MAIL_FROM', {})).toBe('Portico <portico@localhost>');
    expect(env('MAIL_FROM', { MAIL_FROM: 'APIs <apis@example.test>' })).toBe('APIs <apis@example.test>');
    expect(() => env('MAIL_FROM', { MAIL_FROM: 'not an address' })).toThrow(/MAIL_FROM/);
  });
});
