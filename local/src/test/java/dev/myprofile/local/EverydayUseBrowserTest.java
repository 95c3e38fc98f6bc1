package dev.myprofile.local;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.Browser;
import dev.myprofile.testkit.BrowserTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web app as a person uses it day to day (issue 10), in a real browser against the local runtime
 * with the development provider (its sign-in page gives Ada the laptop she signs in on), each behaviour
 * at a desktop window (1280×800) and a phone's (390×844): results and errors beside what was acted on,
 * in the page's words; the device in use marked, and a warning before disabling it; edits not thrown
 * away unasked, and a conflict shown side by side; phone numbers for reading, devices' words, times
 * that stay true, a compact menu, a word after signing out, and a readable development sign-in. The
 * states it opens are photographed beside the pages, in local/target/screenshots/ (state-*.png).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EverydayUseBrowserTest extends InPortalBrowser {
    /** Desktop and phone, the two sizes every behaviour here is checked at. */
    private static final List<int[]> SIZES = List.of(new int[] {1280, 800}, new int[] {390, 844});

    private final ApiContract.Recorder exchanges = ApiContract.recorder();
    @RegisterExtension
    final BrowserTests<LocalPortal> web = PortalBrowser.developmentOidc(exchanges)
            .language("en-GB")
            .afterEach(exchanges::assertKept);

    // 4. Results and errors where the person is looking ---------------------------------------------

    @Test
    void a_result_is_shown_beside_the_device_acted_on_and_announced() throws Exception {
        for (int[] size : SIZES) {
            signIn(size);
            openPage("/devices");
            String name = "Tablet at " + size[0];

            session.click(By.id("rename-d-tablet"));
            WebElement input = session.visible(By.id("rename-input-d-tablet"));
            input.clear();
            input.sendKeys(name);
            session.click(By.id("rename-save-d-tablet"));

            WebElement result = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#device-d-tablet #inline-status")));
            assertEquals("Device renamed.", result.getText());
            assertEquals("Device renamed.", session.textContent(By.id("status-message")), "announced by the live region");
            assertEquals(name, session.text(By.id("device-name-d-tablet")));
            assertInView(result);
            assertNoViolations("devices after a rename, " + size[0]);
            session.screenshotWholePage("state-device-renamed-en-" + size[0] + ".png", size[0], size[1]);
        }
        session.assertNoConsoleErrors();
    }

    @Test
    void a_field_error_is_in_the_page_s_words_under_the_field_s_own_label_and_the_phone_is_checked_before_sending() throws Exception {
        for (int[] size : SIZES) {
            signIn(size);
            countProfileWrites();
            session.click(By.id("edit-profile"));
            WebElement phone = session.visible(By.id("input-phone"));
            phone.clear();
            phone.sendKeys("0701234567");
            session.click(By.id("save-profile"));

            String phoneWords = "Enter the number in international form: + and the country code, then the number without its first 0, like +46 70 123 45 67.";
            assertEquals(phoneWords, session.visible(By.id("error-phone")).getText());
            assertEquals("true", phone.getAttribute("aria-invalid"));
            assertEquals(0L, browser.executeScript("return window.profileWrites"), "the browser's own check: nothing was sent");
            WebElement summary = browser.findElement(By.cssSelector("#profile-form #inline-error"));
            assertEquals("Check the highlighted fields.", summary.getText());
            assertEquals("Check the highlighted fields.", session.textContent(By.id("error-message")));

            // The server's refusal of a field the browser does not check: under the field, no API name anywhere.
            phone.clear();
            phone.sendKeys("+44 20 7946 0958");
            WebElement name = browser.findElement(By.id("input-displayName"));
            // Typed as a paste would bring it: the right-to-left override no keyboard has.
            browser.executeScript("""
                    arguments[0].value = 'Ada\\u202eKing';
                    arguments[0].dispatchEvent(new Event('input', { bubbles: true }));
                    """, name);
            session.click(By.id("save-profile"));
            WebElement nameError = session.visible(By.id("error-displayName"));
            assertTrue(nameError.getText().startsWith("Must not contain control or invisible formatting characters"), nameError.getText());
            assertEquals(1L, browser.executeScript("return window.profileWrites"));
            assertEquals("Check the highlighted fields.", session.textContent(By.id("error-message")));
            String page = browser.findElement(By.tagName("body")).getAttribute("textContent");
            assertFalse(page.contains("displayName"), "no API field name on the page: " + page);
            assertNoViolations("overview with field errors, " + size[0]);
            session.screenshotWholePage("state-overview-field-errors-en-" + size[0] + ".png", size[0], size[1]);
            session.click(By.id("cancel-edit"));
            session.click(By.id("discard-changes"));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("profile-form")));
        }
        session.assertNoConsoleErrors("status of 400");
    }

    // 6. The device in use ----------------------------------------------------------------------------

    @Test
    void the_device_in_use_says_so_and_disabling_it_is_asked_in_its_own_words() throws Exception {
        for (int[] size : SIZES) {
            signIn(size);
            openPage("/devices");

            assertEquals("This device", session.text(By.id("device-current-d-laptop")));
            assertEquals(List.of("device-current-d-laptop"), session.ids(".badge-current"), "one device is the one in use");

            session.click(By.id("disable-d-laptop"));
            WebElement panel = session.visible(By.id("disable-confirm-d-laptop"));
            assertEquals("Disable ADA-LAPTOP, the device you are using now?", panel.findElement(By.tagName("h3")).getText());
            assertTrue(panel.getText().contains("you will need another device to sign in again"), panel.getText());
            assertEquals("Disable this device", session.text(By.id("confirm-disable")));
            assertNoViolations("devices, disabling the device in use, " + size[0]);
            session.screenshotWholePage("state-device-in-use-disable-en-" + size[0] + ".png", size[0], size[1]);
            browser.switchTo().activeElement().sendKeys(Keys.ESCAPE);
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("disable-confirm-d-laptop")));
            assertEquals("Enabled", session.text(By.id("device-status-d-laptop")));

            session.click(By.id("disable-d-old-laptop"));
            panel = session.visible(By.id("disable-confirm-d-old-laptop"));
            assertEquals("Disable OLD-THINKPAD?", panel.findElement(By.tagName("h3")).getText());
            assertEquals("Disable device", session.text(By.id("confirm-disable")));
            session.click(By.id("cancel-disable"));
        }
        session.assertNoConsoleErrors();
    }

    // 7. Unsaved edits ----------------------------------------------------------------------------------

    @Test
    void edits_are_not_thrown_away_unasked_by_cancel_escape_or_navigation() throws Exception {
        for (int[] size : SIZES) {
            signIn(size);

            // Nothing typed: Escape closes the form, like it closes a confirmation.
            session.click(By.id("edit-profile"));
            session.visible(By.id("input-displayName")).sendKeys(Keys.ESCAPE);
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("profile-form")));
            assertEquals(browser.findElement(By.id("edit-profile")), browser.switchTo().activeElement());

            // Something typed: Cancel asks, and "Keep editing" keeps it.
            session.click(By.id("edit-profile"));
            WebElement name = session.visible(By.id("input-displayName"));
            name.sendKeys(" (draft)");
            String typed = name.getAttribute("value");
            session.click(By.id("cancel-edit"));
            WebElement question = session.visible(By.id("discard-confirm"));
            assertEquals("Discard your changes?", question.findElement(By.tagName("h3")).getText());
            assertEquals(question.findElement(By.tagName("h3")), browser.switchTo().activeElement());
            assertNoViolations("overview, asking before discarding, " + size[0]);
            session.screenshotWholePage("state-overview-discard-en-" + size[0] + ".png", size[0], size[1]);
            session.click(By.id("keep-editing"));
            assertTrue(browser.findElements(By.id("discard-confirm")).isEmpty());
            assertEquals(typed, browser.findElement(By.id("input-displayName")).getAttribute("value"));

            // Escape asks too; Escape in the question answers only the question.
            browser.findElement(By.id("input-displayName")).sendKeys(Keys.ESCAPE);
            session.visible(By.id("discard-confirm"));
            browser.switchTo().activeElement().sendKeys(Keys.ESCAPE);
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("discard-confirm")));
            assertTrue(browser.findElement(By.id("profile-form")).isDisplayed(), "the form stays");

            // Leaving for another page asks; staying keeps the edit and the address.
            navClick("/devices");
            wait.until(ExpectedConditions.alertIsPresent()).dismiss();
            assertEquals(typed, browser.findElement(By.id("input-displayName")).getAttribute("value"));
            assertEquals("page", browser.findElement(By.cssSelector("#nav-links a[data-route='/']")).getAttribute("aria-current"));
            assertFalse(browser.getCurrentUrl().contains("#/devices"), browser.getCurrentUrl());
            navClick("/devices");
            wait.until(ExpectedConditions.alertIsPresent()).accept();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#device-list > li")));

            // A device's new name: Escape asks; Discard closes with the name as it was.
            session.click(By.id("rename-d-lost-phone"));
            WebElement input = session.visible(By.id("rename-input-d-lost-phone"));
            String before = session.text(By.id("device-name-d-lost-phone"));
            input.sendKeys(" renamed");
            input.sendKeys(Keys.ESCAPE);
            session.visible(By.id("discard-confirm"));
            session.click(By.id("discard-changes"));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("rename-form-d-lost-phone")));
            assertEquals(before, session.text(By.id("device-name-d-lost-phone")));
            navClick("/");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("profile-display-name")));
            assertNull(ExpectedConditions.alertIsPresent().apply(browser), "nothing left to ask about");
        }
        session.assertNoConsoleErrors();
    }

    @Test
    void a_change_saved_elsewhere_meanwhile_is_shown_beside_yours_and_you_choose() throws Exception {
        for (int[] size : SIZES) {
            signIn(size);
            String mine = "Ada, mine at " + size[0];
            String theirs = "Ada, theirs at " + size[0];

            session.click(By.id("edit-profile"));
            WebElement name = session.visible(By.id("input-displayName"));
            name.clear();
            name.sendKeys(mine);
            elsewhere(() -> {
                session.click(By.id("edit-profile"));
                WebElement other = session.visible(By.id("input-displayName"));
                other.clear();
                other.sendKeys(theirs);
                session.click(By.id("save-profile"));
                wait.until(ExpectedConditions.textToBe(By.id("profile-display-name"), theirs));
            });
            session.click(By.id("save-profile"));

            WebElement conflict = session.visible(By.id("conflict"));
            assertEquals(theirs, session.text(By.id("conflict-saved-displayName")));
            assertEquals(mine, session.text(By.id("conflict-yours-displayName")));
            assertEquals(conflict.findElement(By.tagName("h3")), browser.switchTo().activeElement());
            assertEquals(mine, browser.findElement(By.id("input-displayName")).getAttribute("value"), "what was typed is kept");
            assertEquals("Your profile was changed elsewhere while you were editing.", session.textContent(By.id("error-message")),
                    "announced");
            assertNoViolations("overview, changed elsewhere, " + size[0]);
            session.screenshotWholePage("state-overview-conflict-en-" + size[0] + ".png", size[0], size[1]);
            session.click(By.id("keep-mine"));
            wait.until(ExpectedConditions.textToBe(By.id("profile-display-name"), mine));
            assertEquals("Saved.", session.textContent(By.id("status-message")));

            // A device renamed elsewhere: take the saved name this time.
            openPage("/devices");
            session.click(By.id("rename-d-phone"));
            WebElement input = session.visible(By.id("rename-input-d-phone"));
            input.clear();
            input.sendKeys("My phone at " + size[0]);
            String savedName = "Their phone at " + size[0];
            elsewhere(() -> {
                openPage("/devices");
                session.click(By.id("rename-d-phone"));
                WebElement other = session.visible(By.id("rename-input-d-phone"));
                other.clear();
                other.sendKeys(savedName);
                session.click(By.id("rename-save-d-phone"));
                wait.until(ExpectedConditions.textToBe(By.id("device-name-d-phone"), savedName));
            });
            session.click(By.id("rename-save-d-phone"));
            session.visible(By.id("conflict"));
            assertEquals(savedName, session.text(By.id("conflict-saved-displayName")));
            assertEquals("My phone at " + size[0], session.text(By.id("conflict-yours-displayName")));
            session.click(By.id("take-saved"));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("rename-form-d-phone")));
            assertEquals(savedName, session.text(By.id("device-name-d-phone")));
        }
        session.assertNoConsoleErrors("status of 412");
    }

    // 8. Smaller things ---------------------------------------------------------------------------------

    @Test
    void a_phone_number_is_shown_grouped_for_reading() {
        Map<String, String> typedAndShown = Map.of("+442079460958", "+44 207 946 0958", "+1 425-555-0100", "+1 425 555 0100");
        List<String> typed = List.copyOf(typedAndShown.keySet());
        for (int i = 0; i < SIZES.size(); i++) {
            signIn(SIZES.get(i));
            session.click(By.id("edit-profile"));
            WebElement phone = session.visible(By.id("input-phone"));
            phone.clear();
            phone.sendKeys(typed.get(i));
            session.click(By.id("save-profile"));
            wait.until(ExpectedConditions.textToBe(By.id("profile-phone"), typedAndShown.get(typed.get(i))));
            assertEquals("Saved.", session.text(By.cssSelector("#view #inline-status")));
        }
        session.assertNoConsoleErrors();
    }

    @Test
    void an_inactive_device_says_in_words_what_that_means_and_its_time_since_use_stays_true() {
        for (int[] size : SIZES) {
            signIn(size);
            openPage("/devices");
            assertEquals("Inactive", session.text(By.id("device-inactive-d-old-laptop")));
            assertNull(browser.findElement(By.id("device-inactive-d-old-laptop")).getDomAttribute("title"), "not only on hover");
            assertEquals("Not used for more than 90 days, so the automatic cleanup will disable it. Sign in on it to keep it.",
                    session.visible(By.id("device-inactive-note-d-old-laptop")).getText());

            // The page stays open while the clock moves on: three hours later, "3 hours ago" reads "6 hours ago".
            assertEquals("3 hours ago", session.text(By.cssSelector("#device-last-active-d-phone time")));
            browser.executeScript("""
                    const real = Date.now.bind(Date);
                    Date.now = () => real() + 3 * 60 * 60 * 1000;
                    document.dispatchEvent(new Event('visibilitychange'));
                    """);
            wait.until(ExpectedConditions.textToBe(By.cssSelector("#device-last-active-d-phone time"), "6 hours ago"));
        }
        session.assertNoConsoleErrors();
    }

    @Test
    void in_swedish_an_inactive_device_and_a_disabled_one_read_differently() throws Exception {
        try (Browser swedish = Browser.start("sv-SE")) {
            swedish.driver().get(portal.url());
            DemoSignIn.asDemoUser(swedish, Map.of());
            // Ada's profile names British English: choose Swedish as a person would.
            swedish.click(By.id("edit-profile"));
            new org.openqa.selenium.support.ui.Select(swedish.visible(By.id("input-preferredLanguage"))).selectByValue("sv");
            swedish.click(By.id("save-profile"));
            swedish.waitFor().until(ExpectedConditions.textToBe(By.cssSelector("#view h1"), "Översikt"));
            swedish.driver().executeScript("location.hash = '#/devices'");
            swedish.waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("device-inactive-d-old-laptop")));

            String inactive = swedish.text(By.id("device-inactive-d-old-laptop"));
            String disabled = swedish.text(By.id("device-disabled-d-work-phone"));
            assertEquals("Inaktiverad", disabled);
            String inactiveFirst = inactive.split(" ")[0];
            assertFalse(disabled.startsWith(inactiveFirst) || inactiveFirst.startsWith("Inaktiv"),
                    "the badges must not read alike: " + inactive + " / " + disabled);
            assertTrue(swedish.text(By.id("device-inactive-note-d-old-laptop")).contains("90 dagar"));

            // Back to British English, so the other tests read English.
            swedish.driver().executeScript("location.hash = '#/'");
            swedish.click(By.id("edit-profile"));
            new org.openqa.selenium.support.ui.Select(swedish.visible(By.id("input-preferredLanguage"))).selectByValue("en-GB");
            swedish.click(By.id("save-profile"));
            swedish.waitFor().until(ExpectedConditions.textToBe(By.cssSelector("#view h1"), "Overview"));
            swedish.assertNoConsoleErrors();
        }
    }

    @Test
    void on_a_phone_the_sections_fold_behind_a_menu_button() throws Exception {
        for (int[] size : SIZES) {
            signIn(size);
            WebElement toggle = browser.findElement(By.id("nav-toggle"));
            WebElement devicesLink = browser.findElement(By.cssSelector("#nav-links a[data-route='/devices']"));
            if (size[0] >= 1000) {
                assertFalse(toggle.isDisplayed(), "no Menu button on a wide screen");
                assertTrue(devicesLink.isDisplayed());
                continue;
            }
            int header = browser.findElement(By.className("site-header")).getSize().getHeight();
            assertTrue(header <= 80, "the header takes " + header + " px of the phone's screen");
            assertFalse(devicesLink.isDisplayed());
            assertEquals("false", toggle.getAttribute("aria-expanded"));
            toggle.click();
            assertEquals("true", toggle.getAttribute("aria-expanded"));
            assertTrue(devicesLink.isDisplayed());
            assertNoViolations("the menu open on a phone");
            session.screenshotWholePage("state-menu-open-en-" + size[0] + ".png", size[0], size[1]);
            devicesLink.sendKeys(Keys.ESCAPE);
            assertEquals("false", toggle.getAttribute("aria-expanded"), "Escape folds it");
            assertEquals(toggle, browser.switchTo().activeElement(), "and gives focus back to the button");
            toggle.click();
            devicesLink.click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#device-list > li")));
            assertEquals("false", toggle.getAttribute("aria-expanded"), "choosing a page folds the menu");
            assertFalse(devicesLink.isDisplayed());
        }
        session.assertNoConsoleErrors();
    }

    @Test
    void after_signing_out_the_page_says_you_have_been_signed_out() {
        for (int[] size : SIZES) {
            signIn(size);
            session.click(By.id("sign-out"));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
            wait.until(ExpectedConditions.textToBe(By.id("status-message"), "You have been signed out."));
            assertNoViolations("signed out, " + size[0]);
        }
        session.assertNoConsoleErrors();
    }

    @Test
    void the_development_sign_in_page_is_readable() {
        for (int[] size : SIZES) {
            session.resize(size[0], size[1]);
            browser.get(portal.url());
            session.click(By.id("sign-in"));
            session.visible(By.id("demo-user"));
            assertNoViolations("the development sign-in, " + size[0]);
        }
    }

    // Helpers --------------------------------------------------------------------------------------------

    /** Signs Ada in afresh at the given window size; the Overview is shown. */
    @Test
    void a_name_too_long_is_refused_beside_the_field_never_cut_silently_and_an_emoji_sequence_is_kept() throws Exception {
        for (int[] size : SIZES) {
            signIn(size);
            String before = session.text(By.id("profile-display-name"));
            countProfileWrites();
            session.click(By.id("edit-profile"));
            WebElement name = session.visible(By.id("input-displayName"));
            name.clear();
            // Typed (or pasted) through the browser, so an input limit the page sets would apply.
            name.sendKeys("A".repeat(300));
            assertEquals(300L, browser.executeScript("return arguments[0].value.length", name), "nothing cut off what was pasted");
            session.click(By.id("save-profile"));
            WebElement error = session.visible(By.id("error-displayName"));
            assertEquals("Use at most 256 characters for the display name.", error.getText());
            assertEquals("true", name.getAttribute("aria-invalid"));
            assertNoViolations("overview with a name too long, " + size[0]);
            session.screenshotWholePage("state-overview-name-too-long-en-" + size[0] + ".png", size[0], size[1]);

            // A zero-width joiner inside an emoji is ordinary text: the woman scientist is saved whole.
            String scientist = "Ada \uD83D\uDC69\u200D\uD83D\uDD2C " + size[0];
            browser.executeScript("""
                    arguments[0].value = arguments[1];
                    arguments[0].dispatchEvent(new Event('input', { bubbles: true }));
                    """, name, scientist);
            session.click(By.id("save-profile"));
            wait.until(ExpectedConditions.textToBe(By.id("profile-display-name"), scientist));
            assertFalse(before.equals(scientist));
            session.click(By.id("edit-profile"));
            name = session.visible(By.id("input-displayName"));
            browser.executeScript("""
                    arguments[0].value = arguments[1];
                    arguments[0].dispatchEvent(new Event('input', { bubbles: true }));
                    """, name, before);
            session.click(By.id("save-profile"));
            wait.until(ExpectedConditions.textToBe(By.id("profile-display-name"), before));
        }
        session.assertNoConsoleErrors("status of 400");
    }

    private void signIn(int[] size) {
        session.resize(size[0], size[1]);
        browser.get("about:blank");
        browser.get(portal.url());
        DemoSignIn.asDemoUser(session, Map.of());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("profile-display-name")));
    }

    /** Opens a section through the navigation, through the Menu button where the screen folds it. */
    private void openPage(String route) {
        navClick(route);
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("#nav-links a[data-route='" + route + "']"), "aria-current", "page"));
        wait.until(d -> d.findElement(By.id("view")).getAttribute("aria-busy") == null);
    }

    private void navClick(String route) {
        WebElement toggle = browser.findElement(By.id("nav-toggle"));
        if (toggle.isDisplayed() && !"true".equals(toggle.getAttribute("aria-expanded"))) {
            toggle.click();
        }
        session.click(By.cssSelector("#nav-links a[data-route='" + route + "']"));
    }

    /** Does something in a second tab, signed in separately (as on another computer), then comes back. */
    private void elsewhere(Runnable change) {
        String here = browser.getWindowHandle();
        browser.switchTo().newWindow(WindowType.TAB);
        browser.get(portal.url());
        DemoSignIn.asDemoUser(session, Map.of());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("profile-display-name")));
        change.run();
        browser.close();
        browser.switchTo().window(here);
    }

    /** Counts the profile writes (PATCH /me) the page sends from now on, in window.profileWrites. */
    private void countProfileWrites() {
        browser.executeScript("""
                window.profileWrites = 0;
                const original = window.fetch;
                window.fetch = (input, init) => {
                  if (typeof input === 'string' && input.endsWith('/me') && init?.method === 'PATCH') {
                    window.profileWrites++;
                  }
                  return original(input, init);
                };
                """);
    }

    private void assertInView(WebElement element) {
        Boolean inView = (Boolean) browser.executeScript("""
                const box = arguments[0].getBoundingClientRect();
                return box.top >= 0 && box.bottom <= window.innerHeight;
                """, element);
        assertTrue(inView, "shown where the person is looking, without scrolling");
    }

    /** axe-core's WCAG 2.1 A and AA rules find nothing on the page as it is now. */
    private void assertNoViolations(String where) {
        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(browser);
        List<Rule> violations = results.getViolations();
        assertTrue(violations.isEmpty(), () -> "axe-core on " + where + ": " + violations.stream()
                .map(rule -> rule.getId() + " " + rule.getNodes().stream().map(node -> node.getTarget().toString()).toList())
                .toList());
    }
}
