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
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Devices page in a real browser against the local runtime: the demo user's devices newest
 * activity first, renaming, disabling with confirmation (kept after a reload), the cancel path, the
 * step-up a stale sign-in gets, and paging. The demo data lives in a table other browser tests share,
 * so nothing here depends on the profile's name, and each test uses its own device.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DevicesBrowserTest extends InPortalBrowser {
    private static final String ADMIN_NOTE = "Only an administrator can enable this device again.";

    /** Every API exchange the runtime makes for this test, checked against openapi.yaml. */
    private final ApiContract.Recorder exchanges = ApiContract.recorder();
    // "This device" and a single-factor sign-in need claims only the development provider lets a test choose.
    @RegisterExtension
    final BrowserTests<LocalPortal> web = PortalBrowser.developmentOidc(exchanges)
            .afterEach(exchanges::assertKept)
            .lastLook(web -> {
                // A fresh look at the page as a person finds it, on a wide and on a phone-sized window.
                browser.get(portal.url());
                DemoSignIn.asDemoUser(session, Map.of("deviceid", "d-laptop"));
                openDevices();
                session.screenshot("devices.png", 1280, 1900);
                session.screenshot("devices-390.png", 390, 900);
            });

    @Test
    void the_devices_are_listed_newest_activity_first_and_a_disabled_one_says_who_can_enable_it() {
        browser.get(portal.url());
        DemoSignIn.asDemoUser(session, Map.of());
        openDevices();

        assertEquals("Devices", session.text(By.cssSelector("#view h1")));
        assertEquals("Devices – My Profile", browser.getTitle());
        List<String> ids = deviceIds();
        assertEquals("device-d-laptop", ids.get(0), ids.toString());
        assertTrue(ids.containsAll(List.of("device-d-phone", "device-d-tablet", "device-d-old-laptop",
                "device-d-lost-phone", "device-d-work-phone")), ids.toString());
        List<Instant> lastActive = ids.stream()
                .map(id -> Instant.parse(browser.findElement(By.cssSelector("#" + id + " .device-fact-last-active time"))
                        .getAttribute("datetime")))
                .toList();
        for (int i = 1; i < lastActive.size(); i++) {
            assertFalse(lastActive.get(i).isAfter(lastActive.get(i - 1)), "newest activity first: " + lastActive);
        }

        assertEquals("Windows 11 24H2", session.text(By.id("device-os-d-laptop")));
        assertEquals("Joined", session.text(By.id("device-trust-d-laptop")));
        assertEquals("Registered", session.text(By.id("device-trust-d-phone")));
        assertEquals("Enabled", session.text(By.id("device-status-d-laptop")));
        assertTrue(session.text(By.id("device-last-active-d-laptop")).endsWith("minutes ago"), session.text(By.id("device-last-active-d-laptop")));
        WebElement exact = browser.findElement(By.cssSelector("#device-last-active-d-phone time"));
        assertEquals("3 hours ago", exact.getText());
        assertFalse(exact.getAttribute("title").isBlank(), "the exact time on hover");
        // The development sign-in's Ada signs in on her laptop (its deviceid claim): that one device says so.
        assertEquals("This device", session.text(By.id("device-current-d-laptop")));
        assertEquals(List.of("device-current-d-laptop"), session.ids(".badge-current"));

        // Inactive for more than 90 days but still enabled: a hint, nothing more.
        assertEquals("Inactive", session.text(By.id("device-inactive-d-old-laptop")));
        assertTrue(browser.findElements(By.id("device-inactive-d-phone")).isEmpty());

        assertTrue(session.text(By.id("device-status-d-work-phone")).startsWith("Disabled by you on "), session.text(By.id("device-status-d-work-phone")));
        assertEquals(ADMIN_NOTE, session.text(By.id("device-admin-note-d-work-phone")));
        assertTrue(browser.findElements(By.id("disable-d-work-phone")).isEmpty(), "no Disable for a disabled device");
        assertTrue(browser.findElements(By.id("rename-d-work-phone")).isEmpty(), "no Rename for a disabled device: the API refuses it");
        assertTrue(browser.findElement(By.id("disable-d-laptop")).isDisplayed());

        session.assertNoConsoleErrors();
    }

    @Test
    void a_renamed_device_keeps_its_new_name_after_a_reload() {
        browser.get(portal.url());
        DemoSignIn.asDemoUser(session, Map.of());
        openDevices();

        session.click(By.id("rename-d-tablet"));
        WebElement input = session.visible(By.id("rename-input-d-tablet"));
        assertEquals(input, browser.switchTo().activeElement(), "the field has focus");
        input.clear();
        session.click(By.id("rename-save-d-tablet"));
        assertEquals("Enter a name for the device.", session.text(By.id("rename-input-d-tablet-error")));
        assertEquals("true", input.getAttribute("aria-invalid"));
        assertEquals("Check the device name.", session.text(By.id("error-message")));

        input.sendKeys("Family tablet");
        session.click(By.id("rename-save-d-tablet"));
        wait.until(ExpectedConditions.textToBe(By.id("status-message"), "Device renamed."));
        assertEquals("Family tablet", session.text(By.id("device-name-d-tablet")));
        assertEquals(browser.findElement(By.id("rename-d-tablet")), browser.switchTo().activeElement());

        // Again at once: the card kept the new version, so If-Match matches and this is no conflict.
        session.click(By.id("rename-d-tablet"));
        input = session.visible(By.id("rename-input-d-tablet"));
        input.clear();
        input.sendKeys("Kitchen tablet (upstairs)");
        session.click(By.id("rename-save-d-tablet"));
        wait.until(ExpectedConditions.textToBe(By.id("device-name-d-tablet"), "Kitchen tablet (upstairs)"));
        assertEquals("", session.text(By.id("error-message")));

        browser.navigate().refresh();
        DemoSignIn.asDemoUser(session, Map.of());
        openDevices();
        assertEquals("Kitchen tablet (upstairs)", session.text(By.id("device-name-d-tablet")));
        session.assertNoConsoleErrors();
    }

    @Test
    void a_device_disabled_after_confirmation_stays_disabled_and_cannot_be_disabled_again() {
        browser.get(portal.url());
        DemoSignIn.asDemoUser(session, Map.of());
        openDevices();

        session.click(By.id("disable-d-lost-phone"));
        WebElement panel = session.visible(By.id("disable-confirm-d-lost-phone"));
        assertEquals("Disable Lost phone?", panel.findElement(By.tagName("h3")).getText());
        assertTrue(panel.getText().contains("You won't be able to enable it again yourself; an administrator can."), panel.getText());
        session.click(By.id("confirm-disable"));

        wait.until(ExpectedConditions.textToBe(By.id("status-message"), "Device disabled."));
        assertTrue(session.text(By.id("device-status-d-lost-phone")).startsWith("Disabled by you on "));
        assertEquals("Disabled", session.text(By.id("device-disabled-d-lost-phone")));
        assertEquals(ADMIN_NOTE, session.text(By.id("device-admin-note-d-lost-phone")));
        assertTrue(browser.findElements(By.id("disable-d-lost-phone")).isEmpty());
        assertTrue(browser.findElements(By.id("rename-d-lost-phone")).isEmpty(), "nor Rename, once disabled");
        assertTrue(browser.findElements(By.id("disable-confirm-d-lost-phone")).isEmpty(), "the panel closed");
        assertEquals(browser.findElement(By.id("device-name-d-lost-phone")), browser.switchTo().activeElement());

        browser.navigate().refresh();
        DemoSignIn.asDemoUser(session, Map.of());
        openDevices();
        assertTrue(session.text(By.id("device-status-d-lost-phone")).startsWith("Disabled by you on "));
        assertTrue(browser.findElements(By.id("disable-d-lost-phone")).isEmpty());
        session.assertNoConsoleErrors();
    }

    @Test
    void cancelling_the_confirmation_changes_nothing() {
        browser.get(portal.url());
        DemoSignIn.asDemoUser(session, Map.of());
        openDevices();

        session.click(By.id("disable-d-old-laptop"));
        session.visible(By.id("disable-confirm-d-old-laptop"));
        assertTrue(browser.findElements(By.id("rename-d-old-laptop")).isEmpty(), "the panel takes the buttons' place");
        session.click(By.id("cancel-disable"));

        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("disable-confirm-d-old-laptop")));
        assertEquals(browser.findElement(By.id("disable-d-old-laptop")), browser.switchTo().activeElement());
        assertEquals("Enabled", session.text(By.id("device-status-d-old-laptop")));
        assertEquals("", session.text(By.id("status-message")));
        assertEquals("", session.text(By.id("error-message")));
        session.assertNoConsoleErrors();
    }

    /**
     * The development provider cannot issue an old sign-in (its own auth_time wins over the sign-in
     * page's claims), so the API's step-up answer is played in the browser, exactly as StepUp sends it.
     */
    @Test
    void disabling_with_a_sign_in_that_is_too_old_asks_to_sign_in_again() {
        browser.get(portal.url());
        DemoSignIn.asDemoUser(session, Map.of());
        PlayedAnswers.stepUp(session, "/me/devices/d-phone/disable", false);
        openDevices();

        session.click(By.id("disable-d-phone"));
        session.click(By.id("confirm-disable"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("error-message"),
                "For your security, sign in again to continue."));
        assertTrue(session.text(By.id("error-message")).contains("A sign-in within the last 10 minutes is required."));
        WebElement again = session.visible(By.id("step-up-sign-in"));
        assertEquals(again, browser.switchTo().activeElement(), "the way on has focus");
        assertEquals("Enabled", session.text(By.id("device-status-d-phone")), "nothing changed");
        assertTrue(browser.findElement(By.id("confirm-disable")).isEnabled(), "the panel stays, ready to try again");

        again.click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("demo-user")));
        assertTrue(browser.getCurrentUrl().contains("max_age=600"), browser.getCurrentUrl());
        assertTrue(browser.getCurrentUrl().contains("prompt=login"), browser.getCurrentUrl());
        browser.findElement(By.id("demo-user")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("site-nav")));
        openDevices();
        assertEquals("Enabled", session.text(By.id("device-status-d-phone")));
        session.assertNoConsoleErrors();
    }

    @Test
    void more_devices_come_page_by_page_and_the_current_device_is_marked() {
        browser.get(portal.url());
        DemoSignIn.asDemoUser(session, Map.of("deviceid", "d-laptop"));
        // Pages of two, so the demo user's six devices take three; the API's own next tokens are used.
        browser.executeScript("""
                const original = window.fetch;
                window.fetch = (input, init) => original(
                    typeof input === 'string' ? input.replace(/([?&])limit=\\d+/, '$1limit=2') : input, init);
                """);
        openDevices();

        assertEquals(2, deviceIds().size());
        assertEquals("This device", session.text(By.id("device-current-d-laptop")));
        session.click(By.id("devices-more"));
        wait.until(d -> deviceIds().size() == 4);
        assertEquals(browser.findElement(By.id("device-name-" + deviceIds().get(2).substring("device-".length()))),
                browser.switchTo().activeElement(), "focus on the first new device");
        session.click(By.id("devices-more"));
        wait.until(d -> deviceIds().size() >= 6);
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("devices-more")));
        List<String> ids = deviceIds();
        assertEquals(ids.size(), ids.stream().distinct().count(), ids.toString());
        assertTrue(session.text(By.id("status-message")).matches("\\d+ devices are shown\\."), session.text(By.id("status-message")));
        session.assertNoConsoleErrors();
    }

    /**
     * The API refuses a token its clock finds expired with 401 invalid_token; that answer is played
     * once, exactly as TokenValidator sends it, and the rest is real: the renewal at the provider's
     * token endpoint with the refresh token the page kept in memory, and the rename sent again.
     */
    @Test
    void an_expired_token_is_renewed_without_losing_a_half_filled_form() {
        try {
            renewsAnExpiredTokenKeepingTheForm();
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    private void renewsAnExpiredTokenKeepingTheForm() {
        for (Dimension size : WINDOW_SIZES) {
            browser.manage().window().setSize(size);
            browser.get(portal.url());
            DemoSignIn.asDemoUser(session, Map.of());
            openDevices();
            session.click(By.id("rename-d-phone"));
            WebElement input = session.visible(By.id("rename-input-d-phone"));
            input.clear();
            String name = "Phone " + size.getWidth();
            input.sendKeys(name);
            browser.executeScript("""
                    const original = window.fetch;
                    window.renewal = { authorizations: [], grants: [] };
                    window.fetch = (input, init) => {
                      const url = typeof input === 'string' ? input : input.url;
                      if (init?.body instanceof URLSearchParams) {
                        window.renewal.grants.push(init.body.get('grant_type'));
                      }
                      if (url.endsWith('/me/devices/d-phone')) {
                        window.renewal.authorizations.push(init.headers.get('Authorization'));
                        if (window.renewal.authorizations.length === 1) {
                          return Promise.resolve(new Response(JSON.stringify({
                            type: 'urn:myprofile:problem:invalid-token', title: 'Sign-in required',
                            status: 401, detail: 'The access token is not valid.',
                          }), { status: 401, headers: {
                            'Content-Type': 'application/problem+json',
                            'WWW-Authenticate': 'Bearer error="invalid_token", error_description="The access token is not valid"',
                          } }));
                        }
                      }
                      return original(input, init);
                    };
                    """);

            session.click(By.id("rename-save-d-phone"));
            wait.until(ExpectedConditions.textToBe(By.id("device-name-d-phone"), name));
            assertEquals("Device renamed.", session.text(By.id("status-message")));
            assertTrue(browser.findElements(By.id("sign-in")).isEmpty(), "still signed in");
            @SuppressWarnings("unchecked")
            Map<String, List<String>> renewal = (Map<String, List<String>>) browser.executeScript("return window.renewal;");
            assertEquals(List.of("refresh_token"), renewal.get("grants"), "renewed at the token endpoint, in the page");
            List<String> authorizations = renewal.get("authorizations");
            assertEquals(2, authorizations.size(), authorizations.toString());
            assertFalse(authorizations.get(0).equals(authorizations.get(1)), "sent again with the new token");
            session.assertNoConsoleErrors("401");
        }
    }

    /**
     * A list that fails to load offers "Try again": at once when the connection was lost, and after the
     * wait a busy service asks for (503 with Retry-After), counted down on the button. The failures are
     * played in the browser (the connection, and the answer the API gives when its store can't be
     * reached); trying again goes to the real API.
     */
    @Test
    void a_failed_load_can_be_tried_again_and_a_busy_service_is_waited_for_as_told() {
        try {
            for (Dimension size : WINDOW_SIZES) {
                browser.manage().window().setSize(size);
                browser.get(portal.url());
                DemoSignIn.asDemoUser(session, Map.of());
                browser.executeScript("""
                        const original = window.fetch;
                        window.failures = ['offline', 'busy'];
                        window.fetch = (input, init) => {
                          const url = typeof input === 'string' ? input : input.url;
                          if (url.includes('/me/devices?') && window.failures.length) {
                            const failure = window.failures.shift();
                            if (failure === 'offline') {
                              return Promise.reject(new TypeError('Failed to fetch'));
                            }
                            return Promise.resolve(new Response(JSON.stringify({
                              type: 'urn:myprofile:problem:store-unavailable', title: 'Service unavailable', status: 503,
                              detail: "The service can't reach its data right now. Try again shortly.",
                            }), { status: 503, headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '2' } }));
                          }
                          return original(input, init);
                        };
                        """);
                browser.executeScript("location.hash = '#/devices';");

                WebElement retry = session.visible(By.id("retry-load"));
                assertEquals("Can't reach the service. Check your connection and try again.",
                        browser.findElement(By.cssSelector("#error-message p")).getText());
                assertTrue(retry.isEnabled(), "a lost connection may be tried again at once");
                retry.click();

                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("error-message"), "The service is busy. Try again in a moment."));
                retry = session.visible(By.id("retry-load"));
                assertTrue(session.text(By.id("error-message")).contains("The service asked to wait 2 seconds before trying again."),
                        session.text(By.id("error-message")));
                assertFalse(retry.isEnabled(), "not before the wait the service asked for");
                assertTrue(retry.getText().startsWith("Try again in "), retry.getText());
                // The scan below may outlast the 2 s wait, so the countdown is read before it.
                Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(browser);
                assertTrue(results.getViolations().isEmpty(), () -> "the failed load: " + results.getViolations().stream()
                        .map(rule -> rule.getId() + " " + rule.getNodes().stream().map(node -> String.valueOf(node.getTarget())).toList())
                        .toList());
                wait.until(ExpectedConditions.elementToBeClickable(By.id("retry-load")));
                assertEquals("Try again", session.text(By.id("retry-load")));
                browser.findElement(By.id("retry-load")).click();

                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#device-list > li")));
                assertEquals("", session.text(By.id("error-message")));
                assertEquals(browser.findElement(By.cssSelector("#view h1")), browser.switchTo().activeElement(), "focus on the page anew");
                session.assertNoConsoleErrors();
            }
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    // Helpers ---------------------------------------------------------------------------------------

    /** The two window sizes every day-to-day test runs at: a laptop and a phone. */
    static final List<Dimension> WINDOW_SIZES = List.of(new Dimension(1280, 800), new Dimension(390, 844));

    private void openDevices() {
        // Through the address, not the menu, which narrow windows may fold away.
        browser.executeScript("location.hash = '#/devices';");
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("#nav-links a[data-route='/devices']"), "aria-current", "page"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#device-list > li")));
    }

    private List<String> deviceIds() {
        return session.ids("#device-list > li");
    }
}
