package dev.myprofile.local;

import dev.myprofile.testkit.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.util.Map;

/** Signing in at the local runtime's development sign-in page, as the demo user. */
final class DemoSignIn {
    private DemoSignIn() {}

    /** Signs in as the demo user, with extra or overriding token claims (the sign-in page lets them in). */
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
        browser.waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("site-nav")));
    }
}
