// Changing the email (for password reset only): the address, then the code sent to it (verification.js).

export const EMAIL = {
  prefix: 'email', inputId: 'email-address', path: '/me/security-info/email', field: 'email',
  input: { type: 'email', autocomplete: 'email', maxlength: 254 },
  normalize: (value) => value.trim(), valid: /^[^@\s]+@[^@\s]+\.[^@\s]+$/,
  keys: {
    heading: 'security.emailHeading', label: 'security.emailLabel', hint: 'security.emailHint', invalid: 'security.emailInvalid',
    check: 'security.checkEmail', codeLabel: 'security.emailCodeLabel', codeHint: 'security.emailCodeHint',
    codeInvalid: 'security.emailCodeInvalid', done: 'security.emailChanged',
  },
  opener: () => document.getElementById('change-email'),
  focusAfter: 'method-name-email',
};
