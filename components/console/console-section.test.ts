import { describe, expect, it } from 'vitest';
import { consoleSectionOf } from './console-section';

describe('consoleSectionOf', () => {
  it('puts API, client and plan pages under their own section, not Organizations', () => {
    expect(consoleSectionOf('/console/organizations/acme/clients/app/1.0')).toBe('clients');
    expect(consoleSectionOf('/console/organizations/acme/apis/echo/1.0')).toBe('apis');
    expect(consoleSectionOf('/console/organizations/acme/plans/gold/1.0')).toBe('plans');
  });

  it('keeps an organization page and its tabs under Organizations', () => {
    expect(consoleSectionOf('/console/organizations')).toBe('organizations');
    expect(consoleSectionOf('/console/organizations/acme')).toBe('organizations');
    // An organization whose slug is "clients" is still an organization page.
    expect(consoleSectionOf('/console/organizations/clients')).toBe('organizations');
  });

  it('puts a creation wizard under what it creates', () => {
    expect(consoleSectionOf('/console/create/client')).toBe('clients');
    expect(consoleSectionOf('/console/create/organization')).toBe('organizations');
  });

  it('names the list pages by their own segment and the home by none', () => {
    expect(consoleSectionOf('/console/approvals')).toBe('approvals');
    expect(consoleSectionOf('/console/notifications')).toBe('notifications');
    expect(consoleSectionOf('/console')).toBeNull();
    expect(consoleSectionOf('/console/unknown')).toBeNull();
  });
});
