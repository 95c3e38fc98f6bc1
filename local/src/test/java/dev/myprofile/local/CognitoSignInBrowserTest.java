package dev.myprofile.local;

import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.BrowserTests;
import dev.myprofile.testkit.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signing in to the local portal as on Cognito's managed login, in a real browser: a wrong password
 * is said in words, a user with an authenticator app is asked for its code, sign-out goes through
 * the sign-in's /logout, and a real step-up — the API refusing a sign-in older than the configured
 * age — sends the person back through the sign-in with prompt=login and back to the page they were on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CognitoSignInBrowserTest extends InPortalBrowser {
    /** The functions' clock: moved forward, it makes the sign-in too old for step-up without waiting. */
    private final MutableClock clock = MutableClock.ticking();
    private static final LocalUserPool.DemoUser ADA = CognitoSignIn.DEMO_USERS.get(0);
    private static final LocalUserPool.DemoUser ALAN = CognitoSignIn.DEMO_USERS.get(2);

    private final ApiContract.Recorder exchanges = ApiContract.recorder();
    /** Every test signed out, at the portal's start page. */
    @RegisterExtension
    final BrowserTests<LocalPortal> web = PortalBrowser.cognito(exchanges, clock)
            .eachTest(BrowserTests.Fresh.SIGNED_OUT)
            .afterEach(exchanges::assertKept);

    @Test
    void a_wrong_password_is_said_in_words_and_the_right_one_signs_in() {
        session.click(By.id("sign-in"));
        DemoSignIn.fillSignInForm(session, new LocalUserPool.DemoUser(ADA.email(), "not-the-password", ADA.name(), false, ""));
        assertEquals("Incorrect username or password.", session.visible(By.id("sign-in-error")).getText());
        assertEquals(ADA.email(), browser.findElement(By.id("username")).getAttribute("value"), "the name is kept");

        DemoSignIn.fillSignInForm(session, ADA);
        wait.until(ExpectedConditions.textToBe(By.id("profile-display-name"), "Ada Lovelace"));
        session.assertNoConsoleErrors();
    }

    @Test
    void a_user_with_an_authenticator_app_is_asked_for_its_code() {
        session.click(By.id("sign-in"));
        session.visible(By.id("username")).sendKeys(ALAN.email());
        browser.findElement(By.id("password")).sendKeys(ALAN.password());
        session.click(By.id("sign-in-submit"));

        String shown = session.visible(By.id("demo-code")).getText();
        browser.findElement(By.id("code")).sendKeys("000000".equals(shown) ? "111111" : "000000");
        session.click(By.id("code-submit"));
        assertTrue(session.visible(By.id("code-error")).getText().startsWith("That code is not right"));

        browser.findElement(By.id("code")).sendKeys(session.visible(By.id("demo-code")).getText());
        session.click(By.id("code-submit"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("site-nav")));
        session.assertNoConsoleErrors();
    }

    @Test
    void signing_out_ends_at_the_sign_ins_logout_and_comes_back_signed_out() {
        DemoSignIn.atCognito(session, ADA);
        session.click(By.id("sign-out"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
        assertTrue(browser.getCurrentUrl().startsWith(portal.url()), browser.getCurrentUrl());
    }

    /**
     * A reload, or a link opened in a new tab, asks the sign-in without a prompt (prompt=none): its
     * session answers with a code, and the person stays where they were, signed in, never seeing the
     * form. After signing out, the sign-in says a sign-in is needed, and only then is "Sign in" shown.
     */
    @Test
    void a_reload_on_Devices_keeps_you_on_Devices_signed_in_and_so_does_a_link_in_a_new_tab() {
        try {
            for (Dimension size : DevicesBrowserTest.WINDOW_SIZES) {
                browser.manage().window().setSize(size);
                browser.get(portal.url());
                DemoSignIn.atCognito(session, ADA);
                go("/devices");
                session.visible(By.id("disable-d-laptop"));

                browser.navigate().refresh();
                wait.ignoring(StaleElementReferenceException.class)
                        .until(ExpectedConditions.visibilityOfElementLocated(By.id("disable-d-laptop")));
                assertEquals("page", browser.findElement(By.cssSelector("#nav-links a[data-route='/devices']")).getAttribute("aria-current"));
                assertEquals(portal.url() + "#/devices", browser.getCurrentUrl(), "the same page, and no code left in the address");
                assertTrue(browser.findElements(By.id("sign-in")).isEmpty());

                String first = browser.getWindowHandle();
                browser.switchTo().newWindow(WindowType.TAB);
                browser.get(portal.url() + "#/activity");
                // The page goes to the sign-in and comes back: what was found before it left is gone.
                wait.ignoring(StaleElementReferenceException.class).until(ExpectedConditions.and(
                        ExpectedConditions.attributeToBe(By.cssSelector("#nav-links a[data-route='/activity']"), "aria-current", "page"),
                        ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#activity-list > li"))));
                assertTrue(browser.findElements(By.id("sign-in")).isEmpty());
                browser.close();
                browser.switchTo().window(first);

                session.click(By.id("sign-out"));
                session.visible(By.id("sign-in"));
                // A new tab knows nothing of the sign-out: the sign-in's ended session says it.
                browser.switchTo().newWindow(WindowType.TAB);
                browser.get(portal.url() + "#/devices");
                wait.ignoring(StaleElementReferenceException.class).until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
                assertEquals("", session.text(By.id("error-message")), "a needed sign-in is no error");
                session.assertNoConsoleErrors();
                browser.close();
                browser.switchTo().window(first);
            }
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    private void go(String route) {
        // Through the address, not the menu, which narrow windows may fold away.
        browser.executeScript("location.hash = arguments[0];", "#" + route);
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("#nav-links a[data-route='" + route + "']"), "aria-current", "page"));
    }

    /**
     * A real step-up: the API refuses a sign-in older than ten minutes, the person signs in again with
     * prompt=login, and comes back to what they were doing: the same device's question asked once more
     * ("Disable Kitchen tablet?"), with focus on it and the list as long as it was; only the answer
     * disables it.
     */
    @Test
    void after_a_step_up_the_disable_you_started_is_put_back_and_asked_once_more() {
        try {
            Map<Dimension, String> devices = Map.of(DevicesBrowserTest.WINDOW_SIZES.get(0), "d-tablet",
                    DevicesBrowserTest.WINDOW_SIZES.get(1), "d-old-laptop");
            for (Dimension size : DevicesBrowserTest.WINDOW_SIZES) {
                String device = devices.get(size);
                browser.manage().window().setSize(size);
                browser.get(portal.url());
                DemoSignIn.atCognito(session, ADA);
                go("/devices");
                session.visible(By.id("disable-" + device));
                String name = session.text(By.id("device-name-" + device));
                int shown = session.ids("#device-list > li").size();
                // Eleven minutes later, by the functions' clock (the template's StepUpMaxAgeSeconds is ten).
                clock.advance(Duration.ofMinutes(11));

                session.click(By.id("disable-" + device));
                session.click(By.id("confirm-disable"));
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("error-message"),
                        "For your security, sign in again to continue."));
                assertEquals("Enabled", session.text(By.id("device-status-" + device)), "nothing changed");

                // Back to now: the new sign-in (moto stamps it with the real time) is fresh.
                clock.advance(Duration.ofMinutes(-11));
                session.click(By.id("step-up-sign-in"));
                session.visible(By.id("username"));
                assertTrue(browser.getCurrentUrl().contains("prompt=login"), browser.getCurrentUrl());
                DemoSignIn.fillSignInForm(session, ADA);

                WebElement question = wait.ignoring(StaleElementReferenceException.class)
                        .until(ExpectedConditions.visibilityOfElementLocated(By.id("disable-heading-" + device)));
                assertEquals("Disable " + name + "?", question.getText());
                assertEquals(question, browser.switchTo().activeElement(), "focus on the question put back");
                assertEquals("You signed in again. Check and confirm to carry on.", session.text(By.id("status-message")));
                assertEquals("Enabled", session.text(By.id("device-status-" + device)), "not done before the answer");
                assertTrue(session.ids("#device-list > li").size() >= shown, "the list as long as it was");
                assertEquals("page", browser.findElement(By.cssSelector("#nav-links a[data-route='/devices']")).getAttribute("aria-current"));

                session.click(By.id("confirm-disable"));
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("device-status-" + device), "Disabled by you"));
                session.assertNoConsoleErrors("401");

                // Nothing is left to put back: a reload shows the list as it is.
                browser.navigate().refresh();
                wait.ignoring(StaleElementReferenceException.class)
                        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#device-list > li")));
                assertTrue(browser.findElements(By.cssSelector(".confirm-panel")).isEmpty());
            }
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
    }
}
