package dev.myprofile.local;

import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.BrowserTests;
import dev.myprofile.testkit.Moto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A person's path through the Overview, in a real browser against the local runtime: sign in with
 * authorization code + PKCE at the development provider, see the profile, change the display name,
 * reload, and find the change kept.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverviewBrowserTest extends InPortalBrowser {
    /** Every API exchange the runtime makes for this test, checked against openapi.yaml. */
    private final ApiContract.Recorder exchanges = ApiContract.recorder();
    /** How many times the API answered GET /me. */
    private final java.util.concurrent.atomic.AtomicInteger profileReads = new java.util.concurrent.atomic.AtomicInteger();
    @RegisterExtension
    final BrowserTests<LocalPortal> web = PortalBrowser.of(() -> LocalPortal.start(0, Optional.of(Moto.shared().endpoint()),
                    exchanges.andThen((event, response) -> {
                        if ("GET /me".equals(event.getRouteKey())) {
                            profileReads.incrementAndGet();
                        }
                    })))
            .eachTest(BrowserTests.Fresh.AS_LEFT)
            .afterEach(exchanges::assertKept)
            .lastLook(web -> web.session().screenshot("overview.png", 1280, 900));

    private void signInAsDemoUser() {
        DemoSignIn.atCognito(session, CognitoSignIn.DEMO_USERS.get(0));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("profile-display-name")));
    }

    private String text(String id) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id))).getText();
    }

    @Test
    void a_person_signs_in_sees_the_overview_changes_the_name_and_finds_it_kept_after_reload() {
        browser.get(portal.url());
        profileReads.set(0);
        signInAsDemoUser();
        // The shell reads the profile once as the session starts (its language); the Overview paints from that.
        assertEquals(1, profileReads.get(), "GET /me once for the first page");

        wait.until(ExpectedConditions.textToBe(By.id("profile-display-name"), "Ada Lovelace"));
        // PRODUCT.md: the Overview links to every page, each saying what it is for.
        assertEquals(List.of("/security-info", "/organizations", "/devices", "/privacy", "/activity"),
                browser.findElements(By.cssSelector("#overview-pages a")).stream().map(a -> a.getAttribute("data-page")).toList());
        assertEquals("Security info", browser.findElement(By.cssSelector("#overview-pages a[data-page='/security-info']")).getText());
        assertTrue(browser.findElement(By.cssSelector("#overview-pages a[data-page='/devices']")).getAttribute("href").endsWith("#/devices"));
        assertEquals("ada@contoso.example", text("profile-email"));
        assertEquals("Contoso", text("profile-home-organization"));
        assertEquals("Research Engineer", text("profile-job-title"));
        assertTrue(browser.getCurrentUrl().startsWith(portal.url()), "back on the portal, code removed from the URL");
        assertTrue(!browser.getCurrentUrl().contains("code="), browser.getCurrentUrl());

        wait.until(ExpectedConditions.elementToBeClickable(By.id("edit-profile"))).click();
        WebElement name = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("input-displayName")));
        name.clear();
        name.sendKeys("Ada King");
        browser.findElement(By.id("save-profile")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status-message"), "Saved"));
        assertEquals("Ada King", text("profile-display-name"));

        // A reload keeps the session (the sign-in's own, without its form).
        browser.navigate().refresh();
        wait.until(ExpectedConditions.textToBe(By.id("profile-display-name"), "Ada King"));

        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .toList();
        assertTrue(errors.isEmpty(), () -> "browser console errors (CSP, scripts): " + errors);
    }

    @Test
    void a_bad_phone_number_is_explained_next_to_the_field_and_nothing_is_saved() {
        browser.get(portal.url());
        signInAsDemoUser();
        String before = text("profile-phone");

        wait.until(ExpectedConditions.elementToBeClickable(By.id("edit-profile"))).click();
        WebElement phone = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("input-phone")));
        phone.clear();
        phone.sendKeys("0701234567");
        browser.findElement(By.id("save-profile")).click();

        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error-phone")));
        assertTrue(error.getText().toLowerCase().contains("international"), error.getText());
        assertEquals("true", phone.getAttribute("aria-invalid"));
        browser.findElement(By.id("cancel-edit")).click();
        // What was typed is not thrown away unasked.
        wait.until(ExpectedConditions.elementToBeClickable(By.id("discard-changes"))).click();
        assertEquals(before, text("profile-phone"));
    }
}
