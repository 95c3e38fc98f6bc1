package dev.myprofile.local;

import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.BrowserTests;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Activity page in a real browser against a private local runtime (its own moto_server, so no
 * other test's changes show up in the history): the cleanup's changes and the person's own, newest
 * first, in words, with who did it and, for their own changes, from where; paging; the empty state
 * and an operation the page doesn't know yet. The tests run in order: the first makes the history
 * the others page through.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ActivityBrowserTest extends InPortalBrowser {
    /** Every API exchange the runtime makes for this test, checked against openapi.yaml. */
    private final ApiContract.Recorder exchanges = ApiContract.recorder();
    @RegisterExtension
    final BrowserTests<LocalPortal> web = PortalBrowser.of(() -> LocalPortal.start(0, Optional.empty(), exchanges))
            .afterEach(exchanges::assertKept)
            .lastLook(web -> {
                // A fresh look at the page as a person finds it, on a wide and on a phone-sized window.
                browser.get(portal.url());
                DemoSignIn.atCognito(session, CognitoSignIn.DEMO_USERS.get(0));
                openActivity();
                session.screenshot("activity.png", 1280, 1000);
                session.screenshot("activity-390.png", 390, 1100);
            });
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Order(1)
    void the_cleanups_changes_and_the_persons_own_are_listed_newest_first_with_who_and_from_where() throws Exception {
        HttpResponse<String> cleanup = http.send(HttpRequest.newBuilder(URI.create(portal.url() + "local/functions/CleanupFunction"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, cleanup.statusCode(), cleanup.body());

        browser.get(portal.url());
        DemoSignIn.atCognito(session, CognitoSignIn.DEMO_USERS.get(0));
        session.click(By.cssSelector("#nav-links a[data-route='/devices']"));
        session.click(By.id("disable-d-phone"));
        session.click(By.id("confirm-disable"));
        wait.until(ExpectedConditions.textToBe(By.id("status-message"), "Device disabled."));

        openActivity();
        assertEquals("Activity", session.text(By.cssSelector("#view h1")));
        assertEquals("Activity – My Profile", browser.getTitle());
        assertTrue(session.text(By.id("view")).contains(
                "Security-related changes to your account in the last 365 days, newest first."), session.text(By.id("view")));
        assertEquals("OL", browser.findElement(By.id("activity-list")).getTagName().toUpperCase());

        List<String> ids = entryIds();
        assertEquals(demoHistory(), ids);
        List<Instant> times = ids.stream()
                .map(id -> Instant.parse(browser.findElement(By.cssSelector("#" + id + "-time time")).getAttribute("datetime")))
                .toList();
        for (int i = 1; i < times.size(); i++) {
            assertFalse(times.get(i).isAfter(times.get(i - 1)), "newest first: " + times);
        }

        // Newest: the person's own change, with where it came from.
        assertEquals("Device disabled", session.text(By.id("activity-0-what")));
        assertEquals("Device Ada's phone", session.text(By.id("activity-0-device")), "the device by the name the person knows");
        assertEquals("d-phone", browser.findElement(By.id("activity-0-device")).getAttribute("data-device-id"));
        assertEquals("by you", session.text(By.id("activity-0-actor")));
        assertEquals("127.0.0.1", session.text(By.id("activity-0-ip")));
        String userAgent = (String) browser.executeScript("return navigator.userAgent");
        WebElement agent = browser.findElement(By.id("activity-0-browser"));
        assertEquals(userAgent, agent.getAttribute("title"), "the full browser description on hover");
        assertTrue(agent.getText().matches("Chrome \\d+ on Linux"), "the browser in a few words: " + agent.getText());
        WebElement time = browser.findElement(By.cssSelector("#activity-0-time time"));
        assertEquals("now", time.getText());
        assertFalse(time.getAttribute("title").isBlank(), "the exact time on hover");

        // The cleanup's changes: in words, by whom, and no address or browser (nobody was signed in).
        assertEquals("by automatic cleanup (inactive device)", session.text(By.id(entryFor("Device disabled", "d-old-laptop") + "-actor")));
        assertEquals("by automatic cleanup (inactive device)", session.text(By.id(entryFor("Device disabled", "d-lost-phone") + "-actor")));
        assertEquals("Device OLD-THINKPAD", session.text(By.id(entryFor("Device disabled", "d-old-laptop") + "-device")));
        // The demo's own history: the device-management service registered each device (not Ada: no
        // address), and Ada disabled the one she no longer has, from this machine, at the runtime's start.
        for (String device : DemoData.DEVICE_IDS) {
            String registered = entryFor("Device registered", device);
            assertEquals("by your organization's device management", session.text(By.id(registered + "-actor")));
        }
        String disabledByAda = entryFor("Device disabled", "d-work-phone");
        assertEquals("Device Old work phone", session.text(By.id(disabledByAda + "-device")));
        assertEquals("by you", session.text(By.id(disabledByAda + "-actor")));
        assertEquals("127.0.0.1", session.text(By.id(disabledByAda + "-ip")));
        // The oldest: an administrator made Ada a guest of Fabrikam (240 days ago), then of Northwind (270).
        String fabrikam = ids.get(ids.size() - 2);
        assertEquals("Added to an organization as a guest", session.text(By.id(fabrikam + "-what")));
        assertEquals("Organization Fabrikam", session.text(By.id(fabrikam + "-organization")));
        assertEquals("fabrikam", browser.findElement(By.id(fabrikam + "-organization")).getAttribute("data-organization-id"));
        assertEquals("by an administrator", session.text(By.id(fabrikam + "-actor")));
        assertEquals("Organization Northwind Traders", session.text(By.id(ids.get(ids.size() - 1) + "-organization")));
        // Only a person's own changes say where they came from.
        for (String id : ids) {
            boolean byAda = session.text(By.id(id + "-actor")).equals("by you");
            assertEquals(byAda, !browser.findElements(By.id(id + "-ip")).isEmpty(), id + ": an address only on Ada's own changes");
        }

        assertTrue(browser.findElement(By.id("activity-empty")).getAttribute("hidden") != null);
        assertFalse(browser.findElement(By.id("activity-more")).isDisplayed(), "one page holds it all");
        session.assertNoConsoleErrors();
    }

    @Test
    @Order(2)
    void more_entries_come_page_by_page() {
        browser.get(portal.url());
        DemoSignIn.atCognito(session, CognitoSignIn.DEMO_USERS.get(0));
        // Pages of one, so each entry takes a page; the API's own next tokens are used.
        browser.executeScript("""
                const original = window.fetch;
                window.fetch = (input, init) => original(
                    typeof input === 'string' ? input.replace(/([?&])limit=\\d+/, '$1limit=1') : input, init);
                """);
        openActivity();

        assertEquals(List.of("activity-0"), entryIds());
        assertEquals("Device disabled", session.text(By.id("activity-0-what")));
        session.click(By.id("activity-more"));
        wait.until(d -> entryIds().size() == 2);
        assertEquals(browser.findElement(By.id("activity-1")), browser.switchTo().activeElement(), "focus on the first new entry");
        assertEquals("2 entries are shown.", session.text(By.id("status-message")));
        for (int shown = 3; shown <= demoHistory().size(); shown++) {
            int expected = shown;
            session.click(By.id("activity-more"));
            wait.until(d -> entryIds().size() == expected);
        }
        // The API may only find out on the next page that there is nothing more.
        if (browser.findElement(By.id("activity-more")).isDisplayed()) {
            session.click(By.id("activity-more"));
        }
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("activity-more")));
        assertEquals(demoHistory(), entryIds());
        session.assertNoConsoleErrors();
    }

    @Test
    @Order(3)
    void with_no_history_the_page_says_so_and_an_unknown_change_is_shown_by_its_name() {
        browser.get(portal.url());
        DemoSignIn.atCognito(session, CognitoSignIn.DEMO_USERS.get(0));
        answerActivityWith("{\"entries\": [], \"next\": null}");
        openActivityPage();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("activity-empty")));
        assertEquals("No security activity yet.", session.text(By.id("activity-empty")));
        assertFalse(browser.findElement(By.id("activity-list")).isDisplayed());
        assertFalse(browser.findElement(By.id("activity-more")).isDisplayed());

        answerActivityWith("""
                {"entries": [{"at": "2026-01-02T03:04:05Z", "operation": "gadget.polished", "deviceId": null,
                  "actor": "admin", "sourceIp": null, "userAgent": null}], "next": null}""");
        session.click(By.cssSelector("#nav-links a[data-route='/devices']"));
        openActivity();
        assertEquals("Other change: gadget.polished", session.text(By.id("activity-0-what")));
        assertEquals("by admin", session.text(By.id("activity-0-actor")));
        assertTrue(browser.findElements(By.id("activity-0-device")).isEmpty());
        assertEquals("2026-01-02T03:04:05Z", browser.findElement(By.cssSelector("#activity-0-time time")).getAttribute("datetime"));
        session.assertNoConsoleErrors();
    }

    @Test
    @Order(4)
    void a_passkey_added_on_the_sign_in_page_says_where_instead_of_who() {
        browser.get(portal.url());
        DemoSignIn.atCognito(session, CognitoSignIn.DEMO_USERS.get(0));
        // As GET /me/activity answers for a passkey added at managed login and recorded when Security info listed it.
        answerActivityWith("""
                {"entries": [{"at": "2026-01-02T03:04:05Z", "operation": "method.added",
                  "subject": {"type": "method", "id": "passkey", "name": "iCloud Keychain"}, "deviceId": null, "deviceName": null,
                  "actor": "sign-in-service", "sourceIp": null, "userAgent": null}], "next": null}""");
        openActivity();

        assertEquals("Sign-in method added", session.text(By.id("activity-0-what")));
        assertEquals("on the sign-in page", session.text(By.id("activity-0-actor")));
        assertTrue(browser.findElements(By.id("activity-0-ip")).isEmpty(), "no address: it was not a request of ours");
        session.assertNoConsoleErrors();
    }

    /** DeviceAdminFunction's entries: an administrator enabled a device again, or let a removed one back. */
    @Test
    @Order(5)
    void an_administrators_device_changes_say_what_they_did_and_who() {
        browser.get(portal.url());
        DemoSignIn.atCognito(session, CognitoSignIn.DEMO_USERS.get(0));
        // As GET /me/activity answers for DeviceAdminHandler's entries (the tombstone keeps no name).
        answerActivityWith("""
                {"entries": [
                  {"at": "2026-01-03T03:04:05Z", "operation": "device.enabled",
                   "subject": {"type": "device", "id": "old-laptop", "name": "Old laptop"}, "deviceId": "old-laptop",
                   "deviceName": "Old laptop", "actor": "administrator", "sourceIp": null, "userAgent": null},
                  {"at": "2026-01-02T03:04:05Z", "operation": "device.unblocked",
                   "subject": {"type": "device", "id": "found-phone", "name": null}, "deviceId": "found-phone",
                   "deviceName": null, "actor": "administrator", "sourceIp": null, "userAgent": null}], "next": null}""");
        openActivity();

        assertEquals("Device enabled again", session.text(By.id("activity-0-what")));
        assertEquals("by an administrator", session.text(By.id("activity-0-actor")));
        assertEquals("old-laptop", browser.findElement(By.id("activity-0-device")).getAttribute("data-device-id"));
        assertEquals("Removed device allowed to register again", session.text(By.id("activity-1-what")));
        assertEquals("by an administrator", session.text(By.id("activity-1-actor")));
        assertEquals("found-phone", browser.findElement(By.cssSelector("#activity-1-device code")).getText(), "by its id: no name was kept");
        session.assertNoConsoleErrors();
    }

    /**
     * PRODUCT.md: the Activity page lists the changes "and sign out everywhere" — a person who spots a
     * change they did not make ends every session from here, this one too, and the log then says so.
     */
    @Test
    @Order(6)
    void a_change_you_did_not_make_can_be_answered_by_signing_out_everywhere_from_the_page() throws Exception {
        browser.get(portal.url());
        DemoSignIn.atCognito(session, CognitoSignIn.DEMO_USERS.get(0));
        openActivity();
        session.click(By.id("sign-out-everywhere"));
        assertEquals(browser.findElement(By.id("sign-out-everywhere-heading")), browser.switchTo().activeElement());
        assertTrue(session.text(By.id("sign-out-everywhere-confirm")).contains("including this one"));
        session.click(By.id("cancel-sign-out-everywhere"));
        assertEquals(browser.findElement(By.id("sign-out-everywhere")), browser.switchTo().activeElement(), "Cancel changes nothing");

        session.click(By.id("sign-out-everywhere"));
        session.click(By.id("confirm-sign-out-everywhere"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));

        // Tokens count whole seconds, and every token of the second the sign-out happened in is refused.
        Thread.sleep(1_100);
        DemoSignIn.atCognito(session, CognitoSignIn.DEMO_USERS.get(0));
        openActivity();
        assertEquals("Signed out everywhere", session.text(By.id("activity-0-what")));
        session.assertNoConsoleErrors();
    }

    /**
     * Issue 24: renaming a device and editing the profile are listed (the server writes them with the
     * change), and a method's entry says which method, by its kind and name, in English and Swedish.
     */
    @Test
    @Order(7)
    void a_device_rename_and_a_profile_edit_are_listed_and_a_method_entry_says_which_method() throws Exception {
        // After signing out everywhere (order 6), a token of the same second is refused.
        Thread.sleep(1_100);
        browser.get(portal.url());
        DemoSignIn.atCognito(session, CognitoSignIn.DEMO_USERS.get(0));
        session.click(By.cssSelector("#nav-links a[data-route='/devices']"));
        session.click(By.id("rename-d-tablet"));
        WebElement input = session.visible(By.id("rename-input-d-tablet"));
        input.clear();
        input.sendKeys("Hall tablet");
        session.click(By.id("rename-save-d-tablet"));
        wait.until(ExpectedConditions.textToBe(By.id("status-message"), "Device renamed."));
        browser.executeScript("location.hash = '#/';");
        session.click(By.id("edit-profile"));
        WebElement name = session.visible(By.id("input-displayName"));
        name.clear();
        name.sendKeys("Ada King");
        session.click(By.id("save-profile"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("edit-profile")));

        openActivity();
        assertEquals("Profile edited", session.text(By.id("activity-0-what")));
        assertEquals("by you", session.text(By.id("activity-0-actor")));
        assertEquals("Device renamed", session.text(By.id("activity-1-what")));
        assertEquals("Device Hall tablet", session.text(By.id("activity-1-device")), "by its new name");
        assertEquals("127.0.0.1", session.text(By.id("activity-1-ip")));

        // As GET /me/activity answers for Security info's entries: the method's kind as subject.id, its name.
        String methods = """
                {"entries": [
                  {"at": "2026-01-04T03:04:05Z", "operation": "method.renamed",
                   "subject": {"type": "method", "id": "authenticator-app", "name": "Work phone"}, "deviceId": null,
                   "deviceName": null, "actor": "user", "sourceIp": "127.0.0.1", "userAgent": null},
                  {"at": "2026-01-03T03:04:05Z", "operation": "method.removed",
                   "subject": {"type": "method", "id": "passkey", "name": "YubiKey 5"}, "deviceId": null,
                   "deviceName": null, "actor": "user", "sourceIp": "127.0.0.1", "userAgent": null},
                  {"at": "2026-01-02T03:04:05Z", "operation": "method.added",
                   "subject": {"type": "method", "id": "phone", "name": null}, "deviceId": null,
                   "deviceName": null, "actor": "user", "sourceIp": "127.0.0.1", "userAgent": null}], "next": null}""";
        answerActivityWith(methods);
        session.click(By.cssSelector("#nav-links a[data-route='/devices']"));
        openActivity();
        assertEquals("Sign-in method renamed", session.text(By.id("activity-0-what")));
        assertEquals("Authenticator app Work phone", session.text(By.id("activity-0-method")));
        assertEquals("authenticator-app", browser.findElement(By.id("activity-0-method")).getAttribute("data-method-kind"));
        assertEquals("Passkey or security key YubiKey 5", session.text(By.id("activity-1-method")));
        assertEquals("Mobile phone", session.text(By.id("activity-2-method")), "the kind alone when no name was kept");

        // The same in Swedish.
        browser.executeScript("location.hash = '#/';");
        session.click(By.id("edit-profile"));
        new org.openqa.selenium.support.ui.Select(session.visible(By.id("input-preferredLanguage"))).selectByValue("sv");
        session.click(By.id("save-profile"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("edit-profile")));
        openActivity();
        assertEquals("Inloggningsmetod omdöpt", session.text(By.id("activity-0-what")));
        assertEquals("Autentiseringsapp Work phone", session.text(By.id("activity-0-method")));
        assertEquals("Mobiltelefon", session.text(By.id("activity-2-method")));
        browser.executeScript("window.fetch = window.__originalFetch;");
        session.click(By.cssSelector("#nav-links a[data-route='/devices']"));
        openActivity();
        assertEquals("Profil ändrad", session.text(By.id("activity-0-what")));
        assertEquals("Enhet omdöpt", session.text(By.id("activity-2-what")));
        session.assertNoConsoleErrors();
    }

    // Helpers ---------------------------------------------------------------------------------------

    /**
     * The entries of Ada's history after the first test: the demo's (each device's registration, her
     * disable of one, her two guest memberships), the cleanup's two disables and her own one.
     */
    private static List<String> demoHistory() {
        int entries = DemoData.DEVICE_IDS.size() + 1 + DemoData.GUEST_OF.size() + 2 + 1;
        return java.util.stream.IntStream.range(0, entries).mapToObj(i -> "activity-" + i).toList();
    }

    private void openActivityPage() {
        session.click(By.cssSelector("#nav-links a[data-route='/activity']"));
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("#nav-links a[data-route='/activity']"), "aria-current", "page"));
    }

    private void openActivity() {
        openActivityPage();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#activity-list > li")));
    }

    /** The page's next GET /me/activity answers with this body, as the API would. */
    private void answerActivityWith(String json) {
        browser.executeScript("""
                const body = arguments[0];
                const original = window.__originalFetch ?? window.fetch;
                window.__originalFetch = original;
                window.fetch = (input, init) => typeof input === 'string' && input.includes('/me/activity')
                    ? Promise.resolve(new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } }))
                    : original(input, init);
                """, json);
    }

    private List<String> entryIds() {
        return session.ids("#activity-list > li");
    }

    /** The id of the one entry saying what happened to the device. */
    private String entryFor(String what, String deviceId) {
        List<String> matches = entryIds().stream()
                .filter(id -> session.text(By.id(id + "-what")).equals(what)
                        && !browser.findElements(By.id(id + "-device")).isEmpty()
                        && deviceId.equals(browser.findElement(By.id(id + "-device")).getAttribute("data-device-id")))
                .toList();
        assertEquals(1, matches.size(), what + " " + deviceId + ": " + matches);
        return matches.get(0);
    }
}
