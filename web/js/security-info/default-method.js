// Making a method the default: the one the sign-in service asks for first.

import { apiFetch } from '../api.js';
import { t } from '../i18n.js';
import { label, nearMethod } from './methods.js';
import { failed } from './shared.js';

export async function makeDefault(ctx, method, button) {
  const { page } = ctx;
  page.clearMessages();
  button.disabled = true;
  try {
    await apiFetch('/me/security-info/default-method', { method: 'PUT', body: { methodId: method.id }, signal: page.signal });
    await ctx.reload();
    document.getElementById(`method-name-${method.id}`)?.focus();
    page.announce(t('security.defaultChanged', { name: label(method) }), { near: nearMethod(ctx, method.id) });
  } catch (error) {
    button.disabled = false;
    failed(page, error, null, null, { action: 'make-default', id: method.id });
  }
}
