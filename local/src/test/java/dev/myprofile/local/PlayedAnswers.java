package dev.myprofile.local;

import dev.myprofile.testkit.Browser;

/**
 * Answers the API would give but a test cannot make it give, played in the page's fetch exactly as the
 * functions send them. Everything else still goes to the API.
 */
final class PlayedAnswers {
    private PlayedAnswers() {}

    /**
     * The step-up answer (StepUp's 401 with {@code insufficient_user_authentication}, ten minutes) to the
     * request whose URL ends with {@code pathEnd}: every time, or only the first time ({@code once}).
     */
    static void stepUp(Browser browser, String pathEnd, boolean once) {
        browser.driver().executeScript("""
                const [pathEnd, once] = arguments;
                const original = window.fetch;
                window.fetch = (input, init) => {
                  if (typeof input === 'string' && input.endsWith(pathEnd)) {
                    if (once) {
                      window.fetch = original;
                    }
                    const description = 'A sign-in within the last 10 minutes is required.';
                    return Promise.resolve(new Response(JSON.stringify({
                      type: 'urn:myprofile:problem:step-up-required', title: 'Please sign in again',
                      status: 401, detail: description, maxAge: 600,
                    }), { status: 401, headers: {
                      'Content-Type': 'application/problem+json',
                      'WWW-Authenticate': `Bearer error="insufficient_user_authentication", error_description="${description}", max_age=600`,
                    } }));
                  }
                  return original(input, init);
                };
                """, pathEnd, once);
    }
}
