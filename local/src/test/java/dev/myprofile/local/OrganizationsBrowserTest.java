package dev.myprofile.local;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.selenium.AxeBuilder;
import dev.myprofile.testkit.BrowserTests;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Organizations and Privacy pages in a real browser against a private local runtime, signed in
 * as Ada at the local Cognito-shaped sign-in: her home organization and guest ones with their privacy
 * links (missing ones "Not provided"), leaving a guest organization (confirmed, recorded in her
 * activity), what the portal stores and for how long, downloading her data, and signing out
 * everywhere, after which a
 * new sign-in works. In order: the last one signs her out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrganizationsBrowserTest extends InPortalBrowser {
    private static final LocalUserPool.DemoUser ADA = CognitoSignIn.DEMO_USERS.get(0);

    @RegisterExtension
    final BrowserTests<LocalPortal> web = PortalBrowser.of(() -> LocalPortal.start(0, Optional.empty()))
            .lastLook(web -> {
                browser.get(portal.url());
                DemoSignIn.atCognito(session, ADA);
                open("/organizations", "#organization-list > li");
                session.screenshot("organizations.png", 1280, 1000);
                open("/privacy", "#privacy-data > li");
                session.screenshot("privacy.png", 1280, 1400);
                session.screenshot("privacy-390.png", 390, 2200);
            });

    /** axe-core's WCAG 2.1 A and AA rules find nothing on the page as it is now. */
    private void assertAccessible(String what) {
        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(browser);
        assertTrue(results.getViolations().isEmpty(), () -> what + ": " + results.getViolations().stream()
                .map(rule -> rule.getId() + " " + rule.getNodes().stream().map(node -> String.valueOf(node.getTarget())).toList())
                .toList());
    }

    private void open(String route, String ready) {
        session.click(By.cssSelector("#nav-links a[data-route='" + route + "']"));
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("#nav-links a[data-route='" + route + "']"), "aria-current", "page"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(ready)));
    }

    @Test
    @Order(1)
    void the_home_organization_cannot_be_left_and_leaving_a_guest_one_is_confirmed_and_recorded() {
        browser.get(portal.url());
        DemoSignIn.atCognito(session, ADA);
        open("/organizations", "#organization-list > li");
        assertEquals("Organizations – My Profile", browser.getTitle());
        assertEquals(List.of("organization-contoso", "organization-fabrikam", "organization-northwind"),
                session.ids("#organization-list > li"));
        assertEquals("Home organization", session.text(By.id("organization-role-contoso")));
        assertTrue(browser.findElements(By.id("leave-contoso")).isEmpty(), "the home organization has no Leave button");
        assertEquals("Your account belongs to this organization, so you can't leave it.",
                session.text(By.id("organization-home-note-contoso")));
        assertEquals("Guest", session.text(By.id("organization-role-fabrikam")));
        assertEquals("https://fabrikam.example/privacy",
                browser.findElement(By.cssSelector("#organization-privacy-fabrikam a")).getAttribute("href"));
        assertEquals("Not provided", session.text(By.id("organization-terms-fabrikam")));
        assertTrue(browser.findElements(By.cssSelector("#organization-terms-fabrikam a")).isEmpty(), "no link where none was given");

        assertAccessible("Organizations");
        session.click(By.id("leave-fabrikam"));
        assertEquals("Leave Fabrikam?", session.text(By.id("leave-heading-fabrikam")));
        assertAccessible("Organizations, confirming leaving");
        assertTrue(session.text(By.id("leave-confirm-fabrikam")).contains("You can't undo this yourself"));
        session.click(By.id("cancel-leave"));
        assertTrue(browser.findElement(By.id("leave-fabrikam")).isDisplayed(), "cancel changes nothing");

        session.click(By.id("leave-fabrikam"));
        session.click(By.id("confirm-leave"));
        wait.until(ExpectedConditions.textToBe(By.id("status-message"), "You left Fabrikam."));
        assertEquals(List.of("organization-contoso", "organization-northwind"), session.ids("#organization-list > li"));

        browser.navigate().refresh();
        open("/organizations", "#organization-list > li");
        assertEquals(List.of("organization-contoso", "organization-northwind"), session.ids("#organization-list > li"));

        open("/activity", "#activity-list > li");
        assertEquals("Left an organization", session.text(By.id("activity-0-what")));
        assertEquals("Organization Fabrikam", session.text(By.id("activity-0-organization")));
        assertEquals("by you", session.text(By.id("activity-0-actor")));
        session.assertNoConsoleErrors();
    }

    @Test
    @Order(2)
    void the_privacy_page_shows_each_organizations_links_and_what_the_portal_keeps_for_how_long() {
        browser.get(portal.url());
        DemoSignIn.atCognito(session, ADA);
        open("/privacy", "#privacy-data > li");
        assertEquals("Privacy – My Profile", browser.getTitle());
        assertEquals("https://contoso.example/privacy", browser.findElement(By.id("privacy-statement-contoso")).getAttribute("href"));
        assertEquals("mailto:privacy@contoso.example", browser.findElement(By.id("privacy-contact-contoso")).getAttribute("href"));
        assertEquals("Not provided", session.text(By.id("privacy-contact-northwind")));
        assertEquals("https://northwind.example/legal/terms", browser.findElement(By.id("privacy-terms-northwind")).getAttribute("href"));
        assertEquals(List.of("privacy-data-profile", "privacy-data-devices", "privacy-data-activity", "privacy-data-memberships",
                "privacy-data-signOut", "privacy-data-password", "privacy-data-securityMethods", "privacy-data-removedDevices",
                "privacy-data-pendingCodes", "privacy-data-codesSent", "privacy-data-changeCounts", "privacy-data-repeatedRequests",
                "privacy-data-deviceListVersion"),
                session.ids("#privacy-data > li"));
        assertEquals("Kept for 365 days.", session.text(By.id("privacy-retention-removedDevices")));
        assertEquals("Kept for 365 days.", session.text(By.id("privacy-retention-activity")));
        assertEquals("A device is disabled after 90 days without activity and deleted 30 days after it was disabled.",
                session.text(By.id("privacy-retention-devices")));
        assertAccessible("Privacy");
        session.assertNoConsoleErrors();
    }

    @Test
    @Order(3)
    void download_my_data_offers_the_whole_document_as_a_file() {
        browser.get(portal.url());
        DemoSignIn.atCognito(session, ADA);
        open("/privacy", "#download");
        // The page's CSP lets no script fetch a blob: address; keep the file the page offers, to read it.
        browser.executeScript("""
                const create = URL.createObjectURL;
                URL.createObjectURL = (blob) => { window.__exported = blob; return create.call(URL, blob); };
                """);
        session.click(By.id("export"));
        wait.until(ExpectedConditions.textToBe(By.id("status-message"), "Your data is ready."));
        var link = session.visible(By.id("export-link"));
        assertEquals("my-profile-data.json", link.getAttribute("download"));
        assertTrue(link.getAttribute("href").startsWith("blob:"), link.getAttribute("href"));
        String document = (String) browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                window.__exported.text().then(done, e => done('failed: ' + e));
                """);
        assertTrue(document.contains("\"version\": 1"), document);
        assertTrue(document.contains("\"displayName\": \"Ada Lovelace\""), document);
        assertTrue(document.contains("\"deviceId\": \"d-laptop\""), document);
        assertTrue(document.contains("\"organizationId\": \"northwind\""), document);
        // Her sign-in at the local sign-in a moment ago, as the sign-in service keeps it (threat protection is on locally).
        assertTrue(document.contains("\"EventType\": \"SignIn\"") && document.contains("\"EventResponse\": \"Pass\""), document);
        session.assertNoConsoleErrors();
    }

    @Test
    @Order(4)
    void signing_out_everywhere_signs_this_browser_out_too_and_a_new_sign_in_works() throws Exception {
        browser.get(portal.url());
        DemoSignIn.atCognito(session, ADA);
        open("/privacy", "#sessions");
        session.click(By.id("sign-out-everywhere"));
        assertTrue(session.text(By.id("sign-out-everywhere-confirm")).contains("including this one"));
        session.click(By.id("cancel-sign-out-everywhere"));
        session.click(By.id("sign-out-everywhere"));
        session.click(By.id("confirm-sign-out-everywhere"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
        assertFalse(browser.findElement(By.id("site-nav")).isDisplayed());
        // Back from the sign-in service's logout, this tab says what happened, as the other tabs do.
        wait.until(ExpectedConditions.textToBe(By.id("status-message"), "You are signed out everywhere, on this device too."));

        // Tokens count whole seconds, and every token of the second the sign-out happened in is refused.
        Thread.sleep(1_100);
        DemoSignIn.atCognito(session, ADA);
        open("/organizations", "#organization-list > li");
        open("/activity", "#activity-list > li");
        assertEquals("Signed out everywhere", session.text(By.id("activity-0-what")));
        session.assertNoConsoleErrors();
    }

    @Test
    @Order(5)
    void closing_an_account_needs_the_typed_word_offers_the_download_first_and_then_nobody_can_sign_in_as_it() {
        LocalUserPool.DemoUser grace = CognitoSignIn.DEMO_USERS.get(1);
        browser.get(portal.url());
        DemoSignIn.atCognito(session, grace);
        open("/privacy", "#close");
        assertTrue(browser.findElement(By.id("close-export-first")).isDisplayed(), "the download is offered first");
        browser.findElement(By.id("close-confirmation")).sendKeys("close");
        session.click(By.id("close-account"));
        assertEquals(browser.findElement(By.id("close-confirmation")), browser.switchTo().activeElement());
        assertTrue(session.text(By.id("close")).contains("Type CLOSE exactly to close your account."));
        assertAccessible("Privacy, a mistyped confirmation");

        browser.findElement(By.id("close-confirmation")).clear();
        browser.findElement(By.id("close-confirmation")).sendKeys("CLOSE");
        session.click(By.id("close-account"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
        wait.until(ExpectedConditions.textToBe(By.id("status-message"), "Your account is closed, and you have been signed out."));

        session.click(By.id("sign-in"));
        DemoSignIn.fillSignInForm(session, grace);
        assertEquals("Incorrect username or password.", session.text(By.id("sign-in-error")));
        session.assertNoConsoleErrors();
    }

    @Test
    @Order(6)
    void in_Swedish_both_pages_speak_Swedish_and_stay_accessible() throws Exception {
        browser.get(portal.url());
        DemoSignIn.atCognito(session, ADA);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("edit-profile")));
        session.click(By.id("edit-profile"));
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("input-preferredLanguage"))).selectByValue("sv");
        session.click(By.id("save-profile"));
        wait.until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "sv"));

        open("/organizations", "#organization-list > li");
        assertEquals("Hemorganisation", session.text(By.id("organization-role-contoso")));
        assertEquals("Inte angivet", session.text(By.id("organization-contact-northwind")));
        assertAccessible("Organizations in Swedish");
        open("/privacy", "#privacy-data > li");
        assertEquals("Sparas i 365 dagar.", session.text(By.id("privacy-retention-activity")));
        assertEquals("Logga ut överallt", session.text(By.id("sign-out-everywhere")));
        assertAccessible("Privacy in Swedish");
        session.assertNoConsoleErrors();
    }

    /**
     * The API's step-up answer to leaving is played in the browser (this runtime's clock is the real
     * one), exactly as StepUp sends it; the rest is real: the sign-in with prompt=login, the question
     * put back after it (in the profile's language, from the first paint), and leaving once answered.
     */
    @Test
    @Order(7)
    void after_a_step_up_leaving_is_asked_once_more_before_it_is_done() {
        browser.get(portal.url());
        DemoSignIn.atCognito(session, ADA);
        PlayedAnswers.stepUp(session, "/me/organizations/northwind/leave", true);
        browser.executeScript("location.hash = '#/organizations';");
        session.click(By.id("leave-northwind"));
        session.click(By.id("confirm-leave"));
        session.click(By.id("step-up-sign-in"));
        DemoSignIn.fillSignInForm(session, ADA);

        WebElement question = wait.ignoring(StaleElementReferenceException.class)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("leave-heading-northwind")));
        assertTrue(question.getText().contains("Northwind"), question.getText());
        assertEquals(question, browser.switchTo().activeElement(), "focus on the question put back");
        // In the profile's language: Swedish after the test before this one, else English.
        assertEquals("sv".equals(browser.findElement(By.tagName("html")).getAttribute("lang"))
                        ? "Du har loggat in igen. Kontrollera och bekräfta för att fortsätta."
                        : "You signed in again. Check and confirm to carry on.",
                session.text(By.id("status-message")));
        assertTrue(session.ids("#organization-list > li").contains("organization-northwind"), "not left before the answer");
        assertAccessible("Organizations, the question put back");
        session.click(By.id("confirm-leave"));
        wait.until(d -> !session.ids("#organization-list > li").contains("organization-northwind"));
        session.assertNoConsoleErrors("401");
    }

    /** Signing out everywhere, interrupted by step-up (played as StepUp sends it): the question comes back, nothing is done. */
    @Test
    @Order(8)
    void after_a_step_up_signing_out_everywhere_is_asked_once_more() {
        browser.get(portal.url());
        DemoSignIn.atCognito(session, ADA);
        PlayedAnswers.stepUp(session, "/me/sign-out-everywhere", true);
        browser.executeScript("location.hash = '#/privacy';");
        session.click(By.id("sign-out-everywhere"));
        session.click(By.id("confirm-sign-out-everywhere"));
        session.click(By.id("step-up-sign-in"));
        DemoSignIn.fillSignInForm(session, ADA);

        WebElement question = wait.ignoring(StaleElementReferenceException.class)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-out-everywhere-heading")));
        assertEquals(question, browser.switchTo().activeElement(), "focus on the question put back");
        assertTrue(browser.findElement(By.id("confirm-sign-out-everywhere")).isEnabled());
        assertTrue(browser.findElement(By.id("site-nav")).isDisplayed(), "nothing done: still signed in");
        session.click(By.id("cancel-sign-out-everywhere"));
        session.assertNoConsoleErrors("401");
    }
}
