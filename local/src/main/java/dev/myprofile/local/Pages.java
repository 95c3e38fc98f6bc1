package dev.myprofile.local;

import java.util.List;
import java.util.Map;

/**
 * The local sign-in's pages: plain HTML forms (no script but the add-a-passkey page's own, which
 * the WebAuthn ceremony needs), every value escaped, styled by one stylesheet the strict page policy
 * allows. The demo users and their passwords are listed on the
 * page, as a local runtime should; nothing like it exists in a deployment.
 */
final class Pages {
    static final String CSS = """
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; background: #f3f4f6; color: #111827; }
            main { max-width: 28rem; margin: 3rem auto; padding: 2rem; background: #fff; border-radius: 12px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
            h1 { font-size: 1.4rem; margin-top: 0; }
            p, li { color: #374151; }
            label { display: block; font-weight: 600; margin-top: 1rem; }
            input { width: 100%; box-sizing: border-box; padding: .6rem; font-size: 1rem; border: 1px solid #6b7280; border-radius: 6px; margin-top: .25rem; }
            input:focus-visible, button:focus-visible { outline: 3px solid #93c5fd; outline-offset: 2px; }
            button { margin-top: 1.25rem; width: 100%; padding: .8rem 1rem; font-size: 1rem; border-radius: 8px; border: 1px solid #1d4ed8; background: #2563eb; color: #fff; cursor: pointer; }
            .error { color: #991b1b; background: #fef2f2; border: 1px solid #fecaca; padding: .75rem; border-radius: 6px; }
            .demo { margin-top: 2rem; padding-top: 1rem; border-top: 1px solid #e5e7eb; font-size: .95rem; }
            code { background: #f3f4f6; padding: 0 .25rem; border-radius: 4px; }
            .back { display: block; margin-top: 1rem; text-align: center; color: #1d4ed8; }
            """;

    /**
     * The add-a-passkey page's script: the options from this sign-in (Cognito's, for its relying
     * party), the browser's authenticator, the response back to be verified, then back to the app.
     * The browser's own JSON forms of WebAuthn do the base64url work.
     */
    static final String ADD_PASSKEY_SCRIPT = """
            const button = document.getElementById('passkey-add');
            const problem = document.getElementById('passkey-problem');
            const back = document.getElementById('passkey-back').href;

            function say(text) {
              problem.textContent = text;
              problem.hidden = false;
              button.disabled = false;
              button.textContent = 'Add a passkey';
            }

            async function post(path, body) {
              const response = await fetch(path, {
                method: 'POST', credentials: 'same-origin',
                headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
              });
              const answer = response.status === 204 ? {} : await response.json().catch(() => ({}));
              if (!response.ok) {
                throw new Error(answer.message || 'The sign-in service did not answer (' + response.status + ').');
              }
              return answer;
            }

            button.addEventListener('click', async () => {
              problem.hidden = true;
              if (!window.PublicKeyCredential || typeof PublicKeyCredential.parseCreationOptionsFromJSON !== 'function') {
                say('This browser cannot add a passkey. Try another browser.');
                return;
              }
              button.disabled = true;
              button.textContent = 'Adding…';
              try {
                const { publicKey } = await post('/passkeys/add/options', {});
                const credential = await navigator.credentials.create({
                  publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(publicKey),
                });
                await post('/passkeys/add/complete', { credential: credential.toJSON() });
                window.location.assign(back);
              } catch (error) {
                say(error instanceof DOMException
                  ? (error.name === 'InvalidStateError' ? 'That authenticator already holds a passkey for this account.'
                    : 'No passkey was added: the request was cancelled or took too long.')
                  : error.message);
              }
            });
            """;

    private Pages() {}

    static LocalManagedLogin.Authorization authorization(Map<String, String> form) {
        return new LocalManagedLogin.Authorization(form.getOrDefault("client_id", ""), form.getOrDefault("redirect_uri", ""),
                form.getOrDefault("state", ""), form.getOrDefault("code_challenge", ""), form.getOrDefault("scope", ""),
                LocalManagedLogin.ADD_PASSKEY.equals(form.get("then")) ? LocalManagedLogin.ADD_PASSKEY : "",
                SignInTexts.in(form.get("lang")).language());
    }

    static String signIn(LocalManagedLogin.Authorization authorization, String csrf, List<LocalUserPool.Created> demoUsers,
                         String username, String error) {
        SignInTexts texts = SignInTexts.in(authorization.lang());
        StringBuilder demo = new StringBuilder("<section class=\"demo\" aria-labelledby=\"demo-heading\">"
                + "<h2 id=\"demo-heading\">" + escape(texts.t("demo.heading")) + "</h2><ul>");
        for (LocalUserPool.Created created : demoUsers) {
            LocalUserPool.DemoUser user = created.user();
            demo.append("<li><strong>").append(escape(user.name())).append("</strong>: <code>").append(escape(user.email()))
                    .append("</code>, ").append(escape(texts.t("demo.password"))).append(" <code>").append(escape(user.password()))
                    .append("</code>. ").append(escape(user.note())).append("</li>");
        }
        demo.append("</ul></section>");
        return page(texts, texts.t("signIn.title"), "<h1>" + escape(texts.t("signIn.heading")) + "</h1>"
                + (error == null ? "" : "<p class=\"error\" role=\"alert\" id=\"sign-in-error\">" + escape(error) + "</p>")
                + "<form method=\"post\" action=\"/login\">" + hidden(authorization) + field("_csrf", csrf)
                + "<label for=\"username\">" + escape(texts.t("signIn.email")) + "</label>"
                + "<input id=\"username\" name=\"username\" type=\"email\" autocomplete=\"username\" required value=\""
                + escape(username == null ? "" : username) + "\"" + (error == null ? " autofocus" : "") + ">"
                + "<label for=\"password\">" + escape(texts.t("signIn.password")) + "</label>"
                + "<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required"
                + (error == null ? "" : " autofocus aria-describedby=\"sign-in-error\"") + ">"
                + "<button id=\"sign-in-submit\" type=\"submit\">" + escape(texts.t("signIn.submit")) + "</button></form>" + demo);
    }

    /** The authenticator app's step; {@code step} names the sign-in's own record of it (challenge, person). */
    static String secondStep(LocalManagedLogin.Authorization authorization, String step, String csrf,
                             String error, String demoCode) {
        SignInTexts texts = SignInTexts.in(authorization.lang());
        return codeForm(texts, texts.t("secondStep.app"), authorization, step, csrf, error,
                demoCode == null ? "" : "<p class=\"demo\">" + escape(texts.t("secondStep.demoApp"))
                        + " <code id=\"demo-code\">" + escape(demoCode) + "</code></p>");
    }

    /** Cognito's text-message step: the code went to the verified phone, shown by its last digits only. */
    static String textedCode(LocalManagedLogin.Authorization authorization, String step, String csrf, String phoneEnding,
                             String error, String textsAt) {
        SignInTexts texts = SignInTexts.in(authorization.lang());
        return codeForm(texts, texts.t("secondStep.text", "ending", phoneEnding), authorization, step, csrf, error,
                "<p class=\"demo\">" + escape(texts.t("secondStep.demoTexts")) + " <code id=\"texts-at\">"
                        + escape(textsAt) + "</code> (<code>sns.SMS</code>).</p>");
    }

    private static String codeForm(SignInTexts texts, String instruction, LocalManagedLogin.Authorization authorization,
                                   String step, String csrf, String error, String demo) {
        return page(texts, texts.t("secondStep.title"), "<h1>" + escape(texts.t("secondStep.title")) + "</h1>"
                + "<p>" + escape(instruction) + "</p>"
                + (error == null ? "" : "<p class=\"error\" role=\"alert\" id=\"code-error\">" + escape(error) + "</p>")
                + "<form method=\"post\" action=\"/login/mfa\">" + hidden(authorization)
                + field("step", step) + field("_csrf", csrf)
                + "<label for=\"code\">" + escape(texts.t("secondStep.code")) + "</label>"
                + "<input id=\"code\" name=\"code\" inputmode=\"numeric\" autocomplete=\"one-time-code\" pattern=\"[0-9]{6}\" required autofocus"
                + (error == null ? "" : " aria-describedby=\"code-error\"") + ">"
                + "<button id=\"code-submit\" type=\"submit\">" + escape(texts.t("secondStep.submit")) + "</button></form>" + demo);
    }

    /** Managed login's add-a-passkey page, for a signed-in person; {@code back} is the app's registered address. */
    static String addPasskey(SignInTexts texts, String back) {
        return page(texts, texts.t("passkey.title"), "<h1>" + escape(texts.t("passkey.title")) + "</h1>"
                + "<p>" + escape(texts.t("passkey.intro")) + "</p>"
                + "<p class=\"error\" role=\"alert\" id=\"passkey-problem\" hidden></p>"
                + "<button id=\"passkey-add\" type=\"button\">" + escape(texts.t("passkey.add")) + "</button>"
                + "<a class=\"back\" id=\"passkey-back\" href=\"" + escape(back) + "\">" + escape(texts.t("passkey.back")) + "</a>"
                + "<script src=\"/passkeys-add.js\" type=\"module\"></script>");
    }

    static String error(SignInTexts texts, String message) {
        return page(texts, texts.t("error.title"), "<h1>" + escape(texts.t("error.heading")) + "</h1><p class=\"error\" role=\"alert\">"
                + escape(message) + "</p>");
    }

    private static String hidden(LocalManagedLogin.Authorization authorization) {
        return field("client_id", authorization.clientId()) + field("redirect_uri", authorization.redirectUri())
                + field("state", authorization.state()) + field("code_challenge", authorization.codeChallenge())
                + field("scope", authorization.scope()) + field("lang", authorization.lang())
                + (authorization.then().isEmpty() ? "" : field("then", authorization.then()));
    }

    private static String field(String name, String value) {
        return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + escape(value) + "\">";
    }

    private static String page(SignInTexts texts, String title, String body) {
        return "<!DOCTYPE html><html lang=\"" + texts.language() + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + " · " + escape(texts.t("page.suffix")) + "</title>"
                + "<link rel=\"stylesheet\" href=\"/login.css\"></head><body><main>" + body + "</main></body></html>";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
