package dev.myprofile.local;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.BrowserTests;
import dev.myprofile.testkit.Moto;
import dev.myprofile.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Passkeys and security keys on the Security info page in a real browser on the local runtime, with
 * Chromium's virtual authenticators standing in for the person's devices: a platform authenticator
 * (internal transport, resident keys, user verification: a passkey on this device) and a USB security
 * key (resident keys, a PIN). The page runs the WebAuthn ceremony itself; Cognito's side is the
 * stand-in in front of moto, which verifies each response. Every API exchange is checked against
 * openapi.yaml, and axe-core finds no violation on the page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PasskeysBrowserTest extends InPortalBrowser {
    private static final LocalUserPool.DemoUser GRACE = CognitoSignIn.DEMO_USERS.get(1);

    private final ApiContract.Recorder exchanges = ApiContract.recorder();
    /** The functions' clock: moved forward, it makes the sign-in too old for step-up without waiting. */
    private final MutableClock clock = MutableClock.ticking();
    private VirtualAuthenticator device;
    private VirtualAuthenticator securityKey;

    /** Each test on a portal of its own (its own pool and demo users), signed out, with the person's two authenticators. */
    @RegisterExtension
    final BrowserTests<LocalPortal> web = PortalBrowser.cognito(exchanges, clock)
            .siteEachTest()
            .beforeSite(web -> exchanges.assertKept())
            .beforeEach(web -> addAuthenticators())
            .eachTest(BrowserTests.Fresh.SIGNED_OUT)
            .afterAll(exchanges::assertKept);

    private void addAuthenticators() {
        device = browser.addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                .setHasResidentKey(true)
                .setHasUserVerification(true)
                .setIsUserVerified(true)
                .setIsUserConsenting(true));
        // A FIDO2 key with a PIN: Chromium makes no discoverable credential (which Cognito asks for) on a
        // virtual key without user verification. A key that only detects a touch is PasskeysApiTest's.
        securityKey = browser.addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.USB)
                .setHasResidentKey(true)
                .setHasUserVerification(true)
                .setIsUserVerified(true)
                .setIsUserConsenting(true));
    }

    @AfterEach
    void removeAuthenticators() {
        browser.removeVirtualAuthenticator(device);
        if (securityKey != null) {
            browser.removeVirtualAuthenticator(securityKey);
        }
    }

    private void openSecurityInfo() {
        session.click(By.cssSelector("#nav-links a[data-route='/security-info']"));
        session.visible(By.id("passkeys-heading"));
    }

    private void add(String button, String name) {
        session.click(By.id(button));
        session.visible(By.id("passkey-name-input")).clear();
        browser.findElement(By.id("passkey-name-input")).sendKeys(name);
        session.click(By.id("passkey-add-submit"));
    }

    private void rename(int index, String name) {
        session.click(By.id("rename-passkey-" + index));
        session.visible(By.id("passkey-rename-input-" + index)).clear();
        browser.findElement(By.id("passkey-rename-input-" + index)).sendKeys(name);
        session.click(By.id("passkey-rename-save-" + index));
        wait.until(ExpectedConditions.textToBe(By.id("passkey-name-" + index), name));
    }

    private void assertAPasskeyButAPasswordSignInAsksForNothingElse() {
        String policy = session.text(By.id("policy-two-step"));
        assertEquals("Two-step verification: off. You can sign in with a passkey, which cannot be phished, but signing in "
                + "with your password asks for nothing else: add an authenticator app.", policy);
    }

    @Test
    void a_passkey_on_this_device_and_a_security_key_are_added_listed_renamed_and_one_removed() {
        DemoSignIn.atCognito(session, GRACE);
        openSecurityInfo();
        assertEquals("You have no passkeys or security keys yet.", session.text(By.id("passkeys-none")));
        assertFalse(session.text(By.id("security-status")).contains("null"), "an absent line is left out, not shown as null");
        assertFalse(session.text(By.id("method-email")).contains("null"), session.text(By.id("method-email")));
        assertTrue(session.text(By.id("policy-two-step")).startsWith("Two-step verification: off"));

        add("add-passkey", "Grace's laptop");
        wait.until(ExpectedConditions.textToBe(By.id("passkey-name-0"), "Grace's laptop"));
        add("add-security-key", "Key on my keyring");
        wait.until(ExpectedConditions.textToBe(By.id("passkey-name-1"), "Key on my keyring"));

        assertEquals(1, device.getCredentials().size(), "the passkey lives on the platform authenticator");
        assertEquals(1, securityKey.getCredentials().size(), "the security key holds its own");
        assertEquals("Passkey on a device", session.text(By.id("passkey-kind-0")));
        assertEquals("Security key", session.text(By.id("passkey-kind-1")));
        assertTrue(session.text(By.id("passkey-without-password-0")).startsWith("Yes"), session.text(By.id("passkey-without-password-0")));
        assertTrue(session.text(By.id("passkey-without-password-1")).startsWith("Yes"), "its PIN verifies the person");
        assertAPasskeyButAPasswordSignInAsksForNothingElse();

        rename(1, "Grace's security key");

        session.click(By.id("remove-passkey-0"));
        session.visible(By.id("confirm-remove-passkey"));
        assertEquals("Remove Grace's laptop?", session.text(By.cssSelector("#passkey-remove-confirm h4")));
        session.click(By.id("confirm-remove-passkey"));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#passkey-list > li"), 1));
        assertEquals("Grace's security key", session.text(By.id("passkey-name-0")));
        assertEquals("Security key", session.text(By.id("passkey-kind-0")));

        // Away and back: the list is the API's, read afresh.
        session.click(By.cssSelector("#nav-links a[data-route='/']"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("passkeys-heading")));
        openSecurityInfo();
        wait.until(ExpectedConditions.textToBe(By.id("passkey-name-0"), "Grace's security key"));
        assertEquals(List.of("passkey-0"), session.ids("#passkey-list > li"));
        session.assertNoConsoleErrors();
    }

    /**
     * A passkey's new name is the person's until they say otherwise: Escape asks before throwing it
     * away, and a real step-up (the functions' clock eleven minutes on) in the middle of a rename or a
     * removal puts the change back afterwards — the name as typed, the question asked once more — and
     * does nothing before the answer.
     */
    @Test
    void a_passkey_rename_asks_before_discarding_and_a_step_up_puts_the_rename_or_removal_back() {
        DemoSignIn.atCognito(session, GRACE);
        openSecurityInfo();
        add("add-passkey", "Grace's laptop");
        wait.until(ExpectedConditions.textToBe(By.id("passkey-name-0"), "Grace's laptop"));

        session.click(By.id("rename-passkey-0"));
        WebElement input = session.visible(By.id("passkey-rename-input-0"));
        input.clear();
        input.sendKeys("Laptop at home");
        input.sendKeys(Keys.ESCAPE);
        assertEquals(browser.findElement(By.id("discard-heading")), browser.switchTo().activeElement(), "asked before discarding");
        session.click(By.id("keep-editing"));
        assertEquals("Laptop at home", browser.findElement(By.id("passkey-rename-input-0")).getAttribute("value"));

        clock.advance(Duration.ofMinutes(11));
        session.click(By.id("passkey-rename-save-0"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("error-message"), "For your security, sign in again to continue."));
        clock.advance(Duration.ofMinutes(-11));
        session.click(By.id("step-up-sign-in"));
        DemoSignIn.fillSignInForm(session, GRACE);
        WebElement again = wait.ignoring(StaleElementReferenceException.class)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("passkey-rename-input-0")));
        assertEquals("Laptop at home", again.getAttribute("value"), "the name as typed");
        assertEquals(again, browser.switchTo().activeElement());
        assertEquals("You signed in again. Check and confirm to carry on.", session.text(By.id("status-message")));
        assertEquals("Grace's laptop", session.text(By.id("passkey-name-0")), "nothing saved before the answer");
        session.click(By.id("passkey-rename-save-0"));
        wait.until(ExpectedConditions.textToBe(By.id("passkey-name-0"), "Laptop at home"));

        clock.advance(Duration.ofMinutes(11));
        session.click(By.id("remove-passkey-0"));
        session.click(By.id("confirm-remove-passkey"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("error-message"), "For your security, sign in again to continue."));
        clock.advance(Duration.ofMinutes(-11));
        session.click(By.id("step-up-sign-in"));
        DemoSignIn.fillSignInForm(session, GRACE);
        WebElement question = wait.ignoring(StaleElementReferenceException.class)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("passkey-remove-heading-0")));
        assertEquals("Remove Laptop at home?", question.getText());
        assertEquals(question, browser.switchTo().activeElement());
        assertEquals(1, browser.findElements(By.cssSelector("#passkey-list > li")).size(), "not removed before the answer");
        session.click(By.id("confirm-remove-passkey"));
        session.visible(By.id("passkeys-none"));
        session.assertNoConsoleErrors("401");
    }

    /**
     * PasskeyRegistration = managed-login: the relying party is the sign-in's own host, which a page
     * on the portal's origin cannot use, so the page sends the person to the sign-in's
     * {@code /passkeys/add} (the local one, in managed login's shape), where the ceremony runs, and
     * back; the page then says which passkey was added there, or that none was.
     */
    @Test
    void with_the_relying_party_at_managed_login_a_passkey_is_added_on_its_page_and_the_portal_says_so_on_return() throws Exception {
        // Leave the first portal's page before it stops (its late requests would be console errors).
        browser.get("about:blank");
        portal.close();
        portal = LocalPortal.start(0, Optional.of(Moto.shared().endpoint()), LocalPortal.SignIn.COGNITO,
                Map.of("PasskeyRegistration", "managed-login"), Map.of(), exchanges, clock);
        browser.get(portal.url());
        session.forgetConsoleMessages();
        // One authenticator: given no kind, Chromium's virtual ones would each make a credential.
        browser.removeVirtualAuthenticator(securityKey);
        securityKey = null;
        DemoSignIn.atCognito(session, GRACE);
        openSecurityInfo();

        String href = browser.findElement(By.id("add-passkey")).getAttribute("href");
        assertTrue(href.startsWith(portal.identity().issuer() + "/passkeys/add?client_id="), href);
        assertTrue(href.endsWith("&redirect_uri=" + URLEncoder.encode(portal.url(), StandardCharsets.UTF_8)), href);
        assertTrue(browser.findElements(By.id("add-security-key")).isEmpty(), "the sign-in page asks which kind itself");

        session.click(By.id("add-passkey"));
        session.visible(By.id("passkey-back"));
        assertTrue(browser.getCurrentUrl().startsWith(portal.identity().issuer() + "/passkeys/add?"), browser.getCurrentUrl());
        session.click(By.id("passkey-add"));

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("inline-status"), "is added at the sign-in page"));
        assertTrue(browser.getCurrentUrl().endsWith("#/security-info"), "back on the page that sent the person: " + browser.getCurrentUrl());
        assertEquals(1, browser.findElements(By.cssSelector("#passkey-list > li")).size());
        String name = session.text(By.id("passkey-name-0"));
        assertEquals(name + " is added at the sign-in page. You can sign in with it.", session.text(By.id("inline-status")));
        assertEquals(browser.findElement(By.id("passkey-name-0")), browser.switchTo().activeElement(), "focus on the new passkey");
        assertEquals(1, device.getCredentials().size(), "the device holds it");
        assertEquals("login.localhost", device.getCredentials().get(0).getRpId());
        assertAPasskeyButAPasswordSignInAsksForNothingElse();

        // Renamed in the portal like any other.
        rename(0, "Added at sign-in");

        // There and back without adding one: the page says so, and nothing changed.
        session.click(By.id("add-passkey"));
        session.click(By.id("passkey-back"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("inline-status"), "No passkey was added at the sign-in page."));
        assertEquals(List.of("passkey-0"), session.ids("#passkey-list > li"));
        assertEquals("Added at sign-in", session.text(By.id("passkey-name-0")));
        session.assertNoConsoleErrors();
    }

    @Test
    void axe_core_finds_no_violation_with_a_passkey_listed_and_the_add_form_open() {
        DemoSignIn.atCognito(session, GRACE);
        openSecurityInfo();
        add("add-passkey", "Grace's laptop");
        wait.until(ExpectedConditions.textToBe(By.id("passkey-name-0"), "Grace's laptop"));
        session.click(By.id("add-security-key"));
        session.visible(By.id("passkey-name-input"));

        Results results = new AxeBuilder().analyze(browser);

        List<String> violations = results.getViolations().stream().map(Rule::getId).toList();
        assertTrue(violations.isEmpty(), () -> "axe-core: " + violations + " " + results.getViolations().stream()
                .map(v -> v.getId() + ": " + v.getNodes().stream().map(n -> String.valueOf(n.getTarget())).toList()).toList());
    }
}
