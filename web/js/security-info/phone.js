// Adding or changing the phone: the number, then the code texted to it (verification.js).

import { openVerification } from './verification.js';

export const PHONE = {
  prefix: 'phone', inputId: 'phone-number', path: '/me/security-info/phone', field: 'phoneNumber',
  input: { type: 'tel', autocomplete: 'tel', inputmode: 'tel', maxlength: 16 },
  normalize: (value) => value.replace(/[\s-]/g, ''), valid: /^\+[1-9][0-9]{6,14}$/,
  keys: {
    heading: 'security.phoneHeading', label: 'security.phoneLabel', hint: 'security.phoneHint', invalid: 'security.phoneInvalid',
    check: 'security.checkPhone', codeLabel: 'security.phoneCodeLabel', codeHint: 'security.phoneCodeHint',
    codeInvalid: 'security.phoneCodeInvalid', done: 'security.phoneAdded',
  },
  opener: (ctx) => ctx.addPhone,
  focusAfter: 'method-name-phone',
};

export function openPhone(ctx) {
  openVerification(ctx, PHONE);
}
