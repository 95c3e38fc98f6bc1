// Passkeys and security keys on the Security info page.
// The list (the name, the kind, when it was added, whether it signs in without a password), adding one
// — here with the browser's navigator.credentials.create when the portal is the relying party, or at
// managed login's page when that domain is — and naming and removing one (after a confirmation).

import { apiFetch, ApiProblem } from '../api.js';
import { el } from '../dom.js';
import { clearFieldError, fieldErrorText, formField, markBusy, rejectField, revealError } from '../forms.js';
import { formatDate, t } from '../i18n.js';
import { timeElement } from '../time.js';
import { changeKey, NAME_MAX, removeQuestion, renameForm } from './shared.js';

/** The pending action of a trip to the sign-in service's add-a-passkey page. */
const ADDED_AT_SIGN_IN = 'add-passkey-at-sign-in';

const PASSKEY_KINDS = {
  platform: { attachment: 'platform', defaultName: 'passkeys.defaultPasskeyName' },
  'cross-platform': { attachment: 'cross-platform', defaultName: 'passkeys.defaultKeyName' },
};

/**
 * @param page the shell's page (messages, announcements, abort signal)
 * @param reload loads the security info again and repaints the whole page
 * @param failed shows an error the way the rest of the page does
 * @returns {{ node: HTMLElement, paint: (info: object) => void, putBack: (resumed: object) => boolean,
 *   returnedFromSignIn: (resumed: object) => boolean }}
 */
export function passkeySection(page, reload, failed) {
  const node = el('section', { id: 'passkeys-section', class: 'card', 'aria-labelledby': 'passkeys-heading' });
  let info = null;

  function paint(current) {
    info = current;
    if (!Array.isArray(info.passkeys) || !info.passkeyRegistration) {
      node.hidden = true;
      node.replaceChildren();
      return;
    }
    node.hidden = false;
    const list = el('ul', { id: 'passkey-list', class: 'method-list', 'aria-label': t('passkeys.listLabel') },
      ...info.passkeys.map(card));
    node.replaceChildren(
      el('h2', { id: 'passkeys-heading' }, t('passkeys.heading')),
      el('p', {}, t('passkeys.intro')),
      info.passkeys.length ? list : el('p', { id: 'passkeys-none' }, t('passkeys.none')),
      addButtons(),
      el('div', { id: 'passkey-add-area' }),
    );
  }

  function addButtons() {
    const registration = info.passkeyRegistration;
    if (registration.mode === 'managed-login') {
      // Off to the sign-in service's own page; what it added is told apart from what was there on return.
      const remember = () => page.remember({
        action: ADDED_AT_SIGN_IN, values: { known: info.passkeys.map((passkey) => passkey.id).join(' ') },
      });
      return el('div', { class: 'actions' },
        el('a', { id: 'add-passkey', class: 'button-primary', href: registration.addUrl, onclick: remember }, t('passkeys.addAtSignIn')));
    }
    return el('div', { class: 'actions' },
      el('button', { type: 'button', id: 'add-passkey', class: 'button-primary', onclick: () => openAdd('platform') },
        t('passkeys.addPasskey')),
      el('button', { type: 'button', id: 'add-security-key', class: 'button-secondary', onclick: () => openAdd('cross-platform') },
        t('passkeys.addSecurityKey')));
  }

  function kindText(passkey) {
    return t(passkey.attachment === 'cross-platform' ? 'passkeys.kind.securityKey'
      : passkey.attachment === 'platform' ? 'passkeys.kind.device' : 'passkeys.kind.passkey');
  }

  function withoutPasswordText(passkey) {
    return t(passkey.signsInWithoutPassword === true ? 'passkeys.withoutPassword.yes'
      : passkey.signsInWithoutPassword === false ? 'passkeys.withoutPassword.no' : 'passkeys.withoutPassword.unknown');
  }

  function card(passkey, index) {
    const item = el('li', { id: `passkey-${index}`, class: 'card method', 'data-passkey-id': passkey.id });
    item.append(
      el('h3', { id: `passkey-name-${index}`, tabindex: '-1' }, passkey.name),
      el('dl', {},
        el('dt', {}, t('passkeys.kind')), el('dd', { id: `passkey-kind-${index}` }, kindText(passkey)),
        passkey.named ? [el('dt', {}, t('passkeys.authenticator')), el('dd', {}, passkey.authenticatorName)] : null,
        el('dt', {}, t('passkeys.addedAt')),
        el('dd', {}, timeElement(passkey.addedAt, formatDate(passkey.addedAt), t('passkeys.unknown'))),
        el('dt', {}, t('passkeys.withoutPassword')),
        el('dd', { id: `passkey-without-password-${index}` }, withoutPasswordText(passkey))),
      el('div', { class: 'actions method-actions' },
        el('button', {
          type: 'button', id: `rename-passkey-${index}`, class: 'button-secondary',
          'aria-label': t('passkeys.renameLabel', { name: passkey.name }), onclick: () => openRename(passkey, index, item),
        }, t('passkeys.rename')),
        el('button', {
          type: 'button', id: `remove-passkey-${index}`, class: 'button-secondary button-danger',
          'aria-label': t('passkeys.removeLabel', { name: passkey.name }), onclick: () => openRemove(passkey, index, item),
        }, t('passkeys.remove'))),
    );
    return item;
  }

  function replacePanel(item, panel) {
    item.querySelector('.method-actions, .method-panel')?.replaceWith(panel);
  }

  function closePanel(focusId) {
    paint(info);
    document.getElementById(focusId)?.focus();
  }

  function nameInput(id, value) {
    return el('input', { id, name: 'name', type: 'text', required: true, autocomplete: 'off', value });
  }

  // Add -----------------------------------------------------------------------------------------

  function openAdd(kind) {
    page.clearMessages();
    const area = document.getElementById('passkey-add-area');
    const input = nameInput('passkey-name-input', t(PASSKEY_KINDS[kind].defaultName));
    const cancel = () => closePanel(kind === 'platform' ? 'add-passkey' : 'add-security-key');
    const form = el('form', { id: 'passkey-add-form', class: 'method-panel', novalidate: true, 'aria-labelledby': 'passkey-add-heading' },
      el('h3', { id: 'passkey-add-heading', tabindex: '-1' },
        t(kind === 'platform' ? 'passkeys.addPasskeyHeading' : 'passkeys.addSecurityKeyHeading')),
      el('p', {}, t(kind === 'platform' ? 'passkeys.addPasskeyText' : 'passkeys.addSecurityKeyText')),
      formField(input, { label: t('passkeys.nameLabel'), hint: t('passkeys.nameHint', { max: NAME_MAX }) }),
      el('div', { class: 'actions' },
        el('button', { type: 'submit', id: 'passkey-add-submit', class: 'button-primary' }, t('passkeys.continue')),
        el('button', { type: 'button', id: 'passkey-add-cancel', class: 'button-secondary', onclick: cancel }, t('passkeys.cancel'))),
    );
    form.addEventListener('input', () => clearFieldError(input));
    form.addEventListener('keydown', (event) => { if (event.key === 'Escape') cancel(); });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      page.clearMessages();
      const name = input.value.trim();
      if (name === '') {
        rejectField(page, input, t('passkeys.nameRequired'), t('passkeys.checkName'));
        return;
      }
      const idle = markBusy(form, form.querySelector('button[type="submit"]'), t('passkeys.adding'), form.querySelectorAll('button'));
      try {
        const added = await register(kind, name);
        if (added === null) {
          return;
        }
        await reload();
        page.announce(t('passkeys.added', { name: added.name }));
        document.getElementById('passkeys-heading')?.focus();
      } catch (error) {
        idle();
        ceremonyFailed(error);
      }
    });
    area.replaceChildren(form);
    form.querySelector('h3').focus();
  }

  /** The whole ceremony: the options from the API, the browser's authenticator, the response back. */
  async function register(kind, name) {
    const { data: started } = await apiFetch('/me/security-info/passkeys', { method: 'POST', signal: page.signal });
    if (started.mode === 'managed-login') {
      window.location.assign(started.url);
      return null;
    }
    const publicKey = creationOptions(started.publicKey);
    publicKey.authenticatorSelection = { ...(publicKey.authenticatorSelection ?? {}), authenticatorAttachment: PASSKEY_KINDS[kind].attachment };
    const credential = await navigator.credentials.create({ publicKey, signal: page.signal });
    const { data } = await apiFetch('/me/security-info/passkeys/verify', {
      headers: changeKey().headers(),
      method: 'POST', body: { credential: responseJson(credential), name }, signal: page.signal,
    });
    return data;
  }

  function ceremonyFailed(error) {
    if (error instanceof DOMException && error.name !== 'AbortError') {
      page.showError(t(error.name === 'InvalidStateError' ? 'passkeys.alreadyRegistered'
        : error.name === 'NotAllowedError' ? 'passkeys.cancelled' : 'passkeys.notSupported'));
      revealError();
      return;
    }
    if (error instanceof ApiProblem && error.status === 400 && error.errors.length) {
      page.showError(t('passkeys.refused', { reason: error.errors.map(fieldErrorText).join(' ') }));
      revealError();
      return;
    }
    failed(error);
  }

  // Rename --------------------------------------------------------------------------------------

  function openRename(passkey, index, item, typed = passkey.name) {
    page.clearMessages();
    const { form, input, edited } = renameForm(page, {
      ids: { form: `passkey-rename-form-${index}`, input: `passkey-rename-input-${index}`, save: `passkey-rename-save-${index}`, cancel: `passkey-rename-cancel-${index}` },
      words: 'passkeys',
      saved: passkey.name,
      typed,
      close: () => closePanel(`rename-passkey-${index}`),
      async save(name) {
        // The name as seen (ours, or the authenticator's): a rename made elsewhere meanwhile is a 409.
        await apiFetch(`/me/security-info/passkeys/${encodeURIComponent(passkey.id)}`, {
          method: 'PATCH', body: { name, current: passkey.name }, signal: page.signal,
        });
        await reload();
        document.getElementById(`passkey-name-${index}`)?.focus();
        page.announce(t('passkeys.renamed'), { near: document.getElementById(`passkey-${index}`) });
      },
      async renamedElsewhere(name, detail) {
        await reload();
        const at = info.passkeys.findIndex((candidate) => candidate.id === passkey.id);
        const freshItem = at >= 0 && document.getElementById(`passkey-${at}`);
        if (freshItem) {
          openRename(info.passkeys[at], at, freshItem, name);
          page.showError(detail, { near: document.getElementById(`passkey-rename-form-${at}`) });
        }
      },
      failed: (error, name) => failed(error, form, input, { action: 'rename-passkey', id: passkey.id, values: { name } }),
    });
    replacePanel(item, form);
    page.setUnsaved(edited);
    input.focus();
  }

  /**
   * Back from the sign-in service's add-a-passkey page: the passkey it added named beside it (with
   * focus on it), or, when none is new, that none was added.
   */
  function returnedFromSignIn(resumed) {
    if (resumed?.action !== ADDED_AT_SIGN_IN || !Array.isArray(info?.passkeys) || node.hidden) {
      return false;
    }
    const known = new Set((resumed.values?.known ?? '').split(' ').filter(Boolean));
    const index = info.passkeys.findIndex((passkey) => !known.has(passkey.id));
    if (index < 0) {
      document.getElementById('add-passkey')?.focus();
      page.announce(t('passkeys.noneAddedAtSignIn'), { near: node });
    } else {
      document.getElementById(`passkey-name-${index}`)?.focus();
      page.announce(t('passkeys.addedAtSignIn', { name: info.passkeys[index].name }),
        { near: document.getElementById(`passkey-${index}`) });
    }
    return true;
  }

  /** Back from the step-up a rename or a removal asked for: the same change, asked about once more. */
  function putBack(resumed) {
    const index = info?.passkeys?.findIndex((passkey) => passkey.id === resumed?.id) ?? -1;
    const item = index >= 0 && document.getElementById(`passkey-${index}`);
    if (!item) {
      return false;
    }
    if (resumed.action === 'rename-passkey') {
      openRename(info.passkeys[index], index, item, resumed.values?.name ?? info.passkeys[index].name);
    } else if (resumed.action === 'remove-passkey') {
      openRemove(info.passkeys[index], index, item);
    } else {
      return false;
    }
    return true;
  }

  // Remove --------------------------------------------------------------------------------------

  function openRemove(passkey, index, item) {
    const panel = removeQuestion(page, {
      ids: { panel: 'passkey-remove-confirm', heading: `passkey-remove-heading-${index}`, confirm: 'confirm-remove-passkey', cancel: 'cancel-remove-passkey' },
      words: 'passkeys',
      heading: t('passkeys.removeHeading', { name: passkey.name }),
      text: t('passkeys.removeText'),
      url: `/me/security-info/passkeys/${encodeURIComponent(passkey.id)}`,
      cancel: () => closePanel(`remove-passkey-${index}`),
      async removed() {
        await reload();
        document.getElementById('passkeys-heading')?.focus();
        page.announce(t('passkeys.removed', { name: passkey.name }), { near: document.getElementById('passkeys-section') });
      },
      failed: (error) => failed(error, null, null, { action: 'remove-passkey', id: passkey.id }),
    });
    replacePanel(item, panel);
    panel.querySelector('h4').focus();
  }

  return { node, paint, putBack, returnedFromSignIn };
}

// WebAuthn's JSON forms (binary values as base64url) -------------------------------------------------

function fromBase64Url(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer;
}

function toBase64Url(buffer) {
  let binary = '';
  for (const byte of new Uint8Array(buffer)) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The sign-in service's options, as navigator.credentials.create takes them. */
function creationOptions(json) {
  if (typeof PublicKeyCredential !== 'undefined' && typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function') {
    return PublicKeyCredential.parseCreationOptionsFromJSON(json);
  }
  return {
    ...json,
    challenge: fromBase64Url(json.challenge),
    user: { ...json.user, id: fromBase64Url(json.user.id) },
    excludeCredentials: (json.excludeCredentials ?? []).map((c) => ({ ...c, id: fromBase64Url(c.id) })),
  };
}

/** The browser's registration response, as the API takes it (PublicKeyCredential.toJSON()). */
function responseJson(credential) {
  if (typeof credential.toJSON === 'function') {
    return credential.toJSON();
  }
  return {
    id: credential.id,
    rawId: toBase64Url(credential.rawId),
    type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment ?? null,
    response: {
      clientDataJSON: toBase64Url(credential.response.clientDataJSON),
      attestationObject: toBase64Url(credential.response.attestationObject),
      transports: credential.response.getTransports?.() ?? [],
    },
    clientExtensionResults: credential.getClientExtensionResults(),
  };
}
