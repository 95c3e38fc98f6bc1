package dev.myprofile.local;

import com.deque.html.axecore.selenium.AxeBuilder;
import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.Browser;
import dev.myprofile.testkit.BrowserTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthEventType;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21: the Activity page's "Recent sign-ins" in a real browser against a private local runtime,
 * whose sign-ins come from the local sign-in itself (through the stand-in for Cognito's threat
 * protection): a wrong password shows up as a failed sign-in, "This wasn't me" reaches the sign-in
 * service and offers changing the password and signing out everywhere in one place, and signing out
 * there ends every session.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInsBrowserTest {
    private final ApiContract.Recorder exchanges = ApiContract.recorder();
    /** A private runtime (its own moto), the browser as the last test left it. */
    @RegisterExtension
    final BrowserTests<LocalPortal> web = PortalBrowser.of(() -> LocalPortal.start(0, Optional.empty(), exchanges))
            .eachTest(BrowserTests.Fresh.AS_LEFT)
            .afterEach(exchanges::assertKept);
    private LocalPortal portal;
    private Browser session;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @Test
    void a_wrong_password_shows_up_as_failed_and_this_wasnt_me_ends_with_signing_out_everywhere() throws Exception {
        LocalUserPool.DemoUser grace = CognitoSignIn.DEMO_USERS.get(1);
        browser.get(portal.url());
        // First a wrong password at the local sign-in, then the right one.
        session.waitFor().ignoring(StaleElementReferenceException.class).until(driver -> Boolean.TRUE.equals(
                browser.executeScript("return location.search === '' && document.querySelector('#view h1') !== null;")));
        session.click(By.id("sign-in"));
        session.visible(By.id("username")).sendKeys(grace.email());
        browser.findElement(By.id("password")).sendKeys("not-" + grace.password());
        session.click(By.id("sign-in-submit"));
        session.visible(By.id("sign-in-error"));
        DemoSignIn.fillSignInForm(session, grace);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-out")));

        openActivity();
        assertEquals("Recent sign-ins", session.text(By.id("sign-ins-heading")));
        assertEquals(List.of("sign-in-0", "sign-in-1"), session.ids("#sign-ins-list > li"));
        assertEquals("Signed in", session.text(By.id("sign-in-0-result")));
        assertEquals("Sign-in failed", session.text(By.id("sign-in-1-result")));
        assertEquals("failed", browser.findElement(By.id("sign-in-1")).getAttribute("data-result"));
        assertEquals("password ✗ failed", session.text(By.id("sign-in-1-steps")));
        assertEquals("password ✓ passed", session.text(By.id("sign-in-0-steps")));
        assertEquals("127.0.0.1", session.text(By.id("sign-in-1-ip")));
        assertEquals("Chrome, Linux", session.text(By.id("sign-in-1-device")));
        assertEquals("Low", session.text(By.id("sign-in-1-risk")));

        // At a desktop's width and a phone's: axe-core's WCAG 2.1 A/AA rules find nothing, and a screenshot.
        for (int[] size : new int[][] {{1280, 900}, {390, 844}}) {
            session.resize(size[0], size[1]);
            var violations = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
                    .analyze(browser).getViolations();
            assertTrue(violations.isEmpty(), () -> "axe-core: " + violations.stream().map(v -> v.getId() + " " + v.getNodes()).toList());
            session.screenshotWholePage("sign-ins-en-" + size[0] + ".png", size[0], size[1]);
        }
        session.resize(1280, 900);

        // "This wasn't me" on the failed one: the answer reaches the sign-in service, and the page offers both remedies.
        String failedId = browser.findElement(By.id("sign-in-1")).getAttribute("data-sign-in-id");
        session.click(By.id("sign-in-1-not-mine"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-1-secure")));
        assertEquals("You said this wasn't you.", session.text(By.id("sign-in-1-feedback")));
        assertEquals(browser.findElement(By.id("sign-in-1-secure-heading")), browser.switchTo().activeElement());
        assertTrue(browser.findElement(By.id("sign-in-1-change-password")).getAttribute("href").endsWith("#/security-info"));
        // The history below says so at once.
        wait.until(ExpectedConditions.textToBe(By.id("activity-0-what"), "Sign-in reported as not you"));
        assertEquals(browser.findElement(By.id("sign-in-1-secure-heading")), browser.switchTo().activeElement(), "focus stays on the offer");
        AuthEventType atService = atSignInService(grace).stream().filter(e -> e.eventId().equals(failedId)).findFirst().orElseThrow();
        assertEquals("Invalid", atService.eventFeedback().feedbackValueAsString());
        for (int[] size : new int[][] {{1280, 900}, {390, 844}}) {
            session.resize(size[0], size[1]);
            var violations = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
                    .analyze(browser).getViolations();
            assertTrue(violations.isEmpty(), () -> "axe-core: " + violations.stream().map(v -> v.getId() + " " + v.getNodes()).toList());
            session.screenshotWholePage("sign-ins-not-me-en-" + size[0] + ".png", size[0], size[1]);
        }
        session.resize(1280, 900);

        session.click(By.id("sign-in-1-sign-out-everywhere"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));

        // Signed out everywhere: the history says so, after "this wasn't me" (tokens of that second are refused).
        Thread.sleep(1_100);
        DemoSignIn.atCognito(session, grace);
        openActivity();
        assertEquals("Signed out everywhere", session.text(By.id("activity-0-what")));
        assertEquals("Sign-in reported as not you", session.text(By.id("activity-1-what")));
        assertEquals("You said this wasn't you.", session.text(By.cssSelector("#sign-ins-list > li[data-sign-in-id='" + failedId + "'] .sign-in-feedback")));
        session.assertNoConsoleErrors();
    }

    /**
     * The API's step-up answer to "This wasn't me" is played in the browser (this runtime's clock is the
     * real one), exactly as StepUp sends it; the rest is real: the sign-in again, then the same answer
     * focused to be given once more, nothing sent before the person gives it.
     */
    @Test
    void after_a_step_up_the_answer_is_put_back_to_be_given_once_more() throws Exception {
        LocalUserPool.DemoUser ada = CognitoSignIn.DEMO_USERS.get(0);
        browser.get(portal.url());
        DemoSignIn.atCognito(session, ada);
        openActivity();
        String id = browser.findElement(By.id("sign-in-0")).getAttribute("data-sign-in-id");
        PlayedAnswers.stepUp(session, "/feedback", true);
        session.click(By.id("sign-in-0-not-mine"));
        session.click(By.id("step-up-sign-in"));
        DemoSignIn.fillSignInForm(session, ada);

        By notMine = By.cssSelector("#sign-ins-list > li[data-sign-in-id='" + id + "'] .sign-in-not-mine");
        wait.ignoring(StaleElementReferenceException.class).until(d -> d.findElement(notMine).equals(d.switchTo().activeElement()));
        assertEquals("You signed in again. Check and confirm to carry on.", session.text(By.id("status-message")));
        assertNull(atSignInService(ada).stream().filter(e -> e.eventId().equals(id)).findFirst().orElseThrow().eventFeedback(),
                "nothing sent before the person answers again");
        browser.findElement(notMine).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#sign-ins-list > li[data-sign-in-id='" + id + "'] .confirm-panel")));
        assertEquals("Invalid", atSignInService(ada).stream().filter(e -> e.eventId().equals(id)).findFirst().orElseThrow()
                .eventFeedback().feedbackValueAsString());
        session.assertNoConsoleErrors("401");
    }

    /**
     * Deployed with threat protection off (the default), the section says what turning it on would
     * show instead of an empty list, in English and in Swedish.
     */
    @Test
    void with_threat_protection_off_the_section_says_what_turning_it_on_would_show() throws Exception {
        try (LocalPortal off = LocalPortal.start(0, Optional.empty(), LocalPortal.SignIn.COGNITO, Map.of("ThreatProtection", "off"),
                Map.of(), exchanges, Clock.systemUTC())) {
            browser.get(off.url());
            DemoSignIn.atCognito(session, CognitoSignIn.DEMO_USERS.get(0));
            session.click(By.cssSelector("#nav-links a[data-route='/activity']"));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-ins-empty")));
            assertEquals("off", browser.findElement(By.id("sign-ins-empty")).getAttribute("data-threat-protection"));
            assertTrue(session.text(By.id("sign-ins-empty")).startsWith("Your organization has not turned on the sign-in service's threat protection"),
                    () -> session.text(By.id("sign-ins-empty")));
            assertTrue(session.text(By.id("sign-ins-empty")).contains("\"This wasn't me\""));
            assertTrue(browser.findElements(By.cssSelector("#sign-ins-list > li")).isEmpty());
            for (int[] size : new int[][] {{1280, 900}, {390, 844}}) {
                session.resize(size[0], size[1]);
                var violations = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
                        .analyze(browser).getViolations();
                assertTrue(violations.isEmpty(), () -> "axe-core: " + violations.stream().map(v -> v.getId() + " " + v.getNodes()).toList());
                session.screenshotWholePage("sign-ins-off-en-" + size[0] + ".png", size[0], size[1]);
            }
            session.resize(1280, 900);
            session.assertNoConsoleErrors();
        }
    }

    private List<AuthEventType> atSignInService(LocalUserPool.DemoUser user) {
        CognitoSignIn cognito = (CognitoSignIn) portal.identity();
        try (CognitoIdentityProviderClient client = CognitoWebAuthnStandInTest.client(portal.authEvents().endpoint())) {
            return client.adminListUserAuthEvents(r -> r.userPoolId(cognito.pool().poolId()).username(user.email()).maxResults(60))
                    .authEvents();
        }
    }

    private void openActivity() {
        session.click(By.cssSelector("#nav-links a[data-route='/activity']"));
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("#nav-links a[data-route='/activity']"), "aria-current", "page"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#sign-ins-list > li")));
    }
}
