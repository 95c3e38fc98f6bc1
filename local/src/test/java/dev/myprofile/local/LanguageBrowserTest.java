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
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The language a person reads the portal in: the profile's preferred language from the first paint of
 * whichever page they land on (not only after a visit to the Overview), with its dates (en-GB writes
 * the day first), and, before signing in, the one the visitor chooses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LanguageBrowserTest extends InPortalBrowser {
    private static final LocalUserPool.DemoUser ADA = CognitoSignIn.DEMO_USERS.get(0);

    private final ApiContract.Recorder exchanges = ApiContract.recorder();
    /** Every test as a visitor who has never been here; every exchange keeps the API description. */
    @RegisterExtension
    final BrowserTests<LocalPortal> web = PortalBrowser.cognito(exchanges)
            .eachTest(BrowserTests.Fresh.NEW_VISITOR)
            .afterEach(exchanges::assertKept);

    @Test
    void the_profiles_language_is_the_first_pages_language_wherever_the_person_lands() {
        try {
            for (Dimension size : DevicesBrowserTest.WINDOW_SIZES) {
                browser.manage().window().setSize(size);
                browser.get(portal.url());
                DemoSignIn.atCognito(session, ADA);
                setPreferredLanguage("sv");

                // A link to Devices, opened in a new tab: it opens in Swedish, without the Overview.
                String first = browser.getWindowHandle();
                browser.switchTo().newWindow(WindowType.TAB);
                browser.get(portal.url() + "#/devices");
                waitForDevices();
                assertEquals("Enheter", session.text(By.cssSelector("#view h1")));
                assertEquals("sv", browser.findElement(By.tagName("html")).getAttribute("lang"));
                assertEquals("Enheter – My Profile", browser.getTitle());
                browser.close();
                browser.switchTo().window(first);

                setPreferredLanguage("en-GB");
                browser.switchTo().newWindow(WindowType.TAB);
                browser.get(portal.url() + "#/devices");
                waitForDevices();
                assertEquals("Devices", session.text(By.cssSelector("#view h1")));
                String registered = session.text(By.id("device-registered-d-laptop"));
                assertTrue(registered.matches("\\d{1,2} [A-Z][a-z]{2,3} \\d{4}"), "day first, as en-GB writes it: " + registered);
                session.assertNoConsoleErrors();
                browser.close();
                browser.switchTo().window(first);

                setPreferredLanguage("");
                session.click(By.id("sign-out"));
                session.visible(By.id("sign-in"));
            }
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    @Test
    void a_visitor_chooses_the_language_before_signing_in_and_it_is_kept() {
        try {
            for (Dimension size : DevicesBrowserTest.WINDOW_SIZES) {
                browser.manage().window().setSize(size);
                browser.get(portal.url());
                session.visible(By.id("sign-in"));
                assertEquals("Sign in to My Profile", session.text(By.cssSelector("#view h1")));

                new Select(session.visible(By.id("visitor-language"))).selectByValue("sv");
                wait.until(ExpectedConditions.textToBe(By.cssSelector("#view h1"), "Logga in på My Profile"));
                assertEquals("Logga in", session.text(By.id("sign-in")));
                assertEquals("sv", browser.findElement(By.tagName("html")).getAttribute("lang"));
                assertEquals(browser.findElement(By.id("visitor-language")), browser.switchTo().activeElement(), "focus stays on the choice");
                assertEquals("sv", browser.findElement(By.cssSelector("#visitor-language option[value='sv']")).getAttribute("lang"));
                assertAccessible("the sign-in page in Swedish");

                browser.navigate().refresh();
                wait.ignoring(StaleElementReferenceException.class)
                        .until(ExpectedConditions.textToBe(By.cssSelector("#view h1"), "Logga in på My Profile"));

                new Select(session.visible(By.id("visitor-language"))).selectByValue("en");
                wait.until(ExpectedConditions.textToBe(By.cssSelector("#view h1"), "Sign in to My Profile"));
                assertAccessible("the sign-in page in English");
                session.assertNoConsoleErrors();
            }
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    @Test
    void the_sign_in_page_is_in_the_language_the_visitor_chose() {
        browser.get(portal.url());
        new Select(session.visible(By.id("visitor-language"))).selectByValue("sv");
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#view h1"), "Logga in på My Profile"));
        session.click(By.id("sign-in"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-submit")));
        assertEquals("sv", browser.findElement(By.tagName("html")).getAttribute("lang"));
        assertEquals("Logga in", session.text(By.id("sign-in-submit")));
        assertEquals("Lösenord", session.text(By.cssSelector("label[for='password']")));
        assertAccessible("the local sign-in in Swedish");

        browser.get(portal.url());
        new Select(session.visible(By.id("visitor-language"))).selectByValue("en");
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#view h1"), "Sign in to My Profile"));
        session.click(By.id("sign-in"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-submit")));
        assertEquals("en", browser.findElement(By.tagName("html")).getAttribute("lang"));
        assertEquals("Sign in", session.text(By.id("sign-in-submit")));
    }

    /**
     * Issue 24: saving Swedish as the preferred language repaints every part of the Overview at once,
     * not only the profile card; and after signing out, the page stays in the language the person was
     * reading rather than going back to the one chosen before signing in.
     */
    @Test
    void a_saved_language_repaints_the_whole_overview_and_outlasts_signing_out() {
        try {
            for (Dimension size : DevicesBrowserTest.WINDOW_SIZES) {
                browser.manage().window().setSize(size);
                browser.get(portal.url());
                session.forgetAllCookies();
                browser.executeScript("localStorage.clear(); sessionStorage.clear();");
                DemoSignIn.atCognito(session, ADA);
                setPreferredLanguage("sv");

                assertEquals("Hantera ditt konto", session.text(By.id("overview-pages-heading")));
                assertEquals("Enheter", session.text(By.cssSelector("#overview-pages a[data-page='/devices']")));
                assertEquals("Enheterna på ditt konto: byt namn på en, eller inaktivera en som du har tappat bort.",
                        session.text(By.cssSelector("#overview-pages li:nth-child(3) p")));
                assertEquals("Översikt", session.text(By.cssSelector("#view h1")));

                session.click(By.id("sign-out"));
                wait.ignoring(StaleElementReferenceException.class)
                        .until(ExpectedConditions.textToBe(By.cssSelector("#view h1"), "Logga in på My Profile"));
                assertEquals("sv", browser.findElement(By.tagName("html")).getAttribute("lang"));
                assertEquals("Du har loggats ut.", session.text(By.id("status-message")));

                DemoSignIn.atCognito(session, ADA);
                setPreferredLanguage("");
                session.click(By.id("sign-out"));
                session.visible(By.id("sign-in"));
                session.assertNoConsoleErrors();
            }
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    /** On the Overview, through its edit form ("" is "Not set"). */
    private void setPreferredLanguage(String tag) {
        browser.executeScript("location.hash = '#/';");
        session.click(By.id("edit-profile"));
        new Select(session.visible(By.id("input-preferredLanguage"))).selectByValue(tag);
        session.click(By.id("save-profile"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("edit-profile")));
    }

    private void waitForDevices() {
        // The page goes to the sign-in and comes back: what was found before it left is gone.
        wait.ignoring(StaleElementReferenceException.class).until(ExpectedConditions.and(
                ExpectedConditions.attributeToBe(By.cssSelector("#nav-links a[data-route='/devices']"), "aria-current", "page"),
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#device-list > li"))));
    }

    /** axe-core's WCAG 2.1 A and AA rules find nothing on the page as it is now. */
    private void assertAccessible(String what) {
        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(browser);
        assertTrue(results.getViolations().isEmpty(), () -> what + ": " + results.getViolations().stream()
                .map(rule -> rule.getId() + " " + rule.getNodes().stream().map(node -> String.valueOf(node.getTarget())).toList())
                .toList());
    }
}
