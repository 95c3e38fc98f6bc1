package dev.myprofile.local;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.BrowserTests;
import dev.myprofile.testkit.Moto;
import dev.myprofile.testkit.MutableClock;
import dev.myprofile.testkit.Totp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Security info page in a real browser on the local runtime (moto's Cognito behind the local
 * sign-in): a person adds an authenticator app from the secret the page shows, computing its code as
 * their app would, signs out, and is asked for the app's code at the next sign-in; a weak password is
 * refused in words and a good one works at the next sign-in; axe-core finds no violation on the page.
 * Each test has its own portal, so its own pool and demo users.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityInfoBrowserTest extends InPortalBrowser {
    private static final LocalUserPool.DemoUser GRACE = CognitoSignIn.DEMO_USERS.get(1);


    private final ApiContract.Recorder exchanges = ApiContract.recorder();
    /** The functions' clock: moved forward, it makes the sign-in too old for step-up without waiting. */
    private final MutableClock clock = MutableClock.ticking();
    /** "route key" of each API request that carried an Idempotency-Key, in order. */
    private final java.util.List<String> idempotencyKeys = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Each test on a portal of its own (its own pool and demo users), signed out. */
    @RegisterExtension
    final BrowserTests<LocalPortal> web = PortalBrowser.of(() -> LocalPortal.start(0, Optional.of(Moto.shared().endpoint()),
                    LocalPortal.SignIn.COGNITO, Map.of(), exchanges.andThen((event, response) -> {
                        if (event.getHeaders() != null && event.getHeaders().containsKey("idempotency-key")) {
                            idempotencyKeys.add(event.getRouteKey() + " " + event.getHeaders().get("idempotency-key"));
                        }
                    }), clock))
            .siteEachTest()
            .beforeSite(web -> {
                exchanges.assertKept();
                idempotencyKeys.clear();
            })
            .eachTest(BrowserTests.Fresh.SIGNED_OUT);

    private void openSecurityInfo() {
        // Through the address, not the menu, which narrow windows may fold away.
        browser.executeScript("location.hash = '#/security-info';");
        session.visible(By.id("policy-two-step"));
    }

    /** The local sign-in's form, answering the authenticator app's challenge with the code the app shows now. */
    private void signInWithApp(String password, String secret) {
        session.click(By.id("sign-in"));
        session.visible(By.id("username")).clear();
        browser.findElement(By.id("username")).sendKeys(GRACE.email());
        browser.findElement(By.id("password")).sendKeys(password);
        session.click(By.id("sign-in-submit"));
        session.visible(By.id("code")).sendKeys(Totp.freshCode(secret));
        session.click(By.id("code-submit"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("site-nav")));
    }

    @Test
    void an_authenticator_app_is_added_from_the_shown_secret_and_the_next_sign_in_asks_for_its_code() {
        DemoSignIn.atCognito(session, GRACE);
        openSecurityInfo();
        assertTrue(session.text(By.id("policy-two-step")).startsWith("Two-step verification: off"));
        assertTrue(session.text(By.id("policy-reset")).endsWith("you have one."));
        assertEquals("g•••@contoso.example", session.text(By.id("method-target-email")));

        session.click(By.id("add-authenticator-app"));
        String secret = session.visible(By.id("authenticator-secret")).getText();
        assertTrue(browser.findElement(By.id("authenticator-qr")).getAttribute("src").startsWith("data:image/svg+xml"));
        browser.findElement(By.id("authenticator-code")).sendKeys("12345");
        session.click(By.id("enroll-submit"));
        assertEquals("Enter the 6 digits the app shows.", session.text(By.id("authenticator-code-error")));

        browser.findElement(By.id("authenticator-code")).clear();
        browser.findElement(By.id("authenticator-code")).sendKeys(Totp.freshCode(secret));
        browser.findElement(By.id("authenticator-name")).clear();
        browser.findElement(By.id("authenticator-name")).sendKeys("Grace's phone");
        session.click(By.id("enroll-submit"));
        wait.until(ExpectedConditions.textToBe(By.id("method-name-authenticator-app"), "Grace's phone"));
        assertTrue(session.text(By.id("policy-two-step")).startsWith("Two-step verification: on"));
        assertEquals("Default sign-in method", session.text(By.id("method-default-authenticator-app")));
        assertTrue(browser.findElements(By.id("authenticator-secret")).isEmpty(), "the secret is gone once the app is added");

        session.click(By.id("sign-out"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
        signInWithApp(GRACE.password(), secret);
        openSecurityInfo();
        assertEquals("Grace's phone", session.text(By.id("method-name-authenticator-app")));
        session.assertNoConsoleErrors();
    }

    @Test
    void a_weak_password_is_refused_in_words_and_a_good_one_works_at_the_next_sign_in() {
        DemoSignIn.atCognito(session, GRACE);
        openSecurityInfo();

        browser.findElement(By.id("current-password")).sendKeys(GRACE.password());
        browser.findElement(By.id("new-password")).sendKeys("1qaz2wsx3edc");
        session.click(By.id("password-submit"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-password-error")));
        assertEquals("Is on the list of commonly used passwords.", session.text(By.id("new-password-error")));

        String fresh = "Nanoseconds-Of-Wire-1952";
        browser.findElement(By.id("new-password")).clear();
        browser.findElement(By.id("new-password")).sendKeys(fresh);
        session.click(By.id("password-submit"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password-changed-at")));
        // Both sends of the one change carried the same Idempotency-Key (a refusal lets it go again).
        List<String> sent = idempotencyKeys.stream().filter(k -> k.startsWith("POST /me/security-info/password ")).toList();
        assertEquals(2, sent.size(), idempotencyKeys::toString);
        assertEquals(sent.get(0), sent.get(1));
        // Signing out everywhere is offered beside the form at once; "Not now" leaves every session be.
        assertEquals(browser.findElement(By.id("password-sign-out-heading")), browser.switchTo().activeElement());
        assertEquals("Sign out everywhere?", session.text(By.id("password-sign-out-heading")));
        session.click(By.id("password-stay-signed-in"));
        assertTrue(browser.findElements(By.id("password-sign-out-offer")).isEmpty());
        assertEquals(browser.findElement(By.id("password-heading")), browser.switchTo().activeElement());

        session.click(By.id("sign-out"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
        DemoSignIn.atCognito(session, new LocalUserPool.DemoUser(GRACE.email(), fresh, GRACE.name(), false, ""));
        session.assertNoConsoleErrors("400");
    }

    /**
     * SECURITY.md: concurrent edits never lose an update. A rename started in one tab, while another
     * tab renames the same method: saving the first says it was renamed elsewhere (the list shows the
     * other tab's name), keeps the name as typed in the form, and saving again makes it so.
     */
    @Test
    void a_rename_made_in_another_tab_meanwhile_is_not_overwritten_unasked() {
        LocalUserPool.DemoUser alan = CognitoSignIn.DEMO_USERS.get(2);
        DemoSignIn.atCognito(session, alan);
        openSecurityInfo();
        session.click(By.id("rename-authenticator-app"));
        WebElement input = session.visible(By.id("rename-input-authenticator-app"));
        input.clear();
        input.sendKeys("Alan's phone");
        String first = browser.getWindowHandle();

        browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        browser.get(portal.url() + "#/security-info");
        session.visible(By.id("policy-two-step"));
        session.click(By.id("rename-authenticator-app"));
        session.visible(By.id("rename-input-authenticator-app")).clear();
        browser.findElement(By.id("rename-input-authenticator-app")).sendKeys("Enigma");
        session.click(By.id("rename-save-authenticator-app"));
        wait.until(ExpectedConditions.textToBe(By.id("method-name-authenticator-app"), "Enigma"));
        browser.close();
        browser.switchTo().window(first);

        session.click(By.id("rename-save-authenticator-app"));
        wait.until(ExpectedConditions.textToBe(By.id("method-name-authenticator-app"), "Enigma"));
        WebElement again = session.visible(By.id("rename-input-authenticator-app"));
        assertEquals("Alan's phone", again.getAttribute("value"), "the name as typed");
        assertTrue(session.text(By.id("error-message")).contains("renamed elsewhere"), session.text(By.id("error-message")));

        session.click(By.id("rename-save-authenticator-app"));
        wait.until(ExpectedConditions.textToBe(By.id("method-name-authenticator-app"), "Alan's phone"));
        session.assertNoConsoleErrors("409");
    }

    /**
     * docs/SECURITY.md: after a password change, offer "sign out everywhere". Taken, it ends every
     * session, this browser's too, and the activity says so after the next sign-in.
     */
    @Test
    void after_a_password_change_signing_out_everywhere_is_offered_and_ends_this_session_too() throws Exception {
        LocalUserPool.DemoUser ada = CognitoSignIn.DEMO_USERS.get(0);
        DemoSignIn.atCognito(session, ada);
        openSecurityInfo();
        String fresh = "Difference-Engine-Two-1849";
        browser.findElement(By.id("current-password")).sendKeys(ada.password());
        browser.findElement(By.id("new-password")).sendKeys(fresh);
        session.click(By.id("password-submit"));
        session.visible(By.id("password-sign-out-offer"));
        assertTrue(session.text(By.id("password-sign-out-offer")).contains("this one too"));

        session.click(By.id("password-sign-out-everywhere"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));

        // Tokens count whole seconds, and every token of the second the sign-out happened in is refused.
        Thread.sleep(1_100);
        DemoSignIn.atCognito(session, new LocalUserPool.DemoUser(ada.email(), fresh, ada.name(), false, ""));
        browser.executeScript("location.hash = '#/activity';");
        wait.until(ExpectedConditions.textToBe(By.id("activity-0-what"), "Signed out everywhere"));
        assertEquals("Password changed", session.text(By.id("activity-1-what")));
        session.assertNoConsoleErrors();
    }

    /**
     * A real step-up (the functions' clock eleven minutes on) in the middle of a change to a method:
     * after the new sign-in the same change is back, asked once more: a rename with the name as typed,
     * and the removal's question, each with focus on it.
     */
    @Test
    void after_a_step_up_the_rename_or_removal_you_started_is_put_back_and_asked_once_more() {
        LocalUserPool.DemoUser alan = CognitoSignIn.DEMO_USERS.get(2);
        try {
            DemoSignIn.atCognito(session, alan);
            for (Dimension size : DevicesBrowserTest.WINDOW_SIZES) {
                browser.manage().window().setSize(size);
                openSecurityInfo();
                boolean rename = size.equals(DevicesBrowserTest.WINDOW_SIZES.get(0));
                clock.advance(Duration.ofMinutes(11));
                String typed = "Alan's phone " + size.getWidth();
                if (rename) {
                    session.click(By.id("rename-authenticator-app"));
                    WebElement input = session.visible(By.id("rename-input-authenticator-app"));
                    input.clear();
                    input.sendKeys(typed);
                    session.click(By.id("rename-save-authenticator-app"));
                } else {
                    session.click(By.id("remove-authenticator-app"));
                    session.click(By.id("confirm-remove"));
                }
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("error-message"),
                        "For your security, sign in again to continue."));
                clock.advance(Duration.ofMinutes(-11));
                session.click(By.id("step-up-sign-in"));
                DemoSignIn.fillSignInForm(session, alan);

                if (rename) {
                    WebElement input = wait.ignoring(StaleElementReferenceException.class)
                            .until(ExpectedConditions.visibilityOfElementLocated(By.id("rename-input-authenticator-app")));
                    assertEquals(typed, input.getAttribute("value"), "the name as typed");
                    assertEquals(input, browser.switchTo().activeElement());
                    assertEquals("You signed in again. Check and confirm to carry on.", session.text(By.id("status-message")));
                    session.click(By.id("rename-save-authenticator-app"));
                    wait.until(ExpectedConditions.textToBe(By.id("method-name-authenticator-app"), typed));
                } else {
                    WebElement question = wait.ignoring(StaleElementReferenceException.class)
                            .until(ExpectedConditions.visibilityOfElementLocated(By.id("remove-heading-authenticator-app")));
                    assertTrue(question.getText().startsWith("Remove "), question.getText());
                    assertEquals(question, browser.switchTo().activeElement());
                    assertTrue(browser.findElements(By.id("method-authenticator-app")).size() == 1, "not removed before the answer");
                    session.click(By.id("confirm-remove"));
                    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("method-authenticator-app")));
                }
                session.assertNoConsoleErrors("401");
            }
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    /**
     * A phone number typed to add is the person's until they say otherwise: Cancel and Escape ask before
     * throwing it away, "keep editing" keeps it, and only "discard" closes the form. (Before: Cancel
     * dropped it silently and Escape did nothing.)
     */
    @Test
    void a_typed_phone_number_is_not_thrown_away_unasked() {
        try {
            DemoSignIn.atCognito(session, GRACE);
            for (Dimension size : DevicesBrowserTest.WINDOW_SIZES) {
                browser.manage().window().setSize(size);
                openSecurityInfo();
                session.click(By.id("add-phone"));
                WebElement number = session.visible(By.id("phone-number"));
                number.sendKeys("+46701234567");

                session.click(By.id("phone-cancel"));
                assertEquals(browser.findElement(By.id("discard-heading")), browser.switchTo().activeElement(), "asked first");
                session.click(By.id("keep-editing"));
                assertEquals("+46701234567", browser.findElement(By.id("phone-number")).getAttribute("value"));
                assertEquals(browser.findElement(By.id("phone-number")), browser.switchTo().activeElement());

                browser.findElement(By.id("phone-number")).sendKeys(Keys.ESCAPE);
                assertEquals(browser.findElement(By.id("discard-heading")), browser.switchTo().activeElement(), "Escape asks too");
                session.click(By.id("discard-changes"));
                wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("phone-panel")));
                assertEquals(browser.findElement(By.id("add-phone")), browser.switchTo().activeElement(), "back where it started");

                // Nothing typed: nothing to lose, so Cancel closes at once.
                session.click(By.id("add-phone"));
                session.visible(By.id("phone-number"));
                session.click(By.id("phone-cancel"));
                wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("phone-panel")));
                session.assertNoConsoleErrors();
            }
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    /** Adding a phone, interrupted by a real step-up: the form comes back with the number as typed, and nothing is sent before. */
    @Test
    void after_a_step_up_the_phone_form_comes_back_with_the_number_as_typed() {
        try {
            DemoSignIn.atCognito(session, GRACE);
            for (Dimension size : DevicesBrowserTest.WINDOW_SIZES) {
                browser.manage().window().setSize(size);
                openSecurityInfo();
                String number = "+4670123456" + (size.getWidth() % 10);
                session.click(By.id("add-phone"));
                session.visible(By.id("phone-number")).sendKeys(number);
                clock.advance(Duration.ofMinutes(11));
                session.click(By.id("phone-send"));
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("error-message"),
                        "For your security, sign in again to continue."));
                clock.advance(Duration.ofMinutes(-11));
                session.click(By.id("step-up-sign-in"));
                DemoSignIn.fillSignInForm(session, GRACE);

                WebElement input = wait.ignoring(StaleElementReferenceException.class)
                        .until(ExpectedConditions.visibilityOfElementLocated(By.id("phone-number")));
                assertEquals(number, input.getAttribute("value"), "the number as typed");
                assertEquals(input, browser.switchTo().activeElement());
                assertEquals("You signed in again. Check and confirm to carry on.", session.text(By.id("status-message")));
                assertTrue(browser.findElements(By.id("phone-code")).isEmpty(), "no code sent before the person sends it");
                session.click(By.id("phone-cancel"));
                session.click(By.id("discard-changes"));
                wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("phone-panel")));
                session.assertNoConsoleErrors("401");
            }
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    /** The last text message moto's SNS recorded for {@code number}. */
    private static String lastTextTo(String number) throws Exception {
        String state = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                Moto.shared().endpoint().resolve("/moto-api/data.json")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        String last = null;
        for (var sms : new com.fasterxml.jackson.databind.ObjectMapper().readTree(state).path("sns").path("SMS")) {
            if (sms.path("phone_number").asText().equals(number)) {
                last = sms.path("message").asText();
            }
        }
        assertTrue(last != null, "no text message to " + number);
        return last;
    }

    @Test
    void a_phone_is_added_with_the_code_read_back_from_the_text_message() throws Exception {
        String number = "+4673" + String.format("%07d", System.nanoTime() % 10_000_000);
        DemoSignIn.atCognito(session, GRACE);
        openSecurityInfo();

        session.click(By.id("add-phone"));
        session.visible(By.id("phone-number")).sendKeys("0701234567");
        session.click(By.id("phone-send"));
        assertEquals("Enter the number with its country code, starting with +.", session.text(By.id("phone-number-error")));
        browser.findElement(By.id("phone-number")).clear();
        browser.findElement(By.id("phone-number")).sendKeys(number);
        session.click(By.id("phone-send"));
        session.visible(By.id("phone-code"));
        assertTrue(session.text(By.id("phone-sent")).contains("+46 73•••"), session.text(By.id("phone-sent")));
        assertTrue(session.text(By.id("phone-resend")).startsWith("Send a new code in"), session.text(By.id("phone-resend")));

        String code = lastTextTo(number).substring(0, 6);
        browser.findElement(By.id("phone-code")).sendKeys(code);
        session.click(By.id("phone-verify"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("method-name-phone")));
        assertEquals("+46 73••• ••" + number.substring(number.length() - 2), session.text(By.id("method-target-phone")));
        assertTrue(session.text(By.id("policy-two-step")).startsWith("Two-step verification: on"));
        session.assertNoConsoleErrors();
    }

    /** The last email moto's SES recorded for {@code address}: its body. */
    private static String lastMailTo(String address) throws Exception {
        String state = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                Moto.shared().endpoint().resolve("/moto-api/data.json")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        String last = null;
        for (var mail : new com.fasterxml.jackson.databind.ObjectMapper().readTree(state).path("ses").path("Message")) {
            if (mail.path("destinations").path("ToAddresses").toString().contains("\"" + address + "\"")) {
                last = mail.path("body").asText();
            }
        }
        assertTrue(last != null, "no email to " + address);
        return last;
    }

    /**
     * Up to the code: moto keys its users by email when that is the sign-in name, so once the address
     * changes it no longer knows the session's token (Cognito does); the API tests cover the change itself.
     */
    @Test
    void a_new_email_address_gets_a_code_and_the_page_asks_for_it_with_a_resend_countdown() throws Exception {
        String address = "grace-" + System.nanoTime() + "@fabrikam.example";
        DemoSignIn.atCognito(session, GRACE);
        openSecurityInfo();

        session.click(By.id("change-email"));
        session.visible(By.id("email-address")).sendKeys("not-an-address");
        session.click(By.id("email-send"));
        assertEquals("Enter an email address, like name@example.com.", session.text(By.id("email-address-error")));
        browser.findElement(By.id("email-address")).clear();
        browser.findElement(By.id("email-address")).sendKeys(address);
        session.click(By.id("email-send"));
        session.visible(By.id("email-code"));

        assertTrue(session.text(By.id("email-sent")).contains("g•••@fabrikam.example"), session.text(By.id("email-sent")));
        assertTrue(session.text(By.id("email-resend")).startsWith("Send a new code in"));
        assertTrue(lastMailTo(address).matches("(?s)\\d{6} is the code that confirms your new email address.*"));
        browser.findElement(By.id("email-code")).sendKeys("12");
        session.click(By.id("email-verify"));
        assertEquals("Enter the 6 digits from the email.", session.text(By.id("email-code-error")));
        session.assertNoConsoleErrors();
    }

    @Test
    void axe_core_finds_no_violation_on_the_page_with_the_enrollment_open() {
        DemoSignIn.atCognito(session, GRACE);
        openSecurityInfo();
        session.click(By.id("add-authenticator-app"));
        session.visible(By.id("authenticator-secret"));

        Results results = new AxeBuilder().analyze(browser);

        List<String> violations = results.getViolations().stream().map(Rule::getId).toList();
        assertTrue(violations.isEmpty(), () -> "axe-core: " + violations + " " + results.getViolations().stream()
                .map(v -> v.getId() + ": " + v.getNodes().stream().map(n -> String.valueOf(n.getTarget())).toList()).toList());
    }
}
