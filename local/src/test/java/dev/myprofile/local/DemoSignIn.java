package dev.myprofile.local;

import dev.myprofile.testkit.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.Map;

/** Signing in as a demo user, at the local runtime's sign-in (Cognito's shape) or at the development provider. */
final class DemoSignIn {
    private DemoSignIn() {}

    /**
     * At the local managed-login-shaped sign-in, with the demo user's password (and authenticator code,
     * when asked), as a new visitor: a session still standing from an earlier sign-in would sign the page
     * in at once (as managed login's does), so its cookie is forgotten and the page loaded afresh first.
     */
    static void atCognito(Browser browser, LocalUserPool.DemoUser user) {
        // First the page settles (any silent round trip to the sign-in is over and a view is shown), so
        // the reload below cannot land on a sign-in's answer still on its way back.
        browser.waitFor().ignoring(StaleElementReferenceException.class).until(driver -> Boolean.TRUE.equals(
                browser.driver().executeScript("return location.search === '' && document.querySelector('#view h1') !== null;")));
        browser.forgetAllCookies();
        browser.driver().navigate().refresh();
        browser.waitFor().ignoring(StaleElementReferenceException.class)
                .until(ExpectedConditions.elementToBeClickable(By.id("sign-in")));
        browser.click(By.id("sign-in"));
        fillSignInForm(browser, user);
        new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).withMessage(() -> "signed in as " + user.email() + " at " + browser.driver().getCurrentUrl()
                        + ", the page says: " + browser.driver().findElement(By.tagName("body")).getText())
                // Sign out is shown at every width (on a phone the sections fold behind a Menu button).
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-out")));
    }

    /** Fills the local sign-in's form (already shown) and, for a user with an authenticator app, its code. */
    static void fillSignInForm(Browser browser, LocalUserPool.DemoUser user) {
        browser.visible(By.id("username")).clear();
        browser.driver().findElement(By.id("username")).sendKeys(user.email());
        browser.driver().findElement(By.id("password")).sendKeys(user.password());
        browser.click(By.id("sign-in-submit"));
        if (user.authenticatorApp()) {
            String code = browser.visible(By.id("demo-code")).getText();
            browser.driver().findElement(By.id("code")).sendKeys(code);
            browser.click(By.id("code-submit"));
        }
    }

    /** At the development provider, with extra or overriding token claims (its sign-in page lets them in). */
    static void asDemoUser(Browser browser, Map<String, Object> claims) {
        browser.click(By.id("sign-in"));
        browser.waitFor().until(ExpectedConditions.elementToBeClickable(By.id("demo-user")));
        if (!claims.isEmpty()) {
            browser.driver().executeScript("""
                    const input = document.getElementById('demo-user').form.elements.namedItem('claims');
                    input.value = JSON.stringify(Object.assign(JSON.parse(input.value), arguments[0]));
                    """, claims);
        }
        browser.driver().findElement(By.id("demo-user")).click();
        // Sign out is shown at every width (on a phone the sections fold behind a Menu button).
        browser.waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-out")));
    }
}
