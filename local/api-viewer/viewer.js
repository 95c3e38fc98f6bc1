// Renders /openapi.yaml with the vendored Swagger UI (swagger-ui-dist, see vendor/swagger-ui/).
// A file of its own, not inline: the page's Content-Security-Policy allows only scripts from 'self'.
window.addEventListener('DOMContentLoaded', () => {
  window.ui = window.SwaggerUIBundle({
    url: '/openapi.yaml',
    dom_id: '#api-description',
    // Off: with deep links on, each operation's path is a link inside the button that opens it,
    // which assistive technology cannot reach (axe: nested-interactive).
    deepLinking: false,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    // Never send the document to an online validator; the tests validate it.
    validatorUrl: null,
    defaultModelsExpandDepth: 0,
  });
  // Swagger UI leaves the server choice and the server's variables without a name (axe: select-name,
  // label), and wide examples scrolling without a keyboard way in (scrollable-region-focusable): each
  // is mended as it is rendered.
  const named = (control) => [...(control.labels ?? [])].some((label) => label.textContent.trim() !== '');
  const name = () => {
    // The server and example choices sit inside labels that hold the choice itself too, which name nothing.
    for (const select of document.querySelectorAll('#api-description select:not([aria-label])')) {
      const words = select.id === 'servers' ? 'Server' : select.classList.contains('examples-select-element') ? 'Example' : null;
      if (words) {
        select.setAttribute('aria-label', words);
      }
    }
    // An example wider than a phone scrolls sideways: a keyboard must be able to scroll it too.
    for (const code of document.querySelectorAll('#api-description .highlight-code .microlight:not([tabindex])')) {
      code.setAttribute('tabindex', '0');
    }
    for (const input of document.querySelectorAll('#api-description input[data-variable]:not([aria-label])')) {
      if (!named(input)) {
        input.setAttribute('aria-label', `Server variable ${input.dataset.variable}`);
      }
    }
  };
  new MutationObserver(name).observe(document.getElementById('api-description'), { childList: true, subtree: true });
});
