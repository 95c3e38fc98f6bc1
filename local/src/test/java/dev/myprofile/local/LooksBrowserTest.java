package dev.myprofile.local;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.selenium.AxeBuilder;
import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.BrowserTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the pages look and read, at a laptop's width and a phone's (issue 24): buttons whose accessible
 * name holds their visible words, a slow page that says it is loading, and the spacing and line
 * breaks a person met (measured in the page, not judged from a picture).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LooksBrowserTest extends InPortalBrowser {
    private static final LocalUserPool.DemoUser ADA = CognitoSignIn.DEMO_USERS.get(0);
    /** The least room between two boxes that should not touch, in CSS pixels. */
    private static final double APART = 12;

    private final ApiContract.Recorder exchanges = ApiContract.recorder();
    /** Every test as a visitor who has never been here; every exchange keeps the API description. */
    @RegisterExtension
    final BrowserTests<LocalPortal> web = PortalBrowser.cognito(exchanges)
            .eachTest(BrowserTests.Fresh.NEW_VISITOR)
            .afterEach(exchanges::assertKept);

    /**
     * axe's label-content-name-mismatch (WCAG 2.5.3, experimental, so not among the tags the other tests
     * run): "Make default" said one thing and was named another. Ada's methods are played with a
     * phone added, so there is a method to make default.
     */
    @Test
    void security_info_buttons_are_named_with_their_visible_words_and_a_methods_kind_is_said_once() {
        try {
            for (Dimension size : DevicesBrowserTest.WINDOW_SIZES) {
                browser.manage().window().setSize(size);
                browser.get(portal.url());
                DemoSignIn.atCognito(session, ADA);
                browser.executeScript("""
                        const original = window.fetch;
                        window.fetch = async (input, init) => {
                          const response = await original(input, init);
                          if (typeof input !== 'string' || !input.endsWith('/me/security-info') || (init?.method ?? 'GET') !== 'GET') {
                            return response;
                          }
                          const info = await response.json();
                          info.methods.push({ id: 'phone', type: 'phone', name: null, target: '+46 70••• 67', isDefault: false,
                            usedFor: ['signIn', 'passwordReset'], addedAt: '2026-01-02T03:04:05Z' });
                          return new Response(JSON.stringify(info), { status: 200, headers: { 'Content-Type': 'application/json' } });
                        };
                        """);
                browser.executeScript("location.hash = '#/security-info';");
                WebElement makeDefault = session.visible(By.id("make-default-phone"));
                assertEquals("Make default", makeDefault.getText());
                Results results = new AxeBuilder().withRules(List.of("label-content-name-mismatch")).analyze(browser);
                assertTrue(results.getViolations().isEmpty(), () -> "Security info at " + size + ": " + results.getViolations().stream()
                        .map(rule -> rule.getId() + " " + rule.getNodes().stream().map(node -> String.valueOf(node.getTarget())).toList())
                        .toList());

                // A method without a name of its own is headed by its kind: the kind is not said again below.
                for (WebElement card : browser.findElements(By.cssSelector("#method-list > li"))) {
                    String heading = card.findElement(By.tagName("h3")).getText();
                    List<String> terms = card.findElements(By.tagName("dt")).stream().map(WebElement::getText).toList();
                    List<String> values = card.findElements(By.tagName("dd")).stream().map(WebElement::getText).toList();
                    int kind = terms.indexOf("Kind");
                    assertFalse(kind >= 0 && values.get(kind).equals(heading), () -> heading + ": \"Kind: " + heading + "\" repeats the heading");
                }
                session.assertNoConsoleErrors();
            }
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    /**
     * A page whose answer is slow says it is loading (it was blank for 8 s before the error came), and
     * stops saying so when the answer, here a failure, arrives.
     */
    @Test
    void a_slow_page_says_it_is_loading_until_its_answer_comes() {
        try {
            for (Dimension size : DevicesBrowserTest.WINDOW_SIZES) {
                browser.manage().window().setSize(size);
                browser.get(portal.url());
                DemoSignIn.atCognito(session, ADA);
                browser.executeScript("""
                        const original = window.fetch;
                        window.fetch = (input, init) => {
                          const url = typeof input === 'string' ? input : input.url;
                          if (!url.includes('/me/devices?')) {
                            return original(input, init);
                          }
                          window.fetch = original;
                          return new Promise((resolve) => {
                            window.answerSlowLoad = () => resolve(new Response(JSON.stringify({
                              type: 'urn:myprofile:problem:store-unavailable', title: 'Service unavailable', status: 503,
                              detail: "The service can't reach its data right now. Try again shortly.",
                            }), { status: 503, headers: { 'Content-Type': 'application/problem+json' } }));
                          });
                        };
                        """);
                browser.executeScript("location.hash = '#/devices';");
                wait.until(d -> Boolean.TRUE.equals(browser.executeScript("return typeof window.answerSlowLoad === 'function';")));

                WebElement loading = session.visible(By.id("page-loading"));
                assertEquals("Loading…", loading.getText());
                assertEquals("true", browser.findElement(By.id("view")).getAttribute("aria-busy"));
                assertEquals("Devices", session.text(By.cssSelector("#view h1")), "the page's heading is shown meanwhile");
                Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(browser);
                assertTrue(results.getViolations().isEmpty(), () -> "loading: " + results.getViolations().stream()
                        .map(rule -> rule.getId() + " " + rule.getNodes().stream().map(node -> String.valueOf(node.getTarget())).toList())
                        .toList());

                browser.executeScript("window.answerSlowLoad();");
                session.visible(By.id("retry-load"));
                assertTrue(browser.findElements(By.id("page-loading")).isEmpty(), "no longer loading once the answer came");
                assertEquals(null, browser.findElement(By.id("view")).getAttribute("aria-busy"));
                session.assertNoConsoleErrors("503");
            }
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    /** What the person met on the signed-out page: the language choice pressed right under "Sign in", as wide as the screen. */
    @Test
    void the_signed_out_pages_language_choice_stands_apart_from_sign_in_at_both_widths() {
        try {
            for (Dimension size : DevicesBrowserTest.WINDOW_SIZES) {
                browser.manage().window().setSize(size);
                browser.get(portal.url());
                session.visible(By.id("sign-in"));
                assertApart("#sign-in", "#visitor-language", 24);
                Map<?, ?> select = rect("#visitor-language");
                Map<?, ?> sign = rect("#sign-in");
                assertTrue(number(select.get("width")) <= Math.max(number(sign.get("width")), 320),
                        "the language choice is no wider than its choices need: " + select);
            }
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    /**
     * Security info: the add buttons stand apart from the Passkeys card below them; after a password
     * change, the "changed" banner stands apart from the sign-out offer. (The password change is played:
     * the demo user's own password stays.)
     */
    @Test
    void security_info_keeps_its_boxes_apart_at_both_widths() {
        try {
            for (Dimension size : DevicesBrowserTest.WINDOW_SIZES) {
                browser.manage().window().setSize(size);
                browser.get(portal.url());
                DemoSignIn.atCognito(session, ADA);
                browser.executeScript("location.hash = '#/security-info';");
                session.visible(By.id("security-status"));
                session.visible(By.id("passkeys-section"));
                assertApart("#add-phone", "#passkeys-section", APART);

                browser.executeScript("""
                        const original = window.fetch;
                        window.fetch = (input, init) => typeof input === 'string' && input.endsWith('/me/security-info/password')
                            ? Promise.resolve(new Response('{}', { status: 200, headers: { 'Content-Type': 'application/json' } }))
                            : original(input, init);
                        """);
                browser.findElement(By.id("current-password")).sendKeys("Analytical-Engine-1843");
                browser.findElement(By.id("new-password")).sendKeys("a brand new pass phrase");
                session.click(By.id("password-submit"));
                session.visible(By.id("password-sign-out-offer"));
                assertApart("#inline-status", "#password-sign-out-offer", APART);
                session.assertNoConsoleErrors();
            }
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    /** Privacy's links (long web addresses) break between the parts of an address, never inside a word. */
    @Test
    void privacy_links_break_only_between_the_parts_of_an_address_at_both_widths() {
        try {
            for (Dimension size : DevicesBrowserTest.WINDOW_SIZES) {
                browser.manage().window().setSize(size);
                browser.get(portal.url());
                DemoSignIn.atCognito(session, ADA);
                browser.executeScript("location.hash = '#/privacy';");
                session.visible(By.cssSelector("#privacy-organizations > li, [id^='privacy-organization-']"));
                @SuppressWarnings("unchecked")
                List<String> breaks = (List<String>) browser.executeScript("""
                        const found = [];
                        for (const link of document.querySelectorAll('#view .device-fact a')) {
                          const text = link.textContent;
                          const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
                          const chars = [];
                          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                            for (let i = 0; i < node.length; i++) {
                              const range = document.createRange();
                              range.setStart(node, i);
                              range.setEnd(node, i + 1);
                              const box = range.getClientRects()[0];
                              chars.push({ char: node.data[i], top: box ? Math.round(box.top) : null });
                            }
                          }
                          for (let i = 1; i < chars.length; i++) {
                            if (chars[i].top !== null && chars[i - 1].top !== null && chars[i].top > chars[i - 1].top) {
                              const before = chars[i - 1].char;
                              const after = chars[i].char;
                              if (!(/[\\/\\-]/.test(before) || /[.@?#&=_]/.test(after))) {
                                found.push(text + ' breaks between ' + before + ' and ' + after);
                              }
                            }
                          }
                        }
                        return found;
                        """);
                assertTrue(breaks.isEmpty(), () -> size + ": " + breaks);
            }
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    // Helpers ---------------------------------------------------------------------------------------

    private Map<?, ?> rect(String css) {
        return (Map<?, ?>) browser.executeScript("""
                const box = document.querySelector(arguments[0]).getBoundingClientRect();
                return { top: box.top, bottom: box.bottom, left: box.left, right: box.right, width: box.width };
                """, css);
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }

    /** {@code below} starts at least {@code gap} pixels under the bottom of {@code above}. */
    private void assertApart(String above, String below, double gap) {
        double space = number(rect(below).get("top")) - number(rect(above).get("bottom"));
        assertTrue(space >= gap, above + " and " + below + " are " + space + " px apart, want " + gap + " or more");
    }
}
