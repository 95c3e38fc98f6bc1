package dev.myprofile.local;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.selenium.AxeBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myprofile.testkit.ApiContract;
import dev.myprofile.testkit.BrowserTests;
import dev.myprofile.testkit.Moto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Why a field is wrong is shown under it in the person's language, by the field error's code, never in
 * the server's English (issue 22): a Swedish person types a wrong code for a new phone and reads, under
 * the code field, in Swedish, that it is not the code we sent and how many tries are left. In a real
 * browser against the local runtime (moto's Cognito behind the local sign-in), at a desktop and a phone
 * width, with axe-core finding no violation on the page with the error; a code the page has no words
 * for reads its general words.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FieldLanguageBrowserTest extends InPortalBrowser {
    private static final LocalUserPool.DemoUser GRACE = CognitoSignIn.DEMO_USERS.get(1);

    /** Every API exchange the runtime makes for this test, checked against openapi.yaml. */
    private final ApiContract.Recorder exchanges = ApiContract.recorder();
    @RegisterExtension
    final BrowserTests<LocalPortal> web = PortalBrowser.cognito(exchanges)
            .eachTest(BrowserTests.Fresh.SIGNED_OUT)
            .afterEach(exchanges::assertKept);

    @Test
    void a_swedish_persons_wrong_code_is_explained_in_swedish_under_the_field_at_both_widths() throws Exception {
        browser.get(portal.url());
        DemoSignIn.atCognito(session, GRACE);
        setPreferredLanguage("sv");
        try {
            for (Dimension size : DevicesBrowserTest.WINDOW_SIZES) {
                browser.manage().window().setSize(size);
                String number = "+4673" + String.format("%07d", System.nanoTime() % 10_000_000);
                browser.executeScript("location.hash = '#/security-info';");
                session.visible(By.id("policy-two-step"));
                session.click(By.id("add-phone"));
                session.visible(By.id("phone-number")).sendKeys(number);
                session.click(By.id("phone-send"));
                session.visible(By.id("phone-code"));
                String code = lastTextTo(number).substring(0, 6);
                browser.findElement(By.id("phone-code")).sendKeys(code.equals("000000") ? "111111" : "000000");
                session.click(By.id("phone-verify"));

                String shown = session.visible(By.id("phone-code-error")).getText();
                assertEquals("Är inte koden vi skickade (4 försök kvar).", shown);
                assertFalse(shown.contains("the code we sent"), () -> "the server's English: " + shown);
                assertEquals("true", browser.findElement(By.id("phone-code")).getAttribute("aria-invalid"));
                assertTrue(browser.findElement(By.id("phone-code")).getAttribute("aria-describedby").startsWith("phone-code-error"),
                        "the error describes the field, read first");
                assertAccessible("a wrong code's error in Swedish at " + size);
                session.screenshot("field-error-in-swedish-" + size.getWidth() + ".png", size.getWidth(), size.getHeight());
                session.assertNoConsoleErrors("400");
                // The page's own module: a code it has no words for reads the general words, never nothing;
                // a code's params fill its words.
                Object words = browser.executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        import(new URL('js/forms.js', document.baseURI).href).then((forms) => done([
                          forms.fieldErrorText({ field: 'code', code: 'a-newer-code', message: 'from a newer server' }),
                          forms.fieldErrorText({ field: 'name', code: 'too-long', params: { max: '64' }, message: 'x' }),
                        ]), (e) => done(String(e)));
                        """);
                assertEquals(List.of("Det här är inte giltigt. Kontrollera det och försök igen.", "Får vara högst 64 tecken."), words);
                session.click(By.id("phone-code-cancel"));
                session.visible(By.id("add-phone"));
            }
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
            // Back to no language of her own, so another test finds Grace as it expects.
            setPreferredLanguage("");
        }
    }

    /** On the Overview, through its edit form ("" is "Not set"). */
    private void setPreferredLanguage(String tag) {
        browser.executeScript("location.hash = '#/';");
        session.click(By.id("edit-profile"));
        new Select(session.visible(By.id("input-preferredLanguage"))).selectByValue(tag);
        session.click(By.id("save-profile"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("edit-profile")));
    }

    /** The last text message moto's SNS recorded for {@code number}. */
    private static String lastTextTo(String number) throws Exception {
        String state = HttpClient.newHttpClient().send(HttpRequest.newBuilder(Moto.shared().endpoint().resolve("/moto-api/data.json")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String last = null;
        for (var sms : new ObjectMapper().readTree(state).path("sns").path("SMS")) {
            if (sms.path("phone_number").asText().equals(number)) {
                last = sms.path("message").asText();
            }
        }
        assertTrue(last != null, "no text message to " + number);
        return last;
    }

    private void assertAccessible(String what) {
        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(browser);
        assertTrue(results.getViolations().isEmpty(), () -> what + ": " + results.getViolations().stream()
                .map(rule -> rule.getId() + " " + rule.getNodes().stream().map(node -> String.valueOf(node.getTarget())).toList())
                .toList());
    }
}
