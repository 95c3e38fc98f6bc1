package dev.myprofile.local;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.Browser;
import dev.myprofile.testkit.BrowserTests;
import dev.myprofile.testkit.Moto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every page of the web app, signed out and signed in, in English and in Swedish, at a desktop window
 * (1280×800) and a phone's (390×844): axe-core's WCAG 2.1 A and AA rules find nothing, and a screenshot
 * of the whole page is left in {@code local/target/screenshots/} (named page-language-width.png) for a
 * reviewer to look at. The pages are seen with the development provider; the sign-in in Cognito's shape
 * and the Security info page as Cognito users see it (their methods, not "managed by your provider")
 * are seen with Cognito.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryPageBrowserTest {
    private static final List<int[]> SIZES = List.of(new int[] {1280, 800}, new int[] {390, 844});
    /** The signed-in pages, by route, and the name their screenshots take. */
    private static final Map<String, String> PAGES = Map.of(
            "/", "overview", "/security-info", "security-info", "/organizations", "organizations",
            "/devices", "devices", "/privacy", "privacy", "/activity", "activity", "/no-such-page", "not-found");

    private final ApiContract.Recorder exchanges = ApiContract.recorder();
    /** Both portals, the development provider's opened first, in a browser in British English. */
    @RegisterExtension
    final BrowserTests<Portals> web = BrowserTests.of(() -> Portals.start(exchanges), (Portals p) -> p.development().url())
            .language("en-GB")
            .afterEach(exchanges::assertKept);
    private Portals portals;

    /** The same demo on the development provider and on Cognito. */
    record Portals(LocalPortal development, LocalPortal cognito) implements AutoCloseable {
        static Portals start(ApiContract.Recorder exchanges) throws Exception {
            LocalPortal development = LocalPortal.start(0, Optional.of(Moto.shared().endpoint()), LocalPortal.SignIn.DEVELOPMENT_OIDC,
                    Map.of(), exchanges, Clock.systemUTC());
            try {
                return new Portals(development, LocalPortal.start(0, Optional.of(Moto.shared().endpoint()), exchanges));
            } catch (Exception | Error e) {
                development.close();
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                development.close();
            } finally {
                cognito.close();
            }
        }
    }

    @Test
    void every_page_in_english_and_swedish_at_both_widths_has_no_accessibility_violation_and_is_photographed() throws Exception {
        List<String> violations = new ArrayList<>();
        List<Path> shots = new ArrayList<>();
        visitEveryPage(web.session(), "en", null, violations, shots);
        try (Browser swedish = Browser.start("sv-SE")) {
            visitEveryPage(swedish, "sv", "sv", violations, shots);
        }
        visitWithCognito("en", "en-GB", violations, shots);
        visitWithCognito("sv", "sv-SE", violations, shots);

        assertTrue(violations.isEmpty(), () -> "axe-core: " + String.join("\n", violations));
        assertEquals(2 * 2 * (PAGES.size() + 2 + 2), shots.size());
        for (Path shot : shots) {
            assertTrue(Files.size(shot) > 1000, shot + " is a picture");
        }
    }

    /**
     * Signed out (the start page and the development sign-in), then signed in as Ada, every page; with
     * {@code profileLanguage}, Ada first chooses it on the Overview, as a person would, and changes it back
     * at the end.
     */
    private void visitEveryPage(Browser session, String language, String profileLanguage,
                                List<String> violations, List<Path> shots) throws IOException {
        session.driver().get(portals.development().url());
        session.visible(By.id("sign-in"));
        check(session, "signed-out", language, violations, shots);
        session.click(By.id("sign-in"));
        session.visible(By.id("demo-user"));
        check(session, "sign-in", language, violations, shots);
        session.click(By.id("demo-user"));
        session.visible(By.id("profile-display-name"));
        if (profileLanguage != null) {
            chooseLanguage(session, profileLanguage);
        }
        for (Map.Entry<String, String> page : PAGES.entrySet()) {
            session.driver().executeScript("location.hash = arguments[0]", "#" + page.getKey());
            session.waitFor().until(d -> d.findElement(By.id("view")).getAttribute("aria-busy") == null
                    && !d.findElements(By.cssSelector("#view h1")).isEmpty());
            assertEquals(language, session.driver().findElement(By.tagName("html")).getAttribute("lang"), page.getKey());
            check(session, page.getValue(), language, violations, shots);
        }
        if (profileLanguage != null) {
            session.driver().executeScript("location.hash = '#/'");
            session.visible(By.id("profile-display-name"));
            chooseLanguage(session, "en-GB");
        }
        session.assertNoConsoleErrors();
    }

    /** The sign-in in Cognito's shape, and the Security info page with Ada's methods. */
    private void visitWithCognito(String language, String browserLanguage, List<String> violations, List<Path> shots)
            throws IOException {
        try (Browser session = Browser.start(browserLanguage)) {
            session.driver().get(portals.cognito().url());
            session.click(By.id("sign-in"));
            session.visible(By.id("username"));
            check(session, "cognito-sign-in", language, violations, shots);
            DemoSignIn.fillSignInForm(session, CognitoSignIn.DEMO_USERS.get(0));
            session.visible(By.id("profile-display-name"));
            String before = chooseLanguage(session, language);
            session.driver().executeScript("location.hash = '#/security-info'");
            session.visible(By.id("security-status"));
            session.waitFor().until(d -> d.findElement(By.id("view")).getAttribute("aria-busy") == null);
            assertEquals(language, session.driver().findElement(By.tagName("html")).getAttribute("lang"));
            check(session, "security-info-cognito", language, violations, shots);
            session.driver().executeScript("location.hash = '#/'");
            session.visible(By.id("profile-display-name"));
            chooseLanguage(session, before);
            session.assertNoConsoleErrors();
        }
    }

    /** Chooses the profile's preferred language on the Overview; answers the one it had. */
    private static String chooseLanguage(Browser session, String tag) {
        session.resize(1280, 800);
        session.click(By.id("edit-profile"));
        Select select = new Select(session.visible(By.id("input-preferredLanguage")));
        String before = select.getFirstSelectedOption().getAttribute("value");
        select.selectByValue(tag);
        session.click(By.id("save-profile"));
        session.waitFor().until(ExpectedConditions.elementToBeClickable(By.id("edit-profile")));
        return before;
    }

    private static void check(Browser session, String page, String language, List<String> violations, List<Path> shots)
            throws IOException {
        for (int[] size : SIZES) {
            session.resize(size[0], size[1]);
            Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
                    .analyze(session.driver());
            for (Rule rule : results.getViolations()) {
                violations.add(page + " (" + language + ", " + size[0] + "): " + rule.getId() + " "
                        + rule.getNodes().stream().map(node -> node.getTarget().toString()).toList());
            }
            shots.add(session.screenshotWholePage(page + "-" + language + "-" + size[0] + ".png", size[0], size[1]));
        }
    }
}
